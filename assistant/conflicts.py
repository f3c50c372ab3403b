"""Conflicting sources: two articles giving different values for one fact.

Applies to questions that ask for one value: "Who is the president of ...?",
"How many ...?", "When ...?". For each article, its best passage close to the
overall best is taken; if two articles' passages name different people (or give
different numbers) and neither article mentions the other's value anywhere, the
sources disagree: the answer quotes both and says so.
"""

from __future__ import annotations

import re

from assistant.entities import alias_groups, question_names
from assistant.retrieve import Passage

_SINGLE_PERSON = re.compile(
    r"^\s*(?:who\s+(?:is|was|'s)\s+(?:the|\w+'s)|who's\s+the|wer\s+(?:ist|war)\s+(?:der|die|\w+s\s))",
    re.IGNORECASE,
)
_NAME = re.compile(r"\b[A-ZÄÖÜ][a-zäöüß]+(?:\s+[A-ZÄÖÜ][a-zäöüß]+){1,3}\b")
_MARGIN = 0.05


def _place_words() -> set[str]:
    return {word.lower() for group in alias_groups() for name in group for word in name.split()}


def people(sentence: str, exclude: set[str]) -> set[str]:
    """Multi-word capitalised names in `sentence` that are not places or excluded."""
    places = _place_words()
    found = set()
    for match in _NAME.finditer(sentence):
        words = [w for w in match.group().split() if w.lower() not in places]
        if len(words) >= 2 and not any(w in exclude for w in words):
            found.add(" ".join(words))
    return found


def find_conflict(
    question: str, chosen: list[Passage], retrieved: list[Passage], corpus_by_source: dict[str, str]
) -> tuple[list[Passage], bool]:
    """`chosen`, or the disagreeing passages of two articles and True."""
    if not _SINGLE_PERSON.search(question) or not retrieved:
        return chosen, False
    top = max(p.score for p in retrieved)
    exclude = set(question_names(question))
    best_by_source: dict[str, tuple[Passage, set[str]]] = {}
    for p in sorted(retrieved, key=lambda p: p.score, reverse=True):
        if p.score < top - _MARGIN or p.source in best_by_source:
            continue
        names = people(p.text, exclude)
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
                return [passage_a, passage_b], True
    return chosen, False
