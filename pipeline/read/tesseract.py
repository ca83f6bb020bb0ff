"""Running Tesseract: the OCR settings, whether the engine is installed, a page rendered to PNG,
the word table of an image, and where a page's table is cached. Shared by the OCR reader
(`ocr.py`) and the second reading of header digits (`confidence.py`)."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..errors import no_ocr_model, no_tesseract, tesseract_broken


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass(frozen=True)
class OcrOptions:
    lang: str = "vie"
    dpi: int = 300
    psm: int = 4  # one column of text of variable sizes
    max_pages: int = field(default_factory=lambda: _env_int("VANBAN_OCR_MAX_PAGES", 30))
    timeout: int = 180  # seconds per page
    cache_dir: Path | None = field(
        default_factory=lambda: Path(os.environ.get("VANBAN_OCR_CACHE", Path.home() / ".cache" / "vanban" / "ocr"))
    )

    def key(self) -> str:
        return f"{self.lang}-{self.dpi}-{self.psm}.tsv"


@cache
def missing_engine(lang: str = "vie") -> str | None:
    """Why OCR cannot run here, or None when `tesseract` with the language model is installed."""
    if not shutil.which("tesseract"):
        return no_tesseract()
    try:
        out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError) as exc:
        return tesseract_broken(exc)
    if lang not in out.stdout.split():
        return no_ocr_model(lang)
    return None


def cache_path(options: OcrOptions, digest: str, page: int) -> Path | None:
    if options.cache_dir is None:
        return None
    return options.cache_dir / digest[:2] / f"{digest}-p{page}-{options.key()}"


def render(pdf_data: bytes, page: int, dpi: int) -> bytes:
    """PNG bytes of one page, grayscale."""
    import io

    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(pdf_data)
    try:
        bitmap = pdf[page - 1].render(scale=dpi / 72, grayscale=True)
        image = bitmap.to_pil()
        buf = io.BytesIO()
        image.save(buf, format="PNG")
        return buf.getvalue()
    finally:
        pdf.close()


def tesseract_tsv(png: bytes, options: OcrOptions) -> str:
    """Tesseract's TSV word table (level, page, block, paragraph, line, word, box, confidence, text)."""
    with tempfile.NamedTemporaryFile(suffix=".png") as tmp:
        tmp.write(png)
        tmp.flush()
        proc = subprocess.run(
            ["tesseract", tmp.name, "-", "-l", options.lang, "--psm", str(options.psm), "tsv"],
            capture_output=True,
            timeout=options.timeout,
            # one thread: OpenMP threads fight over shared cores and batch workers (3-4x slower measured)
            env={**os.environ, "OMP_THREAD_LIMIT": os.environ.get("OMP_THREAD_LIMIT", "1")},
        )
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.decode("utf-8", "replace").strip()[:200])
    return proc.stdout.decode("utf-8", "replace")
