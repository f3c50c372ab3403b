"""The offline answerer: pick the sentences that answer, quote them, cite them.

Faithful by construction: the answer consists only of verbatim sentences from the
articles, each followed by its citation number. It refuses when the best sentence
is not similar enough to the question, when the question names something the
articles never mention, or when no close sentence holds the kind of fact asked
for (a number for "how many", a date for "when", the office for "who is the
foreign minister", ...). The thresholds were
measured on `eval/questions.jsonl` (see README, "Evaluation").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from assistant.answer_types import answer_kind, supplies
from assistant.articles import Span
from assistant.entities import Vocabulary, name_in_text
from assistant.lexical import LexicalScorer, content_words
from assistant.messages import message
from assistant.names import question_names
from assistant.retrieve import Passage
from assistant.roles import asked_offices, names_offices
from assistant.sentences import split_sentences


@dataclass(frozen=True)
class ExtractiveParams:
    """Tuning of sentence choice and refusal (measured, see README)."""

    min_score: float = 0.79
    lexical_weight: float = 0.15
    margin: float = 0.04
    max_sentences: int = 2
    kind_window: int = 3
    office_window: int = 10


@dataclass
class Selection:
    """The sentences chosen to answer, or why none were."""

    passages: list[Passage] = field(default_factory=list)
    refused: bool = False
    reason: str = "refusal"
    details: dict[str, str] = field(default_factory=dict)
    scores: dict[tuple[str, int], float] = field(default_factory=dict)

    def refusal_text(self, lang: str) -> str:
        """Why nothing was quoted, in `lang` (see `data/messages.json`)."""
        details = dict(self.details)
        if "kind" in details:
            details["what"] = message(f"kind_{details.pop('kind')}", lang)
        return message(self.reason, lang, **details)


def select(
    question: str,
    passages: list[Passage],
    vocabulary: Vocabulary,
    lexical: LexicalScorer,
    params: ExtractiveParams,
    texts: dict[str, str],
) -> Selection:
    """Choose the answer sentences for `question` from retrieved `passages`.

    A sentence scores its dense similarity plus `lexical_weight` times the
    IDF-weighted share of the question's words it contains.
    """
    words = content_words(question)
    weights = [lexical.idf(w) for w in words]
    scores = {
        p.key: p.score + params.lexical_weight * lexical.overlap(words, weights, p.text)
        for p in passages
    }
    names = question_names(question)
    missing = [n for n in names if not vocabulary.has(n)]
    if missing:
        return _refusal("refusal_missing", scores, names=_as_written(question, missing))
    ranked = sorted(passages, key=lambda p: scores[p.key], reverse=True)
    if not ranked or scores[ranked[0].key] < params.min_score:
        return _refusal("refusal", scores)
    kind = answer_kind(question)
    offices = asked_offices(question)
    window = params.office_window if offices else params.kind_window
    usable = [
        p for p in ranked[:window] if supplies(kind, p.text) and names_offices(p.text, offices)
    ]
    if not usable:
        top = ranked[:window]
        if kind and not any(supplies(kind, p.text) for p in top):
            return _refusal("refusal_kind", scores, kind=kind)
        return _refusal("refusal_office", scores, office=", ".join(offices.values()))
    best = scores[usable[0].key]
    chosen = [p for p in usable if scores[p.key] >= best - params.margin][: params.max_sentences]
    left_out = _left_out(names + _YEAR.findall(question), chosen, texts)
    if left_out:
        return _refusal("refusal_about", scores, names=_as_written(question, left_out))
    return Selection(passages=chosen, scores=scores)


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


def _refusal(reason: str, scores: dict[tuple[str, int], float], **details: str) -> Selection:
    return Selection(refused=True, reason=reason, details=details, scores=scores)


def _left_out(names: list[str], chosen: list[Passage], texts: dict[str, str]) -> list[str]:
    """The question's `names` (and years) that the chosen sentences leave out.

    The sentence before each and the article's title count too ("Nguyen Phu
    Trong ... Der 80-jährige Anführer verbrachte ..."). "How long did Putin talk
    with Vo Van Thuong?" is not answered by a sentence about Putin alone, "the
    Japanese prime minister" not by one about Vietnam's, nor "... in 2019?" by
    one about 2017.
    """
    if not names:
        return []
    context = [p.title for p in chosen]
    for p in chosen:
        text = texts[p.source]
        spans = split_sentences(text, Span(p.para_start, p.para_end))
        context += [text[s.start : s.end] for s in spans if s.start <= p.start][-2:]
    joined = " ".join(context)
    return [name for name in names if not name_in_text(name, joined)]


def compose(passages: list[Passage], lead: str) -> str:
    """The answer text: each chosen sentence verbatim, followed by its number."""
    quoted = " ".join(f"{p.text} [{n}]" for n, p in enumerate(passages, start=1))
    return f"{lead} {quoted}"


_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_MAX_ENUMERATED = 4
_ENUMERATION = re.compile(
    r"^(?:erstens|zweitens|drittens|viertens|fünftens|zum einen|zum anderen|first(?:ly)?|"
    r"second(?:ly)?|third(?:ly)?|fourth(?:ly)?|[-•*]\s)",
    re.IGNORECASE,
)


def with_enumerations(passages: list[Passage], texts: dict[str, str]) -> list[Passage]:
    """Add the sentences that continue an enumeration a chosen sentence opens.

    Sentences of one paragraph then appear in text order.

    "Vietnam schätzt Russland aus zwei Hauptgründen." is only an answer together
    with the "Erstens ..." and "Zweitens ..." sentences after it.
    """
    out: list[Passage] = []
    for p in passages:
        out.append(p)
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
