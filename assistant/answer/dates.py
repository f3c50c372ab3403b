"""Dates a sentence states: "am 12. März 2024", "March 12", "12.3.2024", "2029".

Each date is (year, month, day) with None for what the text leaves out, and
comes with the words beside it, which say what it dates ("am 12. März kenterte
ein Versorgungsschiff"). Month names and abbreviations in German and English, and
the days of the week (`weekdays`), come from the Unicode CLDR data in `babel`
(pinned in `pyproject.toml`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from babel.dates import get_day_names, get_month_names

Date = tuple[int | None, int | None, int | None]  # year, month, day

_WORDS = re.compile(r"[^\W\d_]{4,}")
_AROUND = 2  # words on each side of a value that say what it is of


@dataclass(frozen=True)
class Dated:
    """A date and the words beside it ("am 12. März kenterte ein Versorgungsschiff")."""

    date: Date
    beside: tuple[str, ...]


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
def date_spans(sentence: str) -> tuple[tuple[int, int, Date], ...]:
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
        Dated(
            date,
            (*_WORDS.findall(sentence[:a])[-_AROUND:], *_WORDS.findall(sentence[b:])[:_AROUND]),
        )
        for a, b, date in date_spans(sentence)
    )


def dates_differ(a: Date, b: Date) -> bool:
    """True when `a` and `b` share a field (year, month or day) and differ in one they share."""
    shared = [(x, y) for x, y in zip(a, b, strict=True) if x is not None and y is not None]
    return bool(shared) and any(x != y for x, y in shared)


def date_covered(date: Date, others: tuple[Dated, ...]) -> bool:
    """True when one of `others` states every field `date` states, with the same values."""
    return any(all(x is None or x == y for x, y in zip(date, o.date, strict=True)) for o in others)


def beside(text: str, start: int, end: int) -> tuple[str, ...]:
    """The words (of four letters or more) right before `start` and right after `end`."""
    return (*_WORDS.findall(text[:start])[-_AROUND:], *_WORDS.findall(text[end:])[:_AROUND])


@lru_cache(maxsize=1)
def _day_names() -> tuple[tuple[int, str], ...]:
    """Each day of the week (0 = Monday) by its German and English name, in lower case."""
    return tuple(
        (day, name.lower())
        for locale in ("de", "en")
        for day, name in get_day_names("wide", locale=locale).items()
    )


def weekdays(text: str) -> frozenset[int]:
    """The days of the week `text` names in German or English (0 = Monday), also as the
    start of a word: "Donnerstagmorgen", "dienstags", "Mondays"."""
    words = _WORDS.findall(text.lower())
    return frozenset(day for day, name in _day_names() if any(w.startswith(name) for w in words))
