"""Digits of a scanned header that OCR may have guessed: the `Số:` number and the day and month.

Scanned decisions carry a number and day written by hand or by a numbering stamp after signing,
and Tesseract reads them as confidently wrong digits (1114 → 4444, 981 → 384, day 14 → 44). The
project rule is that an unknown value is null, never a guess, so each header line of page 1 (a
line with a digit and a `Số:`, `ngày` or `tháng` word) is checked two ways:

- its word confidence: a digit run in a word Tesseract scores below `CONF_MIN` is uncertain;
- a second reading of the line's box by another model (Tesseract's `eng`, one line, `--psm 7`):
  a digit run the two readings do not share, in order, is uncertain.

The runs found uncertain are returned as strings per page; `locate()` turns them into spans of the
stored text (every stand-alone occurrence on that page: a repeated run is doubted everywhere,
which can only null a header field, never make one up) and the header parser gives null for a
number or date whose digits fall in such a span (structure/header.py).
"""
from __future__ import annotations

import difflib
import io
import json
import logging
import os
import re
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PIL import Image

from ..model import Document, Span
from .tesseract import OcrOptions, cache_path, render

log = logging.getLogger(__name__)

# Word confidences (Tesseract TSV, vie model, 300 dpi) measured on the number and date lines of the
# six smartdocs_*-ttg scans and the two other scans: typed numbers and days score 70-97 (`999/QĐ-TTg`
# 70, `1053/QĐ-TTg` 76, `28` 97), handwriting mostly 0-66 (`Số:384` 38, `Z4o/QĐ-TTg` 48, `0` 28,
# `J2` 66, `309` 39). Handwriting above 60 exists (`4033/QĐ-TTg` 75, `44` 96), so the confidence
# only settles the clear cases and the second reading decides the others (eng reads 4039, 4144, 984
# and 4 there, and agrees with vie on the typed 1053, 999, 28, 18).
CONF_MIN = 60.0
_SO = re.compile(r"(?i)^\W*s[ốôóồoò6]\s*:")  # `Số:` as OCR reads it (`Sô:`, `Só:`, `S6:`)
_NGAY = re.compile(r"(?i)^ngày")
_RUN = re.compile(r"\d+")
# `l`, `I`, `|` and `O` among digits are digits (as `ocr.repair` reads them)
_DIGITISH = re.compile(r"(?<![^\W_])(?=[lI|O]*\d)[\dlI|O]*[lI|O][\dlI|O]*(?![^\W_])")
_AS_DIGIT = str.maketrans("lI|O", "1110")

Box = tuple[int, int, int, int]  # left, top, width, height in page pixels


@dataclass(frozen=True)
class Word:
    box: Box
    conf: float
    text: str


def words_by_line(tsv: str) -> list[list[Word]]:
    """Tesseract's TSV word rows (level 5), grouped by line in reading order."""
    lines: dict[tuple[str, str, str], list[Word]] = {}
    for row in tsv.splitlines()[1:]:
        f = row.split("\t")
        if len(f) < 12 or f[0] != "5" or not f[11].strip():
            continue
        box = (int(f[6]), int(f[7]), int(f[8]), int(f[9]))
        lines.setdefault((f[2], f[3], f[4]), []).append(Word(box, float(f[10]), f[11]))
    return list(lines.values())


def header_lines(lines: list[list[Word]]) -> list[list[Word]]:
    """The first line with `Số:` and a digit (the number), the first with `<place>, ngày` (the
    date); one line when the two columns sit side by side. Citations in the body (`Căn cứ … ngày
    19 tháng 6 năm 2015`) have no comma before `ngày` and are not checked."""
    def has_number(line: list[Word]) -> bool:
        return any(_SO.match(w.text) for w in line) and any(_RUN.search(w.text) for w in line)

    def has_date(line: list[Word]) -> bool:
        return any(_NGAY.match(w.text) and line[i - 1].text.endswith(",") for i, w in enumerate(line) if i)

    found = [next((line for line in lines if test(line)), None) for test in (has_number, has_date)]
    out: list[list[Word]] = []
    for line in found:
        if line is not None and all(line is not other for other in out):
            out.append(line)
    return out


def digit_runs(text: str) -> list[str]:
    return _RUN.findall(_DIGITISH.sub(lambda m: m.group().translate(_AS_DIGIT), text))


def line_box(line: list[Word]) -> Box:
    left = min(w.box[0] for w in line)
    top = min(w.box[1] for w in line)
    right = max(w.box[0] + w.box[2] for w in line)
    bottom = max(w.box[1] + w.box[3] for w in line)
    return left, top, right - left, bottom - top


def uncertain_runs(tsv: str, second_reading: Callable[[Box], str]) -> tuple[str, ...]:
    """Digit runs of page 1's header lines that are not sure: low word confidence, or not
    confirmed by `second_reading` of the line's box."""
    out: list[str] = []
    for line in header_lines(words_by_line(tsv)):
        runs = [(run, w.conf) for w in line for run in digit_runs(w.text)]
        other = digit_runs(second_reading(line_box(line)))
        confirmed: set[int] = set()
        matcher = difflib.SequenceMatcher(a=[r for r, _ in runs], b=other, autojunk=False)
        for block in matcher.get_matching_blocks():
            confirmed.update(range(block.a, block.a + block.size))
        for i, (run, conf) in enumerate(runs):
            if conf < CONF_MIN or i not in confirmed:
                out.append(run)
        log.debug("header line %s / second reading %s", [r for r, _ in runs], other)
    return tuple(dict.fromkeys(out))


_STANDALONE = "(?<!\\d){}(?!\\d)"


def locate(doc: Document, uncertain: Iterable[tuple[int, str]]) -> tuple[Span, ...]:
    """Spans of the stored text where an uncertain run (page, digits) stands on that page."""
    spans: set[Span] = set()
    for page, run in uncertain:
        pattern = re.compile(_STANDALONE.format(re.escape(run)))
        for block in doc.blocks:
            if block.page != page:
                continue
            for m in pattern.finditer(doc.text, block.span.start, block.span.end):
                spans.add(Span(m.start(), m.end()))
    return tuple(sorted(spans, key=lambda s: (s.start, s.end)))


# ------------------------------------------------------------------ the second reading


def header_doubts(pdf_data: bytes, page: int, options: OcrOptions, digest: str) -> tuple[str, ...]:
    """Digit runs of the page's header lines OCR may have guessed (`confidence.py`): the word
    table of `ocr_page` (cached) checked against a second reading of each header line by the
    `eng` model, cached beside it."""
    cached = cache_path(options, digest, page)
    if cached is None or not cached.exists():
        return ()
    store = cached.with_suffix(".eng.json")
    try:
        readings: dict[str, str] = json.loads(store.read_text("utf-8")) if store.exists() else {}
    except (OSError, ValueError):
        readings = {}
    before = len(readings)
    image: list[Image.Image] = []

    def second_reading(box: Box) -> str:
        key = ",".join(map(str, box))
        if key not in readings:
            readings[key] = _read_box(pdf_data, page, box, options, image)
        return readings[key]

    doubts = uncertain_runs(cached.read_text("utf-8"), second_reading)
    if len(readings) > before:
        try:
            store.write_text(json.dumps(readings, ensure_ascii=False), "utf-8")
        except OSError as exc:
            log.warning("không ghi được bộ nhớ đệm OCR %s: %s", store, exc)
    return doubts


def _read_box(pdf_data: bytes, page: int, box: Box, options: OcrOptions, image: list[Image.Image]) -> str:
    """One line of the page, cut out with a margin, read by the `eng` model as a single line
    (`image` keeps the page rendered once for all its lines)."""
    if not image:
        image.append(Image.open(io.BytesIO(render(pdf_data, page, options.dpi))))
    page_image = image[0]
    left, top, width, height = box
    pad = max(4, height // 3)
    crop = page_image.crop((left - pad, top - pad, left + width + pad, top + height + pad))
    buf = io.BytesIO()
    crop.save(buf, format="PNG")
    with tempfile.NamedTemporaryFile(suffix=".png") as tmp:
        tmp.write(buf.getvalue())
        tmp.flush()
        proc = subprocess.run(
            ["tesseract", tmp.name, "-", "-l", "eng", "--psm", "7"],
            capture_output=True, timeout=options.timeout,
            env={**os.environ, "OMP_THREAD_LIMIT": os.environ.get("OMP_THREAD_LIMIT", "1")},
        )
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.decode("utf-8", "replace").strip()[:200])
    return proc.stdout.decode("utf-8", "replace").strip()


def all_header_runs(data: bytes, options: OcrOptions, digest: str) -> list[str]:
    """Every digit run of page 1's header lines (when they cannot be checked)."""
    cached = cache_path(options, digest, 1)
    if cached is None or not cached.exists():
        return []
    lines = header_lines(words_by_line(cached.read_text("utf-8")))
    return [run for line in lines for w in line for run in digit_runs(w.text)]
