"""Experiment: the cross-encoder recipe as a claim checker, trained on PAWS-X German.

    python tools/cross_encoder/pawsx_claims.py ../shared/pawsx    # ~10 min on 2 cores

Trains the top 4 E5 layers and a head (binary: paraphrase or not, as a correction to
the cosine) for one epoch on PAWS-X German dev + test, then prints how well it and
plain cosine separate the right from the wrong claims of `eval/strong_claims.jsonl`
(claim against its evidence phrase), as AUC by language. Result in docs/llm-mode.md.
"""

from __future__ import annotations

import csv
import json
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tools.train_cross_encoder import embedder  # noqa: E402


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """Probability that a random positive outscores a random negative (ties count half)."""
    pos, neg = scores[labels == 1][:, None], scores[labels == 0][None]
    return float((pos > neg).mean() + 0.5 * (pos == neg).mean())


def main() -> None:
    import torch
    import torch.nn.functional as F

    from tools.cross_encoder.e5_torch import Pairs

    folder = Path(sys.argv[1])
    rows = []
    for name in ("dev.tsv", "test.tsv"):
        with (folder / name).open(encoding="utf-8") as handle:
            for r in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                if r["sentence1"] and r["sentence2"] and r["label"] in ("0", "1"):
                    rows.append((r["sentence1"], r["sentence2"], float(r["label"])))
    random.Random(0).shuffle(rows)
    torch.manual_seed(0)
    torch.set_num_threads(2)
    embed = embedder()

    def cosine(a: list[str], b: list[str]) -> np.ndarray:
        return (embed(a, True) * embed(b, False)).sum(1)

    claims = [json.loads(line) for line in (ROOT / "eval" / "strong_claims.jsonl").open()]
    claim_cos = cosine([c["claim"] for c in claims], [c["evidence"] for c in claims])
    pair_cos = cosine([r[0] for r in rows], [r[1] for r in rows])
    model = Pairs(4)
    bias = torch.nn.Parameter(torch.tensor(-27.0))
    trained = [p for layer in model.layers[model.first_trained :] for p in layer.parameters()]
    optimiser = torch.optim.AdamW(
        [
            {"params": trained, "lr": 3e-5},
            {"params": [*model.head.parameters(), model.scale, bias]},
        ],
        lr=1e-3,
        weight_decay=0.01,
    )
    steps = len(rows) // 12
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimiser, max_lr=[3e-5, 1e-3], total_steps=steps, pct_start=0.1
    )
    for step in range(steps):
        batch = rows[step * 12 : (step + 1) * 12]
        model.train()
        logits = (
            model(
                [r[0] for r in batch],
                [r[1] for r in batch],
                torch.tensor(pair_cos[step * 12 : (step + 1) * 12]),
            )
            + bias
        )
        loss = F.binary_cross_entropy_with_logits(logits, torch.tensor([r[2] for r in batch]))
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        schedule.step()
        if step % 50 == 0:
            print(f"step {step}: loss {loss.item():.3f}", flush=True)
    model.eval()
    with torch.no_grad():
        scores = np.concatenate(
            [
                model(
                    [c["claim"] for c in claims[i : i + 16]],
                    [c["evidence"] for c in claims[i : i + 16]],
                    torch.tensor(claim_cos[i : i + 16]),
                ).numpy()
                for i in range(0, len(claims), 16)
            ]
        )
    labels = np.array([c["label"] == "right" for c in claims], dtype=int)
    language = np.array([c["lang"] for c in claims])
    for name, chosen in (
        ("all", language != ""),
        ("en", language == "en"),
        ("de", language == "de"),
    ):
        print(
            f"{name}: AUC cosine {auc(claim_cos[chosen], labels[chosen]):.3f}, "
            f"cross-encoder {auc(scores[chosen], labels[chosen]):.3f}"
        )


if __name__ == "__main__":
    main()
