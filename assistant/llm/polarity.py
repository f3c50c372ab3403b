"""Does a claim keep its source's polarity and modality? ("did not" vs "unterzeichnete",
"likely" vs "unwahrscheinlich", "must" vs "kann").

The cue words of each class (negation, possible, likely, unlikely, necessary, certain) are
closed classes of English and German grammar (`data/cues.json`, provenance there);
"not only"/"nicht nur" negate nothing. A class counts for a text when one of its
cue words occurs there in either language, so an English claim is compared with a
German source class by class. A German modal adjective counts in its inflected forms
too ("38 möglichen Nominierungen" says "possible" as "möglich" does).
"""

from __future__ import annotations

import re
from functools import cache

from assistant.language.data import load_json

_WORD = re.compile(r"[^\W\d_]+(?:'[a-z]+)?", re.IGNORECASE)
# A claim must keep these when its source has them, and may not add them.
_BOTH_WAYS = ("negation", "likely", "unlikely")
# A claim may not add these (a source's "kann" in another clause leaves it free).
_NOT_ADDED = ("possible", "necessary", "certain")
# Classes of modal adjectives, whose German cue words are also found inflected; not
# "certain", whose "bestimmten" mostly means "particular", nor negation ("Nichte").
_INFLECTED = ("possible", "likely", "unlikely", "necessary")
_ENDINGS = ("en", "er", "es", "em", "e")  # German adjective endings
_MIN_INFLECTED = 6  # letters of a cue word that is also found inflected
_NO = re.compile(r"^\W*(?:no|nein)\s*[,.;:!–-]\s*", re.IGNORECASE)  # a yes/no question's answer


@cache
def _cues() -> tuple[dict[str, frozenset[str]], re.Pattern[str]]:
    data = load_json("cues")
    classes = {
        name: frozenset(w.lower() for words in by_lang.values() for w in words)
        for name, by_lang in data["classes"].items()
    }
    pseudo = [p for phrases in data["pseudo_negations"].values() for p in phrases]
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, pseudo)) + r")\b", re.IGNORECASE)
    return classes, pattern


def cue_classes(text: str) -> frozenset[str]:
    """The cue classes whose words occur in `text` (pseudo-negations removed first)."""
    classes, pseudo = _cues()
    words = {w.lower() for w in _WORD.findall(pseudo.sub(" ", text))}
    words |= {"not" for w in words if w.endswith("n't")}
    stems = {w[: -len(e)] for w in words for e in _ENDINGS if w.endswith(e)}
    stems = {w for w in stems if len(w) >= _MIN_INFLECTED}
    return frozenset(
        name
        for name, cues in classes.items()
        if words & cues or (name in _INFLECTED and stems & cues)
    )


def polarity_match(claim: str, source: str, question: str = "") -> bool:
    """`claim` asserts with the polarity and modality of `source`: it drops no negation or
    likelihood the source states and adds none, nor a possibility or necessity.

    A leading "No," / "Nein," counts as no negation of its own when the rest of the
    claim states one ("No, that is seen as unlikely" keeps "unwahrscheinlich").
    A cue the claim takes from the `question` ("Since when have they not been this
    close?" → "They have not been this close since ...") is the question's framing,
    not a fact the claim adds.
    """
    rest = _NO.sub("", claim, count=1)
    if rest != claim and cue_classes(rest) & {"negation", "unlikely"}:
        claim = rest  # "No, that is unlikely": the answer particle restates the rest's cue
    mine, theirs = cue_classes(claim), cue_classes(source)
    mine -= cue_classes(question) - theirs
    if any((name in mine) != (name in theirs) for name in _BOTH_WAYS):
        return False
    return all(name in theirs for name in _NOT_ADDED if name in mine)
