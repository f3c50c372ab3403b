"""Counts a sentence states, with the word they count, and when two words are one.

"Der Windpark soll 200 Windräder umfassen" states the count 200 of "Windräder".
Numbers written as words ("sieben Seeleute", "zwei Millionen") become digits
through `text2num`, digits are read in German and English formats ("1.500",
"1,500", "4,5"), and two counted words are the same word when their lemmas
(`simplemma`) are. Both are pinned in `pyproject.toml` (text2num 3.1.0,
simplemma 2.0.0 with the lemma tables its wheel ships); nothing is downloaded
at run time. Dates: `dates.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import simplemma
from babel.numbers import get_currency_name
from babel.units import get_unit_name
from text_to_num import alpha2digit

from assistant.answer.dates import beside, date_spans
from assistant.language.language import detect_language

_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])(?!\.(?:\s|$))(?!,\d)")
_AFTER = re.compile(r"\s*([%€$£]|[^\W\d_][\w-]*)")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_UNIT_WINDOW = 3  # "200 neue Windräder": the noun may follow an adjective or two
_SAME_START = 4
_LANGS = ("de", "en")
_UMLAUTS = str.maketrans("äöü", "aou")
_SMALL_NUMBERS = 2  # text2num leaves "ein"/"one" as words: "einer der Arbeiter" counts nothing


@dataclass(frozen=True)
class Count:
    """A number and the words that may name what it counts.

    German nouns are capitalised, so "200 neue Windräder" counts ("Windräder",);
    without a capitalised word ("1,500 new turbines") the next two words are kept.
    `beside` are the other words next to the count ("Windpark", "soll", "umfassen").
    """

    value: float
    units: tuple[str, ...]
    beside: tuple[str, ...]


@lru_cache(maxsize=50_000)
def counts(sentence: str) -> tuple[Count, ...]:
    """The counts `sentence` states: numbers (not years, not parts of dates) and their words."""
    text = alpha2digit(sentence, detect_language(sentence), threshold=_SMALL_NUMBERS)
    for start, end, _ in date_spans(text):
        text = text[:start] + " " * (end - start) + text[end:]
    found: list[Count] = []
    scaled_to = 0
    for match in _NUMBER.finditer(text):
        value = _number(match.group())
        if value is None or _YEAR.fullmatch(match.group()) or match.start() < scaled_to:
            continue
        rest = text[match.end() :]
        scale = re.match(r"\s+(1000+)(?![\w.,])", rest)
        if scale:  # "4,5 1000000000 Euro" is what text2num makes of "4,5 Milliarden Euro"
            value, rest = value * float(scale.group(1)), rest[scale.end() :]
            scaled_to = match.end() + scale.end()
        units = _units(rest)
        if units:
            near = beside(text, match.start(), match.end())
            found.append(Count(value, units, tuple(w for w in near if w not in units)))
    return tuple(found)


def _number(token: str) -> float | None:
    """`token` as a number: "1.500" and "1,500" are 1500, "4,5" and "4.5" are 4.5."""
    parts = re.split(r"[.,]", token)
    if len(parts) == 1:
        return float(token)
    if all(len(p) == 3 for p in parts[1:]):  # thousands groups
        return float("".join(parts))
    if len(parts) == 2:
        return float(f"{parts[0]}.{parts[1]}")
    return None


def _units(rest: str) -> tuple[str, ...]:
    """The words a number counts: a symbol, the first capitalised word, or the next two words."""
    words: list[str] = []
    for _ in range(_UNIT_WINDOW):
        match = _AFTER.match(rest)
        if not match:
            break
        words.append(match.group(1))
        rest = rest[match.end() :]
    if not words or not words[0][0].isalpha():
        return tuple(words[:1]) + _symbol_names(words[0] if words else "")
    capitalised = [w for w in words if w[0].isupper()]
    return tuple(capitalised[:1] or words[:2])


_CURRENCIES = {"€": "EUR", "$": "USD", "£": "GBP"}


@lru_cache(maxsize=8)
def _symbol_names(symbol: str) -> tuple[str, ...]:
    """The German and English names of a unit or currency symbol ("%": "Prozent",
    "percent"), from CLDR through `babel`, so "91%" counts what "91 Prozent" does."""
    names: set[str] = set()
    for lang in _LANGS:
        if symbol == "%":
            names.add(get_unit_name("concentr-percent", locale=lang) or "")
        elif symbol in _CURRENCIES:
            names.add(get_currency_name(_CURRENCIES[symbol], locale=lang).split()[-1])
    return tuple(sorted(names - {""}))


@lru_cache(maxsize=10_000)
def same_word(a: str, b: str) -> bool:
    """True when `a` and `b` are forms of one word ("Windrad", "Windrädern"; "turbines").

    Only words that begin alike are looked up: the lemma tables take seconds to load.
    """
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    if _fold(a)[:_SAME_START] != _fold(b)[:_SAME_START]:
        return False
    return _lemma(a) == _lemma(b)


def warm_up() -> None:
    """Load the German and English lemma tables (~5 s, ~100 MB) before the first question."""
    for lang in _LANGS:
        simplemma.lemmatize("warm", lang=lang)


def _lemma(word: str) -> str:
    return simplemma.lemmatize(word, lang=_LANGS).lower()


def _fold(word: str) -> str:
    return word.translate(_UMLAUTS)
