"""data/followup.db: what staff record about duties (done, notes), kept apart from vanban.db.

vanban.db is rebuilt from the documents at every ingest; this file never is. Rows are keyed by
the obligation id of vanban.db, which is derived from the document id and the duty's sentence
(see `store.rows.content_key`), so a mark survives re-ingesting, re-ordering and editing
elsewhere in the document. Datasette writes it through the password-protected canned queries
`danh_dau_xong`, `mo_lai` and `ghi_chu` (metadata.yml)."""
from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

FOLLOWUP_DB = Path("data/followup.db")
COLUMNS = {"obligation_id": str, "done": int, "note": str, "updated_at": str, "updated_by": str}


def ensure(path: Path = FOLLOWUP_DB) -> Path:
    """Create the follow-up database and its table if they do not exist (never drops anything)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    if not db.table("followup").exists():
        db.table("followup").create(COLUMNS, pk="obligation_id", not_null={"done"}, defaults={"done": 0})
    db.conn.close()
    return path


def mark(path: Path, obligation_id: str, done: bool = True, note: str | None = None, by: str = "") -> None:
    """Record a duty as done (or open again), optionally with a note: what the canned queries do."""
    ensure(path)
    db = sqlite_utils.Database(path)
    row: dict[str, object] = {"obligation_id": obligation_id, "done": int(done), "updated_by": by,
                              "updated_at": datetime.now(UTC).isoformat(timespec="seconds")}
    if note is not None:
        row["note"] = note
    db.table("followup").upsert(row, pk="obligation_id")
    db.conn.close()


def marks(path: Path) -> dict[str, tuple[int, str | None]]:
    """obligation id → (done, note) for every duty staff marked done or wrote a note about."""
    if not path.exists():
        return {}
    db = sqlite_utils.Database(path)
    try:
        return {r["obligation_id"]: (r["done"], r["note"])
                for r in db.table("followup").rows_where("done = 1 or note is not null")}
    finally:
        db.conn.close()


def done_ids(path: Path) -> set[str]:
    if not path.exists():
        return set()
    db = sqlite_utils.Database(path)
    try:
        return {r["obligation_id"] for r in db.table("followup").rows_where("done = 1")}
    finally:
        db.conn.close()
