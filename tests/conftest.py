"""Shared fixtures: a real index of the seed articles, built once per test run.

Every test runs offline and away from the user's `index/`: an autouse fixture
points the index and uploads at temporary folders, and any socket connection to
a non-loopback address fails the test.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from assistant.config import Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CHAT = ROOT / "tests" / "data" / "chat"
PADDING = ROOT / "tests" / "data" / "padding"

_real_connect = socket.socket.connect


def _loopback_only(self: socket.socket, address: object) -> object:
    host = address[0] if isinstance(address, tuple) else str(address)
    if self.family in (socket.AF_INET, socket.AF_INET6) and host not in (
        "127.0.0.1",
        "localhost",
        "::1",
    ):
        raise AssertionError(f"test tried to reach the network: {address!r}")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def _offline_and_isolated(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(base / "index"))
    monkeypatch.setenv("ASSISTANT_UPLOADS_DIR", str(base / "uploads"))
    monkeypatch.setenv("ASSISTANT_SEEDS_DIR", str(SEEDS))
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "CHROMA_HOST"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)


def _index_settings(factory: pytest.TempPathFactory, name: str, articles: Path) -> Settings:
    """Settings of a fresh index (and uploads folder) for the articles in `articles`."""
    base = factory.mktemp(name)
    return load_settings().with_(
        index_dir=base / "index", uploads_dir=base / "uploads", seeds_dir=articles
    )


def _indexed(settings: Settings):  # noqa: ANN202
    """An `Assistant` over a real Chroma index of `settings.seeds_dir`, with the real model."""
    from assistant.core import Assistant

    assistant = Assistant(settings)
    report = assistant.ingest([settings.seeds_dir])
    assert not report.errors, report.errors
    return assistant


@pytest.fixture(scope="session")
def seeded_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings of an index that holds the two seed articles."""
    return _index_settings(tmp_path_factory, "seeded", SEEDS)


@pytest.fixture(scope="session")
def seeded(seeded_settings: Settings):  # noqa: ANN201
    """An `Assistant` over a real Chroma index of `seeds/`, with the real model."""
    return _indexed(seeded_settings)


@pytest.fixture(scope="session")
def observatory_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings of an index that holds `tests/data/chat/`, an article written for chat tests.

    It reports a comet found in 2019 (paragraph 2) beside other times ("am Mittwoch",
    "am Nachmittag", "Am Donnerstag", "im Herbst 2031"), and where the observatory's head
    Mara Lindqvist worked before, beside the mayor Georg Wallner.
    """
    return _index_settings(tmp_path_factory, "observatory", CHAT)


@pytest.fixture(scope="session")
def observatory(observatory_settings: Settings):  # noqa: ANN201
    """An `Assistant` over a real Chroma index of `tests/data/chat/`, with the real model."""
    return _indexed(observatory_settings)


@pytest.fixture(scope="session")
def solar(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    """An `Assistant` over a real index of `tests/data/padding/`, an article written for the
    padding tests: a town's facts in separate paragraphs beside a sentence that opens an
    enumeration ("aus zwei Hauptgründen. Erstens … Zweitens …")."""
    return _indexed(_index_settings(tmp_path_factory, "padding", PADDING))


@pytest.fixture(scope="session")
def real_llm(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest):  # noqa: ANN201
    """llama.cpp's server with Qwen2.5-Coder-0.5B on 127.0.0.1, for the whole session.

    Skipped with the reason when the `[llm-test]` extra is not installed; fails with
    the command that rebuilds llama.cpp when it is installed but cannot generate here.
    """
    import real_llm
    from helpers import free_port

    if reason := real_llm.missing():
        pytest.skip(reason)
    model = real_llm.model_file(request.config.cache.mkdir("llm-model"))
    if reason := real_llm.broken(model):
        pytest.fail(reason)  # installed but cannot run: a failure, not a skip
    log = tmp_path_factory.mktemp("llm-server") / "server.log"
    with real_llm.running_server(model, free_port(), log) as server:
        yield server
