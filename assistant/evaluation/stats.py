"""Percentiles for latency reports: the eval's metrics and the `eval/bench_*.py` scripts."""

from __future__ import annotations

import math
from collections.abc import Iterable


def percentile(values: Iterable[float], p: float) -> float:
    """The nearest-rank `p`-th percentile (0 < p <= 100): the smallest value that at
    least `p` % of the values are less than or equal to.

    Raises `ValueError` for no values or a `p` outside (0, 100].
    """
    ordered = sorted(values)
    if not ordered:
        raise ValueError("percentile of no values")
    if not 0 < p <= 100:
        raise ValueError(f"percentile rank {p} outside (0, 100]")
    return ordered[math.ceil(p / 100 * len(ordered)) - 1]
