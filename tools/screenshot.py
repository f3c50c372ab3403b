"""Take the README's screenshot: the app on the seed articles, an answer, its citation open.

    python tools/screenshot.py [--out docs/screenshot.png]

Starts `python app.py` on a free port with a temporary index (as the browser tests
do), asks the README's example question in headless Chromium (Debian's `chromium`,
driven by Playwright), clicks the last citation so the sources panel shows the
highlighted sentence, and saves the page.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from helpers import running_app  # noqa: E402

QUESTION = "What did Vietnam and Russia sign?"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def main() -> None:
    """Command line: start the app, ask, click the citation, save the screenshot."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshot.png"))
    args = parser.parse_args()
    from playwright.sync_api import expect, sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("chromium is not on PATH (apt-get install chromium)")
    with (
        tempfile.TemporaryDirectory() as tmp,
        running_app(Path(tmp)) as app,
        sync_playwright() as p,
    ):
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 760})
        page.goto(str(app["url"]))
        page.locator("#question textarea").fill(QUESTION)
        page.locator("#send").click()
        answer = page.locator("#chat .bot:has(.answer-final)").last
        expect(answer).to_be_visible(timeout=60_000)
        answer.locator(".cite-link").last.click()  # the "zehn Partnerschaften" sentence
        expect(page.locator("#sources-panel .src-para mark").first).to_be_visible()
        page.screenshot(path=args.out)
        browser.close()
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
