"""/-/vanban/viec/<id>: one duty — what, who, by when, its document — and its follow-up.

Anyone reads the duty and whether it is done; logged-in staff also see the history (who, when, in
the office's time) and mark it done, reopen it or add a note: a POST here appends one mark to
followup.db (store.followup), copies the public state into vanban.db, and comes back to this page.
/-/vanban/dau-bi-lac lists marks whose duty is in no document now (logged-in staff only)."""
from __future__ import annotations

import asyncio
from datetime import date, datetime
from pathlib import Path
from typing import Any

from datasette.utils.asgi import Forbidden, NotFound, Response

from ..store import followup
from ..store.due import refresh_due
from .login import login_url

ACTION_WORDS = {"done": "Đánh dấu đã xong", "reopen": "Mở lại (chưa xong)", "note": "Ghi chú"}
MESSAGES = {"done": "Đã đánh dấu việc là đã xong.", "reopen": "Việc được mở lại.", "note": "Đã lưu ghi chú."}
DUTY_SQL = """select o.*, t.sentence, t.section, t.deadline_text, d.sha256, d.number, d.title as document_title, d.source as file
              from obligations_overview o join obligations t on t.id = o.id
              join documents d on d.id = t.document_id where o.id = ?"""

RECURRING_SQL = """select 1 from obligation_deadlines od join deadlines d on d.id = od.deadline_id
                   where od.obligation_id = ? and d.rrule is not null limit 1"""


def local_time(at: str) -> str:
    """'2026-12-07T22:49:35+07:00' → '22:49 07/12/2026' (the office's time, as written)."""
    try:
        when = datetime.fromisoformat(at).astimezone(followup.office_zone())
    except ValueError:
        return at
    return when.strftime("%H:%M %d/%m/%Y")


def followup_file(db: Any) -> Path:
    """data/followup.db beside the served vanban.db."""
    return Path(db.path).with_name("followup.db")


async def publish(db: Any, today: date | None = None) -> None:
    """Copy followup.db's state into the served vanban.db now (the page shows it at once), and each
    duty's next and overdue day with it (`store.due.refresh_due`: one occurrence marked moves them)."""
    marks = await asyncio.to_thread(followup.load, followup_file(db))
    day = today or date.today()
    await db.execute_write_fn(lambda conn: (followup.publish(conn, marks), refresh_due(conn, day)), block=True)


async def duty_page(datasette: Any, request: Any, db: Any) -> Response:
    oid = request.url_vars["obligation_id"]
    row = (await db.execute(DUTY_SQL, [oid])).first()
    if row is None:
        raise NotFound(f"Không có việc {oid} (văn bản có thể đã được gỡ hoặc sửa).")
    duty = dict(row)
    if request.method == "POST":
        return await _post(datasette, request, db, duty)
    history: list[dict[str, Any]] = []
    if request.actor:
        marks = await asyncio.to_thread(followup.load, followup_file(db))
        moved = await db.execute_fn(lambda conn: followup.refind(conn, (m.anchor for m in marks)))
        history = [{"words": ACTION_WORDS[m.action], "action": m.action, "note": m.note, "by": m.by_name or m.by,
                    "at": local_time(m.at), "occurrence": m.occurrence}
                   for m in followup.history(marks, [old for old, new in moved.items() if new == oid])]
    done_occ = [r[0] for r in await db.execute(
        "select occurrence from obligation_done where obligation_id = ? and occurrence is not null order by 1", [oid])]
    recurring = (await db.execute(RECURRING_SQL, [oid])).first() is not None
    return Response.html(await datasette.render_template("vanban_duty.html", {
        "duty": duty, "history": history, "done_occurrences": done_occ, "recurring": recurring, "database": db.name,
        "login": login_url(request.path),
    }, request=request))


async def _post(datasette: Any, request: Any, db: Any, duty: dict[str, Any]) -> Response:
    if not request.actor:
        raise Forbidden("Cần đăng nhập để theo dõi việc.")
    form = await request.post_vars()
    action = form.get("action") or ""
    note = (form.get("note") or "").strip() or None
    occurrence = (form.get("occurrence") or "").strip() or None
    if action not in followup.ACTIONS or (action == "note" and not note):
        datasette.add_message(request, "Chưa có gì để lưu: chọn một việc hoặc viết ghi chú.", datasette.WARNING)
        return Response.redirect(request.path)
    anchor = followup.anchor_of({**duty, "id": duty["id"]})
    try:
        await asyncio.to_thread(followup.record, followup_file(db), anchor, action, by=str(request.actor.get("id", "")),
                                by_name=str(request.actor.get("name") or request.actor.get("id", "")),
                                note=note, occurrence=occurrence)
    except ValueError:
        datasette.add_message(request, "Ngày của kỳ hạn không hợp lệ (cần dạng năm-tháng-ngày).", datasette.ERROR)
        return Response.redirect(request.path)
    await publish(db)
    datasette.add_message(request, MESSAGES[action], datasette.INFO)
    return Response.redirect(request.path)


async def orphans_page(datasette: Any, request: Any, db: Any) -> Response:
    if not request.actor:
        raise Forbidden("Cần đăng nhập để xem dấu theo dõi bị lạc.")
    marks = await asyncio.to_thread(followup.load, followup_file(db))
    lost = await db.execute_fn(lambda conn: followup.orphans(conn, marks))
    rows = [{"words": ACTION_WORDS[m.action], "note": m.note, "by": m.by_name or m.by, "at": local_time(m.at),
             "document": m.document_number or m.document_id, "sentence": m.sentence, "id": m.obligation_id}
            for m in lost]
    return Response.html(await datasette.render_template(
        "vanban_orphans.html", {"rows": rows, "database": db.name}, request=request))
