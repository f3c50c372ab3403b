"""Answers quote what answers, not its topic neighbours (on `tests/data/padding/`, an
article written for these tests, indexed with the real model in a real Chroma index)."""

from __future__ import annotations

import pytest

from assistant.answer.extractive import with_enumerations
from assistant.core import Assistant

REASONS = "aus zwei Hauptgründen"


def _quotes(answer: object) -> list[str]:
    return [c.quote for c in answer.citations]


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("What did the council decide on Tuesday?", "Dächer aller sieben Schulen"),
        ("How many inhabitants does Lindenau have?", "12.400 Einwohner"),
        ("Wie viele Einwohner hat Lindenau?", "12.400 Einwohner"),
    ],
)
def test_a_neighbour_from_another_paragraph_is_not_quoted(
    solar: Assistant, question: str, answer: str
) -> None:
    result = solar.ask(question)
    quotes = _quotes(result)
    assert len(quotes) == 1, quotes
    assert answer in quotes[0]


@pytest.mark.parametrize(
    "question", ["Why is Lindenau turning to solar power?", "Warum setzt Lindenau auf Solarstrom?"]
)
def test_an_enumeration_that_continues_the_answer_stays(solar: Assistant, question: str) -> None:
    quotes = _quotes(solar.ask(question))
    assert REASONS in quotes[0]
    assert [q.split()[0] for q in quotes[1:]] == ["Erstens", "Zweitens"]


def test_an_enumeration_opened_by_a_second_sentence_is_left_out(solar: Assistant) -> None:
    retrieved = solar.retriever.retrieve("How many inhabitants does Lindenau have?")
    best = next(p for p in retrieved if "Einwohner" in p.text)
    neighbour = next(p for p in retrieved if REASONS in p.text)
    texts = solar.library.texts()
    assert [p.text for p in with_enumerations([best, neighbour], texts)] == [
        best.text,
        neighbour.text,
    ]
    opened = with_enumerations([neighbour], texts)
    assert [p.text.split()[0] for p in opened[1:]] == ["Erstens", "Zweitens"]
