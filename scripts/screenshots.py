"""`make screenshots`: pictures of the demo's main pages for the README, made from the
fictional demo data in a data directory of their own, so they stay current.

Loads the demo into a temporary data directory, starts `innocence serve` on a free port,
signs in with Playwright and Debian's Chromium (/usr/bin/chromium) and writes PNGs to
docs/screenshots/. Nothing here touches ./var or any real data."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
INNOCENCE = str(ROOT / ".venv" / "bin" / "innocence")
CHROMIUM = "/usr/bin/chromium"

#: file name, user, path, what the picture shows (README alt text)
SHOTS = (
    ("sign-in.png", None, "/login/", "The sign-in page, listing the demo accounts"),
    ("dashboard.png", "attorney", "/", "An attorney's dashboard"),
    ("case-list.png", "attorney", "/cases/", "The case list"),
    ("case-overview.png", "attorney", "/cases/LIC-DEMO-001/", "A case's overview"),
    ("case-documents.png", "attorney", "/cases/LIC-DEMO-001/documents/", "A case's documents"),
    ("case-witnesses.png", "attorney", "/cases/LIC-DEMO-001/witnesses/", "The Witness lens"),
    ("viewer.png", "attorney", "VIEWER", "The page viewer"),
    ("search.png", "attorney", "/search/?q=kessler", "Search across the record"),
    ("actors.png", "attorney", "/people/actors/", "The actor index"),
    ("intake.png", "intake", "/intake/", "The intake queue"),
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise SystemExit(f"screenshots: the web app did not start on port {port}")


def main() -> int:
    if not Path(CHROMIUM).exists():
        print("screenshots: Chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    from innocence.core.demo import DEMO_PASSWORD

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="innocence-screenshots-") as data:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
        env.update(INNOCENCE_DATA_DIR=data, INNOCENCE_DEMO="1")
        for step in (["migrate", "--no-input"], ["demo"]):
            subprocess.run([INNOCENCE, *step], env=env, check=True, stdout=subprocess.DEVNULL)
        port = _free_port()
        server = subprocess.Popen(
            [INNOCENCE, "serve", "--port", str(port), "--workers", "1", "--no-worker"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_for(port)
            base = f"http://127.0.0.1:{port}"
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
                for name, user, path, _what in SHOTS:
                    context = browser.new_context(viewport={"width": 1280, "height": 860})
                    page = context.new_page()
                    if user:
                        page.goto(base + "/login/")
                        page.fill("#id_username", user)
                        page.fill("#id_password", DEMO_PASSWORD)
                        page.click("button[type=submit]")
                        page.wait_for_url(base + "/")
                    if path == "VIEWER":
                        page.goto(base + "/cases/LIC-DEMO-001/documents/")
                        page.click(".doc-table a:has-text('Incident report')")
                        page.wait_for_load_state()
                        path = (
                            page.url.replace(base, "").split("?")[0].rstrip("/") + "/view/?page=1&q=Kessler"
                        )
                    page.goto(base + path)
                    page.wait_for_load_state("networkidle")
                    page.screenshot(path=str(OUT / name), full_page=False)
                    print(f"docs/screenshots/{name}")
                    context.close()
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
