"""Retrieval quality: our ranked sentences against a plain llama-index `VectorStoreIndex`.

Run `python eval/bench_retrieval.py` (about 1 minute; `--quick` 24 questions).
Row of docs/performance.md: "evidence hit@1 / hit@5, ours vs plain
llama-index `VectorStoreIndex` over paragraphs". A hit is an evidence string
inside the retrieved text; the baseline retrieves whole paragraphs, ours single
sentences (a stricter unit).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import bench_common as common
from bench_common import SEEDS, hits, r, timed

from assistant.evaluation.stats import percentile


def ours(assistant: Any, asked: list[Any]) -> dict[str, Any]:
    """Evidence ranks in `Assistant.ask`'s retrieved sentences (`steps["retrieved"]`)."""
    from assistant.evaluation.evaluate import evidence_rank

    ranks = []
    for q in asked:
        answer = assistant.ask(q.question, history=q.history)
        if q.answerable:
            ranks.append(evidence_rank(q, answer.steps.get("retrieved", [])))
    return {**hits(ranks), "how": "Assistant.ask steps['retrieved'] (ranked sentences)"}


def plain_llama_index(tmp: Path, asked: list[Any], threads: int | None) -> dict[str, Any]:
    """llama-index's `VectorStoreIndex` over Chroma, one node per paragraph, top 5."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from llama_index.core import Document, StorageContext, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from assistant.index.llama_embedding import E5Embedding
    from assistant.ingest.articles import read_article

    docs = []
    for path in sorted(SEEDS.glob("*.txt")):
        article = read_article(path, 2_000_000)
        spans = ([article.title_span] if article.title_span else []) + article.paragraphs
        docs += [
            Document(
                text=article.text[s.start : s.end],
                metadata={"source": article.source},
                excluded_embed_metadata_keys=["source"],
            )
            for s in spans
        ]
    nodes = SentenceSplitter().get_nodes_from_documents(docs)
    client = chromadb.PersistentClient(
        path=str(tmp / "baseline"), settings=ChromaSettings(anonymized_telemetry=False)
    )
    store = ChromaVectorStore(chroma_collection=client.get_or_create_collection("baseline"))
    embed = E5Embedding(threads=threads or 1)
    build_ms, index = timed(
        lambda: VectorStoreIndex(
            nodes,
            storage_context=StorageContext.from_defaults(vector_store=store),
            embed_model=embed,
        )
    )
    retriever = index.as_retriever(similarity_top_k=5)
    retriever.retrieve("warm up")
    latencies, ranks = [], []
    for q in asked:
        ms, got = timed(lambda q=q: retriever.retrieve(q.question))
        latencies.append(ms)
        if q.answerable:
            texts = [n.node.get_content() for n in got]
            found = [i for i, t in enumerate(texts) if any(e in t for e in q.evidence)]
            ranks.append(found[0] if found else None)
    return {
        **hits(ranks),
        "answerable_questions": len(ranks),
        "nodes": len(nodes),
        "build_ms": r(build_ms),
        "query_p50_ms": r(percentile(latencies, 50), 2),
        "how": "VectorStoreIndex(ChromaVectorStore) retriever, top 5, SentenceSplitter "
        "defaults over paragraphs, raw question (no history condensing)",
    }


def main(argv: list[str] | None = None) -> int:
    args = common.parser(__doc__).parse_args(argv)
    asked = common.questions(args.quick)
    with common.scratch() as tmp:
        assistant = common.seed_assistant(tmp, args.threads or None)
        assistant.ask("Warm-up: who visited Hanoi?")
        mine = ours(assistant, asked)
        theirs = plain_llama_index(tmp, asked, args.threads or assistant.settings.embed_threads)
    ratios = {
        "hit@1_ours_vs_baseline": f"{mine['hit@1']} vs {theirs['hit@1']}",
        "hit@5_ours_vs_baseline": f"{mine['hit@5']} vs {theirs['hit@5']}",
    }
    common.save(args.out, {"baseline_vs_ours": {"baseline": theirs, "ours": mine}}, ratios)
    rows = [
        ("ours (sentences) hit@1 / hit@5", f"{mine['hit@1']} / {mine['hit@5']}"),
        (
            "plain llama-index (paragraphs) hit@1 / hit@5",
            f"{theirs['hit@1']} / {theirs['hit@5']} ({theirs['nodes']} nodes)",
        ),
    ]
    title = f"Retrieval quality ({theirs['answerable_questions']} answerable questions)"
    print(common.table(title, rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
