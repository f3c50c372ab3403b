"""Chroma at scale: query time, recall@5 against exact search and memory at 1k–100k chunks.

Run `python eval/bench_chroma_scale.py` (about 5 minutes; `--quick` 1k and 10k
only, about a minute). Rows of docs/performance.md: "Chroma query
(k = 40) at 10k / 100k chunks", "Chroma recall@5 vs exact search at 100k:
defaults / our HNSW settings", "resident memory with 100k chunks open".

The corpora are synthetic: real E5 embeddings of the seed index's chunks picked
uniformly plus N(0, σ) noise per dimension, renormalised; the queries are the
development questions' real query embeddings perturbed the same way. Each build
and each query run is a fresh process (`bench_chroma_workers.py`).
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path
from typing import Any

import numpy as np
from bench_chroma_workers import TOP_K_RECALL, run_worker
from bench_common import (
    DIM,
    load_average,
    parser,
    questions,
    r,
    save,
    scratch,
    seed_assistant,
    unit,
)

SIGMA = 0.02  # per-dimension std of the Gaussian perturbation (unit vectors, 384 dims)
N_QUERIES = 100
RECALL_TARGET = 0.95
DEFAULT = {"space": "cosine"}
# (name, hnsw at creation, ef_search values set afterwards, smallest n to try it on)
PLANS: list[tuple[str, dict[str, Any], tuple[int, ...], int]] = [
    ("default", DEFAULT, (200, 400), 0),
    ("efc200_M32", {**DEFAULT, "ef_construction": 200, "max_neighbors": 32}, (200, 800), 10_000),
]


def data(tmp: Path, n: int, threads: int | None) -> tuple[np.ndarray, np.ndarray]:
    """Perturbed real chunk vectors (n) and question vectors, saved next to each other."""
    assistant = seed_assistant(tmp, threads)
    got = assistant.store.chunks.get(include=["embeddings"])
    bases = unit(np.unique(np.round(np.asarray(got["embeddings"], dtype=np.float32), 5), axis=0))
    asked = questions(quick=False)
    asked_vectors = np.asarray(
        [assistant.embedder.get_query_embedding(q.question) for q in asked], dtype=np.float32
    )
    rng = np.random.default_rng(0)
    pick = rng.integers(0, len(bases), size=n)
    vectors = unit(bases[pick] + rng.normal(0, SIGMA, size=(n, DIM)).astype(np.float32))
    qpick = np.arange(N_QUERIES) % len(asked_vectors)
    noise = rng.normal(0, SIGMA, size=(N_QUERIES, DIM)).astype(np.float32)
    queries = unit(asked_vectors[qpick] + noise)
    np.save(tmp / "vectors.npy", vectors)
    np.save(tmp / "queries.npy", queries)
    return vectors, queries


def recall(vectors: np.ndarray, queries: np.ndarray, ids: list[list[int]]) -> float:
    """Mean share of the exact top 5 (by cosine) among the returned top 5."""
    sims = queries @ vectors.T
    exact = np.argpartition(-sims, TOP_K_RECALL, axis=1)[:, :TOP_K_RECALL]
    pairs = zip(exact, ids, strict=True)
    shares = [len(set(map(int, e)) & set(g)) / TOP_K_RECALL for e, g in pairs]
    return r(statistics.fmean(shares), 3)


def measure(tmp: Path, sizes: list[int], vectors: np.ndarray, queries: np.ndarray) -> list[dict]:
    """One row per (size, settings): build, then reopen and query in fresh processes."""
    rows = []
    files = {"vectors": str(tmp / "vectors.npy"), "queries": str(tmp / "queries.npy")}
    for n in sizes:
        for name, hnsw, efs, smallest in PLANS:
            if n < smallest:
                continue
            path = str(tmp / f"chroma-{name}-{n}")
            built = run_worker("build", {"path": path, "n": n, "hnsw": hnsw, **files})
            for config, ef in [(name, None), *((f"{name}+ef_search={e}", e) for e in efs)]:
                if ef is not None:
                    if n < 10_000:
                        break
                    run_worker("set-ef", {"path": path, "ef_search": ef})
                fresh = run_worker("query", {"path": path, "queries": files["queries"]})
                rows.append(
                    {
                        "n": n,
                        "config": config,
                        "add_s": built["add_s"] if ef is None else None,
                        "hnsw": fresh["configuration"],
                        "open_ms": fresh["open_ms"],
                        "p50_k5_ms": fresh["p50_k5_ms"],
                        "p50_k40_ms": fresh["p50_k40_ms"],
                        "recall_at_5": recall(vectors[:n], queries, fresh["ids"]),
                        "rss_fresh_open_mb": fresh["rss_after_mb"].get("VmRSS"),
                    }
                )
    return rows


def main(argv: list[str] | None = None) -> int:
    args = parser(__doc__).parse_args(argv)
    sizes = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000]
    with scratch() as tmp:
        vectors, queries = data(tmp, max(sizes), args.threads or None)
        rows = measure(tmp, sizes, vectors, queries)
    ratios = {
        f"recall@5_default_{n}": next(x["recall_at_5"] for x in rows if x["n"] == n) for n in sizes
    }
    finding = {
        str(n): [x["config"] for x in rows if x["n"] == n and x["recall_at_5"] >= RECALL_TARGET]
        for n in sizes
    }
    scale_data = {"sigma_per_dim": SIGMA, "queries": N_QUERIES, "how": __doc__.split("\n\n")[2]}
    save(args.out, {"scale_data": scale_data, "scale": rows, "hnsw_finding": finding}, ratios)
    print(f"load average {load_average()}")
    print(
        f"\n  {'n':>7} {'config':<26} {'add s':>6} {'open ms':>8} {'k5 p50':>7} "
        f"{'k40 p50':>8} {'recall@5':>8} {'RSS MB':>7}"
    )
    for x in rows:
        print(
            f"  {x['n']:>7} {x['config']:<26} {x['add_s'] or '':>6} {x['open_ms']:>8} "
            f"{x['p50_k5_ms']:>7} {x['p50_k40_ms']:>8} {x['recall_at_5']:>8} "
            f"{x['rss_fresh_open_mb']:>7}"
        )
    print(f"\nsettings reaching recall@5 >= {RECALL_TARGET}: {finding}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
