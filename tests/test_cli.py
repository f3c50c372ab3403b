"""The command line, run as a user would (a real process, a real index)."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import run_cli

from assistant.config import Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent


def test_ask_json(seeded_settings: Settings, seeded: object) -> None:
    done = run_cli(["ask", "What did Hanoi and Moscow sign?", "--json"], seeded_settings.index_dir)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["mode"] == "extractive" and not data["refused"]
    assert any("zehn Partnerschaften" in c["quote"] for c in data["citations"])


def test_ingest_reports_unchanged_and_errors(
    seeded_settings: Settings, seeded: object, tmp_path: Path
) -> None:
    done = run_cli(["ingest", str(ROOT / "seeds")], seeded_settings.index_dir)
    assert done.returncode == 0, done.stderr
    assert "0 added" in done.stdout and "2 unchanged" in done.stdout
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01")
    bad = run_cli(["ingest", str(tmp_path / "bad.txt")], seeded_settings.index_dir)
    assert bad.returncode == 1 and "bad.txt" in bad.stderr and "Traceback" not in bad.stderr


def test_ask_on_missing_index_says_what_to_do(tmp_path: Path) -> None:
    empty = Settings(index_dir=tmp_path / "nothing")
    done = run_cli(["ask", "What did Hanoi and Moscow sign?"], empty.index_dir)
    assert done.returncode == 0
    assert "assistant ingest" in done.stdout


def test_eval_with_a_missing_question_file_says_so(tmp_path: Path) -> None:
    done = run_cli(["eval", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path)], tmp_path / "i")
    assert done.returncode == 2 and "nope.jsonl" in done.stderr
    assert "Traceback" not in done.stderr


def test_eval_on_an_empty_index_says_what_to_do(tmp_path: Path) -> None:
    questions = ROOT / "eval" / "questions.jsonl"
    done = run_cli(["eval", str(questions), "--out", str(tmp_path / "out")], tmp_path / "i")
    assert done.returncode == 2 and "assistant ingest" in done.stderr
    assert not (tmp_path / "out").exists()


def test_ask_puts_the_web_apps_heading_over_a_refusal(
    observatory_settings: Settings, observatory: object
) -> None:
    done = run_cli(
        ["ask", "Who won the football world cup in 2022?"], observatory_settings.index_dir
    )
    assert done.returncode == 0, done.stderr
    mode, heading, answer = done.stdout.split("\n\n")[:3]
    assert heading == "The articles don't say"
    assert answer.startswith("The articles don't say:") and "football" in answer
    answered = run_cli(["ask", "Who discovered Kaltenberg-3?"], observatory_settings.index_dir)
    assert "The articles don't say" not in answered.stdout
    assert answered.stdout.split("\n\n")[1].startswith("The articles say:")


def test_ask_puts_the_web_apps_heading_over_a_conflict(tmp_path: Path) -> None:
    from assistant.core import Assistant

    articles = ROOT / "tests" / "data" / "conflicts"
    settings = load_settings().with_(index_dir=tmp_path / "index", uploads_dir=tmp_path / "uploads")
    assert not Assistant(settings).ingest([articles]).errors
    question = "How many wind turbines will the Nordlicht wind farm have?"
    done = run_cli(["ask", question], settings.index_dir)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n\n")[1] == "Sources disagree"
    assert "200" in done.stdout and "180" in done.stdout
