"""Does a claim keep its source's polarity and modality? ("did not" vs "unterzeichnete",
"likely" vs "unwahrscheinlich", "must" vs "kann").

The cue words of each class (negation, possible, likely, unlikely, necessary, certain) are
closed classes of English and German grammar (`data/cues.json`, provenance there);
"not only"/"nicht nur" negate nothing. A class counts for a text when one of its
cue words occurs there in either language, so an English claim is compared with a
German source class by class.
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
    return frozenset(name for name, cues in classes.items() if words & cues)


def polarity_match(claim: str, source: str, question: str = "") -> bool:
    """`claim` asserts with the polarity and modality of `source`: it drops no negation or
    likelihood the source states and adds none, nor a possibility or necessity.

    A cue the claim takes from the `question` ("Since when have they not been this
    close?" → "They have not been this close since ...") is the question's framing,
    not a fact the claim adds.
    """
    mine, theirs = cue_classes(claim), cue_classes(source)
    mine -= cue_classes(question) - theirs
    if any((name in mine) != (name in theirs) for name in _BOTH_WAYS):
        return False
    return all(name in theirs for name in _NOT_ADDED if name in mine)
