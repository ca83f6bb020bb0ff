"""Shared fixtures: the ../shared corpus, each dev document extracted once per test session, the
databases (and calendars) of corpus/ and of the dev corpus built once per session, each scan of
formats/ read by the real Tesseract once per session, and one headless Chromium per browser test
module."""
from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from .shared_dir import DEFAULT as SHARED
from .shared_dir import readable

ROOT = Path(__file__).resolve().parent.parent
DEV = SHARED / "corpus" / "dev"
FORMATS = SHARED / "corpus" / "formats"
CHROMIUM = "/usr/bin/chromium"


def dev_files() -> list[Path]:
    """The documents of ../shared/corpus/dev that tests may read: not those kept aside, nor sets B and C."""
    return sorted(p for p in DEV.iterdir() if p.is_file() and not p.name.startswith(".") and readable(p))


def free_formats(folder: Path) -> Path:
    """`folder` with a link to each file of ../shared/corpus/formats that tests may read (no copy of a
    set B or C document): for the code that reads a whole formats folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(FORMATS.iterdir()):
        if path.is_file() and readable(path):
            (folder / path.name).symlink_to(path)
    return folder


@cache
def first_pages(name: str, pages: int = 3) -> bytes:
    """The first `pages` pages of the text-layer PDF `name` of formats/, saved by pdfium: a real PDF
    small enough to damage hundreds of times or to benchmark quickly."""
    import io

    import pypdfium2 as pdfium

    source, out = pdfium.PdfDocument(FORMATS / name), pdfium.PdfDocument.new()
    try:
        out.import_pages(source, list(range(pages)))
        buf = io.BytesIO()
        out.save(buf)
    finally:
        out.close()
        source.close()
    return buf.getvalue()


def corpus_files(source: str) -> list[Path]:
    """The files of corpus/ ("corpus") or of ../shared/corpus/dev ("dev")."""
    return sorted(p for p in (ROOT / "corpus").iterdir() if p.is_file()) if source == "corpus" else dev_files()


@cache
def extracted(path: Path) -> dict[str, Any]:
    """The JSON record of one file, extracted once per test session."""
    from pipeline.extract import extract
    from pipeline.extracted import to_json
    from pipeline.load import load

    return to_json(extract(load(path)))


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"{SHARED} is missing: the tests need ../shared beside the project")
    return SHARED


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], tuple[Path, Path]]:
    """`corpus_db("corpus" | "dev")` → (database, calendar folder) of that corpus, built once per
    session (resolve, store, and write_calendars with links to http://may-chu:8001). Read-only:
    a test that writes builds its own."""
    built: dict[str, tuple[Path, Path]] = {}

    def get(source: str) -> tuple[Path, Path]:
        if source not in built:
            from pipeline import store
            from pipeline.calendar import write_calendars
            from pipeline.resolve import resolve

            folder = tmp_path_factory.mktemp(f"corpus-db-{source}")
            db = store.build(resolve([extracted(p) for p in corpus_files(source)]), folder / "vanban.db")
            write_calendars(db, folder / "calendar", "http://may-chu:8001")  # links name the duty
            built[source] = (db, folder / "calendar")
        return built[source]

    return get


@pytest.fixture(scope="session")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], tuple[dict[str, Any], Path]]:
    """`scanned(name)` → (JSON record, OCR cache folder) of the scan `name` of ../shared/corpus/formats,
    read by the real Tesseract once per session (slow tests only) into a cache folder of its own,
    empty before: never the user's ~/.cache, whose pages read by an earlier run would hide the OCR."""
    read: dict[str, tuple[dict[str, Any], Path]] = {}

    def get(name: str) -> tuple[dict[str, Any], Path]:
        if name not in read:
            from pipeline.extract import extract
            from pipeline.extracted import to_json
            from pipeline.load import load

            cache = tmp_path_factory.mktemp(f"ocr-{Path(name).stem}")
            with pytest.MonkeyPatch.context() as mp:
                mp.setenv("VANBAN_OCR_CACHE", str(cache))
                read[name] = (to_json(extract(load(FORMATS / name))), cache)
        return read[name]

    return get


@pytest.fixture(scope="session")
def khal() -> str:
    """The khal program. Missing, its tests fail as a missing Chromium does (`make test` installs both),
    rather than skip and leave the calendars unchecked."""
    path = shutil.which("khal")
    if path is None:
        pytest.fail("khal missing: `make system-deps` installs the Debian package khal")
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium (Playwright) per test module; each test opens its own pages or context.
    Not per session: Playwright's sync API keeps an event loop running in the main thread while it is
    open, and the tests after it that call asyncio.run() (Datasette's test client) would fail."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} missing: `make system-deps` installs the Debian package chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                              args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            yield b
        finally:
            b.close()


def pytest_configure(config: pytest.Config) -> None:
    """Without ../shared beside the project the tests cannot run: one line saying so (exit code 4),
    not a traceback from each module that reads the corpus when it is collected."""
    if not DEV.is_dir():
        raise pytest.UsageError(f"không có thư mục {DEV} — các kiểm thử cần thư mục shared (kho văn bản dev, "
                                "đáp án) cạnh dự án")


SESSION_GROUPS = ("corpus_db", "scanned")  # session fixtures whose users share one worker


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the marks (`make test` runs `-n 2 --dist loadgroup`)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under pytest-xdist, a test that uses an expensive shared fixture runs on the worker that already
    has it: the tests of one module that share a module-scoped fixture (a Chromium, a Datasette, a
    database) go together, every user of `corpus_db` goes together (one build of each corpus), and
    every user of `scanned` (one OCR of each scan); the other tests are spread one by one."""
    for item in items:
        defs = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
        if shared := next((name for name in SESSION_GROUPS if name in defs), None):
            item.add_marker(pytest.mark.xdist_group(shared))
        elif any(d.scope in ("module", "class", "package") for fixture in defs.values() for d in fixture):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))
