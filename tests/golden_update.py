"""Regenerate tests/golden/<id>.json (`make golden`); review the diff before committing."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .conftest import DEV

GOLDEN_DIR = Path(__file__).parent / "golden"
# whole documents kept as golden files: a Đoàn plan, a Party conclusion, a State DOCX notice
GOLDEN_SOURCES = (
    DEV / "kh-qcdc-tinhdoan-2023.txt",
    DEV / "039_kl-212-tw.txt",
    DEV / "065_tbkl-cao-toc-lam-dong.docx",
)


def comparable(record: dict[str, Any]) -> dict[str, Any]:
    """The record without what depends on the machine (the source path)."""
    out = json.loads(json.dumps(record))
    out["document"].pop("source", None)
    return out


def main() -> None:
    from pipeline.extract import extract
    from pipeline.extracted import to_json
    from pipeline.load import load

    GOLDEN_DIR.mkdir(exist_ok=True)
    for src in GOLDEN_SOURCES:
        record = comparable(to_json(extract(load(src))))
        path = GOLDEN_DIR / f"{src.stem}.json"
        path.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
