"""Header fields typed in by staff (a scan's handwritten number or day, a misread issuer or title),
kept apart from what was extracted: the table `corrections` of data/followup.db.

extracted/<id>.json keeps what the pipeline read; a correction is one row (document, field, value,
who, when), never rewritten — the latest row of a field wins. Every re-ingest applies them again
before citations are linked (`apply`), so the lists, calendars and citation links see the corrected
number, and a citation of that number finds its document. A row finds its document by content hash,
then id, then number (the file renamed or moved is still the same document)."""
from __future__ import annotations

import copy
import re
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any

from .store.followup import FOLLOWUP_DB, now_local
from .structure.header import DATE_WARNING, NUMBER_WARNING

# the fields a clerk may correct, with their Vietnamese labels
FIELDS = {"number": "Số, ký hiệu", "issued_date": "Ngày ban hành", "issuer": "Cơ quan ban hành", "title": "Trích yếu"}
SCHEMA = """
create table if not exists corrections (
  id integer primary key,
  document_id text not null,
  document_sha256 text,
  document_number text,
  field text not null check (field in ('number', 'issued_date', 'issuer', 'title')),
  value text not null,
  extracted text,
  by text not null,
  by_name text not null default '',
  at text not null
);
create index if not exists corrections_document on corrections (document_id);
"""
_DAY = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*((?:19|20)\d\d)\s*$")


@dataclass(frozen=True)
class Correction:
    id: int
    document_id: str
    document_sha256: str | None
    document_number: str | None
    field: str
    value: str
    extracted: str | None  # what the pipeline had read (None: left empty)
    by: str
    by_name: str
    at: str


class BadValue(ValueError):
    """A value that cannot be stored: the message says why, in Vietnamese."""


def clean(field: str, raw: str) -> str:
    """The value as stored: `05/01/2026` → 2026-01-05, a number without spaces around its dashes."""
    if field not in FIELDS:
        raise BadValue(f"Không sửa được trường {field}")
    value = " ".join(raw.split())
    if not value:
        raise BadValue(f"{FIELDS[field]}: chưa nhập giá trị")
    if field == "issued_date":
        m = _DAY.match(value)
        try:
            day = date(int(m[3]), int(m[2]), int(m[1])) if m else date.fromisoformat(value)
        except ValueError:
            raise BadValue(f"Ngày không hợp lệ: {value} (viết ngày/tháng/năm, ví dụ 05/01/2026)") from None
        return day.isoformat()
    if field == "number":
        value = re.sub(r"\s*([/\-–])\s*", r"\1", value).replace("–", "-")
        value = re.sub(r"^(?:Số|số)\s*:?\s*", "", value)
        if not re.match(r"^\d", value):
            raise BadValue(f"Số, ký hiệu phải bắt đầu bằng chữ số: {value}")
    return value


def connect(path: Path = FOLLOWUP_DB) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=10)
    conn.executescript(SCHEMA)
    return conn


def record(path: Path, document: Mapping[str, Any], field: str, raw: str, *, by: str, by_name: str = "") -> Correction:
    """Store one correction of `document` (a documents row or the document of a record)."""
    value = clean(field, raw)
    if not by:
        raise BadValue("Cần đăng nhập để sửa thông tin văn bản")
    old = document.get(field)
    row = (document["id"], document.get("sha256"), document.get("number"), field, value,
           None if old is None else str(old), by, by_name, now_local())
    with closing(connect(path)) as conn, conn:
        cur = conn.execute("insert into corrections (document_id, document_sha256, document_number, field, value,"
                           " extracted, by, by_name, at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)", row)
        return Correction(cur.lastrowid or 0, *row)


def load(path: Path = FOLLOWUP_DB) -> list[Correction]:
    if not path.exists():
        return []
    with closing(connect(path)) as conn:
        names = ", ".join(f.name for f in fields(Correction))
        return [Correction(*r) for r in conn.execute(f"select {names} from corrections order by id")]


def _key(number: str | None) -> str:
    return re.sub(r"\s+", "", (number or "")).replace("–", "-").upper()


def latest(corrections: Iterable[Correction], document: Mapping[str, Any]) -> dict[str, Correction]:
    """The latest correction of each field of `document`: matched by content hash, else by id, else by
    the number it had when corrected (never by a number many documents share, nor by an empty one)."""
    pool = list(corrections)
    for same in (lambda c: c.document_sha256 and c.document_sha256 == document.get("sha256"),
                 lambda c: c.document_id == document.get("id"),
                 lambda c: _key(c.document_number) and _key(c.document_number) == _key(document.get("number"))):
        mine = [c for c in pool if same(c)]
        if mine:
            return {c.field: c for c in mine}  # in id order: the last one of a field wins
    return {}


def apply(records: Sequence[dict[str, Any]], corrections: Sequence[Correction]) -> list[dict[str, Any]]:
    """Copies of `records` with the corrected fields in `document`, and `document.corrections` saying
    what was changed, from what, by whom and when (a record without corrections is returned as is)."""
    if not corrections:
        return list(records)
    out = []
    for rec in records:
        found = latest(corrections, rec.get("document") or {})
        if found:
            rec = copy.deepcopy(rec)
            doc = rec["document"]
            for field, c in found.items():
                doc[field] = c.value
            # the warning about a field a clerk has now typed in is answered
            answered = {NUMBER_WARNING: "number", DATE_WARNING: "issued_date"}
            doc["warnings"] = [w for w in doc.get("warnings") or [] if answered.get(w) not in found]
            doc["corrections"] = [
                {"field": c.field, "label": FIELDS[c.field], "value": c.value, "extracted": c.extracted,
                 "by": c.by, "by_name": c.by_name, "at": c.at} for c in found.values()
            ]
        out.append(rec)
    return out


def stamp(path: Path) -> str:
    """What changes when a correction is entered: part of the state a database is built from, so that
    the next ingest rebuilds it (`''` when there is none)."""
    if not path.exists():
        return ""
    with closing(connect(path)) as conn:
        last = conn.execute("select max(id) from corrections").fetchone()[0]
    return f"+corrections:{last}" if last else ""
