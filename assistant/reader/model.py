"""The reader model: ranks candidate sentences and decides when none answers.

Both parts are small linear models over standardised features, stored with
their provenance and held-out numbers in `reader.json` (trained by
`tools/train_reader.py`), and run with numpy alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from assistant.reader.features import CANDIDATE_FEATURES

MODEL_FILE = Path(__file__).with_name("reader.json")
REBUILD = (
    "python tools/reader_data.py DIR && "
    "python tools/train_reader.py DIR --out assistant/reader/reader.json"
)
QUESTION_FEATURES = (
    "top_score",
    "top_probability",
    "margin",
    "top_dense",
    "best_dense",
    "dense_margin",
    "top_lexical",
    "top_paragraph_lexical",
    "top_coverage",
    "top_rarest_missing",
    "missing_names",
    "kind_missing",
    "top_alignment",
)
_F = {name: i for i, name in enumerate(CANDIDATE_FEATURES)}
_KIND_WINDOW = 3


class ReaderError(RuntimeError):
    """The model file is missing or unreadable."""


@dataclass
class Reader:
    """A trained ranker and refuser (see `tools/train_reader.py`)."""

    ranker: dict[str, Any]
    refuser: dict[str, Any] | None
    threshold: float
    held_out: tuple[int, ...] = ()  # XQuAD development articles left out of its training

    def rank_scores(self, rows: np.ndarray) -> np.ndarray:
        """One score per candidate row: higher answers the question more likely."""
        if not len(rows):
            return np.zeros(0)
        r = self.ranker
        return ((rows - np.asarray(r["mean"])) / np.asarray(r["std"])) @ np.asarray(r["weights"])

    def refusal_probabilities(self, question_rows: np.ndarray) -> np.ndarray:
        """Probability that no candidate answers, for each row of `QUESTION_FEATURES`."""
        if self.refuser is None:
            return np.zeros(len(question_rows))
        r = self.refuser
        z = ((question_rows - np.asarray(r["mean"])) / np.asarray(r["std"])) @ np.asarray(
            r["weights"]
        )
        return 1 / (1 + np.exp(-(z + r["bias"])))

    def save(self, path: Path, report: dict[str, Any]) -> None:
        """Write the model with its features, threshold and `report` (numbers, provenance)."""
        document = {
            "candidate_features": list(CANDIDATE_FEATURES),
            "question_features": list(QUESTION_FEATURES),
            "ranker": self.ranker,
            "refuser": self.refuser,
            "threshold": self.threshold,
            "report": report,
        }
        path.write_text(json.dumps(document, indent=1) + "\n", "utf-8")


def question_row(
    scores: np.ndarray,
    rows: np.ndarray,
    coverage: np.ndarray,
    missing_names: bool,
    alignment: float,
) -> list[float]:
    """`QUESTION_FEATURES` of one question's retrieval outcome under the ranker's `scores`.

    `coverage[i]` is the share of the question's words found in candidate i's
    paragraph and title (by word vectors too), or below 0 when not measured;
    `alignment` is `token_alignment.best_alignment` of the question.
    """
    if not len(rows):
        empty = dict.fromkeys(QUESTION_FEATURES, 0.0)
        empty.update(top_score=-10.0, top_rarest_missing=1.0, kind_missing=1.0)
        empty["missing_names"] = float(missing_names)
        return list(empty.values())
    order = np.argsort(-scores)
    top = order[0]
    exp = np.exp(scores - scores[top])
    dense = np.sort(rows[:, _F["dense"]])[::-1]
    window = order[:_KIND_WINDOW]
    cover = coverage[top] if coverage[top] >= 0 else rows[top, _F["paragraph_lexical"]]
    return [
        float(scores[top]),
        float(1 / exp.sum()),
        float(scores[top] - scores[order[1]]) if len(order) > 1 else 5.0,
        float(rows[top, _F["dense"]]),
        float(dense[0]),
        float(dense[0] - dense[1]) if len(dense) > 1 else 0.1,
        float(rows[top, _F["lexical"]]),
        float(rows[top, _F["paragraph_lexical"]]),
        float(cover),
        float(rows[top, _F["paragraph_rarest_missing"]]),
        float(missing_names),
        float(rows[window, _F["kind_no"]].min()),
        alignment,
    ]


@lru_cache(maxsize=8)
def load_reader(path: Path = MODEL_FILE) -> Reader:
    """The shipped reader, loaded once; a clear error names the file and how to rebuild it."""
    try:
        document = json.loads(path.read_text("utf-8"))
        if document["candidate_features"] != list(CANDIDATE_FEATURES):
            raise ValueError("its candidate features differ from this version's")
        if document["question_features"] != list(QUESTION_FEATURES):
            raise ValueError("its question features differ from this version's")
        held_out = tuple(document["report"].get("articles", ()))
        return Reader(
            document["ranker"], document["refuser"], float(document["threshold"]), held_out
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ReaderError(
            f"The reader model {path} is missing or unreadable ({exc}); rebuild it with: {REBUILD}"
        ) from exc
