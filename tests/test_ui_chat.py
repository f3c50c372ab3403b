"""The web app's chat handler, called as Gradio calls it, over a real index of
`tests/data/chat/` (an article written for these tests) with the real model."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from assistant.core import Assistant
from assistant.web.ui import build_app

LENGTH = 5_000


@pytest.fixture(scope="module")
def app(observatory: Assistant):  # noqa: ANN201
    return build_app(observatory)


def _handler(app: object, name: str) -> Callable:
    return next(f.fn for f in app.fns.values() if f.name == name)


def test_the_question_box_does_not_cut_a_long_paste(app: object) -> None:
    box = next(b for b in app.blocks.values() if getattr(b, "elem_id", None) == "question")
    assert box.max_length is None


def test_an_over_long_question_gets_the_limit_message_not_an_answer(
    app: object, observatory: Assistant
) -> None:
    asked = "Where did Mara Lindqvist work before she took over the observatory? "
    question = (asked * (LENGTH // len(asked) + 1))[:LENGTH]
    limit = observatory.settings.max_question_chars
    assert "Effelsberg" in observatory.ask(question[:limit]).answer  # cut, it would be answered
    *_, (chat, box, turns, *_rest) = _handler(app, "respond")(question, [], [], 0, [])
    shown = chat[-1]["content"]
    assert f"{LENGTH:,} characters long" in shown and f"the limit is {limit:,}" in shown
    assert "Effelsberg" not in shown and "The articles say" not in shown
    assert chat[0]["content"].count("Lindqvist") == question.count("Lindqvist")  # all of it
    assert box == ""
    assert turns[-1].question == question
