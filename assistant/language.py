"""Which language a question is in (English or German), by common words."""

from __future__ import annotations

import re

from assistant.data import word_list

_WORD = re.compile(r"[a-zäöüß]+")


def detect_language(text: str) -> str:
    """`"de"` or `"en"` (the default when unsure)."""
    words = _WORD.findall(text.lower())
    german = sum(w in word_list("german") for w in words) + 2 * sum(
        ch in "äöüß" for ch in text.lower()
    )
    english = sum(w in word_list("english") for w in words)
    return "de" if german > english else "en"
