"""SQL views of vanban.db and the SQL functions they use.

`obligations_overview` is the page staff read: every duty with its document, actors, deadline,
next due day and status (done, overdue, open). "Done" is staff's mark, kept in data/followup.db
and copied into obligations.done at every build and whenever followup.db changes (`followup.publish`,
called by the vanban Datasette plugin); "overdue" compares the next due day with `vn_today()`,
registered on every Datasette connection by the plugin (and by `connect()` for scripts and tests).
The facet columns are copied into `obligations` and indexed, and the document's number, title and
date are looked up only for the rows shown (scalar subqueries, not a join): the page and its
facets over 100,000 duties read indexes, not the table.
"Today" is the real date unless the plugin configuration sets one (`plugins: vanban: today:`),
which fixes every status and canned query for a review or a test."""
from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path, PurePath

from ..text import fold
from .due import refresh_due
from .labels import labels

# `task`: the action as staff read it — the whole sentence when the extracted action is too short to
# mean anything alone ('tham mưu, trình.') or empty; `follow_up`: the duty's own page
OBLIGATIONS_OVERVIEW = """
SELECT
  o.id AS id,
  CASE WHEN o.done OR o.all_done THEN 'done' WHEN o.overdue_since IS NOT NULL OR o.next_due < vn_today()
       THEN 'overdue' ELSE 'open' END AS status,
  o.next_due AS next_due,
  CASE WHEN length(trim(coalesce(o.action, ''))) < 30 THEN o.sentence ELSE o.action END AS task,
  o.lead_actor AS lead_actor,
  (SELECT number FROM documents d WHERE d.id = o.document_id) AS doc_number,
  '/-/vanban/viec/' || o.id AS follow_up,
  o.action AS action,
  o.deadline_time AS deadline,
  o.doc_type AS doc_type,
  (SELECT title FROM documents d WHERE d.id = o.document_id) AS doc_title,
  o.issuer AS issuer,
  (SELECT issued_date FROM documents d WHERE d.id = o.document_id) AS doc_date,
  o.actors AS actors,
  o.partners AS partners,
  o.report_to AS report_to,
  o.due_month AS due_month,
  CASE WHEN o.next_estimated THEN 'estimated' END AS next_estimated,
  o.overdue_since AS overdue_since,
  o.next_occurrence AS next_occurrence,
  '/-/vanban/doc/' || o.document_id || '#o-' || o.id AS source,
  o.document_id AS document_id,
  coalesce(o.next_due, '9999-12-31') AS due_order,
  o.rowid AS rowid
FROM obligations o
"""

# The files that failed at the last ingest as the site shows them: the file's name, the reason in
# Vietnamese (labels.yml `errors`) and the line the reader wrote; `ingest_errors` itself (with the
# reader's exception class in `kind`) is the ingest's own record, hidden from the site.
FAILED_FILES = """
SELECT vn_file_name(source) AS file, vn_reason(error) AS reason, error AS detail, source AS source
FROM ingest_errors
"""

VIEWS: dict[str, str] = {"obligations_overview": OBLIGATIONS_OVERVIEW, "failed_files": FAILED_FILES}


class FollowupWatch:
    """Tells when data/followup.db changed since the last look (its size and modification times)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._stamp: tuple[int, ...] | None = None

    def changed(self) -> bool:
        if self.path is None:
            return False
        stamp = tuple(_stat(p) for p in (self.path, self.path.with_name(self.path.name + "-wal")))
        if stamp == self._stamp:
            return False
        self._stamp = stamp
        return True


def _stat(path: Path) -> int:
    try:
        st = os.stat(path)
    except OSError:
        return -1
    return st.st_mtime_ns ^ (st.st_size << 1)




def refresh_next_due(conn: sqlite3.Connection, today: date) -> int:
    """Each duty's next and overdue day as of `today` (store/due.py); a server left running calls this
    once a day, so a monthly report moves on even when nothing was ingested since."""
    return refresh_due(conn, today)


def fts_phrases(query: str) -> str:
    """The full-text query for what staff type: each comma-separated part is one phrase, folded.

    'Báo cáo' → '"bao cao"', so the two syllables of one Vietnamese word must be adjacent
    (not 'bao gồm … nâng cao'); 'Sở Nội vụ, báo cáo' → '"so noi vu" "bao cao"' (both phrases)."""
    parts = (" ".join(fold(p).replace('"', " ").split()) for p in query.split(","))
    return " ".join(f'"{p}"' for p in parts if p)


def register(conn: sqlite3.Connection, today: Callable[[], date] = date.today) -> None:
    """SQL functions of vanban: vn_today() (constant within a statement), vn_fold(text), and for
    `failed_files` vn_file_name(path) ('corpus/a/b.docx' → 'b.docx') and vn_reason(error line)."""
    conn.create_function("vn_today", 0, lambda: today().isoformat(), deterministic=True)
    conn.create_function("vn_fold", 1, lambda s: fold(s) if isinstance(s, str) else s, deterministic=True)
    conn.create_function("vn_file_name", 1, lambda s: PurePath(s).name if isinstance(s, str) else s,
                         deterministic=True)
    conn.create_function("vn_reason", 1, lambda s: labels().reason(s or ""), deterministic=True)


def connect(db_path: Path, today: Callable[[], date] = date.today) -> sqlite3.Connection:
    """A connection to vanban.db on which the views work (for scripts and tests)."""
    conn = sqlite3.connect(db_path)
    register(conn, today)
    return conn
