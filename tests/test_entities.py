"""Which question words count as names, and whether the articles mention them."""

from __future__ import annotations

import pytest

from assistant.answer.names import question_names
from assistant.core import Assistant
from assistant.language.entities import Vocabulary
from assistant.language.lexical import content_words


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("Was sagte Botschafter Bezdetko über die Absichten Moskaus?", ["Bezdetko"]),
        (
            "Weshalb hat das Haager Gericht einen Haftbefehl gegen Xi Jinping erlassen?",
            ["Xi", "Jinping"],
        ),
        ("What could the Moscow-Pyongyang deal boost?", ["Moscow", "Pyongyang"]),
        ("What stands beside the Soviet-style blocks in Vietnam's cities?", ["Soviet", "Vietnam"]),
        ("Was sagte Xi Jinping zu dem Besuch?", ["Xi", "Jinping"]),
        ("Welche Maßnahmen enthält das EU-Sanktionspaket?", ["EU"]),
        ("Seit wann ist Gennady S. Bezdetko Botschafter?", ["Gennady", "Bezdetko"]),
    ],
)
def test_question_names(question: str, names: list[str]) -> None:
    assert question_names(question) == names


def test_other_spellings_of_a_name_count_as_mentioned(seeded: Assistant) -> None:
    vocabulary = seeded.library.vocabulary()
    assert vocabulary.has("Pacific")  # "asiatisch-pazifischen"
    assert vocabulary.has("Pyongyang")  # "Pjöngjang": capital names from GeoNames
    assert seeded.lexicon.never_mentioned(["Pyongyang", "Bryansk"], vocabulary) == ["Bryansk"]
    assert not vocabulary.has("Bryansk")
    assert not vocabulary.has("Sudan")  # "Süden" is one letter off but too short to guess


def test_english_country_names_are_found_under_their_german_names() -> None:
    vocabulary = Vocabulary("Putin reiste danach nach Kambodscha und Kasachstan.")
    assert vocabulary.has("Cambodia") and vocabulary.has("Kazakhstan")
    assert not vocabulary.has("Croatia")


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("Wofür steht die Abkürzung KPV?", ["Wofür", "Abkürzung", "KPV"]),
        ("Which oil fields did the EU name?", ["oil", "fields", "EU"]),
        ("Was hat er wo und wie gesagt?", []),
        ("Wann war er in diesem Land?", ["Land"]),
        ("Who started the war?", ["started", "war"]),
    ],
)
def test_content_words_keep_short_words_and_acronyms(question: str, words: list[str]) -> None:
    assert content_words(question) == words
