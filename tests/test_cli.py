"""The command line, run as a user would (a real process, a real index)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from assistant.config import Settings

ROOT = Path(__file__).resolve().parent.parent


def _run(args: list[str], settings: Settings) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, ASSISTANT_INDEX_DIR=str(settings.index_dir))
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_ask_json(seeded_settings: Settings, seeded: object) -> None:
    done = _run(["ask", "What did Vietnam and Russia sign?", "--json"], seeded_settings)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["mode"] == "extractive" and not data["refused"]
    assert any("zehn Partnerschaften" in c["quote"] for c in data["citations"])


def test_ingest_reports_unchanged_and_errors(
    seeded_settings: Settings, seeded: object, tmp_path: Path
) -> None:
    done = _run(["ingest", str(ROOT / "seeds")], seeded_settings)
    assert done.returncode == 0, done.stderr
    assert "0 added" in done.stdout and "2 unchanged" in done.stdout
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01")
    bad = _run(["ingest", str(tmp_path / "bad.txt")], seeded_settings)
    assert bad.returncode == 1 and "bad.txt" in bad.stderr and "Traceback" not in bad.stderr


def test_ask_on_missing_index_says_what_to_do(tmp_path: Path) -> None:
    empty = Settings(index_dir=tmp_path / "nothing")
    done = _run(["ask", "What did Vietnam and Russia sign?"], empty)
    assert done.returncode == 0
    assert "assistant ingest" in done.stdout
