"""Read an article file and find its parts: title, dateline, paragraphs, footer.

Every part is a `Span` of character offsets into the original decoded text, so a
citation can always be located with `text[start:end]`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

ARTICLE_SUFFIXES = (".txt", ".md")
UNTITLED_MARK = "(untitled)"
_LABEL_WORDS = 6
_CONTEXT_WORDS = 12


class ArticleError(ValueError):
    """A file that cannot be read as an article; the message names the file."""


@dataclass(frozen=True)
class Span:
    """Character offsets `[start, end)` into an article's text."""

    start: int
    end: int


@dataclass
class Article:
    """One article: its original text and where its parts are."""

    source: str
    text: str
    title: str | None = None
    title_span: Span | None = None
    place: str | None = None
    paragraphs: list[Span] = field(default_factory=list)

    @property
    def sha(self) -> str:
        """Hash of the text; chunk ids and change detection build on it."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:16]

    @property
    def display_title(self) -> str:
        """The title; without one, a label marked as derived: "Die Stadt hat … (untitled)"."""
        if self.title:
            return self.title
        return f"{self._lead_words(_LABEL_WORDS, trim=',;:–-')} {UNTITLED_MARK}"

    @property
    def context_title(self) -> str:
        """What each sentence is embedded after: the title, else the lead's first 12 words."""
        return self.title or self._lead_words(_CONTEXT_WORDS)

    def _lead_words(self, count: int, trim: str = "") -> str:
        """The lead's first `count` words (`trim` cut off their end), "…" when it goes on."""
        words = self.paragraph_text(1).split()
        if len(words) <= count:
            return " ".join(words)
        return " ".join(words[:count]).rstrip(trim) + " …"

    def paragraph_text(self, number: int) -> str:
        """Text of paragraph `number` (1-based)."""
        span = self.paragraphs[number - 1]
        return self.text[span.start : span.end]


_LIST_ITEM = re.compile(r"^\s*(?:[-*•–]|\d{1,2}[.)])\s+")
_SENTENCE_END = re.compile(r"[.!?:;…\"“”»«'’)]\s*$")
_DATE_STAMP = re.compile(
    r"^\s*(?:\d{1,2}\.\s*(?:\d{1,2}\.|[A-Za-zÄÖÜäöüé]+)\s*\d{4}"
    r"|[A-Z][a-z]+\.? \d{1,2},? \d{4}|\d{4}-\d{2}-\d{2})\b"
)
_SHARE_PROMPT = re.compile(
    r"^\s*(?:diesen artikel teilen|artikel teilen|teilen|share(?: this)?(?: article| story)?"
    r"|mehr zum thema|lesen sie auch|weitere artikel|related articles?|read more)\s*:?\s*$",
    re.IGNORECASE,
)
_PAREN_DATELINE = re.compile(r"^\((?P<place>[^()\n]{2,40})\)\s*[-–—]?\s*")
_AGENCY_DATELINE = re.compile(
    r"^(?P<place>[A-ZÄÖÜ][\wÄÖÜäöüß .'-]{1,30}?)\s*"
    r"\((?:dpa|AFP|AP|Reuters|KNA|epd)[^)]*\)\s*[-–—:]\s*"
)
_GLUED_DATELINE = re.compile(r"^(?P<place>[A-ZÄÖÜ][a-zäöüß]{3,20})(?=[A-ZÄÖÜ][a-zäöüß]+\s)")
_MAX_TITLE_CHARS = 160


def read_article(path: Path, max_bytes: int) -> Article:
    """Read `path` as a UTF-8 article; raise `ArticleError` with a clear reason."""
    name = path.name
    if path.suffix.lower() not in ARTICLE_SUFFIXES:
        raise ArticleError(f"{name}: only .txt and .md articles are supported")
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ArticleError(f"{name}: not a regular file")
        if size > max_bytes:
            raise ArticleError(f"{name}: {size:,} bytes is over the limit of {max_bytes:,} bytes")
        raw = path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"{name}: cannot be read ({exc.strerror or exc})") from exc
    return parse_article(name, raw)


def parse_article(source: str, raw: bytes) -> Article:
    """Decode `raw` strictly as UTF-8 and find the article's parts."""
    if b"\x00" in raw:
        raise ArticleError(f"{source}: looks like a binary file, not text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleError(
            f"{source}: is not valid UTF-8 (byte {exc.start}); save it as UTF-8 and try again"
        ) from exc
    blocks = _drop_footer(text, _paragraph_spans(text))
    if not blocks:
        raise ArticleError(f"{source}: contains no text")
    title, title_span = None, None
    first = text[blocks[0].start : blocks[0].end]
    if len(blocks) > 1 and _is_title(first):
        title = first.lstrip("#").strip()
        title_span = Span(blocks[0].end - len(title), blocks[0].end)
        blocks = blocks[1:]
    place, blocks[0] = _split_dateline(text, blocks[0])
    return Article(source, text, title, title_span, place, blocks)


def _is_title(line: str) -> bool:
    if line.startswith("#"):
        return True
    return len(line) <= _MAX_TITLE_CHARS and "\n" not in line and not _SENTENCE_END.search(line)


def _line_spans(text: str, start: int, end: int) -> list[Span]:
    spans, pos = [], start
    for line in text[start:end].split("\n"):
        stripped = line.strip().lstrip("\ufeff").strip()
        if stripped:
            offset = pos + line.index(stripped)
            spans.append(Span(offset, offset + len(stripped)))
        pos += len(line) + 1
    return spans


def _paragraph_spans(text: str) -> list[Span]:
    """Paragraphs are blank-line blocks when some block wraps lines, else lines.

    List items are joined to the paragraph that introduces them.
    """
    blocks = [_line_spans(text, *m.span()) for m in re.finditer(r"\S(?:.|\n(?![ \t\r]*\n))*", text)]
    blocks = _split_title_line(text, blocks)
    inner = [text[ln.start : ln.end] for block in blocks for ln in block[:-1]]
    open_lines = sum(1 for line in inner if not _SENTENCE_END.search(line))
    wrapped = len(blocks) > 1 and open_lines > len(inner) / 2
    units = blocks if wrapped else [[ln] for block in blocks for ln in block]
    paragraphs: list[Span] = []
    for unit in units:
        span = Span(unit[0].start, unit[-1].end)
        line = text[span.start : span.end]
        if paragraphs and _LIST_ITEM.match(line) and not _DATE_STAMP.match(line):
            paragraphs[-1] = Span(paragraphs[-1].start, span.end)
        else:
            paragraphs.append(span)
    return paragraphs


def _split_title_line(text: str, blocks: list[list[Span]]) -> list[list[Span]]:
    """Give a title line its own block when only a line break parts it from the lead.

    Only where blank lines part the paragraphs; without them every line is one.

    The line must look like a title (`_is_title`) and break by hand rather than by
    wrapping: the lead starts with a dateline ("(Felsbrunn) – ", "BERLIN (dpa) – "),
    or the line plus the lead's first word would have fit the block's widest line.
    """
    if len(blocks) < 2 or len(blocks[0]) < 2:
        return blocks
    first, rest = blocks[0][0], blocks[0][1:]
    line, lead = text[first.start : first.end], text[rest[0].start : rest[0].end]
    width = max(span.end - span.start for span in rest)
    hand_broken = len(line) + 1 + len(lead.split()[0]) <= width
    if _is_title(line) and (hand_broken or _starts_with_dateline(lead)):
        return [[first], rest, *blocks[1:]]
    return blocks


def _starts_with_dateline(line: str) -> bool:
    return any(pattern.match(line) for pattern in (_PAREN_DATELINE, _AGENCY_DATELINE))


def _drop_footer(text: str, paragraphs: list[Span]) -> list[Span]:
    """Cut share prompts and a trailing run of dated 'related article' headlines."""
    kept = list(paragraphs)
    while kept and _SHARE_PROMPT.match(text[kept[-1].start : kept[-1].end]):
        kept.pop()
    cut = len(kept)
    for i in range(len(kept) - 1, 0, -1):
        chunk = text[kept[i].start : kept[i].end]
        if len(chunk) > _MAX_TITLE_CHARS or (_SENTENCE_END.search(chunk) and "·" not in chunk):
            break
        if _DATE_STAMP.match(chunk):
            cut = i
    return kept[:cut]


def _split_dateline(text: str, first: Span) -> tuple[str | None, Span]:
    """Separate a leading dateline ("(Hanoi) ", "Berlin (dpa) - ", "BerlinWladimir")."""
    head = text[first.start : first.end]
    for pattern in (_PAREN_DATELINE, _AGENCY_DATELINE, _GLUED_DATELINE):
        match = pattern.match(head)
        if match and match.end() < len(head):
            return match.group("place").strip(), Span(first.start + match.end(), first.end)
    return None, first
