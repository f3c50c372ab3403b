"""Values a sentence states: counts with the word they count, and dates.

"Der Windpark soll 200 Windräder umfassen" states the count 200 of "Windräder";
"am 12. März" the date (None, 3, 12). Numbers written as words ("sieben
Seeleute", "zwei Millionen") become digits through `text2num`, digits are read
in German and English formats ("1.500", "1,500", "4,5"), month names in both
languages come from the CLDR data in `babel`, and two counted words are the same
word when their lemmas (`simplemma`) are. All three are pinned in
`pyproject.toml` (text2num 3.1.0, babel 2.18.0 with Unicode CLDR, simplemma
2.0.0 with the lemma tables its wheel ships); nothing is downloaded at run time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import simplemma
from babel.dates import get_month_names
from text_to_num import alpha2digit

from assistant.language import detect_language

Date = tuple[int | None, int | None, int | None]  # year, month, day

_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])(?!\.(?:\s|$))(?!,\d)")
_AFTER = re.compile(r"\s*([%€$£]|[^\W\d_][\w-]*)")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_UNIT_WINDOW = 3  # "200 neue Windräder": the noun may follow an adjective or two
_WORDS = re.compile(r"[^\W\d_]{4,}")
_AROUND = 2  # words on each side of a value that say what it is of
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
    for start, end, _ in _dated(text):
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
            after = [w for w in _WORDS.findall(rest)[: _AROUND + len(units)] if w not in units]
            found.append(Count(value, units, (*_beside(text, match.start()), *after[:_AROUND])))
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
        return tuple(words[:1])
    capitalised = [w for w in words if w[0].isupper()]
    return tuple(capitalised[:1] or words[:2])


@dataclass(frozen=True)
class Dated:
    """A date and the words beside it ("am 12. März kenterte ein Versorgungsschiff")."""

    date: Date
    beside: tuple[str, ...]


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


@lru_cache(maxsize=1)
def _month_numbers() -> dict[str, int]:
    """Month names and abbreviations in German and English (CLDR via `babel`) → 1..12."""
    names: dict[str, int] = {}
    for locale in ("de", "en"):
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=locale).items():
                names[name.rstrip(".")] = number
    return names


@lru_cache(maxsize=1)
def _date_forms() -> tuple[re.Pattern[str], ...]:
    """Date forms, most specific first: "12. März 2024", "March 12, 2024", "12.3.", "2024"."""
    month = "(?P<month>{})\\.?".format(
        "|".join(sorted(map(re.escape, _month_numbers()), key=len, reverse=True))
    )
    day, year = r"(?P<day>[0-3]?\d)", r"(?P<year>(?:1[89]|20)\d\d)"
    forms = (
        rf"{day}\.\s*{month}(?:\s+{year})?",
        rf"{month}\s+{day}(?:st|nd|rd|th)?,?(?:\s+{year})?",
        rf"{day}(?:st|nd|rd|th)?\s+{month}(?:\s+{year})?",
        rf"{day}\.(?P<number>[01]?\d)\.{year}?",
        rf"{month}\s+{year}",
        year,
    )
    return tuple(re.compile(rf"(?<![\w.]){form}(?!\w)") for form in forms)


@lru_cache(maxsize=50_000)
def _dated(sentence: str) -> tuple[tuple[int, int, Date], ...]:
    """Where `sentence` states dates, and each as (year, month, day), None for what it omits."""
    found: list[tuple[int, int, Date]] = []
    for form in _date_forms():
        for m in form.finditer(sentence):
            if any(a <= m.start() < b or a < m.end() <= b for a, b, _ in found):
                continue
            g = m.groupdict()
            month = _month_numbers()[g["month"]] if g.get("month") else g.get("number")
            year, day = g.get("year"), g.get("day")
            date = (
                int(year) if year else None,
                int(month) if month else None,
                int(day) if day else None,
            )
            found.append((m.start(), m.end(), date))
    return tuple(sorted(found))


def dates(sentence: str) -> tuple[Dated, ...]:
    """The dates `sentence` states, with the words beside each."""
    return tuple(
        Dated(date, (*_beside(sentence, a), *_WORDS.findall(sentence[b:])[:_AROUND]))
        for a, b, date in _dated(sentence)
    )


def _beside(text: str, start: int) -> list[str]:
    """The words (of four letters or more) right before `start`."""
    return _WORDS.findall(text[:start])[-_AROUND:]


def dates_differ(a: Date, b: Date) -> bool:
    """True when `a` and `b` share a field (year, month or day) and differ in one they share."""
    shared = [(x, y) for x, y in zip(a, b, strict=True) if x is not None and y is not None]
    return bool(shared) and any(x != y for x, y in shared)


def date_covered(date: Date, others: tuple[Dated, ...]) -> bool:
    """True when one of `others` states every field `date` states, with the same values."""
    return any(all(x is None or x == y for x, y in zip(date, o.date, strict=True)) for o in others)
