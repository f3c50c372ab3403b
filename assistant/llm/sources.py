"""What the model reads: the top retrieved sentences, each with a little of its paragraph.

The extractive reader's chosen sentences come first, then the next best of the
ranking, up to `limit` sources and `budget` characters in all. Each source is a
window of its paragraph: the retrieved sentence and its neighbours (the one
before, the one after) as long as the window stays within `_WINDOW` characters,
so "Er unterzeichnete ..." keeps the sentence that says who "er" is. A window is a
`Passage` whose text is an exact span of its article; `sentences` splits it back
into the sentences a claim can be checked against and cited by.
"""

from __future__ import annotations

from dataclasses import replace

from assistant.answer.retrieve import Passage
from assistant.ingest.sentences import Span, split_sentences

_WINDOW = 480  # characters of one source, its neighbours included


def model_sources(
    chosen: list[Passage],
    ranked: list[Passage],
    texts: dict[str, str],
    limit: int,
    budget: int,
) -> list[Passage]:
    """Up to `limit` windows around `chosen` and then `ranked` passages, within `budget`
    characters; a passage already inside an earlier window adds nothing."""
    windows: list[Passage] = []
    used = 0
    for passage in [*chosen, *ranked]:
        if len(windows) >= limit:
            break
        if any(_inside(passage, w) for w in windows):
            continue
        window = _window(passage, texts[passage.source])
        if windows and used + len(window.text) > budget:
            continue
        windows.append(window)
        used += len(window.text)
    return windows


def sentences(window: Passage, texts: dict[str, str]) -> list[Passage]:
    """The sentences of `window`, each a `Passage` that quotes its article exactly."""
    text = texts[window.source]
    return [
        replace(window, start=s.start, end=s.end, text=text[s.start : s.end])
        for s in split_sentences(text, Span(window.start, window.end))
    ]


def _inside(passage: Passage, window: Passage) -> bool:
    return (
        passage.source == window.source
        and window.start <= passage.start
        and passage.end <= window.end
    )


def _window(passage: Passage, text: str) -> Passage:
    """`passage` widened by its paragraph's neighbouring sentences within `_WINDOW`."""
    spans = split_sentences(text, Span(passage.para_start, passage.para_end))
    index = next((i for i, s in enumerate(spans) if s.start <= passage.start < s.end), None)
    if index is None:
        return passage
    first = last = index
    for step in (-1, 1):
        other = index + step
        if 0 <= other < len(spans):
            lo, hi = min(first, other), max(last, other)
            if spans[hi].end - spans[lo].start <= _WINDOW:
                first, last = lo, hi
    start, end = spans[first].start, spans[last].end
    return replace(passage, start=start, end=end, text=text[start:end])
