"""The XQuAD development half as a benchmark of articles nobody here wrote.

`build` turns the SQuAD-format files in `eval/xquad/` into a corpus (German
articles 0–17, one file each: title line, then paragraphs) and a question list:
the English and the German questions of those articles as answerable, the
English questions of articles 18–23 (not indexed) as questions the articles
cannot answer. `run` asks them all through `Assistant` and scores them
(`xquad_score`): a question counts as answered when the answer is not refused,
at most `MAX_ANSWER_CHARS` long, and holds the German gold answer (normalised).
The nearest sentence by the same embedding, alone and with its two neighbour
sentences, is scored the same way as the baseline.
"""

from __future__ import annotations

import json
import re
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.ingest.articles import Span
from assistant.ingest.sentences import split_sentences

INDEXED = 18
MAX_ANSWER_CHARS = 600


@dataclass(frozen=True)
class XQuestion:
    """One benchmark question with its German gold answers."""

    id: str
    question: str
    lang: str
    article: int
    answerable: bool
    answers: tuple[str, ...]


def normalise(text: str) -> str:
    """Lower case, punctuation as spaces, single spaces (how gold answers are matched)."""
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def holds(text: str, answers: tuple[str, ...]) -> bool:
    """True when `text` contains one of the gold `answers` (normalised)."""
    padded = f" {normalise(text)} "
    return any(f" {normalise(a)} " in padded for a in answers)


def build(data_dir: Path, corpus_dir: Path) -> list[XQuestion]:
    """Write the indexed articles into `corpus_dir`; return every benchmark question."""
    german = json.loads((data_dir / "xquad-dev.de.json").read_text("utf-8"))["data"]
    english = json.loads((data_dir / "xquad-dev.en.json").read_text("utf-8"))["data"]
    corpus_dir.mkdir(parents=True, exist_ok=True)
    questions: list[XQuestion] = []
    for number, (de, en) in enumerate(zip(german, english, strict=True)):
        indexed = number < INDEXED
        if indexed:
            title = de["title"].replace("_", " ")
            body = "\n\n".join(p["context"].strip() for p in de["paragraphs"])
            path = corpus_dir / f"{number:02d}_{de['title']}.txt"
            text = f"{title}\n\n{body}\n"
            if not path.exists() or path.read_text("utf-8") != text:
                path.write_text(text, "utf-8")
        english_questions = {qa["id"]: qa["question"] for p in en["paragraphs"] for qa in p["qas"]}
        for paragraph in de["paragraphs"]:
            for qa in paragraph["qas"]:
                answers = tuple(dict.fromkeys(a["text"] for a in qa["answers"]))
                asked = [("en", english_questions[qa["id"]])]
                if indexed:
                    asked.append(("de", qa["question"]))
                for lang, text in asked:
                    questions.append(
                        XQuestion(f"{qa['id']}-{lang}", text, lang, number, indexed, answers)
                    )
    return questions


def nearest_sentence(assistant: Any, question: str) -> tuple[str, str]:
    """The baseline: the nearest sentence by dense similarity, and it with its neighbours."""
    passages = assistant.retriever.retrieve(question)
    if not passages:
        return "", ""
    top = passages[0]
    text = assistant.library.texts()[top.source]
    spans = split_sentences(text, Span(top.para_start, top.para_end))
    index = next(i for i, s in enumerate(spans) if s.start == top.start)
    around = spans[max(0, index - 1) : index + 2]
    return top.text, text[around[0].start : around[-1].end]


def ask_all(
    assistant: Any, questions: list[XQuestion], readers: dict[int, Any] | None = None
) -> list[dict[str, Any]]:
    """Ask every question; each result holds the answer, its ranks and the baselines.

    `readers` maps an article number to the reader model its questions are read
    with (the shipped one for articles it does not list).
    """
    results = []
    shipped = assistant.reader.model if readers and assistant.reader else None
    for q in questions:
        if shipped is not None:
            assistant.reader.model = (readers or {}).get(q.article, shipped)
        answer = assistant.ask(q.question)
        result = answer.to_dict()
        result["id"] = q.id
        retrieved = answer.steps.get("retrieved", [])
        result["rules_refused"] = answer.steps.get("rules_refused", answer.refused)
        result["chosen"] = " ".join(answer.steps.get("chosen", []))
        result["no_answer"] = answer.steps.get("no_answer")
        result["gold_rank"] = next(
            (i for i, p in enumerate(retrieved) if holds(p["text"], q.answers)), None
        )
        result["nearest"], result["nearest_with_neighbours"] = nearest_sentence(
            assistant, q.question
        )
        results.append(result)
    if shipped is not None:  # the assistant answers with the shipped reader again
        assistant.reader.model = shipped
    return results


def answered(q: XQuestion, result: dict[str, Any]) -> bool:
    """Not refused, short enough, and holding the gold answer."""
    text = result["answer"]
    return not result["refused"] and len(text) <= MAX_ANSWER_CHARS and holds(text, q.answers)


def answered_by_rules(q: XQuestion, result: dict[str, Any]) -> bool:
    """The same with the evidence rules alone deciding refusals (the sentences chosen are
    the same either way)."""
    text = result.get("chosen", "")
    return not result["rules_refused"] and len(text) <= MAX_ANSWER_CHARS and holds(text, q.answers)


def xquad_score(questions: list[XQuestion], results: list[dict[str, Any]]) -> dict[str, Any]:
    """The benchmark's metrics (see docs/evaluation.md)."""
    pairs = list(zip(questions, results, strict=True))
    answerable = [(q, r) for q, r in pairs if q.answerable]
    not_indexed = [r for q, r in pairs if not q.answerable]

    def share(items: list[bool]) -> float | None:
        return round(sum(items) / len(items), 3) if items else None

    def by_lang(lang: str | None, test: Any) -> float | None:
        return share([test(q, r) for q, r in answerable if lang in (None, q.lang)])

    def baseline(key: str) -> Any:
        return lambda q, r: holds(r[key], q.answers)

    ranks = [r["gold_rank"] for _, r in answerable]
    metrics: dict[str, Any] = {"questions": len(questions), "answerable": len(answerable)}
    for lang in (None, "en", "de"):
        suffix = f"_{lang}" if lang else ""
        metrics[f"accuracy{suffix}"] = by_lang(lang, answered)
        metrics[f"nearest_sentence{suffix}"] = by_lang(lang, baseline("nearest"))
        metrics[f"nearest_with_neighbours{suffix}"] = by_lang(
            lang, baseline("nearest_with_neighbours")
        )
        metrics[f"false_refusal_rate{suffix}"] = by_lang(lang, lambda q, r: r["refused"])
        metrics[f"accuracy{suffix}_rules"] = by_lang(lang, answered_by_rules)
        metrics[f"false_refusal_rate{suffix}_rules"] = by_lang(
            lang, lambda q, r: r["rules_refused"]
        )
        metrics[f"hit@1{suffix}"] = by_lang(lang, lambda q, r: r["gold_rank"] == 0)
    metrics["hit@5"] = share([x is not None and x < 5 for x in ranks])
    metrics["not_indexed_refused"] = share([r["refused"] for r in not_indexed])
    metrics["not_indexed_refused_rules"] = share([r["rules_refused"] for r in not_indexed])
    metrics["reader_auc"] = _auc(
        [r["no_answer"] for r in not_indexed], [r["no_answer"] for _, r in answerable]
    )
    metrics["false_conflict_rate"] = share([r["conflict"] for _, r in answerable])
    lengths = [len(r["answer"]) for _, r in answerable if not r["refused"]]
    metrics["answer_chars_mean"] = round(statistics.fmean(lengths), 1) if lengths else None
    metrics["latency_mean_ms"] = round(statistics.fmean(r["latency_ms"] for r in results), 1)
    return metrics


def _auc(positive: list[float | None], negative: list[float | None]) -> float | None:
    """Probability that a positive scores above a negative (ties count half), or None."""
    pos = [p for p in positive if p is not None]
    neg = [n for n in negative if n is not None]
    if not pos or not neg:
        return None
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return round(wins / (len(pos) * len(neg)), 3)
