"""`vanban doctor`: which optional engines are present, and what is missing without them."""
from __future__ import annotations

import shutil
import subprocess

ENGINES = (
    ("antiword", "read Word 97 .doc files", "apt-get install antiword"),
    ("soffice", "read .doc files antiword cannot (LibreOffice)", "apt-get install libreoffice-writer"),
    ("tesseract", "OCR scanned PDFs", "apt-get install tesseract-ocr tesseract-ocr-vie"),
    ("pdftoppm", "render PDF pages for OCR", "apt-get install poppler-utils"),
)


def _tesseract_has_vie() -> bool:
    try:
        out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return False
    return "vie" in out.stdout.split()


def report() -> list[str]:
    lines = []
    for exe, purpose, remedy in ENGINES:
        path = shutil.which(exe)
        lines.append(f"{'ok ' if path else 'MISSING'} {exe:10} {purpose}" + ("" if path else f" — {remedy}"))
    if shutil.which("tesseract"):
        ok = _tesseract_has_vie()
        lines.append(f"{'ok ' if ok else 'MISSING'} {'vie':10} Vietnamese OCR model"
                     + ("" if ok else " — apt-get install tesseract-ocr-vie"))
    return lines
