"""Documents removed from corpus/: reported on the home page until they come back.

A rebuild compares the live vanban.db with the new records: a document the live database held
and the records no longer hold (not even
under another name, by content hash) was removed; its duties leave every list with it, and its
follow-up marks stay in followup.db (listed as marks that find nothing) in case it returns."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any

COLUMNS = {"id": str, "source": str, "number": str, "title": str, "sha256": str, "removed_on": str}


def removed_documents(live: Path, records: Iterable[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    """Rows of `removed_documents` for the new database: those the live one listed and the newly removed."""
    kept = {rec["document"]["id"] for rec in records}
    hashes = {rec["document"].get("sha256") for rec in records}  # the same bytes under another name: renamed
    if not live.exists():
        return []
    try:
        with closing(sqlite3.connect(f"file:{live}?mode=ro", uri=True)) as conn:
            tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
            rows: dict[str, dict[str, Any]] = {}
            if "removed_documents" in tables:
                for r in conn.execute("select id, source, number, title, sha256, removed_on from removed_documents"):
                    rows[r[0]] = dict(zip(COLUMNS, r, strict=True))
            if "documents" in tables:
                for r in conn.execute("select id, source, number, title, sha256 from documents"):
                    rows[r[0]] = {**dict(zip(COLUMNS, r, strict=False)), "removed_on": today.isoformat()}
    except sqlite3.DatabaseError:  # an unreadable live file is replaced; nothing to report
        return []
    return [row for doc_id, row in sorted(rows.items()) if doc_id not in kept and row["sha256"] not in hashes]
