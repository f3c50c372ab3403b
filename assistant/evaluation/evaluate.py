"""Run a question file through `Assistant.ask` and measure answers and citations.

Writes `results.jsonl` (one `ask --json` object plus `id` a line), `metrics.json`
and `report.md` with a plot (`metrics.png`), compared with the committed
`baselines/<file name>.json` beside the question file. See DESIGN.md for the format.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.evaluation.modes import by_mode
from assistant.evaluation.report import write_report
from assistant.evaluation.stats import percentile


@dataclass(frozen=True)
class Question:
    """One line of a question file."""

    id: str
    question: str
    history: list[str]
    lang: str
    answerable: bool
    expected: list[list[str]]
    evidence: list[str]
    conflict: bool = False


def load_questions(path: Path) -> list[Question]:
    """Parse a JSONL question file; a bad line raises `ValueError` naming it."""
    questions = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            questions.append(
                Question(
                    id=str(raw["id"]),
                    question=raw["question"],
                    history=list(raw.get("history", [])),
                    lang=raw.get("lang", "en"),
                    answerable=bool(raw.get("answerable", True)),
                    expected=[list(g) for g in raw.get("expected", [])],
                    evidence=list(raw.get("evidence", [])),
                    conflict=bool(raw.get("conflict", False)),
                )
            )
        except (KeyError, TypeError, json.JSONDecodeError) as exc:
            raise ValueError(f"{path}:{number}: not a valid question line ({exc})") from exc
    return questions


def is_correct(q: Question, result: dict[str, Any]) -> bool:
    """Every expected keyword group has one alternative in the answer; not refused."""
    if result["refused"]:
        return False
    text = result["answer"].lower()
    return all(any(alt.lower() in text for alt in group) for group in q.expected)


def is_correct_by_rules(q: Question, result: dict[str, Any]) -> bool:
    """`is_correct` with the evidence rules alone deciding refusals (same sentences chosen)."""
    if result.get("rules_refused", result["refused"]):
        return False
    text = result.get("chosen", result["answer"]).lower()
    return all(any(alt.lower() in text for alt in group) for group in q.expected)


def evidence_rank(q: Question, retrieved: list[dict[str, Any]]) -> int | None:
    """0-based rank of the first retrieved sentence holding an evidence string."""
    for rank, passage in enumerate(retrieved):
        if any(e in passage["text"] for e in q.evidence):
            return rank
    return None


def score(questions: list[Question], results: list[dict[str, Any]]) -> dict[str, Any]:
    """The metrics of one run (see docs/evaluation.md).

    A metric over an empty group (no conflict questions, no unanswerable ones)
    is None, not a misleading 0.
    """
    answerable = [(q, r) for q, r in zip(questions, results, strict=True) if q.answerable]
    unanswerable = [(q, r) for q, r in zip(questions, results, strict=True) if not q.answerable]
    cited = [c for q, r in answerable for c in r["citations"]]
    ranks = [r.get("evidence_rank") for q, r in answerable]
    latencies = [r["latency_ms"] for r in results]
    conflicts = [(q, r) for q, r in answerable if q.conflict]

    def share(items: list[bool]) -> float | None:
        return round(sum(items) / len(items), 3) if items else None

    return {
        "questions": len(questions),
        "answer_accuracy": share([is_correct(q, r) for q, r in answerable]),
        "answer_accuracy_en": share([is_correct(q, r) for q, r in answerable if q.lang == "en"]),
        "answer_accuracy_de": share([is_correct(q, r) for q, r in answerable if q.lang == "de"]),
        "citation_support": share(
            [
                any(any(e in c["quote"] for e in q.evidence) for c in r["citations"])
                for q, r in answerable
            ]
        ),
        "citation_precision": share(
            [
                any(e in c["quote"] for e in q.evidence)
                for q, r in answerable
                for c in r["citations"]
            ]
        )
        if cited
        else None,
        "first_quote_support": share(
            [
                bool(r["citations"]) and any(e in r["citations"][0]["quote"] for e in q.evidence)
                for q, r in answerable
                if not r["refused"]
            ]
        ),
        "refusal_accuracy": share([r["refused"] for _, r in unanswerable]),
        "false_refusal_rate": share([r["refused"] for _, r in answerable]),
        "answer_accuracy_rules": share([is_correct_by_rules(q, r) for q, r in answerable]),
        "refusal_accuracy_rules": share(
            [r.get("rules_refused", r["refused"]) for _, r in unanswerable]
        ),
        "false_refusal_rate_rules": share(
            [r.get("rules_refused", r["refused"]) for _, r in answerable]
        ),
        "conflict_detected": share([r["conflict"] for _, r in conflicts]),
        "false_conflict_rate": share([r["conflict"] for q, r in answerable if not q.conflict]),
        "hit@1": share([x is not None and x < 1 for x in ranks]),
        "hit@5": share([x is not None and x < 5 for x in ranks]),
        "mrr": round(statistics.fmean(1 / (x + 1) if x is not None else 0 for x in ranks), 3)
        if ranks
        else None,
        "latency_mean_ms": round(statistics.fmean(latencies), 1) if latencies else 0.0,
        "latency_p95_ms": round(percentile(latencies, 95), 1) if latencies else 0.0,
    }


def run_questions(assistant: Any, questions: list[Question]) -> list[dict[str, Any]]:
    """Ask every question (after its history, asked as one chat) and return result objects."""
    results = []
    for q in questions:
        answer = assistant.ask(q.question, history=assistant.replay(q.history))
        result = answer.to_dict()
        result["id"] = q.id
        retrieved = answer.steps.get("retrieved", [])
        result["evidence_rank"] = evidence_rank(q, retrieved) if q.answerable else None
        result["rules_refused"] = answer.steps.get("rules_refused", answer.refused)
        result["chosen"] = " ".join(answer.steps.get("chosen", []))
        if "llm_reply" in answer.steps:  # what the model wrote, for eval/llm_claims.py
            for key in ("standalone_question", "llm_reply", "llm_sources"):
                result[key] = answer.steps[key]
        results.append(result)
    return results


def run_eval(assistant: Any, questions_path: Path, out_dir: Path) -> dict[str, Any]:
    """Run the file, write results, metrics and report into `out_dir`, return metrics."""
    questions = load_questions(questions_path)
    results = run_questions(assistant, questions)
    metrics = score(questions, results)
    extractive = None
    if getattr(assistant, "llm", None) is not None:  # LLM mode: also ask without the model
        plain = run_questions(assistant.without_llm(), questions)
        metrics |= by_mode(questions, results, plain, is_correct)
        extractive = score(questions, plain)
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / "results.jsonl").open("w", encoding="utf-8") as fh:
        for result in results:
            fh.write(json.dumps(result, ensure_ascii=False) + "\n")
    (out_dir / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", "utf-8")
    baseline_path = questions_path.parent / "baselines" / f"{questions_path.stem}.json"
    baseline = json.loads(baseline_path.read_text("utf-8")) if baseline_path.exists() else {}
    write_report(out_dir, metrics, baseline, questions, results, is_correct, extractive)
    return metrics
