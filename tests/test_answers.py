"""Answers through `Assistant.ask` on the real seed index: content, citations, refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.answer.condense import Turn, condense
from assistant.core import Assistant

QUESTIONS = Path(__file__).resolve().parent.parent / "eval" / "questions.jsonl"


@pytest.mark.parametrize(
    "question", ["What did Vietnam and Russia sign?", "What did Hanoi and Moscow sign?"]
)
def test_flagship_question_cites_the_ten_partnerships(seeded: Assistant, question: str) -> None:
    answer = seeded.ask(question)
    assert not answer.refused
    assert "zehn Partnerschaften" in answer.answer
    cited = answer.citations[0]  # first: not a topic neighbour that signs nothing
    assert "zehn Partnerschaften" in cited.quote
    assert cited.source == "000_638b26e359cf2edd.txt" and cited.paragraph == 4
    assert f"[{cited.n}]" in answer.answer


def test_a_separable_verb_written_apart_answers_an_english_question(seeded: Assistant) -> None:
    answer = seeded.ask("When did Putin arrive in Hanoi?")
    assert not answer.refused
    assert "traf in der Nacht von Mittwoch auf Donnerstag" in answer.citations[0].quote


def test_every_citation_quotes_the_file_exactly(seeded: Assistant) -> None:
    texts = {a.source: a.text for a in seeded.articles()}
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    for line in QUESTIONS.read_text("utf-8").splitlines():
        q = json.loads(line)
        answer = seeded.ask(q["question"], history=q.get("history", []))
        for c in answer.citations:
            assert texts[c.source][c.start : c.end] == c.quote
            assert (seeds / c.source).read_text("utf-8")[c.start : c.end] == c.quote
            assert f"[{c.n}]" in answer.answer
        assert answer.refused == (not answer.citations)


def test_conflicting_presidents_are_both_named(seeded: Assistant) -> None:
    answer = seeded.ask("Who is the president of Vietnam?")
    assert answer.conflict
    assert "To Lam" in answer.answer and "Vo Van Thuong" in answer.answer
    assert {c.source for c in answer.citations} == {
        "000_638b26e359cf2edd.txt",
        "001_a4e8ecf6f88ecfcf.txt",
    }


@pytest.mark.parametrize(
    "question",
    [
        "Who is Vietnam's head of state?",
        "who is vietnams president",
        "Wer ist Vietnams Staatschef?",
    ],
)
def test_conflict_is_found_under_other_names_of_the_office(
    seeded: Assistant, question: str
) -> None:
    answer = seeded.ask(question)
    assert answer.conflict, answer.answer
    assert "To Lam" in answer.answer and "Vo Van Thuong" in answer.answer


@pytest.mark.parametrize("question", ["Who is the president of China?", "Who is the president?"])
def test_other_presidents_are_not_a_conflict(seeded: Assistant, question: str) -> None:
    assert not seeded.ask(question).conflict


def test_single_source_answer_is_not_a_conflict(seeded: Assistant) -> None:
    answer = seeded.ask("Who is the Russian ambassador?")
    assert not answer.conflict


def test_follow_up_uses_the_chat(seeded: Assistant) -> None:
    answer = seeded.ask("Where did he study?", history=["Who is Nguyen Phu Trong?"])
    assert not answer.refused
    assert "UdSSR" in answer.answer or "sowjetischen Universitäten" in answer.answer
    assert "Nguyen Phu Trong" in answer.steps["standalone_question"]


def test_follow_up_about_someone_only_the_answer_named(seeded: Assistant) -> None:
    chat = seeded.replay(["Who is the most influential figure of the regime?"])
    assert "Nguyen Phu Trong" in chat[0].answer
    answer = seeded.ask("Where did he study?", history=chat)
    assert "Nguyen Phu Trong" in answer.steps["standalone_question"]
    assert "sowjetischen Universitäten" in answer.answer or "UdSSR" in answer.answer


@pytest.mark.parametrize(
    ("earlier", "question", "standalone"),
    [
        (
            Turn("Who is Pham Minh Chinh?", "... Nguyen Phu Trong ..."),
            "How old is he?",
            "How old is he? (Who is Pham Minh Chinh?)",
        ),
        (
            Turn("Wer leitet das Regime?", "Die Artikel sagen: Parteichef Nguyen Phu Trong [1]"),
            "Wo hat er studiert?",
            "Wo hat er studiert? (Wer leitet das Regime? Nguyen Phu Trong)",
        ),
        (
            Turn("Is Vietnam likely to send weapons?", "... Tran Thanh Man ..."),
            "Why not?",
            "Why not? (Is Vietnam likely to send weapons?)",
        ),
        (
            Turn("Who leads the regime?", "... Nguyen Phu Trong ..."),
            "What did Russia sign?",
            "What did Russia sign?",
        ),
    ],
)
def test_condense(earlier: Turn, question: str, standalone: str) -> None:
    assert condense(question, [earlier]) == standalone


def test_german_question(seeded: Assistant) -> None:
    answer = seeded.ask("Was haben Hanoi und Moskau unterzeichnet?")
    assert "zehn Partnerschaften" in answer.answer
    assert answer.answer.startswith("Die Artikel sagen")


def test_question_about_something_never_mentioned_is_refused(seeded: Assistant) -> None:
    answer = seeded.ask("What did Emmanuel Macron say about the visit?")
    assert answer.refused and not answer.citations
    assert "Macron" in answer.answer


def test_empty_and_huge_questions_get_clear_messages(seeded: Assistant) -> None:
    empty = seeded.ask("   \x00  ")
    assert empty.refused and "type a question" in empty.answer
    huge = seeded.ask("Vietnam " * 20_000)
    assert huge.refused and "limit" in huge.answer
    assert huge.latency_ms < 2000


def test_json_contract(seeded: Assistant) -> None:
    data = seeded.ask("Wo studierte Nguyen Phu Trong?").to_dict()
    assert set(data) == {
        "question",
        "answer",
        "refused",
        "conflict",
        "mode",
        "notice",
        "latency_ms",
        "citations",
    }
    assert data["mode"] == "extractive"
    assert set(data["citations"][0]) == {
        "n",
        "source",
        "title",
        "paragraph",
        "start",
        "end",
        "quote",
    }
