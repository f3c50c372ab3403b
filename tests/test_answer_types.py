"""The kind of fact a question asks for, and which sentences supply it."""

from __future__ import annotations

import pytest

from assistant import extractive
from assistant.answer_types import answer_kind, supplies
from assistant.core import Assistant
from assistant.entities import Vocabulary
from assistant.lexical import LexicalScorer
from assistant.retrieve import Passage
from assistant.roles import asked_offices, names_offices


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


def test_holder_of_an_office_the_articles_never_name_is_refused(seeded: Assistant) -> None:
    answer = seeded.ask("Wer ist Vietnams Außenminister?")
    assert answer.refused, answer.answer
    assert "niemanden als Außenminister" in answer.answer
    answer = seeded.ask("Who is the foreign minister of Vietnam?")
    assert answer.refused and "name no foreign minister" in answer.answer


@pytest.mark.parametrize(
    ("question", "left_out"),
    [
        ("Wie lange sprach Putin mit Anna Kowalski?", "Anna Kowalski"),
        ("Wie lange sprach Putin mit Max Muster?", None),
        ("Was unterzeichnete Putin 2019?", "2019"),
        ("Was unterzeichnete Putin 2017?", None),
        ("Was unterzeichnete Putin in Hanoi?", "Hanoi"),
    ],
)
def test_answer_must_be_about_the_names_and_years_asked(
    question: str, left_out: str | None
) -> None:
    text = (
        "Max Muster traf Putin 2017 für drei Stunden. Das war lang. "
        "Putin sprach drei Stunden lang mit allen. Anna Kowalski kam 2018 nach Hanoi."
    )
    retrieved = [("Putin sprach drei Stunden lang mit allen.", 0.90)]
    retrieved += [("Max Muster traf Putin 2017 für drei Stunden.", 0.88)]
    passages = [
        Passage("a.txt", "T", 1, 0, text.index(s), text.index(s) + len(s), 0, len(text), s, score)
        for s, score in retrieved
    ]
    selection = extractive.select(
        question,
        passages,
        Vocabulary(text),
        LexicalScorer([text]),
        extractive.ExtractiveParams(min_score=0.5, margin=0.1),
        {"a.txt": text},
    )
    assert selection.refused is (left_out is not None)
    if left_out:
        assert selection.refusal_text("de").endswith(f"erwähnen {left_out} nicht.")
