"""Tables of the outline: DOCX table rows and tables flattened into text, cells named by column.

A table's header row names its columns (`Nội dung`, `Cơ quan chủ trì`, `Cơ quan phối hợp`, `Thời
gian hoàn thành`, `Sản phẩm`; synonyms are data: pipeline/data/layout.yaml `columns`). Every row
after it gets its cells by column; a row that names no task or lead (`I. NHÓM NHIỆM VỤ …`) is a
group row, a heading for the rows under it. A table flattened into text by a PDF or web copy is
rebuilt the same way, from either of two layouts:
- cells joined by ` | ` on one line per row;
- one cell per line after a header of column names on consecutive lines (a header cell may wrap
  onto a lowercase next line); a row opens with its number; a body cell that wraps over lines is
  rejoined when the lead column follows the task (the lead cell opens with a body's head noun).
Cells merged down over several rows are written once, in the first of them: a row with no number and
no task of its own ('|  | Kế hoạch tự kiểm tra … | Ban hành kế hoạch trong tháng 01/2026 … | Các cơ
quan, đơn vị …') takes the task (and an empty time cell the time) of the row above; in a table laid
one cell per line, a sub-task with its own lead after a row's last cell takes the cells it leaves out
(the time, the partners) from that row.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..datafiles import load_yaml
from ..model import Block, Span
from ..scanning import scanner

ROW_NUMBER = scanner(r"\s*\d{1,3}(?:\.\d{1,2}){0,3}\.?\s*$")  # '3', '3.', '2.1', '5.1.2'
GROUP_ROW = scanner(r"\s*(?:[IVXLC]{1,6}\.?(?:\s|$)|[A-Z]\.?\s*$)")  # 'II. Phát triển …', 'A'
TABLE_END = scanner(r"\s*(?:PHỤ\s+LỤC|Phụ\s+lục\s+[IVX\d]|Nơi\s+nhận)")
# a line that ends inside a name goes on on the next line ('Sở Khoa học và' / 'Công nghệ')
NUMBER_HEADER = scanner(r"(?i)\s*(?:stt|tt|số\s*tt)\s*$")  # the first header cell of a table laid one cell per line
LINE = scanner(r"[^\n]+")
ANY_NUMBER_HEADER = scanner(r"(?im)^[ \t]*(?:stt|tt|số[ \t]*tt)[ \t]*$")
OPEN_END = scanner(r"(?:\s(?:và|của|các)|[,;&-])\s*$")


@cache
def layout() -> dict:
    return load_yaml(resources.files("pipeline").joinpath("data/layout.yaml").read_text("utf-8"))


@cache
def _columns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((name, re.compile("|".join(parts))) for name, parts in layout()["columns"].items())


@cache
def _name_start() -> re.Pattern[str]:
    """A line opening with a body's head noun ('Sở Tư pháp', 'UBND các huyện', 'Các sở, ngành')."""
    raw = load_yaml(resources.files("pipeline").joinpath("data/actors.yaml").read_text("utf-8"))
    heads = "|".join(re.escape(h) for h in sorted(set(raw["heads"]), key=len, reverse=True))
    return re.compile(rf"\s*(?:Các\s+\w|{heads})(?!\w)")


def column_of(cell: str) -> str | None:
    """The column a header cell names (task, lead, support, deadline, output, report, no), or None."""
    low = " ".join(cell.lower().split())
    if not low or len(low) > 60:
        return None
    return next((name for name, pattern in _columns() if pattern.search(low)), None)


def header_columns(names: list[str | None]) -> bool:
    """Is a row of column names an assignment table's header (a task and a lead column)?"""
    return "task" in names and "lead" in names


@dataclass(frozen=True)
class Row:
    """A row of a table: its span, its cells by column, and its role (header | group | task)."""

    span: Span
    cells: tuple[tuple[str, Span], ...]
    role: str
    block: int | None = None


def docx_rows(text: str, blocks: tuple[Block, ...], table: int) -> list[Row]:
    """The rows of one DOCX table, their cells named from the header row (the first that names columns)."""
    rows = [(bi, b) for bi, b in enumerate(blocks) if b.kind == "table_row" and b.table == table]
    names: list[str | None] | None = None
    out: list[Row] = []
    for bi, block in rows:
        found = [column_of(c.of(text)) for c in block.cells]
        if names is None and sum(n is not None for n in found) >= 2:
            names = found
            out.append(Row(block.span, (), "header", bi))
            continue
        if names is None or "report" in names:  # before the header, or a progress table: no task rows
            out.append(Row(block.span, (), "header" if names is None else "report", bi))
            continue
        cells = tuple((n, c) for n, c in zip(names, block.cells, strict=False) if n and c.end > c.start)
        role = "task" if header_columns(names) and any(n == "lead" for n, _ in cells) else "group"
        out.append(Row(block.span, _first(cells), role, bi))
    return merged(out)


MERGED = ("task", "deadline")  # the cells a continuation row takes from the row above when it leaves them empty


def merged(rows: list[Row]) -> list[Row]:
    """A task row with a lead but no number and no task of its own continues the task row above (its
    task cell merged down): it takes that row's task, and its time when it has none (the time of the row
    just above, itself perhaps merged down)."""
    out: list[Row] = []
    above: Row | None = None
    for row in rows:
        cells = dict(row.cells)
        if row.role == "task" and above is not None and _empty(cells.get("task")) and _empty(cells.get("no")) \
                and not _empty(cells.get("lead")):
            taken = {n: c for n, c in above.cells if n in MERGED and _empty(cells.get(n)) and not _empty(c)}
            row = Row(row.span, tuple((n, c) for n, c in row.cells if n not in taken) + tuple(taken.items()),
                      row.role, row.block)
        out.append(row)
        # the row a next continuation row reads: this one once it has a task (its cells merged down, or its own)
        above = row if row.role == "task" and not _empty(dict(row.cells).get("task")) else \
            None if row.role != "task" else above
    return out


def _empty(cell: Span | None) -> bool:
    return cell is None or cell.end <= cell.start


def _first(cells: tuple[tuple[str, Span], ...]) -> tuple[tuple[str, Span], ...]:
    """One cell per column name (a table with two 'Nội dung' columns keeps the first)."""
    seen: set[str] = set()
    out = []
    for name, span in cells:
        if name not in seen:
            seen.add(name)
            out.append((name, span))
    return tuple(out)


# ------------------------------------------------------------------ tables flattened into text


def text_tables(text: str, body: Span, covered: list[Span]) -> list[list[Row]]:
    """Assignment tables written 'a | b | c' per line, or one cell per line after a header of column
    names on consecutive lines (PDF and web copies), in text[body]; lines in `covered` (DOCX rows) skipped."""
    if text.count("|", body.start, body.end) < 2 and not ANY_NUMBER_HEADER.search(text, body.start, body.end):
        return []  # no table laid out in text here (the common case: skip the line-by-line pass)
    starts = sorted(c.start for c in covered)
    ends = {c.start: c.end for c in covered}
    lines = [Span(m.start(), m.end()) for m in LINE.finditer(text, body.start, body.end)
             if not _inside(Span(m.start(), m.end()), starts, ends)]
    tables: list[list[Row]] = []
    i = 0
    while i < len(lines):
        line = lines[i].of(text)
        if line.count("|") >= 2:
            names = [column_of(c.of(text)) for c in _bar_cells(text, lines[i])]
            if header_columns(names):
                rows = [Row(lines[i], (), "header")]
                i += 1
                while i < len(lines) and lines[i].of(text).count("|") >= 2:
                    cells = _bar_cells(text, lines[i])
                    named = tuple((n, c) for n, c in zip(names, cells, strict=False) if n)
                    rows.append(Row(lines[i], () if "report" in names else _first(named), "report" if "report"
                                    in names else "task"))
                    i += 1
                tables.append(merged(rows))
                continue
        if NUMBER_HEADER.match(line):
            header: list[str] = []
            j = i + 1
            while j < len(lines) and len(header) < 9:
                cell = lines[j].of(text).strip()
                name = column_of(cell)
                if name and name not in header and not GROUP_ROW.match(cell):
                    header.append(name)
                elif name is None and _last_header_cell(text, lines, j, header):
                    header.append("other")  # 'Nguồn kinh phí': a column of no use here, still a cell of every row
                elif not (header and len(cell.split()) <= 2 and cell[:1].islower()):
                    break  # else a header cell wrapped onto the next line ('Nhiệm vụ, giải' / 'pháp')
                j += 1
            if header_columns(list(header)):
                found, k = _stacked_rows(text, lines, j, header)
                head = Row(Span(lines[i].start, lines[j - 1].end), (), "header")
                # a progress table's rows are read (no unit of the body) but give no duty
                tables.append([head] + [Row(r.span, (), "report") if "report" in header else r for r in found])
                i = k
                continue
        i += 1
    return tables


def _last_header_cell(text: str, lines: list[Span], j: int, header: list[str]) -> bool:
    """A short capitalised header cell naming no known column, right before the first row ('1', 'I')."""
    cell = lines[j].of(text).strip()
    nxt = lines[j + 1] if j + 1 < len(lines) else None
    return "task" in header and "lead" in header and cell[:1].isupper() and len(cell.split()) <= 5 and not GROUP_ROW.match(cell) \
        and nxt is not None and bool(ROW_NUMBER.fullmatch(nxt.of(text)) or GROUP_ROW.match(text, nxt.start, nxt.end))


def _inside(line: Span, starts: list[int], ends: dict[int, int]) -> bool:
    k = bisect.bisect_right(starts, line.start) - 1
    return k >= 0 and line.end <= ends[starts[k]]


def _bar_cells(text: str, line: Span) -> list[Span]:
    out, start = [], line.start
    for m in re.finditer(r"\|", text[line.start : line.end]):
        out.append(_strip(text, start, line.start + m.start()))
        start = line.start + m.end()
    out.append(_strip(text, start, line.end))
    return out


def _strip(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def _stacked_rows(text: str, lines: list[Span], i: int, header: list[str]) -> tuple[list[Row], int]:
    """One cell per line: a row opens with its number; the cells after the task take one line each."""
    after = header[header.index("task") + 1 :]
    rows: list[Row] = []
    while i < len(lines) and not _ends_table(text, lines[i]):
        if not ROW_NUMBER.fullmatch(lines[i].of(text)):
            rows.append(Row(lines[i], (), "group"))  # a group row ('I. NÂNG CAO NHẬN THỨC …') or a wrapped title
            i += 1
            continue
        j = i + 1
        while j < len(lines) and not ROW_NUMBER.fullmatch(lines[j].of(text)) \
                and not GROUP_ROW.match(text, lines[j].start, lines[j].end) \
                and not _ends_table(text, lines[j]):
            j += 1
        body = lines[i + 1 : j]
        cells = _wrapped_cells(text, body, after)
        if cells is None and len(body) > len(after):
            task = Span(body[0].start, body[len(body) - len(after) - 1].end)
            cells = {"task": task} | dict(zip(after, body[len(body) - len(after) :], strict=True))
        start = lines[i].start
        while cells is not None:
            rest = cells.pop("rest", None)
            upto = body.index(rest) if rest is not None else len(body)
            rows.append(Row(Span(start, body[upto - 1].end), tuple(cells.items()), "task"))
            if rest is None:
                break
            # a sub-task with a lead of its own after the row's last cell: the cells it leaves out are merged down
            body, start = body[upto:], rest.start
            sub = _wrapped_cells(text, body, after)
            cells = None if sub is None else cells | sub
        i = j
    return rows, i


def _ends_table(text: str, line: Span) -> bool:
    """An annex title, Nơi nhận, or the header of another table ('STT', 'a | b | c')."""
    return bool(TABLE_END.match(text, line.start, line.end)) or line.of(text).count("|") >= 2 \
        or NUMBER_HEADER.match(text, line.start, line.end) is not None


def _wrapped_cells(text: str, body: list[Span], after: list[str]) -> dict[str, Span] | None:
    """The cells of a row whose cells wrap over several lines, when the lead column follows the task:
    the task runs up to the first line that opens with a body's name ('Sở Tư pháp'); after it, a line
    that opens in lowercase continues the cell above ('Các sở, …; Các' / 'doanh nghiệp …')."""
    if not after or after[0] != "lead" or len(body) < 2:
        return None
    lead = next((k for k in range(1, len(body)) if _name_start().match(text, body[k].start, body[k].end)
                 and len(body[k].of(text).split()) <= 15), None)
    if lead is None:
        return None
    cells: list[Span] = []
    rest: Span | None = None  # a line that opens a cell past the last column: a sub-task's first line
    for k, line in enumerate(body[lead:], lead):
        if cells and (text[line.start : line.start + 1].islower() or OPEN_END.search(cells[-1].of(text))):
            cells[-1] = Span(cells[-1].start, line.end)
        elif len(cells) == len(after):
            rest = body[k]
            break
        else:
            cells.append(line)
    found: dict[str, Span] = {"task": Span(body[0].start, body[lead - 1].end)} | dict(zip(after, cells, strict=False))
    if rest is not None:
        k = body.index(rest)
        if _name_start().match(text, rest.start, rest.end) or not any(
                _name_start().match(text, b.start, b.end) for b in body[k + 1 :]):
            return None  # a task opens with no body's name and has a lead after it: else the cells are not what they seem
        found["rest"] = rest
    return found
