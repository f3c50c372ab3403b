"""Starting the app: the page is served first, the seeds folder is indexed behind it.

On a first start (an empty index) the header shows the indexing progress and the
chat says it is still indexing until the articles are in; a restart indexes only
articles dropped into the seeds folder since.
"""

from __future__ import annotations

import json
import shutil
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from helpers import READY, SEEDS, running_app, wait_for_log

from assistant.config import load_settings
from assistant.core import Assistant
from assistant.web.startup import SeedIndexing
from assistant.web.ui import build_app

NEW = (
    "Neue Fähre für Quellhausen\n"
    "Die Stadt Quellhausen nahm am Freitag eine neue Fähre in Betrieb.\n"
)
QUESTION = "What did Hanoi and Moscow sign?"


def _call(url: str, event: str, *inputs: object) -> list[Any]:
    """The final outputs of a page event called through Gradio's HTTP API, as a browser would."""
    request = urllib.request.Request(
        f"{url}gradio_api/call/{event}",
        data=json.dumps({"data": list(inputs)}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        event_id = json.load(response)["event_id"]
    with urllib.request.urlopen(f"{url}gradio_api/call/{event}/{event_id}", timeout=60) as stream:
        lines = stream.read().decode("utf-8").splitlines()
    return json.loads([line for line in lines if line.startswith("data: ")][-1][6:])


def _header(url: str) -> str:
    return _call(url, "documents")[2]  # the header a page load shows


def _reply(url: str) -> str:
    chat = _call(url, "respond", QUESTION, [])[0]
    return chat[-1]["content"][0]["text"]


def test_first_start_serves_the_page_while_indexing_and_restart_adds_new_seeds(
    tmp_path: Path,
) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    with running_app(tmp_path, ready=False, ASSISTANT_SEEDS_DIR=str(seeds)) as app:
        log = Path(app["log"])
        assert "chunks embedded" not in log.read_text()  # the page is up before the index
        header = _header(app["url"])
        assert "0 articles indexed" in header
        assert "Checking seeds/ for new articles" in header or "passages embedded" in header
        assert "Still indexing the articles" in _reply(app["url"])
        wait_for_log(app["process"], log, READY)
        assert "2 added" in log.read_text()
        header = _header(app["url"])
        assert "2 articles indexed" in header and "indexing" not in header
        assert "Partnerschaften" in _reply(app["url"])
    (seeds / "faehre.txt").write_text(NEW, "utf-8")
    with running_app(tmp_path, ASSISTANT_SEEDS_DIR=str(seeds)) as app:
        log_text = Path(app["log"]).read_text()
        assert "1 added" in log_text and "2 unchanged" in log_text
    assistant = Assistant(load_settings().with_(index_dir=tmp_path / "index"))
    assert "faehre.txt" in {a.source for a in assistant.articles()}
    answer = assistant.ask("Was nahm Quellhausen am Freitag in Betrieb?")
    assert any("Fähre" in c.quote for c in answer.citations)


def _respond(app: object) -> Callable:
    return next(f.fn for f in app.fns.values() if f.name == "respond")


def test_the_chat_says_it_is_indexing_until_the_first_index_is_ready(tmp_path: Path) -> None:
    assistant = Assistant(load_settings().with_(index_dir=tmp_path / "index"))
    startup = SeedIndexing(assistant, SEEDS)
    respond = _respond(build_app(assistant, startup))
    *_, (chat, box, asked, turn, _sources, header, _panels) = respond(QUESTION, [], [], 0, [])
    assert "Still indexing the articles" in chat[-1]["content"]
    assert "Partnerschaften" not in chat[-1]["content"]
    assert "Checking seeds/ for new articles" in header and box == "" and asked == []
    startup.run()  # what the start-up thread does
    assert startup.ready and sorted(startup.report.added) == sorted(
        p.name for p in SEEDS.glob("*.txt")
    )
    *_, (chat, *_rest) = respond(QUESTION, chat, asked, turn, [])
    assert "Partnerschaften" in chat[-1]["content"]
    assert startup.status() is None


def test_a_restart_answers_from_the_stored_index_while_it_checks_the_seeds(
    seeded: Assistant,
) -> None:
    startup = SeedIndexing(seeded, seeded.settings.seeds_dir)  # not run: still checking
    assert startup.ready
    *_, (chat, *_rest) = _respond(build_app(seeded, startup))(QUESTION, [], [], 0, [])
    assert "Partnerschaften" in chat[-1]["content"]
