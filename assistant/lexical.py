"""Lexical evidence: which of a question's words a sentence contains, IDF-weighted.

Dense retrieval with a small multilingual model misses exact facts ("sign" vs
"unterzeichnet"); word overlap catches names, numbers and, through a small
English → German news glossary (`data/glossary.json`) and the alias groups,
English questions against German text. Words frequent in the corpus ("Vietnam"
in articles about Vietnam) weigh little; rare ones weigh much.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from assistant.data import load_json, word_list
from assistant.entities import contains_name, name_in_text
from assistant.language import detect_language

_WORD = re.compile(r"[A-Za-zÄÖÜäöüßÀ-ÿ][\wÄÖÜäöüß-]{2,}")
_CONTENT_WORD = re.compile(r"[A-Za-zÄÖÜäöüß][\wÄÖÜäöüß-]{2,}|\b[A-ZÄÖÜ]{2}\b|\d+")  # oil, KPV, EU


@lru_cache(maxsize=1)
def glossary() -> dict[str, tuple[str, ...]]:
    """English word → German stems."""
    return {k: tuple(v) for k, v in load_json("glossary")["words"].items()}


def content_words(question: str) -> list[str]:
    """Words of the question that carry meaning.

    German questions also drop German-only function words that are English
    content words ("war": was / war).
    """
    stop = word_list("stopwords")
    if detect_language(question) == "de":
        stop = stop | word_list("stopwords_de")
    words = [w for w in _CONTENT_WORD.findall(question) if w.lower() not in stop]
    return list(dict.fromkeys(words))


@lru_cache(maxsize=100_000)
def word_in(word: str, sentence: str) -> bool:
    """True when `word`, an alias, a shared stem or a glossary translation is in `sentence`.

    Cached: the same question words meet the same corpus sentences again and again.
    """
    if name_in_text(word, sentence):
        return True
    return any(
        contains_name(sentence, stem, prefix=True) for stem in glossary().get(word.lower(), ())
    )


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
            stems = (key[: max(4, len(key) - 3)], *glossary().get(key, ()))
            df = sum(n for w, n in self.paragraph_freq.items() if w.startswith(stems))
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
