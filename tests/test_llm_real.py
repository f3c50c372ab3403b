"""LLM mode against a real model: llama.cpp's server with Qwen2.5-Coder-0.5B (`real_llm`).

Skipped, with the reason, when the `[llm-test]` extra is not installed.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from helpers import free_port
from real_llm import MODEL_NAME, Server, model_file, running_server

from assistant.answer.answer import Answer
from assistant.config import Settings
from assistant.core import Assistant

pytestmark = pytest.mark.slow
SIGN = "What did Vietnam and Russia sign?"
TIMEOUT = 300.0  # a 0.5B model on one busy core: ~10 prompt tokens/s at worst


def _settings(settings: Settings, base_url: str, **changes: object) -> Settings:
    return settings.with_(
        llm_base_url=base_url,
        llm_api_key="none",
        llm_model=MODEL_NAME,
        llm_timeout=TIMEOUT,
        llm_pause=0.0,
    ).with_(**changes)


@pytest.fixture(scope="module")
def llm(seeded: Assistant, seeded_settings: Settings, real_llm: Server) -> Assistant:
    """An `Assistant` over the seeded index that answers with the real model."""
    return Assistant(_settings(seeded_settings, real_llm.base_url))


def _fell_back(answer: Answer, seeded: Assistant, words: str) -> None:
    """The extractive answer, with a notice naming the reason and no traceback."""
    assert answer.mode == "extractive", answer.answer
    assert answer.notice and words in answer.notice, answer.notice
    assert "Traceback" not in answer.notice + answer.answer
    assert answer.answer.strip() and answer.answer == seeded.ask(answer.question).answer


def test_stream_reaches_the_caller_piece_by_piece(llm: Assistant) -> None:
    arrivals: list[float] = []
    events = []
    for event in llm.stream(SIGN):
        arrivals.append(time.monotonic())
        events.append(event)
    pieces, answer = events[:-1], events[-1]
    assert isinstance(answer, Answer) and all(isinstance(p, str) for p in pieces)
    assert len(pieces) >= 5, pieces
    assert "".join(pieces).strip() == answer.steps["llm_reply"]
    assert arrivals[len(pieces) - 1] - arrivals[0] > 0.2  # not one burst at the end
    assert answer.answer.strip() and (answer.mode == "llm" or answer.notice)


def test_prompt_longer_than_the_context_window_falls_back(
    llm: Assistant, seeded: Assistant, seeded_settings: Settings, real_llm: Server
) -> None:
    long = Assistant(_settings(seeded_settings, real_llm.base_url, max_question_chars=200_000))
    # ~5,600 tokens of one question asked over and over: still the question for retrieval
    # and the reader (a pad of "7 7 7 …" makes the reader refuse it, and no model is asked)
    question = " ".join([SIGN] * 700)
    answer = long.ask(question)
    assert answer.mode == "extractive" and answer.notice and "error 400" in answer.notice
    assert answer.answer.strip() and not answer.refused and "Traceback" not in answer.notice


def test_wrong_model_name_falls_back(
    seeded: Assistant, seeded_settings: Settings, real_llm: Server
) -> None:
    wrong = Assistant(_settings(seeded_settings, real_llm.base_url, llm_model="no-such-model"))
    _fell_back(wrong.ask(SIGN), seeded, "error 404")


def test_server_dying_mid_stream_falls_back(
    seeded: Assistant,
    seeded_settings: Settings,
    real_llm: Server,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    model = model_file(request.config.cache.mkdir("llm-model"))
    with running_server(model, free_port(), tmp_path / "server.log") as doomed:
        assistant = Assistant(_settings(seeded_settings, doomed.base_url))
        pieces: list[str] = []

        def kill_after_two(piece: str) -> None:
            pieces.append(piece)
            if len(pieces) == 2:
                doomed.process.kill()

        answer = assistant.ask(SIGN, on_token=kill_after_two)
    assert len(pieces) >= 2
    _fell_back(answer, seeded, "could not be read")


def test_follow_up_is_condensed_by_the_real_model(llm: Assistant) -> None:
    answer = llm.ask("Where did he study?", history=["Who is Nguyen Phu Trong?"])
    standalone = str(answer.steps["standalone_question"])
    # The model's rewrite, or the offline one when the model handed back "he".
    assert "Nguyen Phu Trong" in standalone, standalone
    assert answer.answer.strip()


def test_answer_that_does_not_answer_is_not_shown_as_verified(llm: Assistant) -> None:
    """The reviewer's case: "born in Vietnam [1]" for an age passed the old verifier."""
    answer = llm.ask("How old is Nguyen Phu Trong?")
    assert answer.mode == "extractive" or re.search(r"\d", answer.answer), answer.answer


def test_server_slower_than_the_timeout_falls_back(
    seeded: Assistant, seeded_settings: Settings, real_llm: Server
) -> None:
    slow = Assistant(_settings(seeded_settings, real_llm.base_url, llm_timeout=0.3))
    started = time.monotonic()
    answer = slow.ask(SIGN)
    assert time.monotonic() - started < 5
    # Last in this file: the server goes on with the abandoned request for a while.
    _fell_back(answer, seeded, "no reply within 0.3 s")
