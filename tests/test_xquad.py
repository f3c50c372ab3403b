"""The XQuAD development benchmark: built as specified, and held to its baseline in CI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.evaluation.xquad import INDEXED, build, holds, normalise

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "eval" / "xquad"
ALLOWANCE = 0.03
GUARDED = [
    "accuracy",
    "accuracy_en",
    "accuracy_de",
    "not_indexed_refused",
    "hit@1",
    "hit@5",
]
LOWER_IS_BETTER = ["false_refusal_rate", "false_refusal_rate_en", "false_refusal_rate_de"]


def test_build_writes_the_indexed_articles_and_every_question(tmp_path: Path) -> None:
    questions = build(DATA, tmp_path)
    files = sorted(tmp_path.glob("*.txt"))
    assert len(files) == INDEXED
    answerable = [q for q in questions if q.answerable]
    assert len(answerable) == 2 * 493 and len(questions) - len(answerable) == 139
    assert {q.lang for q in questions if not q.answerable} == {"en"}
    texts = {int(f.name[:2]): normalise(f.read_text("utf-8")) for f in files}
    assert all(any(normalise(a) in texts[q.article] for a in q.answers) for q in answerable)


def test_gold_answers_match_as_words_after_normalising() -> None:
    assert holds("Die Artikel sagen: Es waren 308 Punkte. [1]", ("308",))
    assert holds("… der „Super Bowl 50“ …", ("Super Bowl 50",))
    assert not holds("Es waren 3080 Punkte.", ("308",))


@pytest.mark.slow
def test_benchmark_holds_its_baseline(seeded_settings: Settings, tmp_path: Path) -> None:
    from assistant.evaluation.benchmark import run_xquad

    # Each question is read by the reader model whose training left out its article.
    metrics = run_xquad(seeded_settings, DATA, tmp_path, ROOT / "eval" / "reader_folds")
    baseline = json.loads((ROOT / "eval" / "baselines" / "xquad.json").read_text("utf-8"))
    for key in GUARDED:
        assert metrics[key] >= baseline[key] - ALLOWANCE, (key, metrics[key], baseline[key])
    for key in LOWER_IS_BETTER:
        assert metrics[key] <= baseline[key] + ALLOWANCE, (key, metrics[key], baseline[key])
    assert metrics["false_conflict_rate"] == 0.0
    assert metrics["reader_auc"] >= 0.95
    assert metrics["not_indexed_refused"] > metrics["not_indexed_refused_rules"]
    assert metrics["answer_chars_mean"] <= 400
    report = (tmp_path / "report.md").read_text("utf-8")
    assert "| accuracy_en |" in report and "nearest sentence" in report
