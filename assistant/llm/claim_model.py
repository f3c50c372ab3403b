"""The claim-support model: a logistic regression over `claim_features.CLAIM_FEATURES`.

Trained by `tools/train_claim_support.py` on the "fit" halves of the strong-model
claims (`eval/strong_claims.jsonl`) and the real small model's hand-labelled claims
(`eval/llm_claims.jsonl`); its threshold keeps the small model's fit-half precision
at the target. The file is `data/claim_support.json` (a few hundred bytes), loaded
once; a missing or broken file raises `ClaimModelError` naming the rebuild command.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from assistant.llm.claim_features import CLAIM_FEATURES

MODEL_FILE = Path(__file__).resolve().parent.parent / "data" / "claim_support.json"
REBUILD = "python tools/train_claim_support.py"


class ClaimModelError(RuntimeError):
    """The claim-support model file is missing or unreadable."""


@dataclass(frozen=True)
class ClaimModel:
    """Standardised linear score → probability that the sentence backs the claim."""

    mean: np.ndarray
    std: np.ndarray
    weights: np.ndarray
    bias: float
    threshold: float

    def probability(self, row: np.ndarray) -> float:
        """P(the sentence backs the claim as an answer) for one feature row."""
        z = float(((row - self.mean) / self.std) @ self.weights + self.bias)
        return 1.0 / (1.0 + np.exp(-z))

    def backs(self, row: np.ndarray) -> bool:
        """The probability reaches the calibrated threshold."""
        return self.probability(row) >= self.threshold


@cache
def load_claim_model(path: Path = MODEL_FILE) -> ClaimModel:
    """The shipped model (raises `ClaimModelError` when the file is missing or broken)."""
    try:
        data = json.loads(path.read_text("utf-8"))
        if tuple(data["features"]) != CLAIM_FEATURES:
            raise ValueError(f"features {data['features']} are not {list(CLAIM_FEATURES)}")
        model = ClaimModel(
            np.asarray(data["mean"], dtype=np.float64),
            np.asarray(data["std"], dtype=np.float64),
            np.asarray(data["weights"], dtype=np.float64),
            float(data["bias"]),
            float(data["threshold"]),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ClaimModelError(f"cannot load {path}: {exc}; rebuild it with `{REBUILD}`") from exc
    if not model.mean.shape == model.std.shape == model.weights.shape == (len(CLAIM_FEATURES),):
        raise ClaimModelError(f"{path} has the wrong shape; rebuild it with `{REBUILD}`")
    return model
