#!/usr/bin/env python
"""Screenshots of the web app for the README, taken in headless Chromium.

Starts the app on a loopback port with a throw-away database and no model (answers come from the
offline templates, as they do without a configured model), then saves to docs/screenshots/:

  upload.png  the upload page
  review.png  examples/example-review.pdf with the page-5 TBL-004 finding selected and highlighted,
              after one chat question and one 起草整改措施 answer
  error.png   the message for an upload that cannot be read (an encrypted PDF)

Usage: python scripts/screenshots.py [--out DIR] [--chromium PATH]
Needs the dev dependencies (playwright, pytest, reportlab, pypdf) and a Chromium; Playwright's own
browser download is not used.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SIZE = {"width": 1500, "height": 950}
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FINDING_RULE, FINDING_PAGE = "TBL-004", 5
QUESTION = "第5页有什么问题？"
MAX_BYTES = 400 * 1024


def save(page, path: Path) -> None:
    """A PNG of the viewport, optimised (and reduced to a palette if still too large)."""
    from PIL import Image

    image = Image.open(io.BytesIO(page.screenshot(full_page=False)))
    image.save(path, format="PNG", optimize=True)
    if path.stat().st_size > MAX_BYTES:
        image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, format="PNG", optimize=True)
    print(f"{path}  {image.width}×{image.height}  {path.stat().st_size // 1024} KB")


def take(url: str, out: Path, chromium: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    from tests.web.conftest import EXAMPLE, encrypted_pdf

    with sync_playwright() as p:
        # Chromium's own labels (the file chooser's 选择文件) follow LANGUAGE when chromium-l10n is installed.
        browser = p.chromium.launch(executable_path=chromium, args=ARGS, env={**os.environ, "LANGUAGE": "zh_CN:zh"})
        try:
            context = browser.new_context(base_url=url, viewport=SIZE, locale="zh-CN", device_scale_factor=1)
            context.set_default_timeout(30_000)
            page = context.new_page()

            page.goto("/")
            save(page, out / "upload.png")

            page.set_input_files("#file", str(EXAMPLE))
            page.click("#upload-button")
            page.wait_for_url("**/reviews/*", timeout=120_000)
            link = page.locator(f'a.finding[data-page="{FINDING_PAGE}"]', has_text=FINDING_RULE).first
            link.click()
            page.wait_for_url("**?finding=*")
            page.wait_for_function("() => { const i = document.getElementById('page-image'); return i && i.complete && i.naturalWidth > 0; }")
            expect(page.locator("#highlight")).to_be_visible()

            turns = page.locator("#history li.turn")
            page.fill("#question", QUESTION)
            page.click("#ask")
            expect(turns.nth(0).locator(".src")).to_be_visible()
            page.locator("#detail button.action[data-action=draft]").click()
            expect(turns.nth(1).locator(".src")).to_be_visible()
            turns.nth(1).scroll_into_view_if_needed()
            page.locator("#highlight").scroll_into_view_if_needed()
            page.wait_for_timeout(300)  # let smooth scrolling settle
            save(page, out / "review.png")

            page.goto("/")
            page.set_input_files("#file", files=[{"name": "2025年度部门决算（加密）.pdf", "mimeType": "application/pdf", "buffer": encrypted_pdf()}])
            page.click("#upload-button")
            expect(page.locator("#upload-error")).to_be_visible()
            save(page, out / "error.png")
            context.close()
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args(argv)

    from tests.web.conftest import make_app, serve_in_thread

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="fiscal-review-shots-") as tmp:
        app = make_app(Path(tmp) / "reviews.sqlite3", chat=False)
        try:
            with serve_in_thread(app.asgi) as url:
                take(url, args.out, args.chromium)
        finally:
            app.reviewer.close()
            app.store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
