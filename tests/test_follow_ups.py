"""Follow-ups and standalone questions in one chat, on `tests/data/chat/` (an article
written for these tests) indexed with the real model in a real Chroma index."""

from __future__ import annotations

import pytest

from assistant.answer.condense import Turn, condense, is_follow_up
from assistant.core import Assistant

STANDALONE = "Where did Mara Lindqvist work before she took over the observatory?"
UNRELATED = "Who is the mayor of Innsbruck?"


def _quotes(answer: object) -> list[str]:
    return [c.quote for c in answer.citations]


@pytest.mark.parametrize(
    "question",
    [
        STANDALONE,
        "Where was Putin before he came to Vietnam?",
        "What did Georg Wallner praise when he visited the observatory?",
        "Was sagte Mara Lindqvist, bevor sie nach Tirol kam?",
        "Which treaty did Vietnam sign there in 2024?",
    ],
)
def test_a_pronoun_named_before_in_the_question_leans_on_nothing(question: str) -> None:
    assert not is_follow_up(question)
    assert condense(question, [Turn(UNRELATED, "... Georg Wallner ...")]) == question


@pytest.mark.parametrize(
    "question",
    [
        "Where did he work before?",
        "Who praised him before Georg Wallner left?",  # "him" comes before the name
        "What did they sign in Vietnam?",  # "they" may be anyone
        "What did Mara Lindqvist find there?",  # a person is no place
        "And when was that?",
        "Why not?",
        "Wie viele waren es?",  # four words, no pronoun, nothing of its own
        "How many of them were there?",
    ],
)
def test_a_pronoun_without_its_referent_still_leans_on_the_chat(question: str) -> None:
    assert is_follow_up(question)
    assert condense(question, [Turn(UNRELATED)]) == f"{question} ({UNRELATED})"


def test_a_standalone_question_gets_the_same_answer_after_an_unrelated_turn(
    observatory: Assistant,
) -> None:
    alone = observatory.ask(STANDALONE)
    assert any("Radioteleskop Effelsberg" in q for q in _quotes(alone))
    chat = observatory.replay([UNRELATED])
    assert "Georg Wallner" in chat[0].answer
    after = observatory.ask(STANDALONE, history=chat)
    assert _quotes(after) == _quotes(alone)
    assert after.steps["standalone_question"] == STANDALONE


def test_a_follow_up_is_answered_from_the_sentences_the_previous_answer_quoted(
    observatory: Assistant,
) -> None:
    chat = observatory.replay(["Who praised the work of the researchers?"])
    texts = observatory.library.texts()
    quoted = [texts[source][start:].split(".")[0] for source, start in chat[0].cited]
    assert any("Georg Wallner" in q and "am Nachmittag" in q for q in quoted)
    answer = observatory.ask("When did he do that?", history=chat)
    assert "am Nachmittag" in answer.answer
    assert {(c.source, c.start) for c in answer.citations} <= set(chat[0].cited)
