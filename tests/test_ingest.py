"""Ingest into a real Chroma index with the real embedding model."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, run_cli

from assistant.config import load_settings
from assistant.core import Assistant

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ARTICLE = (
    "Titel des Testartikels\nDie Stadt Quellhausen eröffnete am Montag eine neue Brücke. "
    "Der Bürgermeister sprach von einem großen Tag.\nDie Brücke kostete zwölf Millionen Euro.\n"
)


@pytest.fixture()
def fresh(tmp_path: Path) -> Assistant:
    return Assistant(load_settings().with_(index_dir=tmp_path / "index"))


def _ids(assistant: Assistant) -> set[str]:
    return set(assistant.store.chunks.get(include=[])["ids"])


def test_ingest_twice_changes_nothing(fresh: Assistant) -> None:
    first = fresh.ingest([SEEDS])
    count, ids = fresh.store.count(), _ids(fresh)
    second = fresh.ingest([SEEDS])
    assert sorted(first.added) == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert second.chunks_embedded == 0 and len(second.unchanged) == 2
    assert fresh.store.count() == count and _ids(fresh) == ids


def test_changed_file_replaces_only_its_chunks(fresh: Assistant, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SEEDS / "000_638b26e359cf2edd.txt", docs)
    (docs / "bruecke.txt").write_text(ARTICLE, "utf-8")
    fresh.ingest([docs])
    seed_ids = fresh.store.chunk_ids("000_638b26e359cf2edd.txt")
    old_ids = fresh.store.chunk_ids("bruecke.txt")
    (docs / "bruecke.txt").write_text(ARTICLE.replace("zwölf", "dreizehn"), "utf-8")
    report = fresh.ingest([docs])
    assert report.replaced == ["bruecke.txt"]
    assert fresh.store.chunk_ids("000_638b26e359cf2edd.txt") == seed_ids
    new_ids = fresh.store.chunk_ids("bruecke.txt")
    assert new_ids != old_ids and len(new_ids) == len(old_ids)
    answer = fresh.ask("Wie viel kostete die Brücke in Quellhausen?")
    assert "dreizehn" in answer.answer and "zwölf" not in answer.answer


def test_prune_removes_articles_no_longer_given(fresh: Assistant, tmp_path: Path) -> None:
    fresh.ingest([SEEDS])
    only = tmp_path / "only"
    only.mkdir()
    shutil.copy(SEEDS / "001_a4e8ecf6f88ecfcf.txt", only)
    report = fresh.ingest([only], prune=True)
    assert report.removed == ["000_638b26e359cf2edd.txt"]
    assert [a.source for a in fresh.articles()] == ["001_a4e8ecf6f88ecfcf.txt"]
    assert fresh.store.chunk_ids("000_638b26e359cf2edd.txt") == set()


def test_bad_files_are_reported_and_change_nothing(fresh: Assistant, tmp_path: Path) -> None:
    fresh.ingest([SEEDS])
    before = _ids(fresh)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "binary.txt").write_bytes(b"\x00\xff\x00")
    (bad / "latin1.txt").write_bytes("Grüße".encode("latin-1"))
    (bad / "empty.md").write_text("", "utf-8")
    report = fresh.ingest([bad, tmp_path / "missing-folder"])
    assert len(report.errors) == 4
    assert any("binary.txt" in e for e in report.errors)
    assert any("latin1.txt" in e and "UTF-8" in e for e in report.errors)
    assert any("missing-folder" in e for e in report.errors)
    assert _ids(fresh) == before


def test_interrupted_update_is_invisible_and_repaired(fresh: Assistant, tmp_path: Path) -> None:
    """Chunks written before the article record (a crash midway) are ignored, then cleaned."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "bruecke.txt").write_text(ARTICLE, "utf-8")
    fresh.ingest([docs])
    from assistant.ingest.articles import parse_article
    from assistant.ingest.chunking import article_nodes, embed_text

    changed = parse_article("bruecke.txt", ARTICLE.replace("zwölf", "dreizehn").encode())
    nodes = article_nodes(changed)
    for node in nodes:  # the crash: new chunks stored, article record not yet updated
        node.embedding = fresh.embedder.get_text_embedding(embed_text(node))
    fresh.store.add_nodes(nodes)
    fresh.library.refresh()
    answer = fresh.ask("Wie viel kostete die Brücke in Quellhausen?")
    assert "dreizehn" not in answer.answer
    for c in answer.citations:
        assert fresh.library.articles()[c.source].text[c.start : c.end] == c.quote
    (docs / "bruecke.txt").write_text(ARTICLE.replace("zwölf", "dreizehn"), "utf-8")
    report = fresh.ingest([docs])
    assert report.chunks_embedded == 0  # the crashed run's chunks are reused
    assert fresh.store.chunk_ids("bruecke.txt") == {n.node_id for n in nodes}


def test_two_files_with_the_same_text_keep_their_own_chunks(
    fresh: Assistant, tmp_path: Path
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(ARTICLE, "utf-8")
    (docs / "b.txt").write_text(ARTICLE, "utf-8")
    fresh.ingest([docs])
    a, b = fresh.store.chunk_ids("a.txt"), fresh.store.chunk_ids("b.txt")
    assert a and b and not a & b and fresh.store.count() == len(a) + len(b)
    assert fresh.ingest([docs]).chunks_embedded == 0


def test_unchanged_files_are_skipped_unchunked_and_a_new_recipe_embeds_nothing(
    fresh: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    import assistant.index.ingest as ingest_module
    from assistant.ingest.chunking import recipe

    fresh.ingest([SEEDS])
    ids = _ids(fresh)
    assert {a.recipe for a in fresh.store.list_articles()} == {recipe()}

    def chunked(article: object) -> None:
        raise AssertionError(f"{article} was chunked again")

    with monkeypatch.context() as patch:
        patch.setattr(ingest_module, "article_chunks", chunked)
        again = fresh.ingest([SEEDS])
    assert len(again.unchanged) == 2 and again.chunks_embedded == 0
    with monkeypatch.context() as patch:  # e.g. a new country list: ids recomputed, all equal
        patch.setattr(ingest_module, "recipe", lambda: "another-recipe")
        rechunked = fresh.ingest([SEEDS])
        assert {a.recipe for a in fresh.store.list_articles()} == {"another-recipe"}
    assert len(rechunked.unchanged) == 2 and rechunked.chunks_embedded == 0
    assert _ids(fresh) == ids


def test_a_restart_over_unchanged_files_does_not_load_llama_index(tmp_path: Path) -> None:
    index = tmp_path / "index"
    assert run_cli(["ingest", str(SEEDS)], index).returncode == 0
    restart = (
        "import sys; from pathlib import Path; from assistant.config import load_settings; "
        "from assistant.core import Assistant; "
        f"print(Assistant(load_settings()).ingest([Path({str(SEEDS)!r})]).summary()); "
        "print(sorted(set(sys.modules) & {'llama_index.core', 'wordfreq'}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", restart],
        cwd=ROOT,
        env=dict(os.environ, ASSISTANT_INDEX_DIR=str(index)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "2 unchanged" in done.stdout and "0 chunks embedded" in done.stdout
    assert done.stdout.strip().endswith("[]"), done.stdout
