"""Nearest-rank percentiles, and the eval's latency metrics built on them."""

from __future__ import annotations

import pytest

from assistant.evaluation.evaluate import Question, score
from assistant.evaluation.stats import percentile

# The three per-question latencies of the run that printed p95 94.0 under a mean of 556.4.
REPORTED = [1498.3, 76.8, 94.0]


def test_nearest_rank_on_unsorted_values() -> None:
    assert percentile(REPORTED, 95) == 1498.3
    assert percentile(REPORTED, 50) == 94.0
    assert percentile(REPORTED, 34) == 94.0  # 34 % of 3 values: rank ceil(1.02) = 2
    assert percentile(REPORTED, 33) == 76.8
    assert percentile(REPORTED, 100) == 1498.3


def test_nearest_rank_on_one_to_twenty() -> None:
    values = list(range(20, 0, -1))
    assert percentile(values, 95) == 19
    assert percentile(values, 50) == 10
    assert percentile(values, 5) == 1
    assert percentile([7.5], 95) == 7.5


@pytest.mark.parametrize("p", [0, -5, 100.1])
def test_rank_outside_the_range_is_refused(p: float) -> None:
    with pytest.raises(ValueError, match="outside"):
        percentile(REPORTED, p)


def test_no_values_are_refused() -> None:
    with pytest.raises(ValueError, match="no values"):
        percentile([], 95)


def test_eval_latency_p95_is_not_below_the_mean() -> None:
    questions = [
        Question(
            id=str(i),
            question="q",
            history=[],
            lang="en",
            answerable=False,
            expected=[],
            evidence=[],
        )
        for i in range(3)
    ]
    results = [
        {"answer": "", "refused": True, "conflict": False, "citations": [], "latency_ms": ms}
        for ms in REPORTED
    ]
    metrics = score(questions, results)
    assert metrics["latency_mean_ms"] == 556.4
    assert metrics["latency_p95_ms"] == 1498.3
    assert metrics["latency_p95_ms"] >= metrics["latency_mean_ms"]
