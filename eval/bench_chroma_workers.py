"""Chroma measurements that `bench_chroma_scale.py` runs in fresh subprocesses.

One process per build or query, so that memory is per index and a changed
`ef_search` is read by a freshly opened client. `python eval/bench_chroma_workers.py
NAME JSON_ARGS` prints one JSON line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from bench_common import ROOT, proc_status, r, timed

from assistant.evaluation.stats import percentile

ADD_BATCH = 5000
TOP_K_RECALL = 5


def _client(path: str) -> Any:
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    return chromadb.PersistentClient(path=path, settings=ChromaSettings(anonymized_telemetry=False))


def _hnsw(col: Any) -> dict[str, Any]:
    return dict((col.configuration or {}).get("hnsw") or {})


def _query_all(col: Any, queries: np.ndarray) -> dict[str, Any]:
    """Latency of k=5 and k=40 queries (default includes), and the k=5 ids."""
    first_ms, _ = timed(lambda: col.query(query_embeddings=[queries[0]], n_results=TOP_K_RECALL))
    lat5, lat40, ids = [], [], []
    for q in queries:
        ms, got = timed(lambda q=q: col.query(query_embeddings=[q], n_results=TOP_K_RECALL))
        lat5.append(ms)
        ids.append([int(i) for i in got["ids"][0]])
    for q in queries:
        lat40.append(timed(lambda q=q: col.query(query_embeddings=[q], n_results=40))[0])
    return {
        "first_query_ms": r(first_ms, 2),
        "p50_k5_ms": r(percentile(lat5, 50), 2),
        "p95_k5_ms": r(percentile(lat5, 95), 2),
        "p50_k40_ms": r(percentile(lat40, 50), 2),
        "p95_k40_ms": r(percentile(lat40, 95), 2),
        "ids": ids,
    }


def _measured(col: Any, queries: np.ndarray, before: dict, **extra: float) -> dict[str, Any]:
    """Query timings and ids, memory before and after, the collection's HNSW settings."""
    result = _query_all(col, queries)
    result.update(extra, rss_before_mb=before, rss_after_mb=proc_status(), configuration=_hnsw(col))
    return result


def build(args: dict[str, Any]) -> dict[str, Any]:
    """Create a collection of the first n vectors, add in batches, then query it."""
    vectors = np.load(args["vectors"], mmap_mode="r")
    queries = np.load(args["queries"])
    client = _client(args["path"])
    before = proc_status()
    col = client.get_or_create_collection(
        "bench", configuration={"hnsw": args["hnsw"]}, embedding_function=None
    )
    n = int(args["n"])
    started = time.perf_counter()
    for i in range(0, n, ADD_BATCH):
        j = min(n, i + ADD_BATCH)
        col.add(ids=[str(k) for k in range(i, j)], embeddings=np.asarray(vectors[i:j]))
    add_s = time.perf_counter() - started
    return _measured(col, queries, before, add_s=r(add_s, 2))


def set_ef(args: dict[str, Any]) -> dict[str, Any]:
    """Change `ef_search` of an existing collection."""
    client = _client(args["path"])
    client.get_collection("bench").modify(
        configuration={"hnsw": {"ef_search": int(args["ef_search"])}}
    )
    return {"configuration": _hnsw(client.get_collection("bench"))}


def query(args: dict[str, Any]) -> dict[str, Any]:
    """Open an existing collection in a fresh client and query it."""
    queries = np.load(args["queries"])
    import chromadb  # noqa: F401  (imported before the baseline RSS and the open timing)

    before = proc_status()
    opened_ms, col = timed(lambda: _client(args["path"]).get_collection("bench"))
    return _measured(col, queries, before, open_ms=r(opened_ms, 1))


WORKERS = {"build": build, "set-ef": set_ef, "query": query}


def run_worker(name: str, args: dict[str, Any]) -> dict[str, Any]:
    """Run one worker in a fresh interpreter and return its result."""
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), name, json.dumps(args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        raise RuntimeError(f"worker {name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    print(json.dumps(WORKERS[sys.argv[1]](json.loads(sys.argv[2]))))
