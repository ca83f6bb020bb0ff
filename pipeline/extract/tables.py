"""Assignment tables and bullet blocks (domain doc §8.2).

- Tables: a row of cells whose headers name the columns (Nội dung / Nhiệm vụ, Cơ quan chủ trì,
  Cơ quan phối hợp, Thời gian hoàn thành, Sản phẩm); one obligation per task row; a row with no
  lead body (`I. NHÓM NHIỆM VỤ …`) is a group heading, not a task.
- Bullet blocks: tasks listed first, then `Đơn vị chủ trì: X`, `Đơn vị phối hợp: Y`,
  `Thời gian thực hiện: …` lines that give their actor, partners and deadline.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..model import Deadline, Document, Sentence, Span
from .actors import head_re, split_actors
from .drafts import Draft, deadlines_in, draft, extras
from .triggers import find_triggers, task_start_re

COLUMNS = (  # checked in this order: 'Thời gian thực hiện' is a deadline, 'phối hợp thực hiện' support
    ("no", re.compile(r"^(?:stt|tt|số\s*tt)$")),
    # a progress table ('Kết quả thực hiện', 'Tình hình thực hiện') reports on tasks given earlier: no new duty
    ("report", re.compile(r"kết\s*quả\s*(?:thực\s*hiện|đạt\s*được|triển\s*khai)|tình\s*hình\s*(?:thực\s*hiện|triển\s*khai)"
                          r"|mức\s*độ\s*hoàn\s*thành")),
    ("deadline", re.compile(r"thời\s*gian|thời\s*hạn|tiến\s*độ|hoàn\s*thành")),
    ("support", re.compile(r"phối\s*hợp")),
    ("lead", re.compile(r"chủ\s*trì|trách\s*nhiệm\s*thực\s*hiện|(?:cơ\s*quan|đơn\s*vị)[^\n]{0,20}thực\s*hiện|phụ\s*trách\s*thực\s*hiện")),
    ("output", re.compile(r"sản\s*phẩm|kết\s*quả|hình\s*thức")),
    ("task", re.compile(r"nội\s*dung|nhiệm\s*vụ|công\s*việc|giải\s*pháp|hoạt\s*động")),
)


def bodies(text: str, cell: Span) -> list[str]:
    """The bodies named in a partner cell ('Quý IV/2026' in a shifted cell names none)."""
    return [a.name for a in split_actors(text, cell) if head_re(any_case=True).match(a.name)]


def column_of(cell: str) -> str | None:
    if len(cell) > 80:
        return None
    low = re.sub(r"\s+", " ", cell.lower()).strip()
    if not low or len(low) > 60:
        return None
    return next((name for name, pattern in COLUMNS if pattern.search(low)), None)


class TableReader:
    """Reads the rows of DOCX tables whose header row names a task and a lead column."""

    def __init__(self, doc: Document, deadlines: tuple[Deadline, ...]) -> None:
        self.doc, self.deadlines = doc, deadlines
        self.columns: dict[int, tuple[int, dict[str, int]]] = {}  # table -> (header block, column -> cell)
        for bi, block in enumerate(doc.blocks):
            if block.kind != "table_row" or block.table is None or block.table in self.columns:
                continue
            names: dict[str, int] = {}
            for ci, cell in enumerate(block.cells):
                name = column_of(cell.of(doc.text))
                if name and name not in names:
                    names[name] = ci
            if "task" in names and "lead" in names and "report" not in names:
                self.columns[block.table] = (bi, names)

    def rows_outside(self, seen: set[int]) -> list[Draft]:
        """Task rows of assignment tables that the body's units did not cover (a Phụ lục after Nơi nhận)."""
        out: list[Draft] = []
        for bi, block in enumerate(self.doc.blocks):
            if bi in seen or block.kind != "table_row" or block.table not in self.columns:
                continue
            out.extend(self.row(Sentence(block.span, None, "row", bi)) or [])
        return out

    def row(self, sent: Sentence) -> list[Draft] | None:
        """The obligation of a task row ([] for a header or group row); None if not a table row."""
        if sent.block is None or sent.kind != "row":
            return None
        block = self.doc.blocks[sent.block]
        if block.table is None or block.table not in self.columns:
            return None
        header, names = self.columns[block.table]
        if sent.block <= header:
            return []
        cells = block.cells

        def cell(name: str) -> Span | None:
            i = names.get(name)
            return cells[i] if i is not None and i < len(cells) else None

        task, lead = cell("task"), cell("lead")
        if task is None or lead is None or not lead.of(self.doc.text).strip():
            return []
        if not head_re(any_case=True).search(self.doc.text, lead.start, min(lead.end, lead.start + 20)):
            return []  # 'Theo phân công tại Quyết định …' names no body ('Lãnh đạo Sở Y tế' does)
        actors = split_actors(self.doc.text, lead)
        if not actors:
            return []
        d = draft(self.doc.text, sent, sent.span, actors, task, "table", self.deadlines)
        support = cell("support")
        if support is not None:
            d.partners = bodies(self.doc.text, support)
        due = cell("deadline")
        if due is not None:
            d.deadlines = sorted(set(d.deadlines) | set(deadlines_in(self.deadlines, due)))
        return [d]


LINE = re.compile(
    r"""(?:(?P<lead>(?:Đơn\s*vị|Cơ\s*quan)(?:\s*[,/]\s*đơn\s*vị)?\s+(?:chủ\s*trì|thực\s*hiện|chịu\s*trách\s*nhiệm)[^:.;]{0,40})
         |(?P<support>(?:Đơn\s*vị|Cơ\s*quan)(?:\s*[,/]\s*đơn\s*vị)?\s+phối\s*hợp[^:.;]{0,30})
         |(?P<time>Thời\s*gian(?:\s+thực\s*hiện|\s+hoàn\s*thành)?|Thời\s*hạn(?:\s+hoàn\s*thành)?|Tiến\s*độ(?:\s+thực\s*hiện)?)
         |(?P<content>Nội\s*dung(?:\s+công\s*việc|\s+thực\s*hiện)?))\s*:\s*""",
    re.VERBOSE,
)
# 'Thời gian thực hiện hoàn thành xong trước ngày 05 tháng 12 năm 2025.' (no colon)
TIME_LINE = re.compile(r"Thời\s*(?:gian|hạn)(?:\s+thực\s*hiện)?(?:\s+hoàn\s*thành)?(?:\s+xong)?\s+(?=trước|trong|chậm|từ|đến)")
HEADING_MARKERS = ("roman", "arabic", "dieu", "multi1", "multi2", "multi3")


@dataclass
class Task:
    body: Span
    sent: Sentence
    marker: str | None


class BulletBlocks:
    """Tasks waiting for the `Đơn vị chủ trì: …` line that names their actor."""

    def __init__(self, text: str, deadlines: tuple[Deadline, ...]) -> None:
        self.text, self.deadlines = text, deadlines
        self.tasks: list[Task] = []
        self.closed: list[Draft] = []
        self.has_duty = False  # the current heading already has items with their own actors
        self.last: Draft | None = None  # the duty stated just before

    def pending(self, body: Span, sent: Sentence, marker: str | None) -> None:
        """A unit with no actor of its own: it may be a task of the next lead line."""
        if marker in HEADING_MARKERS:
            self.tasks, self.has_duty = [], False
        if task_start_re().match(self.text, body.start, body.end):  # 'a) Hoạt động 1' is a label
            self.tasks.append(Task(body, sent, marker))

    def covered(self, last: Draft) -> None:
        """A unit stated its own duty: the heading above it is a topic, not a task."""
        self.has_duty, self.last = True, last

    def line(self, body: Span, sent: Sentence) -> list[Draft] | None:
        """The drafts closed by a lead line ([] for other block lines); None for any other unit."""
        m = LINE.match(self.text, body.start, body.end) or TIME_LINE.match(self.text, body.start, body.end)
        if not m:
            return None
        value = Span(m.end(), body.end)
        if m.re is LINE and m["content"]:
            self.tasks = [t for t in self.tasks if t.marker == "content"] + [Task(value, sent, "content")]
            return []
        if m.re is LINE and m["lead"]:
            # 'Cơ quan thực hiện: Sở Nội vụ chủ trì, phối hợp với …' is itself a sentence with a trigger
            said = [(t, t.action) for t in find_triggers(self.text, value) if t.action is not None]
            actors = said[0][0].actors if said else split_actors(self.text, value)
            partners = extras(self.text, Span(said[0][1], value.end))[0] if said else []
            items = [t for t in self.tasks if t.marker not in HEADING_MARKERS] or (
                [] if self.has_duty else self.tasks)
            self.closed = [draft(self.text, t.sent, t.sent.span, actors, t.body, "block", self.deadlines)
                           for t in items] if actors else []
            for d in self.closed:
                d.partners.extend(p for p in partners if p not in d.partners)
            self.tasks = []
            return self.closed
        if m.re is LINE and m["support"]:
            for d in self.closed:
                d.partners.extend(a.name for a in split_actors(self.text, value))
            return []
        line = [i for i, dl in enumerate(self.deadlines) if dl.span.start < body.end and dl.span.end > body.start]
        for d in self.closed:  # time line: every deadline that overlaps it
            d.deadlines.extend(line)
        if not self.closed and self.last is not None and not self.last.deadlines:
            self.last.deadlines.extend(line)  # 'Thời gian hoàn thành trước ngày …' after an ordinary duty
        self.closed = []
        return []


# ------------------------------------------------------------------ tables flattened into text

ROW_NUMBER = re.compile(r"\s*\d{1,3}(?:\.\d{1,2}){0,3}\.?\s*$")  # '3', '3.', '2.1', '5.1.2'
GROUP_ROW = re.compile(r"\s*(?:[IVXLC]{1,6}\.?(?:\s|$)|[A-Z]\.?\s*$)")  # 'II. Phát triển …', 'A'

TABLE_END = re.compile(r"\s*(?:PHỤ\s+LỤC|Phụ\s+lục\s+[IVX\d]|Nơi\s+nhận)")


@dataclass(frozen=True)
class TextRow:
    """A task row of a table that the reader left as text: its span and its cells by column."""

    span: Span
    cells: dict[str, Span]


def lines_of(text: str) -> list[Span]:
    return [Span(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


def text_rows(text: str, covered: list[Span]) -> list[TextRow]:
    """Rows of assignment tables written 'a | b | c' per line, or one cell per line after a header
    of column names on consecutive lines (PDF and web copies); lines in `covered` (DOCX rows) skipped."""
    starts = sorted(c.start for c in covered)
    ends = {c.start: c.end for c in covered}
    lines = [s for s in lines_of(text) if not inside(s, starts, ends)]
    rows: list[TextRow] = []
    i = 0
    while i < len(lines):
        line = lines[i].of(text)
        if line.count("|") >= 2:
            names = {column_of(c.of(text)): k for k, c in enumerate(cells_of(text, lines[i]))}
            if "task" in names and "lead" in names:
                i += 1
                while i < len(lines) and lines[i].of(text).count("|") >= 2:
                    cells = cells_of(text, lines[i])
                    rows.append(TextRow(lines[i], {} if "report" in names else
                                        {n: cells[k] for n, k in names.items() if n and k < len(cells)}))
                    i += 1
                continue
        if column_of(line) == "no":
            header: list[str] = []
            j = i + 1
            while j < len(lines) and len(header) < 9:
                cell = lines[j].of(text).strip()
                name = column_of(cell)
                if name:
                    header.append(name)
                elif header and len(cell.split()) <= 2 and cell[:1].islower():
                    pass  # a header cell wrapped onto the next line ('Nhiệm vụ, giải' / 'pháp')
                else:
                    break
                j += 1
            if "task" in header and "lead" in header:
                found, i = stacked_rows(text, lines, j, header)
                # a progress table's rows are read (no unit of the body) but give no duty
                rows.extend(TextRow(r.span, {}) if "report" in header else r for r in found)
                continue
        i += 1
    return rows


def inside(line: Span, starts: list[int], ends: dict[int, int]) -> bool:
    k = bisect.bisect_right(starts, line.start) - 1
    return k >= 0 and line.end <= ends[starts[k]]


def cells_of(text: str, line: Span) -> list[Span]:
    out, start = [], line.start
    for m in re.finditer(r"\|", text[line.start : line.end]):
        out.append(strip(text, start, line.start + m.start()))
        start = line.start + m.end()
    out.append(strip(text, start, line.end))
    return out


def strip(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def stacked_rows(text: str, lines: list[Span], i: int, header: list[str]) -> tuple[list[TextRow], int]:
    """One cell per line: a row opens with its number; the cells after the task take one line each."""
    after = header[header.index("task") + 1 :]
    rows: list[TextRow] = []
    while i < len(lines) and not TABLE_END.match(text, lines[i].start, lines[i].end):
        if not ROW_NUMBER.fullmatch(lines[i].of(text)):
            i += 1  # a group row ('I. NÂNG CAO NHẬN THỨC …') or a wrapped title
            continue
        j = i + 1
        while j < len(lines) and not ROW_NUMBER.fullmatch(lines[j].of(text)) \
                and not GROUP_ROW.match(text, lines[j].start, lines[j].end) \
                and not TABLE_END.match(text, lines[j].start, lines[j].end):
            j += 1
        body = lines[i + 1 : j]
        wrapped = wrapped_cells(text, body, after)
        if wrapped is not None:
            rows.append(TextRow(Span(lines[i].start, body[-1].end), wrapped))
        elif len(body) > len(after):
            task = Span(body[0].start, body[len(body) - len(after) - 1].end)
            cells = {"task": task} | {name: span for name, span in zip(after, body[len(body) - len(after) :], strict=True)}
            rows.append(TextRow(Span(lines[i].start, body[-1].end), cells))
        i = j
    return rows, i


def wrapped_cells(text: str, body: list[Span], after: list[str]) -> dict[str, Span] | None:
    """The cells of a row whose cells wrap over several lines, when the lead column follows the task:
    the task runs up to the first line that opens with a body's name ('Sở Tư pháp'); after it, a line
    that opens in lowercase continues the cell above ('Các sở, …; Các' / 'doanh nghiệp …')."""
    if not after or after[0] != "lead" or len(body) < 2:
        return None
    lead = next((k for k in range(1, len(body)) if head_re().match(text, body[k].start, body[k].end)
                 and len(body[k].of(text).split()) <= 15), None)
    if lead is None:
        return None
    cells: list[Span] = []
    for line in body[lead:]:
        if cells and (text[line.start : line.start + 1].islower()
                      or re.search(r"(?:\s(?:và|của|các)|[,;&-])\s*$", cells[-1].of(text))):  # 'Sở Khoa học và' / 'Công nghệ'
            cells[-1] = Span(cells[-1].start, line.end)
        else:
            cells.append(line)
    if len(cells) > len(after):
        return None
    return {"task": Span(body[0].start, body[lead - 1].end)} | dict(zip(after, cells, strict=False))


def text_row_drafts(doc: Document, deadlines: tuple[Deadline, ...], rows: list[TextRow]) -> list[Draft]:
    """One obligation per flattened task row whose lead cell names a body."""
    out = []
    for row in rows:
        task, lead = row.cells.get("task"), row.cells.get("lead")
        if task is None or lead is None or not doc.text[lead.start : lead.start + 1].isupper() \
                or not head_re(any_case=True).match(doc.text, lead.start, lead.end):
            continue  # a lowercase lead is the wrapped tail of another cell
        actors = split_actors(doc.text, lead)
        if not actors:
            continue
        d = draft(doc.text, Sentence(row.span, None, "row", None), row.span, actors, task, "text_table", deadlines)
        if "support" in row.cells:
            d.partners = bodies(doc.text, row.cells["support"])
        if "deadline" in row.cells:
            d.deadlines = sorted(set(d.deadlines) | set(deadlines_in(deadlines, row.cells["deadline"])))
        out.append(d)
    return out
