"""Does a source support a claim, and does the claim answer the question? Word-level checks.

* `facts_match`: every number of the claim is a number of the source, compared as
  values ("10" = "zehn" = "ten", "1,950" = "1950"; number words through
  `text2num`); a count of the claim has its value among the source's counts of the
  same word ("4 tackles" fails against "118 Tackles ... 4 Interceptions",
  `values.counts`); every date of the claim is one of the source's, field by
  field (`dates.dates`); every name of the claim
  (`names.question_names`: capitalised words after the first, in German only
  name-like ones; the first word when it is a rare word) occurs in the source.
* `overlap`: share of the claim's content words found in the source (names,
  shared stems, lemmas, German/English country and capital names, dictionary
  translations: `asked.said_in`); words about the sources ("article", "laut") do
  not count.
* `answers`: the claim is about the question and holds what it asks for: a
  statement not cut off with "…" that says more than
  the question (a content word the question lacks); unless it is a terse
  answer of up to four words, sharing a word of what the question asks besides
  its names (`asked_words`; "die" in "What year did Tesla die?", found by stem,
  lemma, compound head or translation, `said_in`) and keeping the question's
  names (in the claim or its source); the numbers the question writes in digits
  ("1901") in the claim or its source; the kind of fact asked for
  (`answer_types`: a number for "how old", a date for "when", ...) in claim and
  source; a name for "who"; what the claim adds to the question is in the
  source, and stands there beside what is asked (`beside.py`).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import cache

from assistant.answer.answer_types import answer_kind, supplies
from assistant.answer.dates import date_covered, dates, weekdays
from assistant.answer.names import person_names, question_names
from assistant.answer.values import counts, same_word
from assistant.language.data import load_json, stop_words
from assistant.language.lexical import content_words, word_in
from assistant.llm.asked import asked_words, said_in
from assistant.llm.beside import (
    claim_names,
    copies,
    count_about,
    fact_names,
    name_about,
    names_beside,
    value_beside,
)
from assistant.llm.numbers import NUMBER, digit_values, number_values

_TERSE = 4
_MIN_SPELT = 4
_SPELT_ALIKE = 0.75  # "warsaw"/"warschau" 0.71 no, "tschaikowski"/"tchaikovsky" 0.78 yes
_NAME_WORD = re.compile(r"[^\W\d_]{4,}")
_ASKED_SHARE = 0.25  # as the extractive reader's refusal: a quarter of the question's words
_WHO = re.compile(r"^\W*(?:\w+\s+)?(?:who|whom|whose|wer|wen|wem|wessen)\b", re.IGNORECASE)


@cache
def _meta() -> frozenset[str]:
    return frozenset(load_json("verify")["meta_words"])


@cache
def _not_added() -> frozenset[str]:
    """Words a claim adds without adding a fact: about the sources, or function words."""
    return _meta() | stop_words("de") | stop_words("en")  # a mixed-language claim's "seit"


def counts_match(claim: str, source: str) -> bool:
    """Each count of `claim` whose counted word the source counts too has one of its values."""
    theirs = counts(source)
    for count in counts(claim):
        same = [c for c in theirs if any(same_word(a, b) for a in count.units for b in c.units)]
        if same and all(c.value != count.value for c in same):
            return False
    return True


def dates_match(claim: str, source: str, question: str = "") -> bool:
    """Every date of `claim` is stated in `source` (or the `question`, its framing) with the
    same year, month and day it gives, and every day of the week it names too ("Dienstag"
    fails against "Donnerstagmorgen")."""
    found = dates(source) + dates(question)
    if not all(date_covered(d.date, found) for d in dates(claim)):
        return False
    return weekdays(claim) <= weekdays(source) | weekdays(question)


def facts_match(claim: str, source: str, context: str | None = None, question: str = "") -> bool:
    """Every number in `claim` has its value in `source`; every name occurs in it too, or
    in its `context` (the source window the model read: "Er" there names him), or in the
    `question`, whose names, numbers and dates are its framing ("Putin" in "Wann kam Putin
    an?", 2000 in "Who won before 2000?")."""
    found: set[float] = set().union(*number_values(source), *number_values(question))
    if not all(values & found for values in number_values(claim)):
        return False
    if not counts_match(claim, source) or not dates_match(claim, source, question):
        return False
    return all(
        word_in(name, question) or name_said(name, claim, context or source)
        for name in fact_names(claim)
    )


def name_said(name: str, claim: str, source: str) -> bool:
    """The name `name` of `claim` is in `source`: as written, as another name of its country
    or capital ("Russland", "Moskau"), by lemma or translation ("Court" in "Gerichtshof"),
    or spelt alike in the other language ("Warsaw", "Warschau"; `_SPELT_ALIKE`)."""
    if word_in(name, source) or said_in(name, claim, source):
        return True
    own = name.lower()
    return len(own) >= _MIN_SPELT and any(
        word[0] == own[0] and SequenceMatcher(None, own, word).ratio() >= _SPELT_ALIKE
        for word in {w.lower() for w in _NAME_WORD.findall(source)}
    )


def overlap(claim: str, source: str) -> float:
    """Share of the claim's content words found in `source` (0.0 when it has none)."""
    meta = _meta()
    words = [w for w in content_words(claim) if not w.isdigit() and w.lower() not in meta]
    if not words:  # a bare number ("1971") is its value: `facts_match` compared it
        return 1.0 if number_values(claim) else 0.0
    return sum(said_in(w, claim, source) for w in words) / len(words)


def answers(question: str, claim: str, source: str) -> bool:
    """`claim`, with the `source` it cites, is about `question` and holds what it asks for."""
    if claim.rstrip(" .]").endswith(("…", "...")):
        return False  # a cut-off copy is no answer
    if all(said_in(w, claim, question) for w in content_words(claim)):
        return False  # "Warschaus erstes literarisches Kabarett" only repeats the question
    if len(claim.split()) > _TERSE:  # "In the USSR." answers without repeating the question
        asked = asked_words(question)
        if sum(said_in(w, question, claim) for w in asked) < _ASKED_SHARE * len(asked):
            return False  # sharing too few of the words asked, it is about something else
        if not all(word_in(n, claim) or word_in(n, source) for n in question_names(question)):
            return False  # nor one that leaves out whom or what the question names
    if not numbers_kept(question, claim, source):
        return False  # "Warschau war … eine multikulturelle Stadt" for its population in 1901
    if not all(said_in(w, claim, source) for w in added_words(question, claim)):
        return False  # what the claim adds to the question is its answer: the source must say it
    if _WHO.search(question) and not (person_names(claim) or claim_names(claim)):
        return False
    if _WHO.search(question) and not name_about(question, claim, source):
        return False
    if not copies(claim, source) and not names_beside(question, claim, source):
        return False
    kind = answer_kind(question)
    if kind == "number" and not count_about(question, claim, source):
        return False
    if typed_value(question, claim) and not value_beside(question, claim, source):
        return False
    return supplies(kind, claim) and supplies(kind, source)


def answers_kind(question: str, claim: str, source: str) -> bool:
    """`claim` and its `source` hold the kind of fact `question` asks for (a number for
    "how many", a date for "when", a name for "who"), and keep the names and digits the
    question gives, in either language: the checks of `answers` that hold for a claim
    in other words than its source's."""
    if claim.rstrip(" .]").endswith(("…", "...")):
        return False
    if not all(word_in(n, claim) or word_in(n, source) for n in question_names(question)):
        return False
    if not numbers_kept(question, claim, source):
        return False
    if _WHO.search(question) and not (person_names(claim) or claim_names(claim)):
        return False
    kind = answer_kind(question)
    return supplies(kind, claim) and supplies(kind, source)


def numbers_kept(question: str, claim: str, source: str) -> bool:
    """Every number `question` writes in digits (a year, a count it names) has its value in
    `claim` or its `source`: like a name, it says which fact is asked for."""
    found: set[float] = set().union(*number_values(claim), *number_values(source))
    return all(values & found for values in map(digit_values, NUMBER.findall(question)))


def typed_value(question: str, claim: str) -> bool:
    """`claim` is a terse value of the kind asked ("1971" for "What year ...?", "9" for
    "Wie viele ...?"): the kind and the value's place in the source say what it is about,
    a bare value has no topic to compare with the question's."""
    kind = answer_kind(question)
    return (
        len(claim.split()) <= _TERSE
        and kind is not None
        and supplies(kind, claim)
        and bool(number_values(claim))
    )


def added_words(question: str, claim: str) -> list[str]:
    """The claim's content words the question does not have ("ruble" in "Russia and Vietnam
    use the Russian ruble" for "What currency do Russia and Vietnam use?")."""
    skip = _not_added()
    words = [w for w in content_words(claim) if w.lower() not in skip and not w.isdigit()]
    return [w for w in words if not said_in(w, claim, question)]
