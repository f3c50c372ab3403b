"""Does a source support a claim, and does the claim answer the question? Word-level checks.

* `facts_match`: every number of the claim is a number of the source, compared as
  values ("10" = "zehn" = "ten", "1,950" = "1950"), and every name of the claim
  (`names.question_names`: capitalised words after the first, in German only
  name-like ones) occurs in the source.
* `overlap`: share of the claim's content words found in the source (names,
  shared stems, the English → German glossary of `lexical.word_in`); words about
  the sources ("article", "laut") do not count.
* `answers`: a claim for a question that asks for a kind of fact (`answer_types`:
  a number for "how old", a date for "when", ...) holds that kind of fact, and
  so does its source; one for "who" holds a name.
"""

from __future__ import annotations

import re

from assistant.answer_types import answer_kind, supplies
from assistant.data import load_json
from assistant.lexical import content_words, word_in
from assistant.names import person_names, question_names

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WHO = re.compile(r"^\W*(?:who|whom|whose|wer|wen|wem|wessen)\b", re.IGNORECASE)


def _meta() -> frozenset[str]:
    return frozenset(load_json("verify")["meta_words"])


def _digit_values(token: str) -> set[float]:
    """The values a written number can have: "1.950" is 1950 in German, 1.95 in English."""
    plain = token.replace(",", "").replace(".", "")
    values = {float(plain)}
    for sep, other in ((".", ","), (",", ".")):
        if token.count(sep) == 1 and other not in token:
            values.add(float(token.replace(sep, ".")))
    return values


def number_values(text: str) -> list[set[float]]:
    """The possible values of each number in `text`, in digits or words ("zehn", "ten")."""
    words = load_json("verify")["number_words"]
    out = [_digit_values(t) for t in _NUMBER.findall(text)]
    out += [{float(words[w])} for w in re.findall(r"\w+", text.lower()) if w in words]
    return out


def facts_match(claim: str, source: str) -> bool:
    """Every number in `claim` has its value in `source`; every name occurs in it too."""
    found: set[float] = set().union(*number_values(source))
    if not all(values & found for values in number_values(claim)):
        return False
    return all(word_in(name, source) for name in question_names(claim))


def overlap(claim: str, source: str) -> float:
    """Share of the claim's content words found in `source` (0.0 when it has none)."""
    meta = _meta()
    words = [w for w in content_words(claim) if not w.isdigit() and w.lower() not in meta]
    if not words:
        return 0.0
    return sum(word_in(w, source) for w in words) / len(words)


def answers(question: str, claim: str, source: str) -> bool:
    """`claim`, and the `source` it cites, hold the kind of fact `question` asks for."""
    if _WHO.search(question) and not (person_names(claim) or question_names(claim)):
        return False
    kind = answer_kind(question)
    return supplies(kind, claim) and supplies(kind, source)
