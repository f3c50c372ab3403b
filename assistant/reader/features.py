"""What the reader sees of a question and its retrieved sentences, as numbers.

One row per candidate sentence (`candidate_rows`): how close the embedding model
puts it to the question, how much of the question's wording (as written, by
stem, country name or dictionary translation) it and its paragraph share, whether
it holds the kind of fact asked for, where it stands among the other candidates.
The same function feeds training (`tools/train_reader.py`) and answering, so
the model is scored on exactly what it was trained on.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from assistant.answer.answer_types import answer_kind, supplies
from assistant.answer.names import question_names
from assistant.answer.retrieve import Passage
from assistant.index.library import Library
from assistant.index.word_vectors import Lexicon
from assistant.language.language import detect_language
from assistant.language.lexical import content_words, word_in

CANDIDATE_FEATURES = (
    "dense",
    "dense_gap",
    "log_rank",
    "lexical",
    "lexical_en",
    "kind_yes",
    "kind_no",
    "names",
    "paragraph_lexical",
    "paragraph_rarest_missing",
    "article_lexical",
    "paragraph_gap",
    "neighbour",
    "log_chars",
    "article_share",
)


@dataclass(frozen=True)
class Asked:
    """What a question asks, once per question: its words, their weights, kind and names."""

    words: list[str]
    weights: list[float]
    kind: str | None
    names: list[str]
    english: bool

    @classmethod
    def of(cls, question: str, library: Library) -> Asked:
        """Parse `question` against the indexed articles' word statistics."""
        words = content_words(question)
        lexical = library.lexical()
        return cls(
            words=words,
            weights=[lexical.idf(w) for w in words],
            kind=answer_kind(question),
            names=question_names(question),
            english=detect_language(question) == "en",
        )


def _share(asked: Asked, text: str) -> float:
    """IDF-weighted share of the asked words found in `text` (0..1)."""
    total = sum(asked.weights)
    if not total:
        return 0.0
    found = sum(
        w for word, w in zip(asked.words, asked.weights, strict=True) if word_in(word, text)
    )
    return found / total


def _rarest_missing(asked: Asked, text: str) -> float:
    """The weight of the rarest asked word `text` lacks, relative to the rarest asked word."""
    if not asked.weights:
        return 0.0
    missing = [
        w for word, w in zip(asked.words, asked.weights, strict=True) if not word_in(word, text)
    ]
    return max(missing, default=0.0) / max(max(asked.weights), 1e-6)


def candidate_rows(asked: Asked, passages: list[Passage], library: Library) -> np.ndarray:
    """One row of `CANDIDATE_FEATURES` per passage (passages ranked by dense score)."""
    if not passages:
        return np.zeros((0, len(CANDIDATE_FEATURES)), dtype=np.float32)
    texts = library.texts()
    best = max(p.score for p in passages)
    by_paragraph: dict[tuple[str, int], float] = {}
    by_article: dict[str, int] = {}
    for p in passages:
        key = (p.source, p.paragraph)
        by_paragraph[key] = max(by_paragraph.get(key, -1.0), p.score)
    for p in passages[:10]:
        by_article[p.source] = by_article.get(p.source, 0) + 1
    scores = {(p.source, p.paragraph, p.sentence): p.score for p in passages}
    paragraph_share: dict[tuple[str, int], tuple[float, float]] = {}
    article_share: dict[str, float] = {}
    rows = []
    for rank, p in enumerate(passages):
        key = (p.source, p.paragraph)
        if key not in paragraph_share:
            context = f"{p.title} {texts[p.source][p.para_start : p.para_end]}"
            paragraph_share[key] = (_share(asked, context), _rarest_missing(asked, context))
        if p.source not in article_share:
            article_share[p.source] = _share(asked, f"{p.title} {texts[p.source]}")
        lexical = _share(asked, p.text)
        holds_kind = asked.kind is not None and supplies(asked.kind, p.text)
        neighbours = [
            scores.get((p.source, p.paragraph, p.sentence + d), best - 0.2) for d in (-1, 1)
        ]
        rows.append(
            [
                p.score,
                p.score - best,
                math.log1p(rank),
                lexical,
                lexical if asked.english else 0.0,
                float(holds_kind),
                float(asked.kind is not None and not holds_kind),
                _names_share(asked.names, p.text),
                *paragraph_share[key],
                article_share[p.source],
                by_paragraph[key] - best,
                max(neighbours) - best,
                math.log(max(len(p.text), 1)),
                by_article.get(p.source, 0) / 10,
            ]
        )
    return np.asarray(rows, dtype=np.float32)


def _names_share(names: list[str], text: str) -> float:
    """Share of the question's names the sentence mentions (1 when it names none)."""
    if not names:
        return 1.0
    return sum(word_in(n, text) for n in names) / len(names)


def paragraph_coverage(asked: Asked, passage: Passage, library: Library, lexicon: Lexicon) -> float:
    """Share of the question's words in the passage's paragraph and title (word vectors too)."""
    words = [w for w in asked.words if not w.isdigit()]
    if not words:
        return 1.0
    text = library.texts()[passage.source][passage.para_start : passage.para_end]
    return len(lexicon.mentioned_in(words, f"{passage.title} {text}")) / len(words)
