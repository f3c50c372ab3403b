"""Word frequencies from `wordfreq`, which is imported at the first lookup.

Importing `wordfreq` takes ~0.3 s, which the web app's start-up need not wait for
(the app's warm-up loads it after the page is served).
"""

from __future__ import annotations


def zipf_frequency(word: str, lang: str) -> float:
    """`wordfreq.zipf_frequency`: the word's frequency on the Zipf scale (0 = unknown)."""
    from wordfreq import zipf_frequency as lookup

    return lookup(word, lang)
