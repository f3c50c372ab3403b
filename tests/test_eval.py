"""The eval runs on the three bundled question sets and fails the build when one drops."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.core import Assistant
from assistant.evaluation.evaluate import load_questions, run_eval

ROOT = Path(__file__).resolve().parent.parent
SETS = ["questions", "heldout", "blind", "blind2"]
# Quality may not drop more than this below the committed eval/baselines/<set>.json.
ALLOWANCE = 0.03
LOWER_IS_BETTER = {"false_refusal_rate", "false_conflict_rate"}
UNGUARDED = {"questions", "latency_mean_ms", "latency_p95_ms"}  # latency: see eval/bench_latency.py


@pytest.mark.parametrize("name", SETS)
def test_question_file_is_well_formed(name: str) -> None:
    questions = load_questions(ROOT / "eval" / f"{name}.jsonl")
    assert len({q.id for q in questions}) == len(questions)
    assert sum(q.lang == "de" for q in questions) >= 8
    assert sum(not q.answerable for q in questions) >= 8
    assert sum(bool(q.history) for q in questions) >= 4
    texts = "".join(p.read_text("utf-8") for p in (ROOT / "seeds").glob("*.txt"))
    for q in questions:
        assert all(e in texts for e in q.evidence), q.id


def test_development_set_covers_the_issue() -> None:
    questions = load_questions(ROOT / "eval" / "questions.jsonl")
    assert len(questions) >= 60
    assert any(q.conflict for q in questions)


@pytest.mark.parametrize("name", SETS)
def test_eval_holds_its_baseline_and_writes_report(
    seeded: Assistant, tmp_path: Path, name: str
) -> None:
    metrics = run_eval(seeded, ROOT / "eval" / f"{name}.jsonl", tmp_path)
    baseline = json.loads((ROOT / "eval" / "baselines" / f"{name}.json").read_text("utf-8"))
    for key, base in baseline.items():
        if key in UNGUARDED or base is None:
            continue
        if key in LOWER_IS_BETTER:
            assert metrics[key] <= base + ALLOWANCE, (key, metrics[key], base)
        else:
            assert metrics[key] >= base - ALLOWANCE, (key, metrics[key], base)
    lines = (tmp_path / "results.jsonl").read_text("utf-8").splitlines()
    assert len(lines) == metrics["questions"]
    assert "id" in json.loads(lines[0])
    report = (tmp_path / "report.md").read_text("utf-8")
    assert "| answer_accuracy |" in report and "## Failures" in report
    assert (tmp_path / "metrics.png").stat().st_size > 10_000
