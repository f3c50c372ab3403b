"""The offline answerer: pick the sentences that answer, quote them, cite them.

Faithful by construction: the answer consists only of verbatim sentences from the
articles, each followed by its citation number. It refuses only on evidence
that the articles do not answer: the question names something no article
mentions (in any spelling or language, see `word_vectors`), or none of the
closest sentences holds the kind of fact asked for (a number for "how many",
a date for "when", ...), or the chosen paragraphs mention fewer than a quarter
of the question's words (as written or translated, see `dictionary`), or the
trained reader (`assistant.reader`) judges that none answers. Weights
and thresholds were measured on the XQuAD development set and the own question
sets together (see docs/evaluation.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Protocol

from assistant.answer.answer_types import answer_kind, supplies
from assistant.answer.messages import message
from assistant.answer.names import question_names
from assistant.answer.retrieve import Passage
from assistant.index.library import Library
from assistant.index.word_vectors import Lexicon
from assistant.ingest.articles import Span
from assistant.ingest.sentences import split_sentences
from assistant.language.lexical import content_words


@dataclass(frozen=True)
class ExtractiveParams:
    """Tuning of sentence choice and refusal (measured, see docs/evaluation.md)."""

    lexical_weight: float = 0.05
    asked_weight: float = 0.01  # the same for what the question asks besides its names
    kind_weight: float = 0.02
    margin: float = 0.05
    other_paragraph_margin: float = 0.03  # for a sentence of another paragraph than the best
    max_sentences: int = 2
    max_quote_chars: int = 560
    kind_window: int = 3
    min_coverage: float = 0.25
    use_reader: bool = True  # also refuse when the trained reader says nothing answers


class Verdict(Protocol):
    """A reader's view of the candidates (see `assistant.reader`)."""

    no_answer: float
    refuse: bool


# (question, candidates ranked by dense score, whether it names something no article does)
ReadCandidates = Callable[[str, list[Passage], bool], Verdict]


@dataclass
class Selection:
    """The sentences chosen to answer, or why none were (then `passages` are what
    would have been quoted)."""

    passages: list[Passage] = field(default_factory=list)
    refused: bool = False
    reason: str = "refusal"
    details: dict[str, str] = field(default_factory=dict)
    scores: dict[tuple[str, int], float] = field(default_factory=dict)
    rules_refused: bool = False  # whether the evidence rules alone would have refused
    no_answer: float | None = None  # the reader's probability that no candidate answers

    def refusal_text(self, lang: str) -> str:
        """Why nothing was quoted, in `lang` (see `data/messages.json`)."""
        return message(self.reason, lang, **self.details)


def select(
    question: str,
    passages: list[Passage],
    library: Library,
    lexicon: Lexicon,
    params: ExtractiveParams,
    lang: str,
    focus: frozenset[tuple[str, int]] = frozenset(),
    reader: ReadCandidates | None = None,
) -> Selection:
    """Choose the answer sentences for `question` from retrieved `passages`.

    A sentence scores its dense similarity, plus `lexical_weight` times the
    IDF-weighted share of the question's words it contains, plus `asked_weight`
    times that share of the words besides the question's names, plus `kind_weight`
    when it holds the kind of fact asked for (a number for "how many", ...).
    The best sentence is quoted, then the next best within `margin` of it (within
    `other_paragraph_margin` when it stands in another paragraph: a topic
    neighbour elsewhere is more often padding than answer) while all stay within
    `max_quote_chars`.

    It refuses on evidence: a name no article mentions (in any spelling or
    language), no sentence among the best `kind_window` that holds the kind of
    fact asked for, or fewer than `min_coverage` of the question's words in the
    chosen paragraphs and title; and, with a `reader` (`assistant.reader`),
    also when its trained refuser judges that none of the candidates answers
    (the evidence, when there is some, still words the refusal).

    `focus` holds the keys of the sentences the previous answer quoted, for a
    follow-up about them ("And when was that?"): when one of them holds the kind
    of fact asked for, only those are quoted, since "that" is what they reported.
    """
    words = content_words(question)
    lexical = library.lexical()
    weights = [lexical.idf(w) for w in words]
    kind = answer_kind(question)
    names = question_names(question)
    asked_words = [w for w in words if w not in names]
    asked_weights = [lexical.idf(w) for w in asked_words]  # cached per word
    scores = {
        p.key: p.score
        + params.lexical_weight * lexical.overlap(words, weights, p.text)
        + params.asked_weight * lexical.overlap(asked_words, asked_weights, p.text)
        + (params.kind_weight if kind and supplies(kind, p.text) else 0.0)
        for p in passages
    }
    missing = lexicon.never_mentioned(names, library.vocabulary())
    ranked = sorted(passages, key=lambda p: scores[p.key], reverse=True)
    focused = [p for p in ranked if kind and p.key in focus and supplies(kind, p.text)]
    usable = focused or [p for p in ranked if supplies(kind, p.text)]
    best = scores[usable[0].key] if usable else 0.0
    close = [p for p in usable if scores[p.key] >= best - _margin(p, usable[0], params)]
    close = close[: params.max_sentences]
    chosen = _within(close, params.max_quote_chars)
    texts = library.texts()
    evidence = _evidence(question, ranked, chosen, missing, focused, lexicon, texts, params)
    by_rules = evidence is not None or not chosen
    no_answer = None
    refuse = by_rules
    if reader is not None and not focus:  # a follow-up about the last answer's sentences: rules
        verdict = reader(question, passages, bool(missing))
        no_answer, refuse = verdict.no_answer, verdict.refuse or by_rules
    if not refuse:
        return Selection(chosen, scores=scores, rules_refused=by_rules, no_answer=no_answer)
    if evidence is None:
        closest = ranked[0].title if ranked else ""
        evidence = ("refusal_reader", {"title": closest}) if closest else ("refusal", {})
    reason, details = evidence
    if reason == "refusal_kind":
        details = {"what": message(f"kind_{kind}", lang)}
    return Selection(
        chosen, True, reason, details, scores, rules_refused=by_rules, no_answer=no_answer
    )


def _evidence(
    question: str,
    ranked: list[Passage],
    chosen: list[Passage],
    missing: list[str],
    focused: list[Passage],
    lexicon: Lexicon,
    texts: dict[str, str],
    params: ExtractiveParams,
) -> tuple[str, dict[str, str]] | None:
    """What shows the articles do not answer, most telling first, or None.

    A name no article mentions; no sentence among the best `kind_window` holding
    the kind of fact asked for; fewer than `min_coverage` of the question's words
    in the chosen sentences' paragraphs and title.
    """
    if missing:
        return "refusal_missing", {"names": _as_written(question, missing)}
    kind = answer_kind(question)
    window = ranked[: params.kind_window]
    if kind and not focused and not any(supplies(kind, p.text) for p in window):
        return "refusal_kind", {}
    if not chosen:
        return None
    asked = [w for w in content_words(question) if not w.isdigit()]
    mentioned = lexicon.mentioned_in(asked, _context(chosen, texts))
    if len(mentioned) < params.min_coverage * len(asked):
        absent = [w for w in asked if w not in mentioned]
        return "refusal_about", {"names": _as_written(question, absent)}
    return None


def _margin(passage: Passage, best: Passage, params: ExtractiveParams) -> float:
    """How far below the best sentence's score `passage` may score and still be quoted."""
    same = (passage.source, passage.paragraph) == (best.source, best.paragraph)
    return params.margin if same else params.other_paragraph_margin


def _within(passages: list[Passage], budget: int) -> list[Passage]:
    """The best passage, then each next one while all quoted stay within `budget` chars."""
    out = passages[:1]
    for p in passages[1:]:
        if sum(len(q.text) for q in out) + len(p.text) <= budget:
            out.append(p)
    return out


def _context(chosen: list[Passage], texts: dict[str, str]) -> str:
    """The title and the paragraphs of the chosen sentences: what the answer is about."""
    spans = dict.fromkeys((p.source, p.para_start, p.para_end) for p in chosen)
    return " ".join([chosen[0].title, *(texts[s][a:b] for s, a, b in spans)])


def _as_written(question: str, names: list[str]) -> str:
    """`names` for a message, neighbours joined as the question writes them ("Vo Van Thuong")."""
    runs: list[list[int]] = []  # [start, end] of each run of adjacent names in the question
    for match in re.finditer(r"[\wÄÖÜäöüß]+", question):
        if match.group() not in names:
            continue
        if runs and question[runs[-1][1] : match.start()].strip(" -") == "":
            runs[-1][1] = match.end()
        else:
            runs.append([match.start(), match.end()])
    written = [question[a:b] for a, b in runs]
    return ", ".join(dict.fromkeys(written)) or ", ".join(names)


def compose(passages: list[Passage], lead: str) -> str:
    """The answer text: each chosen sentence verbatim, followed by its number."""
    quoted = " ".join(f"{p.text} [{n}]" for n, p in enumerate(passages, start=1))
    return f"{lead} {quoted}"


_MAX_ENUMERATED = 4
_ENUMERATION = re.compile(
    r"^(?:erstens|zweitens|drittens|viertens|fünftens|zum einen|zum anderen|first(?:ly)?|"
    r"second(?:ly)?|third(?:ly)?|fourth(?:ly)?|[-•*]\s)",
    re.IGNORECASE,
)


def with_enumerations(passages: list[Passage], texts: dict[str, str]) -> list[Passage]:
    """Add the sentences that continue an enumeration the best chosen sentence opens.

    Sentences of one paragraph then appear in text order.

    "Vietnam schätzt Russland aus zwei Hauptgründen." is only an answer together
    with the "Erstens ..." and "Zweitens ..." sentences after it; quoted second,
    behind the sentence that answers, it is a neighbour, and its list would be
    padding.
    """
    out: list[Passage] = list(passages)
    for p in passages[:1]:
        text = texts[p.source]
        spans = split_sentences(text, Span(p.para_start, p.para_end))
        following = [(i, s) for i, s in enumerate(spans) if s.start > p.start]
        for index, span in following[:_MAX_ENUMERATED]:
            sentence = text[span.start : span.end]
            if not _ENUMERATION.match(sentence):
                break
            if all(q.key != (p.source, span.start) for q in passages + out):
                out.append(
                    replace(p, sentence=index, start=span.start, end=span.end, text=sentence)
                )
    return _paragraphs_in_reading_order(out)


def _paragraphs_in_reading_order(passages: list[Passage]) -> list[Passage]:
    """Keep the paragraphs in rank order, but each paragraph's sentences in text order."""
    rank: dict[tuple[str, int], int] = {}
    for i, p in enumerate(passages):
        rank.setdefault((p.source, p.paragraph), i)
    return sorted(passages, key=lambda p: (rank[(p.source, p.paragraph)], p.start))
