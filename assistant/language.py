"""Which language a question is in (English or German), by common words."""

from __future__ import annotations

import re

_GERMAN = {
    "der", "die", "das", "und", "ist", "sind", "wer", "was", "wann", "wo", "warum", "wie",
    "welche", "welcher", "welches", "hat", "haben", "mit", "von", "zu", "den", "dem", "des",
    "ein", "eine", "einen", "nicht", "auf", "für", "über", "im", "sich", "auch", "nach", "bei",
    "wurde", "wurden", "sagte", "gibt", "seit", "er", "sie", "es", "vietnams", "russlands",
}
_ENGLISH = {
    "the", "and", "is", "are", "who", "what", "when", "where", "why", "how", "which", "did",
    "does", "do", "has", "have", "with", "of", "to", "in", "on", "for", "about", "a", "an",
    "was", "were", "he", "she", "it", "they", "his", "her", "their", "say", "said", "sign",
}
_WORD = re.compile(r"[a-zäöüß]+")


def detect_language(text: str) -> str:
    """`"de"` or `"en"` (the default when unsure)."""
    words = _WORD.findall(text.lower())
    german = sum(w in _GERMAN for w in words) + 2 * sum(ch in "äöüß" for ch in text.lower())
    english = sum(w in _ENGLISH for w in words)
    return "de" if german > english else "en"
