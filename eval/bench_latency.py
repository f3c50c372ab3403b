"""`ask` latency on the seed index against its floor: one query embedding + one Chroma query.

Run `python eval/bench_latency.py` (about 1 minute; `--quick` 24 questions).
Rows of docs/performance.md: "the same at the seed index" (ask p95
/ (query embedding + Chroma query)), "one query embedding p50 / p95", "Chroma
query (k = 40) at the seed index". The 10k-chunk row comes from
`eval/bench_ask_at_scale.py`.
"""

from __future__ import annotations

import statistics
import sys
from typing import Any

from bench_common import (
    load_average,
    parser,
    questions,
    r,
    save,
    scratch,
    seed_assistant,
    table,
    timed,
)

from assistant.evaluation.stats import percentile


def retrieval_limit(assistant: Any, asked: list[Any]) -> dict[str, Any]:
    """p50 query embedding + p50 raw `collection.query(k=top_k)`: what `ask` cannot beat."""
    store, embedder, top_k = assistant.store, assistant.embedder, assistant.settings.top_k
    embedder.get_query_embedding("warm up")
    embed_ms, vectors = [], []
    for q in asked:
        ms, vector = timed(lambda q=q: embedder.get_query_embedding(q.question))
        embed_ms.append(ms)
        vectors.append(vector)
    raw_ms, wrapper_ms = [], []
    for v in vectors:
        ms, _ = timed(lambda v=v: store.chunks.query(query_embeddings=[v], n_results=top_k))
        raw_ms.append(ms)
        wrapper_ms.append(timed(lambda v=v: store.query(v, top_k))[0])
    return {
        "chunks_in_index": store.count(),
        "top_k": top_k,
        "query_embedding_p50_ms": r(statistics.median(embed_ms), 2),
        "query_embedding_p95_ms": r(percentile(embed_ms, 95), 2),
        "chroma_query_p50_ms": r(statistics.median(raw_ms), 2),
        "chroma_query_p95_ms": r(percentile(raw_ms, 95), 2),
        "store_query_wrapper_p50_ms": r(statistics.median(wrapper_ms), 2),
        "limit_ms": r(statistics.median(embed_ms) + statistics.median(raw_ms), 2),
        "how": "p50 query embedding + p50 raw collection.query(k=top_k) on the seed index",
    }


def ask_latency(assistant: Any, asked: list[Any]) -> dict[str, Any]:
    """`Assistant.ask` (extractive) over the questions, after one warm-up question."""
    assistant.ask("Warm-up: who visited Hanoi?")  # builds the corpus and lexical caches
    latencies = [assistant.ask(q.question, history=q.history).latency_ms for q in asked]
    retrieve_ms = [timed(lambda q=q: assistant.retriever.retrieve(q.question))[0] for q in asked]
    return {
        "retriever_retrieve_p50_ms": r(percentile(retrieve_ms, 50)),
        "retriever_retrieve_p95_ms": r(percentile(retrieve_ms, 95)),
        "questions": len(asked),
        "p50_ms": r(percentile(latencies, 50)),
        "p95_ms": r(percentile(latencies, 95)),
        "max_ms": r(max(latencies)),
        "mode": "extractive",
    }


def main(argv: list[str] | None = None) -> int:
    args = parser(__doc__).parse_args(argv)
    asked = questions(args.quick)
    with scratch() as tmp:
        assistant = seed_assistant(tmp, args.threads or None)
        lim = retrieval_limit(assistant, asked)
        ask = ask_latency(assistant, asked)
    ratios = {
        "ask_p95_over_retrieval_limit": r(ask["p95_ms"] / lim["limit_ms"], 2),
        "ask_p50_over_retrieval_limit": r(ask["p50_ms"] / lim["limit_ms"], 2),
    }
    save(args.out, {"retrieval_limit": lim, "ask": ask}, ratios)
    print(f"load average {load_average()}")
    rows = [
        (
            "query embedding p50 / p95 (ms)",
            f"{lim['query_embedding_p50_ms']} / {lim['query_embedding_p95_ms']}",
        ),
        (
            f"chroma query k={lim['top_k']} p50 / p95 (ms)",
            f"{lim['chroma_query_p50_ms']} / {lim['chroma_query_p95_ms']} "
            f"({lim['chunks_in_index']} chunks)",
        ),
        ("Store.query p50 (ms)", lim["store_query_wrapper_p50_ms"]),
        ("retrieval limit = embed p50 + chroma p50 (ms)", lim["limit_ms"]),
        (
            "Retriever.retrieve p50 / p95 (ms)",
            f"{ask['retriever_retrieve_p50_ms']} / {ask['retriever_retrieve_p95_ms']}",
        ),
        (
            f"Assistant.ask p50 / p95 / max ({ask['questions']} q)",
            f"{ask['p50_ms']} / {ask['p95_ms']} / {ask['max_ms']}",
        ),
        *ratios.items(),
    ]
    print(table("Latency (seed index)", rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
