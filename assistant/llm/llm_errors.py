"""Why the model could not be used: which failures pause the endpoint, and the user's notice."""

from __future__ import annotations

import httpx
import openai

from assistant.answer.messages import message

# A server that timed out, could not be reached, refused with 429 or dropped the connection.
TRANSIENT = (
    openai.APITimeoutError,
    openai.APIConnectionError,
    openai.RateLimitError,
    httpx.TransportError,
)


class ModelNotServed(Exception):
    """The endpoint lists its models and the configured one is not among them.

    OpenAI and vLLM answer such a request with 404; llama.cpp's server answers it
    with whatever model it has loaded, so the list is asked for once.
    """


def failure_reason(exc: BaseException, lang: str, timeout: float) -> str:
    """A short, user-facing reason why the model could not be used."""
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
    if isinstance(exc, ModelNotServed):
        return message("llm_status", lang, code=404)
    return message("llm_bad_reply", lang)
