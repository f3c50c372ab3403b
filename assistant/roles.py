"""Offices a question asks the holder of, and whether a sentence names them.

"Who is Vietnam's foreign minister?" is only answered by a sentence that names a
foreign minister ("Außenminister ..."); a sentence about the prime minister is
on topic but no answer. The office groups (English and German terms) live in
`data/roles.json`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.data import load_json

_ASKS_FOR_SOMEONE = re.compile(
    r"^\s*(?:who|wer)\b|\bname of\b|\bwie hei(?:ß|ss)t\b",
    re.IGNORECASE,
)

_SHORT = 5  # "king" must not match "making"


@lru_cache(maxsize=1)
def _terms() -> list[tuple[str, int]]:
    """Every term with its group number, longest first."""
    groups = load_json("roles")["groups"]
    terms = [(term.lower(), i) for i, group in enumerate(groups) for term in group]
    return sorted(terms, key=lambda t: len(t[0]), reverse=True)


def _offices_in(text: str) -> dict[int, str]:
    """The office groups whose terms occur in `text` (as words or word endings).

    Maps each group to the words `text` names it with.
    """
    lower = text.lower()
    found: dict[int, str] = {}
    for term, group in _terms():
        # German compounds end in the office ("US-Präsident"); short words stand alone
        pattern = r"(?<![a-zäöüß])" if " " in term or len(term) <= _SHORT else ""
        match = re.search(pattern + re.escape(term) + r"(?:e|en|in|s)?(?![a-zäöüß])", lower)
        if match:
            found.setdefault(group, text[match.start() : match.end()])
            lower = lower[: match.start()] + " " * len(match.group()) + lower[match.end() :]
    return found


def asked_offices(question: str) -> dict[int, str]:
    """The offices a question asks the holder of ("Who is the ... president?")."""
    return _offices_in(question) if _ASKS_FOR_SOMEONE.search(question) else {}


def names_offices(sentence: str, offices: dict[int, str]) -> bool:
    """True when `sentence` names every office in `offices`."""
    return offices.keys() <= _offices_in(sentence).keys()
