"""Files → chunks → embeddings → store, idempotently.

For each article: a file whose hash and chunking recipe match its stored record
is skipped unchunked (a restart over unchanged files loads no llama-index); any
other file is chunked and its chunk ids, which derive from the file's hash,
offsets and embedded text, say what to embed. A changed file is written in an
order that keeps every read consistent even if the process dies midway: new
chunks first, then the article record (which makes them the valid ones), then the
old chunks are deleted, and only then does the record get the recipe that lets
the next run skip the file. The next run cleans up whatever a crash left behind.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.index.embeddings import Embedder
from assistant.index.store import Store
from assistant.index.word_vectors import add_words
from assistant.ingest.articles import ARTICLE_SUFFIXES, Article, ArticleError, read_article
from assistant.ingest.chunking import article_chunks, embed_text, recipe

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


@dataclass
class IngestReport:
    """What one ingest run did, file by file."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    chunks_embedded: int = 0

    def summary(self) -> str:
        """One line for people."""
        parts = [
            f"{len(self.added)} added",
            f"{len(self.replaced)} updated",
            f"{len(self.unchanged)} unchanged",
            f"{len(self.removed)} removed",
            f"{self.chunks_embedded} chunks embedded",
        ]
        if self.errors:
            parts.append(f"{len(self.errors)} skipped with errors")
        return ", ".join(parts)


def find_articles(paths: Iterable[Path], report: IngestReport) -> list[Path]:
    """Article files named by `paths` (files, or folders searched recursively)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            for root, _dirs, files in os.walk(path):  # does not follow symlinked folders
                found.extend(
                    Path(root) / f for f in sorted(files) if f.lower().endswith(ARTICLE_SUFFIXES)
                )
        elif path.exists():
            found.append(path)
        else:
            report.errors.append(f"{path}: no such file or folder")
    return sorted(set(found), key=lambda p: (p.name, str(p)))


def ingest_paths(
    paths: Iterable[Path],
    store: Store,
    embedder: Embedder,
    max_file_bytes: int,
    prune: bool = False,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest every article under `paths`; with `prune`, drop articles not among them."""
    report = IngestReport()
    articles: dict[str, Article] = {}
    for path in find_articles(paths, report):
        try:
            article = read_article(path, max_file_bytes)
        except ArticleError as exc:
            report.errors.append(str(exc))
            continue
        if article.source in articles:
            report.errors.append(f"{path}: another file is also named {article.source}; skipped")
            continue
        articles[article.source] = article
    ingest_articles(list(articles.values()), store, embedder, report, progress)
    if prune and not report.errors:
        for stored in store.list_articles():
            if stored.source not in articles:
                store.remove_article(stored.source)
                report.removed.append(stored.source)
    return report


def ingest_articles(
    articles: list[Article],
    store: Store,
    embedder: Embedder,
    report: IngestReport,
    progress: Progress | None = None,
) -> None:
    """Bring the store in line with `articles`, embedding only what is new."""
    stored = {a.source: a for a in store.list_articles()}
    current = recipe()
    plans = []
    for article in articles:
        old = stored.get(article.source)
        same_file = old is not None and old.sha == article.sha
        if same_file and old.recipe == current:
            report.unchanged.append(article.source)
            continue
        chunks = article_chunks(article)
        existing = store.chunk_ids(article.source)
        wanted = {c.id for c in chunks}
        if same_file and existing == wanted:  # stored before the recipe was recorded
            store.put_article(article, len(chunks), current)
            report.unchanged.append(article.source)
            continue
        missing = [c for c in chunks if c.id not in existing]
        plans.append((article, len(chunks), missing, existing - wanted, old is not None))
    total = sum(len(missing) for _, _, missing, _, _ in plans)
    done = 0
    if progress:
        progress(0, total)
    step = embedder.embed_batch_size
    for article, count, missing, stale, was_stored in plans:
        try:
            for i in range(0, len(missing), step):
                batch = [c.node() for c in missing[i : i + step]]
                vectors = embedder.get_text_embedding_batch([embed_text(n) for n in batch])
                for node, vector in zip(batch, vectors, strict=True):
                    node.embedding = vector
                store.add_nodes(batch)
                done += len(batch)
                if progress:
                    progress(done, total)
            add_words(store, embedder, article.text)
        except Exception as exc:  # e.g. an embeddings endpoint that is down; file skipped
            report.errors.append(f"{article.source}: could not be embedded ({exc})")
            log.warning("embedding %s failed: %s", article.source, exc)
            continue
        store.put_article(article, count, "" if stale else current)
        if stale:
            store.delete_chunks(stale)
            store.put_article(article, count, current)
        report.chunks_embedded += len(missing)
        (report.replaced if was_stored else report.added).append(article.source)
        log.info("ingested %s (%d chunks, %d new)", article.source, count, len(missing))
