"""Conflicting sources: two articles giving different values for one fact.

Applies to questions that ask who holds a role: "Who is the president of ...?",
"Wer ist der Botschafter ...?". For each article, its best passage close to the
overall best that mentions the role and a person is taken; if two articles'
passages name different people and neither article mentions the other's person
anywhere, the sources disagree: the answer quotes both and says so.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.data import word_list
from assistant.entities import alias_groups, question_names
from assistant.lexical import content_words, word_in
from assistant.retrieve import Passage

_SINGLE_PERSON = re.compile(
    r"^\s*(?:who\s+(?:is|was|'s)\s+(?:the|\w+'s)|who's\s+the|wer\s+(?:ist|war)\s+(?:der|die|\w+s\s))",
    re.IGNORECASE,
)
_NAME = re.compile(r"\b[A-ZÄÖÜ][a-zäöüß]+(?:\s+(?:[A-Z]\.\s+)?[A-ZÄÖÜ][a-zäöüß]+){1,3}\b")
_MARGIN = 0.05


@lru_cache(maxsize=1)
def _not_name_words() -> frozenset[str]:
    """Words of place names and roles: part of a capitalised run, never of a person's name."""
    places = {word.lower() for group in alias_groups() for name in group for word in name.split()}
    return frozenset(places | word_list("roles"))


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


def find_conflict(
    question: str,
    chosen: list[Passage],
    retrieved: list[Passage],
    corpus_by_source: dict[str, str],
    scores: dict[tuple[str, int], float] | None = None,
) -> tuple[list[Passage], bool]:
    """`chosen`, or the disagreeing passages of two articles and True.

    `scores` are the answerer's final sentence scores (dense + lexical); without
    them the dense similarity ranks the candidates.
    """
    roles = [w for w in content_words(question) if w.lower() in word_list("roles")]
    if not _SINGLE_PERSON.search(question) or not roles or not retrieved:
        return chosen, False
    final = scores or {p.key: p.score for p in retrieved}
    top = max(final[p.key] for p in retrieved)
    exclude = set(question_names(question))
    best_by_source: dict[str, tuple[Passage, set[str]]] = {}
    for p in sorted(retrieved, key=lambda p: final[p.key], reverse=True):
        if final[p.key] < top - _MARGIN or p.source in best_by_source:
            continue
        names = people(p.text, exclude)
        if names and all(word_in(role, p.text) for role in roles):
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
