"""The eval runs on the bundled questions and fails the build below measured floors."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.core import Assistant
from assistant.evaluate import load_questions, run_eval

ROOT = Path(__file__).resolve().parent.parent
# Floors: the measured values of eval/baseline.json minus a small allowance.
FLOORS = {
    "answer_accuracy": 0.88,
    "citation_support": 0.85,
    "citation_precision": 0.62,
    "refusal_accuracy": 0.30,
    "conflict_detected": 1.0,
    "hit@1": 0.70,
    "hit@5": 0.90,
}
CEILINGS = {"false_refusal_rate": 0.05, "false_conflict_rate": 0.02}


def test_question_file_is_well_formed() -> None:
    questions = load_questions(ROOT / "eval" / "questions.jsonl")
    assert len(questions) >= 60
    assert len({q.id for q in questions}) == len(questions)
    assert sum(q.lang == "de" for q in questions) >= 8
    assert sum(not q.answerable for q in questions) >= 8
    assert sum(bool(q.history) for q in questions) >= 4


def test_eval_meets_floors_and_writes_report(seeded: Assistant, tmp_path: Path) -> None:
    metrics = run_eval(seeded, ROOT / "eval" / "questions.jsonl", tmp_path)
    for key, floor in FLOORS.items():
        assert metrics[key] >= floor, (key, metrics[key])
    for key, ceiling in CEILINGS.items():
        assert metrics[key] <= ceiling, (key, metrics[key])
    lines = (tmp_path / "results.jsonl").read_text("utf-8").splitlines()
    assert len(lines) == metrics["questions"]
    assert "id" in json.loads(lines[0])
    report = (tmp_path / "report.md").read_text("utf-8")
    assert "| answer_accuracy |" in report and "## Failures" in report
    assert (tmp_path / "metrics.png").stat().st_size > 10_000
