"""data/followup.db: what staff record about duties — a history of marks, kept apart from vanban.db.

vanban.db is rebuilt from the documents at every ingest; this file never is. Each action of a
person is one row of `marks` (done, reopen, note), never rewritten: the state of a duty, or of one
occurrence of a recurring duty (`occurrence`, an ISO date), is its latest done/reopen row. Every
mark keeps anchors (document id, content hash and number, the duty's sentence), so when the duty's
id changes — the file renamed or moved, a word or a date of the sentence edited — `refind` finds
it again; a mark that finds nothing is kept and listed (`orphans`), never dropped.

`publish` copies the current state into vanban.db (`obligation_done`, `obligations.done`): the
public done/open state. Notes and who wrote them stay in followup.db, which is not served."""
from __future__ import annotations

import difflib
import re
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, fields, replace
from datetime import datetime, timedelta, timezone, tzinfo
from pathlib import Path

from ..text import fold

FOLLOWUP_DB = Path("data/followup.db")
ACTIONS = ("done", "reopen", "note")
SIMILAR = 0.8  # least similarity (difflib ratio of folded words) for an edited sentence to be the same duty
_SPACES = re.compile(r"\s+")
_NUMBER_NOISE = re.compile(r"[\s.]+")


def office_zone() -> tzinfo:
    """Asia/Ho_Chi_Minh (UTC+7 all year: a fixed offset when the tz database is missing)."""
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Asia/Ho_Chi_Minh")
    except (ImportError, KeyError, OSError):  # ZoneInfoNotFoundError is a KeyError
        return timezone(timedelta(hours=7), "ICT")


@dataclass(frozen=True)
class Anchor:
    """What a mark knows of its duty, to find it again in a rebuilt vanban.db."""

    obligation_id: str
    document_id: str | None = None
    document_sha256: str | None = None
    document_number: str | None = None
    sentence: str | None = None


@dataclass(frozen=True)
class Mark:
    id: int
    obligation_id: str
    occurrence: str | None      # ISO date of one occurrence of a recurring duty; None: the whole duty
    action: str                 # done, reopen, note
    note: str | None
    by: str                     # account id
    by_name: str
    at: str                     # ISO 8601 with the office's offset (+07:00)
    document_id: str | None = None
    document_sha256: str | None = None
    document_number: str | None = None
    sentence: str | None = None

    @property
    def anchor(self) -> Anchor:
        return Anchor(self.obligation_id, self.document_id, self.document_sha256, self.document_number,
                      self.sentence)


COLUMNS = [f.name for f in fields(Mark)]
SCHEMA = """
create table if not exists marks (
  id integer primary key,
  obligation_id text not null,
  occurrence text,
  action text not null check (action in ('done', 'reopen', 'note')),
  note text,
  by text not null default '',
  by_name text not null default '',
  at text not null,
  document_id text,
  document_sha256 text,
  document_number text,
  sentence text
);
create index if not exists idx_marks_obligation on marks(obligation_id, occurrence);
"""


def connect(path: Path = FOLLOWUP_DB) -> sqlite3.Connection:
    """A connection to followup.db with the `marks` table (created, and the old one-row-per-duty
    `followup` table copied into it once; that table is kept, never written again)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=30)
    with conn:
        conn.executescript(SCHEMA)
        legacy = conn.execute("select 1 from sqlite_master where name = 'followup' and type = 'table'").fetchone()
        if legacy and not conn.execute("select 1 from marks limit 1").fetchone():
            conn.execute("""insert into marks (obligation_id, action, note, by, by_name, at)
                            select obligation_id, case when done then 'done' else 'note' end, note,
                                   coalesce(updated_by, ''), coalesce(updated_by, ''), coalesce(updated_at, '')
                            from followup where done = 1 or note is not null order by updated_at""")
    return conn


def ensure(path: Path = FOLLOWUP_DB) -> Path:
    """Create the follow-up database and its table if they do not exist (never drops anything)."""
    connect(path).close()
    return path


def now_local() -> str:
    return datetime.now(office_zone()).isoformat(timespec="seconds")


def record(path: Path, anchor: Anchor, action: str, *, by: str, by_name: str = "", note: str | None = None,
           occurrence: str | None = None, at: str | None = None) -> Mark:
    """Append one mark (who did what, when) and return it."""
    if action not in ACTIONS:
        raise ValueError(f"unknown follow-up action {action!r}")
    if occurrence is not None:
        occurrence = datetime.strptime(occurrence, "%Y-%m-%d").date().isoformat()  # an ISO date or ValueError
    mark = Mark(0, anchor.obligation_id, occurrence, action, note, by, by_name or by, at or now_local(),
                anchor.document_id, anchor.document_sha256, anchor.document_number, anchor.sentence)
    values = [getattr(mark, c) for c in COLUMNS[1:]]
    with closing(connect(path)) as conn, conn:
        cur = conn.execute(f"insert into marks ({', '.join(COLUMNS[1:])}) values ({', '.join('?' * len(values))})",
                           values)
    return replace(mark, id=int(cur.lastrowid or 0))


def load(path: Path = FOLLOWUP_DB, obligation_ids: Iterable[str] | None = None) -> list[Mark]:
    """Every mark, oldest first (or those of some duties)."""
    if not path.exists():
        return []
    with closing(connect(path)) as conn:
        sql = f"select {', '.join(COLUMNS)} from marks"
        if obligation_ids is None:
            rows = conn.execute(sql + " order by id").fetchall()
        else:
            ids = list(obligation_ids)
            rows = conn.execute(sql + f" where obligation_id in ({', '.join('?' * len(ids))}) order by id",
                                ids).fetchall()
    return [Mark(*r) for r in rows]


def history(marks: Sequence[Mark], obligation_ids: Iterable[str]) -> list[Mark]:
    """The marks of one duty (under any of the ids it had), newest first."""
    ids = set(obligation_ids)
    return sorted((m for m in marks if m.obligation_id in ids), key=lambda m: m.id, reverse=True)


def state(marks: Iterable[Mark]) -> dict[tuple[str, str | None], Mark]:
    """(obligation id, occurrence) → the mark that decides it now (latest done or reopen)."""
    out: dict[tuple[str, str | None], Mark] = {}
    for m in sorted(marks, key=lambda m: m.id):
        if m.action in ("done", "reopen"):
            out[(m.obligation_id, m.occurrence)] = m
    return out


def _words(sentence: str) -> list[str]:
    return _SPACES.sub(" ", fold(sentence)).strip().split()


def _number_key(number: str | None) -> str | None:
    return (_NUMBER_NOISE.sub("", fold(number)) or None) if number else None


def refind(conn: sqlite3.Connection, anchors: Iterable[Anchor]) -> dict[str, str]:
    """Old obligation id → its id in the vanban.db of `conn`, for every anchor that finds its duty.

    The same id when it still exists; else the most similar sentence (≥ SIMILAR) among the duties
    of the same document, found by content hash (a renamed or moved file), by id (an edited
    file) or by number (a renamed and edited file). Anchors that find nothing are left out."""
    found: dict[str, str] = {}
    latest = {a.obligation_id: a for a in anchors}
    for old, anchor in latest.items():
        if conn.execute("select 1 from obligations where id = ?", [old]).fetchone():
            found[old] = old
            continue
        if not anchor.sentence:
            continue
        docs = [r[0] for r in conn.execute(
            "select id from documents where sha256 = ? or id = ? or (number_key is not null and number_key = ?)",
            [anchor.document_sha256, anchor.document_id, _number_key(anchor.document_number)])]
        if not docs:
            continue
        want = _words(anchor.sentence)
        best, score = None, SIMILAR
        rows = conn.execute(f"select id, sentence from obligations where document_id in ({', '.join('?' * len(docs))})"
                            " order by id", docs)
        for oid, sentence in rows:
            ratio = difflib.SequenceMatcher(None, want, _words(sentence or ""), autojunk=False).ratio()
            if ratio > score or (ratio == score and best is None):
                best, score = oid, ratio
        if best is not None:
            found[old] = best
    return found


def orphans(conn: sqlite3.Connection, marks: Sequence[Mark]) -> list[Mark]:
    """Marks whose duty is in no document of the vanban.db of `conn` (latest mark of each, newest first)."""
    found = refind(conn, (m.anchor for m in marks))
    latest = {m.obligation_id: m for m in sorted(marks, key=lambda m: m.id)}
    return sorted((m for old, m in latest.items() if old not in found), key=lambda m: m.id, reverse=True)


PUBLIC_TABLE = """create table if not exists obligation_done (
  obligation_id text not null, occurrence text, done_at text, primary key (obligation_id, occurrence))"""


def publish(conn: sqlite3.Connection, marks: Sequence[Mark]) -> int:
    """Copy what is done now into the vanban.db of `conn`: `obligation_done` (one row per duty or
    occurrence done, ids re-found) and `obligations.done` (1 when the whole duty is done).
    Returns how many duties changed state."""
    moved = refind(conn, (m.anchor for m in marks))
    latest: dict[tuple[str, str | None], Mark] = {}
    for (old, occurrence), m in state(marks).items():  # two old ids may now be one duty: the latest mark wins
        new = moved.get(old)
        if new is not None and ((new, occurrence) not in latest or m.id > latest[(new, occurrence)].id):
            latest[(new, occurrence)] = m
    done = {key: m.at for key, m in latest.items() if m.action == "done"}
    whole = sorted({oid for (oid, occ) in done if occ is None})
    with conn:
        conn.execute(PUBLIC_TABLE)
        conn.execute("delete from obligation_done")
        conn.executemany("insert or replace into obligation_done values (?, ?, ?)",
                         [(oid, occ, at) for (oid, occ), at in sorted(done.items(), key=lambda kv: (kv[0][0], kv[0][1] or ""))])
        conn.execute("create temp table if not exists _done (id text primary key)")
        conn.execute("delete from _done")
        conn.executemany("insert into _done values (?)", [(i,) for i in whole])
        changed = conn.execute("update obligations set done = 1 where done = 0 and id in (select id from _done)").rowcount
        changed += conn.execute("update obligations set done = 0 where done = 1 and id not in (select id from _done)").rowcount
    return changed


def done_occurrences(conn: sqlite3.Connection) -> dict[str, set[str | None]]:
    """obligation id → occurrences marked done (None: the whole duty), from a vanban.db connection."""
    out: dict[str, set[str | None]] = {}
    exists = conn.execute("select 1 from sqlite_master where name = 'obligation_done'").fetchone()
    for oid, occ in conn.execute("select obligation_id, occurrence from obligation_done") if exists else ():
        out.setdefault(oid, set()).add(occ)
    return out


def anchor_of(row: Mapping[str, object]) -> Anchor:
    """The anchor of a duty from its row (id, document_id, sha256, number, sentence) of vanban.db."""
    def text(key: str) -> str | None:
        value = row.get(key)
        return str(value) if value is not None else None

    return Anchor(str(row["id"]), text("document_id"), text("sha256"), text("number"), text("sentence"))


def occurrence_marks(path: Path = FOLLOWUP_DB) -> dict[tuple[str, str | None], tuple[int, str | None, str | None]]:
    """(obligation id as marked, occurrence or None) → (done, latest note, when the state was set).

    For the calendar (issue 12). The ids are those of the marks; `obligation_done` of a built
    vanban.db has them re-found after renames and edits (prefer it once the database is built)."""
    marks = load(path)
    notes: dict[tuple[str, str | None], str] = {}
    for m in marks:
        if m.action == "note" and m.note:
            notes[(m.obligation_id, m.occurrence)] = m.note
    out: dict[tuple[str, str | None], tuple[int, str | None, str | None]] = {
        key: (int(m.action == "done"), notes.get(key), m.at) for key, m in state(marks).items()}
    for key, note in notes.items():
        out.setdefault(key, (0, note, None))
    return out
