"""SQLite database for Datasette, built with sqlite-utils from `extracted/*.json`.

The database is built beside the old one and swapped in atomically (`swap`), so a running
Datasette keeps serving, sees the new data at once, and a failing batch never loses what was
ingested before. Staff follow-up (done marks, notes) lives in a separate file, data/followup.db
(see `store.followup`), keyed by the content-derived obligation id, so rebuilding vanban.db
never touches it."""
from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Iterable
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any

import sqlite_utils

from . import due, units
from . import followup as follow
from .removed import COLUMNS as REMOVED_COLUMNS
from .removed import removed_documents
from .rows import Rows
from .views import VIEWS

log = logging.getLogger(__name__)
TOKENIZE = "unicode61 remove_diacritics 2"

# Column types of every table, so that empty tables still have their columns (views and canned
# queries refer to them).
SCHEMA: dict[str, dict[str, Any]] = {
    "documents": {"id": str, "doc_type": str, "number": str, "issuer": str, "place": str, "issued_date": str,
                  "title": str, "signer_name": str, "signer_position": str, "signer_authority": str,
                  "recipients": str, "format": str, "pages": int, "source": str, "sha256": str, "page": str,
                  "number_key": str, "text": str, "title_folded": str, "text_folded": str, "issuer_parents": str,
                  "warnings": str, "corrections": str, "label": str},
    "sections": {"id": str, "document_id": str, "section": str, "heading": str, "start": int, "end": int},
    "citations": {"id": str, "document_id": str, "text": str, "doc_type": str, "number": str, "number_key": str,
                  "issued_date": str, "issuer": str, "title": str, "year": int, "cited_document_id": str,
                  "start": int, "end": int},
    "deadlines": {"id": str, "document_id": str, "text": str, "kind": str, "due": str, "period_start": str,
                  "rrule": str, "next_due": str, "start": int, "end": int,
                  # the calendar's rule (day filled in, UNTIL at the period's end), first day, ước tính
                  "cal_rrule": str, "cal_start": str, "estimated": int},
    # short columns first: a row read through an index finds them before any overflow page
    "obligations": {"id": str, "document_id": str, "done": int, "next_due": str, "lead_actor": str,
                    "due_month": str, "doc_type": str, "issuer": str, "section": str, "start": int, "end": int,
                    "deadline_ids": str, "deadline_text": str, "deadline_time": str, "actors": str, "partners": str, "report_to": str,
                    "action": str, "sentence": str, "search_folded": str, "page": str,
                    "next_estimated": int, "overdue_since": str, "next_occurrence": str, "all_done": int},
    **units.SCHEMA,
    "obligation_deadlines": {"obligation_id": str, "deadline_id": str},
    "occurrences": due.OCCURRENCES_SCHEMA,
    "ingest_errors": {"source": str, "error": str, "kind": str},
    "removed_documents": REMOVED_COLUMNS,
}
PKS: dict[str, str | tuple[str, ...]] = {
    **units.PKS,
    "obligation_deadlines": ("obligation_id", "deadline_id"),
    "occurrences": due.OCCURRENCES_PK,
    "ingest_errors": "source",
}
FOREIGN_KEYS: dict[str, list[tuple[str, str, str]]] = {
    "sections": [("document_id", "documents", "id")],
    "citations": [("document_id", "documents", "id"), ("cited_document_id", "documents", "id")],
    "deadlines": [("document_id", "documents", "id")],
    "obligations": [("document_id", "documents", "id")],
    **units.FOREIGN_KEYS,
    "obligation_deadlines": [("obligation_id", "obligations", "id"), ("deadline_id", "deadlines", "id")],
    "occurrences": [("obligation_id", "obligations", "id"), ("deadline_id", "deadlines", "id")],
}
INDEXES: dict[str, list[list[str]]] = {
    "sections": [["document_id"]],
    "citations": [["document_id"], ["cited_document_id"]],
    "deadlines": [["document_id"]],
    # each facet column with the two status columns: facets, filtered or not, read only the index
    "obligations": [["document_id"], ["next_due", "done"], ["done", "next_due"], ["lead_actor", "done", "next_due"],
                    ["due_month", "done", "next_due"], ["doc_type", "done", "next_due"],
                    ["issuer", "done", "next_due"]],
    **units.INDEXES,
    "obligation_deadlines": [["deadline_id"]],
    "occurrences": [["obligation_id", "done", "day"]],
}
# the duties page is sorted by due day with undated duties last (an index on the same expression)
EXPRESSION_INDEXES = [
    "create index if not exists idx_obligations_due_order on obligations(coalesce(next_due, '9999-12-31'))",
]
FTS: dict[str, list[str]] = {
    "documents": ["title_folded", "text_folded"],
    "obligations": ["search_folded"],
}


def load_records(extracted_dir: Path) -> list[dict[str, Any]]:
    records = []
    for path in sorted(extracted_dir.glob("*.json")):
        if path.name.startswith("."):
            continue
        records.append(json.loads(path.read_text("utf-8")))
    return records


def build(records: Iterable[dict[str, Any]], db_path: Path, errors: Iterable[dict[str, str]] = (),
          today: date | None = None, followup: Path | None = None, state: dict[str, str] | None = None,
          office: Iterable[dict[str, Any]] = ()) -> Path:
    """Write a fresh database beside `db_path`, then swap it in as one transaction. The records
    are written as given: resolve them first (`resolve.resolve`: citation links, units, deadline days).

    Duties marked done in `followup` (default: followup.db beside `db_path`) are marked done
    (`followup.publish`: the public state only; notes stay in followup.db), and each duty's next and
    overdue day follow (`due.refresh_due`); documents the live
    database held and the records do not are listed in `removed_documents`. `state` (key → value:
    what the database was built from, see `manifest.py`) goes into the table `ingest_state`, in the
    same swap as the data. `office`: the office's own units and their groups (`resolve.office.Office.rows`)."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = db_path.with_name(db_path.name + ".new")
    tmp.unlink(missing_ok=True)
    db = sqlite_utils.Database(tmp)
    records = list(records)
    fill(db, records, errors, today, removed_documents(db_path, records, today or date.today()), office)
    db.table("ingest_state").insert_all(({"key": k, "value": v} for k, v in (state or {}).items()), pk="key",
                                        replace=True)
    follow.publish(db.conn, follow.load(followup or db_path.with_name("followup.db")))
    due.refresh_due(db.conn, today or date.today())
    db.conn.close()
    swap(tmp, db_path)
    return db_path


def swap(new: Path, live: Path) -> None:
    """Put the database `new` in place of `live`.

    A live file is overwritten with SQLite's backup API, in one transaction: connections that
    are open on it (a running Datasette) see the old database or the new one, never a mix, and
    see the new one without reconnecting. A missing or unreadable live file is simply replaced."""
    if live.exists():
        try:
            with closing(sqlite3.connect(new)) as src, closing(sqlite3.connect(live, timeout=30)) as dst:
                dst.execute("pragma schema_version").fetchone()  # a database, not some other file
                src.backup(dst)
            new.unlink()
            return
        except sqlite3.DatabaseError as exc:
            log.warning("%s: không cập nhật tại chỗ được (%s); thay cả tệp", live, exc)
    os.replace(new, live)


def rows_of(records: Iterable[dict[str, Any]], today: date | None = None) -> Rows:
    rows = Rows()
    for rec in sorted(records, key=lambda r: r["document"]["id"]):  # same rows, same rowids, whatever the order
        rows.add(rec, today or date.today())
    rows.link_citations()
    return rows


def fill(db: sqlite_utils.Database, records: Iterable[dict[str, Any]], errors: Iterable[dict[str, str]] = (),
         today: date | None = None, removed: Iterable[dict[str, Any]] = (),
         office: Iterable[dict[str, Any]] = ()) -> None:
    """Create every table, index, full-text index and view of the database `db` and fill them."""
    rows = rows_of(records, today)
    unit_rows, unit_groups = units.unit_rows(rows.units, rows.obligation_units, office)
    data: dict[str, list[dict[str, Any]]] = {
        "documents": rows.documents, "sections": rows.sections, "citations": rows.citations,
        "deadlines": rows.deadlines, "obligations": rows.obligations, "units": unit_rows,
        "obligation_units": rows.obligation_units, "unit_groups": unit_groups,
        "obligation_deadlines": rows.obligation_deadlines, "occurrences": rows.occurrences,
        "ingest_errors": list(errors), "removed_documents": list(removed),
    }
    with db.conn:
        for name, columns in SCHEMA.items():
            table = db.table(name)
            table.create(columns, pk=PKS.get(name, "id"), foreign_keys=FOREIGN_KEYS.get(name), replace=True)
            table.insert_all(data[name], replace=True)
            for cols in INDEXES.get(name, []):
                table.create_index(cols, if_not_exists=True)
    for name, cols in FTS.items():
        db.table(name).enable_fts(cols, tokenize=TOKENIZE, create_triggers=False, replace=True)
    for sql in EXPRESSION_INDEXES:
        db.execute(sql)
    for name, sql in {**VIEWS, **units.VIEWS}.items():
        db.create_view(name, sql, replace=True)
    due.refresh_due(db.conn, today or date.today())
    log.info("database: %s", {name: len(rows_) for name, rows_ in data.items()})
