"""Pure HTML rendering for the web app: every piece of article or user text is escaped here.

Nothing in this module touches Gradio, so it can be tested without a browser. Citation
markers in answers become `<span class="cite-link cn-N ct-T">` (the chat's sanitiser
keeps classes and ids, not data attributes); the page script `PAGE_JS` opens the
full article of citation N of turn T and scrolls its `<mark id="cite-T-N">` into view,
showing turn T's sources first when they are an earlier answer's.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from html import escape
from typing import TYPE_CHECKING

from assistant.answer.answer import Answer
from assistant.answer.citations import Citation
from assistant.answer.messages import heading, message
from assistant.ingest.articles import ArticleError, parse_article

if TYPE_CHECKING:
    from assistant.index.store import StoredArticle

PRODUCT = "News Assistant"
_MARKER = re.compile(r"\[(\d{1,3})\]")
_TOKEN = re.compile(r"\S+\s*")
_UNSAFE = re.compile(r"[^\w.\-]+")
_MAX_NAME = 120
# Runs once on page load: clicking a `.cite-link` opens and scrolls to its marked quote.
PAGE_JS = """() => {
  if (window.__citeLinks) return;
  window.__citeLinks = true;
  document.addEventListener('click', (event) => {
    const el = event.target.closest('.cite-link');
    if (!el) return;
    const classes = Array.from(el.classList);
    const n = (classes.find((c) => c.startsWith('cn-')) || '').slice(3);
    const turn = (classes.find((c) => c.startsWith('ct-')) || '').slice(3);
    const mark = document.getElementById('cite-' + turn + '-' + n);
    const details = mark && mark.closest('details');
    if (!details) return;
    event.preventDefault();
    const box = details.closest('.turn-sources');
    if (box && box.hidden) {  // a marker of an earlier answer: show that answer's sources
      document.querySelectorAll('.turn-sources').forEach((b) => { b.hidden = b !== box; });
    }
    if (el.closest('summary') && details.open) { details.open = false; return; }
    details.open = true;
    requestAnimationFrame(() => {
      mark.scrollIntoView({ block: 'center', behavior: 'smooth' });
      mark.classList.remove('flash');
      void mark.offsetWidth;
      mark.classList.add('flash');
    });
  }, true);
}"""


def safe_name(name: str) -> str:
    """A plain file name for an upload: no folders, no leading dots, no odd characters."""
    base = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    base = _UNSAFE.sub("_", base).strip(" ._-")
    if len(base) > _MAX_NAME:
        stem, dot, suffix = base.rpartition(".")
        base = stem[: _MAX_NAME - len(suffix) - 1] + dot + suffix if dot else base[:_MAX_NAME]
    return base


def header_html(mode: str, articles: int, indexing: str | None = None) -> str:
    """The page header: product name, answer mode (a label), index size, indexing progress."""
    plural = "article" if articles == 1 else "articles"
    progress = f'<span class="pill indexing">{escape(indexing)}</span>' if indexing else ""
    return (
        '<header class="app-header"><div class="brand"><span class="logo">N</span>'
        f'<span class="name">{escape(PRODUCT)}</span></div>'
        f'<div class="status"><span class="pill mode">{escape(mode)}</span>'
        f'<span class="pill">{articles} {plural} indexed</span>{progress}</div></header>'
    )


def indexing_html(progress: str | None) -> str:
    """The chat's reply to a question asked before the first index is ready."""
    lines = [progress or "", "Ask again when the header says the articles are indexed."]
    return status_html("info", "Still indexing the articles", [line for line in lines if line])


def user_html(question: str) -> str:
    """A user's question as chat content."""
    return escape(question.strip())


def _marker_html(n: str, turn: int) -> str:
    return f'<span class="cite-link cn-{n} ct-{turn}" title="Show source {n}">[{n}]</span>'


def answer_tokens(text: str, turn: int) -> list[str]:
    """The answer as escaped word tokens (markers already clickable), for streaming."""
    tokens = []
    for raw in _TOKEN.findall(text.replace("\n", " ")):
        word = raw.rstrip()
        space = " " if raw != word else ""
        tokens.append(_word_html(word, turn) + space)
    return tokens


def _word_html(word: str, turn: int) -> str:
    """One word escaped, its `[n]` markers (also "[1]." or "[1][2]") made clickable."""
    parts, pos = [], 0
    for match in _MARKER.finditer(word):
        parts += [escape(word[pos : match.start()]), _marker_html(match.group(1), turn)]
        pos = match.end()
    return "".join([*parts, escape(word[pos:])])


def answer_frame(answer: Answer, body: str) -> str:
    """Wrap (partial) answer `body` HTML in the note that marks its state."""
    title = escape(heading(answer) or "", quote=False)
    if answer.refused:
        return f'<div class="note refusal"><div class="note-title">{title}</div>{body}</div>'
    parts = []
    if answer.conflict:
        parts.append(
            f'<div class="note conflict"><div class="note-title">{title}</div>'
            f"{escape(message('conflict_note', 'en'), quote=False)}</div>"
        )
    parts.append(f'<div class="answer-text">{body}</div>')
    if answer.notice:
        parts.append(f'<div class="note notice">{escape(answer.notice)}</div>')
    return "".join(parts)


def answer_html(answer: Answer, turn: int) -> str:
    """The finished answer as chat content (marked `answer-final`: streaming is over)."""
    body = answer_frame(answer, "".join(answer_tokens(answer.answer, turn)))
    return f'<div class="answer-final">{body}</div>'


def highlight(text: str, spans: Iterable[tuple[int, int, str | None]]) -> str:
    """`text` escaped, with each `(start, end, mark_id)` span wrapped in a `<mark>`.

    Spans are marked in text order; one that overlaps the one before starts where
    that one ends, so every span keeps its own (possibly empty) `<mark>`.
    """
    parts, pos = [], 0
    for start, end, mark_id in sorted(spans, key=lambda span: span[0]):
        start = max(pos, min(start, len(text)))
        end = max(start, min(end, len(text)))
        attr = f' id="{escape(mark_id)}"' if mark_id else ""
        parts += [escape(text[pos:start]), f"<mark{attr}>{escape(text[start:end])}</mark>"]
        pos = end
    return "".join([*parts, escape(text[pos:])])


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the article paragraph that holds `text[start:end]` (else its lines)."""
    try:
        article = parse_article("article.txt", text.encode("utf-8"))
        spans = [getattr(article, "title_span", None), *article.paragraphs]
        for span in spans:
            if span is not None and span.start <= start and end <= span.end:
                return span.start, span.end
    except ArticleError:
        pass
    line_end = text.find("\n", end)
    return text.rfind("\n", 0, start) + 1, len(text) if line_end < 0 else line_end


def article_html(text: str, body_end: int, spans: list[tuple[int, int, str | None]]) -> str:
    """A whole article, escaped, with the cited spans marked and the footer set apart."""
    last = max((end for _, end, _ in spans), default=0)
    body_end = body_end if last <= body_end <= len(text) else len(text)
    cut = _glued_dateline_end(text)
    if cut is not None and cut <= min((start for start, _, _ in spans), default=cut):
        lead = highlight(text[cut:body_end], [(a - cut, b - cut, m) for a, b, m in spans])
        body = f'{escape(text[:cut])}<span class="dateline-sep"> – </span>{lead}'
    else:
        body = highlight(text[:body_end], spans)
    footer = escape(text[body_end:].strip())
    if "\n\n" not in text:  # one paragraph per line: give lines some air
        body = body.replace("\n", "\n\n")
    if footer:
        body += f'<div class="article-footer">{footer}</div>'
    return f'<div class="article-text">{body}</div>'


def _glued_dateline_end(text: str) -> int | None:
    """Where the lead starts when a dateline is glued to it ("BerlinWladimir Putin …"),
    so the article view can set the two apart; None when there is no such dateline."""
    try:
        article = parse_article("article.txt", text.encode("utf-8"))
    except ArticleError:
        return None
    if article.place is None or not article.paragraphs:
        return None
    start = article.paragraphs[0].start
    return start if start and not text[start - 1].isspace() else None


def _source_groups(
    citations: Iterable[Citation], articles: Mapping[str, StoredArticle]
) -> list[tuple[list[Citation], StoredArticle | None]]:
    """Citations of one paragraph of one article together, in order of first citation.

    A citation whose article is gone or no longer holds its quote stands alone
    (with no article: its card can show only the quote).
    """
    groups: dict[tuple[str, int, int], tuple[list[Citation], StoredArticle | None]] = {}
    for c in citations:
        article = articles.get(c.source)
        if article is not None and article.text[c.start : c.end] == c.quote:
            key = (c.source, *paragraph_bounds(article.text, c.start, c.end))
        else:
            key, article = (c.source, -1, c.n), None
        groups.setdefault(key, ([], article))[0].append(c)
    return list(groups.values())


def _source_card(group: list[Citation], article: StoredArticle | None, turn: int) -> str:
    """One card per paragraph: its cited sentences marked, labelled by all their numbers."""
    first = group[0]
    numbers = "".join(
        f'<span class="src-n cite-link cn-{c.n} ct-{turn}" title="Show source {c.n}">{c.n}</span>'
        for c in sorted(group, key=lambda c: c.n)
    )
    head = (
        f'<div class="src-head"><span class="src-ns">{numbers}</span>'
        f'<span class="src-title">{escape(first.title)}</span></div>'
        f'<div class="src-meta">{escape(first.source)} · paragraph {first.paragraph}</div>'
    )
    card = f'<div class="src-card" id="src-{turn}-{first.n}">{head}'
    if article is None:
        body = f'<blockquote class="src-para"><mark>{escape(first.quote)}</mark></blockquote>'
        return f"{card}{body}</div>"
    text = article.text
    ps, pe = paragraph_bounds(text, first.start, first.end)
    para = highlight(text[ps:pe], [(c.start - ps, c.end - ps, None) for c in group])
    marks = [(c.start, c.end, f"cite-{turn}-{c.n}") for c in group]
    full = article_html(text, article.body_end, marks)
    return (
        f'{card}<blockquote class="src-para">{para}</blockquote>'
        f'<details class="src-article" id="article-{turn}-{first.n}">'
        f'<summary><span class="open-article cite-link cn-{first.n} ct-{turn}">Full article</span>'
        f"</summary>{full}</details></div>"
    )


def sources_html(
    citations: Iterable[Citation], articles: Mapping[str, StoredArticle], turn: int
) -> str:
    """The sources panel: one card per cited paragraph, with the full article behind it."""
    cards = [
        _source_card(group, article, turn) for group, article in _source_groups(citations, articles)
    ]
    if not cards:
        return sources_placeholder("This answer cites no passages.")
    return f'<div class="sources" id="sources-t{turn}">{"".join(cards)}</div>'


def sources_stack(panels: list[str]) -> str:
    """Every answer's sources panel, the latest shown; an older answer's markers show its own."""
    last = len(panels) - 1
    return "".join(
        f'<div class="turn-sources"{"" if i == last else " hidden"}>{panel}</div>'
        for i, panel in enumerate(panels)
    )


def sources_placeholder(text: str = "Ask a question: the passages it rests on appear here.") -> str:
    """The sources panel before there is anything to show."""
    return f'<div class="sources empty"><p>{escape(text)}</p></div>'


def documents_html(rows: Iterable[tuple[str, str, int]]) -> str:
    """The table of indexed articles: (title, file, chunks) rows."""
    body = "".join(
        f"<tr><td>{escape(title)}</td><td class='file'>{escape(source)}</td>"
        f"<td class='num'>{chunks}</td></tr>"
        for title, source, chunks in rows
    )
    if not body:
        return '<div class="docs empty"><p>No articles are indexed yet. Upload some.</p></div>'
    return (
        '<table class="docs"><thead><tr><th>Title</th><th>File</th><th class="num">Chunks</th>'
        f"</tr></thead><tbody>{body}</tbody></table>"
    )


def status_html(kind: str, title: str, lines: Iterable[str] = ()) -> str:
    """A status note (`ok`, `error`, `info`) with escaped detail lines."""
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    return (
        f'<div class="note {escape(kind)}"><div class="note-title">{escape(title)}</div>'
        f"{f'<ul>{items}</ul>' if items else ''}</div>"
    )
