"""Shared fixtures: the ../shared corpus, and each dev document extracted once per test session."""
from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEV = SHARED / "corpus" / "dev"
FORMATS = SHARED / "corpus" / "formats"


def dev_files() -> list[Path]:
    return sorted(p for p in DEV.iterdir() if p.is_file() and not p.name.startswith("."))


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
