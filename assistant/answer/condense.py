"""Follow-up questions → standalone questions, offline.

"Where did he study?" after "Who is Nguyen Phu Trong?" becomes
"Where did he study? (Who is Nguyen Phu Trong?)": a question that leans on the
chat (a pronoun, a bare "and ...?", or just a few words such as "Why not?")
gets the standalone form of the question before it appended; a pronoun whose
referent the question itself names first ("Where was Putin before he came to
Vietnam?") does not lean, so such a question gets the same answer in any chat. When that
question named nobody, a "he" or "sie" also gets the people its answer named
("Who is the most influential leader?" → "... Nguyen Phu Trong").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answer.answer import Answer
from assistant.answer.names import people_named, person_names, places_named, question_names
from assistant.language.lexical import content_words

_LEANING = re.compile(
    r"\b(?:he|she|they|him|her|his|hers|their|them|there|its|er|sie|ihn|ihm|ihr|ihre|ihren|"
    r"sein|seine|seinen|seinem|seiner|dort|dabei|darüber|davon|dessen|deren)\b"
    r"|^\s*(?:and|und|what about|how about|und was|was ist mit|also|auch)\b",
    re.IGNORECASE,
)
_PERSON_PRONOUN = re.compile(
    r"\b(?:he|she|him|his|her|hers|er|ihn|ihm|sein|seine|seinen|seinem|seiner)\b", re.IGNORECASE
)
# What a name before them can stand for: a person ("sie", "ihr": she or they), a place.
_PERSON_REFERENT = re.compile(
    r"he|she|him|his|her|hers|er|sie|ihn|ihm|ihr|ihre|ihren|sein|seine|seinen|seinem|seiner",
    re.IGNORECASE,
)
_PLACE_REFERENT = re.compile(r"there|dort", re.IGNORECASE)
_MAX_NAMES = 3


@dataclass(frozen=True)
class Turn:
    """One earlier exchange of a chat: the user's question and the answer it got."""

    question: str
    answer: str = ""
    cited: tuple[tuple[str, int], ...] = ()  # (source, start) of the sentences it quoted

    @classmethod
    def of(cls, question: str, answer: Answer) -> Turn:
        """The turn of `question` and its `answer`, with the sentences the answer quoted."""
        return cls(question, answer.answer, tuple((c.source, c.start) for c in answer.citations))


History = Sequence["str | Turn"]


def turns(history: History) -> list[Turn]:
    """The chat as turns; a bare string is a question whose answer is not known."""
    return [t if isinstance(t, Turn) else Turn(t) for t in history]


def is_follow_up(question: str) -> bool:
    """True when the question refers back to the chat (pronoun, "and ...?", 1–3 words,
    or no word of its own that is not a function word: "Wie viele waren es?").

    A pronoun whose referent the question names before it leans on nothing: "he"
    after a person ("Where was Putin before he came?"), "there"/"dort" after a place.
    """
    if len(question.split()) <= 3 or not content_words(question):
        return True
    return any(not _resolved(question, m) for m in _LEANING.finditer(question))


def _resolved(question: str, pronoun: re.Match[str]) -> bool:
    """True when the question names what `pronoun` stands for before it."""
    if _PERSON_REFERENT.fullmatch(pronoun.group()):
        named = [n for n in question_names(question) if not places_named(n)]
        named += person_names(question)
    elif _PLACE_REFERENT.fullmatch(pronoun.group()):
        named = places_named(question)
    else:
        return False
    return any(0 <= question.find(name) < pronoun.start() for name in named)


def condense(question: str, history: History) -> str:
    """A standalone version of `question`, given the earlier turns of the chat."""
    standalone: list[tuple[str, Turn]] = []
    for earlier in turns(history):
        standalone.append((_standalone(earlier.question, standalone), earlier))
    return _standalone(question, standalone)


def _standalone(question: str, earlier: list[tuple[str, Turn]]) -> str:
    if not earlier or not is_follow_up(question):
        return question
    text, turn = earlier[-1]
    if not _PERSON_PRONOUN.search(question) or people_named(text):
        return f"{question} ({text})"
    names = [n for n in person_names(turn.answer) if n not in text][:_MAX_NAMES]
    return f"{question} ({' '.join([text, *names])})"
