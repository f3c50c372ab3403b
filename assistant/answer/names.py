"""Which words of a question are names, and which names a text holds.

A question's names decide refusals ("they never mention Sudan") and what an
answer must be about; the names an answer brought in resolve a follow-up's
"he". In German every noun is capitalised, so word frequencies (`wordfreq`)
tell names ("Jinping", "Bezdetko") from nouns ("Gericht", "Parlamentschef").
"""

from __future__ import annotations

import re
from functools import cache

from assistant.language.data import stop_words
from assistant.language.entities import alias_groups, contains_name, variants
from assistant.language.frequency import zipf_frequency
from assistant.language.language import detect_language

_WORD = re.compile(r"[A-Za-zÄÖÜäöüßÀ-ÿ][\wÄÖÜäöüß'’-]*")
_CAPITALISED_RUN = re.compile(r"[A-ZÄÖÜ][\wäöüß-]+(?: [A-ZÄÖÜ][\wäöüß-]+)+")
_INITIAL = re.compile(r"[A-Z]")
_INITIALS = re.compile(r"\b[A-Z]\.\s*")
_ENGLISH_NAME_ZIPF = 1.5  # "Gericht" 1.0, "Jinping" 2.8
_GERMAN_WORD_ZIPF = 3.0  # "chef" in "Parlamentschef"


def question_names(question: str) -> list[str]:
    """Words of a question that look like names: capitalised, not the first word.

    Hyphenated words count part by part ("Moscow-Pyongyang", "EU-Sanktionspaket"),
    a possessive "'s" is dropped. In German every noun is capitalised, so there
    only acronyms, country names and name-like words in runs of two or more
    capitalised words ("Xi Jinping", "Botschafter Bezdetko") count; a common
    German noun ("Haager Gericht") is not a name, nor is a noun next to an
    acronym or a known place ("Abkürzung KPV", "Regierungschef Vietnams").
    """
    matches = [m for m in _WORD.finditer(question)][1:]
    german = detect_language(question) == "de"
    names = []
    for i, match in enumerate(matches):
        for word in _parts(match.group()):
            if not _capitalised(word):
                continue
            if german and not (
                word.isupper() or _known(word) or (_in_run(matches, i) and _name_like(word))
            ):
                continue
            names.append(word)
    return names


def single_names(text: str) -> list[str]:
    """Words after the first of a German `text` that read as names on their own, where
    `question_names` asks for a run: a known place, in the genitive too ("Chinas"), or
    a name-like word ("Montpellier", "Technicolor"). None for an English text, whose
    capitalised words `question_names` counts already."""
    if detect_language(text) != "de":
        return []
    words = [w for m in list(_WORD.finditer(text))[1:] for w in _parts(m.group())]
    return [w for w in words if _capitalised(w) and (place_name(w) or _name_like(w))]


def place_name(word: str) -> bool:
    """`word` is a whole known country or capital name, or its genitive ("Chinas"); not a
    word of one ("Southern" of "French Southern Territories")."""
    lower, names = word.lower(), _place_names()
    return lower in names or (lower.endswith("s") and lower[:-1] in names)


@cache
def _place_names() -> frozenset[str]:
    return frozenset(n.lower() for group in alias_groups() for n in group)


def places_named(question: str) -> list[str]:
    """The places of the alias groups the question names, in any case ("vietnams")."""
    return [g[0] for g in alias_groups() if any(contains_name(question, n) for n in g)]


def people_named(question: str) -> list[str]:
    """The question's names of people and bodies, not places ("Putin", "AFP")."""
    return [n for n in question_names(question) if _name_like(n) and not _known(n)]


def person_names(text: str) -> list[str]:
    """Runs of two or more name-like capitalised words in `text` ("Nguyen Phu Trong").

    German nouns beside a name ("Parteichef Nguyen Phu Trong") are left out.
    """
    names = []
    for run in _CAPITALISED_RUN.findall(text):
        words = [w for w in run.split() if _name_like(w)]
        if len(words) >= 2:
            names.append(" ".join(words))
    return list(dict.fromkeys(names))


def _parts(token: str) -> list[str]:
    """A token without possessive ending and quotes, split at hyphens."""
    token = re.sub(r"['’]s$", "", token).strip("'’-")
    return [part for part in token.split("-") if part]


def _name_like(word: str) -> bool:
    """True for a word that reads as a name rather than a German noun.

    Names cross languages ("Jinping", "Sudan", "Putin"); a German word is far
    more frequent in German than in English ("Gericht", "Partei"); a word no
    word list knows is a name unless it ends in a German noun ("Bezdetko" vs
    "Parlamentschef"). Frequencies come from `wordfreq`.
    """
    lower = word.lower()
    english, german = zipf_frequency(lower, "en"), zipf_frequency(lower, "de")
    if german >= english + 1:
        return False
    if english >= _ENGLISH_NAME_ZIPF:
        return True
    return german < 1 and not any(
        zipf_frequency(lower[i:], "de") >= _GERMAN_WORD_ZIPF for i in range(3, len(lower) - 3)
    )


def _capitalised(word: str) -> bool:
    lower = word.lower()
    return (
        len(word) >= 2
        and word[0].isupper()
        and lower not in stop_words("en")
        and lower not in stop_words("de")
    )


def _known(word: str) -> bool:
    return len(variants(word)) > 1


def _in_run(matches: list[re.Match[str]], i: int) -> bool:
    """True when the word at `i` stands right beside another plain capitalised word.

    An initial in between ("Gennady S. Bezdetko") does not break the run.
    """
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(matches) and _INITIAL.fullmatch(matches[j].group()):
            j += step
        if not 0 <= j < len(matches):
            continue
        other = matches[j].group().strip("'’-")
        if not _capitalised(other) or other.isupper() or _known(other):
            continue
        left, right = sorted((matches[i], matches[j]), key=lambda m: m.start())
        between = _INITIALS.sub("", left.string[left.end() : right.start()])
        if len(between) <= 1:
            return True
    return False


def warm_up() -> None:
    """Load the English and German word frequencies (~0.4 s) before the first question."""
    for lang in ("en", "de"):
        zipf_frequency("the", lang)
