"""`serve(settings)`: the web app's start-up, with the page served first.

The page is up as soon as Gradio and the index are open (a restart: about the
time `import gradio` takes); the seeds folder is indexed behind it
(`startup.SeedIndexing`), with its progress in the page header.
"""

from __future__ import annotations

from importlib import resources

import gradio as gr

from assistant.config import Settings
from assistant.web import ui_render as render
from assistant.web.startup import SeedIndexing
from assistant.web.ui import build_app


def _css() -> str:
    return resources.files("assistant.web").joinpath("ui.css").read_text("utf-8")


def _theme() -> gr.themes.Base:
    system = ["ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"]
    return gr.themes.Soft(
        primary_hue="indigo",
        neutral_hue="slate",
        font=system,
        font_mono=["ui-monospace", "SFMono-Regular", "Consolas", "monospace"],
    )


def serve(settings: Settings) -> None:
    """Serve the app, bring the index up to date with the seeds folder, run until stopped.

    Articles dropped into the folder since the last start are indexed after the
    page is up; unchanged ones are skipped unread by their stored hash.
    """
    from assistant.core import Assistant

    assistant = Assistant(settings)
    startup = SeedIndexing(assistant, settings.seeds_dir)
    app = build_app(assistant, startup)
    app.queue(default_concurrency_limit=4)  # ask() is thread-safe; the model has its lock
    _, url, _ = app.launch(
        server_name=settings.host,
        server_port=settings.port,
        prevent_thread_lock=True,
        theme=_theme(),
        css=_css(),
        js=render.PAGE_JS,
        footer_links=[],
        run_history=False,
        ssr_mode=False,
        mcp_server=False,
        show_error=True,
        quiet=True,
        max_file_size=max(settings.max_file_bytes * 10, 10_000_000),
    )
    print(f"{render.PRODUCT} is running at {url}", flush=True)
    startup.start()
    app.block_thread()
