"""Check an LLM answer against its numbered sources; keep only what they support.

The text is split into sentences with their `[n]` markers. A marker is valid only
when `1 <= n <= len(sources)`. A cited sentence is supported by source n when

* every number (digits) in the sentence occurs in the source, and so does every
  name (capitalised word) of an English sentence, and
* its content words occur in the source (names, shared stems, the English →
  German glossary of `lexical.word_in`) for at least `MIN_OVERLAP` of them, or the
  E5 similarity of sentence (query) and source (passage) is at least `MIN_SIMILARITY`
  (words about the sources, like "article" or "laut", do not count).

Thresholds, measured on the seed articles with 11 faithful and 13 unfaithful
English/German sentences about the top six sources of five questions: faithful
sentences had word overlap 0.50–1.00 and E5 similarity 0.82–0.92, each at least
0.70 overlap or 0.867 similarity; unfaithful ones (changed facts, made-up claims,
injected text such as "I have been pwned") had overlap 0.00–0.60 and similarity
0.72–0.85 once wrong numbers (1960 for 1950) and names (Harvard, Paris) were
rejected. Hence `MIN_OVERLAP = 0.7` and `MIN_SIMILARITY = 0.86`. One unfaithful
sentence still passes: "The president of Vietnam is Joe Biden." cited to a
sentence that names "US-Präsident Joe Biden" and Hanoi (overlap 1.0) — word
checks cannot see who holds which office.

Unsupported markers and sentences are dropped; the kept markers are renumbered
1, 2, ... in order of first use and the citations built with `citations.cite`,
so every quote is an exact span of its article. Nothing left → `None`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding

from assistant.citations import Citation, cite
from assistant.language import detect_language
from assistant.lexical import content_words, word_in
from assistant.retrieve import Passage

MIN_OVERLAP = 0.7
MIN_SIMILARITY = 0.86

_MARKER = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_SPLIT = re.compile(r"(?:(?<=[.!?\]])|(?<=\][,;:]))\s+(?=[^\s\[])")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Words about the sources rather than facts from them ("the other article calls ...").
_META = frozenset(
    [
        "source",
        "sources",
        "article",
        "articles",
        "another",
        "other",
        "according",
        "says",
        "said",
        "states",
        "stated",
        "calls",
        "called",
        "names",
        "named",
        "mentions",
        "mentioned",
        "reports",
        "reported",
        "describes",
        "described",
        "disagree",
        "disagrees",
        "however",
        "while",
        "both",
        "quelle",
        "quellen",
        "artikel",
        "laut",
        "nennt",
        "genannt",
        "berichtet",
        "heißt",
        "bezeichnet",
        "dagegen",
        "hingegen",
        "andere",
        "anderen",
        "einer",
        "widersprechen",
    ]
)


def _numbers(marker_group: str) -> list[int]:
    return [int(n) for n in re.split(r"[,;]", marker_group)]


@dataclass(frozen=True)
class Claim:
    """A sentence (or the part of one up to its markers) and the source numbers it cites."""

    raw: str
    markers: list[int]

    @property
    def text(self) -> str:
        """The claim without its markers."""
        bare = re.sub(r"\s+([.,;:!?])", r"\1", _MARKER.sub("", self.raw))
        return re.sub(r"\s{2,}", " ", bare).strip()

    def render(self, renumber: dict[int, int]) -> str:
        """`raw` with only the markers in `renumber`, renumbered."""

        def marks(m: re.Match[str]) -> str:
            kept = dict.fromkeys(renumber[n] for n in _numbers(m.group(1)) if n in renumber)
            return "".join(f"[{n}]" for n in kept)

        out = re.sub(r"\s+([.,;:!?])", r"\1", _MARKER.sub(marks, self.raw))
        return re.sub(r"\s{2,}", " ", out).strip()


def claims(text: str) -> list[Claim]:
    """Split `text` into sentences, and sentences after inner markers ("A [1], while B [2].").

    A part that is only markers joins the part before it.
    """
    out: list[Claim] = []
    for line in text.splitlines():
        for part in _SPLIT.split(line.strip()):
            markers = [n for m in _MARKER.findall(part) for n in _numbers(m)]
            if not _MARKER.sub("", part).strip(" -*•.,;:") and out:
                out[-1] = Claim(f"{out[-1].raw} {part}", out[-1].markers + markers)
            elif part.strip():
                out.append(Claim(part, markers))
    return out


def overlap(sentence: str, source: str) -> float:
    """Share of the sentence's content words found in `source` (0.0 when it has none)."""
    words = [w for w in content_words(sentence) if not w.isdigit() and w.lower() not in _META]
    if not words:
        return 0.0
    return sum(word_in(w, source) for w in words) / len(words)


def facts_match(sentence: str, source: str) -> bool:
    """Every number in `sentence` occurs in `source`; in English, every name too.

    A name is a capitalised content word after the first word (German capitalises
    every noun, so German sentences are checked for numbers only).
    """
    found = set(_NUMBER.findall(source))
    if not all(n in found for n in _NUMBER.findall(sentence)):
        return False
    if detect_language(sentence) == "de":
        return True
    words = content_words(sentence.split(" ", 1)[1] if " " in sentence else "")
    names = [part for w in words for part in w.split("-") if part[:1].isupper()]
    return all(word_in(name, source) for name in names)


class Verifier:
    """Scores claims against sources with word overlap and E5 similarity."""

    def __init__(self, embedder: BaseEmbedding) -> None:
        self.embedder = embedder

    def similarity(self, sentence: str, sources: list[Passage]) -> np.ndarray:
        """Cosine similarity of `sentence` (as a query) to each source (as a passage)."""
        q = np.asarray(self.embedder.get_query_embedding(sentence), dtype=np.float32)
        m = np.asarray(
            self.embedder.get_text_embedding_batch([p.text for p in sources]), dtype=np.float32
        )
        return (m @ q) / (np.linalg.norm(m, axis=1) * np.linalg.norm(q) + 1e-9)

    def supported(self, claim: Claim, sources: list[Passage]) -> list[int]:
        """The valid markers of `claim` whose source supports it."""
        valid = list(dict.fromkeys(n for n in claim.markers if 1 <= n <= len(sources)))
        if not valid or not claim.text:
            return []
        sims: np.ndarray | None = None
        keep = []
        for n in valid:
            source = sources[n - 1].text
            if not facts_match(claim.text, source):
                continue
            if overlap(claim.text, source) >= MIN_OVERLAP:
                keep.append(n)
                continue
            if sims is None:
                sims = self.similarity(claim.text, sources)
            if sims[n - 1] >= MIN_SIMILARITY:
                keep.append(n)
        return keep

    def verify(
        self, text: str, sources: list[Passage], article_texts: dict[str, str]
    ) -> tuple[str, list[Citation]] | None:
        """The supported part of `text` with renumbered markers and its citations, or None."""
        renumber: dict[int, int] = {}
        sentences: list[str] = []
        dropped = False
        for claim in claims(text):
            keep = self.supported(claim, sources)
            if not keep:
                dropped = True
                continue
            if dropped and sentences and sentences[-1][-1] in ",;:":
                sentences[-1] = sentences[-1][:-1] + "."
            dropped = False
            for n in keep:
                renumber.setdefault(n, len(renumber) + 1)
            sentences.append(claim.render({n: renumber[n] for n in keep}))
        if not sentences:
            return None
        if sentences[-1][-1] in ",;:":
            sentences[-1] = sentences[-1][:-1] + "."
        cited = [sources[old - 1] for old in sorted(renumber, key=renumber.__getitem__)]
        return " ".join(sentences), cite(cited, article_texts)
