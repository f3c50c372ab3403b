"""The README stays true: its two commands, its CLI usage and its settings."""

from __future__ import annotations

import re

from helpers import ROOT

from assistant.cli import build_parser

README = (ROOT / "README.md").read_text("utf-8")
BLOCKS = re.findall(r"```(?:bash)?\n(.*?)```", README, re.S)


def test_readme_starts_with_the_two_commands() -> None:
    setup, tests = BLOCKS[0].strip(), BLOCKS[1].strip()
    assert README.index(setup) < README.index("## ")
    assert setup.endswith("pip install -e . && python app.py")
    assert tests.endswith('pip install -e ".[dev]" && python -m pytest')
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert 'pip install -q -e ".[dev]"' in ci and "python -m pytest" in ci


def test_cli_usage_in_the_readme_matches_the_parser() -> None:
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    usage = next(b for b in BLOCKS if b.startswith("assistant ingest"))
    for line in usage.strip().splitlines():
        words = line.split("#")[0].split()
        assert words[0] == "assistant" and words[1] in commands, line
        flags = {o for a in commands[words[1]]._actions for o in a.option_strings}
        for flag in re.findall(r"--[a-z-]+", line):
            assert flag in flags, (line, flag)
    assert set(commands) == {line.split()[1] for line in usage.strip().splitlines()}


def test_every_setting_is_documented() -> None:
    source = (ROOT / "assistant" / "config.py").read_text("utf-8")
    for name in set(re.findall(r'"((?:ASSISTANT|CHROMA|OPENAI)_[A-Z_]+)"', source)):
        assert f"`{name}`" in README, name
