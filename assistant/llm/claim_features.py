"""What the claim-support model sees of a (question, claim, source sentence) triple.

Meaning from E5 (claim–sentence, question–claim, question–sentence), the word
reading's verdicts (`support.answers`, word overlap, the share of the words the
claim adds to the question that the sentence says, the share of the question's
asked words the claim says, near copy, a terse value of the kind asked), whether
the claim holds the kind of fact asked for (`support.answers_kind`), whether it is
written in the sentence's language (and, if so, the share of added words the
sentence lacks: in one language a missing word is a changed fact, across two it
may be a translation the dictionary lacks), and its length. The fact and polarity checks
are not features: they decide alone.
"""

from __future__ import annotations

import math

import numpy as np

from assistant.language.language import detect_language
from assistant.llm.asked import asked_words, said_in
from assistant.llm.beside import copies
from assistant.llm.entailment import Meaning
from assistant.llm.support import added_words, answers, answers_kind, overlap, typed_value

CLAIM_FEATURES = (
    "entailment",
    "support",
    "relevance",
    "question_sentence",
    "overlap",
    "added_said",
    "asked_share",
    "answers",
    "answers_kind",
    "copies",
    "typed_value",
    "same_language",
    "added_missing_same_language",
    "log_words",
)


def claim_row(meaning: Meaning, question: str, claim: str, sentence: str) -> np.ndarray:
    """The features of `claim` citing `sentence` as an answer to `question`."""
    same_language = float(detect_language(claim) == detect_language(sentence))
    added_said = _share([said_in(w, claim, sentence) for w in added_words(question, claim)])
    return np.array(
        [
            meaning.entailment(claim, sentence),
            meaning.support(claim, sentence),
            meaning.relevance(question, claim),
            meaning.relevance(question, sentence),
            overlap(claim, sentence),
            added_said,
            _share([said_in(w, question, claim) for w in asked_words(question)]),
            float(answers(question, claim, sentence)),
            float(answers_kind(question, claim, sentence)),
            float(copies(claim, sentence)),
            float(typed_value(question, claim)),
            same_language,
            same_language * (1.0 - added_said),
            math.log1p(len(claim.split())),
        ],
        dtype=np.float64,
    )


def _share(found: list[bool]) -> float:
    """The share of True in `found` (1.0 when it is empty: nothing is missing)."""
    return sum(found) / len(found) if found else 1.0


MIN_OVERLAP = 0.8  # of the claim's content words in the sentence, for the word reading
MIN_RELEVANCE = 0.80  # E5 question–claim similarity of a claim the word reading accepts
_AT = {name: i for i, name in enumerate(CLAIM_FEATURES)}


def in_own_words(row: np.ndarray) -> bool:
    """The claim is in the sentence's words (a near copy, or `MIN_OVERLAP` of its words and
    every word it adds to the question there): the word reading judges it alone."""
    if row[_AT["copies"]]:
        return True
    return row[_AT["overlap"]] >= MIN_OVERLAP and row[_AT["added_said"]] >= 1.0


def words_verdict(row: np.ndarray) -> bool:
    """The word reading: the claim answers the question (`support.answers`) and is about it
    (E5 relevance ≥ `MIN_RELEVANCE`, or a terse value of the kind asked placed by `answers`)."""
    if not row[_AT["answers"]]:
        return False
    return bool(row[_AT["typed_value"]]) or row[_AT["relevance"]] >= MIN_RELEVANCE
