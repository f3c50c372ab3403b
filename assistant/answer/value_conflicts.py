"""Conflicting values: two articles giving different numbers or dates for one fact.

Applies to questions asking for a count, an amount, a duration or a date ("How
many wind turbines ...?", "Wann kenterte das Schiff?", `answer_types`). For the
best chosen passage A, a passage B of another article is about the same fact when
its similarity to the question is within a margin of A's, both state a value of
the asked kind, counts name the same counted word ("200 Windräder", "180
Windrädern"; a common one such as "Menschen" with a rare word beside both
counts) and dates share a rare word beside them ("am 12. März kenterte ein
Versorgungsschiff", "eines Versorgungsschiffs am 14. März"), and the two
passages (with the sentence before each and the article's title) share rare
words besides. The sources disagree when the values differ and neither article
states the other's value anywhere: "200 Windräder" in both, or a turbine count
beside a count of jobs, is no conflict.

The margin is on the dense similarity: the answerer's lexical bonus rewards the
question's own words, which another article's report of the fact need not use
(the test articles' disagreeing passages are 0.11–0.12 apart in the final score
of German questions, 0.02–0.04 in similarity). On XQuAD and the seed question
sets no pair of passages passes the other tests even without a margin.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.answer.answer_types import answer_kind
from assistant.answer.dates import date_covered, dates, dates_differ
from assistant.answer.retrieve import Passage
from assistant.answer.values import Count, counts, same_word
from assistant.ingest.articles import Span
from assistant.ingest.sentences import split_sentences
from assistant.language.frequency import zipf_frequency

_FAMILIES = {
    "number": "count",
    "money": "count",
    "duration": "count",
    "time": "date",
    "year": "date",
    "month": "date",
    "weekday": "date",
}
_MARGIN = 0.05  # B's similarity to the question is at most this far below A's
_SHARED_WORDS = 2  # rare words both passages' contexts hold, besides the counted word
_COMMON_ZIPF = 5.0  # more frequent words ("wurde", "Jahr", "the") say nothing of the topic
_WORD = re.compile(r"[^\W\d_]{4,}")


def value_conflict(
    question: str,
    chosen: list[Passage],
    retrieved: list[Passage],
    corpus_by_source: dict[str, str],
) -> list[Passage] | None:
    """The best chosen passage and another article's passage giving a different value, or None."""
    family = _FAMILIES.get(answer_kind(question) or "")
    if family is None or not chosen:
        return None
    a = chosen[0]  # the best answer: a second chosen sentence may state another fact
    asked = _WORD.findall(question)
    for b in sorted(retrieved, key=lambda p: p.score, reverse=True):
        if b.score < a.score - _MARGIN:
            break
        if b.source != a.source and _disagree(family, asked, a, b, corpus_by_source):
            return [a, b]
    return None


def _disagree(family: str, asked: list[str], a: Passage, b: Passage, texts: dict[str, str]) -> bool:
    """True when `a` and `b` give different values of `family` for one fact."""
    text_a, text_b = texts[a.source], texts[b.source]
    counted: set[str] = set()  # counted words say what a count is of, not what the text is about
    if family == "date":
        unknown = [
            (x, y)
            for x in dates(a.text)
            for y in dates(b.text)
            if dates_differ(x.date, y.date)
            and _any_same(_rare(x.beside), _rare(y.beside))
            and not date_covered(x.date, dates(text_b))
            and not date_covered(y.date, dates(text_a))
        ]
    else:
        unknown = [
            (x, y)
            for x in _asked_counts(a.text, asked)
            for y in counts(b.text)
            if x.value != y.value
            and _same_thing(x, y)
            and not _stated(x, text_b)
            and not _stated(y, text_a)
        ]
        counted = {u for x, y in unknown for u in x.units + y.units}
    return bool(unknown) and _shared_words(_context(a, text_a), _context(b, text_b), counted)


def _asked_counts(sentence: str, asked: list[str]) -> tuple[Count, ...]:
    """The counts of `sentence`; only those of a word the question names, if there are any.

    "Wie viele Haushalte ...?" is about the count of households, not of turbines.
    """
    found = counts(sentence)
    named = tuple(c for c in found if _any_same(c.units, tuple(asked)))
    return named or found


def _same_thing(x: Count, y: Count) -> bool:
    """True when `x` and `y` count the same thing.

    A rare counted word names it ("Windräder"); a common one ("Menschen",
    "Prozent") needs a rare word beside both counts too ("starben").
    """
    if _any_same(_rare(x.units), _rare(y.units)):
        return True
    return _any_same(x.units, y.units) and _any_same(_rare(x.beside), _rare(y.beside))


def _any_same(x: tuple[str, ...], y: tuple[str, ...]) -> bool:
    return any(same_word(u, v) for u in x for v in y)


def _rare(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(w for w in words if w in _rare_words(w))


def _stated(count: Count, article: str) -> bool:
    """True when `article` states the same number of the same thing anywhere."""
    return any(c.value == count.value and _any_same(c.units, count.units) for c in counts(article))


def _context(p: Passage, text: str) -> str:
    """The passage with the sentence before it and its article's title."""
    spans = split_sentences(text, Span(p.para_start, p.para_end))
    before = [text[s.start : s.end] for s in spans if s.start < p.start][-1:]
    return " ".join([p.title, *before, p.text])


def _shared_words(a: str, b: str, units: set[str]) -> bool:
    """True when `a` and `b` share enough rare words other than the counted `units`."""
    words_b = [w for w in _rare_words(b) if not any(same_word(w, u) for u in units)]
    shared = {w for w in _rare_words(a) if any(same_word(w, v) for v in words_b)}
    return len(shared) >= _SHARED_WORDS


@lru_cache(maxsize=20_000)
def _rare_words(text: str) -> frozenset[str]:
    """Words of `text` rare enough in German and English to tell its topic."""
    return frozenset(
        w
        for w in _WORD.findall(text)
        if max(zipf_frequency(w.lower(), "de"), zipf_frequency(w.lower(), "en")) < _COMMON_ZIPF
    )
