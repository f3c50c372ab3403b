"""The Chroma store: sentence chunks (with embeddings) and the articles' full texts.

Embedded `PersistentClient` in `index/` by default, Chroma's HTTP client when
`CHROMA_HOST` is set. Chunks go through llama-index's `ChromaVectorStore`; the
articles' texts live in a second collection so that citations and the UI can show
any passage without the original files, also against a remote server.
Chroma never embeds anything itself: every collection has no embedding function.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import chromadb
from chromadb.config import Settings as ChromaSettings

from assistant.config import Settings

if TYPE_CHECKING:  # llama-index loads only to write chunks (a cold `ask` skips it)
    from llama_index.core.schema import TextNode
from assistant.ingest.articles import Article

log = logging.getLogger(__name__)


# Measured by eval/bench_chroma_scale.py: Chroma's defaults give recall@5 0.59 against exact
# search at 100k chunks; these settings 0.98 for +2 ms a query. They apply to new collections.
HNSW = {"space": "cosine", "ef_construction": 200, "max_neighbors": 32, "ef_search": 800}


class StoreError(RuntimeError):
    """The index cannot be opened or used; the message says what to do."""


@dataclass(frozen=True)
class StoredArticle:
    """An article's full text as stored, with its hash and chunk count."""

    source: str
    title: str
    text: str
    sha: str
    chunks: int
    body_end: int
    recipe: str = ""  # chunking recipe its chunks are settled under ("" for none)

    @property
    def body(self) -> str:
        """Title and paragraphs, without the footer that ingest left out."""
        return self.text[: self.body_end]


@dataclass(frozen=True)
class Hit:
    """One chunk returned by a vector query: its id, metadata and cosine similarity."""

    id: str
    metadata: dict[str, Any]
    score: float


class Store:
    """Chunks and articles in Chroma, built by one embedding model."""

    def __init__(self, settings: Settings, model_name: str, dimension: int) -> None:
        self.settings = settings
        self.model_name = model_name
        try:
            self.client = _client(settings)
            meta = {"embed_model": model_name, "dimension": dimension}
            self.chunks = self.client.get_or_create_collection(
                settings.collection,
                configuration={"hnsw": HNSW},
                metadata=meta,
                embedding_function=None,
            )
            self.articles = self.client.get_or_create_collection(
                f"{settings.collection}-texts", embedding_function=None
            )
            self.words = self.client.get_or_create_collection(
                f"{settings.collection}-words",
                configuration={"hnsw": HNSW},
                embedding_function=None,
            )
        except StoreError:
            raise
        except Exception as exc:  # chroma raises many types for a broken index
            raise StoreError(
                f"cannot open the index at {_where(settings)}: {exc}. "
                "Delete that folder and run `assistant ingest` to rebuild it."
            ) from exc
        built_by = (self.chunks.metadata or {}).get("embed_model")
        if built_by and built_by != model_name:
            raise StoreError(
                f"the index at {_where(settings)} was built with {built_by!r}, not {model_name!r}; "
                "use the same embedding model or rebuild the index into another folder."
            )
        self._vector_store: Any = None

    def count(self) -> int:
        """Number of chunks in the index."""
        return self.chunks.count()

    def chunk_ids(self, source: str) -> set[str]:
        """Ids of every chunk stored for `source`."""
        return set(self.chunks.get(where={"source": source}, include=[])["ids"])

    def add_nodes(self, nodes: list[TextNode]) -> None:
        """Store chunks whose `embedding` is already set."""
        if not nodes:
            return
        if self._vector_store is None:
            from llama_index.vector_stores.chroma import ChromaVectorStore

            self._vector_store = ChromaVectorStore(chroma_collection=self.chunks)
        self._vector_store.add(nodes)

    def delete_chunks(self, ids: set[str]) -> None:
        """Remove chunks by id."""
        if ids:
            self.chunks.delete(ids=sorted(ids))

    def put_article(self, article: Article, chunks: int, recipe: str = "") -> None:
        """Store (or replace) an article's full text; makes its current chunks valid.

        `recipe`: the chunking recipe once no other chunks of it are left (see `ingest`).
        """
        meta = {
            "source": article.source,
            "title": article.display_title,
            "sha": article.sha,
            "chunks": chunks,
            "body_end": article.paragraphs[-1].end,
            "recipe": recipe,
        }
        source, text = article.source, article.text
        self.articles.upsert(ids=[source], embeddings=[[1.0]], documents=[text], metadatas=[meta])

    def remove_article(self, source: str) -> None:
        """Remove an article and all its chunks."""
        self.delete_chunks(self.chunk_ids(source))
        self.articles.delete(ids=[source])

    def missing_words(self, words: set[str]) -> list[str]:
        """The `words` that have no stored vector yet."""
        ordered = sorted(words)
        known: set[str] = set()
        for i in range(0, len(ordered), _WORD_BATCH):
            known.update(self.words.get(ids=ordered[i : i + _WORD_BATCH], include=[])["ids"])
        return [w for w in ordered if w not in known]

    def add_words(self, words: list[str], vectors: list[list[float]]) -> None:
        """Store the vectors of `words` (see `word_vectors`)."""
        for i in range(0, len(words), _WORD_BATCH):
            self.words.upsert(
                ids=words[i : i + _WORD_BATCH], embeddings=vectors[i : i + _WORD_BATCH]
            )

    def word_vectors(self, words: list[str]) -> dict[str, list[float]]:
        """The stored vectors of those `words` that have one."""
        out: dict[str, list[float]] = {}
        for i in range(0, len(words), _WORD_BATCH):
            got = self.words.get(ids=words[i : i + _WORD_BATCH], include=["embeddings"])
            out.update(zip(got["ids"], got["embeddings"], strict=True))
        return out

    def nearest_words(self, vector: list[float], top_k: int) -> list[tuple[str, float]]:
        """The stored words nearest to `vector`, with their cosine similarity."""
        if not self.words.count():
            return []
        got = self.words.query(query_embeddings=[vector], n_results=top_k, include=["distances"])
        return [(w, 1.0 - d) for w, d in zip(got["ids"][0], got["distances"][0], strict=True)]

    def signature(self) -> tuple[tuple[str, str], ...]:
        """(file name, hash) of every stored article: changes whenever any writer ingests."""
        got = self.articles.get(include=["metadatas"])
        return tuple(sorted((m["source"], m["sha"]) for m in got["metadatas"]))

    def list_articles(self) -> list[StoredArticle]:
        """Every stored article, sorted by file name."""
        got = self.articles.get(include=["documents", "metadatas"])
        out = [
            StoredArticle(
                m["source"],
                m["title"],
                doc,
                m["sha"],
                int(m["chunks"]),
                int(m["body_end"]),
                str(m.get("recipe", "")),
            )
            for doc, m in zip(got["documents"], got["metadatas"], strict=True)
        ]
        return sorted(out, key=lambda a: a.source)

    def query(self, embedding: list[float], top_k: int) -> list[Hit]:
        """The `top_k` chunks nearest to `embedding` (cosine similarity, best first)."""
        if top_k <= 0:
            return []
        got = self.chunks.query(
            query_embeddings=[embedding], n_results=top_k, include=["metadatas", "distances"]
        )
        # The chunks collection uses cosine space: distance is 1 - cos.
        return [
            Hit(id=i, metadata=dict(m or {}), score=1.0 - d)
            for i, m, d in zip(got["ids"][0], got["metadatas"][0], got["distances"][0], strict=True)
        ]


_WORD_BATCH = 2000


def _where(settings: Settings) -> str:
    if settings.chroma_host:
        return f"the Chroma server {settings.chroma_host}:{settings.chroma_port}"
    return str(settings.index_dir)


def _client(settings: Settings) -> chromadb.api.ClientAPI:
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_host:
        try:
            return chromadb.HttpClient(
                host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings
            )
        except Exception as exc:
            raise StoreError(
                f"cannot reach the Chroma server at {settings.chroma_host}:{settings.chroma_port} "
                f"({exc}); start it with `chroma run --path DIR --host 127.0.0.1 "
                f"--port {settings.chroma_port}` or unset CHROMA_HOST."
            ) from exc
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.index_dir), settings=chroma_settings)
