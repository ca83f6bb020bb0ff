"""SQL views of vanban.db and the SQL functions they use.

`obligations_overview` is the page staff read: every duty with its document, actors, deadline,
next due day and status. Status needs today's date and the follow-up marks kept in
data/followup.db, so it comes from the SQL function `vn_status(id, next_due)`, registered on every
Datasette connection by the vanban plugin (and by `connect()` below for scripts and tests).
"Today" is the real date unless the plugin configuration sets one (`plugins: vanban: today:`),
which fixes every status and canned query for a review or a test."""
from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from .text import fold

OBLIGATIONS_OVERVIEW = """
SELECT
  o.id AS id,
  vn_status(o.id, o.next_due) AS status,
  o.next_due AS next_due,
  o.action AS action,
  CASE WHEN o.actors = '' THEN NULL
       WHEN instr(o.actors, '; ') > 0 THEN substr(o.actors, 1, instr(o.actors, '; ') - 1)
       ELSE o.actors END AS lead_actor,
  o.deadline_text AS deadline,
  d.doc_type AS doc_type,
  d.number AS doc_number,
  d.title AS doc_title,
  d.issuer AS issuer,
  d.issued_date AS doc_date,
  o.actors AS actors,
  o.partners AS partners,
  o.report_to AS report_to,
  substr(o.next_due, 1, 7) AS due_month,
  '/-/vanban/doc/' || o.document_id || '#o-' || o.id AS source,
  '/followup/danh_dau_xong?obligation_id=' || o.id AS follow_up,
  o.document_id AS document_id,
  o.rowid AS rowid
FROM obligations o JOIN documents d ON d.id = o.document_id
"""

VIEWS: dict[str, str] = {"obligations_overview": OBLIGATIONS_OVERVIEW}

STATUSES = ("open", "done", "overdue")


class DoneMarks:
    """The set of obligation ids marked done in data/followup.db, re-read when the file changes.

    The file's stat is checked at most every `ttl` seconds, so one query over 100,000 rows costs
    one stat, not 100,000."""

    def __init__(self, path: Path | None, ttl: float = 0.05) -> None:
        self.path = path
        self.ttl = ttl
        self._checked = 0.0
        self._stamp: tuple[int, int] | None = None
        self._done: frozenset[str] = frozenset()

    def done(self) -> frozenset[str]:
        now = time.monotonic()
        if self.path is None or now - self._checked < self.ttl:
            return self._done
        self._checked = now
        try:
            st = os.stat(self.path)
        except OSError:
            self._done, self._stamp = frozenset(), None
            return self._done
        wal = self.path.with_name(self.path.name + "-wal")
        stamp = (st.st_mtime_ns + (wal.stat().st_mtime_ns if wal.exists() else 0), st.st_size)
        if stamp != self._stamp:
            self._stamp = stamp
            self._done = read_done(self.path)
        return self._done


def read_done(path: Path) -> frozenset[str]:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            return frozenset(r[0] for r in conn.execute("select obligation_id from followup where done = 1"))
    except sqlite3.Error:
        return frozenset()


def status_function(marks: DoneMarks, today: Callable[[], date] = date.today) -> Callable[[str, str | None], str]:
    def vn_status(obligation_id: str, next_due: str | None) -> str:
        if obligation_id in marks.done():
            return "done"
        if next_due and next_due < today().isoformat():
            return "overdue"
        return "open"

    return vn_status


def register(conn: sqlite3.Connection, marks: DoneMarks, today: Callable[[], date] = date.today) -> None:
    """SQL functions of vanban: vn_status(id, next_due), vn_today() and vn_fold(text)."""
    conn.create_function("vn_status", 2, status_function(marks, today), deterministic=False)
    conn.create_function("vn_today", 0, lambda: today().isoformat(), deterministic=False)
    conn.create_function("vn_fold", 1, lambda s: fold(s) if isinstance(s, str) else s, deterministic=True)


def connect(db_path: Path, followup_path: Path | None = None,
            today: Callable[[], date] = date.today) -> sqlite3.Connection:
    """A connection to vanban.db on which the views work (for scripts and tests)."""
    conn = sqlite3.connect(db_path)
    register(conn, DoneMarks(followup_path, ttl=0), today)
    return conn
