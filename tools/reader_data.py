"""Collect the reader's training data from the XQuAD development half, in the real setting.

The 24 development articles are indexed in two halves (articles 0–11 and
12–23), each in its own Chroma index. Every question (English and German) is
asked against both: in its own article's half it is answerable, in the other
half its article is not indexed, which is what a question the articles cannot
answer looks like; asked in its own half without the candidates of the
paragraphs holding its answer, it is on topic but "absent" (reported, not
trained on: see docs/evaluation.md, "The reader"). For each (question, setting)
this records the retrieved candidates' feature rows (`assistant.reader.features`),
which candidates hold
the German gold answer, and the evidence rules' verdicts (a name no article
mentions; the coverage of each candidate paragraph by the question's words), and the
question's token alignment to its best candidates (`reader.token_alignment`).

    python tools/reader_data.py OUT_DIR   # writes OUT_DIR/reader_data.npz (~10 min)
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from assistant.config import load_settings
from assistant.evaluation.xquad import holds
from assistant.reader.features import Asked, candidate_rows, paragraph_coverage
from assistant.reader.token_alignment import best_alignment

ROOT = Path(__file__).resolve().parent.parent
HALVES = (range(0, 12), range(12, 24))


def write_half(data_dir: Path, articles: range, corpus: Path) -> list[dict]:
    """Write the half's article files; return every question of all 24 articles."""
    german = json.loads((data_dir / "xquad-dev.de.json").read_text("utf-8"))["data"]
    english = json.loads((data_dir / "xquad-dev.en.json").read_text("utf-8"))["data"]
    corpus.mkdir(parents=True, exist_ok=True)
    questions = []
    for number, (de, en) in enumerate(zip(german, english, strict=True)):
        if number in articles:
            title = de["title"].replace("_", " ")
            body = "\n\n".join(p["context"].strip() for p in de["paragraphs"])
            (corpus / f"{number:02d}_{de['title']}.txt").write_text(f"{title}\n\n{body}\n", "utf-8")
        english_questions = {qa["id"]: qa["question"] for p in en["paragraphs"] for qa in p["qas"]}
        for paragraph in de["paragraphs"]:
            for qa in paragraph["qas"]:
                answers = list(dict.fromkeys(a["text"] for a in qa["answers"]))
                for lang, text in (("en", english_questions[qa["id"]]), ("de", qa["question"])):
                    questions.append(
                        {
                            "id": f"{qa['id']}-{lang}",
                            "question": text,
                            "lang": lang,
                            "article": number,
                            "answers": answers,
                        }
                    )
    return questions


def _coverage(passages, asked: Asked, library, lexicon, cache: dict) -> np.ndarray:
    """`paragraph_coverage` of the 10 best candidates (by dense score), -1 for the others."""
    out = []
    for rank, p in enumerate(passages):
        key = (p.source, p.paragraph)
        if key not in cache and rank < 10:
            cache[key] = paragraph_coverage(asked, p, library, lexicon)
        out.append(cache.get(key, -1.0) if rank < 10 else -1.0)
    return np.array(out, dtype=np.float32)


def collect(out: Path, data_dir: Path) -> None:
    """Index both halves, ask every question in both, save the arrays."""
    from assistant.core import Assistant

    settings = load_settings()
    rows, labels, coverage = [], [], []
    meta = []
    for half, articles in enumerate(HALVES):
        corpus = out / f"corpus{half}"
        questions = write_half(data_dir, articles, corpus)
        assistant = Assistant(
            settings.with_(index_dir=out / f"index{half}", chroma_host=None, collection="reader"),
            embed_threads=2,
        )
        report = assistant.ingest([corpus], prune=True)
        if report.errors:
            raise RuntimeError("; ".join(report.errors))
        library, lexicon = assistant.library, assistant.lexicon
        started = time.perf_counter()
        for i, q in enumerate(questions):
            passages = assistant.retriever.retrieve(q["question"])
            asked = Asked.of(q["question"], library)
            missing = len(lexicon.never_mentioned(asked.names, library.vocabulary()))
            answerable = q["article"] in articles
            gold = {
                (p.source, p.paragraph)
                for p in passages
                if answerable and holds(p.text, tuple(q["answers"]))
            }
            cache: dict[tuple[str, int], float] = {}  # coverage of this question's words
            settings_asked = [("indexed" if answerable else "not_indexed", passages)]
            absent = [p for p in passages if (p.source, p.paragraph) not in gold]
            if gold and not any(holds(p.text, tuple(q["answers"])) for p in absent):
                settings_asked.append(("absent", absent))
            for setting, shown in settings_asked:
                labels.append(
                    np.array(
                        [
                            setting == "indexed" and holds(p.text, tuple(q["answers"]))
                            for p in shown
                        ],
                        dtype=bool,
                    )
                )
                rows.append(candidate_rows(asked, shown, library))
                coverage.append(_coverage(shown, asked, library, lexicon, cache))
                meta.append(
                    {
                        **q,
                        "half": half,
                        "setting": setting,
                        "answerable": setting == "indexed",
                        "missing_names": missing,
                        "kind": asked.kind,
                        "alignment": best_alignment(q["question"], [p.text for p in shown]),
                    }
                )
            if i % 200 == 0:
                print(
                    f"half {half}: {i}/{len(questions)} {time.perf_counter() - started:.0f} s",
                    file=sys.stderr,
                )
    sizes = np.array([len(r) for r in rows])
    np.savez_compressed(
        out / "reader_data.npz",
        rows=np.concatenate(rows),
        labels=np.concatenate(labels),
        coverage=np.concatenate(coverage),
        sizes=sizes,
    )
    (out / "reader_meta.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
    print(f"{len(meta)} (question, half) pairs, {int(sizes.sum())} candidates", file=sys.stderr)


def main() -> None:
    """Command line: the output folder and the XQuAD folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--data", type=Path, default=ROOT / "eval" / "xquad")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    collect(args.out, args.data)


if __name__ == "__main__":
    main()
