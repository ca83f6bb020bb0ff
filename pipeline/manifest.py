"""What `extracted/` holds, and what the database was built from: the state that makes an
interrupted ingest repaired by the next one.

- `extracted/.manifest.json`: document id → entry {sha256, version, source} of the file its JSON
  was extracted from, or the same with {error, kind, limits} for a file that failed. Each file's
  entry is appended to `.manifest.log` as soon as the file is done (its JSON written first), so a
  stopped batch keeps every finished file; `save` folds the log into the JSON.
- The database carries the digest of the entries it was built from (table `ingest_state`), in
  the same swap as its data: the database is rebuilt whenever that digest is not the current one,
  whatever happened before (a kill while building or swapping, a removed file, a new failure), and
  whenever the code it is built with changed (`code_stamp`).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
MANIFEST = ".manifest.json"
JOURNAL = ".manifest.log"
STATE_TABLE = "ingest_state"

Entry = dict[str, Any]


def load(out_dir: Path) -> dict[str, Entry]:
    """The entries of `out_dir`: the manifest, then each line of the log over it (a line cut by a
    kill is left out)."""
    try:
        data = json.loads((out_dir / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        data = {}
    entries: dict[str, Entry] = data if isinstance(data, dict) else {}
    try:
        lines = (out_dir / JOURNAL).read_text("utf-8").splitlines()
    except OSError:
        lines = []
    for line in lines:
        try:
            doc_id, entry = json.loads(line)
        except (ValueError, TypeError):
            continue
        if entry is None:
            entries.pop(doc_id, None)
        else:
            entries[doc_id] = entry
    return entries


def note(out_dir: Path, doc_id: str, entry: Entry | None) -> None:
    """Append one file's entry (None: the document is gone) to the log."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / JOURNAL).open("a", encoding="utf-8") as f:
        f.write(json.dumps([doc_id, entry], ensure_ascii=False) + "\n")


def save(out_dir: Path, entries: dict[str, Entry]) -> None:
    """Write `entries` as the manifest (atomically) and empty the log."""
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = out_dir / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(entries, ensure_ascii=False, indent=0, sort_keys=True), "utf-8")
    tmp.replace(out_dir / MANIFEST)
    (out_dir / JOURNAL).unlink(missing_ok=True)


def digest(entries: dict[str, Entry]) -> str:
    """One hash of everything a database built from these entries depends on."""
    return hashlib.sha256(json.dumps(entries, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


# what turns extracted/*.json into the database: a change to any of these rebuilds it (new columns, views, labels)
BUILT_WITH = ("resolve", "store", "datasette/labels.yml")
PACKAGE = Path(__file__).resolve().parent


def code_stamp(package: Path = PACKAGE) -> str:
    """One hash of the code and data the database is built with (`BUILT_WITH` under `package`), so an
    upgrade that changes the store rebuilds the database even when no document changed."""
    digest = hashlib.sha256()
    for part in BUILT_WITH:
        path = package / part
        for f in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            if f.is_file():
                digest.update(f.relative_to(package).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def built_from(db_path: Path) -> str | None:
    """The digest the database at `db_path` was built from (None: no database, or an older one)."""
    if not db_path.is_file():
        return None
    try:
        with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)) as conn:
            row = conn.execute(f"select value from {STATE_TABLE} where key = 'manifest'").fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def leftovers(out_dir: Path, db_path: Path) -> list[Path]:
    """Files a killed run may have left half-written (call with the ingest lock held)."""
    found = [db_path.with_name(db_path.name + suffix) for suffix in (".new", ".new-journal", ".new-wal")]
    found.append(out_dir / (MANIFEST + ".tmp"))
    if out_dir.is_dir():
        found.extend(out_dir.glob("*.json.tmp"))
    return sorted({p for p in found if os.path.lexists(p)})
