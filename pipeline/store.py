"""SQLite database for Datasette, built with sqlite-utils from `extracted/*.json`.

The database is built beside the old one and swapped in atomically, so a running Datasette
keeps serving and a failing batch never loses what was ingested before."""
from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import sqlite_utils

from .text import fold


def load_records(extracted_dir: Path) -> list[dict[str, Any]]:
    records = []
    for path in sorted(extracted_dir.glob("*.json")):
        if path.name.startswith("."):
            continue
        records.append(json.loads(path.read_text("utf-8")))
    return records


def build(records: Iterable[dict[str, Any]], db_path: Path, errors: Iterable[dict[str, str]] = ()) -> Path:
    """Write a fresh database to `db_path` (atomically replacing the old file)."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = db_path.with_name(db_path.name + ".new")
    tmp.unlink(missing_ok=True)
    db = sqlite_utils.Database(tmp)
    fill(db, records, errors)
    db.conn.close()
    os.replace(tmp, db_path)
    return db_path


def fill(db: sqlite_utils.Database, records: Iterable[dict[str, Any]], errors: Iterable[dict[str, str]] = ()) -> None:
    docs, sections, cites, deadlines, obligations = [], [], [], [], []
    for rec in records:
        d = rec["document"]
        doc_id = d["id"]
        signer = d.get("signer") or {}
        docs.append({
            "id": doc_id, "doc_type": d.get("doc_type"), "number": d.get("number"), "issuer": d.get("issuer"),
            "place": d.get("place"), "issued_date": d.get("issued_date"), "title": d.get("title"),
            "signer_name": signer.get("name"), "signer_position": signer.get("position"),
            "signer_authority": signer.get("authority"), "recipients": "\n".join(d.get("recipients") or []),
            "format": d.get("format"), "pages": d.get("pages"), "source": d.get("source"), "sha256": d.get("sha256"),
            "text": rec["text"], "text_folded": fold(rec["text"]),
        })
        for s in rec.get("sections", []):
            sections.append({"id": f"{doc_id}:{s['id']}:{s['start']}", "document_id": doc_id, "section": s["id"],
                             "heading": s["heading"], "start": s["start"], "end": s["end"]})
        for i, c in enumerate(rec.get("citations", [])):
            cites.append({"id": f"{doc_id}:c{i}", "document_id": doc_id, "text": c["text"], "doc_type": c.get("doc_type"),
                          "number": c.get("number"), "issued_date": c.get("issued_date"), "issuer": c.get("issuer"),
                          "title": c.get("title"), "year": c.get("year"), "cited_document_id": c.get("in_corpus"),
                          "start": c["start"], "end": c["end"]})
        for i, dl in enumerate(rec.get("deadlines", [])):
            deadlines.append({"id": f"{doc_id}:d{i}", "document_id": doc_id, "text": dl["text"], "kind": dl["kind"],
                              "due": dl.get("due"), "period_start": dl.get("period_start"), "rrule": dl.get("rrule"),
                              "start": dl["start"], "end": dl["end"]})
        for i, o in enumerate(rec.get("obligations", [])):
            obligations.append({"id": f"{doc_id}:o{i}", "document_id": doc_id, "section": o.get("section"),
                                "actors": "; ".join(o["actors"]), "partners": "; ".join(o.get("partners", [])),
                                "report_to": "; ".join(o.get("report_to", [])), "action": o["action"],
                                "sentence": o["sentence"], "sentence_folded": fold(o["sentence"]),
                                "deadline_ids": json.dumps([f"{doc_id}:d{j}" for j in o["deadlines"]]),
                                "start": o["start"], "end": o["end"]})
    db["documents"].insert_all(docs, pk="id")
    db["sections"].insert_all(sections, pk="id", foreign_keys=[("document_id", "documents", "id")])
    db["citations"].insert_all(cites, pk="id", foreign_keys=[("document_id", "documents", "id")])
    db["deadlines"].insert_all(deadlines, pk="id", foreign_keys=[("document_id", "documents", "id")])
    db["obligations"].insert_all(obligations, pk="id", foreign_keys=[("document_id", "documents", "id")])
    db["ingest_errors"].insert_all(list(errors), pk="source", replace=True)
    for name in ("documents", "sections", "citations", "deadlines", "obligations", "ingest_errors"):
        if not db[name].exists():
            db[name].create({"id": str}, pk="id")
    if db["documents"].count:
        db["documents"].enable_fts(["title", "text", "text_folded"], tokenize="unicode61 remove_diacritics 2")
    if db["obligations"].count:
        db["obligations"].enable_fts(["actors", "action", "sentence", "sentence_folded"],
                                     tokenize="unicode61 remove_diacritics 2")
