"""Staff correct a document's number, date, issuer and title on its page (`/-/vanban/doc/<id>/sua`).

A logged-in member of staff (Datasette's `request.actor`) posts the form of the document page; each
changed field becomes one row of `corrections` in followup.db (pipeline/corrections.py), with who
and when. The served vanban.db shows it at once: the documents row and the copies the duties carry
are updated, and citations of the corrected number link to the document. Every later ingest applies
the corrections again from followup.db (extracted/<id>.json keeps what was read)."""
from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import escape

from pipeline import corrections
from pipeline.resolve.links import is_local
from pipeline.resolve.links import number_key as link_key
from pipeline.store.rows import document_label, number_key

log = logging.getLogger(__name__)


def _main_db(datasette: Any) -> Any:
    names = [n for n in datasette.databases if n not in ("_internal", "_memory", "followup")]
    return datasette.get_database(names[0])


def _followup_path(datasette: Any, main: Any) -> Path:
    follow = datasette.databases.get("followup")
    if follow is not None and follow.path:
        return Path(follow.path)
    return Path(main.path).with_name("followup.db")


def _message(text: str, status: int, doc_id: str) -> Response:
    back = f"/-/vanban/doc/{quote(doc_id)}"
    return Response.html(f'<!DOCTYPE html><html lang="vi"><meta charset="utf-8"><title>Sửa thông tin văn bản</title>'
                         f'<p>{escape(text)}</p><p><a href="{back}">Quay lại văn bản</a></p></html>', status=status)


def publish(conn: sqlite3.Connection, doc_id: str, values: dict[str, str | None], fixes: list[dict[str, Any]]) -> int:
    """Write corrected fields into the served database: the documents row, the copies on its duties, and
    the links of citations of its (new) number; returns how many citations now link to it."""
    conn.row_factory = sqlite3.Row
    sets = {**values, "corrections": json.dumps(fixes, ensure_ascii=False)}
    if "number" in values:
        sets["number_key"] = number_key(values["number"]) or ""
    conn.execute(f"update documents set {', '.join(f'{k} = ?' for k in sets)} where id = ?", [*sets.values(), doc_id])
    number, doc_type = conn.execute("select number, doc_type from documents where id = ?", [doc_id]).fetchone()
    conn.execute("update documents set label = ? where id = ?", [document_label(number, doc_type, doc_id), doc_id])
    if "issuer" in values:
        conn.execute("update obligations set issuer = ? where document_id = ?", [values["issuer"], doc_id])
    doc = conn.execute("select number, number_key, issued_date from documents where id = ?", [doc_id]).fetchone()
    key = doc["number_key"]
    if not key:
        return 0
    # the rule of resolve/links.py: a dated citation links to a document of that date; an undated one
    # only when its number is national (every province has its own 310/KH-UBND)
    rows = conn.execute("select id, issued_date from citations where number_key = ? and document_id != ?"
                        " and cited_document_id is null", [key, doc_id]).fetchall()
    linked = [r["id"] for r in rows
              if (r["issued_date"] and r["issued_date"] == doc["issued_date"]) or (not r["issued_date"] and not is_local(link_key(doc["number"])))]
    conn.executemany("update citations set cited_document_id = ? where id = ?", [(doc_id, i) for i in linked])
    return len(linked)


async def correct_document(datasette: Any, request: Any) -> Response:
    doc_id = request.url_vars["doc_id"]
    page = f"/-/vanban/doc/{quote(doc_id)}"
    if request.method != "POST":
        return Response.redirect(page)
    if request.actor is None:
        return _message("Cần đăng nhập để sửa thông tin văn bản.", 403, doc_id)
    db = _main_db(datasette)
    row = (await db.execute("select * from documents where id = ?", [doc_id])).first()
    if row is None:
        return _message(f"Không có văn bản {doc_id}", 404, doc_id)
    doc = dict(row)
    form = await request.post_vars()
    by, by_name = str(request.actor.get("id") or ""), str(request.actor.get("name") or request.actor.get("id") or "")
    path = _followup_path(datasette, db)
    try:
        wanted = {f: corrections.clean(f, form[f]) for f in corrections.FIELDS if (form.get(f) or "").strip()}
    except corrections.BadValue as exc:
        return _message(str(exc), 400, doc_id)
    changed = {f: v for f, v in wanted.items() if v != doc.get(f)}
    for field, value in changed.items():
        corrections.record(path, doc, field, value, by=by, by_name=by_name)
    if changed:
        warnings = (doc.get("warnings") or "").split("\n") if doc.get("warnings") else []
        fixed = corrections.apply([{"document": {**doc, "warnings": warnings}}], corrections.load(path))[0]["document"]
        values: dict[str, str | None] = {f: fixed[f] for f in corrections.FIELDS if fixed.get(f) != doc.get(f)}
        values["warnings"] = "\n".join(fixed["warnings"]) or None
        linked = await db.execute_write_fn(lambda conn: publish(conn, doc_id, values, fixed["corrections"]), block=True)
        log.info("%s corrected %s of %s (%d citations linked)", by, ", ".join(changed), doc_id, linked)
    return Response.redirect(f"{page}#sua")


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [(r"^/-/vanban/doc/(?P<doc_id>[^/]+)/sua$", correct_document)]


@hookimpl
def extra_template_vars() -> dict[str, Any]:
    def corrected(doc: dict[str, Any]) -> list[dict[str, Any]]:
        """The corrections shown on a document's page (documents.corrections holds them as JSON)."""
        try:
            return list(json.loads(doc.get("corrections") or "[]"))
        except (TypeError, ValueError):
            return []

    return {"vn_corrections": corrected, "vn_correctable": corrections.FIELDS}
