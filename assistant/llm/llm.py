"""`LLMAnswerer`: write an answer from numbered sources with an OpenAI-compatible model.

The model only sees the sentences the extractive reader chose to quote (the
verifier trusts no other source, and the small model cited the wrong ones when
it saw six), each wrapped in a `<source n="...">` tag as untrusted data
(`llm_prompt.py`). What it
writes is never shown as is: `verify.verify` keeps only the sentences whose
citations the sources support.

Retries are off (`max_retries=0`): llama-index and the openai client would each
retry, so one slow or refused call could keep the user waiting several times
`llm_timeout`, while the extractive answer is ready at once as the fallback.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Collection, Iterator

import openai

from assistant.answer.answer import Answer
from assistant.answer.condense import Turn, is_follow_up
from assistant.answer.messages import message
from assistant.answer.retrieve import Passage
from assistant.config import Settings
from assistant.index.embeddings import Embedder
from assistant.llm.llm_errors import TRANSIENT, ModelNotServed, failure_reason
from assistant.llm.llm_prompt import build_messages, condense_messages, declined
from assistant.llm.verify import MEANING, Verified, Verifier

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.openai.com/v1"
_MAX_QUOTED = 80  # characters of a left-out claim quoted in the notice
MAX_ANSWER_TOKENS = 256
_MAX_CONDENSED = 500


class LLMAnswerer:
    """Answers from numbered sources through `llama_index`'s `OpenAILike`."""

    def __init__(self, settings: Settings) -> None:
        from llama_index.llms.openai_like import OpenAILike

        self.settings = settings
        self._paused_until = 0.0
        self._model_checked = False
        self.llm = OpenAILike(
            model=settings.llm_model,
            api_base=settings.llm_base_url or DEFAULT_BASE_URL,
            api_key=settings.llm_api_key or "none",
            is_chat_model=True,
            timeout=settings.llm_timeout,
            max_retries=0,
            temperature=0.0,
            max_tokens=MAX_ANSWER_TOKENS,
        )

    def paused_for(self) -> float:
        """Seconds until the endpoint is tried again after it was down or slow (0: now)."""
        return max(0.0, self._paused_until - time.monotonic())

    def note_failure(self, exc: BaseException) -> None:
        """After a timeout, an unreachable server or a 429, leave the endpoint alone a while.

        Otherwise every question would wait the full timeout again.
        """
        if isinstance(exc, TRANSIENT):
            self._paused_until = time.monotonic() + self.settings.llm_pause

    def check_model(self) -> None:
        """Raise `ModelNotServed` when the endpoint does not serve the configured model.

        Asked once; an endpoint without a model list (404) is taken at its word.
        """
        if self._model_checked:
            return
        client = openai.OpenAI(
            base_url=self.settings.llm_base_url or DEFAULT_BASE_URL,
            api_key=self.settings.llm_api_key or "none",
            timeout=self.settings.llm_timeout,
            max_retries=0,
        )
        try:
            served = [m.id for m in client.models.list()]
        except openai.NotFoundError:
            served = []
        if served and self.settings.llm_model not in served:
            raise ModelNotServed(f"{self.settings.llm_model!r} is not among {served}")
        self._model_checked = True

    def write(self, question: str, sources: list[Passage]) -> str:
        """The model's whole answer (raises `ValueError` when it is empty)."""
        self.check_model()
        response = self.llm.chat(build_messages(question, sources))
        text = (response.message.content or "").strip()
        if not text:
            raise ValueError("empty reply")
        return text

    def condense(self, question: str, history: list[Turn]) -> str:
        """`question` rewritten to stand alone, given the earlier turns of the chat.

        Raises `ValueError` when the rewrite is empty, too long, or still leans on
        the chat ("Where did he study?" handed back unchanged by a small model).
        """
        self.check_model()
        reply = self.llm.chat(condense_messages(question, history))
        text = (reply.message.content or "").strip().splitlines()
        if not text or not text[0].strip() or len(text[0]) > _MAX_CONDENSED:
            raise ValueError("no usable rewritten question")
        if is_follow_up(text[0]):
            raise ValueError("the rewritten question still leans on the chat")
        return text[0].strip()

    def stream(self, question: str, sources: list[Passage]) -> Iterator[str]:
        """The model's answer as it arrives, piece by piece."""
        self.check_model()
        for chunk in self.llm.stream_chat(build_messages(question, sources)):
            if chunk.delta:
                yield chunk.delta


def llm_answer(
    answerer: LLMAnswerer,
    embedder: Embedder,
    base: Answer,
    question: str,
    lang: str,
    sources: list[Passage],
    texts: dict[str, str],
    on_token: Callable[[str], None] | None = None,
    chosen: Collection[tuple[str, int]] | None = None,
) -> Answer:
    """The LLM's verified answer, or `base` (the extractive one) with a notice why not.

    `base` is an answer, not a refusal; `sources` are what the model reads (windows
    of the top retrieved sentences, `sources.model_sources`). With `on_token` the
    reply is streamed to it as it arrives. Claims the sources do not back are left
    out, and the notice says which and why. `chosen`: the keys of the sentences the
    extractive reader quoted (a claim copying another sentence is not backed).
    """
    paused = answerer.paused_for()
    if paused:
        base.notice = message(
            "llm_failed", lang, reason=message("llm_paused", lang, seconds=paused)
        )
        return base
    base.steps["llm_sources"] = [p.text for p in sources]
    error: Exception | None = None
    reply = ""
    try:
        if on_token is None:
            reply = answerer.write(question, sources)
        else:
            reply = "".join(_relay(answerer.stream(question, sources), on_token)).strip()
            if not reply:
                raise ValueError("empty reply")
        base.steps["llm_reply"] = reply
        started = time.perf_counter()
        verified = Verifier(embedder).verify(reply, sources, texts, question, chosen)
        base.steps["verify_ms"] = round((time.perf_counter() - started) * 1000, 1)
    except Exception as exc:  # the extractive answer is always there to fall back on
        log.warning("LLM answer failed: %s: %s", type(exc).__name__, exc)
        answerer.note_failure(exc)
        error, verified = exc, None
    if verified is None or not verified.citations:
        reason = _why_not(reply, error, verified, lang, answerer.settings.llm_timeout)
        base.notice = message("llm_failed", lang, reason=reason)
        return base
    conflict = base.conflict and len({c.source for c in verified.citations}) > 1
    answer = Answer(
        base.question,
        verified.text,
        verified.citations,
        conflict=conflict,
        mode="llm",
        steps=base.steps,
    )
    if verified.dropped:
        answer.notice = message("llm_dropped", lang, items=_dropped(verified.dropped, lang))
    return answer


def _why_not(
    reply: str, error: Exception | None, verified: Verified | None, lang: str, timeout: float
) -> str:
    """Why the model's reply gave no verified answer, for the notice."""
    if error is not None:
        return failure_reason(error, lang, timeout)
    if declined(reply):
        return message("llm_no_answer", lang)
    reason = verified.dropped[0][1] if verified and verified.dropped else MEANING
    return message("llm_unsupported", lang, why=message(f"drop_{reason}", lang))


def _dropped(dropped: list[tuple[str, str]], lang: str) -> str:
    """ "“claim” (reason); ..." for the notice, each claim cut to a readable length."""
    items = []
    for claim, reason in dropped:
        short = claim if len(claim) <= _MAX_QUOTED else claim[: _MAX_QUOTED - 1] + "…"
        items.append(f"“{short}” ({message(f'drop_{reason}', lang)})")
    return "; ".join(items)


def _relay(pieces: Iterator[str], on_token: Callable[[str], None]) -> Iterator[str]:
    """Pass each piece to `on_token` on its way through."""
    for piece in pieces:
        on_token(piece)
        yield piece
