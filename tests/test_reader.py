"""The reader: the shipped model file, its errors, what it adds on a real index, and training."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.core import Assistant
from assistant.evaluation.evaluate import load_questions
from assistant.reader.features import CANDIDATE_FEATURES, Asked, candidate_rows
from assistant.reader.model import MODEL_FILE, QUESTION_FEATURES, ReaderError, load_reader
from assistant.reader.token_alignment import best_alignment

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))


def _not_indexed_questions(count: int) -> list[str]:
    """English XQuAD questions about Wikipedia articles, which the seed index does not hold."""
    data = json.loads((ROOT / "eval" / "xquad" / "xquad-dev.en.json").read_text("utf-8"))["data"]
    questions = [qa["question"] for a in data[18:] for p in a["paragraphs"] for qa in p["qas"]]
    return questions[:: max(1, len(questions) // count)][:count]


def _seed_questions(count: int) -> list:
    """Answerable questions about the seed articles, without chat history."""
    questions = load_questions(ROOT / "eval" / "questions.jsonl")
    return [q for q in questions if q.answerable and not q.history][:count]


def test_shipped_model_matches_this_code_and_is_small() -> None:
    document = json.loads(MODEL_FILE.read_text("utf-8"))
    assert document["candidate_features"] == list(CANDIDATE_FEATURES)
    assert document["question_features"] == list(QUESTION_FEATURES)
    assert MODEL_FILE.stat().st_size < 100_000
    reader = load_reader()
    assert 0.0 < reader.threshold < 1.0
    held_out = document["report"]["held_out"]
    assert held_out["rules+reader_not_indexed_refused"] > held_out["rules_not_indexed_refused"]


@pytest.mark.parametrize("content", ["", "{not json", '{"candidate_features": ["dense"]}'])
def test_a_broken_model_file_names_itself_and_the_rebuild_command(
    tmp_path: Path, content: str
) -> None:
    path = tmp_path / "reader.json"
    if content:
        path.write_text(content, "utf-8")
    with pytest.raises(ReaderError) as error:
        load_reader(path)
    assert str(path) in str(error.value) and "tools/train_reader.py" in str(error.value)


def test_reader_refuses_questions_about_articles_not_indexed(seeded: Assistant) -> None:
    off_topic = [seeded.ask(q) for q in _not_indexed_questions(20)]
    refused = [a for a in off_topic if a.refused]
    by_rules = [a for a in off_topic if a.steps.get("rules_refused", True)]
    assert len(refused) >= 0.8 * len(off_topic), [a.question for a in off_topic if not a.refused]
    assert len(refused) > len(by_rules)  # the reader refuses what the evidence rules let through
    reasons = " ".join(a.answer for a in refused if not a.steps.get("rules_refused", True))
    assert "none of the passages closest to this question answers it" in reasons


def test_reader_answers_questions_the_seed_articles_answer(seeded: Assistant) -> None:
    answers = [seeded.ask(q.question) for q in _seed_questions(30)]
    assert sum(a.refused for a in answers) <= 1, [a.question for a in answers if a.refused]


def test_training_on_a_few_dozen_real_pairs_gives_a_model_that_loads_and_reads(
    seeded: Assistant, tmp_path: Path
) -> None:
    from reader_data import _coverage
    from train_reader import auc, question_rows, train

    rows, labels, coverage, meta = [], [], [], []
    asked_all = [(q.question, q.evidence) for q in _seed_questions(24)]
    asked_all += [(q, []) for q in _not_indexed_questions(12)]
    for number, (question, evidence) in enumerate(asked_all):
        passages = seeded.retriever.retrieve(question)
        asked = Asked.of(question, seeded.library)
        rows.append(candidate_rows(asked, passages, seeded.library))
        labels.append(np.array([any(e in p.text for e in evidence) for p in passages]))
        coverage.append(_coverage(passages, asked, seeded.library, seeded.lexicon, {}))
        answerable = bool(evidence)
        meta.append(
            {
                "article": number,
                "setting": "indexed" if answerable else "not_indexed",
                "answerable": answerable,
                "missing_names": 0,
                "kind": asked.kind,
                "lang": "en",
                "alignment": best_alignment(question, [p.text for p in passages]),
            }
        )
    args = argparse.Namespace(l2=1e-3, steps=150, false_refusals=0.05)
    reader = train(rows, labels, coverage, meta, list(range(len(meta))), args)
    path = tmp_path / "reader.json"
    reader.save(path, {"pairs": len(meta)})
    loaded = load_reader(path)
    answerable = [i for i, m in enumerate(meta) if m["answerable"] and labels[i].any()]
    top = [labels[i][int(np.argmax(loaded.rank_scores(rows[i])))] for i in answerable]
    dense = [labels[i][0] for i in answerable]
    assert sum(top) >= sum(dense)
    no_answer = loaded.refusal_probabilities(question_rows(loaded, rows, coverage, meta))
    assert auc(no_answer, np.array([not m["answerable"] for m in meta])) > 0.9
    seeded.reader.model = loaded
    try:
        assert not seeded.ask(asked_all[0][0]).refused
    finally:
        seeded.reader.model = load_reader()
