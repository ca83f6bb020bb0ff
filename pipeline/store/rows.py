"""Rows for the database, derived from one extracted record: stable keys, actors, next due dates.

Plain dicts at the database boundary (sqlite-utils style). Every id is deterministic, so a re-run
writes the same rows; an obligation's id is derived from its content, not from its list index,
so follow-up marks survive re-ingesting an edited document."""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..text import fold
from .labels import labels

_NON_WORD = re.compile(r"[^0-9a-z]+")
_SPACES = re.compile(r"\s+")
_NUMBER_NOISE = re.compile(r"[\s.]+")


def slug(name: str) -> str:
    """'Sở Nội vụ' → 'so-noi-vu' (ids and calendar file names)."""
    return _NON_WORD.sub("-", fold(name)).strip("-") or "x"


def content_key(doc_id: str, sentence: str) -> str:
    """Stable obligation id: document id + the folded, whitespace-normalised sentence.

    Case, diacritics, line breaks and the obligation's position in the document do not change it."""
    norm = _SPACES.sub(" ", fold(sentence)).strip()
    return hashlib.sha1(f"{doc_id}\x1f{norm}".encode()).hexdigest()[:16]


def number_key(number: str | None) -> str | None:
    """Citation number as a matching key: '19 - KH/BCĐ' = '19-KH/BCĐ' = '19-kh/bcd'."""
    if not number:
        return None
    return _NUMBER_NOISE.sub("", fold(number)) or None


def document_label(number: str | None, doc_type: str | None, doc_id: str) -> str:
    """What a link to a document reads in the other tables: its number, else its type and file id."""
    return number or f"{doc_type or 'Văn bản'} {doc_id} (không số)"


def first_ahead(days: Iterable[str], today: date) -> str | None:
    """The first ISO day on or after `today`, else the last one (overdue)."""
    ordered = sorted(days)
    ahead = [d for d in ordered if d >= today.isoformat()]
    return ahead[0] if ahead else (ordered[-1] if ordered else None)


@dataclass
class Rows:
    """Rows of every table, gathered across records before one bulk insert each."""

    documents: list[dict[str, Any]] = field(default_factory=list)
    sections: list[dict[str, Any]] = field(default_factory=list)
    citations: list[dict[str, Any]] = field(default_factory=list)
    deadlines: list[dict[str, Any]] = field(default_factory=list)
    obligations: list[dict[str, Any]] = field(default_factory=list)
    units: dict[str, dict[str, Any]] = field(default_factory=dict)
    obligation_units: list[dict[str, Any]] = field(default_factory=list)
    obligation_deadlines: list[dict[str, Any]] = field(default_factory=list)
    occurrences: list[dict[str, Any]] = field(default_factory=list)
    _links: set[tuple[str, str, str]] = field(default_factory=set)

    def add(self, rec: dict[str, Any], today: date) -> None:
        d = rec["document"]
        doc_id = d["id"]
        text = rec["text"]
        signer = d.get("signer") or {}
        self.documents.append({
            "id": doc_id, "doc_type": d.get("doc_type"), "number": d.get("number"), "issuer": d.get("issuer"),
            "place": d.get("place"), "issued_date": d.get("issued_date"), "title": d.get("title"),
            "signer_name": signer.get("name"), "signer_position": signer.get("position"),
            "signer_authority": signer.get("authority"), "recipients": "\n".join(d.get("recipients") or []),
            "format": d.get("format"), "pages": d.get("pages"), "source": d.get("source"), "sha256": d.get("sha256"),
            "page": f"/-/vanban/doc/{doc_id}", "number_key": number_key(d.get("number")),
            "text": text, "title_folded": fold(d.get("title") or ""), "text_folded": fold(text),
            "issuer_parents": " / ".join(d.get("issuer_parents") or []) or None,
            "warnings": "\n".join(d.get("warnings") or []) or None,
            # fields typed in by staff (corrections.py): what, from what, who, when
            "corrections": json.dumps(d["corrections"], ensure_ascii=False) if d.get("corrections") else None,
            # what a link to the document reads in other tables: its number, else its type and file
            "label": document_label(d.get("number"), d.get("doc_type"), doc_id),
        })
        for s in rec.get("sections", []):
            self.sections.append({"id": f"{doc_id}:{s['id']}:{s['start']}", "document_id": doc_id, "section": s["id"],
                                  "heading": s["heading"], "start": s["start"], "end": s["end"]})
        for c in rec.get("citations", []):
            self.citations.append({
                "id": f"{doc_id}:c{c['start']}-{c['end']}", "document_id": doc_id, "text": c["text"], "doc_type": c.get("doc_type"),
                "number": c.get("number"), "number_key": number_key(c.get("number")),
                "issued_date": c.get("issued_date"), "issuer": c.get("issuer"), "title": c.get("title"),
                "year": c.get("year"), "cited_document_id": c.get("in_corpus"), "start": c["start"], "end": c["end"],
            })
        self._add_deadlines_and_obligations(rec, today)

    def _add_deadlines_and_obligations(self, rec: dict[str, Any], today: date) -> None:
        doc = rec["document"]
        doc_id = doc["id"]
        dl_ids: list[str] = []
        dl_texts: list[str] = []
        dl_days: list[tuple[list[str], bool]] = []
        seen_ids: set[str] = set()
        for dl in rec.get("deadlines", []):
            dl_id = f"{doc_id}:d{dl['start']}-{dl['end']}"
            if dl_id in seen_ids:  # 'ngày 01/6 và 15/11 hằng năm': two rules on one span
                dl_id = f"{dl_id}-{sum(1 for i in seen_ids if i.startswith(dl_id)) + 1}"
            seen_ids.add(dl_id)
            dl_ids.append(dl_id)
            dl_texts.append(_SPACES.sub(" ", dl["text"]))
            cal = dl.get("calendar") or {}  # the days resolve/occurrences.py gave it
            due = first_ahead(cal.get("days") or [], today)
            dl_days.append((cal.get("days") or [], bool(cal.get("estimated"))))
            self.deadlines.append({
                "id": dl_id, "document_id": doc_id, "text": dl["text"], "kind": dl["kind"], "due": dl.get("due"),
                "period_start": dl.get("period_start"), "rrule": dl.get("rrule"),
                "next_due": due, "start": dl["start"], "end": dl["end"], "cal_rrule": cal.get("rrule"), "cal_start": cal.get("dtstart"), "estimated": int(bool(cal.get("estimated"))),
            })
        seen: dict[str, int] = {}
        for o in sorted(rec.get("obligations", []), key=lambda o: (o["start"], o["end"], o["action"])):
            key = content_key(doc_id, o["sentence"])
            seen[key] = seen.get(key, 0) + 1
            if seen[key] > 1:  # the same sentence twice in one document: number the repeats
                key = f"{key}-{seen[key]}"
            linked = [j for j in o["deadlines"] if 0 <= j < len(dl_ids)]
            due = first_ahead((d for j in linked for d in dl_days[j][0]), today)  # refined by store/due.py
            self.obligations.append({
                "id": key, "document_id": doc_id, "section": o.get("section"),
                "actors": "; ".join(o["actors"]), "partners": "; ".join(o.get("partners", [])),
                "report_to": "; ".join(o.get("report_to", [])), "action": o["action"], "sentence": o["sentence"],
                "deadline_ids": json.dumps([dl_ids[j] for j in linked]),
                "deadline_text": "; ".join(dl_texts[j] for j in linked) or None,
                "deadline_time": labels().deadline_time(rec["text"], [rec["deadlines"][j] for j in linked]),
                "next_due": due, "next_estimated": 0, "overdue_since": None, "next_occurrence": None,
                "all_done": 0, "search_folded": fold(" ".join([*o["actors"], o["action"], o["sentence"]])),
                "start": o["start"], "end": o["end"],
                # copies for the duties page, so its facets read one indexed table
                "lead_actor": o["actors"][0] if o["actors"] else None,
                "due_month": due[:7] if due else None,
                "doc_type": doc.get("doc_type"), "issuer": doc.get("issuer"), "done": 0,
                "page": f"/-/vanban/doc/{doc_id}#o-{key}",
            })
            for j in linked:
                self.obligation_deadlines.append({"obligation_id": key, "deadline_id": dl_ids[j]})
                days, estimated = dl_days[j]
                self.occurrences.extend({"obligation_id": key, "deadline_id": dl_ids[j], "day": day,
                                         "estimated": int(estimated), "done": 0, "done_at": None} for day in days)
            units = rec.get("units", {})
            for role, names in (("chủ trì", o["actors"]), ("phối hợp", o.get("partners", [])),
                                ("nhận báo cáo", o.get("report_to", []))):
                for name in names:
                    self._link_unit(key, name, units.get(name), role)

    def _link_unit(self, obligation_id: str, name: str, unit: dict[str, str] | None, role: str) -> None:
        # every spelling of one body shares its unit (resolve/units.py); a phrase that is no body has none
        if unit is None:
            return
        if unit["id"] not in self.units:
            self.units[unit["id"]] = {"id": unit["id"], "name": unit["name"], "kind": unit["kind"], "aliases": set()}
        self.units[unit["id"]]["aliases"].add(name)
        if (obligation_id, unit["id"], role) not in self._links:
            self._links.add((obligation_id, unit["id"], role))
            self.obligation_units.append({"obligation_id": obligation_id, "unit_id": unit["id"], "role": role})

    def link_citations(self) -> None:
        """Keep `cited_document_id` only where it names a document of this database.

        The link itself comes from `resolve.links.link_citations`, which knows that every province
        has its own 310/KH-UBND: linking by number alone here would join unrelated documents."""
        known = {doc["id"] for doc in self.documents}
        for c in self.citations:
            if c["cited_document_id"] not in known:
                c["cited_document_id"] = None
