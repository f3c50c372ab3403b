"""Where the source states a claim's answer: beside what the question asks.

A word-level stand-in for reading: a name the claim adds, a person answering
"who", a count answering "how many" must stand in the source near the words the
question asks about; a claim that copies its source sentence keeps the source's
own relations.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from assistant.answer.names import person_names, place_name, question_names, single_names
from assistant.answer.values import counts
from assistant.language.frequency import zipf_frequency
from assistant.language.lexical import content_words, word_in
from assistant.llm.asked import asked_words, said_in
from assistant.llm.numbers import NUMBER, digit_values, in_digits, number_values

_COMMON_ZIPF = 5.5  # "in", "was": frequent in both languages
_NEAR = 4  # words on each side of a name that may say what it answers
_NEAR_WORD = re.compile(r"[^\W\d_]{4,}")
_BESIDE = 8  # words on each side of a name the claim adds that say what it is about
_COPY = 0.9  # a copy keeps the source's own relations between its names
_ANY_WORD = re.compile(r"[^\W\d_]+")
_TOKEN = re.compile(rf"{NUMBER.pattern}|[^\W\d_]+")
_NAME_RUN = re.compile(r"[A-ZÄÖÜ][^\s,.;:!?]*(?:\s+[A-ZÄÖÜ][^\s,.;:!?]*)*")


def claim_names(claim: str) -> list[str]:
    """The names in `claim`, its first word too when it is a name ("Putin's ambitions ...").

    A capitalised first word is a name when it is about as frequent in English as
    in German and common in neither ("Putin", "Hanoi"; not "The", "Beide").
    """
    first = question_names(f"x {claim.split(' ', 1)[0]}")[:1]
    for word in first:
        english, german = zipf_frequency(word.lower(), "en"), zipf_frequency(word.lower(), "de")
        if abs(english - german) >= 1 or max(english, german) >= _COMMON_ZIPF:
            first = []
    return [*first, *question_names(claim)]


def fact_names(claim: str) -> list[str]:
    """The names whose presence in the source `support.facts_match` checks: `claim_names`,
    a first word that is a known place ("Südkorea ...", "Russia ..."), and in German,
    which capitalises every noun, a single name-like word (`single_names`: "in
    Montpellier", "Chinas"). Only their presence: what a claim adds, and where it
    stands, is `names_beside`'s, with `claim_names`."""
    first = claim.split(" ", 1)[0].strip(",.;:")
    named = claim_names(claim)
    own = [first] if place_name(first) and first not in named else []
    return list(dict.fromkeys([*named, *own, *single_names(claim)]))


def name_about(question: str, claim: str, source: str) -> bool:
    """A person the claim names (and the question does not) stands in `source` beside a word
    of `question` ("Parlamentschef Tran Thanh Man" for "Wer leitet das Parlament?").

    A name is a run of name-like words or one of the claim's names (`claim_names`: also
    "Wilhelm Eisenarm" as an answer of its own, or a claim's first word).
    """
    words = content_words(question)
    for name in dict.fromkeys([*person_names(claim), *claim_names(claim)]):
        if word_in(name, question):
            continue
        for line in source.splitlines():  # a list item says nothing of the next one
            for match in re.finditer(re.escape(name), line):
                before = _NEAR_WORD.findall(line[: match.start()])[-_NEAR:]
                near = [*before, *_NEAR_WORD.findall(line[match.end() :])[:_NEAR]]
                if any(word_in(w, n) for w in words for n in near):
                    return True
    return False


def copies(claim: str, source: str) -> bool:
    """`claim` is the source sentence itself, give or take a few characters."""
    a, b = (" ".join(t.lower().split()) for t in (claim, source))
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= _COPY


def names_beside(question: str, claim: str, source: str) -> bool:
    """Every name the claim adds stands in `source` within `_BESIDE` words of what the
    question asks ("studied at the University of Vietnam" fails: the source's
    "vietnamesische" leaders are far from "studiert an sowjetischen Universitäten").

    A run of names ("Kalten Krieg") is one name: one of its words is enough. A
    name the source lacks is `facts_match`'s to reject.
    """
    asked = asked_words(question)
    added = {n for n in claim_names(claim) if not word_in(n, question)}
    for run in _NAME_RUN.findall(claim):
        names = [w for w in _ANY_WORD.findall(run) if w in added]
        windows = [near for name in names for near in _windows(name, source)]
        if windows and not any(said_in(w, question, near) for w in asked for near in windows):
            return False
    return True


def _windows(name: str, source: str) -> list[str]:
    """The text around each place `name` (or a form of it) occurs in `source`, line by line."""
    out = []
    for line in source.splitlines():  # a list item says nothing of the next one
        words = _ANY_WORD.findall(line)
        for i, word in enumerate(words):
            if word_in(name, word):
                out.append(" ".join(words[max(0, i - _BESIDE) : i + _BESIDE + 1]))
    return out


def count_about(question: str, claim: str, source: str) -> bool:
    """A count of `claim` stands in `source` beside a word of `question`.

    "Josh Norman intercepted 88 Tackles" for "How many balls did Josh Norman
    intercept?" fails: the source's "88 Tackles" are another player's, beside
    "gleichzeitig", "erzielen"; "308 Punkte" beside "Panthers" holds.
    """
    words = content_words(question)
    values = {c.value for c in counts(claim)}
    same = [c for c in counts(source) if c.value in values]
    if not same:  # "80-jährige" is no count with a word: `facts_match` checks the number
        return True
    return any(any(word_in(w, near) for w in words for near in (*c.units, *c.beside)) for c in same)


def value_beside(question: str, claim: str, source: str) -> bool:
    """Every number of `claim` stands in `source` (in digits or words) within `_BESIDE` words
    of a word of `question`: "30 years" for "Wie lange dauerte das Gespräch?" fails against
    "feiern sie 30 Jahre eines Freundschaftsvertrags"; "9" holds beside "neun Nationen".
    """
    words = content_words(question)
    for values in number_values(claim):
        windows = []
        for line in source.splitlines():
            tokens = _TOKEN.findall(in_digits(line))
            for i, token in enumerate(tokens):
                if token[0].isdigit() and digit_values(token) & values:
                    windows.append(" ".join(tokens[max(0, i - _BESIDE) : i + _BESIDE + 1]))
        if not any(said_in(w, question, near) for w in words for near in windows):
            return False
    return True
