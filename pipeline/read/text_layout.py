"""Blocks of a plain text (antiword's output, or the text of a published page) whose layout
tables were flattened into lines.

Three flattenings are met:
- antiword's `|cell|cell|` lines, one per line of a table row;
- `cell | cell` rows, where each cell's lines were joined with line breaks: the header reads
  `ỦY BAN NHÂN DÂN` / `TỈNH LÂM ĐỒNG | CỘNG HÒA XÃ HỘI ...` / `Độc lập - Tự do - Hạnh phúc`;
- a header typed with spaces or tabs between the two columns.
Header and signature tables come out column after column (left column first, each line on its
own), data tables as rows of cells, everything else as paragraphs split at blank lines.
"""
from __future__ import annotations

import re
import unicodedata

from ..model import RawBlock
from .layout import (
    ADDRESS_ROW,
    LAYOUT_CUE,
    RIGHT_COLUMN_START,
    column_lines,
    is_layout_table,
    is_task_header,
    unflatten_spaced_header,
)

TABLE_LINE = re.compile(r"^\s*\|.*\|\s*$")
MAX_LAYOUT_LINES = 40  # antiword writes one line per line of a row: a long Nơi nhận list is one table

RULE_CELL = re.compile(r"^:?-{3,}:?$")
PIPE = re.compile(r"(?:^|\s)\|(?:\s|$)")  # ` | ` between two cells, or a cell left empty at an end
HEADER_LINES = 12  # non-empty lines at the top of a text where the header stands
LEFT_START = re.compile(r"^\s*(?:Số\s*:|V/v\b|\*+$|-{3,}$)")
PLACE_DATE = re.compile(r"[^\s,:/][^,:/]{0,40},\s*ngày\b[\s\d.…_]{0,12}tháng\b")  # written in full
NOI_NHAN = re.compile(r"^\s*Nơi\s+nhận\b")
APPENDIX = re.compile(r"^\s*(?:PHỤ\s+LỤC|Phụ\s+lục)\b")
SIGNATURE_GAP = 4  # blank lines left for the handwritten signature
SIGNATURE_RIGHT = re.compile(r"^\s*(?:TM|KT|TL|TUQ|Q|T/M|K/T|T/L)\s*[.:/]?\s+[A-ZĐÀ-Ỹ]|^\s*[A-ZĐÀ-Ỹ ]{4,}$")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _cells(line: str) -> list[str]:
    return [c.strip() for c in PIPE.split(line)]


def _is_pipe_row(line: str) -> bool:
    return bool(PIPE.search(line)) and not TABLE_LINE.match(line)


def text_blocks(text: str) -> tuple[RawBlock, ...]:
    """Blocks of a whole text: header columns, tables, paragraphs, signature columns."""
    lines = [_nfc(x) for x in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    head: list[RawBlock] = []
    header = pipe_header(lines)
    if header:
        left, right, taken = header
        head = [RawBlock("\n".join(col)) for col in (left, right) if col]
        lines = lines[taken:]
    tail: list[RawBlock] = []
    signature = pipe_signature(lines)
    if signature:
        start, end, left, right = signature
        tail = [RawBlock("\n".join(col)) for col in (left, right) if col]
        tail += list(_run_blocks(lines[end:], first=False))
        lines = lines[:start]
    return tuple(head) + _run_blocks(lines, first=not head) + tuple(tail)


def _run_blocks(lines: list[str], first: bool) -> tuple[RawBlock, ...]:
    """Paragraphs split at blank lines; antiword's `|cell|cell|` lines grouped into tables."""
    blocks: list[RawBlock] = []
    table_no = 0
    for n, chunk in enumerate(_runs(lines)):
        if not TABLE_LINE.match(chunk[0]):
            header = unflatten_spaced_header(chunk) if n == 0 and first else None
            if header:  # a header typed with spaces: left column, then right column
                left, right, taken = header
                blocks.extend((RawBlock("\n".join(left)), RawBlock("\n".join(right))))
                chunk = chunk[taken:]
            chunk = [_address_row(line) for line in chunk]
            for para in re.split(r"\n[ \t\u00a0]*\n", "\n".join(chunk)):
                if para.strip():
                    found = pipe_table(para.split("\n"), table_no)
                    blocks.extend(found or [RawBlock(para)])
                    table_no += bool(found)
            continue
        rows = [[c.strip() for c in line.strip()[1:-1].split("|")] for line in chunk]
        rows = [r for r in rows if not all(RULE_CELL.match(c) for c in r)]  # markdown's |---|---|
        if not rows:
            continue
        if is_layout_table(rows, max_rows=MAX_LAYOUT_LINES):
            blocks.extend(RawBlock("\n".join(col)) for col in column_lines(rows))
            continue
        for cells in _merge_wrapped_rows(rows):
            if any(cells):
                blocks.append(RawBlock("", kind="table_row", cells=tuple(cells), table=table_no))
        table_no += 1
    return tuple(blocks)


def _merge_wrapped_rows(rows: list[list[str]]) -> list[list[str]]:
    """antiword writes a row whose cells wrap as several lines; in a numbered table (STT | ...)
    a line with an empty first cell whose cells go on in lower case continues the row above, cell
    by cell (`Tên cơ quan ban hành văn bản, cơ quan sao` + `văn bản`); a line whose cells start
    anew (`- Tên cơ quan cấp trên trực tiếp`) is a row of its own."""
    if not is_task_header(rows[0]):
        return rows
    merged: list[list[str]] = []
    for cells in rows:
        goes_on = all(c[0].islower() or c[0] == "(" for c in cells if c)
        if merged and not cells[0] and goes_on and len(cells) == len(merged[-1]):
            merged[-1] = [f"{a} {b}".strip() for a, b in zip(merged[-1], cells, strict=True)]
        else:
            merged.append(list(cells))
    return merged


def _address_row(line: str) -> str:
    """`Kính gửi: | - Sở Tư pháp;` → the label and the first addressee on lines of their own."""
    if ADDRESS_ROW.match(line) and _is_pipe_row(line):
        return "\n".join(c for c in _cells(line) if c)
    return line


def _runs(lines: list[str]) -> list[list[str]]:
    """Consecutive lines grouped into table runs and text runs (blank lines end a table)."""
    runs: list[list[str]] = []
    for line in lines:
        is_table = bool(TABLE_LINE.match(line))
        if runs and bool(TABLE_LINE.match(runs[-1][0])) == is_table and (line.strip() or not is_table):
            runs[-1].append(line)
        elif line.strip() or runs:
            runs.append([line])
    return [r for r in runs if any(x.strip() for x in r)]


# ------------------------------------------------------------------ `cell | cell` rows

NEW_PARAGRAPH = re.compile(r"^\s*(?:[-+•]\s|[a-zđ]\)\s|\d{1,2}\.\s|[IVX]{1,5}\.\s)")  # a list item or heading
MAX_CELL_TAIL = 100  # a longer line under a complete row is body text, not the rest of a cell


def pipe_table(lines: list[str], table: int) -> list[RawBlock] | None:
    """A data table flattened into `cell | cell` lines, where a cell's own line breaks split a row
    over several lines: rows rebuilt from the header row's width. None unless the paragraph's
    first `|` line is a table header (STT | Nội dung | ...)."""
    first = next((i for i, x in enumerate(lines) if _is_pipe_row(x)), None)
    if first is None or not is_task_header(_cells(lines[first])):
        return None
    width = max(len(_cells(x)) for x in lines if _is_pipe_row(x))
    rows: list[list[str]] = []
    end = len(lines)
    for i in range(first, len(lines)):
        line = lines[i]
        complete = bool(rows) and len(rows[-1]) >= width
        if not _is_pipe_row(line):
            if not rows or (complete and (NEW_PARAGRAPH.match(line) or len(line.strip()) > MAX_CELL_TAIL)):
                end = i  # the table is over: body text follows
                break
            rows[-1][-1] = f"{rows[-1][-1]} {line.strip()}".strip()  # a cell's next line
            continue
        cells = _cells(line)
        if not rows or complete or len(rows[-1]) + len(cells) - 1 > width:
            rows.append(cells)
        else:  # the row goes on: its last cell continues, the others follow
            rows[-1][-1] = f"{rows[-1][-1]} {cells[0]}".strip()
            rows[-1].extend(cells[1:])
    blocks = [RawBlock("\n".join(lines[:first]))] if any(x.strip() for x in lines[:first]) else []
    blocks += [RawBlock("", kind="table_row", cells=tuple(r + [""] * (width - len(r))), table=table) for r in rows]
    if any(x.strip() for x in lines[end:]):
        blocks.append(RawBlock("\n".join(lines[end:])))
    return blocks


def pipe_header(lines: list[str]) -> tuple[list[str], list[str], int] | None:
    """Left and right columns of a header table flattened into `cell | cell` rows, and how many
    lines it takes; None when the top of the text has no such row."""
    top = [i for i, x in enumerate(lines) if x.strip()][:HEADER_LINES]
    rows = [i for i in top if _is_pipe_row(lines[i]) and LAYOUT_CUE.search(lines[i])]
    if not rows:
        return None
    # the header runs to its last `|` row or place-date line, before any "Kính gửi" row
    stop = next((i for i in top if ADDRESS_ROW.match(lines[i])), None)
    ends = [i for i in top if (_is_pipe_row(lines[i]) or PLACE_DATE.search(lines[i])) and (stop is None or i < stop)]
    if not ends:  # a 'Kính gửi: | …' row above every header row: no header table at the top
        return None
    end = max(ends) + 1
    left: list[str] = []
    right: list[str] = []
    column = left
    for line in lines[:end]:
        if not line.strip():
            continue
        if _is_pipe_row(line):
            cells = _cells(line)
            left.extend(c for c in cells[:1] if c)
            right.extend(c for c in cells[1:] if c)
            column = right
        elif RIGHT_COLUMN_START.match(line.strip()):
            right.append(line.strip())
            column = right
        elif LEFT_START.match(line):
            left.append(line.strip())
        else:
            column.append(line.strip())
    if not left or not right:
        return None
    return left, right, end


def pipe_signature(lines: list[str]) -> tuple[int, int, list[str], list[str]] | None:
    """Where a `Nơi nhận ... | KT. CHỦ TỊCH ...` signature row starts and ends, and its two
    columns; None when the Nơi nhận list has no signer beside it."""
    start = next((i for i in range(len(lines) - 1, -1, -1) if NOI_NHAN.match(lines[i])), None)
    if start is None:
        return None
    row = next((i for i in range(start, min(len(lines), start + 40))
                if _is_pipe_row(lines[i]) and SIGNATURE_RIGHT.match(_cells(lines[i])[-1] or "")), None)
    if row is None:
        return None
    cells = _cells(lines[row])
    left = [x.strip() for x in lines[start:row] if x.strip()] + [c for c in cells[:-1] if c]
    right = [cells[-1]]
    end, blank = row + 1, 0
    # the signer's title and name, below it after the space left for the signature
    while end < len(lines) and blank <= SIGNATURE_GAP and len(lines[end].strip()) <= 60:
        if APPENDIX.match(lines[end]):
            break
        if lines[end].strip():
            right.append(lines[end].strip())
            blank = 0
        else:
            blank += 1
        end += 1
    return start, end, left, right
