"""Conflicts on numbers and dates, on two articles written for this test.

`tests/data/conflicts/` holds two reports of one wind farm: they disagree on the
number of turbines (200 / 180), on the death toll of a ship sinking (sieben /
neun Seeleute) and its date (12. / 14. März), and agree on the cost (4,5
Milliarden Euro) and the start (2029); one names 500 jobs, the other 500 and
then 450 (a change it reports, not a disagreement). They are indexed with the real model in
a real Chroma index.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer.dates import Dated, dates
from assistant.answer.value_conflicts import _same_thing
from assistant.answer.values import counts
from assistant.config import load_settings
from assistant.core import Assistant

ARTICLES = Path(__file__).resolve().parent / "data" / "conflicts"
SOURCES = {"windpark_kurier.txt", "windpark_rundschau.txt"}


@pytest.fixture(scope="module")
def wind(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    """An `Assistant` over a real index of the two wind farm articles."""
    base = tmp_path_factory.mktemp("wind")
    settings = load_settings().with_(
        index_dir=base / "index", uploads_dir=base / "uploads", seeds_dir=ARTICLES
    )
    assistant = Assistant(settings)
    report = assistant.ingest([ARTICLES])
    assert not report.errors, report.errors
    return assistant


@pytest.mark.parametrize(
    ("question", "values", "lead"),
    [
        ("How many wind turbines will the Nordlicht wind farm have?", ["200", "180"], "The"),
        ("Wie viele Windräder soll der Windpark Nordlicht haben?", ["200", "180"], "Die"),
        ("How many sailors died when the supply ship sank?", ["sieben", "neun"], "The"),
        (
            "Wie viele Seeleute starben beim Untergang des Versorgungsschiffs?",
            ["sieben", "neun"],
            "Die",
        ),
        ("Wann kenterte das Versorgungsschiff?", ["12. März", "14. März"], "Die"),
    ],
)
def test_different_values_are_a_conflict_quoting_both(
    wind: Assistant, question: str, values: list[str], lead: str
) -> None:
    answer = wind.ask(question)
    assert answer.conflict, answer.answer
    assert answer.answer.startswith(f"{lead} "), answer.answer
    assert "disagree" in answer.answer or "widersprechen" in answer.answer
    assert all(v in answer.answer for v in values), answer.answer
    assert {c.source for c in answer.citations} == SOURCES


@pytest.mark.parametrize(
    "question",
    [
        "Wie viel kostet der Bau des Windparks?",  # 4,5 Milliarden Euro in both
        "How much will the wind farm cost?",
        "Ab wann soll der Windpark Strom liefern?",  # 2029 in both
        "Wie viele Haushalte soll der Windpark versorgen?",  # one article only
        "Wie viele Arbeitsplätze schafft der Windpark?",  # 500, and 450 in the article saying both
        "How many jobs will the wind farm create?",  # the turbine sentences are close, not asked
        "Wie viele Modelle zeigt das Museum für Schifffahrt?",  # about something else
        "Who operates the wind farm?",
    ],
)
def test_agreeing_or_unrelated_values_are_no_conflict(wind: Assistant, question: str) -> None:
    answer = wind.ask(question)
    assert not answer.refused, answer.answer
    assert not answer.conflict, answer.answer


def test_counts_and_dates_are_read_in_german_and_english_formats() -> None:
    def read(sentence: str) -> list[tuple[float, tuple[str, ...]]]:
        return [(c.value, c.units) for c in counts(sentence)]

    assert read("Bei dem Unglück kamen sieben Seeleute ums Leben.") == [(7.0, ("Seeleute",))]
    assert read("Es kostet 4,5 Milliarden Euro und 1.500 neue Stellen.") == [
        (4.5e9, ("Euro",)),
        (1500.0, ("Stellen",)),
    ]
    assert read("About 1,500 people, in 2029.") == [(1500.0, ("people",))]
    found = dates("Am 12. März 2024 und am 3.10.1990, on May 5, ab 2029")
    assert [d.date for d in found] == [
        (2024, 3, 12),
        (1990, 10, 3),
        (None, 5, 5),
        (2029, None, None),
    ]
    sinking = dates("Während eines Sturms am 12. März kenterte ein Versorgungsschiff.")
    assert sinking == (Dated((None, 3, 12), ("eines", "Sturms", "kenterte", "Versorgungsschiff")),)


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("Der Park soll 200 Windräder umfassen.", "Geplant sind 180 Windrädern.", True),
        ("Bei dem Anschlag starben 200 Menschen.", "Beim Anschlag starben 180 Menschen.", True),
        ("Die Wahlbeteiligung lag bei 60 Prozent.", "Die Partei erhielt 35 Prozent.", False),
        ("Der Park soll 200 Windräder umfassen.", "Er schafft 180 Arbeitsplätze.", False),
    ],
)
def test_a_common_counted_word_needs_a_rare_word_beside_both_counts(
    first: str, second: str, same: bool
) -> None:
    assert _same_thing(counts(first)[0], counts(second)[0]) == same
