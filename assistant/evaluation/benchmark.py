"""`assistant xquad`: build the XQuAD corpus, index it apart, ask, write the report.

The benchmark gets its own index folder and collection (`<out>/index`), so it
never touches the user's articles; a second run re-embeds nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assistant.config import Settings
from assistant.evaluation.xquad import XQuestion, answered, ask_all, build, xquad_score

_ROWS = [
    ("accuracy", "nearest_sentence", "nearest_with_neighbours"),
    ("accuracy_en", "nearest_sentence_en", "nearest_with_neighbours_en"),
    ("accuracy_de", "nearest_sentence_de", "nearest_with_neighbours_de"),
    ("false_refusal_rate", None, None),
    ("false_refusal_rate_en", None, None),
    ("false_refusal_rate_de", None, None),
    ("not_indexed_refused", None, None),
    ("hit@1", None, None),
    ("hit@1_en", None, None),
    ("hit@1_de", None, None),
    ("hit@5", None, None),
    ("reader_auc", None, None),
    ("false_conflict_rate", None, None),
    ("answer_chars_mean", None, None),
    ("latency_mean_ms", None, None),
]
_FAILURES_SHOWN = 80


def run_xquad(
    settings: Settings, data_dir: Path, out_dir: Path, reader_folds: Path | None = None
) -> dict[str, Any]:
    """Run the whole benchmark; write `results.jsonl`, `metrics.json`, `report.md`.

    With `reader_folds` (a folder of `foldN.json` reader models, see
    `tools/train_reader.py`), each question is read by the model whose training
    left out its article, so the numbers are held out.
    """
    from assistant.core import Assistant
    from assistant.reader.model import load_reader

    questions = build(data_dir, out_dir / "corpus")
    assistant = Assistant(
        settings.with_(index_dir=out_dir / "index", chroma_host=None, collection="xquad")
    )
    report = assistant.ingest([out_dir / "corpus"], prune=True)
    if report.errors:
        raise RuntimeError("; ".join(report.errors))
    models = {}
    if reader_folds is not None:
        for path in sorted(reader_folds.glob("fold*.json")):
            model = load_reader(path)
            models.update(dict.fromkeys(model.held_out, model))
    results = ask_all(assistant, questions, models)
    metrics = xquad_score(questions, results)
    with (out_dir / "results.jsonl").open("w", encoding="utf-8") as fh:
        for result in results:
            fh.write(json.dumps(result, ensure_ascii=False) + "\n")
    (out_dir / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", "utf-8")
    write_xquad_report(out_dir / "report.md", metrics, questions, results)
    return metrics


def write_xquad_report(
    path: Path, metrics: dict[str, Any], questions: list[XQuestion], results: list[dict[str, Any]]
) -> None:
    """The metrics beside the nearest-sentence baselines, then a sample of failures."""
    lines = [
        "# XQuAD development half",
        "",
        f"{metrics['answerable']} answerable questions (English and German, articles 0–17), "
        f"{metrics['questions'] - metrics['answerable']} English questions about articles "
        "18–23, which are not indexed.",
        "",
        "| metric | this project | rules alone | nearest sentence | nearest with neighbours |",
        "|---|---|---|---|---|",
    ]
    for key, nearest, around in _ROWS:
        rules = metrics.get(f"{key}_rules") if not key.startswith("hit@") else None
        cells = [metrics[key], rules, metrics.get(nearest or ""), metrics.get(around or "")]
        lines.append(f"| {key} | " + " | ".join("" if c is None else str(c) for c in cells) + " |")
    lines += ["", "## Failures (first of each kind)", ""]
    shown = 0
    for q, r in zip(questions, results, strict=True):
        ok = answered(q, r) if q.answerable else r["refused"]
        if ok or shown >= _FAILURES_SHOWN:
            continue
        shown += 1
        wanted = " / ".join(q.answers) if q.answerable else "a refusal"
        lines += [
            f"- **{q.id}** (article {q.article}) {q.question}",
            f"  - expected: {wanted}; gold sentence rank: {r['gold_rank']}",
            f"  - answer: {r['answer'][:300]}",
        ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
