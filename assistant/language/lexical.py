"""Lexical evidence: which of a question's words a sentence contains, IDF-weighted.

Dense retrieval with a small multilingual model misses exact facts; word
overlap catches names, numbers, shared stems and the German and English
country names. Words frequent in the corpus ("Vietnam" in articles about
Vietnam) weigh little; rare ones weigh much.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from assistant.language.data import stop_words
from assistant.language.entities import name_in_text
from assistant.language.language import detect_language

_WORD = re.compile(r"[A-Za-zÄÖÜäöüßÀ-ÿ][\wÄÖÜäöüß-]{2,}")
_CONTENT_WORD = re.compile(r"[A-Za-zÄÖÜäöüß][\wÄÖÜäöüß-]{2,}|\b[A-ZÄÖÜ]{2}\b|\d+")  # oil, KPV, EU


def content_words(question: str) -> list[str]:
    """Words of the question that carry meaning: not function words of its language."""
    stop = stop_words(detect_language(question))
    words = [w for w in _CONTENT_WORD.findall(question) if w.lower() not in stop]
    return list(dict.fromkeys(words))


@lru_cache(maxsize=100_000)
def word_in(word: str, sentence: str, translated: bool = True) -> bool:
    """True when `word`, another name of its country or a shared stem is in `sentence`.

    `translated` also accepts its German translations. Cached: the same question
    words meet the same corpus sentences again and again.
    """
    return name_in_text(word, sentence, translated)


class LexicalScorer:
    """IDF-weighted word overlap against a fixed corpus of paragraphs."""

    def __init__(self, paragraphs: list[str]) -> None:
        self.size = max(1, len(paragraphs))
        self.paragraph_freq: Counter[str] = Counter()
        self._idf: dict[str, float] = {}
        for paragraph in paragraphs:
            self.paragraph_freq.update({w.lower() for w in _WORD.findall(paragraph)})

    def idf(self, word: str) -> float:
        """Inverse paragraph frequency of the word (its forms and translations)."""
        key = word.lower()
        if key not in self._idf:
            stem = key[: max(4, len(key) - 3)]
            df = sum(n for w, n in self.paragraph_freq.items() if w.startswith(stem))
            self._idf[key] = math.log(1 + self.size / (1 + min(df, self.size)))
        return self._idf[key]

    def overlap(self, words: list[str], weights: list[float], sentence: str) -> float:
        """IDF-weighted share of `words` found in `sentence` (0..1)."""
        total = sum(weights)
        if not total:
            return 0.0
        return (
            sum(w for word, w in zip(words, weights, strict=True) if word_in(word, sentence))
            / total
        )
