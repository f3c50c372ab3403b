"""Follow-up questions → standalone questions, offline.

"Where did he study?" after "Who is Nguyen Phu Trong?" becomes
"Where did he study? (Nguyen Phu Trong)": a question that leans on the chat
through a pronoun or a bare "and ...?" gets the names (or, without names, the
content words) of the last question it leans on.
"""

from __future__ import annotations

import re

from assistant.entities import question_names
from assistant.lexical import content_words

_LEANING = re.compile(
    r"\b(?:he|she|they|him|her|his|hers|their|them|there|its|er|sie|ihn|ihm|ihr|ihre|ihren|"
    r"sein|seine|seinen|seinem|seiner|dort|dabei|darüber|davon|dessen|deren)\b"
    r"|^\s*(?:and|und|what about|how about|und was|was ist mit|also|auch)\b",
    re.IGNORECASE,
)


def is_follow_up(question: str) -> bool:
    """True when the question refers back to the chat (pronoun, "and ...?")."""
    return _LEANING.search(question) is not None


def condense(question: str, history: list[str]) -> str:
    """A standalone version of `question`, given the earlier user questions."""
    standalone_history: list[str] = []
    for earlier in history:
        standalone_history.append(_standalone(earlier, standalone_history))
    return _standalone(question, standalone_history)


def _standalone(question: str, earlier: list[str]) -> str:
    if not earlier or not is_follow_up(question):
        return question
    previous = earlier[-1]
    context = question_names(previous) or content_words(previous)
    own = set(question_names(question))
    extra = [w for w in dict.fromkeys(context) if w not in own]
    return f"{question} ({' '.join(extra)})" if extra else question
