"""Process helpers shared by the tests: free ports, the CLI, the running app."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
_FOREIGN = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "CHROMA_HOST", "ASSISTANT_HOST")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_cli(args: list[str], index_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -m assistant ARGS` against `index_dir`, as a user would run it."""
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        cwd=ROOT,
        env=dict(os.environ, ASSISTANT_INDEX_DIR=str(index_dir), **env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def stop(proc: subprocess.Popen) -> None:
    """Terminate a process, killing it if it does not exit within 10 s."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


READY = "Ready to answer questions."  # what the app logs once its seeds are indexed


def wait_for_log(proc: subprocess.Popen, log: Path, text: str, seconds: float = 120) -> None:
    """Wait until `text` is in the process's `log`; fail if it exits or takes too long."""
    deadline = time.monotonic() + seconds
    while text not in log.read_text():
        if proc.poll() is not None or time.monotonic() > deadline:
            pytest.fail(
                f"the app never said {text!r} ({proc.returncode}):\n{log.read_text()[-3000:]}"
            )
        time.sleep(0.2)


@contextmanager
def running_app(base: Path, ready: bool = True, **env: str) -> Iterator[dict[str, object]]:
    """`python app.py` on a free port with its index and uploads under `base`.

    Starts with the default host unless `ASSISTANT_HOST` is given; yields the URL,
    port, uploads folder, log and process once the app says it is running and,
    with `ready`, that it has indexed its seeds folder.
    """
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if k not in _FOREIGN}
    environment.update(
        ASSISTANT_INDEX_DIR=str(base / "index"),
        ASSISTANT_UPLOADS_DIR=str(base / "uploads"),
        ASSISTANT_SEEDS_DIR=str(SEEDS),
        ASSISTANT_PORT=str(port),
        PYTHONUNBUFFERED="1",
    )
    environment.update(env)
    log = base / "app.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "app.py"],
            cwd=ROOT,
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_log(proc, log, READY if ready else "is running at")
        yield {
            "url": f"http://127.0.0.1:{port}/",
            "port": port,
            "uploads": base / "uploads",
            "log": log,
            "process": proc,
        }
    finally:
        stop(proc)


@contextmanager
def fake_llm_server() -> Iterator[int]:
    """`fake_openai.app` served by uvicorn in a background thread; yields its port."""
    import fake_openai
    import uvicorn

    port = free_port()
    config = uvicorn.Config(fake_openai.app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    server.config.timeout_graceful_shutdown = 1
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "the fake LLM server did not start"
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=5)
