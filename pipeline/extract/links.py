"""Linking: a citation's `in_corpus` is the id of the cited document when the corpus holds it.

Extraction sees one document at a time, so linking is a pass over all records (the dicts of
`extracted/<id>.json`) before the database is built: `link_citations(records) -> records`.
Documents are matched by normalised number (spaces removed, dashes unified, upper case, no `Số`).
"""
from __future__ import annotations

import copy
import logging
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from .citation_patterns import DASH_TABLE

log = logging.getLogger(__name__)


def number_key(number: str | None) -> str:
    """The form two spellings of one number share: `45 – kh/tđtn-vp` = `45-KH/TĐTN-VP`."""
    if not number:
        return ""
    text = unicodedata.normalize("NFC", number).translate(DASH_TABLE).upper()
    text = re.sub(r"\s+", "", text)
    return re.sub(r"^(?:SỐ|SO)[:.]?", "", text).strip(".,;:")


def link_citations(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Copies of `records` whose numbered citations carry `in_corpus` = id of the cited document
    (an `in_corpus` already set is kept).

    A number held by two documents (numbering restarts per term or year) links only when the
    citation's date, where given, equals one document's date."""
    records = [copy.deepcopy(r) for r in records]
    by_number: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        doc = r.get("document") or {}
        key = number_key(doc.get("number"))
        if key and doc.get("id"):
            by_number.setdefault(key, []).append(doc)
    linked = 0
    for r in records:
        own = (r.get("document") or {}).get("id")
        for c in r.get("citations") or []:
            if c.get("in_corpus"):
                continue  # already linked (by the extractor, or by hand): kept
            docs = [d for d in by_number.get(number_key(c.get("number")), []) if d["id"] != own]
            if len(docs) > 1 and c.get("issued_date"):
                docs = [d for d in docs if d.get("issued_date") == c["issued_date"]]
            c["in_corpus"] = docs[0]["id"] if len(docs) == 1 else None
            linked += c["in_corpus"] is not None
    log.info("linked %d citations to documents of the corpus", linked)
    return records
