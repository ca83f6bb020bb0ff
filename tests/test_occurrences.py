"""Days duties fall due (resolve/occurrences.py), one YAML table: tests/cases/occurrences.yaml."""
from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.resolve.occurrences import anchor_rhythm, document_period, next_and_overdue, resolve_deadlines

CASES = Path(__file__).parent / "cases" / "occurrences.yaml"


@cache
def cases() -> dict[str, Any]:
    return yaml.safe_load(CASES.read_text("utf-8"))


def today() -> date:
    return date.fromisoformat(cases()["today"])


def record(case: dict[str, Any]) -> dict[str, Any]:
    text = case.get("opening", "") + "\nI. NỘI DUNG\n"
    cited = case.get("cited")
    citations = [{"start": text.index(cited), "end": text.index(cited) + len(cited)}] if cited else []
    return {"document": {"id": "x", "issued_date": case.get("issued"), "title": case["title"]}, "text": text,
            "sections": [{"start": text.index("I. NỘI DUNG")}], "citations": citations,
            "deadlines": [{"kind": "recurring", "rrule": case["rrule"], "due": None}]}


@pytest.mark.parametrize("case", cases()["rhythms"], ids=lambda c: c["name"])
def test_rhythm_days(case: dict[str, Any]) -> None:
    rec = record(case)
    period = document_period(rec, today())
    first, last, source = case["period"]
    assert (period.start.isoformat(), period.end.isoformat() if period.end else None, period.source) == (
        first, last, source)
    anchored = anchor_rhythm(case["rrule"], period, today())
    assert anchored is not None
    assert (anchored.rrule, anchored.estimated) == (case["rule"], case["estimated"])
    assert [d.isoformat() for d in anchored.days[: len(case["days"])]] == case["days"]
    assert anchored.dtstart.isoformat() == case["days"][0]
    if "count" in case:
        assert len(anchored.days) == case["count"]
    cal = resolve_deadlines(rec, today())["deadlines"][0]["calendar"]
    assert cal["rrule"] == case["rule"] and cal["days"][: len(case["days"])] == case["days"]
    assert rec["deadlines"][0].get("calendar") is None  # the record given is not changed


@pytest.mark.parametrize("case", cases()["next_due"], ids=lambda c: f"{c['today']}-{c['next']}")
def test_next_and_overdue(case: dict[str, Any]) -> None:
    days = [(date.fromisoformat(d), done) for d, done in case["days"]]
    nxt, overdue = next_and_overdue(days, date.fromisoformat(case["today"]))
    assert (nxt.isoformat() if nxt else None, overdue.isoformat() if overdue else None) == (
        case["next"], case["overdue"])


def test_absolute_and_period_deadlines_keep_their_day() -> None:
    rec = {"document": {"id": "x", "issued_date": "2025-11-18", "title": "Kế hoạch năm 2026"}, "text": "",
           "deadlines": [{"kind": "absolute", "due": "2025-12-15"}, {"kind": "period", "due": "2026-06-30"},
                         {"kind": "relative", "due": None}]}
    got = [d["calendar"] for d in resolve_deadlines(rec, today())["deadlines"]]
    assert got == [{"rrule": None, "dtstart": "2025-12-15", "estimated": False, "days": ["2025-12-15"]},
                   {"rrule": None, "dtstart": "2026-06-30", "estimated": False, "days": ["2026-06-30"]}, None]
