"""Check an LLM answer against its numbered sources; keep only what they support.

The text is split into claims (`claims.claims`: sentences with their `[n]`
markers). A marker is valid only when `1 <= n <= len(sources)`. A cited claim is
kept for source n when (`support.py`)

* source n is one the extractive reader chose for its answer: two readers
  must agree on the evidence (the model sees only those sources; `chosen`
  marks them among recorded replies that saw more);
* it answers the question: it holds the kind of fact asked for ("how old": a
  number, "when": a date, "who": a name), and so does source n;
* every number in it has its value in source n, and every name occurs there;
* it is about the question: the E5 similarity of question (query) and claim
  (passage) is at least `MIN_RELEVANCE` (a true copy of a source sentence that
  does not answer is the small model's most common mistake); a terse value of
  the kind asked ("1971" for "What year ...?") has no topic to compare, so
  instead it must stand in source n beside the question's words
  (`support.typed_value`, `beside.value_beside`);
* its content words occur in source n (by stem, lemma or translation) for at
  least `MIN_OVERLAP` of them. (An E5 claim–source similarity of 0.86 or more
  used to count as well: it let a made-up "ALP is strongest in Victoria's
  northwest" through, and no supported claim needed it.)

Thresholds: see docs/llm-real-model.md (measured on the
hand-labelled claims of a real model in `eval/llm_claims.jsonl`).

A claim cut off before its marker ("Joe Biden Hanoi, [1]") or a sentence that opens
with a lower-case word ("uses this Netzwerktyp. [1]": no subject) is never kept.

Unsupported markers and claims are dropped; the kept markers are renumbered
1, 2, ... in order of first use and the citations built with `citations.cite`,
so every quote is an exact span of its article. Nothing left → `None`.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np

from assistant.answer.citations import Citation, cite
from assistant.answer.retrieve import Passage
from assistant.index.embeddings import Embedder
from assistant.llm.claims import Claim, claims
from assistant.llm.support import answers, facts_match, overlap, typed_value

MIN_OVERLAP = 0.8
MIN_RELEVANCE = 0.80


class Verifier:
    """Scores claims against sources with word checks and E5 question–claim similarity."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def relevance(self, question: str, claim: str) -> float:
        """Cosine similarity of `question` (as a query) to `claim` (as a passage)."""
        q = np.asarray(self.embedder.get_query_embedding(question), dtype=np.float32)
        c = np.asarray(self.embedder.get_text_embedding(claim), dtype=np.float32)
        return float(c @ q / (np.linalg.norm(c) * np.linalg.norm(q) + 1e-9))

    def supported(
        self,
        claim: Claim,
        sources: list[Passage],
        question: str,
        chosen: Collection[int] | None = None,
    ) -> list[int]:
        """The valid markers of `claim` whose source supports it as an answer to `question`.

        With `chosen` (source numbers), only those sources can support a claim.
        """
        valid = list(dict.fromkeys(n for n in claim.markers if 1 <= n <= len(sources)))
        if chosen is not None:
            valid = [n for n in valid if n in chosen]
        if not valid or not claim.text or claim.cut_off or claim.fragment:
            return []
        relevant: bool | None = None
        keep = []
        for n in valid:
            source = sources[n - 1].text
            if not answers(question, claim.text, source) or not facts_match(claim.text, source):
                continue
            if relevant is None:  # a bare value has no topic to compare: `answers` placed it
                relevant = (
                    typed_value(question, claim.text)
                    or self.relevance(question, claim.text) >= MIN_RELEVANCE
                )
            if not relevant:
                break
            if overlap(claim.text, source) >= MIN_OVERLAP:
                keep.append(n)
        return keep

    def verify(
        self,
        text: str,
        sources: list[Passage],
        article_texts: dict[str, str],
        question: str,
    ) -> tuple[str, list[Citation]] | None:
        """The supported part of `text` with renumbered markers and its citations, or None."""
        renumber: dict[int, int] = {}
        sentences: list[str] = []
        dropped = False
        for claim in claims(text):
            keep = self.supported(claim, sources, question)
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
