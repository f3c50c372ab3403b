"""Names in text: country name groups (Russia ↔ Russland ↔ russisch) and name matching.

The groups live in `data/countries.json` (ISO 3166 names via pycountry's
translations, with the adjectives); a question's names are found in German
text under their German forms.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from assistant.language.data import load_json
from assistant.language.dictionary import translations
from assistant.language.separable import joined_verbs


@lru_cache(maxsize=1)
def alias_groups() -> tuple[tuple[str, ...], ...]:
    """The German/English names of each country (ISO 3166 via pycountry's translations)."""
    groups = load_json("countries")["groups"]
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


@lru_cache(maxsize=50_000)
def forms(word: str) -> frozenset[str]:
    """`word`, its country's other names and its German translations (`dictionary`)."""
    return variants(word) | frozenset(translations(word))


def name_in_text(name: str, text: str, translated: bool = True) -> bool:
    """True when `name` (or an alias, or a shared stem of 4+ letters) occurs in the text.

    `translated` also accepts the word's German translations (`dictionary`), among
    them a separable verb the text writes apart ("eintreffen" for "arrive" in "traf
    ... ein", `separable`).
    """
    for variant in forms(name) if translated else variants(name):
        if contains_name(text, variant):
            return True
        stem = variant[: max(4, len(variant) - 3)].lower()
        if len(variant) >= 5 and contains_name(text, stem, prefix=True):
            return True
    return translated and bool({f.lower() for f in forms(name)} & set(joined_verbs(text)))


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
        for variant in forms(name):
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
