"""Against a real Chroma server (`chroma run`): two assistants and another process share it.

The seeds go in through one `Assistant`, a second one answers, and an article ingested
by a separate `python -m assistant ingest` process becomes visible to the second,
already-open assistant once its retriever is refreshed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import free_port, stop

from assistant.config import Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
STARTUP_TIMEOUT = 20.0

NEW_ARTICLE = """Neuer Leuchtturm auf Helgoland eröffnet

(Helgoland) Die Gemeinde Helgoland hat am Montag den neuen Leuchtturm Quendelhorn eröffnet.

Der Leuchtturm Quendelhorn ist 48 Meter hoch und wurde von der Architektin Ilse Varnhagen entworfen.

Die Baukosten lagen nach Angaben der Gemeinde bei rund zwölf Millionen Euro.
"""


def _chroma_cli() -> str | None:
    found = shutil.which("chroma")
    if found:
        return found
    local = Path(sys.executable).parent / "chroma"
    return str(local) if local.exists() else None


def _wait_until_up(port: int, server: subprocess.Popen[bytes]) -> None:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    deadline = time.monotonic() + STARTUP_TIMEOUT
    last: Exception | None = None
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"`chroma run` exited early with code {server.returncode}")
        try:
            client = chromadb.HttpClient(
                host="127.0.0.1", port=port, settings=ChromaSettings(anonymized_telemetry=False)
            )
            client.heartbeat()
            return
        except Exception as exc:  # not listening yet
            last = exc
            time.sleep(0.2)
    pytest.fail(f"the Chroma server did not answer within {STARTUP_TIMEOUT:.0f} s: {last}")


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[int]:
    """A `chroma run` server on a free loopback port; terminated however the test ends."""
    cli = _chroma_cli()
    if cli is None:
        pytest.skip("the `chroma` command (from the chromadb package) is not installed")
    port = free_port()
    log = (tmp_path / "chroma.log").open("wb")
    command = [cli, "run", "--path", str(tmp_path / "chroma"), "--host", "127.0.0.1"]
    server = subprocess.Popen(
        [*command, "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=dict(os.environ, ANONYMIZED_TELEMETRY="False"),
    )
    try:
        _wait_until_up(port, server)
        yield port
    finally:
        stop(server)
        log.close()


def _settings(port: int) -> Settings:
    return load_settings().with_(chroma_host="127.0.0.1", chroma_port=port)


def test_assistants_and_another_process_share_a_chroma_server(
    chroma_server: int, tmp_path: Path
) -> None:
    from assistant.core import Assistant

    port = chroma_server
    writer = Assistant(_settings(port))
    report = writer.ingest([SEEDS])
    assert not report.errors, report.errors
    assert len(report.added) == 2 and report.chunks_embedded > 0

    reader = Assistant(_settings(port).with_(sync_seconds=0.0))
    assert reader.store.count() == writer.store.count() > 0
    answer = reader.ask("What did Hanoi and Moscow sign?")
    assert not answer.refused, answer.answer
    assert any("zehn Partnerschaften" in c.quote for c in answer.citations), answer.citations

    # Another process ingests a new article into the same server.
    article = tmp_path / "leuchtturm.txt"
    article.write_text(NEW_ARTICLE, encoding="utf-8")
    env = dict(os.environ, CHROMA_HOST="127.0.0.1", CHROMA_PORT=str(port))
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "ingest", str(article)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "1 added" in done.stdout, done.stdout

    # The already-open reader notices the new article on its next question.
    answer = reader.ask("Wie hoch ist der Leuchtturm Quendelhorn?")
    assert "leuchtturm.txt" in {a.source for a in reader.articles()}
    assert any("48 Meter" in c.quote for c in answer.citations), answer.answer
