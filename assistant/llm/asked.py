"""What a question asks besides whom, and whether a text says it, across German and English.

Used by the verifier (`support.answers`): a claim must share a word of what the
question asks, not only its names.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

import simplemma

from assistant.answer.names import person_names, question_names
from assistant.language.data import stop_words
from assistant.language.dictionary import german_synonyms, translations
from assistant.language.language import detect_language
from assistant.language.lexical import content_words, word_in
from assistant.language.separable import joined_verbs

_TEXT_WORD = re.compile(r"[^\W\d_]{3,}")
_MIN_HEAD = 4  # "Grund" is the head of "Hauptgrund"; "ort" of nothing
_MIN_PREFIX = 6
_PREFIX_SHARE = 0.7


def asked_words(question: str) -> list[str]:
    """What `question` asks about besides whom: its content words that are not names.

    "What year did Tesla die?" → ["die"]: a true copy about Tesla in 1886 names
    him but says nothing of dying. A question of names only keeps them.
    """
    words = content_words(question)
    names = {*question_names(question), *(w for n in person_names(question) for w in n.split())}
    return [w for w in words if w not in names] or words


def said_in(word: str, question: str, text: str) -> bool:
    """`word` of `question` occurs in `text`, as written, by stem, lemma or translation
    (either way: an English word's German translations in a German text, a German word
    among an English text's translations, a German word's German synonyms through
    their English translations: "Fachmann" for "Experte", `dictionary.german_synonyms`).

    An English "die", "war" or "also" is a German function word: found literally
    in a German text it is no evidence ("die sich bereit erklärten"); there only
    its translations count. Lemmas (`simplemma`) find inflected and compound forms
    ("starb" for "die" → "sterben", "Hauptgründen" for "Gründen"), `_same_word`.
    """
    lang = detect_language(question)
    other = "de" if lang == "en" else "en"
    false_friend = word.lower() in stop_words(other) and detect_language(text) == other
    if not false_friend and word_in(word, text):
        return True
    wanted = {_lemma(t) for t in translations(word)} | ({_lemma(word)} - {""})
    if false_friend:
        wanted.discard(_lemma(word))
    if any(_same_word(want, got) for want in wanted for got in _lemmas(text)):
        return True
    own = _lemma(word)  # a German word of a claim ("Turing-Maschine"), said by an English
    # text's word whose translation it is or ends with ("machine": "Maschine")
    if len(own) >= _MIN_HEAD and any(_same_word(got, own) for got in _translated(text)):
        return True
    return lang == "de" and bool(_synonyms(word) & _lemmas(text))


@lru_cache(maxsize=10_000)
def _synonyms(word: str) -> frozenset[str]:
    """The lemmas of the German synonyms of a German `word` or its lemma, through the
    English words both translate ("Fachmann" → "expert" → "Experte")."""
    found = german_synonyms(word) | german_synonyms(_lemma(word))
    return frozenset(_lemma(w) for w in found)


def _same_word(want: str, got: str) -> bool:
    """Same lemma, or `want` is the head of the compound `got` ("grund" in "hauptgrund"),
    or both start alike for most of `want` ("waffenlieferung", "waffenlieferant").
    """
    if got == want or (len(want) >= _MIN_HEAD and got.endswith(want)):
        return True
    shared = len(os.path.commonprefix([want, got]))
    return shared >= _MIN_PREFIX and shared >= _PREFIX_SHARE * len(want)


@lru_cache(maxsize=1024)
def _lemmas(text: str) -> frozenset[str]:
    """The lemmas of the words of `text` (a claim's words are looked up in one source), and
    the separable verbs it writes apart ("eintreffen" for "traf ... ein")."""
    return frozenset(_lemma(w) for w in _TEXT_WORD.findall(text)) | set(joined_verbs(text))


@lru_cache(maxsize=1024)
def _translated(text: str) -> frozenset[str]:
    """The lemmas of the German translations of an English `text`'s words ("Maschine" for
    "machine"); nothing for a German text, whose "die" and "war" are no English words."""
    if detect_language(text) != "en":
        return frozenset()
    return frozenset(_lemma(t) for w in _TEXT_WORD.findall(text) for t in translations(w))


@lru_cache(maxsize=50_000)
def _lemma(word: str) -> str:
    """The lower-case lemma of a German or English word."""
    return simplemma.lemmatize(word, lang=("de", "en")).lower()
