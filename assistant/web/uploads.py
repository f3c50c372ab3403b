"""Uploaded article files: copied under a safe name into the uploads folder, then ingested."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.config import Settings
from assistant.web import ui_render as render

if TYPE_CHECKING:
    from assistant.core import Assistant


def ingest_uploads(
    assistant: Assistant, settings: Settings, files: list[str], progress: Callable[..., Any]
) -> str:
    """Copy uploads into the uploads folder, ingest them, and undo the copies that failed."""
    settings.uploads_dir.mkdir(parents=True, exist_ok=True)
    errors, targets, previous = [], [], {}
    for upload in files:
        name = render.safe_name(Path(upload).name)
        target = settings.uploads_dir / name
        if not name or target in targets:
            errors.append(f"{Path(upload).name}: not a usable file name (or uploaded twice)")
            continue
        if target.is_file():
            previous[target] = target.read_bytes()
        shutil.copyfile(upload, target)
        targets.append(target)

    def tick(done: int, total: int) -> None:
        if total:
            progress((done, total), desc="Embedding", unit="chunks")

    report = assistant.ingest(targets, progress=tick)
    ok = set(report.added + report.replaced + report.unchanged)
    for target in targets:
        if target.name not in ok:
            if target in previous:
                target.write_bytes(previous[target])
            else:
                target.unlink(missing_ok=True)
    errors += report.errors
    if errors:
        title = "Some files were not added" if ok else "Not added"
        return render.status_html("error", title, errors + [report.summary()])
    return render.status_html("ok", "Added and ready to cite", [report.summary()])
