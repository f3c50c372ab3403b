"""Starting the app: articles dropped into the seeds folder are indexed at start."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import SEEDS, running_app

from assistant.config import load_settings
from assistant.core import Assistant

NEW = (
    "Neue Fähre für Quellhausen\n"
    "Die Stadt Quellhausen nahm am Freitag eine neue Fähre in Betrieb.\n"
)


def test_restart_indexes_new_seed_articles_and_skips_unchanged(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    with running_app(tmp_path, ASSISTANT_SEEDS_DIR=str(seeds)) as app:
        assert "2 added" in Path(app["log"]).read_text()
    (seeds / "faehre.txt").write_text(NEW, "utf-8")
    with running_app(tmp_path, ASSISTANT_SEEDS_DIR=str(seeds)) as app:
        log = Path(app["log"]).read_text()
        assert "1 added" in log and "2 unchanged" in log
    assistant = Assistant(load_settings().with_(index_dir=tmp_path / "index"))
    assert "faehre.txt" in {a.source for a in assistant.articles()}
    answer = assistant.ask("Was nahm Quellhausen am Freitag in Betrieb?")
    assert any("Fähre" in c.quote for c in answer.citations)
