"""OCR for scanned PDF pages and pages whose text layer is garbled: Tesseract's `vie` model.

`rescue()` is the hook the PDF reader calls with what the text layer gave. Pages set in TCVN3 or
VNI fonts are converted first (`fonts.fix_pdf_fonts`). A page is read again
by OCR when, once the signature box is set aside, it has almost no letters (a scan) or its
words are mostly not Vietnamese syllables (a broken text layer; see `syllables.py`). Pages are
rendered with pypdfium2 (grayscale, 300 dpi) and read by the `tesseract` command. OCR is slow
(`seconds_per_page()` measures it), so the pages read are capped and each page's text is cached
by the file's hash, the page number and the settings, and a re-ingest does not redo it. The
digits of page 1's number and date lines are checked by a second reading (`confidence.py`) and
those OCR may have guessed go back as `ReadResult.uncertain`.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import subprocess
import time
import unicodedata
from dataclasses import replace
from pathlib import Path

from ..errors import (
    OcrFailed,
    header_unchecked_warning,
    ocr_capped_warning,
    pages_not_read_warning,
    scan_skipped,
    second_reading_failed,
)
from ..furniture import strip_furniture
from ..model import RawBlock, ReadResult
from ..syllables import is_syllable, measure
from .fonts import fix_pdf_fonts
from .tesseract import OcrOptions, cache_path, missing_engine, render, tesseract_tsv

log = logging.getLogger(__name__)

MIN_LETTERS = 80  # fewer letters than this on a page (signature box aside): a scan
MIN_SCORE = 0.75  # a text layer scoring below this share of Vietnamese syllables is garbled
MIN_WORDS = 30  # ... judged only on pages with at least this many words


# ------------------------------------------------------------------ which pages need OCR


def letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def needs_ocr(page_text: str) -> str | None:
    """'scan', 'garbled' or None (the text layer is fine)."""
    body = strip_furniture(page_text)
    if letters(body) < MIN_LETTERS:
        return "scan"
    q = measure(body)
    if q.words >= MIN_WORDS and q.score < MIN_SCORE:
        return "garbled"
    return None


# ------------------------------------------------------------------ running tesseract


def ocr_page(pdf_data: bytes, page: int, options: OcrOptions | None = None, digest: str | None = None) -> str:
    """OCR text of one page (1-based). Tesseract's word table is cached (not the text made of it),
    so a later change to `tsv_to_text` applies to cached pages too."""
    options = options or OcrOptions()
    digest = digest or hashlib.sha256(pdf_data).hexdigest()
    cached = cache_path(options, digest, page)
    if cached is not None and cached.exists():
        return tsv_to_text(cached.read_text("utf-8"))
    text = tesseract_tsv(render(pdf_data, page, options.dpi), options)
    if cached is not None:
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(text, "utf-8")
            tmp.replace(cached)
        except OSError as exc:
            log.warning("không ghi được bộ nhớ đệm OCR %s: %s", cached, exc)
    return tsv_to_text(text)


COLUMN_GAP = 1.6  # a gap wider than this many word heights separates two columns of one line
# ... unless it is the blank left for a handwritten number or day: `Số:     /QĐ`, `ngày    tháng`
_AWAITS_VALUE = re.compile(r"(?i)(?:[:/]|\bngày|\btháng|\bnăm|\bsố)$")


def tsv_to_text(tsv: str) -> str:
    """Tesseract's word table as text: blocks apart by a blank line, lines by a newline, and a
    line's parts far apart (the two header columns: `Số: 15/QĐ-TTg      Hà Nội, ngày …`) on
    lines of their own, so a column never runs into the next."""
    lines: dict[tuple[int, int, int], list[tuple[int, int, int, str]]] = {}
    for row in tsv.splitlines()[1:]:
        f = row.split("\t")
        if len(f) < 12 or f[0] != "5" or not f[11].strip():
            continue
        key = (int(f[2]), int(f[3]), int(f[4]))
        lines.setdefault(key, []).append((int(f[6]), int(f[8]), int(f[9]), f[11]))
    out: list[str] = []
    last_block = None
    for (block, _par, _line), words in lines.items():
        if last_block is not None and block != last_block:
            out.append("")
        last_block = block
        height = sorted(h for _, _, h, _ in words)[len(words) // 2]
        parts, current, right = [], [words[0][3]], words[0][0] + words[0][1]
        for left, width, _h, text in words[1:]:
            if left - right > COLUMN_GAP * height and not _AWAITS_VALUE.search(current[-1]):
                parts.append(" ".join(current))
                current = []
            current.append(text)
            right = left + width
        parts.append(" ".join(current))
        out.extend(parts)
    return "\n".join(out)


# ------------------------------------------------------------------ repairing OCR text

# `Số:` read as `Sô:`, `S6:`, `Sồ:` (domain doc §9.5), at the start of a line before a number
_SO = re.compile(r"(?m)^(\s*)(?:S[ôồổỗộoó6]|SÔ|S0)\s*:(?=[^\n]{0,16}/)")
# a stroke read as a slash between `Số:` and the number: `Số:/4444/QĐ-TTg`
_SO_SLASH = re.compile(r"(?m)^(\s*Số:)\s*/\s*(?=\d)")
# scanning noise before a line's first word: `_ Căn cứ`, `` ` `` , `|`
_LEAD_NOISE = re.compile(r"(?m)^[_`'|\\~]+ *(?=\w)")
# base letters OCR confuses, tone kept: QUYÉT → QUYẾT, Sở → Sở
_CONFUSABLE = {"e": "ê", "ê": "e", "o": "ôơ", "ô": "oơ", "ơ": "oô", "u": "ư", "ư": "u", "a": "ăâ", "ă": "aâ", "â": "aă"}
_WORD = re.compile(r"[^\W\d_]+")
# `l`, `I`, `|` and `O` inside a run of digits are 1 and 0: `tháng l1` → `tháng 11`
_DIGITISH = re.compile(r"(?<![^\W_])(?=[lI|O]*\d)[\dlI|O]*[lI|O][\dlI|O]*(?![^\W_])")
_AS_DIGIT = str.maketrans("lI|O", "1110")
# first words of the incoming-mail stamp (`ĐẾN Số: … Ngày: … Chuyển: … Lưu hồ sơ số: …`)
_STAMP = re.compile(r"^\W*(?:ĐẾN\b|Chuyển\s*:|Lưu\s+hồ\s+sơ(?:\s+số)?\s*:|Số\s+và\s+ký\s+hiệu\s+hồ\s+sơ|Giờ\s*:)")
_LETTER_MARKS = "\u0302\u0306\u031b"  # circumflex, breve, horn


def _respell(word: str) -> str:
    """A word that is not a syllable, with one base vowel swapped when exactly one swap makes it
    one (`QUYÉT` → `QUYẾT`); otherwise the word as it was."""
    if len(word) > 7 or is_syllable(word):
        return word
    nfd = unicodedata.normalize("NFD", word)
    found = set()
    for i, ch in enumerate(nfd):
        if ch.lower() not in "aeiouy":
            continue
        j = i + 1
        while j < len(nfd) and unicodedata.combining(nfd[j]):
            j += 1
        marks = nfd[i + 1 : j]
        letter = unicodedata.normalize("NFC", ch.lower() + "".join(m for m in marks if m in _LETTER_MARKS))
        tone = "".join(m for m in marks if m not in _LETTER_MARKS)
        for alt in _CONFUSABLE.get(letter, ""):
            alt_nfd = unicodedata.normalize("NFD", alt.upper() if ch.isupper() else alt)
            candidate = unicodedata.normalize("NFC", nfd[:i] + alt_nfd + tone + nfd[j:])
            if is_syllable(candidate):
                found.add(candidate)
    return found.pop() if len(found) == 1 else word


def repair(text: str) -> str:
    """OCR repairs that only the language allows: `Sô:` before a number is `Số:`; `l`/`I`/`O`
    among digits are digits; the signature box goes (`furniture.py`); a word that is
    not a syllable gets the one vowel swap that makes it one; lines with no Vietnamese word at
    all (stamp and border noise such as `Ẩ ” ` +`) are dropped."""
    text = _LEAD_NOISE.sub("", text.replace("\u2044", "/"))  # fraction slash → slash
    text = strip_furniture(_SO_SLASH.sub(r"\1 ", _SO.sub(r"\1Số:", text)))
    text = _DIGITISH.sub(lambda m: m.group().translate(_AS_DIGIT), text)
    text = _WORD.sub(lambda m: _respell(m.group()), text)
    kept = []
    for line in text.split("\n"):
        q = measure(line)
        if line.strip() and q.valid == 0 and not re.search(r"\d", line) and letters(line) < 12:
            continue
        if _STAMP.match(line) and (q.score < 0.6 or "..." in line):
            continue  # the incoming-mail stamp, read as noise: `ĐẾN) N ày ra {a£Q46...`
        kept.append(line)
    return "\n".join(kept)


# ------------------------------------------------------------------ the reader hook


def rescue(path: Path, data: bytes, result: ReadResult, options: OcrOptions | None = None) -> ReadResult:
    """Repair a PDF's text layer: pages set in TCVN3/VNI fonts converted (`fonts.fix_pdf_fonts`),
    then the text of scanned or garbled pages replaced by OCR text."""
    options = options or OcrOptions()
    converted = tuple(fix_pdf_fonts(data, result.blocks))
    if converted != result.blocks:
        result = replace(result, blocks=converted)
    by_page: dict[int, list[RawBlock]] = {}
    for block in result.blocks:
        by_page.setdefault(block.page or 0, []).append(block)
    pages = result.pages or len(by_page)
    verdicts = {n: needs_ocr("\n".join(b.text for b in by_page.get(n, []))) for n in range(1, pages + 1)}
    todo = [n for n, v in verdicts.items() if v]
    if todo:
        blank = _blank_pages(data, todo)
        todo = [n for n in todo if n not in blank]
    if not todo:
        return result
    warnings = list(result.warnings)
    why = missing_engine(options.lang)
    if why:
        if len(todo) == pages:
            raise scan_skipped(path, why)
        warnings.append(pages_not_read_warning(len(todo), why))
        return replace(result, warnings=tuple(warnings))
    if len(todo) > options.max_pages:
        warnings.append(ocr_capped_warning(options.max_pages, todo[options.max_pages], todo[-1]))
        log.info("%s: OCR capped at %d of %d pages", path, options.max_pages, len(todo))
        todo = todo[: options.max_pages]
    digest = hashlib.sha256(data).hexdigest()
    ocr_text: dict[int, str] = {}
    for n in todo:
        log.info("%s: page %d is %s, reading it by OCR", path, n, verdicts[n])
        started = time.perf_counter()
        try:
            ocr_text[n] = repair(ocr_page(data, n, options, digest))
        except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
            log.debug("%s: OCR page %d: %s", path, n, exc)
            raise OcrFailed(path, n) from exc
        log.debug("%s: OCR page %d in %.1f s", path, n, time.perf_counter() - started)
    doubts: tuple[tuple[int, str], ...] = ()
    if 1 in ocr_text:
        from .confidence import all_header_runs, header_doubts
  # the header's number and day: trusted only when a second reading confirms them
        unchecked = missing_engine("eng")
        if not unchecked:
            try:
                doubts = tuple((1, run) for run in header_doubts(data, 1, options, digest))
            except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
                log.debug("%s: second reading of the header: %s", path, exc)
                unchecked = second_reading_failed()
        if unchecked:
            warnings.append(header_unchecked_warning(unchecked))
            doubts = tuple((1, run) for run in all_header_runs(data, options, digest))
    blocks: list[RawBlock] = []
    for n in range(1, pages + 1):
        if n in ocr_text:
            blocks.extend(RawBlock(p, page=n) for p in re.split(r"\n\s*\n", ocr_text[n]) if p.strip())
        else:
            blocks.extend(by_page.get(n, []))
    provenance = "ocr" if len(ocr_text) == pages else f"{result.provenance}+ocr"
    return replace(result, blocks=tuple(blocks), provenance=provenance, warnings=tuple(warnings), uncertain=doubts)


def _blank_pages(pdf_data: bytes, pages: list[int]) -> set[int]:
    """Pages with nothing drawn on them (no image, no path, no text): nothing to OCR."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(pdf_data)
    blank = set()
    try:
        for n in pages:
            try:
                if next(iter(pdf[n - 1].get_objects()), None) is None:
                    blank.add(n)
            except pdfium.PdfiumError:  # a damaged page (read_pdf warned of it): nothing to OCR either
                blank.add(n)
        return blank
    finally:
        pdf.close()


def seconds_per_page(pdf: Path, pages: int = 1, options: OcrOptions | None = None) -> float:
    """Measured OCR time per page (render + tesseract, no cache) on the first `pages` pages."""
    options = replace(options or OcrOptions(), cache_dir=None)
    data = Path(pdf).read_bytes()
    started = time.perf_counter()
    for n in range(1, pages + 1):
        ocr_page(data, n, options)
    return (time.perf_counter() - started) / pages
