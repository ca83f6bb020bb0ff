"""Inputs of the benchmark: the text-layer PDFs, the dev corpus, and bigger corpora made from it.

Bigger corpora are copies of the dev `.txt` files, each with a small edit (one added line) so
that every copy has its own content hash and is really extracted, never skipped."""
from __future__ import annotations

import fnmatch
import logging
from dataclasses import dataclass
from pathlib import Path

from ..read import SUPPORTED_SUFFIXES

log = logging.getLogger(__name__)

# PDFs of corpus/formats without a usable text layer: signed scans, scans, a garbled OCR layer
NO_TEXT_LAYER = ("smartdocs_*", "*-scanned.pdf", "*bad-ocr*.pdf")
# fewer characters per page than this: no text layer (a scan), left out of the PDF benchmark
MIN_CHARS_PER_PAGE = 200


@dataclass(frozen=True)
class PdfInput:
    path: Path
    pages: int
    size: int  # bytes of the file


def text_layer_pdfs(folder: Path, exclude: tuple[str, ...] = NO_TEXT_LAYER) -> list[PdfInput]:
    """PDFs of `folder` that have a text layer, by name and by the characters pdfium finds."""
    import pypdfium2 as pdfium

    found = []
    for path in sorted(folder.glob("*.pdf")):
        if any(fnmatch.fnmatch(path.name, pattern) for pattern in exclude):
            continue
        pdf = pdfium.PdfDocument(str(path))
        try:
            pages = len(pdf)
            chars = sum(len(page.get_textpage().get_text_bounded()) for page in pdf)
        finally:
            pdf.close()
        if pages and chars / pages >= MIN_CHARS_PER_PAGE:
            found.append(PdfInput(path, pages, path.stat().st_size))
        else:
            log.info("%s: no text layer, left out", path.name)
    return found


def corpus_files(folder: Path) -> list[Path]:
    """Supported files directly in `folder` (sub-folders such as gold/ are not inputs)."""
    return sorted(
        p for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in SUPPORTED_SUFFIXES
    )


def edited_copies(sources: list[Path], count: int, dest: Path) -> list[Path]:
    """Write `count` copies of the `.txt` files of `sources`, in turn, each with one added line."""
    texts = [p for p in sources if p.suffix.lower() == ".txt"]
    if not texts:
        raise ValueError("no .txt file to copy")
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(count):
        src = texts[i % len(texts)]
        path = dest / f"{i:05d}_{src.name}"
        body = src.read_text("utf-8").rstrip("\n")
        path.write_text(f"{body}\n(Bản sao số {i + 1} dùng để đo hiệu năng.)\n", "utf-8")
        out.append(path)
    return out
