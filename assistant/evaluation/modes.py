"""The eval in LLM mode: which answers came from the model, which fell back, how good each is.

`Answer.mode` tells: "llm" for a verified model answer, "extractive" for the
fallback (the model failed, or nothing it wrote was backed by its sources, or
no source could help). The same questions asked in extractive mode are put side
by side in `report.md`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_SIDE_BY_SIDE = [
    "answer_accuracy",
    "answer_accuracy_en",
    "answer_accuracy_de",
    "citation_support",
    "refusal_accuracy",
    "false_refusal_rate",
    "latency_mean_ms",
    "latency_p95_ms",
]


def by_mode(
    questions: list[Any],
    results: list[dict[str, Any]],
    extractive: list[dict[str, Any]],
    is_correct: Callable[[Any, dict[str, Any]], bool],
) -> dict[str, Any]:
    """Counts and accuracy of model answers and fallbacks, and of all answers in both modes.

    An answer is right when it holds the expected words (answerable questions) or
    refuses (unanswerable ones).
    """

    def right(q: Any, r: dict[str, Any]) -> bool:
        return is_correct(q, r) if q.answerable else bool(r["refused"])

    def share(items: list[bool]) -> float | None:
        return round(sum(items) / len(items), 3) if items else None

    pairs = list(zip(questions, results, strict=True))
    model = [right(q, r) for q, r in pairs if r["mode"] == "llm"]
    fallback = [right(q, r) for q, r in pairs if r["mode"] != "llm"]
    return {
        "llm_answers": len(model),
        "fallback_answers": len(fallback),
        "accuracy_llm_answers": share(model),
        "accuracy_fallback_answers": share(fallback),
        "accuracy_all_llm_mode": share([right(q, r) for q, r in pairs]),
        "accuracy_all_extractive_mode": share(
            [right(q, r) for q, r in zip(questions, extractive, strict=True)]
        ),
    }


def side_by_side(metrics: dict[str, Any], extractive: dict[str, Any]) -> list[str]:
    """The report section comparing LLM mode with extractive mode on the same questions."""
    lines = ["## LLM mode vs extractive mode (same questions)", ""]
    lines += [
        f"{metrics['llm_answers']} answers came from the model (right: "
        f"{metrics['accuracy_llm_answers']}), {metrics['fallback_answers']} fell back to "
        f"the extractive answer (right: {metrics['accuracy_fallback_answers']}).",
        "",
        "| metric | LLM mode | extractive mode |",
        "|---|---|---|",
        f"| accuracy, all questions | {metrics['accuracy_all_llm_mode']} | "
        f"{metrics['accuracy_all_extractive_mode']} |",
    ]
    lines += [f"| {key} | {metrics[key]} | {extractive[key]} |" for key in _SIDE_BY_SIDE]
    return [*lines, ""]
