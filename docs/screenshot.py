"""Take docs/screenshot.png from a running demo (`make run`), in Arabic, with Debian's Chromium.

    .venv/bin/python docs/screenshot.py [http://127.0.0.1:8000]
"""
from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).with_name("screenshot.png")


def main(base: str = "http://127.0.0.1:8000") -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1200, "height": 760})
        page.goto(base + "/?lang=ar")                 # the demo consultation's page
        page.get_by_role("link", name="الاطلاع على المقترحات").click()   # Read the proposals
        page.screenshot(path=str(OUT))
        browser.close()
    print(f"{OUT}: {OUT.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(*sys.argv[1:2])
