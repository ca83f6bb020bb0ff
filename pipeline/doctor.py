"""`vanban doctor`: which optional engines are present, and what is missing without them."""
from __future__ import annotations

import shutil

from .read.tesseract import OcrOptions, missing_engine

ENGINES = (
    ("antiword", "read Word 97 .doc files", "apt-get install antiword"),
    ("soffice", "read .doc files antiword cannot (LibreOffice)", "apt-get install libreoffice-writer"),
    ("tesseract", "OCR scanned PDFs and garbled text layers", "apt-get install tesseract-ocr tesseract-ocr-vie"),
)


def report() -> list[str]:
    lines = []
    for exe, purpose, remedy in ENGINES:
        path = shutil.which(exe)
        lines.append(f"{'ok ' if path else 'MISSING'} {exe:10} {purpose}" + ("" if path else f" — {remedy}"))
    options = OcrOptions()
    if shutil.which("tesseract"):
        why = missing_engine(options.lang)
        lines.append(f"{'ok ' if not why else 'MISSING'} {options.lang:10} Vietnamese OCR model"
                     + ("" if not why else f" — {why}: apt-get install tesseract-ocr-vie"))
    else:
        lines.append(f"{'note'} {'scans':10} scanned PDFs are skipped with one error line until OCR is installed")
    lines.append(f"{'ok '} {'ocr cache':10} {options.cache_dir} (VANBAN_OCR_CACHE);"
                 f" at most {options.max_pages} pages per file (VANBAN_OCR_MAX_PAGES)")
    return lines
