"""Article parsing: title, dateline, footer, paragraphs, sentences, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.ingest.articles import ArticleError, parse_article, read_article
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
