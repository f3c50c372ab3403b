"""Start-up indexing: the seeds folder is brought up to date while the page is served.

`SeedIndexing` runs `Assistant.ingest` over the seeds folder in a background
thread, then warms the answer path up. Meanwhile the page shows its progress
(`status`) and, on a first start (an empty index), the chat says it is still
indexing instead of answering (`ready`). A restart answers from the stored index
at once while new or changed files are added.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.core import Assistant
    from assistant.index.ingest import IngestReport

log = logging.getLogger(__name__)


class SeedIndexing:
    """Indexes new or changed files of `folder` in a thread, and tells how far it got."""

    def __init__(self, assistant: Assistant, folder: Path) -> None:
        self.assistant = assistant
        self.folder = folder
        self.had_articles = bool(assistant.articles())
        self.done = threading.Event()
        self.embedded = 0
        self.total = 0
        self.report: IngestReport | None = None
        self.error: str | None = None

    @property
    def ready(self) -> bool:
        """Whether questions can be answered: indexing is over or the index had articles."""
        return self.had_articles or self.done.is_set()

    def status(self) -> str | None:
        """A line for the page while indexing runs (None once it is over)."""
        if self.done.is_set():
            return None
        if not self.total:
            return f"Checking {self.folder.name}/ for new articles…"
        return f"Indexing new articles: {self.embedded} of {self.total} passages embedded…"

    def start(self) -> threading.Thread:
        """Index (then warm up) in a daemon thread; returns it."""
        thread = threading.Thread(target=self.run, name="seed-indexing", daemon=True)
        thread.start()
        return thread

    def run(self) -> None:
        """Index the folder, print the outcome, then warm the answer path up."""
        try:
            if self.folder.is_dir():
                print(f"Indexing new or changed articles in {self.folder} ...", flush=True)
                self.report = self.assistant.ingest([self.folder], progress=self._progress)
                for error in self.report.errors:
                    print(f"error: {error}", flush=True)
                print(self.report.summary(), flush=True)
        except Exception as exc:  # the app keeps serving what is indexed
            self.error = f"{type(exc).__name__}: {exc}"
            print(f"error: indexing {self.folder} failed: {self.error}", flush=True)
        finally:
            self.done.set()
        print("Ready to answer questions.", flush=True)
        try:
            self.assistant.warm_up()
        except Exception as exc:  # only a head start: the first question loads what it needs
            log.warning("warm-up failed: %s", exc)

    def _progress(self, done: int, total: int) -> None:
        self.embedded, self.total = done, total
