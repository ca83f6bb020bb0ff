"""Layout tables: the borderless two-column tables that hold a document's header and signature.

Vietnamese documents set the issuer and number beside the Quốc hiệu and place-date, and the
Nơi nhận list beside the signer, in a table without borders. Such a table is not data: its
columns are read one after the other, each line on its own (`column_lines`), while a task table
(STT | Nội dung | Cơ quan chủ trì | ...) stays rows of cells. `is_layout_table` tells them apart
from the words in the cells, shared by the DOCX and DOC readers.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

# words that only the header or the signature block of a document contains
_HEADER_CUES = r"""
      C[ỘO]NG\s+H[ÒO][AÀ]\s+X[ÃA]\s+H[ỘO]I         # Quốc hiệu (CỘNG HÒA / CỘNG HOÀ XÃ HỘI ...)
    | Đ[ẢA]NG\s+C[ỘO]NG\s+S[ẢA]N\s+VI[ỆE]T\s+NAM  # Party documents
    | ĐO[ÀA]N\s+TNCS                                # Youth Union documents
    | Độc\s+lập\s*[-–—]?\s*Tự\s+do                 # motto
    | ^\s*Số\s*:                                    # number line
    | ^\s*V/v\b                                     # trích yếu of a công văn
    | ,\s*ngày\b.{0,20}\btháng\b                    # place-date
    | ^\s*Kính\s+gửi\b
"""
_SIGNATURE_CUES = r"""
      ^\s*Nơi\s+nhận\b
    | ^\s*(?:TM|KT|TL|TUQ|Q|T/M|K/T|T/L)\s*[.:/]?\s+[A-ZĐÀ-Ỹ]   # signing authority
    | \(\s*(?:đã\s+)?(?:chữ\s+)?ký\b                          # (chữ ký), (đã ký)
    | ^\s*(?:CHỦ\s+TỊCH|PHÓ\s+CHỦ\s+TỊCH|BÍ\s+THƯ|PHÓ\s+BÍ\s+THƯ|GIÁM\s+ĐỐC|PHÓ\s+GIÁM\s+ĐỐC
          |TRƯỞNG\s+BAN|PHÓ\s+TRƯỞNG\s+BAN|CHÁNH\s+VĂN\s+PHÒNG|BỘ\s+TRƯỞNG|THỨ\s+TRƯỞNG)\s*$
"""
LAYOUT_CUE = re.compile(f"{_HEADER_CUES}|{_SIGNATURE_CUES}", re.VERBOSE | re.MULTILINE)

# the first row of a data table: "STT | Nội dung | ..." or column titles
TASK_HEADER = re.compile(
    r"""^\s*(?:STT|TT|Số\s+TT|Số\s+thứ\s+tự)\s*$
      | ^\s*(?:Nội\s+dung|Nhiệm\s+vụ|Cơ\s+quan\s+chủ\s+trì|Chủ\s+trì|Đơn\s+vị\s+chủ\s+trì
              |Thời\s+gian(?:\s+hoàn\s+thành|\s+thực\s+hiện)?|Sản\s+phẩm|Ghi\s+chú)\b""",
    re.VERBOSE | re.IGNORECASE,
)

MAX_LAYOUT_COLUMNS = 4  # two columns, sometimes an empty spacer column between them
MAX_LAYOUT_ROWS = 8  # in Word rows; a DOC table read by antiword has one row per line


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def is_task_header(cells: Sequence[str]) -> bool:
    """The first row of a data table: its first cell is STT/TT, or most cells are column titles."""
    filled = [_nfc(c).strip() for c in cells if c.strip()]
    if not filled:
        return False
    if TASK_HEADER.match(filled[0]) and len(filled[0]) < 12:
        return True
    titles = sum(1 for c in filled if TASK_HEADER.match(c) and len(c) < 40)
    return len(filled) >= 3 and titles >= 2


def is_layout_table(rows: Sequence[Sequence[str]], max_rows: int = MAX_LAYOUT_ROWS) -> bool:
    """A header or signature table laid out in columns, not a table of data."""
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows or len(rows) > max_rows:
        return False
    if any(is_task_header(r) for r in rows[:2]):
        return False
    used = {i for r in rows for i, c in enumerate(r) if c.strip()}
    if len(used) < 2 or max(used) >= MAX_LAYOUT_COLUMNS:
        return False
    return any(LAYOUT_CUE.search(_nfc(c)) for r in rows for c in r)


# a row that addresses the document ("Kính gửi:" | recipients) is read across, not down
ADDRESS_ROW = re.compile(r"^\s*Kính\s+gửi\b")


def column_lines(rows: Sequence[Sequence[str]]) -> list[list[str]]:
    """Lines of a layout table: each column top to bottom, left column first.

    From a "Kính gửi:" row on, rows are read across (label, then the recipients beside it)."""
    rows = [r for r in rows if any(c.strip() for c in r)]
    cut = next((i for i, r in enumerate(rows) if ADDRESS_ROW.match(_nfc(next(c for c in r if c.strip())))),
               len(rows))
    width = max((len(r) for r in rows[:cut]), default=0)
    groups: list[list[str]] = []
    for i in range(width):
        lines = [line for r in rows[:cut] if i < len(r) for line in r[i].split("\n") if line.strip()]
        if lines:
            groups.append(lines)
    for r in rows[cut:]:
        groups.append([line for c in r for line in c.split("\n") if line.strip()])
    return groups


# ------------------------------------------------------------------ headers typed with spaces

# what starts the right column of a header: Quốc hiệu, motto, Party/Youth-Union title, place-date
RIGHT_COLUMN_START = re.compile(
    r"""(?: C[ỘO]NG\s+H[ÒO][AÀ]\s+X[ÃA]\s+H[ỘO]I
          | Độc\s+lập\b
          | Đ[ẢA]NG\s+C[ỘO]NG\s+S[ẢA]N
          | ĐO[ÀA]N\s+TNCS
          | [^\s,:/][^,:/]{0,40},\s*ngày\b )""",
    re.VERBOSE,
)
WIDE_GAP = re.compile(r"(?:[ \u00a0]{3,}|\t)[ \t\u00a0]*")
HEADER_ZONE_LINES = 8  # the header never runs longer than this before the body starts


# a right-column element glued to the left column by one space (text taken from a PDF):
# `BỘ TƯ PHÁP CỘNG HOÀ XÃ HỘI ...`, `TỈNH LÂM ĐỒNG Độc lập - Tự do - Hạnh phúc`,
# `... ĐOÀN TNCS HỒ CHÍ MINH` ending the line
GLUED_RIGHT = re.compile(
    r"""\s(?= C[ỘO]NG\s+H[ÒO][AÀ]\s+X[ÃA]\s+H[ỘO]I
            | Độc\s+lập\s*[-–—]?\s*Tự\s+do
            | (?:Đ[ẢA]NG\s+C[ỘO]NG\s+S[ẢA]N\s+VI[ỆE]T\s+NAM|ĐO[ÀA]N\s+TNCS\s+H[ỒO]\s+CH[ÍI]\s+MINH)\s*$ )""",
    re.VERBOSE,
)
PLACE_WORD = re.compile(r"^(?:[A-ZĐÀ-Ỹ][a-zđà-ỹ]+|phố|xã|thị|trấn)$")  # `Lâm`, `Đồng`, `Thành phố Hồ Chí Minh`
MAX_PLACE_WORDS = 6


def _glued_place_date(line: str) -> int | None:
    """Where a place-date glued after the left column starts: `Số: /BC-UBND Lâm Đồng, ngày ...`."""
    m = re.search(r",\s*ngày\b[\s\d.…_]{0,12}tháng\b", line)  # written in full in a header
    if not m:
        return None
    words = list(re.finditer(r"\S+", line[: m.start()]))
    place = 0
    while place < min(len(words), MAX_PLACE_WORDS) and PLACE_WORD.match(words[-1 - place].group()):
        place += 1
    if not place or place == len(words) or not words[-place].group()[0].isupper():
        return None
    return words[-place].start()


def split_at_right_column(line: str) -> tuple[str, str] | None:
    """`ỦY BAN NHÂN DÂN      CỘNG HÒA XÃ HỘI ...` → the two columns, when a wide gap (or, for a
    Quốc hiệu, motto or place-date, one space) precedes the start of the right column; None for
    a line of one column."""
    line = _nfc(line)
    for gap in WIDE_GAP.finditer(line):
        left, right = line[: gap.start()], line[gap.end() :]
        if left.strip() and RIGHT_COLUMN_START.match(right):
            return left.strip(), right.strip()
    glued = GLUED_RIGHT.search(line)
    cut = glued.end() if glued else _glued_place_date(line)
    if cut is not None and line[:cut].strip():
        return line[:cut].strip(), line[cut:].strip()
    return None


def unflatten_spaced_header(lines: list[str]) -> tuple[list[str], list[str], int] | None:
    """The left and right columns of a header typed with spaces or tabs, and how many of `lines`
    they take; None when the first lines are not two columns side by side."""
    placed: list[tuple[int, str, str]] = []  # (line index, left part, right part)
    seen = 0
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        seen += 1
        if seen > HEADER_ZONE_LINES:
            break
        pair = split_at_right_column(line)
        if pair:
            placed.append((i, *pair))
        elif placed and RIGHT_COLUMN_START.match(_nfc(line).strip()):
            placed.append((i, "", line.strip()))
        else:
            placed.append((i, line.strip(), ""))
    splits = [k for k, (_, left, right) in enumerate(placed) if left and right]
    if len(splits) < 2:
        return None
    placed = placed[: max(k for k, p in enumerate(placed) if p[2]) + 1]
    left = [p[1] for p in placed if p[1]]
    right = [p[2] for p in placed if p[2]]
    return left, right, placed[-1][0] + 1


def unflatten_leading_paragraphs(texts: list[str]) -> tuple[list[str], int] | None:
    """A header typed with tabs in the first paragraphs of a document (`UBND TỈNH X<tab>CỘNG HÒA
    ...`): the left and right column texts replacing the first `n` paragraphs, and `n`."""
    lines: list[tuple[int, str]] = []  # (paragraph, line)
    for i, text in enumerate(texts[:HEADER_ZONE_LINES]):
        lines.extend((i, line) for line in text.split("\n"))
    found = unflatten_spaced_header([line for _, line in lines])
    if not found:
        return None
    left, right, taken = found
    last = lines[taken - 1][0]
    rest = [line for i, line in lines[taken:] if i == last]  # lines of the last paragraph left over
    columns = ["\n".join(left), "\n".join(right)] + (["\n".join(rest)] if any(x.strip() for x in rest) else [])
    return columns, last + 1
