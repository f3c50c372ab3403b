"""Names in text: alias groups (Hanoi ↔ Vietnam, Moskau ↔ Russia) and name matching.

The alias groups live in `data/aliases.json`. They serve two jobs: a chunk's
embedding header names the countries its capital-city metonyms stand for, and a
question's names can be found in German text under their German forms.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from wordfreq import zipf_frequency

from assistant.data import load_json, word_list
from assistant.language import detect_language

_WORD = re.compile(r"[A-Za-zÄÖÜäöüßÀ-ÿ][\wÄÖÜäöüß'’-]*")
_CAPITALISED_RUN = re.compile(r"[A-ZÄÖÜ][\wäöüß-]+(?: [A-ZÄÖÜ][\wäöüß-]+)+")
_INITIAL = re.compile(r"[A-Z]")
_INITIALS = re.compile(r"\b[A-Z]\.\s*")
_ENGLISH_NAME_ZIPF = 1.5  # "Gericht" 1.0, "Jinping" 2.8
_GERMAN_WORD_ZIPF = 3.0  # "chef" in "Parlamentschef"


@lru_cache(maxsize=1)
def alias_groups() -> tuple[tuple[str, ...], ...]:
    """The alias groups shipped with the package, then the German/English country names."""
    groups = load_json("aliases")["groups"] + load_json("countries")["groups"]
    return tuple(tuple(group) for group in groups)


def contains_name(text: str, name: str, prefix: bool = False) -> bool:
    """Whole-word match allowing German inflection endings; `prefix` allows any ending."""
    pattern, case_sensitive = _name_pattern(name, prefix)
    return pattern.search(text if case_sensitive else text.lower()) is not None


@lru_cache(maxsize=50_000)
def _name_pattern(name: str, prefix: bool) -> tuple[re.Pattern[str], bool]:
    """The compiled pattern for a name, and whether it matches case-sensitively."""
    if name.isupper() and len(name) <= 5:  # acronyms match case-sensitively
        return re.compile(r"(?<![\wÄÖÜäöüß])" + re.escape(name) + r"(?![\wÄÖÜäöüß])"), True
    ending = r"\w*" if prefix else r"(?:e|en|er|es|em|n|s)?(?![\wÄÖÜäöüß])"
    return re.compile(r"(?<![\wÄÖÜäöüß])" + re.escape(name.lower()) + ending), False


@lru_cache(maxsize=50_000)
def variants(word: str) -> frozenset[str]:
    """`word` plus every name of each alias group whose names include it."""
    lower = word.lower()
    out = {word}
    for group in alias_groups():
        if any(lower == n.lower() or lower in n.lower().split() for n in group):
            out.update(group)
    return frozenset(out)


def question_names(question: str) -> list[str]:
    """Words of a question that look like names: capitalised, not the first word.

    Hyphenated words count part by part ("Moscow-Pyongyang", "EU-Sanktionspaket"),
    a possessive "'s" is dropped. In German every noun is capitalised, so there
    only acronyms, alias-group names and name-like words in runs of two or more
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
    return len(word) >= 2 and word[0].isupper() and word.lower() not in word_list("not_names")


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


def name_in_text(name: str, text: str) -> bool:
    """True when `name` (or an alias, or a shared stem of 4+ letters) occurs in the text."""
    for variant in variants(name):
        if contains_name(text, variant):
            return True
        stem = variant[: max(4, len(variant) - 3)].lower()
        if len(variant) >= 5 and contains_name(text, stem, prefix=True):
            return True
    return False


_ENDINGS = ("", "e", "en", "er", "es", "em", "n", "s")
_TOKEN = re.compile(r"[\wÄÖÜäöüß]+")


class Vocabulary:
    """The words of a whole corpus, to ask "does this name occur anywhere?" fast.

    Same answers as `name_in_text` on the corpus (for single words), without
    scanning the text: a regex over megabytes per question does not scale.
    """

    def __init__(self, text: str) -> None:
        tokens = _TOKEN.findall(text)
        self.cased = frozenset(tokens)
        self.words = sorted({t.lower() for t in tokens})
        self._set = frozenset(self.words)
        self._folded = sorted({_fold(w) for w in self.words if len(w) >= _NEAR})

    def _has_prefix(self, stem: str) -> bool:
        i = bisect.bisect_left(self.words, stem)
        return i < len(self.words) and self.words[i].startswith(stem)

    def _has_name(self, name: str) -> bool:
        tokens = _TOKEN.findall(name)
        if not tokens:
            return False
        if name.isupper() and len(name) <= 5:
            return all(t in self.cased for t in tokens)
        return all(any(t.lower() + e in self._set for e in _ENDINGS) for t in tokens)

    def has(self, name: str) -> bool:
        """True when `name` (or an alias, or a shared stem of 4+ letters) occurs."""
        for variant in variants(name):
            if self._has_name(variant):
                return True
            stem = variant[: max(4, len(variant) - 3)].lower()
            if len(variant) >= 5 and " " not in stem and self._has_prefix(stem):
                return True
        return self._has_near(name)

    def _has_near(self, name: str) -> bool:
        """True when a corpus word starts like `name` but for one letter.

        Catches other spellings of one name ("Pacific" ~ "pazifischen", "Bryansk"
        ~ "Brjansk"); only for single words of 6+ letters.
        """
        key = _fold(name)[:_NEAR]
        if len(key) < _NEAR or not key.isalpha():
            return False
        i = bisect.bisect_left(self._folded, key[:2])
        while i < len(self._folded) and self._folded[i].startswith(key[:2]):
            if sum(a != b for a, b in zip(key, self._folded[i], strict=False)) <= 1:
                return True
            i += 1
        return False


_NEAR = 6
_UMLAUTS = str.maketrans("äöüß", "aous")


def _fold(word: str) -> str:
    return word.lower().translate(_UMLAUTS)
