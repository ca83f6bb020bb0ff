"""A real headless Chromium on `vanban serve`: the duties page, a search without diacritics, the
document page with the duty highlighted, and a screenshot (build/screenshots/)."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import ROOT
from .test_store import build_fixture, obligation_id, records

CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / "build" / "screenshots"

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = build_fixture(tmp_path_factory.mktemp("browser"))
    port = _free_port()
    exe = shutil.which("vanban", path=str(Path(sys.executable).parent)) or "vanban"
    proc = subprocess.Popen([exe, "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=os.environ.copy())
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=1)
                break
            except OSError:
                if proc.poll() is not None:
                    out = proc.stdout.read().decode() if proc.stdout else ""
                    pytest.fail(f"vanban serve exited: {out[-2000:]}")
                time.sleep(0.2)
        else:
            pytest.fail("vanban serve did not answer in 20 s")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_search_then_open_document(server: str) -> None:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} missing: `make system-deps` installs the Debian package chromium")
    from playwright.sync_api import sync_playwright

    duty = obligation_id(records(), "kh-235-thanh-hoa", 1)
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--headless", "--no-sandbox", "--disable-gpu",
                                          "--disable-background-networking"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{server}/vanban/obligations_overview")
            assert page.locator("h1").first.inner_text().startswith("Việc phải làm")
            page.fill("input[name=_search]", "bao cao")
            page.locator("input[name=_search]").press("Enter")
            page.wait_for_url("**_search=bao+cao**")
            rows = page.locator("table.rows-and-columns tbody tr")
            assert rows.count() == 2
            page.screenshot(path=str(SHOTS / "obligations-search.png"), full_page=True)
            page.locator(f'a[href="/-/vanban/doc/kh-235-thanh-hoa#o-{duty}"]').click()
            page.wait_for_url(f"**/-/vanban/doc/kh-235-thanh-hoa#o-{duty}")
            target = page.locator("mark.duty.target")
            assert target.count() == 1
            assert target.inner_text().startswith("- Tổ chức đánh giá kết quả thực")
            assert target.evaluate("m => getComputedStyle(m).backgroundColor") == "rgb(255, 180, 84)"
            page.screenshot(path=str(SHOTS / "document.png"), full_page=True)
        finally:
            browser.close()
    assert (SHOTS / "document.png").stat().st_size > 10_000
