"""Datasette plugin of vanban: search without diacritics, duty status, the document page, the dashboard.

- prepare_connection: `escape_fts` folds the query and makes each comma-separated part a phrase
  ('Đào tạo' → '"dao tao"', store.views.fts_phrases), so the search box of every table matches the
  folded full-text columns, a word's syllables side by side; `vn_today` and
  `vn_fold` for the views and canned queries.
- asgi_wrapper: when data/followup.db changed, its done marks and notes are copied into vanban.db; once a
  day, recurring duties move to their next occurrence.
- /-/vanban/doc/<id>: the document text with every duty highlighted (#o-<obligation id>).
- /-/vanban/dashboard: duties per month, per unit, by status; most-cited documents.
- render_cell: project-relative links (document page, follow-up form, calendar feed) clickable; stored
  values staff read in Vietnamese (status 'overdue' → 'Quá hạn', labels.yml), coloured by status.
- extra_template_vars: `vn`, the Vietnamese labels (store.labels.Labels) the overridden templates use."""
from __future__ import annotations

import json
import logging
import weakref
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup, escape

from pipeline.store.followup import office_zone
from pipeline.store.labels import labels
from pipeline.store.pages import DASHBOARD_QUERIES, STATUS_LABELS, bars, segments
from pipeline.store.rows import document_label
from pipeline.store.views import FollowupWatch, fts_phrases, refresh_next_due, register
from pipeline.web import duty, errors, exports, facets, guard, login
from pipeline.web.home import guide_page, home_vars, static_file

log = logging.getLogger(__name__)
errors.replace_datasette_handler()  # ours answers every error (web/errors.py)
_WATCH: weakref.WeakKeyDictionary[Any, FollowupWatch] = weakref.WeakKeyDictionary()
_REFRESHED: weakref.WeakKeyDictionary[Any, date] = weakref.WeakKeyDictionary()
# the unit page's first open duties: the list's columns, the unit's role in place of the lead unit
UNIT_COLUMNS = ("status", "next_due", "task", "role", "doc_number", "follow_up")
UNIT_PAGE_DUTIES = 10
LINK_PREFIXES = ("/-/vanban/", "/vanban/obligations.ics", "/vanban/unit_duties.ics", "/vanban/viec_cua_don_vi?")


def _watch(datasette: Any) -> FollowupWatch:
    if datasette not in _WATCH:
        main = datasette.databases.get(_db_name(datasette))
        _WATCH[datasette] = FollowupWatch(duty.followup_file(main) if main is not None and main.path else None)
    return _WATCH[datasette]


async def copy_followup(datasette: Any) -> None:
    """When followup.db changed (a mark written by another server or a script), copy its state into vanban.db."""
    main = datasette.databases.get(_db_name(datasette))
    if main is None or not main.is_mutable or not _watch(datasette).changed():
        return
    try:
        await duty.publish(main, _today(datasette)())
    except Exception:  # a follow-up file being created or a database being swapped: try at the next request
        log.warning("cannot copy follow-up marks into %s", main.name, exc_info=True)


async def refresh_daily(datasette: Any) -> None:
    """Once a day (and at start), move recurring duties to their next occurrence."""
    day = _today(datasette)()
    main = datasette.databases.get(_db_name(datasette))
    if _REFRESHED.get(datasette) == day or main is None or not main.is_mutable:
        return
    _REFRESHED[datasette] = day
    try:
        moved = await main.execute_write_fn(lambda conn: refresh_next_due(conn, day), block=True)
        log.info("recurring duties moved to their next occurrence: %s", moved)
    except Exception:
        log.warning("cannot refresh the next due days in %s", main.name, exc_info=True)


def _db_name(datasette: Any) -> str:
    names = [n for n in datasette.databases if n not in ("_internal", "_memory", "followup")]
    return "vanban" if "vanban" in names else (names[0] if names else "vanban")


def _today(datasette: Any) -> Callable[[], date]:
    """Today, or the day fixed by `plugins: vanban: today: YYYY-MM-DD` in the metadata."""
    fixed = (datasette.plugin_config("vanban") or {}).get("today")
    return (lambda: date.fromisoformat(str(fixed))) if fixed else date.today


@hookimpl(trylast=True)  # after Datasette's own escape_fts, which this one replaces
def prepare_connection(conn: Any, database: str, datasette: Any) -> None:
    conn.create_function("escape_fts", 1, lambda q: fts_phrases(q) if isinstance(q, str) else q)
    register(conn, _today(datasette))


@hookimpl
def asgi_wrapper(datasette: Any) -> Callable[[Any], Any]:
    def wrap(app: Any) -> Any:
        async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
            page = guard.refused(datasette, scope)
            if page is not None:  # a debug page, nobody logged in
                await send({"type": "http.response.start", "status": 403,
                            "headers": [(b"content-type", b"text/html; charset=utf-8")]})
                await send({"type": "http.response.body", "body": page})
                return
            if scope.get("type") == "http":
                await refresh_daily(datasette)
                await copy_followup(datasette)
            await app(scope, receive, send)

        return wrapped

    return wrap


def _get(row: Any, name: str) -> Any:
    """A column of a row (sqlite3.Row or dict) or None."""
    try:
        return row[name] if row is not None else None
    except (IndexError, KeyError, TypeError):
        return None


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None) -> Any:
    if column == "follow_up" and isinstance(value, str) and value.startswith("/-/vanban/viec/"):
        return Markup(f'<a href="{escape(value)}">theo dõi</a>')
    if column == "doc_number" and table == "obligations_overview" and _get(row, "source"):  # the duty's sentence
        shown = document_label(value, _get(row, "doc_type"), str(_get(row, "document_id")))
        return Markup(f'<a href="{escape(_get(row, "source"))}">{escape(shown)}</a>')
    if column == "next_due" and value is None and table == "obligations_overview":
        return Markup('<span class="vb-nodue">chưa có hạn</span>')
    if column == "next_due" and value:  # the day, 'ước tính', and since when an overdue duty is late
        since = _get(row, "overdue_since")
        notes = ([' <span class="vb-estimated">ước tính</span>']
                 if _get(row, "next_estimated") or _get(row, "next_due_estimated") else [])
        if since and since != value and _get(row, "status") == "overdue":  # an earlier occurrence left undone
            notes.append(f' <span class="vb-overdue-since">quá hạn từ {escape(labels().value("overdue_since", since))}</span>')
        if notes:
            return Markup(f'<span title="{escape(value)}">{escape(labels().value(column, value))}</span>' + "".join(notes))
    if isinstance(value, str) and value.startswith(LINK_PREFIXES) and "\n" not in value:
        label = "lịch" if ".ics" in value else "xem"
        return Markup(f'<a href="{escape(value)}">{label}</a>')
    if column == "doc_title" and isinstance(value, str) and len(value) > 90:  # long titles in capitals: 3 lines
        return Markup(f'<span class="vb-clamp" title="{escape(value)}">{escape(value)}</span>')
    if column == "aliases" and isinstance(value, str) and value.startswith("["):  # a unit's names, not JSON
        try:
            names = json.loads(value)
        except ValueError:
            return None
        return Markup(escape("; ".join(str(n) for n in names)))
    if column == "ma_van_ban" and isinstance(value, str) and value:  # a document of the corpus: its page
        return Markup(f'<a href="/-/vanban/doc/{escape(value)}">{escape(value)}</a>')
    shown = labels().value(column, value)
    if shown is value:
        return None
    if column in labels().dates or column == "rrule":  # the stored form on hover
        return Markup(f'<span title="{escape(value)}">{escape(shown)}</span>')
    return Markup(f'<span class="vb-{escape(column)}-{escape(value)}">{escape(shown)}</span>')


@hookimpl
def extra_template_vars(datasette: Any) -> dict[str, Any]:
    def table_metadata(database: str, table: str | None = None) -> dict[str, Any]:
        """Title and description of a database or table from metadata.yml, for the index and database pages."""
        return datasette.metadata(database=database, table=table, fallback=False) or {}

    async def duty_of(obligation_id: str) -> dict[str, Any] | None:
        """The duty a follow-up form is about (its row of obligations_overview), or None."""
        db = datasette.databases.get(_db_name(datasette))
        if db is None or not obligation_id:
            return None
        try:
            row = (await db.execute("select * from obligations_overview where id = ?", [obligation_id])).first()
        except Exception:  # a database without the view (a bare followup.db being served)
            log.warning("cannot look up duty %s", obligation_id, exc_info=True)
            return None
        return dict(row) if row is not None else None

    async def units() -> list[str]:
        """Names of every unit, offered as the 'don_vi' parameter is typed (a <datalist>)."""
        db = datasette.databases.get(_db_name(datasette))
        try:
            return [r[0] for r in await db.execute("select name from units order by name_folded, name")] if db else []
        except Exception:
            log.warning("cannot list the units", exc_info=True)
            return []

    async def dated(unit_id: str) -> int:
        """How many of a unit's duties have a due day (its calendar's events), for the unit page."""
        db = datasette.databases.get(_db_name(datasette))
        try:
            row = (await db.execute("select count(*) from unit_duties where unit_id = ? and next_due is not null",
                                    [unit_id])).first() if db else None
        except Exception:
            log.warning("cannot count the dated duties of %s", unit_id, exc_info=True)
            return 0
        return int(row[0]) if row else 0

    async def unit_duties(unit_id: str) -> list[dict[str, Any]]:
        """A unit's first open duties by due day, each cell as the list shows it, for the unit page."""
        db = datasette.databases.get(_db_name(datasette))
        try:
            rows = list(await db.execute(
                "select * from unit_duties where unit_id = ? and status != 'done' order by due_order, id limit ?",
                [unit_id, UNIT_PAGE_DUTIES])) if db else []
        except Exception:
            log.warning("cannot list the duties of %s", unit_id, exc_info=True)
            return []
        return [{c: render_cell(r, r[c], c, "obligations_overview") or labels().value(c, r[c]) for c in UNIT_COLUMNS}
                for r in rows]

    async def problems() -> dict[str, Any]:
        db = datasette.databases.get(_db_name(datasette))
        return await home_vars(db) if db is not None else {}

    return {"vn": labels(), "vn_metadata": table_metadata, "vn_duty": duty_of, "vn_units": units, "vn_dated": dated,
            "vn_unit_duties": unit_duties,
            "vn_problems": problems, "vn_printed": datetime.now(office_zone()).strftime("%H:%M %d/%m/%Y")}


async def document_page(datasette: Any, request: Any) -> Response:
    db = datasette.get_database(_db_name(datasette))
    doc_id = request.url_vars["doc_id"]
    found = await db.execute("select * from documents where id = ?", [doc_id])
    doc = found.first()
    if doc is None:
        raise NotFound(f"Không có văn bản {doc_id}")
    duties = [dict(r) for r in await db.execute(
        "select o.id, o.status, o.actors, o.action, o.deadline, o.next_due, t.start, t.end"
        " from obligations_overview o join obligations t on t.id = o.id where t.document_id = ?"
        " order by t.start", [doc_id])]
    cites = [dict(r) for r in await db.execute(
        "select id, text, number, cited_document_id, start, end from citations where document_id = ?"
        " order by start", [doc_id])]
    cited_by = [dict(r) for r in await db.execute(
        "select distinct d.id, d.number, d.title from citations c join documents d on d.id = c.document_id"
        " where c.cited_document_id = ? order by d.issued_date", [doc_id])]
    return Response.html(await datasette.render_template("vanban_doc.html", {
        "doc": dict(doc), "duties": duties, "citations": cites, "cited_by": cited_by,
        "segments": segments(doc["text"], duties, cites), "status_labels": STATUS_LABELS,
        "database": db.name,
    }, request=request))


async def dashboard(datasette: Any, request: Any) -> Response:
    db = datasette.get_database(_db_name(datasette))
    results = {name: [tuple(r) for r in await db.execute(sql)] for name, sql in DASHBOARD_QUERIES.items()}
    base = datasette.urls.table(db.name, "obligations_overview")
    cited = datasette.urls.query(db.name, "van_ban_trich_dan_van_ban_nay") + "?van_ban={}"
    charts = [  # (title, column whose values the bars are, bars): the template shows values in words
        ("Việc đến hạn theo tháng", "due_month", bars(results["by_month"], base + "?due_month={}")),
        ("Việc theo đơn vị chủ trì", "lead_actor", bars(results["by_actor"], base + "?lead_actor={}")),
        ("Tình trạng thực hiện", "status", bars(results["by_status"], base + "?status={}")),
        ("Văn bản được trích dẫn nhiều nhất", "", bars(results["most_cited"], cited)),
    ]
    total, overdue, done, soon, unassigned = (n or 0 for n in results["summary"][0])
    summary = [
        ("việc", total, base),
        ("quá hạn", overdue, base + "?status=overdue"),
        ("đến hạn trong 30 ngày", soon, datasette.urls.query(db.name, "viec_sap_den_han")),
        ("đã xong", done, base + "?status=done"),
        ("chưa có đơn vị chủ trì", unassigned, datasette.urls.query(db.name, "viec_chua_co_don_vi_chu_tri")),
    ]
    return Response.html(await datasette.render_template(
        "vanban_dashboard.html", {"charts": charts, "summary": summary, "database": db.name}, request=request))


def _on_main(view: Callable[..., Any]) -> Callable[..., Any]:
    async def run(datasette: Any, request: Any) -> Any:
        return await view(datasette, request, datasette.get_database(_db_name(datasette)))

    return run


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [
        (r"^/-/vanban/doc/(?P<doc_id>[^/]+)$", document_page),
        (r"^/-/vanban/dashboard$", dashboard),
        (r"^/-/vanban/viec/(?P<obligation_id>[\w-]+)$", _on_main(duty.duty_page)),
        (r"^/-/vanban/dau-bi-lac$", _on_main(duty.orphans_page)),
        (r"^/-/vanban/huong-dan$", guide_page),
        (r"^/-/vanban/static/(?P<name>[a-z]+\.css)$", static_file),
        (r"^/-/login$", login.login_page),  # before datasette-auth-passwords' own (plugins_dir plugins come first)
    ]


@hookimpl
def register_facet_classes() -> list[Any]:
    return [facets.MonthFacet]


@hookimpl
def register_output_renderer() -> list[dict[str, Any]]:
    return [{"extension": "xlsx", "render": exports.render_xlsx},
            {"extension": "vncsv", "render": exports.render_csv}]


@hookimpl
def handle_exception(datasette: Any, request: Any, exception: Exception) -> Any:
    """Every error a page raises answers in Vietnamese, Datasette's own about what was asked (a sort by an
    unknown column, a bad page token) with 400, not 500; no traceback on the server's terminal (web/errors.py)."""
    return errors.handle(datasette, request, exception)


@hookimpl
def menu_links(datasette: Any, actor: Any) -> list[dict[str, str]]:
    links = [{"href": datasette.urls.path("/-/vanban/dashboard"), "label": "Bảng tổng hợp"},
             {"href": datasette.urls.path("/-/vanban/huong-dan"), "label": "Hướng dẫn sử dụng"}]
    if actor:
        links.append({"href": datasette.urls.path("/-/vanban/dau-bi-lac"), "label": "Dấu theo dõi chưa tìm thấy việc"})
    return links
