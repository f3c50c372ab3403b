"""English words found in German text through the Ding dictionary."""

from __future__ import annotations

import sys
from pathlib import Path

from assistant.language.dictionary import english_words, german_synonyms, translations
from assistant.language.entities import name_in_text
from assistant.language.separable import joined_verbs

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import make_dictionary  # noqa: E402

PARTNERSHIPS = (
    "Hanoi und Moskau haben rund zehn Partnerschaften in den Bereichen Justiz, "
    "Energie, Bildung und zivile Kernenergie unterzeichnet."
)


def test_inflected_english_words_find_their_german_forms() -> None:
    assert "unterzeichnet" in translations("signed")
    assert "Partnerschaft" in translations("Partnerships".rstrip("s"))
    assert name_in_text("signed", PARTNERSHIPS)
    assert name_in_text("partnerships", PARTNERSHIPS)  # "Partnerschaft" + plural ending
    assert not name_in_text("weapons", PARTNERSHIPS)
    assert translations("qwzx") == ()


def test_german_synonyms_share_two_english_words_or_the_only_one() -> None:
    assert "expert" in english_words("Fachmann")
    assert "Experte" in german_synonyms("Fachmann")  # expert, specialist, professional
    assert "Volkszählung" in german_synonyms("Zensus")  # census, its only English word
    assert "veröffentlicht" in german_synonyms("publiziert")
    assert "groß" not in german_synonyms("weitläufig")  # one sense of many: polysemy
    assert "Fachmann" not in german_synonyms("Fachmann")


def test_dictionary_lines_pair_aligned_forms_and_skip_phrases() -> None:
    lines = [
        "# Version :: devel 2023-01-30",
        "(einen Vertrag) unterzeichnen {vt} | unterzeichnend | unterzeichnet :: "
        "to ink (a contract) | inking | inked",
        "Sauerstoff {m} /O/ [chem.] :: oxygen /O/",
        "sich die Beine vertreten {vr} :: to stretch one's legs",
        "Haus {n}; Gebäude {n} | Häuser {pl} :: house; building | houses",
    ]
    table = make_dictionary.translations(lines)
    assert table["inked"] == {"unterzeichnet"}
    assert table["ink"] == {"unterzeichnen"}
    assert table["oxygen"] == {"Sauerstoff"}
    assert table["house"] == {"Haus", "Gebäude"} and table["houses"] == {"Häuser"}
    assert "stretch one's legs" not in table and "legs" not in table


def test_separable_verbs_written_apart_are_joined() -> None:
    arrived = "Wladimir Putin traf in der Nacht auf Donnerstag in Vietnam ein, nach einem Besuch."
    assert joined_verbs(arrived) == ("eintreffen",)
    assert "stattfinden" in joined_verbs("Das Treffen fand im Präsidentenpalast statt.")
    assert "ankündigen" in joined_verbs("Er kündigte neue Sanktionen an.")
    assert joined_verbs("Putin sagte, er sei froh über den Besuch.") == ()
    assert name_in_text("arrive", arrived)  # "arrive" → "eintreffen", written "traf ... ein"
    assert not name_in_text("leave", arrived)
