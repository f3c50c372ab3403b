"""A scripted stand-in for an OpenAI-compatible `/v1/chat/completions` endpoint.

Tests push steps onto `SCRIPT`; each request pops one (or uses `DEFAULT` when the
queue is empty) and is recorded in `REQUESTS`. A step is a dict with any of:

* `reply`: the answer text, or a function of the request body returning it;
* `status` (+ `retry_after`): answer with that HTTP error instead;
* `delay`: seconds to wait before answering;
* `garbage`: answer 200 with a body that is not JSON.

`stream: true` requests get the reply as server-sent events, a few words per chunk.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse

Reply = str | Callable[[dict[str, Any]], str]

SCRIPT: deque[dict[str, Any]] = deque()
DEFAULT: dict[str, Any] = {"reply": "The sources do not say."}
REQUESTS: list[dict[str, Any]] = []

app = FastAPI()


def reset() -> None:
    """Forget scripted steps and recorded requests."""
    SCRIPT.clear()
    REQUESTS.clear()


def sources(body: dict[str, Any]) -> dict[int, str]:
    """The numbered sources of a recorded request's user message."""
    user = body["messages"][-1]["content"]
    found = re.findall(r'<source n="(\d+)"[^>]*>\s*(.*?)\s*</source>', user, re.S)
    return {int(n): text for n, text in found}


def source_number(body: dict[str, Any], needle: str) -> int:
    """The number of the first source in a request whose text contains `needle`."""
    return next(n for n, text in sources(body).items() if needle in text)


def _completion(model: str, text: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _chunk(model: str, delta: dict[str, str], finish: str | None = None) -> str:
    body = {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return f"data: {json.dumps(body)}\n\n"


async def _events(model: str, text: str) -> AsyncIterator[str]:
    yield _chunk(model, {"role": "assistant", "content": ""})
    words = text.split(" ")
    for i in range(0, len(words), 3):
        piece = " ".join(words[i : i + 3]) + (" " if i + 3 < len(words) else "")
        yield _chunk(model, {"content": piece})
    yield _chunk(model, {}, "stop")
    yield "data: [DONE]\n\n"


@app.post("/v1/chat/completions")
async def chat_completions(request: Request) -> Response:
    """Answer one chat request as the next scripted step says."""
    body = await request.json()
    REQUESTS.append(body)
    step = SCRIPT.popleft() if SCRIPT else DEFAULT
    if step.get("delay"):
        await asyncio.sleep(step["delay"])
    if step.get("status"):
        headers = {"retry-after": str(step["retry_after"])} if "retry_after" in step else {}
        error = {"error": {"message": "scripted error", "type": "fake", "code": step["status"]}}
        return JSONResponse(error, status_code=step["status"], headers=headers)
    if step.get("garbage"):
        return PlainTextResponse("<html>not json", media_type="application/json")
    reply: Reply = step.get("reply", "")
    text = reply(body) if callable(reply) else reply
    model = body.get("model", "fake")
    if body.get("stream"):
        return StreamingResponse(_events(model, text), media_type="text/event-stream")
    return JSONResponse(_completion(model, text))
