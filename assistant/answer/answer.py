"""`Answer`: what every answer path returns and the CLI, app and eval consume."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.answer.citations import Citation


@dataclass
class Answer:
    """An answer with its citations and the steps that produced it."""

    question: str
    answer: str
    citations: list[Citation] = field(default_factory=list)
    refused: bool = False
    conflict: bool = False
    mode: str = "extractive"
    notice: str | None = None
    latency_ms: float = 0.0
    steps: dict[str, object] = field(default_factory=dict)

    def to_dict(self, with_steps: bool = False) -> dict[str, object]:
        """The JSON contract of `ask --json`; `steps` only when asked for."""
        out: dict[str, object] = {
            "question": self.question,
            "answer": self.answer,
            "refused": self.refused,
            "conflict": self.conflict,
            "mode": self.mode,
            "notice": self.notice,
            "latency_ms": round(self.latency_ms, 1),
            "citations": [c.to_dict() for c in self.citations],
        }
        if with_steps:
            out["steps"] = self.steps
        return out
