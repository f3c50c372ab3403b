"""Web app start-up: a restart and a first start, as ratios to `python -c "import gradio"`.

Run `python eval/bench_startup.py` (about two minutes; `--runs N`, default 3).
Three fresh processes alternate, N times each, best of each compared:

- `import gradio`: the floor of any Gradio app (the baseline);
- restart: `python app.py` on an index that already holds the seed articles,
  until GET / answers 200, and until a question asked then is answered;
- first start: `python app.py` on an empty index, until GET / answers 200 (the
  page, with the indexing progress in its header) and until the chat's reply to a
  question asked through the page's API is an answer, not "still indexing".

Targets on 2 cores: restart ≤ 5 s, first start to page ≤ 8 s. Row of
docs/performance.md: "app start-up".
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench_common import free_port, load_average, r, save

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "What did Hanoi and Moscow sign?"
STILL_INDEXING = "Still indexing the articles"


def import_gradio(env: dict[str, str]) -> float:
    """Wall-clock seconds of a fresh `python -c "import gradio"`."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import gradio"], cwd=ROOT, env=env, check=True)
    return time.perf_counter() - start


def ask(url: str, question: str) -> str:
    """The chat's final reply to `question`, asked through Gradio's HTTP API as the page does."""
    request = urllib.request.Request(
        f"{url}gradio_api/call/respond",
        data=json.dumps({"data": [question, []]}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        event_id = json.load(response)["event_id"]
    with urllib.request.urlopen(f"{url}gradio_api/call/respond/{event_id}", timeout=120) as got:
        lines = got.read().decode("utf-8").splitlines()
    chat = json.loads([line for line in lines if line.startswith("data: ")][-1][6:])[0]
    return chat[-1]["content"][0]["text"]


def app_start(env: dict[str, str], log: Path, answer: bool = False) -> tuple[float, float]:
    """Seconds from launching `python app.py` to GET / answering 200 and to an answer.

    With `answer`, QUESTION is asked once the page is up, and again every 0.5 s
    while the chat says it is still indexing; the second number is when the first
    real answer arrived (NaN without `answer`, or when it never came).
    """
    port = free_port()
    env = dict(env, ASSISTANT_PORT=str(port), ASSISTANT_HOST="127.0.0.1", PYTHONUNBUFFERED="1")
    url = f"http://127.0.0.1:{port}/"
    page = answered = float("nan")
    started = time.perf_counter()
    with log.open("w") as out:
        app = subprocess.Popen(
            [sys.executable, "app.py"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        while time.perf_counter() < started + 300 and app.poll() is None:
            try:
                if page != page:  # NaN: the page has not answered yet
                    with urllib.request.urlopen(url, timeout=2) as got:
                        page = time.perf_counter() - started if got.status == 200 else page
                elif not answer:
                    break
                elif STILL_INDEXING not in ask(url, QUESTION):
                    answered = time.perf_counter() - started
                    break
                else:
                    time.sleep(0.5)
            except OSError:
                time.sleep(0.05)
        return page, answered
    finally:
        app.terminate()
        app.wait(timeout=15)


def best(values: list[float]) -> float:
    """The fastest run (NaN: the app never got there in any run)."""
    return min((v for v in values if v == v), default=float("nan"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", default=str(ROOT / "eval" / "bench_results.json"))
    args = parser.parse_args(argv)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "ASSISTANT_"))}
    env.pop("CHROMA_HOST", None)
    gradio, restart, restart_answer, first_page, first_answer = [], [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        env.update(
            ASSISTANT_SEEDS_DIR=str(ROOT / "seeds"), ASSISTANT_UPLOADS_DIR=str(base / "uploads")
        )
        stored = dict(env, ASSISTANT_INDEX_DIR=str(base / "stored"))
        app_start(stored, base / "app.log", answer=True)  # builds the stored index
        for run in range(args.runs):
            gradio.append(import_gradio(env))
            page, answered = app_start(stored, base / "app.log", answer=True)
            restart.append(page)
            restart_answer.append(answered)
            fresh = dict(env, ASSISTANT_INDEX_DIR=str(base / f"fresh{run}"))
            page, answered = app_start(fresh, base / "app.log", answer=True)
            first_page.append(page)
            first_answer.append(answered)
            shutil.rmtree(base / f"fresh{run}", ignore_errors=True)
    floor = best(gradio)
    rows = [
        ('`python -c "import gradio"` (baseline)', gradio),
        ("restart (seed index stored) → page", restart),
        ("restart → first answer (warm-up behind the page)", restart_answer),
        ("first start (empty index) → page, indexing shown", first_page),
        ("first start → first answer", first_answer),
    ]
    ratios = {
        "restart_over_import_gradio": r(best(restart) / floor, 2),
        "restart_answer_over_import_gradio": r(best(restart_answer) / floor, 2),
        "first_page_over_import_gradio": r(best(first_page) / floor, 2),
        "first_answer_over_import_gradio": r(best(first_answer) / floor, 2),
    }
    result = {
        key: [r(v, 2) for v in values]
        for key, values in zip(
            (
                "import_gradio_s",
                "restart_page_s",
                "restart_answer_s",
                "first_page_s",
                "first_answer_s",
            ),
            (gradio, restart, restart_answer, first_page, first_answer),
            strict=True,
        )
    }
    result["load_average"] = load_average()
    save(args.out, {"startup": result}, ratios)
    print(f"load average at end: {result['load_average']}")
    print("| measurement | runs (s) | best (s) | best / import gradio |")
    print("|---|---|---|---|")
    for name, values in rows:
        runs = " ".join(f"{v:.2f}" for v in values)
        print(f"| {name} | {runs} | {best(values):.2f} | {best(values) / floor:.2f} |")
    ok = best(restart) <= 5 and best(first_page) <= 8
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
