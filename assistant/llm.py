"""`LLMAnswerer`: write an answer from numbered sources with an OpenAI-compatible model.

The model only sees the best few retrieved sentences, each wrapped in a
`<source n="...">` tag as untrusted data (see `prompts/system.txt`). What it
writes is never shown as is: `verify.verify` keeps only the sentences whose
citations the sources support.

Retries are off (`max_retries=0`): llama-index and the openai client would each
retry, so one slow or refused call could keep the user waiting several times
`llm_timeout`, while the extractive answer is ready at once as the fallback.
"""

from __future__ import annotations

from collections.abc import Iterator

import openai
from llama_index.core.llms import ChatMessage, MessageRole

from assistant.config import Settings
from assistant.messages import message
from assistant.prompts import prompt
from assistant.retrieve import Passage

DEFAULT_BASE_URL = "https://api.openai.com/v1"
MAX_SOURCES = 6


def pick_sources(
    ranked: list[Passage], preferred: list[Passage], limit: int = MAX_SOURCES
) -> list[Passage]:
    """The numbered sources: the `preferred` passages first, then the best `ranked` ones."""
    out: dict[tuple[str, int], Passage] = {}
    for p in [*preferred, *ranked]:
        if len(out) >= limit:
            break
        out.setdefault(p.key, p)
    return list(out.values())


def _escape(text: str) -> str:
    """Keep a source from closing its own tag or opening a new one."""
    return text.replace("<", "‹").replace(">", "›").replace('"', "'")


def format_sources(sources: list[Passage]) -> str:
    """The sources block of the prompt, numbered from 1."""
    return "\n\n".join(
        f'<source n="{n}" title="{_escape(p.title)}" file="{_escape(p.source)}">\n'
        f"{_escape(p.text)}\n</source>"
        for n, p in enumerate(sources, start=1)
    )


def build_messages(question: str, sources: list[Passage]) -> list[ChatMessage]:
    """System and user messages for `question` over `sources`."""
    user = prompt("answer").format(sources=format_sources(sources), question=question.strip())
    return [
        ChatMessage(role=MessageRole.SYSTEM, content=prompt("system").strip()),
        ChatMessage(role=MessageRole.USER, content=user),
    ]


class LLMAnswerer:
    """Answers from numbered sources through `llama_index`'s `OpenAILike`."""

    def __init__(self, settings: Settings) -> None:
        from llama_index.llms.openai_like import OpenAILike

        self.settings = settings
        self.llm = OpenAILike(
            model=settings.llm_model,
            api_base=settings.llm_base_url or DEFAULT_BASE_URL,
            api_key=settings.llm_api_key or "none",
            is_chat_model=True,
            timeout=settings.llm_timeout,
            max_retries=0,
            temperature=0.0,
        )

    def write(self, question: str, sources: list[Passage]) -> str:
        """The model's whole answer (raises `ValueError` when it is empty)."""
        response = self.llm.chat(build_messages(question, sources))
        text = (response.message.content or "").strip()
        if not text:
            raise ValueError("empty reply")
        return text

    def stream(self, question: str, sources: list[Passage]) -> Iterator[str]:
        """The model's answer as it arrives, piece by piece."""
        for chunk in self.llm.stream_chat(build_messages(question, sources)):
            if chunk.delta:
                yield chunk.delta


def failure_reason(exc: BaseException | None, lang: str, timeout: float) -> str:
    """A short, user-facing reason why the model could not be used (`None`: unsupported)."""
    if exc is None:
        return message("llm_unsupported", lang)
    if isinstance(exc, openai.APITimeoutError):
        return message("llm_timeout", lang, seconds=timeout)
    if isinstance(exc, openai.APIConnectionError):
        return message("llm_unreachable", lang)
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        return message("llm_auth", lang)
    if isinstance(exc, openai.RateLimitError):
        return message("llm_rate", lang)
    if isinstance(exc, openai.APIStatusError):
        return message("llm_status", lang, code=exc.status_code)
    return message("llm_bad_reply", lang)
