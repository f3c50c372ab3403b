"""Check an LLM answer against its numbered sources; keep only what they support.

The text is split into claims (`claims.claims`: sentences with their `[n]`
markers). A marker is valid only when `1 <= n <= len(sources)`. A source is a
window of a paragraph (`sources.py`); a cited claim is checked against each of its
sentences, and the first that supports it becomes its citation, so every quote is
the exact sentence the claim rests on. A sentence supports a claim when

* every checkable fact agrees (`support.facts_match`): numbers and amounts (words
  or digits, either language), dates, and names (spellings and languages:
  "Moscow"/"Moskau", "Russia"/"Russland"; in the source window the model read);
* polarity and modality agree (`polarity.polarity_match`: "likely" vs
  "unwahrscheinlich", "did not", "must" vs "kann");
* and it backs the claim's meaning (`claim_features.claim_row`):
  - a claim in the sentence's own words (`in_own_words`) by the word reading made
    precise on a small model that copies sentences (`words_verdict`: it answers
    the question by `support.answers` and is about it);
  - any other claim (a paraphrase, a translation) by the claim-support model
    (`claim_model.py`): a logistic regression over E5 meaning scores and word
    features, trained and calibrated on claims by `tools/train_claim_support.py`.

A claim cut off before its marker ("Joe Biden Hanoi, [1]") or a sentence that opens
with a lower-case word ("uses this Netzwerktyp. [1]": no subject) is never kept.
Unsupported markers and claims are dropped, each with its reason (`Verified.dropped`);
the kept markers are renumbered 1, 2, ... in order of first use.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from assistant.answer.citations import Citation, cite
from assistant.answer.retrieve import Passage
from assistant.index.embeddings import Embedder
from assistant.llm.claim_features import claim_row, in_own_words, words_verdict
from assistant.llm.claim_model import load_claim_model
from assistant.llm.claims import Claim, claims
from assistant.llm.entailment import Meaning
from assistant.llm.polarity import polarity_match
from assistant.llm.sources import sentences
from assistant.llm.support import facts_match

# Why a claim was dropped (the notice names the reason of the sentence that came closest).
UNCITED, FACTS, POLARITY, MEANING = "uncited", "facts", "polarity", "meaning"


def checks(question: str, claim: str, sentence: str, window: str) -> str | None:
    """`FACTS` or `POLARITY` when a fact or the polarity of `claim` disagrees with
    `sentence` (names: with the source `window` and the `question`), else None."""
    if not facts_match(claim, sentence, window, question):
        return FACTS
    if not polarity_match(claim, sentence, question):
        return POLARITY
    return None


@dataclass
class Verified:
    """The supported part of an answer, its citations, and what was dropped and why."""

    text: str
    citations: list[Citation]
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (claim, reason)


class Verifier:
    """Scores claims against sources with fact checks, word checks and E5 meaning."""

    def __init__(self, embedder: Embedder) -> None:
        self.meaning = Meaning(embedder)
        self.model = load_claim_model()

    def backs(
        self, claim: str, sentence: str, question: str, window: str, chosen: bool = True
    ) -> str | None:
        """None when `sentence` (of the source `window`) supports `claim` as an answer to
        `question`, else why not (`FACTS`, `POLARITY`, `MEANING`).

        A claim in the sentence's own words must cite a sentence the extractive reader
        `chosen` too: a true copy of another sentence is the small model's commonest
        mistake, and two readers agreeing on the evidence is what makes a copy an answer.
        """
        reason = checks(question, claim, sentence, window)
        if reason is not None:
            return reason
        row = claim_row(self.meaning, question, claim, sentence)
        backed = (chosen and words_verdict(row)) if in_own_words(row) else self.model.backs(row)
        return None if backed else MEANING

    def supported(
        self,
        claim: Claim,
        sources: list[list[Passage]],
        question: str,
        chosen: Collection[tuple[str, int]] | None = None,
    ) -> tuple[list[tuple[int, Passage]], str]:
        """The valid markers of `claim` with the sentence of their source that supports it
        (`sources`: each source's sentences), and the reason when there are none.

        `chosen`: the keys of the sentences the extractive reader quoted (None: all).
        """
        valid = list(dict.fromkeys(n for n in claim.markers if 1 <= n <= len(sources)))
        if not valid or not claim.text or claim.cut_off or claim.fragment:
            return [], UNCITED
        keep: list[tuple[int, Passage]] = []
        reasons: list[str] = []
        for n in valid:
            window = " ".join(s.text for s in sources[n - 1])
            for sentence in sources[n - 1]:
                picked = chosen is None or sentence.key in chosen
                reason = self.backs(claim.text, sentence.text, question, window, picked)
                if reason is None:
                    keep.append((n, sentence))
                    break
                reasons.append(reason)
        # The reason of the sentence that came closest: its facts agreed, if any's did.
        return keep, next((r for r in (MEANING, POLARITY, FACTS) if r in reasons), MEANING)

    def verify(
        self,
        text: str,
        sources: list[Passage],
        article_texts: dict[str, str],
        question: str,
        chosen: Collection[tuple[str, int]] | None = None,
    ) -> Verified:
        """The supported part of `text` with renumbered markers and its citations (none
        when nothing is supported), and the claims left out with their reasons.

        `chosen`: the keys of the sentences the extractive reader quoted (None: all).
        """
        split = [
            (sentences(s, article_texts) if s.source in article_texts else []) or [s]
            for s in sources
        ]
        renumber: dict[tuple[int, int], int] = {}
        cited: list[Passage] = []
        kept: list[str] = []
        dropped: list[tuple[str, str]] = []
        for claim in claims(text):
            keep, reason = self.supported(claim, split, question, chosen)
            if not keep:
                dropped.append((claim.text, reason))
                if kept and kept[-1][-1] in ",;:":
                    kept[-1] = kept[-1][:-1] + "."
                continue
            mapping = {}
            for n, sentence in keep:
                key = (n, sentence.start)
                if key not in renumber:
                    renumber[key] = len(renumber) + 1
                    cited.append(sentence)
                mapping[n] = renumber[key]
            kept.append(claim.render(mapping))
        if kept and kept[-1][-1] in ",;:":
            kept[-1] = kept[-1][:-1] + "."
        return Verified(" ".join(kept), cite(cited, article_texts), dropped)


def warm_up(embedder: Embedder) -> None:
    """Verify one German claim, so that the first answer does not load the claim model,
    the German synonym table, lemma and dictionary caches (~0.6 s of it, measured)."""
    sentence = "Ein Experte warnte am Donnerstag, es sei unwahrscheinlich, dass 10 Prozent kommen."
    claim = "Ein Fachmann hielt zehn Prozent am Donnerstag für unwahrscheinlich."
    Verifier(embedder).backs(claim, sentence, "Was sagte der Experte?", sentence)
