"""Train the reader (`assistant/reader/`) on data from `tools/reader_data.py`.

Two small models, numpy only, trained and validated by article folds of the
XQuAD development half (fold = article // 6; every number printed for a fold
comes from a model that never saw that fold's articles):

- the ranker: a linear score over `CANDIDATE_FEATURES`, trained as a softmax
  over each question's candidates towards the ones holding the gold answer;
- the refuser: logistic regression over question-level features of the real
  retrieval outcome (the ranker's best score and margin, dense score, word
  coverage, the evidence rules' verdicts), trained on each question asked once
  with its article indexed and once without; its threshold is set on the
  training folds for a false-refusal rate of `--false-refusals`.

    python tools/train_reader.py DATA_DIR [--out assistant/reader/reader.json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from assistant.reader.features import CANDIDATE_FEATURES
from assistant.reader.model import QUESTION_FEATURES, Reader, question_row

FOLDS = 4
REFUSER_SETTINGS = ("indexed", "not_indexed")
ARTICLES_PER_FOLD = 6


def _fold_articles(fold: int) -> list[int]:
    """The XQuAD development articles held out in `fold`."""
    return list(range(fold * ARTICLES_PER_FOLD, (fold + 1) * ARTICLES_PER_FOLD))


def load(data_dir: Path) -> tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray], list[dict]]:
    """Per (question, half): candidate rows, gold labels, paragraph coverage, metadata."""
    data = np.load(data_dir / "reader_data.npz")
    meta = json.loads((data_dir / "reader_meta.json").read_text("utf-8"))
    cuts = np.cumsum(data["sizes"])[:-1]
    return (
        np.split(data["rows"], cuts),
        np.split(data["labels"], cuts),
        np.split(data["coverage"], cuts),
        meta,
    )


def _standardise(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean = x.mean(axis=0)
    std = x.std(axis=0)
    return mean, np.where(std > 1e-6, std, 1.0)


def fit_ranker(rows: list[np.ndarray], labels: list[np.ndarray], l2: float, steps: int) -> dict:
    """A linear score trained as a softmax over each question's candidates, towards its
    gold ones (Adam, full batch), starting from the dense score alone."""
    kept = [(r, y) for r, y in zip(rows, labels, strict=True) if y.any()]
    x = np.concatenate([r for r, _ in kept]).astype(np.float64)
    mean, std = _standardise(x)
    x = (x - mean) / std
    target = np.concatenate([y / y.sum() for _, y in kept])
    starts = np.cumsum([0] + [len(r) for r, _ in kept])[:-1]
    group = np.repeat(np.arange(len(kept)), [len(r) for r, _ in kept])
    w = np.zeros(x.shape[1])
    w[CANDIDATE_FEATURES.index("dense")] = 1.0
    m, v = np.zeros_like(w), np.zeros_like(w)
    for t in range(1, steps + 1):
        z = x @ w
        e = np.exp(z - np.maximum.reduceat(z, starts)[group])
        grad = x.T @ (e / np.add.reduceat(e, starts)[group] - target) / len(kept) + l2 * w
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad**2
        w -= 0.05 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    return {"mean": mean.tolist(), "std": std.tolist(), "weights": w.tolist()}


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float, steps: int) -> dict:
    """Logistic regression (Adam, full batch) on standardised features."""
    mean, std = _standardise(x)
    z = (x - mean) / std
    w, b = np.zeros(z.shape[1]), 0.0
    m, v = np.zeros(z.shape[1] + 1), np.zeros(z.shape[1] + 1)
    for t in range(1, steps + 1):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        grad = np.append(z.T @ (p - y) / len(y) + l2 * w, (p - y).mean())
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad**2
        step = 0.05 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
        w, b = w - step[:-1], b - step[-1]
    return {"mean": mean.tolist(), "std": std.tolist(), "weights": w.tolist(), "bias": b}


def auc(scores: np.ndarray, positive: np.ndarray) -> float:
    """Area under the ROC curve (probability a positive outscores a negative)."""
    pos, neg = scores[positive], scores[~positive]
    if not len(pos) or not len(neg):
        return float("nan")
    order = np.argsort(np.concatenate([pos, neg]), kind="mergesort")
    ranks = np.empty(len(order))
    ranks[order] = np.arange(1, len(order) + 1)
    return float((ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def question_rows(reader: Reader, rows, coverage, meta) -> np.ndarray:
    """The refuser's input for each (question, half) under `reader`'s ranker."""
    return np.array(
        [
            question_row(reader.rank_scores(r), r, c, m["missing_names"] > 0, m["alignment"])
            for r, c, m in zip(rows, coverage, meta, strict=True)
        ]
    )


def train(rows, labels, coverage, meta, train_idx, args) -> Reader:
    """Ranker and refuser on the (question, half) pairs in `train_idx`.

    The refuser learns answerable vs. not indexed (`REFUSER_SETTINGS`) from ranker
    scores it did not fit (inner article folds of the training part).
    """
    fit = lambda idx: fit_ranker(  # noqa: E731
        [rows[i] for i in idx], [labels[i] for i in idx], args.l2, args.steps
    )
    reader = Reader(ranker=fit(train_idx), refuser=None, threshold=1.0)
    chosen = [i for i in train_idx if meta[i]["setting"] in REFUSER_SETTINGS]
    articles = sorted({meta[i]["article"] for i in chosen})
    inner = {a: k % 3 for k, a in enumerate(articles)}
    qx = np.zeros((len(chosen), len(QUESTION_FEATURES)))
    for k in range(3):
        part = [j for j, i in enumerate(chosen) if inner[meta[i]["article"]] == k]
        sub = Reader(fit([i for i in train_idx if inner.get(meta[i]["article"]) != k]), None, 1)
        idx = [chosen[j] for j in part]
        qx[part] = question_rows(
            sub, [rows[i] for i in idx], [coverage[i] for i in idx], [meta[i] for i in idx]
        )
    qy = np.array([not meta[i]["answerable"] for i in chosen], dtype=float)
    reader.refuser = fit_logistic(qx, qy, args.l2, args.steps)
    answerable = reader.refusal_probabilities(qx)[qy == 0]
    reader.threshold = float(np.quantile(answerable, 1 - args.false_refusals))
    return reader


def quoted(rows: np.ndarray, scores: np.ndarray, kind_asked: bool) -> list[int]:
    """The candidates the answerer quotes (see `extractive.select`): the best holding the
    kind of fact asked, and the next while within 0.05 of it and 560 characters in all."""
    f = CANDIDATE_FEATURES
    usable = [i for i in np.argsort(-scores) if not (kind_asked and rows[i, f.index("kind_no")])]
    chosen = usable[:1]
    chars = np.exp(rows[:, f.index("log_chars")])
    for i in usable[1:2]:
        if scores[i] >= scores[usable[0]] - 0.05 and chars[chosen].sum() + chars[i] <= 560:
            chosen.append(i)
    return chosen


def evaluate(reader: Reader, rows, labels, coverage, meta, idx) -> dict[str, float]:
    """Numbers on the pairs in `idx`: the evidence rules alone, the reader alone, both."""
    f = CANDIDATE_FEATURES
    out: dict[str, float] = {}
    qx = question_rows(
        reader, [rows[i] for i in idx], [coverage[i] for i in idx], [meta[i] for i in idx]
    )
    no_answer = reader.refusal_probabilities(qx)
    outcome = []
    for j, i in enumerate(idx):
        r, m = rows[i], meta[i]
        kind = m["kind"] is not None
        scores = _rule(r)
        chosen = quoted(r, scores, kind)
        window = np.argsort(-scores)[:3]
        by_rules = (
            m["missing_names"] > 0
            or not chosen
            or (kind and r[window, f.index("kind_no")].min() > 0)
            or 0 <= coverage[i][chosen[0]] < 0.25
        )
        by_reader = not chosen or no_answer[j] >= reader.threshold
        right = bool(chosen) and bool(labels[i][chosen].any())
        chars = float(np.exp(r[chosen, f.index("log_chars")]).sum()) if chosen else 0.0
        top = {
            "dense": bool(len(r)) and bool(labels[i][0]),
            "rules": bool(len(r)) and bool(labels[i][int(np.argmax(scores))]),
            "ranker": bool(len(r)) and bool(labels[i][int(np.argmax(reader.rank_scores(r)))]),
        }
        refused = {"rules": by_rules, "reader": by_reader, "rules+reader": by_rules or by_reader}
        outcome.append((m, refused, right, chars, top))
    for lang in ("en", "de"):
        asked = [x for x in outcome if x[0]["setting"] == "indexed" and x[0]["lang"] == lang]
        for ranking in ("dense", "rules", "ranker"):
            out[f"hit@1_{ranking}_{lang}"] = float(np.mean([x[4][ranking] for x in asked]))
        for name in ("rules", "reader", "rules+reader"):
            out[f"{name}_accuracy_{lang}"] = float(
                np.mean([x[2] and not x[1][name] for x in asked])
            )
            out[f"{name}_false_refusals_{lang}"] = float(np.mean([x[1][name] for x in asked]))
    for name in ("rules", "reader", "rules+reader"):
        for setting in ("not_indexed", "absent"):
            out[f"{name}_{setting}_refused"] = float(
                np.mean([x[1][name] for x in outcome if x[0]["setting"] == setting])
            )
    out["chars"] = float(np.mean([x[3] for x in outcome if x[0]["setting"] == "indexed"]))
    settings = np.array([meta[i]["setting"] for i in idx])
    shown = np.isin(settings, REFUSER_SETTINGS)
    out["auc_not_indexed"] = auc(no_answer[shown], settings[shown] == "not_indexed")
    absent = np.isin(settings, ("indexed", "absent"))
    out["auc_absent"] = auc(no_answer[absent], settings[absent] == "absent")
    return out


def _rule(rows: np.ndarray) -> np.ndarray:
    """Today's hand-set sentence score: dense + 0.05 × lexical + 0.02 × kind supplied."""
    f = CANDIDATE_FEATURES
    return (
        rows[:, f.index("dense")]
        + 0.05 * rows[:, f.index("lexical")]
        + 0.02 * rows[:, f.index("kind_yes")]
    )


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> None:
    """Cross-validate by article folds, print held-out numbers, then fit on all and save."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument(
        "--folds-out",
        type=Path,
        default=None,
        help="also save each fold's model (fold0.json ...) for held-out benchmarks",
    )
    parser.add_argument("--l2", type=float, default=1e-3)
    parser.add_argument("--steps", type=int, default=400)
    parser.add_argument("--false-refusals", type=float, default=0.0025)
    args = parser.parse_args()
    rows, labels, coverage, meta = load(args.data)
    fold = np.array([m["article"] // ARTICLES_PER_FOLD for m in meta])
    results = []
    for f in range(FOLDS):
        train_idx = [i for i in range(len(meta)) if fold[i] != f]
        test_idx = [i for i in range(len(meta)) if fold[i] == f]
        reader = train(rows, labels, coverage, meta, train_idx, args)
        if args.folds_out:
            args.folds_out.mkdir(parents=True, exist_ok=True)
            reader.save(
                args.folds_out / f"fold{f}.json", {"fold": f, "articles": _fold_articles(f)}
            )
        results.append(evaluate(reader, rows, labels, coverage, meta, test_idx))
        print(
            f"fold {f}: " + ", ".join(f"{k} {v:.3f}" for k, v in results[-1].items()),
            file=sys.stderr,
        )
    mean = {k: round(float(np.mean([r[k] for r in results])), 3) for k in results[0]}
    print(json.dumps({"held_out_mean": mean}, indent=2))
    if args.out:
        reader = train(rows, labels, coverage, meta, list(range(len(meta))), args)
        counts = Counter(m["setting"] for m in meta)
        report = {
            "held_out": mean,
            "pairs": dict(counts),
            "positives": int(sum(y.any() for y in labels)),
            "false_refusals_target": args.false_refusals,
            "data": "XQuAD development half, eval/xquad (see tools/READER_DATA.md)",
            "data_sha256": _sha256(args.data / "reader_data.npz"),
            "meta_sha256": _sha256(args.data / "reader_meta.json"),  # holds the alignments
        }
        reader.save(args.out, report)


if __name__ == "__main__":
    main()
