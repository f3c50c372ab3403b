"""End-to-end `Assistant.ask` latency on a large index, against its retrieval limit.

Usage: python eval/bench_ask_at_scale.py [CHUNKS]   (default 10000; prints a table)

The large index is synthetic but complete: the seed articles are embedded once for
real, then stored again under other file names (as many copies as needed) with
their chunk vectors perturbed by Gaussian noise (σ = 0.02 per dimension,
renormalised), so no model time is spent and every chunk has a valid article
record. The questions are the eval's; the limit is one query embedding plus one
Chroma query (p50s), measured on the same index.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from assistant.config import load_settings
from assistant.core import Assistant
from assistant.evaluation.stats import percentile
from assistant.ingest.articles import read_article
from assistant.ingest.chunking import article_nodes, embed_text

ROOT = Path(__file__).resolve().parent.parent


def build(assistant: Assistant, chunks: int) -> int:
    """Fill the index with perturbed copies of the seed articles; return the chunk count."""
    rng = np.random.default_rng(0)
    seeds = [read_article(p, 10**7) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    vectors = {}
    for article in seeds:
        nodes = article_nodes(article)
        embedded = assistant.embedder.get_text_embedding_batch([embed_text(n) for n in nodes])
        vectors[article.source] = np.asarray(embedded, dtype=np.float32)
    copy = 0
    while assistant.store.count() < chunks:
        for article in seeds:
            article.source = f"copy{copy:05d}_{article.source}"
            nodes = article_nodes(article)
            base = vectors[article.source.split("_", 1)[1]]
            noisy = base + rng.normal(0, 0.02, base.shape).astype(np.float32)
            noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
            for node, vector in zip(nodes, noisy, strict=True):
                node.embedding = vector.tolist()
            assistant.store.add_nodes(nodes)
            assistant.store.put_article(article, len(nodes))
            article.source = article.source.split("_", 1)[1]
        copy += 1
    assistant.library.refresh()
    return assistant.store.count()


def main() -> None:
    """Print ask p50/p95 and the retrieval limit at the requested index size."""
    chunks = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    questions = [
        json.loads(line)["question"]
        for line in (ROOT / "eval" / "questions.jsonl").read_text("utf-8").splitlines()
    ]
    with tempfile.TemporaryDirectory() as tmp:
        assistant = Assistant(load_settings().with_(index_dir=Path(tmp) / "index"))
        started = time.perf_counter()
        total = build(assistant, chunks)
        built = time.perf_counter() - started
        assistant.ask(questions[0])  # warm caches (library, lexical statistics)
        embed, query, ask = [], [], []
        for q in questions:
            t0 = time.perf_counter()
            vector = assistant.embedder.get_query_embedding(q)
            t1 = time.perf_counter()
            assistant.store.query(vector, assistant.settings.top_k)
            t2 = time.perf_counter()
            assistant.ask(q)
            t3 = time.perf_counter()
            embed.append((t1 - t0) * 1000)
            query.append((t2 - t1) * 1000)
            ask.append((t3 - t2) * 1000)
    limit = statistics.median(embed) + statistics.median(query)
    rows = [
        ("chunks in the index", f"{total} (built in {built:.1f} s)"),
        (
            "query embedding p50 / p95 (ms)",
            f"{statistics.median(embed):.1f} / {percentile(embed, 95):.1f}",
        ),
        (
            "Chroma query k=40 p50 / p95 (ms)",
            f"{statistics.median(query):.1f} / {percentile(query, 95):.1f}",
        ),
        ("ask p50 / p95 (ms)", f"{statistics.median(ask):.1f} / {percentile(ask, 95):.1f}"),
        ("ask p95 / (embedding p50 + Chroma p50)", f"{percentile(ask, 95) / limit:.2f}"),
        ("ask p50 / (embedding p50 + Chroma p50)", f"{statistics.median(ask) / limit:.2f}"),
    ]
    for name, value in rows:
        print(f"{name:42s} {value}")


if __name__ == "__main__":
    main()
