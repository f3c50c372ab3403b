"""Follow-up questions → standalone questions, offline.

"Where did he study?" after "Who is Nguyen Phu Trong?" becomes
"Where did he study? (Who is Nguyen Phu Trong?)": a question that leans on the
chat (a pronoun, a bare "and ...?", or just a few words such as "Why not?")
gets the standalone form of the question before it appended.
"""

from __future__ import annotations

import re

_LEANING = re.compile(
    r"\b(?:he|she|they|him|her|his|hers|their|them|there|its|er|sie|ihn|ihm|ihr|ihre|ihren|"
    r"sein|seine|seinen|seinem|seiner|dort|dabei|darüber|davon|dessen|deren)\b"
    r"|^\s*(?:and|und|what about|how about|und was|was ist mit|also|auch)\b",
    re.IGNORECASE,
)


def is_follow_up(question: str) -> bool:
    """True when the question refers back to the chat (pronoun, "and ...?", 1–3 words)."""
    return _LEANING.search(question) is not None or len(question.split()) <= 3


def condense(question: str, history: list[str]) -> str:
    """A standalone version of `question`, given the earlier user questions."""
    standalone_history: list[str] = []
    for earlier in history:
        standalone_history.append(_standalone(earlier, standalone_history))
    return _standalone(question, standalone_history)


def _standalone(question: str, earlier: list[str]) -> str:
    if not earlier or not is_follow_up(question):
        return question
    return f"{question} ({earlier[-1]})"
