"""Offices a question asks the holder of, and whether a sentence names them.

"Who is Vietnam's foreign minister?" is only answered by a sentence that names a
foreign minister ("Außenminister ..."); a sentence about the prime minister is
on topic but no answer. The office groups (English and German terms) live in
`data/roles.json`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.language.data import load_json

_ASKS_FOR_SOMEONE = re.compile(
    r"^\s*(?:who|wer)\b|\bname of\b|\bwie hei(?:ß|ss)t\b",
    re.IGNORECASE,
)

_SHORT = 5  # "king" must not match "making"


@lru_cache(maxsize=1)
def _office_pattern() -> tuple[re.Pattern[str], list[int]]:
    """One pattern for every term, longest first, and the group of each alternative."""
    groups = load_json("roles")["groups"]
    terms = sorted(
        ((term.lower(), i) for i, group in enumerate(groups) for term in group),
        key=lambda t: len(t[0]),
        reverse=True,
    )
    alternatives = []
    for term, _ in terms:
        # German compounds end in the office ("US-Präsident"); short words stand alone
        left = r"(?<![a-zäöüß])" if " " in term or len(term) <= _SHORT else ""
        alternatives.append(f"({left}{re.escape(term)}(?:e|en|in|s)?(?![a-zäöüß]))")
    return re.compile("|".join(alternatives)), [group for _, group in terms]


def _offices_in(text: str) -> dict[int, str]:
    """The office groups whose terms occur in `text` (as words or word endings).

    Maps each group to the words `text` names it with.
    """
    pattern, group_of = _office_pattern()
    found: dict[int, str] = {}
    for match in pattern.finditer(text.lower()):
        found.setdefault(group_of[match.lastindex - 1], text[match.start() : match.end()])
    return found


def office_words() -> frozenset[str]:
    """Every word of every office term ("außenminister", "head", "state", ...)."""
    groups = load_json("roles")["groups"]
    return frozenset(word for group in groups for term in group for word in term.lower().split())


def asked_offices(question: str) -> dict[int, str]:
    """The offices a question asks the holder of ("Who is the ... president?")."""
    return _offices_in(question) if _ASKS_FOR_SOMEONE.search(question) else {}


def names_offices(sentence: str, offices: dict[int, str]) -> bool:
    """True when `sentence` names every office in `offices`."""
    return offices.keys() <= _named_in(sentence)


@lru_cache(maxsize=20_000)
def _named_in(sentence: str) -> frozenset[int]:
    """The office groups a corpus sentence names (sentences come back question after question)."""
    return frozenset(_offices_in(sentence))
