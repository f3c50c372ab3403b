"""The reader stage: scores a question's retrieved sentences and decides whether any answers.

`SentenceReader` is handed to the extractive answerer (`answer.extractive.select`),
which refuses when the reader (or one of its evidence rules) says none answers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.answer.retrieve import Passage
from assistant.index.library import Library
from assistant.index.word_vectors import Lexicon
from assistant.reader.features import Asked, candidate_rows, paragraph_coverage
from assistant.reader.model import Reader, load_reader, question_row
from assistant.reader.token_alignment import best_alignment

_COVERAGE_RANKS = 10  # coverage is measured for candidates among the 10 best by dense score


@dataclass(frozen=True)
class Verdict:
    """The reader's view of one question's candidates."""

    no_answer: float  # probability that none of the candidates answers
    refuse: bool


class SentenceReader:
    """Reads candidate sentences with a trained `Reader` (the shipped one by default)."""

    def __init__(self, library: Library, lexicon: Lexicon, model: Reader | None = None) -> None:
        self.library = library
        self.lexicon = lexicon
        self._model = model

    @property
    def model(self) -> Reader:
        """The trained model, loaded on first use."""
        if self._model is None:
            self._model = load_reader()
        return self._model

    @model.setter
    def model(self, model: Reader) -> None:
        self._model = model

    def __call__(self, question: str, passages: list[Passage], missing_names: bool) -> Verdict:
        """Score `passages` (ranked by dense score, as retrieved) for `question`.

        `missing_names`: the question names something no article mentions.
        """
        model = self.model
        asked = Asked.of(question, self.library)
        rows = candidate_rows(asked, passages, self.library)
        scores = model.rank_scores(rows)
        coverage = np.full(len(passages), -1.0, dtype=np.float32)
        if len(passages):
            top = int(np.argmax(scores))
            if top < _COVERAGE_RANKS:
                coverage[top] = paragraph_coverage(asked, passages[top], self.library, self.lexicon)
        aligned = best_alignment(question, [p.text for p in passages])
        row = question_row(scores, rows, coverage, missing_names, aligned)
        no_answer = float(model.refusal_probabilities(np.asarray([row]))[0])
        return Verdict(no_answer=no_answer, refuse=no_answer >= model.threshold)
