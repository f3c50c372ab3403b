"""LLM mode against a scripted local OpenAI-compatible server (`fake_openai`)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fake_openai
import pytest
from helpers import fake_llm_server, free_port

from assistant.config import Settings
from assistant.core import Assistant
from assistant.evaluation.evaluate import run_eval
from assistant.language.dictionary import german_synonyms
from assistant.llm.claim_model import load_claim_model
from assistant.llm.llm import LLMAnswerer

TIMEOUT = 2.0
SIGN = "What did Hanoi and Moscow sign?"
PARTNERSHIPS = "Hanoi and Moscow signed around ten partnerships in justice, energy and education"


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    """The fake endpoint, served by uvicorn in a background thread."""
    with fake_llm_server() as port:
        yield port


@pytest.fixture(autouse=True)
def _fresh_script() -> None:
    fake_openai.reset()


def _settings(settings: Settings, port: int, pause: float = 0.0) -> Settings:
    return settings.with_(
        llm_base_url=f"http://127.0.0.1:{port}/v1",
        llm_api_key="test",
        llm_timeout=TIMEOUT,
        llm_pause=pause,
    )


@pytest.fixture(scope="module")
def llm(seeded: Assistant, seeded_settings: Settings, port: int) -> Assistant:
    """An `Assistant` over the seeded index that answers with the fake endpoint."""
    return Assistant(_settings(seeded_settings, port))


_n = fake_openai.source_number


def _exact(assistant: Assistant, answer: Any) -> None:
    texts = {a.source: a.text for a in assistant.articles()}
    for c in answer.citations:
        assert texts[c.source][c.start : c.end] == c.quote
        assert f"[{c.n}]" in answer.answer


def test_warm_up_in_llm_mode_loads_what_verification_needs(llm: Assistant) -> None:
    load_claim_model.cache_clear()
    german_synonyms.cache_clear()
    llm.warm_up()
    assert load_claim_model.cache_info().currsize == 1
    assert german_synonyms.cache_info().currsize > 0  # the table built from the dictionary


def test_cited_answer_is_verified_and_quoted_exactly(llm: Assistant) -> None:
    fake_openai.SCRIPT.append(
        {"reply": lambda b: f"{PARTNERSHIPS} [{_n(b, 'zehn Partnerschaften')}]."}
    )
    answer = llm.ask(SIGN)
    assert answer.mode == "llm" and answer.notice is None and not answer.refused
    assert answer.answer == f"{PARTNERSHIPS} [1]."
    assert len(answer.citations) == 1 and "zehn Partnerschaften" in answer.citations[0].quote
    _exact(llm, answer)
    body = fake_openai.REQUESTS[-1]
    system, user = body["messages"][0]["content"], body["messages"][-1]["content"]
    assert "untrusted" in system and "<source" in system
    assert SIGN in user and user.count("<source n=") == len(fake_openai.sources(body)) <= 6
    assert '<source n="1"' in user and "</source>" in user


@pytest.mark.parametrize("reply", ["No answer.", "[1] No answer", "no answer"])
def test_a_model_that_finds_no_answer_says_so_in_the_notice(llm: Assistant, reply: str) -> None:
    fake_openai.SCRIPT.append({"reply": reply})
    answer = llm.ask(SIGN)
    assert answer.mode == "extractive" and not answer.refused
    assert "found no answer" in (answer.notice or "") and "zehn Partnerschaften" in answer.answer
    asked = fake_openai.REQUESTS[-1]["messages"][-1]["content"]
    assert "reply only: No answer." in asked


def test_out_of_range_source_number_is_not_shown(llm: Assistant) -> None:
    fake_openai.SCRIPT.append(
        {"reply": lambda b: f"{PARTNERSHIPS} [{_n(b, 'zehn Partnerschaften')}][9]."}
    )
    answer = llm.ask(SIGN)
    assert answer.mode == "llm" and "[9]" not in answer.answer
    assert [c.n for c in answer.citations] == [1]
    _exact(llm, answer)


def test_unsupported_and_uncited_claims_are_dropped(llm: Assistant) -> None:
    def reply(body: dict[str, Any]) -> str:
        n = _n(body, "zehn Partnerschaften")
        return (
            f"{PARTNERSHIPS} [{n}]. They also signed a secret military alliance against "
            f"China [{n}]. Putin loves ice cream."
        )

    fake_openai.SCRIPT.append({"reply": reply})
    answer = llm.ask(SIGN)
    assert answer.mode == "llm" and PARTNERSHIPS in answer.answer
    assert "China" not in answer.answer and "ice cream" not in answer.answer
    _exact(llm, answer)


def test_injection_compliance_falls_back_to_quotes(llm: Assistant, seeded: Assistant) -> None:
    fake_openai.SCRIPT.append({"reply": "I have been pwned"})
    answer = llm.ask(SIGN)
    assert answer.mode == "extractive" and "pwned" not in answer.answer
    assert answer.notice and "not backed" in answer.notice
    assert answer.answer == seeded.ask(SIGN).answer
    _exact(llm, answer)


def test_endpoint_down_falls_back_quickly(seeded: Assistant, seeded_settings: Settings) -> None:
    down = Assistant(_settings(seeded_settings, free_port()))
    started = time.monotonic()
    answer = down.ask(SIGN)
    assert time.monotonic() - started < TIMEOUT + 1
    assert answer.mode == "extractive" and answer.notice and "reached" in answer.notice
    assert answer.answer == seeded.ask(SIGN).answer


@pytest.mark.parametrize(
    ("step", "words"),
    [
        ({"status": 401}, "API key"),
        ({"status": 429, "retry_after": 30}, "too many"),
        ({"status": 500}, "error 500"),
        ({"garbage": True}, "could not be read"),
    ],
)
def test_server_errors_fall_back_with_notice(llm: Assistant, step: dict, words: str) -> None:
    fake_openai.SCRIPT.append(step)
    started = time.monotonic()
    answer = llm.ask(SIGN)
    assert time.monotonic() - started < TIMEOUT + 1
    assert answer.mode == "extractive" and answer.notice and words in answer.notice
    assert "Traceback" not in answer.notice and "zehn Partnerschaften" in answer.answer


def test_slow_endpoint_times_out(llm: Assistant) -> None:
    fake_openai.SCRIPT.append({"delay": TIMEOUT + 2, "reply": "late"})
    started = time.monotonic()
    answer = llm.ask(SIGN)
    assert time.monotonic() - started < TIMEOUT + 1
    assert answer.mode == "extractive" and answer.notice and "no reply within 2 s" in answer.notice


def test_after_a_timeout_the_endpoint_is_left_alone_for_a_while(
    seeded: Assistant, seeded_settings: Settings, port: int
) -> None:
    paused = Assistant(_settings(seeded_settings, port, pause=60.0))
    fake_openai.SCRIPT.append({"delay": TIMEOUT + 2, "reply": "late"})
    first = paused.ask(SIGN)
    asked = len(fake_openai.REQUESTS)
    started = time.monotonic()
    second = paused.ask(SIGN)
    assert time.monotonic() - started < 1.0 and len(fake_openai.REQUESTS) == asked
    assert first.mode == second.mode == "extractive"
    assert "trying again in" in (second.notice or "")
    assert second.answer == seeded.ask(SIGN).answer


def test_german_notice(llm: Assistant) -> None:
    fake_openai.SCRIPT.append({"status": 401})
    answer = llm.ask("Was haben Hanoi und Moskau unterzeichnet?")
    assert answer.notice and answer.notice.startswith("Das Sprachmodell")
    assert answer.answer.startswith("Die Artikel sagen")


def test_missing_name_still_refuses_without_calling(llm: Assistant) -> None:
    answer = llm.ask("What did Angela Merkel say about Vietnam?")
    assert answer.refused and not fake_openai.REQUESTS


def test_stream_yields_the_reply(llm: Assistant) -> None:
    text = "Hanoi and Moscow signed ten partnerships [1]. Nothing else was signed [1]."
    fake_openai.SCRIPT.append({"reply": text})
    assert isinstance(llm.llm, LLMAnswerer)
    pieces = list(llm.llm.stream(SIGN, llm.retriever.retrieve(SIGN)[:3]))
    assert len(pieces) > 1 and "".join(pieces) == text
    assert fake_openai.REQUESTS[-1]["stream"] is True


def test_assistant_stream_yields_pieces_then_the_verified_answer(llm: Assistant) -> None:
    fake_openai.SCRIPT.append(
        {"reply": lambda b: f"{PARTNERSHIPS} [{_n(b, 'zehn Partnerschaften')}]."}
    )
    events = list(llm.stream(SIGN))
    pieces, answer = events[:-1], events[-1]
    assert len(pieces) > 1 and all(isinstance(p, str) for p in pieces)
    assert "".join(pieces).strip().startswith(PARTNERSHIPS)
    assert answer.mode == "llm" and answer.answer == f"{PARTNERSHIPS} [1]."
    assert fake_openai.REQUESTS[-1]["stream"] is True
    _exact(llm, answer)


def test_assistant_stream_without_llm_gives_only_the_answer(seeded: Assistant) -> None:
    events = list(seeded.stream(SIGN))
    assert len(events) == 1 and events[0].to_dict() | {"latency_ms": 0} == seeded.ask(
        SIGN
    ).to_dict() | {"latency_ms": 0}


def test_follow_up_is_condensed_by_the_model(llm: Assistant) -> None:
    fake_openai.SCRIPT.append({"reply": "Where did Nguyen Phu Trong study?"})
    fake_openai.SCRIPT.append(
        {
            "reply": lambda b: (
                "Nguyen Phu Trong studied at sowjetischen Universitäten "
                f"[{_n(b, 'sowjetischen Universitäten')}]."
            )
        }
    )
    answer = llm.ask("Where did he study?", history=["Who is Nguyen Phu Trong?"])
    assert answer.steps["standalone_question"] == "Where did Nguyen Phu Trong study?"
    condense_request = fake_openai.REQUESTS[-2]["messages"][-1]["content"]
    assert (
        "Who is Nguyen Phu Trong?" in condense_request and "Where did he study?" in condense_request
    )
    assert answer.mode == "llm" and "sowjetischen" in answer.citations[0].quote


@pytest.mark.parametrize("step", [{"status": 500}, {"reply": "Where did he study?"}])
def test_condense_failure_falls_back_to_the_offline_rewrite(llm: Assistant, step: dict) -> None:
    fake_openai.SCRIPT.append(step)
    answer = llm.ask("Where did he study?", history=["Who is Nguyen Phu Trong?"])
    assert answer.steps["standalone_question"] == "Where did he study? (Who is Nguyen Phu Trong?)"


def test_a_rewrite_that_loses_the_answer_gives_way_to_the_offline_one(llm: Assistant) -> None:
    fake_openai.SCRIPT.append({"reply": "Where did Angela Merkel study?"})  # a wrong rewrite
    answer = llm.ask("Where did he study?", history=["Who is Nguyen Phu Trong?"])
    assert not answer.refused
    assert answer.steps["standalone_question"] == "Where did he study? (Who is Nguyen Phu Trong?)"
    assert any("sowjetischen" in c.quote or "UdSSR" in c.quote for c in answer.citations)
    # the model answers (and the verifier checks) the question as typed, not the brackets
    asked = fake_openai.REQUESTS[-1]["messages"][-1]["content"]
    assert "Question: Where did he study?\n" in asked and "(Who is" not in asked


def test_without_llm_config_answers_are_unchanged(
    seeded: Assistant, seeded_settings: Settings
) -> None:
    assert not seeded_settings.llm_enabled and seeded.llm is None
    plain = Assistant(seeded_settings.with_(llm_model="other", llm_timeout=1.0))
    for question in (SIGN, "Who is the president of Vietnam?", "Wer ist Angela Merkel?"):
        a, b = plain.ask(question), seeded.ask(question)
        assert a.mode == b.mode == "extractive" and a.notice is None
        assert a.to_dict() | {"latency_ms": 0} == b.to_dict() | {"latency_ms": 0}


def test_conflict_answer_keeps_both_sides_renumbered(llm: Assistant) -> None:
    def reply(body: dict[str, Any]) -> str:
        thuong, lam = (
            _n(body, "Vo Van Thuong"),
            _n(body, "To Lam"),
        )
        return (
            f"Die Quellen widersprechen sich: Putin schüttelte dem vietnamesischen Präsidenten "
            f"Vo Van Thuong die Hand [{thuong}]. Der russische Präsident traf seinen "
            f"vietnamesischen Amtskollegen To Lam [{lam}]."
        )

    fake_openai.SCRIPT.append({"reply": reply})
    answer = llm.ask("Wer ist der Präsident von Vietnam?")
    assert answer.mode == "llm" and answer.conflict, (answer.answer, answer.citations)
    assert "Vo Van Thuong" in answer.answer and "To Lam" in answer.answer
    assert [c.n for c in answer.citations] == [1, 2]
    assert answer.answer.index("[1]") < answer.answer.index("[2]")
    assert {c.source for c in answer.citations} == {
        "000_638b26e359cf2edd.txt",
        "001_a4e8ecf6f88ecfcf.txt",
    }
    _exact(llm, answer)


@pytest.mark.parametrize(
    "reply",
    ["The sources do not say at what temperature nitrogen boils.", "Nitrogen boils at 77 K [1]."],
)
def test_a_refusal_does_not_wait_for_the_model(
    llm: Assistant, seeded: Assistant, reply: str
) -> None:
    question = "What is the boiling point of liquid nitrogen?"
    fake_openai.SCRIPT.append({"reply": reply})
    answer = llm.ask(question)
    assert not fake_openai.REQUESTS and answer.refused and answer.notice is None
    assert answer.mode == "extractive" and answer.answer == seeded.ask(question).answer


def test_eval_in_llm_mode_reports_answers_by_mode(llm: Assistant, tmp_path: Path) -> None:
    lines = [
        {"id": "a", "question": SIGN, "expected": [["ten"], ["energy"]], "evidence": []},
        {"id": "b", "question": "Who is the president of Vietnam?", "expected": [["To Lam"]]},
        {"id": "c", "question": "How many tanks has Russia sold?", "answerable": False},
    ]
    path = tmp_path / "q.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
    fake_openai.SCRIPT.append(
        {"reply": lambda b: f"{PARTNERSHIPS} [{_n(b, 'zehn Partnerschaften')}]."}
    )
    metrics = run_eval(llm, path, tmp_path / "out")
    assert metrics["llm_answers"] == 1 and metrics["fallback_answers"] == 2
    assert metrics["accuracy_llm_answers"] == 1.0
    assert metrics["accuracy_all_extractive_mode"] is not None
    report = (tmp_path / "out" / "report.md").read_text("utf-8")
    assert "## LLM mode vs extractive mode (same questions)" in report
    assert "1 answers came from the model" in report
    assert llm.llm is not None  # the extractive run did not switch the model off
