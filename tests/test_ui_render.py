"""The web app's HTML rendering, without a browser: escaping, highlighting, file names."""

from __future__ import annotations

import re

from assistant.answer.answer import Answer
from assistant.answer.citations import Citation
from assistant.index.store import StoredArticle
from assistant.web import ui_render as render

TEXT = (
    "Titel mit <b>bold</b>\n"
    "Erster Absatz. Hier steht <script>alert(1)</script> als Text.\n"
    "Zweiter Absatz über Kleinbrunn. Rund 4000 Besucher kamen.\n"
    "20. November 2024 · 03:15\n"
)


def _article(text: str = TEXT) -> StoredArticle:
    body_end = text.index("\n20. November")
    return StoredArticle("a&b.txt", "Titel mit <b>bold</b>", text, "sha", 3, body_end)


def _citation(n: int, quote: str, text: str = TEXT) -> Citation:
    start = text.index(quote)
    return Citation(n, "a&b.txt", "Titel mit <b>bold</b>", 2, start, start + len(quote), quote)


def test_highlight_escapes_and_marks_exactly_the_span() -> None:
    text = "a <i>b</i> & c"
    out = render.highlight(text, [(2, 10, "cite-1")])
    assert out == 'a <mark id="cite-1">&lt;i&gt;b&lt;/i&gt;</mark> &amp; c'
    assert render.highlight("abc", [(-5, 99, None)]) == "<mark>abc</mark>"


def test_highlight_marks_several_spans_in_text_order_even_if_they_overlap() -> None:
    out = render.highlight("one two three", [(8, 13, "c-2"), (0, 3, "c-1"), (2, 7, None)])
    assert out == '<mark id="c-1">one</mark><mark> two</mark> <mark id="c-2">three</mark>'


def test_answer_markers_become_links_and_text_is_escaped() -> None:
    answer = Answer("q", "The articles say: <b>x</b> & y. [1] Zwei. [2]")
    out = render.answer_html(answer, turn=4)
    assert "&lt;b&gt;x&lt;/b&gt; &amp; y." in out
    assert "<b>" not in out
    assert re.findall(r'class="cite-link cn-(\d) ct-4"', out) == ["1", "2"]
    assert "answer-final" in out
    partial = "".join(render.answer_tokens(answer.answer, 4)[:3])
    assert partial == "The articles say: "


def test_refusal_and_conflict_have_their_own_notes() -> None:
    refused = render.answer_html(Answer("q", "The articles don't say.", refused=True), 1)
    assert '<div class="note refusal"><div class="note-title">The articles don\'t say' in refused
    disagree = Answer("q", "The sources disagree: a [1] b [2]", conflict=True)
    conflict = render.answer_html(disagree, 1)
    assert 'class="note conflict"' in conflict and "Sources disagree" in conflict
    plain = render.answer_html(Answer("q", "The articles say: a [1]"), 1)
    assert "note" not in plain


def test_sources_of_earlier_answers_stay_in_the_page_hidden() -> None:
    out = render.sources_stack(["<p>first</p>", "<p>second</p>"])
    assert out == (
        '<div class="turn-sources" hidden><p>first</p></div>'
        '<div class="turn-sources"><p>second</p></div>'
    )


def test_sources_show_paragraph_and_full_article_with_the_quote_marked() -> None:
    quote = "Rund 4000 Besucher kamen."
    out = render.sources_html([_citation(2, quote)], {"a&b.txt": _article()}, turn=7)
    assert 'id="sources-t7"' in out
    assert "a&amp;b.txt · paragraph 2" in out
    assert "Titel mit &lt;b&gt;bold&lt;/b&gt;" in out and "<b>" not in out
    para = re.search(r'<blockquote class="src-para">(.*?)</blockquote>', out).group(1)
    assert para == f"Zweiter Absatz über Kleinbrunn. <mark>{quote}</mark>"
    assert f'<mark id="cite-7-2">{quote}</mark>' in out
    assert 'id="article-7-2"' in out and 'id="src-7-2"' in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out and "<script" not in out
    assert '<div class="article-footer">20. November 2024 · 03:15</div>' in out


def test_a_dateline_glued_to_the_lead_is_set_apart_in_the_article_view() -> None:
    text = "Titel der Meldung\nBerlinWladimir Putin kam am Donnerstag an. Er blieb zwei Tage.\n"
    start = text.index("Er blieb")
    out = render.article_html(text, len(text), [(start, len(text) - 1, "cite-1-1")])
    assert 'Berlin<span class="dateline-sep"> – </span>Wladimir Putin kam' in out
    assert '<mark id="cite-1-1">Er blieb zwei Tage.</mark>' in out
    plain = "Titel der Meldung\nBerlin (dpa) – Wladimir Putin kam an.\n"
    assert "dateline-sep" not in render.article_html(plain, len(plain), [])


GROUPED = (
    "Titel <i>kursiv</i>\n\n"
    "Erster Satz über A&B. Zweiter <b>Satz</b>. Dritter Satz hier. Vierter Satz.\n\n"
    "Anderer Absatz. Noch ein Satz.\n"
)


def test_cited_sentences_of_one_paragraph_share_one_card() -> None:
    article = StoredArticle("g.txt", "Titel <i>kursiv</i>", GROUPED, "sha", 2, len(GROUPED))
    quotes = {1: "Dritter Satz hier.", 2: "Erster Satz über A&B.", 3: "Noch ein Satz."}
    quotes[4] = "Zweiter <b>Satz</b>."
    citations = []
    for n, quote in quotes.items():
        start = GROUPED.index(quote)
        paragraph = 1 if n != 3 else 2
        citations.append(
            Citation(n, "g.txt", article.title, paragraph, start, start + len(quote), quote)
        )
    out = render.sources_html(citations, {"g.txt": article}, turn=5)
    cards = re.findall(r'<div class="src-card" id="src-5-(\d)">(.*?)</details></div>', out, re.S)
    assert [n for n, _ in cards] == ["1", "3"]  # in order of each paragraph's first number
    (_, first), (_, second) = cards
    assert re.findall(r'class="src-n cite-link cn-(\d) ct-5"', first) == ["1", "2", "4"]
    assert re.findall(r'class="src-n cite-link cn-(\d) ct-5"', second) == ["3"]
    assert "g.txt · paragraph 1" in first and "g.txt · paragraph 2" in second
    para = re.search(r'<blockquote class="src-para">(.*?)</blockquote>', first).group(1)
    assert para == (
        "<mark>Erster Satz über A&amp;B.</mark> <mark>Zweiter &lt;b&gt;Satz&lt;/b&gt;.</mark> "
        "<mark>Dritter Satz hier.</mark> Vierter Satz."
    )
    # one full article per card, each sentence marked there with its own id, in text order
    assert first.count("<details") == 1 and second.count("<details") == 1
    marks = re.findall(r'<mark id="cite-5-(\d)">(.*?)</mark>', first)
    assert marks == [
        ("2", "Erster Satz über A&amp;B."),
        ("4", "Zweiter &lt;b&gt;Satz&lt;/b&gt;."),
        ("1", "Dritter Satz hier."),
    ]
    assert re.findall(r'<mark id="cite-5-(\d)">', second) == ["3"]
    assert all(out.count(f'id="cite-5-{n}"') == 1 for n in quotes)
    assert "<b>" not in out and "<i>" not in out and "Titel &lt;i&gt;kursiv&lt;/i&gt;" in out


def test_a_cited_sentence_whose_article_changed_keeps_its_own_card() -> None:
    article = StoredArticle("g.txt", "Titel", GROUPED, "sha", 2, len(GROUPED))
    good, stale = "Erster Satz über A&B.", "Dritter Satz dort."
    citations = [
        Citation(n, "g.txt", "Titel", 1, start, start + len(quote), quote)
        for n, quote, start in [
            (1, good, GROUPED.index(good)),
            (2, stale, GROUPED.index("Dritter")),
        ]
    ]
    out = render.sources_html(citations, {"g.txt": article}, turn=1)
    assert out.count('class="src-card"') == 2
    assert "<mark>Dritter Satz dort.</mark>" in out and out.count("<details") == 1


def test_sources_fall_back_to_the_quote_when_the_article_is_gone_or_changed() -> None:
    citation = _citation(1, "Erster Absatz.")
    assert "<mark>Erster Absatz.</mark>" in render.sources_html([citation], {}, 1)
    changed = _article(TEXT.replace("Erster", "Letzter"))
    out = render.sources_html([citation], {"a&b.txt": changed}, 1)
    assert "<mark>Erster Absatz.</mark>" in out and "<details" not in out
    assert "cites no passages" in render.sources_html([], {}, 1)


def test_paragraph_bounds_follow_blank_line_paragraphs() -> None:
    text = "Titel\n\nErster Satz. Zweiter\nSatz geht weiter.\n\nDritter Absatz."
    start = text.index("Zweiter")
    ps, pe = render.paragraph_bounds(text, start, text.index("weiter.") + 7)
    assert text[ps:pe] == "Erster Satz. Zweiter\nSatz geht weiter."


def test_documents_table_escapes_titles_and_files() -> None:
    out = render.documents_html([("<b>bold</b>", "x<y>.txt", 3)])
    assert "&lt;b&gt;bold&lt;/b&gt;" in out and "x&lt;y&gt;.txt" in out and "<b>" not in out
    assert "No articles" in render.documents_html([])


def test_header_names_the_mode_and_escapes_status_lines() -> None:
    assert "Offline · extractive answers" in render.header_html("Offline · extractive answers", 2)
    assert "1 article indexed" in render.header_html("<b>x</b>", 1)
    assert "<b>x</b>" not in render.header_html("<b>x</b>", 1)
    out = render.status_html("error", "Not added", ["<x>.txt: looks like a binary file"])
    assert "&lt;x&gt;.txt" in out and 'class="note error"' in out


def test_safe_name_strips_folders_and_odd_characters() -> None:
    assert render.safe_name("../../etc/passwd.txt") == "passwd.txt"
    assert render.safe_name("..\\..\\win\\a b.md") == "a_b.md"
    assert render.safe_name(".hidden.txt") == "hidden.txt"
    assert render.safe_name("<script>.txt") == "script_.txt"
    assert render.safe_name("..") == ""
    long = render.safe_name("x" * 300 + ".txt")
    assert len(long) <= 120 and long.endswith(".txt")


def test_markers_glued_to_punctuation_are_clickable() -> None:
    html = "".join(render.answer_tokens("Ten partnerships [1]. Energy [2][3], <b>x</b>", 4))
    assert html.count('class="cite-link') == 3
    assert "[1]</span>." in html
    assert "<b>" not in html and "&lt;b&gt;" in html
