"""A real headless Chromium on `vanban serve`: the duties page, a search without diacritics, the
document page with the duty highlighted, and a screenshot (build/screenshots/)."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .conftest import ROOT
from .serving import served
from .test_store import build_fixture, obligation_id, records

SHOTS = ROOT / "build" / "screenshots"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = build_fixture(tmp_path_factory.mktemp("browser"))
    with served(db) as base:
        yield base


def test_search_then_open_document(server: str, browser: Any) -> None:
    duty = obligation_id(records(), "kh-235-thanh-hoa", 1)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
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
        page.close()
    assert (SHOTS / "document.png").stat().st_size > 10_000
