"""`extracted/<id>.json`: an Extraction as the shared contract (schema vanban/extracted/v1)."""
from __future__ import annotations

import json
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from .model import Citation, Deadline, Extraction, Obligation

SCHEMA_ID = "vanban/extracted/v1"


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def citation_json(text: str, c: Citation) -> dict[str, Any]:
    return {
        "start": c.span.start, "end": c.span.end, "text": c.span.of(text), "doc_type": c.doc_type,
        "number": c.number, "issued_date": _iso(c.issued_date), "issuer": c.issuer, "title": c.title,
        "year": c.year, "in_corpus": c.in_corpus, "rule": c.rule,
    }


def deadline_json(text: str, d: Deadline) -> dict[str, Any]:
    return {
        "start": d.span.start, "end": d.span.end, "text": d.span.of(text), "kind": d.kind,
        "due": _iso(d.due), "period_start": _iso(d.period_start), "rrule": d.rrule, "rule": d.rule,
    }


def obligation_json(text: str, o: Obligation) -> dict[str, Any]:
    out = {
        "start": o.span.start, "end": o.span.end, "sentence": o.span.of(text), "section": o.section,
        "actors": list(o.actors), "partners": list(o.partners), "report_to": list(o.report_to),
        "action": o.action, "deadlines": list(o.deadlines), "rule": o.rule,
    }
    if o.product:  # a labelled block's 'Sản phẩm:'
        out["product"] = o.product
    return out


def to_json(ex: Extraction) -> dict[str, Any]:
    doc, head, text = ex.document, ex.structure.header, ex.document.text
    signer = head.signer
    return {
        "schema": SCHEMA_ID,
        "document": {
            "id": doc.id, "source": doc.source, "sha256": doc.sha256, "format": doc.format, "pages": doc.pages,
            "provenance": doc.provenance, "doc_type": head.doc_type, "number": head.number,
            "issuer": head.issuer, "issuer_parents": list(head.issuer_parents), "place": head.place, "issued_date": _iso(head.issued_date),
            "title": head.title,
            "signer": (
                {"name": signer.name, "position": signer.position, "authority": signer.authority} if signer else None
            ),
            "recipients": list(head.recipients),
            "warnings": list(doc.warnings) + [w for w in head.warnings if w not in doc.warnings],
        },
        "text": text,
        "sections": [
            {"id": s.id, "heading": s.heading, "start": s.span.start, "end": s.span.end}
            for s in ex.structure.sections
        ],
        "citations": [citation_json(text, c) for c in ex.citations],
        "deadlines": [deadline_json(text, d) for d in ex.deadlines],
        "obligations": [obligation_json(text, o) for o in ex.obligations],
    }


@cache
def schema() -> dict[str, Any]:
    return json.loads(resources.files("pipeline").joinpath("schema/extracted.schema.json").read_text("utf-8"))


def validate(record: dict[str, Any]) -> None:
    """Raise jsonschema.ValidationError when `record` breaks the shared contract."""
    import jsonschema

    jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.FormatChecker()).validate(record)


def write(record: dict[str, Any], out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{record['document']['id']}.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)
    return path
