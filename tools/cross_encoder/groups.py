"""Training lists for the cross-encoder: a question, its answer sentence and hard negatives.

A source is SQuAD-shaped (paragraph, question, answer start). Each paragraph is
split into sentences with the product's splitter; the positive is the sentence
holding the answer, the candidates are the `CANDIDATES` sentences of the whole
source nearest to the question by E5 cosine (so negatives are the topic
neighbours the product's retrieval would offer: same paragraph, same article,
other articles), and a question whose answer sentence is not among them is left out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.ingest.sentences import Span, split_sentences

CANDIDATES = 30


@dataclass
class Question:
    """One question with its paragraph's sentences located in the source's sentence list."""

    text: str
    gold: int  # index into the source's sentences
    language: str


@dataclass
class Source:
    """The sentences of a data set and its questions."""

    sentences: list[str]
    questions: list[Question]

    def add(self, context: str, asked: list[tuple[str, str, int, str]]) -> None:
        """Add one paragraph and its (question, answer text, answer start, language) tuples."""
        spans = split_sentences(context, Span(0, len(context)))
        base = len(self.sentences)
        self.sentences.extend(context[s.start : s.end] for s in spans)
        for question, answer, start, language in asked:
            found = context.find(answer, max(0, start - 50)) if answer else -1
            at = found if found >= 0 else start
            holder = [i for i, s in enumerate(spans) if s.start <= at < s.end]
            if holder and at >= 0:
                self.questions.append(Question(question, base + holder[0], language))


def transcribed(folder: Path) -> Source:
    """`part-*.jsonl` of paragraphs (`document_id`, `context`, `qas`: `question`, `answer`,
    `answer_start`), as helper sessions wrote them; a paragraph two parts both hold (at a
    page boundary) counts once, in the copy with more questions."""
    paragraphs: dict[int, dict] = {}
    for path in sorted(folder.glob("part-*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                p = json.loads(line)
                kept = paragraphs.get(p["document_id"])
                if kept is None or len(p["qas"]) > len(kept["qas"]):
                    paragraphs[p["document_id"]] = p
    source = Source([], [])
    for p in paragraphs.values():
        asked = [(q["question"], q["answer"], q["answer_start"], "de") for q in p["qas"]]
        source.add(p["context"], asked)
    return source


def arrow_rows(path: Path) -> Source:
    """A Hugging Face `datasets` arrow file (`context`, `question`, `answers`)."""
    import pyarrow as pa

    source = Source([], [])
    with pa.memory_map(str(path)) as handle:
        rows = pa.ipc.open_stream(handle).read_all().to_pylist()
    by_context: dict[str, list[tuple[str, str, int, str]]] = {}
    for r in rows:
        answers = r["answers"]
        by_context.setdefault(r["context"], []).append(
            (r["question"], answers["text"][0], answers["answer_start"][0], "de")
        )
    for context, asked in by_context.items():
        source.add(context, asked)
    return source


def xquad(path: Path, articles: range) -> Source:
    """XQuAD development articles (German paragraphs; English and German questions)."""
    german = json.loads((path / "xquad-dev.de.json").read_text("utf-8"))["data"]
    english = json.loads((path / "xquad-dev.en.json").read_text("utf-8"))["data"]
    source = Source([], [])
    for number in articles:
        by_id = {q["id"]: q["question"] for p in english[number]["paragraphs"] for q in p["qas"]}
        for p in german[number]["paragraphs"]:
            asked = [
                (
                    by_id[q["id"]] if language == "en" else q["question"],
                    q["answers"][0]["text"],
                    q["answers"][0]["answer_start"],
                    language,
                )
                for q in p["qas"]
                for language in ("en", "de")
            ]
            source.add(p["context"], asked)
    return source


def candidate_lists(source: Source, embed) -> list[dict]:
    """For each question whose answer sentence is among its nearest: text, gold, candidates."""
    sentences = np.asarray(embed(source.sentences, False))
    questions = np.asarray(embed([q.text for q in source.questions], True))
    similarity = questions @ sentences.T
    nearest = np.argsort(-similarity, axis=1)[:, :CANDIDATES]
    lists = []
    for q, row, sims in zip(source.questions, nearest, similarity, strict=True):
        candidates = [int(i) for i in row]
        if q.gold in candidates:
            lists.append(
                {
                    "question": q.text,
                    "language": q.language,
                    "gold": candidates.index(q.gold),
                    "sentences": [source.sentences[i] for i in candidates],
                    "cosine": [float(sims[i]) for i in candidates],
                }
            )
    return lists
