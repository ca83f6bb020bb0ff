"""Datasette output renderer `.ics`: any view of obligations as a calendar to subscribe to.

    /vanban/unit_duties.ics?unit_id=so-noi-vu-tinh-lam-dong   a unit's calendar (the same duties as its page)
    /vanban/unit_duties.ics?unit_id=…&_todo=1                 the same duties as tasks, one per occurrence
    /vanban/obligations.ics                                   every dated duty
    /vanban/obligations.ics?actors__contains=Sở Y tế          Datasette's own filters work as usual
    /vanban/obligations.ics?actor=Sở Y tế                     the same, friendlier (rewritten to actors__contains)
    &_alarm=N                                                 reminders N days before (default 3; 0 = on the day)

The calendar is built by pipeline/calendar.py, the same code as `vanban calendar`, so UIDs match the
files in calendar/. A feed holds every matching row: the page's query is run again without its
limit (Datasette cuts a page at max_returned_rows), and the calendar is sent one item at a time.
Each item links to its duty's page at the address the site is served at (`datasette.absolute_url`)."""
from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.utils.asgi import Response

from pipeline.calendar import (
    ALARM_DAYS,
    NEEDED,
    Sequences,
    by_obligation,
    component,
    duties_from_rows,
    header,
    items,
)
from pipeline.web.whole import Streamed, unlimited

REQUIRED = {"id", "actors", "action", "deadline_ids"}
BATCH = 500  # ids looked up and components sent per round


def friendly_query(query: bytes) -> bytes:
    """`actor=X` → `actors__contains=X`; add `_size=max` unless a size is given."""
    raw = parse_qsl(query.decode("utf-8", "replace"), keep_blank_values=True, encoding="utf-8")
    pairs = [("actors__contains" if k == "actor" else k, v) for k, v in raw]
    if not any(k == "_size" for k, _ in pairs):
        pairs.append(("_size", "max"))
    return urlencode(pairs).encode("ascii")


DUTY_TABLES = {"obligations", "obligations_overview", "unit_duties"}  # tables and views whose rows are duties
NOT_DUTIES = ("Không có lịch ở đây: các dòng của trang này không phải là việc. Lịch của một đơn vị ở trang của đơn vị"
              " đó (Đơn vị → tên đơn vị → Lịch công việc); lịch mọi việc: /vanban/obligations.ics.")


def can_render_ics(columns: list[str], table: str | None = None) -> bool:
    """Rows that are duties: the obligations table and its views, or a query giving each duty's page
    (`follow_up`, the canned queries of duties); no `lịch (ics)` link on documents, units or citations."""
    return table in DUTY_TABLES or "follow_up" in columns or set(columns) >= REQUIRED


async def _lookup(db: Any, table: str, key: str, ids: list[str]) -> list[dict[str, Any]]:
    if not ids:
        return []
    have = {row[1] for row in (await db.execute(f"PRAGMA table_info([{table}])")).rows}
    cols = [c for c in NEEDED[table] if c in have]
    if key not in cols:
        return []
    sql = f"select {', '.join(f'[{c}]' for c in cols)} from [{table}] where [{key}] in (select value from json_each(:ids))"
    out: list[dict[str, Any]] = []
    for i in range(0, len(ids), 20 * BATCH):
        result = await db.execute_fn(lambda conn, part=ids[i : i + 20 * BATCH]: conn.execute(
            sql, {"ids": json.dumps(part)}).fetchall())
        out.extend({c: row[n] for n, c in enumerate(cols)} for row in result)
    return out


async def every_row_id(db: Any, sql: str | None, params: dict[str, Any], rows: list[Any]) -> list[str]:
    """The ids of every row the page's query matches, not only the first page."""
    if not sql:
        return [str(r["id"]) for r in rows]
    whole = unlimited(sql)

    def run(conn: Any) -> list[str]:
        cur = conn.execute(whole, params)
        names = [d[0] for d in cur.description]
        at = names.index("id")
        return [str(r[at]) for r in cur]

    try:
        return list(dict.fromkeys(await db.execute_fn(run)))
    except Exception:  # a query that cannot run again as it is: the page's rows
        return [str(r["id"]) for r in rows]


class CalendarStream(Streamed):
    """A text/calendar response sent piece by piece (the calendar of 100,000 duties never sits in one string)."""

    def __init__(self, pieces: AsyncIterator[bytes], filename: str) -> None:
        super().__init__(pieces, "text/calendar; charset=utf-8",
                         {"content-disposition": f'inline; filename="{filename}.ics"'})


async def _pieces(db: Any, ids: list[str], name: str, base: str, todo: bool, alarm: int) -> AsyncIterator[bytes]:
    head = header(name).to_ical()
    end = b"END:VCALENDAR\r\n"
    yield head[: -len(end)]
    stamp = datetime.now(UTC).replace(microsecond=0)
    seqs = Sequences(None)
    for i in range(0, len(ids), BATCH):
        part = ids[i : i + BATCH]
        obligations = {o["id"]: o for o in await _lookup(db, "obligations", "id", part)}
        ordered = [obligations[j] for j in part if j in obligations]
        dl_ids = sorted({d for o in ordered for d in json.loads(o.get("deadline_ids") or "[]")})
        doc_ids = sorted({o["document_id"] for o in ordered if o.get("document_id")})
        deadlines = {d["id"]: d for d in await _lookup(db, "deadlines", "id", dl_ids)}
        documents = {d["id"]: d for d in await _lookup(db, "documents", "id", doc_ids)}
        occurrences = by_obligation(await _lookup(db, "occurrences", "obligation_id", part))
        found = items(duties_from_rows(ordered, deadlines, documents, occurrences), base, todo)
        yield b"".join(component(it, todo, seqs.of(it), stamp, alarm).to_ical() for it in found)
    yield end


def _alarm(value: str | None) -> int:
    try:
        return max(0, int(value)) if value not in (None, "") else ALARM_DAYS
    except ValueError:
        return ALARM_DAYS


async def render_ics(datasette: Any, columns: list[str], rows: list[Any], sql: str | None, database: str,
                     table: str | None, request: Any, data: dict[str, Any]) -> Response:
    db = datasette.get_database(database)
    if not can_render_ics(columns, table) or (rows and "id" not in columns):
        return await _not_duties(datasette, request)
    params = dict((data.get("query") or {}).get("params") or {})
    ids = await every_row_id(db, sql, params, rows)
    if ids and not await _lookup(db, "obligations", "id", ids[:BATCH]):
        return await _not_duties(datasette, request)
    base = datasette.absolute_url(request, datasette.urls.path("/")).rstrip("/")  # the site: duty pages
    todo = request.args.get("_todo") not in (None, "", "0")
    unit = request.args.get("unit_id")
    actor = request.args.get("actors__contains")
    name = f"vanban: {await _unit_name(db, unit) if unit else actor or table or 'nghĩa vụ'}"
    return CalendarStream(_pieces(db, ids, name, base, todo, _alarm(request.args.get("_alarm"))),
                          table or "vanban")


async def _not_duties(datasette: Any, request: Any) -> Response:
    """A calendar asked of rows that are not duties (a document, a unit): a page in Vietnamese, 400."""
    return Response.html(await datasette.render_template("error.html", {
        "status": 400, "title": "Không có lịch ở đây", "error": NOT_DUTIES, "ok": False}, request=request), status=400)


async def _unit_name(db: Any, unit_id: str) -> str:
    try:
        rows = (await db.execute("select name from units where id = ?", [unit_id])).rows
    except Exception:
        rows = []
    return str(rows[0][0]) if rows else unit_id


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

