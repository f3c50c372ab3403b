"""LLM mode against extractive mode on XQuAD development, with a real model server.

    python tests/real_llm.py --port 8093 &          # or any OpenAI-compatible server
    python eval/xquad_llm.py --base-url http://127.0.0.1:8093/v1 --model NAME [--every 10]

Indexes the XQuAD development corpus (as `assistant xquad` does, in `--out`),
then asks every `--every`-th answerable question of each language (`--langs`,
in file order) twice: in extractive mode and in LLM mode. A question counts as answered
as in `assistant xquad` (not refused, ≤ 600 characters, holding the German
gold answer: for English questions the model must keep the German answer's
words, names and numbers, which a translation of a name can miss). Prints
accuracy by language for both modes, how many answers were the model's own
(verified), how many of those were right, LLM-mode latency p50/p95 and the
verification's own cost per answer; writes the rows to `--out/llm_results.jsonl`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.config import load_settings  # noqa: E402
from assistant.core import Assistant  # noqa: E402
from assistant.evaluation.stats import percentile  # noqa: E402
from assistant.evaluation.xquad import answered, build  # noqa: E402


def ask_both(args: argparse.Namespace) -> list[dict[str, Any]]:
    """One row per question: its language and both modes' outcomes."""
    out = Path(args.out)
    questions = [q for q in build(Path(args.data), out / "corpus") if q.answerable]
    base = load_settings().with_(index_dir=out / "index", chroma_host=None, collection="xquad")
    extractive = Assistant(base.with_(llm_api_key=None, llm_base_url=None))
    report = extractive.ingest([out / "corpus"], prune=True)
    if report.errors:
        raise SystemExit("; ".join(report.errors))
    llm = Assistant(
        base.with_(
            llm_base_url=args.base_url,
            llm_api_key="none",
            llm_model=args.model,
            llm_timeout=args.timeout,
            llm_pause=0.0,
        )
    )
    rows = []
    langs = args.langs.split(",")
    picked = [q for lang in langs for q in [q for q in questions if q.lang == lang][:: args.every]]
    for q in picked:
        plain = extractive.ask(q.question).to_dict()
        result = llm.ask(q.question)
        rows.append(
            {
                "id": q.id,
                "lang": q.lang,
                "extractive": answered(q, plain),
                "llm": answered(q, result.to_dict()),
                "model_answer": result.mode == "llm",
                "latency_ms": result.latency_ms,
                "verify_ms": result.steps.get("verify_ms"),
            }
        )
        print(json.dumps(rows[-1]), flush=True)
    return rows


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Accuracy by language for both modes, the model's own answers, latency."""
    out: dict[str, Any] = {}
    for lang in ("all", "en", "de"):
        part = [r for r in rows if lang in ("all", r["lang"])]
        if not part:
            continue
        own = [r for r in part if r["model_answer"]]
        out[lang] = {
            "questions": len(part),
            "extractive": round(sum(r["extractive"] for r in part) / len(part), 3),
            "llm": round(sum(r["llm"] for r in part) / len(part), 3),
            "model_answers": len(own),
            "model_answers_right": sum(r["llm"] for r in own),
        }
    latency = [r["latency_ms"] for r in rows]
    verify = [r["verify_ms"] for r in rows if r["verify_ms"] is not None]
    out["latency_ms"] = {"p50": percentile(latency, 50), "p95": percentile(latency, 95)}
    if verify:
        out["verify_ms"] = {"p50": percentile(verify, 50), "p95": percentile(verify, 95)}
    return out


def main() -> None:
    """Parse the arguments, ask, print the summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True, help="the OpenAI-compatible endpoint")
    parser.add_argument("--model", required=True, help="the model name it serves")
    parser.add_argument("--every", type=int, default=10, help="ask every N-th question")
    parser.add_argument("--langs", default="en,de", help="question languages to ask")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per model reply")
    parser.add_argument("--data", default=str(ROOT / "eval" / "xquad"))
    parser.add_argument("--out", default=str(ROOT / "eval" / "xquad-out"))
    args = parser.parse_args()
    rows = ask_both(args)
    with (Path(args.out) / "llm_results.jsonl").open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row) + "\n")
    print(json.dumps(summary(rows), indent=2))


if __name__ == "__main__":
    main()
