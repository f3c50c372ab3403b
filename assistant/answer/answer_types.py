"""What kind of answer a question wants, and whether a sentence can supply it.

A question asking "how many" is only answered by a sentence with a number, "when"
by one with a date or time, "how long" by a duration, "what is it worth" by an
amount of money, "what is the name of" by a name, "what did she say" by a
quotation or a verb of saying. These checks let the extractive
answerer refuse when the closest sentence is on topic but lacks the fact asked for.
"""

from __future__ import annotations

import re

_NUMBER_WORDS = (
    r"zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zwanzig|dreißig|"
    r"hundert|tausend|dutzend|million\w*|milliard\w*|two|three|four|five|six|seven|eight|"
    r"nine|ten|eleven|twelve|twenty|thirty|hundred|thousand|dozen|billion"
)
# A count: digits that are not a year or decade ("2017", "1980er", "1980s" say when,
# not how many).
_NUMBER = re.compile(
    rf"(?<![\d.])(?!(?:1[89]|20)\d\d(?:er|s)?\b)\d|\b(?:{_NUMBER_WORDS})\b", re.IGNORECASE
)
_MONEY = re.compile(
    r"[$€£¥₽]|\b(?:dollar|euro|rubel|rubles?|roubles?|dong|yuan|usd|eur)\w*", re.IGNORECASE
)
_DURATION = re.compile(
    r"\b(?:\d+|ein\w*|zwei|drei|vier|fünf|one|two|three|four|five|several|mehrere)\s+"
    r"(?:stunden?|minuten?|tage?n?|wochen?|monate?n?|jahre?n?|hours?|minutes?|days?|weeks?|"
    r"months?|years?)\b|\bjahrzehnt\w*|\bdecades?",
    re.IGNORECASE,
)
_WEEKDAYS = (
    r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday"
)
_MONTHS = (
    r"januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember|"
    r"january|february|march|may|june|july|october|december"
)
_TIME = re.compile(
    rf"\d{{4}}|\b(?:{_WEEKDAYS}|{_MONTHS}|heute|gestern|morgen|abend|nacht|nachmittag|"
    r"vormittag|today|yesterday|tonight|morning|evening|night|afternoon|jahr\w*|year|seit|"
    r"since)\w*",
    re.IGNORECASE,
)
_MONTH = re.compile(rf"\b(?:{_MONTHS})\b", re.IGNORECASE)
_WEEKDAY = re.compile(
    rf"\b(?:{_WEEKDAYS}|heute|gestern|today|yesterday)\w*|"
    r"\b\d{1,2}\.\s?(?:\d{1,2}\.|[A-ZÄÖÜ][a-zä]+)",
    re.IGNORECASE,
)
_DAYTIME = re.compile(
    r"\b(?:uhr|morgen\w*|\w*abend|\w*nacht|nachmittag\w*|vormittag\w*|mittag\w*|morning|"
    r"evening|night|afternoon|noon|midnight|o'clock)\b|\b\d{1,2}[:.]\d{2}\b",
    re.IGNORECASE,
)
_STATEMENT = re.compile(
    r"[„“”\"«»]|\b(?:sagte|sagten|sagt|erklärte|erklärten|erklärt|betonte|betonten|meinte|"
    r"warnte|kritisierte|äußerte|schrieb|versprach|said|says|stated|told|wrote|announced|"
    r"warned|promised)\b",
    re.IGNORECASE,
)
_PERSON = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-ZÄÖÜ][a-zäöüß]+(?:[- ][A-ZÄÖÜ][a-zäöüß-]+)+")

_KINDS: list[tuple[str, re.Pattern[str]]] = [
    (
        "money",
        re.compile(
            r"\b(?:how much (?:money|is|was|were|did)|worth|value of|valued at|cost|price|"
            r"wie viel geld|im wert|wert von|wert (?:ist|sind|war|waren)|kost\w*|preis|"
            r"volumen)\b",
            re.IGNORECASE,
        ),
    ),
    ("duration", re.compile(r"\b(?:how long|wie lange)\b", re.IGNORECASE)),
    (
        "month",
        re.compile(r"\b(?:which|what|in welchem|welchen) (?:month|monat)\b", re.IGNORECASE),
    ),
    (
        "decade",
        re.compile(r"\b(?:which|what|in welchem|welches) (?:decade|jahrzehnt)\b", re.IGNORECASE),
    ),
    (
        "daytime",
        re.compile(
            r"\b(?:what time|time of day|um wie viel uhr|wie spät|tageszeit|zu welcher zeit)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "weekday",
        re.compile(
            r"\b(?:what day|which day|an welchem tag|welche[nm]? (?:wochen)?tag)\b", re.IGNORECASE
        ),
    ),
    (
        "number",
        re.compile(
            r"\b(?:how many|how much|how old|what number|wie viele[nm]?|wie viel|wie alt|wie hoch|"
            r"number of|anzahl)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "year",
        re.compile(
            r"\b(?:what year|which year|in what year|in welchem jahr|seit welchem jahr|"
            r"welches jahr)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "time",
        re.compile(
            r"\b(?:when|what year|which year|what day|which day|since when|wann|seit wann|"
            r"in welchem jahr|an welchem tag)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "person",
        re.compile(
            r"\b(?:name of|what is the name|what's the name|wie heißt|wie lautet der name)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "statement",
        re.compile(
            r"\b(?:what did\b.{0,60}\b(?:say|tell|state|announce|write)|what (?:has|have)\b.{0,60}"
            r"\bsaid|was (?:sagte|sagten|erklärte|erklärten|betonte|meinte|schrieb)|"
            r"was hat\b.{0,60}\b(?:gesagt|erklärt|geschrieben))\b",
            re.IGNORECASE,
        ),
    ),
]

_CHECKS: dict[str, re.Pattern[str]] = {
    "money": _MONEY,
    "duration": _DURATION,
    "number": _NUMBER,
    "year": re.compile(r"\b\d{4}\b"),
    "month": _MONTH,
    "decade": re.compile(r"\b\d{2,4}(?:er|s|’s|'s)\b|\b\d{4}\b"),
    "daytime": _DAYTIME,
    "weekday": _WEEKDAY,
    "time": _TIME,
    "person": _PERSON,
    "statement": _STATEMENT,
}


def answer_kind(question: str) -> str | None:
    """One of the kinds in `_CHECKS` ("number", "time", "month", "person", ...) or None."""
    for kind, pattern in _KINDS:
        if pattern.search(question):
            return kind
    return None


def supplies(kind: str | None, sentence: str) -> bool:
    """True when `sentence` contains the kind of fact the question asks for."""
    if kind is None:
        return True
    return _CHECKS[kind].search(sentence) is not None
