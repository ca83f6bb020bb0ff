"""Every list of the site as an Excel workbook (.xlsx, openpyxl) or a CSV that Excel opens right.

Both have Vietnamese headers and values (labels.yml, as the pages show them); the workbook holds
dates as dates shown dd/mm/yyyy, the CSV starts with a UTF-8 BOM (Excel on Windows reads it as
UTF-8) and writes dates dd/mm/yyyy. Links and internal columns are left out. Both hold every row the
list matches, not only the page's first 1,000 (web/whole.py), and are sent in pieces. The JSON and the
plain `.csv` of Datasette keep the stored names and values for scripts."""
from __future__ import annotations

import asyncio
import csv
import io
import re
import tempfile
from collections.abc import AsyncIterator, Sequence
from datetime import date
from typing import Any
from urllib.parse import quote

from datasette.utils.asgi import Response

from ..store.labels import labels
from ..text import fold
from .whole import Streamed, batches

LEFT_OUT = {"rowid", "due_order", "follow_up", "source", "page", "calendar", "search_folded", "text_folded",
            "title_folded", "name_folded", "text", "number_key", "sha256"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _values(row: Any, kept: Sequence[str]) -> list[Any]:
    vn = labels()
    values = []
    for c in kept:
        value = row[c]
        if isinstance(value, dict):  # a foreign key expanded by _labels: its label
            value = value.get("label") or value.get("value")
        if isinstance(value, bytes):
            value = f"<{len(value)} byte>"
        if isinstance(value, str) and c in vn.dates and _ISO_DAY.fullmatch(value):
            value = date.fromisoformat(value)
        elif isinstance(value, str):
            value = vn.value(c, value)
        values.append(value)
    return values


async def every_row(datasette: Any, database: str, table: str | None, columns: Sequence[str], sql: str | None,
                    rows: Sequence[Any], data: dict[str, Any]) -> AsyncIterator[tuple[list[str], list[list[Any]]]]:
    """(headers, rows of values in words) of every row the list matches, a batch at a time (web/whole.py);
    a column the page shows by its label (`_labels`) is exported by its label."""
    db = datasette.get_database(database)
    params = dict((data.get("query") or {}).get("params") or {})
    labelled = [c for c in columns if rows and isinstance(_cell(rows[0], c), dict)]
    async for names, found in batches(db, sql, params, list(rows)):
        kept = [c for c in names if c not in LEFT_OUT]
        dicts = [dict(zip(names, r, strict=True)) for r in found]
        for c in labelled:
            if c not in kept or table is None:
                continue
            values = [d[c] for d in dicts if d[c] is not None and not isinstance(d[c], dict)]
            names_of = await datasette.expand_foreign_keys(database, table, c, values) if values else {}
            for d in dicts:
                if not isinstance(d[c], dict) and (c, d[c]) in names_of:
                    d[c] = {"value": d[c], "label": names_of[(c, d[c])]}
        yield [labels().column(c, table) for c in kept], [_values(d, kept) for d in dicts]


def _cell(row: Any, column: str) -> Any:
    try:
        return row[column]
    except (IndexError, KeyError):
        return None


def filename(name: str, suffix: str) -> str:
    stem = re.sub(r"[^0-9a-z]+", "-", fold(name)).strip("-") or "danh-sach"
    return f"{stem}{suffix}"


def _attachment(name: str) -> dict[str, str]:
    return {"content-disposition": f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"}


def title_of(datasette: Any, database: str, table: str | None, query_name: str | None) -> str:
    meta = datasette.metadata(database=database, table=table or query_name, fallback=False) or {}
    if query_name and not meta:
        meta = (datasette.metadata(database=database, fallback=False) or {}).get("queries", {}).get(query_name, {})
    return str(meta.get("title") or table or query_name or "danh sách")


async def render_xlsx(datasette: Any, columns: Sequence[str], rows: Sequence[Any], sql: str | None, database: str,
                      table: str | None = None, query_name: str | None = None,
                      data: dict[str, Any] | None = None) -> Response:
    """Every matching row in one sheet, written row by row (openpyxl's write-only mode) to a temporary
    file, then sent in pieces."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    title = title_of(datasette, database, table, query_name)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31].replace("/", "-"))
    sheet.freeze_panes = "A2"
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    started = False
    async for headers, values in every_row(datasette, database, table or query_name, columns, sql, rows, data or {}):
        if not started:  # widths from the first rows, before any row is written
            for i, header in enumerate(headers, 1):
                longest = max([len(header), *(len(str(r[i - 1])) for r in values[:200] if r[i - 1] is not None)])
                sheet.column_dimensions[get_column_letter(i)].width = min(60, max(10, longest + 2))
            sheet.append([_cell_of(sheet, h, font=bold) for h in headers])
            started = True
        for row in values:
            sheet.append([_cell_of(sheet, v, wrap=wrap) for v in row])
    if not started:
        sheet.append([_cell_of(sheet, labels().column(c, table or query_name), font=bold)
                      for c in columns if c not in LEFT_OUT])
    return Streamed(_saved(book), XLSX, _attachment(filename(title, ".xlsx")))


def _cell_of(sheet: Any, value: Any, font: Any = None, wrap: Any = None) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    if font is not None:
        cell.font = font
    if isinstance(value, date):
        cell.number_format = "dd/mm/yyyy"
    elif wrap is not None and isinstance(value, str) and len(value) > 40:
        cell.alignment = wrap
    return cell


async def _saved(book: Any, size: int = 1 << 16) -> AsyncIterator[bytes]:
    """The workbook saved to a temporary file, then read back in pieces."""
    with tempfile.TemporaryFile() as spool:
        await asyncio.to_thread(book.save, spool)
        spool.seek(0)
        while piece := spool.read(size):
            yield piece


async def render_csv(datasette: Any, columns: Sequence[str], rows: Sequence[Any], sql: str | None, database: str,
                     table: str | None = None, query_name: str | None = None,
                     data: dict[str, Any] | None = None) -> Response:
    """Every matching row, a UTF-8 BOM first, sent a batch at a time."""
    async def pieces() -> AsyncIterator[bytes]:
        started = False
        async for headers, values in every_row(datasette, database, table or query_name, columns, sql, rows, data or {}):
            buf = io.StringIO()
            writer = csv.writer(buf)
            if not started:
                writer.writerow(headers)
            for row in values:
                writer.writerow([v.strftime("%d/%m/%Y") if isinstance(v, date) else v for v in row])
            yield (("" if started else "\ufeff") + buf.getvalue()).encode("utf-8")
            started = True
        if not started:
            buf = io.StringIO()
            csv.writer(buf).writerow([labels().column(c, table or query_name) for c in columns if c not in LEFT_OUT])
            yield ("\ufeff" + buf.getvalue()).encode("utf-8")

    return Streamed(pieces(), "text/csv; charset=utf-8",
                    _attachment(filename(title_of(datasette, database, table, query_name), ".csv")))
