"""Article parsing: title, dateline, footer, paragraphs, sentences, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.ingest.articles import (
    UNTITLED_MARK,
    Article,
    ArticleError,
    parse_article,
    read_article,
)
from assistant.ingest.sentences import split_sentences

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_seed_with_title_glued_dateline_and_footer() -> None:
    article = read_article(SEEDS / "001_a4e8ecf6f88ecfcf.txt", 1_000_000)
    assert (
        article.title == "Putin sucht engere Beziehungen zu Vietnam angesichts Russlands Isolation"
    )
    assert article.place == "Berlin"
    first = article.paragraph_text(1)
    assert first.startswith("Wladimir Putin kam am frühen Donnerstagmorgen")
    last = article.paragraph_text(len(article.paragraphs))
    assert last.endswith("internationalem Recht zu unterstützen.")
    body = article.text[: article.paragraphs[-1].end]
    assert "Bryansk" not in body and "Diesen Artikel teilen" not in body


def test_seed_without_title_has_parenthesised_dateline() -> None:
    article = read_article(SEEDS / "000_638b26e359cf2edd.txt", 1_000_000)
    assert article.title is None
    assert article.place == "Hanoi"
    assert article.paragraph_text(1).startswith("Wladimir Putin versprach")
    assert len(article.paragraphs) == 19


def test_list_items_join_their_paragraph_and_dates_are_not_list_items() -> None:
    raw = "Title here\nHe planned to meet:\n- Alice Smith\n- Bob Jones\nMore text follows.\n"
    article = parse_article("x.txt", raw.encode())
    assert [article.paragraph_text(i + 1) for i in range(len(article.paragraphs))] == [
        "He planned to meet:\n- Alice Smith\n- Bob Jones",
        "More text follows.",
    ]


def test_hard_wrapped_paragraphs_are_joined() -> None:
    raw = "First line of a paragraph that\nwraps onto a second line.\n\nSecond one\nalso wraps.\n"
    article = parse_article("w.txt", raw.encode())
    assert len(article.paragraphs) == 2


def test_offsets_survive_crlf_and_bom() -> None:
    raw = "\ufeffA title\r\n\r\nOne sentence here. Another one there.\r\n".encode()
    article = parse_article("c.txt", raw)
    spans = split_sentences(article.text, article.paragraphs[0])
    assert [article.text[s.start : s.end] for s in spans] == [
        "One sentence here.",
        "Another one there.",
    ]


def test_sentence_splitter_keeps_ordinals_and_abbreviations() -> None:
    text = "Am 20. November sprach Dr. Müller. Danach z.B. nichts. Er kam 2017. Sie ging."
    spans = split_sentences(text, parse_article("s.txt", text.encode()).paragraphs[0])
    assert [text[s.start : s.end] for s in spans] == [
        "Am 20. November sprach Dr. Müller.",
        "Danach z.B. nichts.",
        "Er kam 2017.",
        "Sie ging.",
    ]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("bin.txt", b"\x00\x01\x02binary", "binary"),
        ("latin.txt", "Müller sagte".encode("latin-1"), "not valid UTF-8"),
        ("empty.txt", b"   \n\n", "contains no text"),
        ("notes.pdf", b"%PDF-1.4", "only .txt and .md"),
    ],
)
def test_bad_files_get_a_clear_error(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ArticleError, match=reason) as info:
        read_article(path, 1_000_000)
    assert name in str(info.value)


def test_too_large_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Wort " * 1000, "utf-8")
    with pytest.raises(ArticleError, match="over the limit"):
        read_article(path, 1000)


ARTICLES = Path(__file__).resolve().parent / "data" / "articles"


def _sentences(article: Article) -> list[str]:
    return [
        article.text[s.start : s.end]
        for para in article.paragraphs
        for s in split_sentences(article.text, para)
    ]


@pytest.mark.parametrize(
    ("name", "title", "place", "lead"),
    [
        (
            "felsbrunn_bruecke.txt",
            "Neue Brücke über die Lauter in Felsbrunn eröffnet",
            "Felsbrunn",
            "Die Stadt Felsbrunn hat am Montag",
        ),
        ("kiel_hafen.txt", "Hafen Kiel meldet Rekord bei Fährgästen", "KIEL", "Der Kieler Hafen"),
    ],
)
def test_title_line_then_dateline_after_a_single_newline(
    name: str, title: str, place: str, lead: str
) -> None:
    article = read_article(ARTICLES / name, 1_000_000)
    assert article.title == title
    assert article.text[article.title_span.start : article.title_span.end] == title
    assert article.place == place
    sentences = _sentences(article)
    assert sentences[0].startswith(lead)
    assert not any(title in s for s in sentences)
    assert not sentences[0].startswith(("(", place))
    assert all(article.title_span.end < p.start for p in article.paragraphs)


def test_title_parted_by_a_blank_line_from_wrapped_paragraphs() -> None:
    article = read_article(ARTICLES / "altmuehlheim_mit_titel.txt", 1_000_000)
    assert article.title == "Bahnhof Altmühlheim wird Bürgerhaus"
    assert article.display_title == article.title
    assert len(article.paragraphs) == 3
    assert _sentences(article)[0].startswith("Die Gemeinde Altmühlheim hat am Dienstag")


def test_untitled_article_gets_a_short_label_marked_as_derived() -> None:
    article = read_article(ARTICLES / "altmuehlheim_ohne_titel.txt", 1_000_000)
    assert article.title is None and article.title_span is None
    assert len(article.paragraphs) == 3  # a wrapped first line is no title
    label = article.display_title
    assert label == f"Die Gemeinde Altmühlheim hat am Dienstag … {UNTITLED_MARK}"
    assert label not in _sentences(article)[0]
    # what the sentences are embedded after stays the lead's first twelve words
    assert article.context_title == (
        "Die Gemeinde Altmühlheim hat am Dienstag beschlossen, "
        "das ehemalige Bahnhofsgebäude in ein …"
    )


def test_first_line_that_is_a_sentence_is_no_title() -> None:
    article = read_article(ARTICLES / "wiesental_satz.txt", 1_000_000)
    assert article.title is None
    assert _sentences(article)[0] == "Der Stadtrat von Wiesental hat den Haushalt beschlossen."
    assert article.display_title.endswith(UNTITLED_MARK)
