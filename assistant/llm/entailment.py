"""Meaning scores of the verifier, from the E5 model the index already uses.

* `entailment`: cosine of claim and source sentence, both embedded as passages: a
  paraphrase or a translation of a sentence lies close to it ("around ten
  partnership agreements" and "rund zehn Partnerschaften ... unterzeichnet");
* `relevance`: cosine of the question (as a query) and the claim (as a passage): a
  true sentence about something else lies far from the question.

E5 hardly tells "signed" from "did not sign" or ten from twenty: the fact and
polarity checks (`support.facts_match`, `polarity.polarity_match`) do that.
Vectors are cached per text: one answer compares one claim with a few sentences.
"""

from __future__ import annotations

import numpy as np

from assistant.index.embeddings import Embedder

_CACHE = 256


class Meaning:
    """E5 similarities of claims to questions and to source sentences."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self._vectors: dict[tuple[str, bool], np.ndarray] = {}

    def _vector(self, text: str, query: bool) -> np.ndarray:
        key = (text, query)
        if key not in self._vectors:
            if len(self._vectors) >= _CACHE:
                self._vectors.clear()
            embed = self.embedder.get_query_embedding if query else self.embedder.get_text_embedding
            vector = np.asarray(embed(text), dtype=np.float32)
            self._vectors[key] = vector / (np.linalg.norm(vector) + 1e-9)
        return self._vectors[key]

    def relevance(self, question: str, claim: str) -> float:
        """Cosine similarity of `question` (as a query) to `claim` (as a passage)."""
        return float(self._vector(question, True) @ self._vector(claim, False))

    def entailment(self, claim: str, sentence: str) -> float:
        """Cosine similarity of `claim` and `sentence`, both as passages."""
        return float(self._vector(claim, False) @ self._vector(sentence, False))

    def support(self, claim: str, sentence: str) -> float:
        """Cosine similarity of `claim` as a query to `sentence` as a passage: E5's own
        reading of "this passage is what the query looks for"."""
        return float(self._vector(claim, True) @ self._vector(sentence, False))
