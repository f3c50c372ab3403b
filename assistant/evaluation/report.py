"""The eval's `report.md`: metrics table (against a baseline), plot, failures."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.evaluation.modes import side_by_side

_RATES = [
    "answer_accuracy",
    "answer_accuracy_en",
    "answer_accuracy_de",
    "citation_support",
    "citation_precision",
    "refusal_accuracy",
    "false_refusal_rate",
    "conflict_detected",
    "false_conflict_rate",
    "hit@1",
    "hit@5",
    "mrr",
]


def _plot(out_dir: Path, metrics: dict[str, Any], results: list[dict[str, Any]]) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (bars, hist) = plt.subplots(1, 2, figsize=(11, 4), gridspec_kw={"width_ratios": [3, 2]})
    names = [k for k in _RATES if metrics[k] is not None]
    values = [metrics[k] for k in names]
    bars.barh(names[::-1], values[::-1], color="#3b6ea8")
    bars.set_xlim(0, 1)
    bars.set_title("Quality (share of questions)")
    for y, v in enumerate(values[::-1]):
        bars.text(min(v + 0.01, 0.9), y, f"{v:.2f}", va="center", fontsize=8)
    hist.hist([r["latency_ms"] for r in results], bins=20, color="#c47f2c")
    hist.set_title("Latency per question (ms)")
    fig.tight_layout()
    fig.savefig(out_dir / "metrics.png", dpi=110)
    plt.close(fig)
    return "metrics.png"


def write_report(
    out_dir: Path,
    metrics: dict[str, Any],
    baseline: dict[str, Any],
    questions: list[Any],
    results: list[dict[str, Any]],
    is_correct: Callable[[Any, dict[str, Any]], bool],
    extractive: dict[str, Any] | None = None,
) -> Path:
    """Write `report.md` (and its plot) into `out_dir`; returns the report's path.

    `extractive`: in LLM mode, the metrics of the same questions in extractive mode.
    """
    lines = ["# Eval report", "", f"{metrics['questions']} questions.", ""]
    lines += ["| metric | this run | baseline | change |", "|---|---|---|---|"]
    for key, value in metrics.items():
        if key == "questions":
            continue
        base = baseline.get(key)
        both = isinstance(base, int | float) and isinstance(value, int | float)
        change = f"{value - base:+.3f}" if both else ""
        shown = "n/a" if value is None else value
        lines.append(f"| {key} | {shown} | {'' if base is None else base} | {change} |")
    lines += ["", f"![metrics]({_plot(out_dir, metrics, results)})", ""]
    if extractive is not None:
        lines += side_by_side(metrics, extractive)
    lines += ["## Failures", ""]
    failures = 0
    for q, r in zip(questions, results, strict=True):
        if q.answerable:
            ok = is_correct(q, r) and (not q.conflict or r["conflict"])
        else:
            ok = r["refused"]
        if ok:
            continue
        failures += 1
        wanted = " AND ".join("/".join(g) for g in q.expected) if q.answerable else "a refusal"
        lines += [
            f"- **{q.id}** ({q.lang}) {q.question}",
            f"  - expected: {wanted}",
            f"  - answer: {r['answer'][:400]}",
        ]
    if not failures:
        lines.append("None.")
    path = out_dir / "report.md"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path
