"""Which language a question is in (English or German), by its function words."""

from __future__ import annotations

import re

from assistant.language.data import stop_words

_WORD = re.compile(r"[a-zäöüß]+")


def detect_language(text: str) -> str:
    """`"de"` or `"en"` (the default when unsure)."""
    words = _WORD.findall(text.lower())
    german = sum(w in stop_words("de") for w in words) + 2 * sum(
        ch in "äöüß" for ch in text.lower()
    )
    english = sum(w in stop_words("en") for w in words)
    return "de" if german > english else "en"
