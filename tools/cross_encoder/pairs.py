"""A cross-encoder's input: `<s> query: Q </s></s> passage: S </s>` as E5's word vectors."""

from __future__ import annotations

import numpy as np

from assistant.reader.e5_file import E5File

QUESTION_TOKENS = 40  # a pair keeps this much of the question
SENTENCE_TOKENS = 80  # and of the sentence


def pair(e5: E5File, question: str, sentence: str) -> list[int]:
    """The ids of one pair, each side cut to its token budget."""
    asked = e5.content(f"query: {question}")[:QUESTION_TOKENS]
    said = e5.content(f"passage: {sentence}")[:SENTENCE_TOKENS]
    return [e5.bos, *asked, e5.eos, e5.eos, *said, e5.eos]


def padded(e5: E5File, pairs: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Word vectors (pairs, tokens, width) of `pairs` padded to the longest, and the mask."""
    width = max(map(len, pairs))
    ids = np.full((len(pairs), width), e5.pad, dtype=np.int64)
    valid = np.zeros((len(pairs), width), dtype=np.int64)
    for row, ids_of_pair in enumerate(pairs):
        ids[row, : len(ids_of_pair)] = ids_of_pair
        valid[row, : len(ids_of_pair)] = 1
    return e5.word_vectors(ids), valid
