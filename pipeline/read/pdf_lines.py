"""Lines of a PDF page with their geometry, from pypdfium2's characters and boxes.

A line is split into segments where a wide horizontal gap separates two runs of characters:
`BỘ TƯ PHÁP        CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM` is one line of pdfium's text but two
segments, one per column. The header and signature zones use the segments to emit the left
column before the right one (`header_columns`, `signature_columns`).
"""
from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any

from .layout import LAYOUT_CUE, RIGHT_COLUMN_START

# a gap this many line heights wide (and at least MIN_GAP points) separates two columns
GAP_HEIGHTS = 2.5
MIN_GAP = 18.0
# a gap wider than this many line heights between two characters is a space, even without one
SPACE_HEIGHTS = 0.15  # of the ink height; measured between the characters' advance boxes
HEADER_ZONE = 14  # lines at the top of a page where a header can stand

QUOC_HIEU = re.compile(
    r"C[ỘO]NG\s+H[ÒO][AÀ]\s+X[ÃA]\s+H[ỘO]I|Đ[ẢA]NG\s+C[ỘO]NG\s+S[ẢA]N\s+VI[ỆE]T\s+NAM|ĐO[ÀA]N\s+TNCS\s+H[ỒO]"
)
PLACE_DATE = re.compile(r",\s*ngày\b")
PAGE_NUMBER = re.compile(r"^\W*(?:Trang\s*)?\d{1,3}(?:\s*/\s*\d{1,3})?\W*$")
# pdfium marks a hyphen that ends a line as U+0002 (U+FFFE in pypdfium2's text) and joins the two
# lines; Vietnamese does not break words with hyphens, so it is a real one (`NQ-`, `lich-su`)
SOFT_HYPHENS = "\x02\ufffe"
NOI_NHAN = re.compile(r"^\W*Nơi\s+nhận\b")


Box = tuple[float, float, float, float]  # left, bottom, right, top
Char = tuple[str, Box, tuple[float, float]]  # character, ink box, left and right of its advance box


@dataclass(frozen=True)
class Segment:
    text: str
    x0: float
    x1: float


@dataclass(frozen=True)
class Line:
    segments: tuple[Segment, ...]
    baseline: float  # PDF units, growing up the page
    height: float

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segments)

    @property
    def x0(self) -> float:
        return min(s.x0 for s in self.segments)

    @property
    def x1(self) -> float:
        return max(s.x1 for s in self.segments)

    def top_gap(self, above: Line) -> float:
        """Distance from the line above, baseline to baseline (negative: this line is higher)."""
        return above.baseline - self.baseline


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    lines: tuple[Line, ...]

    def margins(self, lines: list[Line]) -> tuple[float, float]:
        """Left and right margins of the body text: where most long lines start and end."""
        long = [ln for ln in lines if len(ln.text) >= 30] or lines
        starts = Counter(round(ln.x0) for ln in long)
        # the leftmost start shared by several lines (first-line indents start further right)
        shared = [x for x in starts if sum(n for y, n in starts.items() if abs(x - y) <= 2) >= max(2, len(long) // 10)]
        left = float(min(shared or starts))
        ends = sorted(ln.x1 for ln in long)
        right = ends[int(0.8 * (len(ends) - 1))]
        return left, right

    def pitch(self, lines: list[Line]) -> float:
        """Usual distance between consecutive baselines."""
        size = statistics.median(ln.height for ln in lines) if lines else 12.0
        steps = [a.baseline - b.baseline for a, b in zip(lines, lines[1:], strict=False)]
        steps = [s for s in steps if s > 0.5 * size]
        return statistics.median(steps) if steps else 1.2 * size


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# ------------------------------------------------------------------ reading a page


def page_lines(pdfpage: Any, number: int) -> Page:
    """Lines of a pypdfium2 page, in pdfium's reading order, each split into segments."""
    width, height = pdfpage.get_size()
    textpage = pdfpage.get_textpage()
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count) if count else ""
    if len(text) != count:  # characters and text out of step: keep pdfium's lines without geometry
        raw = textpage.get_text_bounded()
        plain = tuple(Line((Segment(t, 0.0, width),), -i * 14.0, 12.0) for i, t in enumerate(raw.splitlines()))
        return Page(number, width, height, plain)
    lines: list[Line] = []
    chars: list[Char] = []
    last: tuple[float, float, float, float] | None = None  # box of the last inked character
    for i, ch in enumerate(text):
        if ch in "\r\n":
            if chars:
                lines.append(_line(chars))
                chars, last = [], None
            continue
        box = textpage.get_charbox(i)
        if not ch.isspace() and box[2] > box[0]:
            if last is not None and _wraps(last, box) and chars:
                lines.append(_line(chars))  # a line break pdfium did not mark
                chars = []
            last = box
        loose = textpage.get_charbox(i, loose=True) if not ch.isspace() else box
        chars.append(("-" if ch in SOFT_HYPHENS else ch, box, (loose[0], loose[2])))
    if chars:
        lines.append(_line(chars))
    return Page(number, width, height, tuple(ln for ln in lines if ln.text.strip()))


def _wraps(prev: tuple[float, float, float, float], box: tuple[float, float, float, float]) -> bool:
    """The next character starts a new line: back to the left and one line lower."""
    size = max(prev[3] - prev[1], 1.0)
    return box[0] < prev[0] - 2 * size and prev[1] - box[1] > 0.6 * size


def _line(chars: list[Char]) -> Line:
    """One line from its characters and boxes (left, bottom, right, top); spaces have no ink."""
    inked = [(c, box) for c, box, _ in chars if not c.isspace() and box[2] > box[0]]
    if not inked:
        return Line((Segment("".join(c for c, _, _ in chars), 0.0, 0.0),), 0.0, 0.0)
    height = statistics.median(box[3] - box[1] for _, box in inked)
    baseline = statistics.median(box[1] for _, box in inked)
    gap_limit = max(MIN_GAP, GAP_HEIGHTS * height)
    space_limit = SPACE_HEIGHTS * height
    last_loose: float | None = None
    segments: list[Segment] = []
    text: list[str] = []
    x0, x1 = inked[0][1][0], inked[0][1][2]
    last_right: float | None = None
    spaced = False  # a space character since the last inked one
    for c, box, (loose_left, loose_right) in chars:
        if c.isspace() or box[2] <= box[0]:
            text.append(c)
            spaced = spaced or c.isspace()
            continue
        if last_right is not None and (box[0] - last_right > gap_limit or box[0] < x0 - gap_limit):
            segments.append(Segment("".join(text).strip(), x0, x1))
            text, x0, x1 = [], box[0], box[2]
        elif last_loose is not None and not spaced and loose_left - last_loose > space_limit:
            text.append(" ")  # words set apart by position only, without a space character
        text.append(c)
        x1 = max(x1, box[2])
        last_right, last_loose, spaced = box[2], loose_right, False
    segments.append(Segment("".join(text).strip(), x0, x1))
    return Line(tuple(s for s in segments if s.text), baseline, height)


# ------------------------------------------------------------------ zones


def drop_page_number(page: Page) -> list[Line]:
    """The page's lines without the page number printed above or below the text."""
    lines = list(page.lines)
    if len(lines) < 2:
        return lines
    left = min(ln.x0 for ln in lines)
    for i in (0, -1):
        line = lines[i]
        if PAGE_NUMBER.match(line.text) and line.x0 > left + 3 * max(line.height, 1.0):
            del lines[i]
    return lines


def header_columns(lines: list[Line], width: float) -> tuple[str, str, int] | None:
    """Left column, right column and number of lines of a two-column header at the top of a page."""
    zone = lines[:HEADER_ZONE]
    left_edge = min((ln.x0 for ln in zone), default=0.0)
    anchor = next((s for ln in zone for s in ln.segments
                   if QUOC_HIEU.search(_nfc(s.text)) and s.x0 > left_edge + 0.15 * width), None)
    if anchor is None:  # no Quốc hiệu in the text layer: the place-date, set apart on the right
        anchor = next((s for ln in zone for s in ln.segments[1:]
                       if PLACE_DATE.search(_nfc(s.text)) and s.x0 > left_edge + 0.3 * width), None)
    if anchor is None:
        return None
    boundary = anchor.x0
    left: list[tuple[float, float, str]] = []
    right: list[tuple[float, float, str]] = []
    dated = False
    taken = 0
    for line in zone:
        tol = 2 * max(line.height, 5.0)
        sides = []
        for s in line.segments:
            starts_right = bool(RIGHT_COLUMN_START.match(_nfc(s.text)))
            if s.x0 >= boundary - tol or (starts_right and s.x1 > boundary + tol and s.x0 > left_edge + tol):
                sides.append("R")
            elif s.x1 <= boundary + 0.08 * width:
                sides.append("L")
            else:
                sides.append("X")  # a line across the page: the header is over
        if "X" in sides or (dated and ("R" in sides or not _under_left_column(line, left, width))):
            break
        for side, s in zip(sides, line.segments, strict=True):
            (right if side == "R" else left).append((-line.baseline, s.x0, s.text))
            dated = dated or (side == "R" and bool(PLACE_DATE.search(_nfc(s.text))))
        taken += 1
    if not left or not right:
        return None
    return _column(left), _column(right), taken


def _under_left_column(line: Line, left: list[tuple[float, float, str]], width: float) -> bool:
    """After the place-date, only the trích yếu (V/v ...) still follows, centred under the number;
    a line centred on the page (the document type, the title) starts the body."""
    if not left:
        return False
    centres = [x0 for _, x0, _ in left]
    return abs(line.x0 - statistics.median(centres)) < 0.12 * width


def signature_columns(lines: list[Line], width: float) -> tuple[str, str, int, int] | None:
    """Nơi nhận (left) and signer (right) near the end of a page, and the lines they take."""
    start = next((i for i in range(len(lines) - 1, -1, -1) if NOI_NHAN.match(_nfc(lines[i].segments[0].text))), None)
    if start is None:
        return None
    middle = 0.45 * width
    # the signer's authority may stand a line or two above Nơi nhận
    while start > 0 and lines[start - 1].x0 >= middle and LAYOUT_CUE.search(_nfc(lines[start - 1].text)):
        start -= 1
    left: list[tuple[float, float, str]] = []
    right: list[tuple[float, float, str]] = []
    end = len(lines)
    for i in range(start, len(lines)):
        segments = lines[i].segments
        if i > start and any(s.x0 < middle and s.x1 > middle + 0.05 * width for s in segments):
            end = i  # a line across the page (an appendix on the same page): the block is over
            break
        for s in segments:
            (right if s.x0 >= middle else left).append((-lines[i].baseline, s.x0, s.text))
    if not right or not left:
        return None
    return _column(left), _column(right), start, end


def _column(items: list[tuple[float, float, str]]) -> str:
    """Segments of one column, top to bottom; pieces on one baseline (`Số:` and a number set
    apart by a blank left for the handwritten number) make one line."""
    lines: list[tuple[float, list[str]]] = []
    for y, _, text in sorted(items):
        if lines and abs(y - lines[-1][0]) < 2.0:
            lines[-1][1].append(text)
        else:
            lines.append((y, [text]))
    return "\n".join(" ".join(parts) for _, parts in lines)
