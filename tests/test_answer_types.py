"""The kind of fact a question asks for, and which sentences supply it."""

from __future__ import annotations

import pytest

from assistant.answer.answer_types import answer_kind, supplies
from assistant.answer.roles import asked_offices, names_offices
from assistant.core import Assistant


@pytest.mark.parametrize(
    ("question", "kind", "supplying", "not_supplying"),
    [
        ("In welchem Monat erging der Haftbefehl?", "month", "im März 2023", "im Jahr 2023"),
        ("In which decade did he study there?", "decade", "in den 1980er Jahren", "als Student"),
        ("At what time of day did he land?", "daytime", "in der Nacht", "am Donnerstag"),
        ("On which day did the article appear?", "weekday", "am Mittwoch", "in der Zeitung"),
        ("Wie viele Abkommen gibt es?", "number", "rund zehn Abkommen", "viele Abkommen"),
        ("How many tourists came?", "number", "100 Millionen Einwohner", "seit dem Jahr 2017"),
        ("Aus wie vielen Gründen legt er Wert darauf?", "number", "zwei Gründe", "aus Gründen"),
        ("What is the value of the deals?", "money", "Deals über 2 Mrd. Dollar", "wertvolle Deals"),
        ("What did he tell Putin?", "statement", "„Wir sind Freunde“, sagte er", "Er traf Putin"),
        ("Was sagte Japan dazu?", "statement", "Japan erklärte, es sei besorgt", "Japan und Pakt"),
    ],
)
def test_kind_and_supply(question: str, kind: str, supplying: str, not_supplying: str) -> None:
    assert answer_kind(question) == kind
    assert supplies(kind, supplying)
    assert not supplies(kind, not_supplying)


def test_month_asked_but_only_the_year_given_is_refused(seeded: Assistant) -> None:
    answer = seeded.ask("In welchem Monat 2023 hat der IStGH den Haftbefehl gegen Putin erlassen?")
    assert answer.refused, answer.answer
    assert "keinen Monat" in answer.answer  # says why


@pytest.mark.parametrize(
    ("question", "sentence", "named"),
    [
        ("Wer ist der Regierungschef Vietnams?", "traf er den Premierminister Pham", True),
        ("Who is Vietnam's foreign minister?", "traf er den Premierminister Pham", False),
        ("Who is the president?", "erklärte der US-Präsident Joe Biden", True),
        ("Who is the president?", "der Vizepräsident Max Muster", False),
        ("Who is the king?", "making a deal with the Kingdom", False),
        ("Which court wants the president arrested?", "Der Strafgerichtshof", True),
    ],
)
def test_offices(question: str, sentence: str, named: bool) -> None:
    assert names_offices(sentence, asked_offices(question)) is named


def test_a_name_in_another_language_counts_as_mentioned(seeded: Assistant) -> None:
    # The articles only write "Pjöngjang" and "Moskau": the word vectors find them.
    answer = seeded.ask("What did Pyongyang agree with Moscow?")
    assert not answer.refused, answer.answer
    assert any("Nordkorea" in c.quote for c in answer.citations)


def test_a_name_no_article_mentions_is_refused(seeded: Assistant) -> None:
    answer = seeded.ask("How many inhabitants does Fresno have?")
    assert answer.refused and "never mention Fresno" in answer.answer


def test_a_question_none_of_whose_words_the_passages_mention_is_refused(
    seeded: Assistant,
) -> None:
    answer = seeded.ask("What is the boiling point of liquid nitrogen?")
    assert answer.refused, answer.answer
    assert "do not mention boiling" in answer.answer
