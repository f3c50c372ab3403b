"""The kind of fact a question asks for, and which sentences supply it."""

from __future__ import annotations

import pytest

from assistant.answer_types import answer_kind, supplies
from assistant.core import Assistant


@pytest.mark.parametrize(
    ("question", "kind", "supplying", "not_supplying"),
    [
        ("In welchem Monat erging der Haftbefehl?", "month", "im März 2023", "im Jahr 2023"),
        ("In which decade did he study there?", "decade", "in den 1980er Jahren", "als Student"),
        ("At what time of day did he land?", "daytime", "in der Nacht", "am Donnerstag"),
        ("On which day did the article appear?", "weekday", "am Mittwoch", "in der Zeitung"),
        ("Wie viele Abkommen gibt es?", "number", "rund zehn Abkommen", "viele Abkommen"),
    ],
)
def test_kind_and_supply(question: str, kind: str, supplying: str, not_supplying: str) -> None:
    assert answer_kind(question) == kind
    assert supplies(kind, supplying)
    assert not supplies(kind, not_supplying)


def test_month_asked_but_only_the_year_given_is_refused(seeded: Assistant) -> None:
    answer = seeded.ask("In welchem Monat 2023 hat der IStGH den Haftbefehl gegen Putin erlassen?")
    assert answer.refused, answer.answer
