"""Datasette output renderer `.ics`: any view of the obligations table as a calendar to subscribe to.

    /vanban/obligations.ics                          every dated duty (VEVENT, all-day, RRULE for rhythms)
    /vanban/obligations.ics?actors__contains=Sở Y tế   Datasette's own filters work as usual
    /vanban/obligations.ics?actor=Sở Y tế            the same, friendlier (rewritten to actors__contains)
    /vanban/obligations.ics?_todo=1                  the duties as VTODO instead
    /vanban/obligations_overview.ics?status=open     any view whose `id` is an obligation's id

The calendar is built by pipeline/calendar.py, the same code as `vanban calendar`, so UIDs match the
files in calendar/. A request for `.ics` without `_size` asks for `_size=max` so a subscription gets
every matching row, not one page."""
from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.utils.asgi import Response

from pipeline.calendar import NEEDED, build_calendar, duties_from_rows, items

REQUIRED = {"id", "actors", "action", "deadline_ids"}


def friendly_query(query: bytes) -> bytes:
    """`actor=X` → `actors__contains=X`; add `_size=max` unless a size is given."""
    raw = parse_qsl(query.decode("utf-8", "replace"), keep_blank_values=True, encoding="utf-8")
    pairs = [("actors__contains" if k == "actor" else k, v) for k, v in raw]
    if not any(k == "_size" for k, _ in pairs):
        pairs.append(("_size", "max"))
    return urlencode(pairs).encode("ascii")


def can_render_ics(columns: list[str]) -> bool:
    """The obligations table, or any view with its `id` (a dashboard of obligations: rows looked up by id)."""
    return set(columns) >= REQUIRED or "id" in columns


async def _lookup(db: Any, table: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    have = {row[1] for row in (await db.execute(f"PRAGMA table_info([{table}])")).rows}
    cols = [c for c in NEEDED[table] if c in have]
    if "id" not in cols:
        return {}
    sql = f"select {', '.join(f'[{c}]' for c in cols)} from [{table}] where id in (select value from json_each(:ids))"
    result = await db.execute(sql, {"ids": json.dumps(ids)})
    return {row["id"]: {c: row[c] for c in cols} for row in result.rows}


async def render_ics(datasette: Any, columns: list[str], rows: list[Any], database: str, table: str | None,
                     request: Any) -> Response:
    db = datasette.get_database(database)
    if set(columns) >= REQUIRED:
        obligations = [{c: row[c] for c in columns} for row in rows]
    elif "id" in columns:  # a view of obligations (dashboard, canned query): the rows by id
        found = await _lookup(db, "obligations", [str(row["id"]) for row in rows])
        obligations = [found[str(row["id"])] for row in rows if str(row["id"]) in found]
    else:
        obligations = []
    if rows and not obligations:
        return Response.text(f"no calendar here: the rows are not obligations (columns {', '.join(sorted(REQUIRED))})",
                             status=400)
    dl_ids = sorted({i for o in obligations for i in json.loads(o.get("deadline_ids") or "[]")})
    doc_ids = sorted({o["document_id"] for o in obligations if o.get("document_id")})
    deadlines = await _lookup(db, "deadlines", dl_ids)
    documents = await _lookup(db, "documents", doc_ids)
    base_url = f"{request.scheme}://{request.host}{datasette.urls.database(database)}"
    todo = request.args.get("_todo") not in (None, "", "0")
    actor = request.args.get("actors__contains")
    name = f"vanban: {actor}" if actor else f"vanban: {table or 'nghĩa vụ'}"
    cal = build_calendar(items(duties_from_rows(obligations, deadlines, documents), base_url), name, todo=todo)
    return Response(cal.to_ical(), content_type="text/calendar; charset=utf-8",
                    headers={"content-disposition": f'inline; filename="{table or "vanban"}.ics"'})


@hookimpl
def register_output_renderer(datasette: Any) -> dict[str, Any]:
    return {"extension": "ics", "render": render_ics, "can_render": can_render_ics}


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    def wrap(app: Any) -> Any:
        async def with_friendly_query(scope: dict[str, Any], receive: Any, send: Any) -> None:
            if scope.get("type") == "http" and scope.get("path", "").endswith(".ics"):
                scope = dict(scope, query_string=friendly_query(scope.get("query_string", b"")))
            await app(scope, receive, send)

        return with_friendly_query

    return wrap
