"""`import gradio` after `assistant.web` skips Gradio's stub writer and still works."""

from __future__ import annotations

import subprocess
import sys

from helpers import ROOT

CHECK = (
    "import assistant.web, gradio as gr, gradio.component_meta as meta; "
    "print(meta.create_or_modify_pyi.__name__); "
    "print(gr.Textbox(value='x', elem_id='q').elem_id)"
)


def test_gradio_imported_after_the_web_package_skips_its_stub_writer() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHECK], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["_no_stub", "q"]


def test_the_hook_is_installed_once() -> None:
    from assistant.web.fast_import import _Finder, skip_gradio_stub_writing

    skip_gradio_stub_writing()
    skip_gradio_stub_writing()
    assert sum(isinstance(f, _Finder) for f in sys.meta_path) <= 1
