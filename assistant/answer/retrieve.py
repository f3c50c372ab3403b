"""Question → ranked sentence passages from the store.

Dense retrieval with the E5 query embedding; a sentence found through several
views (see `chunking`) counts once, with its best score. Chunks whose file hash
does not match their article's current record (left over from an interrupted
ingest) are ignored, so every passage's offsets are valid for the text quoted.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.index.embeddings import Embedder
from assistant.index.library import Library


@dataclass(frozen=True)
class Passage:
    """A retrieved sentence and where it sits in its article."""

    source: str
    title: str
    paragraph: int
    sentence: int
    start: int
    end: int
    para_start: int
    para_end: int
    text: str
    score: float

    @property
    def key(self) -> tuple[str, int]:
        """Identifies the sentence across retrievals."""
        return (self.source, self.start)


class Retriever:
    """Finds passages for a question among the library's current articles."""

    def __init__(self, library: Library, embedder: Embedder, top_k: int) -> None:
        self.library = library
        self.embedder = embedder
        self.top_k = top_k

    def retrieve(self, query: str, top_k: int | None = None) -> list[Passage]:
        """The best passages for `query`, best first."""
        articles = self.library.articles()
        if not articles:
            return []
        vector = self.embedder.get_query_embedding(query)
        best: dict[tuple[str, int], Passage] = {}
        for hit in self.library.store.query(vector, top_k or self.top_k):
            meta = hit.metadata
            article = articles.get(meta["source"])
            if article is None or article.sha != meta["file_sha"]:
                continue
            key = (meta["source"], int(meta["start"]))
            if key in best and best[key].score >= hit.score:
                continue
            best[key] = Passage(
                source=meta["source"],
                title=article.title,
                paragraph=int(meta["paragraph"]),
                sentence=int(meta["sentence"]),
                start=int(meta["start"]),
                end=int(meta["end"]),
                para_start=int(meta["para_start"]),
                para_end=int(meta["para_end"]),
                text=article.text[int(meta["start"]) : int(meta["end"])],
                score=hit.score,
            )
        return sorted(best.values(), key=lambda p: p.score, reverse=True)
