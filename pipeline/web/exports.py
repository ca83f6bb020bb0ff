"""Every list of the site as an Excel workbook (.xlsx, openpyxl) or a CSV that Excel opens right.

Both have Vietnamese headers and values (labels.yml, as the pages show them); the workbook holds
dates as dates shown dd/mm/yyyy, the CSV starts with a UTF-8 BOM (Excel on Windows reads it as
UTF-8) and writes dates dd/mm/yyyy. Links and internal columns are left out. The JSON and the
plain `.csv` of Datasette keep the stored names and values for scripts."""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import date
from typing import Any
from urllib.parse import quote

from datasette.utils.asgi import Response

from ..store.labels import labels
from ..text import fold

LEFT_OUT = {"rowid", "due_order", "follow_up", "source", "page", "calendar", "search_folded", "text_folded",
            "title_folded", "name_folded", "text", "number_key", "sha256"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def table_of(columns: Sequence[str], rows: Sequence[Any], table: str | None) -> tuple[list[str], list[str], list[list[Any]]]:
    """(stored columns kept, Vietnamese headers, rows of values in words; ISO days as `date`)."""
    vn = labels()
    kept = [c for c in columns if c not in LEFT_OUT]
    out = []
    for row in rows:
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
        out.append(values)
    return kept, [vn.column(c, table) for c in kept], out


def filename(name: str, suffix: str) -> str:
    stem = re.sub(r"[^0-9a-z]+", "-", fold(name)).strip("-") or "danh-sach"
    return f"{stem}{suffix}"


def _download(body: bytes, content_type: str, name: str) -> Response:
    return Response(body, content_type=content_type, headers={
        "content-disposition": f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"})


def title_of(datasette: Any, database: str, table: str | None, query_name: str | None) -> str:
    meta = datasette.metadata(database=database, table=table or query_name, fallback=False) or {}
    if query_name and not meta:
        meta = (datasette.metadata(database=database, fallback=False) or {}).get("queries", {}).get(query_name, {})
    return str(meta.get("title") or table or query_name or "danh sách")


def render_xlsx(datasette: Any, columns: Sequence[str], rows: Sequence[Any], database: str,
                table: str | None = None, query_name: str | None = None) -> Response:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    _, headers, values = table_of(columns, rows, table or query_name)
    title = title_of(datasette, database, table, query_name)
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31].replace("/", "-")
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in values:
        sheet.append(row)
    for col in sheet.iter_cols(min_row=2):
        for cell in col:
            if isinstance(cell.value, date):
                cell.number_format = "dd/mm/yyyy"
            elif isinstance(cell.value, str) and len(cell.value) > 40:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, header in enumerate(headers, 1):
        longest = max([len(header), *(len(str(r[i - 1])) for r in values[:200] if r[i - 1] is not None)])
        sheet.column_dimensions[sheet.cell(1, i).column_letter].width = min(60, max(10, longest + 2))
    sheet.freeze_panes = "A2"
    buf = io.BytesIO()
    book.save(buf)
    return _download(buf.getvalue(), XLSX, filename(title, ".xlsx"))


def render_csv(datasette: Any, columns: Sequence[str], rows: Sequence[Any], database: str,
               table: str | None = None, query_name: str | None = None) -> Response:
    _, headers, values = table_of(columns, rows, table or query_name)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(headers)
    for row in values:
        writer.writerow([v.strftime("%d/%m/%Y") if isinstance(v, date) else v for v in row])
    body = "\ufeff" + buf.getvalue()
    return _download(body.encode("utf-8"), "text/csv; charset=utf-8",
                     filename(title_of(datasette, database, table, query_name), ".csv"))
