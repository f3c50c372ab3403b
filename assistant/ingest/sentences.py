"""Split a paragraph into sentences, keeping character offsets.

A small rule-based splitter for German and English news text: it ends a sentence
at `.`, `!` or `?` (plus closing quotes) followed by a capitalised word, except
after ordinals ("20. November"), initials and common abbreviations.
"""

from __future__ import annotations

import re

from assistant.ingest.articles import Span

_ABBREVIATIONS = {
    "dr",
    "prof",
    "nr",
    "st",
    "bzw",
    "ca",
    "vgl",
    "hr",
    "fr",
    "mr",
    "mrs",
    "ms",
    "jr",
    "sr",
    "vs",
    "etc",
    "usw",
    "inkl",
    "evtl",
    "ggf",
    "z.b",
    "u.a",
    "d.h",
    "s",
    "abs",
    "art",
    "jan",
    "feb",
    "mär",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "okt",
    "oct",
    "nov",
    "dez",
    "dec",
    "gen",
    "lt",
    "col",
    "sen",
    "rep",
    "gov",
    "no",
    "co",
    "inc",
    "ltd",
    "dt",
    "int",
    "mio",
    "mrd",
}
_BOUNDARY = re.compile(r"[.!?…]+[\"“”»«'’)]*(?=\s+[\"„“»«'(]?[A-ZÄÖÜ0-9])")


def split_sentences(text: str, span: Span) -> list[Span]:
    """Sentence spans inside `text[span.start:span.end]`, whitespace trimmed."""
    chunk = text[span.start : span.end]
    spans: list[Span] = []
    begin = 0
    for match in _BOUNDARY.finditer(chunk):
        if _is_abbreviation(chunk[begin : match.start()]):
            continue
        spans.append(Span(begin, match.end()))
        begin = match.end()
    spans.append(Span(begin, len(chunk)))
    trimmed = []
    for s in spans:
        piece = chunk[s.start : s.end]
        stripped = piece.strip()
        if stripped:
            offset = span.start + s.start + piece.index(stripped)
            trimmed.append(Span(offset, offset + len(stripped)))
    return trimmed


def _is_abbreviation(before: str) -> bool:
    words = before.split()
    if not words:
        return True
    last = words[-1].lstrip("(„\"'").lower()
    if last.isdigit() and len(last) <= 2:
        return True
    if len(last) == 1 and last.isalpha():
        return True
    return last in _ABBREVIATIONS
