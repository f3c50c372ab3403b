"""The messages sent to the model: numbered sources as untrusted data, and condensing.

Templates live in `prompts/*.txt`; every source is wrapped in a `<source n="...">`
tag whose text cannot close its own tag or open a new one.
"""

from __future__ import annotations

import re

from llama_index.core.llms import ChatMessage, MessageRole

from assistant.answer.condense import Turn
from assistant.answer.retrieve import Passage
from assistant.llm.prompts import prompt

NO_ANSWER = "No answer."  # what the model is told to reply when the sources do not answer
_MAX_HISTORY = 6
_MAX_ANSWER_IN_HISTORY = 300


def escape_source(text: str) -> str:
    """Keep a source from closing its own tag or opening a new one."""
    return text.replace("<", "‹").replace(">", "›").replace('"', "'")


def _turn_line(turn: Turn) -> str:
    """One earlier turn for the condense prompt: the question, then the answer's start."""
    line = f"- {escape_source(turn.question.strip())}"
    answer = " ".join(turn.answer.split())[:_MAX_ANSWER_IN_HISTORY]
    return f"{line}\n  answer: {escape_source(answer)}" if answer else line


def format_sources(sources: list[Passage]) -> str:
    """The sources block of the prompt, numbered from 1.

    Without titles: the small model copied an article's title as its answer.
    """
    return "\n".join(
        f'<source n="{n}">{escape_source(p.text)}</source>' for n, p in enumerate(sources, start=1)
    )


def build_messages(question: str, sources: list[Passage]) -> list[ChatMessage]:
    """System and user messages for `question` over `sources`."""
    user = prompt("answer").format(
        sources=format_sources(sources), question=question.strip(), no_answer=NO_ANSWER
    )
    return [
        ChatMessage(role=MessageRole.SYSTEM, content=prompt("system").strip()),
        ChatMessage(role=MessageRole.USER, content=user),
    ]


def condense_messages(question: str, history: list[Turn]) -> list[ChatMessage]:
    """The one user message asking to rewrite `question` to stand alone, given `history`."""
    earlier = "\n".join(_turn_line(t) for t in history[-_MAX_HISTORY:])
    content = prompt("condense").format(history=earlier, question=escape_source(question.strip()))
    return [ChatMessage(role=MessageRole.USER, content=content)]


def declined(reply: str) -> bool:
    """The model replied `NO_ANSWER` (markers and case aside): it found no answer."""
    bare = re.sub(r"\[[^\]]*\]", " ", reply)
    return " ".join(bare.split()).strip(" .").lower() == NO_ANSWER.strip(" .").lower()
