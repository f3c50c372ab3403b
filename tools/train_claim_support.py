"""Train the verifier's claim-support model (`assistant/data/claim_support.json`).

    python tools/train_claim_support.py [--precision 0.96] [--out assistant/data/claim_support.json]

Data (both in this repository, provenance in docs/llm-mode.md):
* `eval/strong_claims.jsonl`: claims a capable model would write, right paraphrases
  and wrong ones with one fact changed, each with its evidence sentence. The "tune"
  half (`strong_claims.half`, by question) is the fit half; "held-out" is reported.
* `eval/llm_claims.jsonl`: the real Qwen2.5-Coder-0.5B's claims, labelled by hand,
  split in two by a hash of the question (`small_half`): "fit" and "check".

A pair (claim, cited sentence) that fails the fact or polarity checks is rejected
by them alone, and one in the sentence's own words is judged by the word reading
(`claim_features.in_own_words`): neither is a training row. The logistic regression
learns "backs" from the rest (paraphrases and translations); its threshold is the
lowest at which, on the fit halves, the small model's precision reaches
`--precision` and the strong model's wrong claims rejected reach `--rejected`.
Takes about a minute (E5 on 2 cores); prints fit and check numbers.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "eval"), str(ROOT / "tools")]

import strong_claims  # noqa: E402
from train_reader import auc, fit_logistic  # noqa: E402

from assistant.config import load_settings  # noqa: E402
from assistant.index.embeddings import make_embedder  # noqa: E402
from assistant.llm.claim_features import (  # noqa: E402
    CLAIM_FEATURES,
    claim_row,
    in_own_words,
    words_verdict,
)
from assistant.llm.claim_model import MODEL_FILE  # noqa: E402
from assistant.llm.claims import claims  # noqa: E402
from assistant.llm.entailment import Meaning  # noqa: E402
from assistant.llm.sources import model_sources  # noqa: E402
from assistant.llm.verify import checks  # noqa: E402

SMALL = ROOT / "eval" / "llm_claims.jsonl"


def small_half(row: dict[str, Any]) -> str:
    """ "fit" or "check" for a real small-model claim, by a hash of its question."""
    digest = hashlib.sha256(str(row["question"]).encode("utf-8")).digest()
    return "fit" if digest[0] % 2 == 0 else "check"


def strong_examples(meaning: Meaning) -> list[dict[str, Any]]:
    """One example per strong-model claim: its evidence sentence and window."""
    out = []
    for row in strong_claims.load():
        passage = strong_claims.evidence_passage(row)
        texts = {row["article"]: strong_claims.article_text(row)}
        window = model_sources([passage], [], texts, 1, 10_000)[0].text
        out.append(
            _example(meaning, row["question"], row["claim"], passage.text, window)
            | {"label": row["label"] == "right", "set": "strong", "lang": row["lang"]}
            | {"half": "fit" if strong_claims.half(row) == "tune" else "check"}
        )
    return out


def small_examples(meaning: Meaning) -> list[dict[str, Any]]:
    """One example per real small-model claim that cites one existing source."""
    out = []
    for line in SMALL.read_text("utf-8").splitlines():
        row = json.loads(line)
        parsed = claims(row["claim"])
        valid = [n for n in parsed[0].markers if 1 <= n <= len(row["sources"])] if parsed else []
        example = {"label": row["label"] == "supported", "set": "small", "lang": "?"}
        example |= {"half": small_half(row)}
        if len(set(valid)) != 1 or parsed[0].cut_off or parsed[0].fragment or not parsed[0].text:
            out.append(example | {"gates": False, "row": None})  # rejected before any model
            continue
        source = row["sources"][valid[0] - 1]
        asked = row.get("asked", row["question"])
        chosen = bool(row.get("chosen", [True] * valid[0])[valid[0] - 1])
        out.append(
            example | _example(meaning, asked, parsed[0].text, source, source) | {"chosen": chosen}
        )
    return out


def _example(meaning: Meaning, question: str, claim: str, sentence: str, window: str) -> dict:
    gates = checks(question, claim, sentence, window) is None
    return {"gates": gates, "row": claim_row(meaning, question, claim, sentence) if gates else None}


def accepted(examples: list[dict[str, Any]], model: dict, threshold: float) -> np.ndarray:
    """Which examples the verifier accepts with `model` at `threshold`: the checks, then
    the word reading for claims in their sentence's words, the model for the others."""
    mean, std, w = (np.asarray(model[k]) for k in ("mean", "std", "weights"))
    out = np.zeros(len(examples), dtype=bool)
    for i, e in enumerate(examples):
        if not e["gates"]:
            continue
        if in_own_words(e["row"]):
            out[i] = e.get("chosen", True) and words_verdict(e["row"])
        else:
            z = ((e["row"] - mean) / std) @ w + model["bias"]
            out[i] = 1 / (1 + np.exp(-z)) >= threshold
    return out


def rates(examples: list[dict[str, Any]], ok: np.ndarray) -> dict[str, float | int]:
    """Right/supported verified and wrong rejected, and precision."""
    good = np.array([e["label"] for e in examples], dtype=bool)
    return {
        "claims": len(examples),
        "right_verified": round(float(ok[good].mean()), 3) if good.any() else 0.0,
        "wrong_rejected": round(float(1 - ok[~good].mean()), 3) if (~good).any() else 0.0,
        "precision": round(float(good[ok].mean()), 3) if ok.any() else 0.0,
    }


def report(examples: list[dict[str, Any]], model: dict, threshold: float) -> dict[str, Any]:
    """`rates` by set, half and language."""
    ok = accepted(examples, model, threshold)
    groups: dict[str, list[int]] = {}
    for i, e in enumerate(examples):
        for name in (f"{e['set']} {e['half']}", f"{e['set']} {e['half']} {e['lang']}"):
            if e["lang"] != "?" or name.count(" ") == 1:
                groups.setdefault(name, []).append(i)
    return {
        name: rates([examples[i] for i in idx], ok[idx]) for name, idx in sorted(groups.items())
    }


def main() -> None:
    """Command line: build the examples, fit, choose the threshold, save, report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--precision", type=float, default=0.94, help="small model, fit half")
    parser.add_argument("--rejected", type=float, default=0.95, help="strong wrong, fit half")
    parser.add_argument("--l2", type=float, default=0.01)
    parser.add_argument("--steps", type=int, default=3000)
    parser.add_argument("--out", default=str(MODEL_FILE))
    args = parser.parse_args()
    meaning = Meaning(make_embedder(load_settings(), 1))
    examples = strong_examples(meaning) + small_examples(meaning)
    fit = [e for e in examples if e["half"] == "fit" and e["gates"] and not in_own_words(e["row"])]
    x = np.array([e["row"] for e in fit])
    y = np.array([e["label"] for e in fit], dtype=np.float64)
    model = fit_logistic(x, y, args.l2, args.steps)
    small = [e for e in examples if e["set"] == "small" and e["half"] == "fit"]
    strong = [e for e in examples if e["set"] == "strong" and e["half"] == "fit"]
    threshold = 0.99
    for t in np.arange(0.05, 0.99, 0.01):
        if (
            rates(small, accepted(small, model, float(t)))["precision"] >= args.precision
            and rates(strong, accepted(strong, model, float(t)))["wrong_rejected"] >= args.rejected
        ):
            threshold = round(float(t), 2)
            break
    mean, std, w = (np.asarray(model[k]) for k in ("mean", "std", "weights"))
    scores = np.array([((e["row"] - mean) / std) @ w for e in fit])
    result = {
        "features": list(CLAIM_FEATURES),
        **model,
        "threshold": threshold,
        "trained_on": {"fit_rows": len(fit), "positives": int(y.sum())},
        "fit_auc": round(auc(scores, y.astype(bool)), 3),
        "report": report(examples, model, threshold),
    }
    Path(args.out).write_text(json.dumps(result, indent=1) + "\n", "utf-8")
    print(json.dumps({k: result[k] for k in ("threshold", "trained_on", "fit_auc")}))
    for name, numbers in result["report"].items():
        print(f"{name:24} {numbers}")


if __name__ == "__main__":
    main()
