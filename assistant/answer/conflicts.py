"""Conflicting sources: two articles giving different values for one fact.

Questions asking for a number, an amount, a duration or a date are checked by
`value_conflicts`. Questions asking who holds an office of a place ("Who is the
president of Vietnam?", "Wer ist das Staatsoberhaupt Vietnams?"; offices and
their names: `roles.py`) are checked here: for each article, its best passage
that names the office and a person, close to the best such passage overall, is
taken; if two articles' passages name different people and neither article
mentions the other's person anywhere, the sources disagree. Either way the
answer quotes both passages and says so.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.answer.names import places_named, question_names
from assistant.answer.retrieve import Passage
from assistant.answer.roles import asked_offices, names_offices, office_words
from assistant.answer.value_conflicts import value_conflict
from assistant.language.data import word_list
from assistant.language.entities import alias_groups, name_in_text

_NAME = re.compile(r"\b[A-ZÄÖÜ][a-zäöüß]+(?:\s+(?:[A-Z]\.\s+)?[A-ZÄÖÜ][a-zäöüß]+){1,3}\b")
_MARGIN = 0.05
_QUALIFIER_CHARS = 40  # "vietnamesischen Amtskollegen " before "To Lam"


@lru_cache(maxsize=1)
def _not_name_words() -> frozenset[str]:
    """Words of place names and roles: part of a capitalised run, never of a person's name."""
    places = {word.lower() for group in alias_groups() for name in group for word in name.split()}
    return frozenset(places | word_list("roles") | office_words())


def people(sentence: str, exclude: set[str]) -> set[str]:
    """Multi-word capitalised names in `sentence`: not places, roles or excluded words."""
    skip = _not_name_words()
    found = set()
    for match in _NAME.finditer(sentence):
        words = match.group().split()
        if match.start() == 0 or sentence[: match.start()].rstrip()[-1:] in '.!?„“"':
            words = words[1:]  # a capital at the start of a sentence says nothing
        words = [w for w in words if not {w.lower(), w.lower().removesuffix("s")} & skip]
        if len(words) >= 2 and not any(w in exclude for w in words):
            found.add(" ".join(words))
    return found


def _of_place(sentence: str, person: str, places: list[str]) -> bool:
    """True when a place the question asks about stands just before the person's name.

    "dem vietnamesischen Präsidenten Vo Van Thuong" holds Vietnam's office; "der
    chinesische Präsident Xi Jinping" does not, even in a sentence about Hanoi.
    """
    start = sentence.find(person)
    before = sentence[max(0, start - _QUALIFIER_CHARS) : start]
    return any(name_in_text(place, before) for place in places)


def find_conflict(
    question: str,
    chosen: list[Passage],
    retrieved: list[Passage],
    corpus_by_source: dict[str, str],
    scores: dict[tuple[str, int], float] | None = None,
) -> tuple[list[Passage], bool]:
    """`chosen`, or the disagreeing passages of two articles and True.

    `scores` are the answerer's final sentence scores (dense + lexical), which
    rank the passages naming an office holder; without them the dense similarity
    does. Values are compared between passages of similar dense similarity
    (`value_conflicts`).
    """
    final = scores or {p.key: p.score for p in retrieved}
    pair = _office_conflict(question, retrieved, corpus_by_source, final) or value_conflict(
        question, chosen, retrieved, corpus_by_source
    )
    return (pair, True) if pair else (chosen, False)


def _office_conflict(
    question: str,
    retrieved: list[Passage],
    corpus_by_source: dict[str, str],
    final: dict[tuple[str, int], float],
) -> list[Passage] | None:
    """Two articles' passages naming different holders of the asked office of a place."""
    offices = asked_offices(question)
    places = places_named(question) if offices else []
    if not places:  # "Who is the president?" may mean several people
        return None
    exclude = set(question_names(question))
    best_by_source: dict[str, tuple[Passage, set[str]]] = {}
    top = None  # the score of the best passage naming the office
    for p in sorted(retrieved, key=lambda p: final[p.key], reverse=True):
        if top is not None and final[p.key] < top - _MARGIN:
            break
        if p.source in best_by_source or not names_offices(p.text, offices):
            continue
        top = final[p.key] if top is None else top
        names = {n for n in people(p.text, exclude) if _of_place(p.text, n, places)}
        if names:
            best_by_source[p.source] = (p, names)
    items = list(best_by_source.items())
    for i, (source_a, (passage_a, names_a)) in enumerate(items):
        for source_b, (passage_b, names_b) in items[i + 1 :]:
            if names_a & names_b:
                continue
            a_knows_b = any(n in corpus_by_source[source_a] for n in names_b)
            b_knows_a = any(n in corpus_by_source[source_b] for n in names_a)
            if not a_knows_b and not b_knows_a:
                return [passage_a, passage_b]
    return None
