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

from ..extract.citation_patterns import DASH_TABLE, all_abbrs, issuer_codes, local_issuers

log = logging.getLogger(__name__)


def number_key(number: str | None) -> str:
    """The form two spellings of one number share: `45 – kh/tđtn-vp` = `45-KH/TĐTN-VP`."""
    if not number:
        return ""
    text = unicodedata.normalize("NFC", number).translate(DASH_TABLE).upper()
    text = re.sub(r"\s+", "", text)
    return re.sub(r"^(?:SỐ|SO)[:.]?", "", text).strip(".,;:")


def issuer_code(key: str) -> str:
    """The issuer in a number: `45/UBND-VP` → UBND, `123/KH-UBND` → UBND, `19-KH/BCĐ` → BCĐ, `04/2015/NĐ-CP` → CP."""
    pieces = key.rsplit("/", 1)[-1].split("-")
    if len(pieces) > 1 and pieces[0] in all_abbrs():
        return pieces[1]
    return pieces[0]


def is_local(key: str) -> bool:
    """A number many bodies can hold at once (every province has a 310/KH-UBND); a Sở code (STC, SXD…) too."""
    code = issuer_code(key)
    return code in local_issuers() or (code not in issuer_codes() and code.startswith("S"))


def link_citations(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Copies of `records` whose numbered citations carry `in_corpus` = id of the cited document
    (an `in_corpus` already set is kept).

    Numbers repeat: numbering restarts per term or year, and every province has its 310/KH-UBND.
    So a dated citation links only to a document of that date, and an undated one only when its
    issuer code is national (CP, TTg, TW, a ministry) and one document holds the number."""
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
            key = number_key(c.get("number"))
            docs = [d for d in by_number.get(key, []) if d["id"] != own]
            if c.get("issued_date"):  # a date that differs is another document with the same number
                docs = [d for d in docs if d.get("issued_date") == c["issued_date"]
                        or (not d.get("issued_date") and not is_local(key))]
            elif is_local(key):
                docs = []  # `310/KH-UBND` with no date: which province's?
            c["in_corpus"] = docs[0]["id"] if len(docs) == 1 else None
            linked += c["in_corpus"] is not None
    log.info("linked %d citations to documents of the corpus", linked)
    return records
