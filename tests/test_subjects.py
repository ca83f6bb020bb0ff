"""Subjects of clauses and subjectless tasks (pipeline/extract/subjects.py): tests/cases/subjects.yaml.

Each construction of issue 15 (parts 3 and 4) is one table of the file: `actors` the bearers the
clause names itself (null: no subject of its own), `action` how its predicate starts, `duty` False
when the subject's predicate tells no duty, `task` whether the clause is a subjectless task.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.extract.subjects import clause_subject, opens_task
from pipeline.model import Span

TABLES: dict[str, list[dict[str, Any]]] = yaml.safe_load(
    (Path(__file__).parent / "cases" / "subjects.yaml").read_text(encoding="utf-8"))
CASES = [(name, case) for name, cases in TABLES.items() for case in cases]


@pytest.mark.parametrize(("construction", "case"), CASES, ids=[f"{n}:{c['clause'][:40]}" for n, c in CASES])
def test_clause(construction: str, case: dict[str, Any]) -> None:
    text = "- " + " ".join(case["clause"].split())  # a list marker before it, as items come
    clause = Span(0, len(text))
    got = clause_subject(text, clause)
    if "actors" in case:
        if case["actors"] is None:
            assert got is None or not got.duty and case.get("duty") is False, got
        else:
            assert got is not None, construction
            assert [a.name for a in got.actors] == case["actors"]
            assert all(a.span.of(text).split() == a.name.split() for a in got.actors)
            assert got.duty is case.get("duty", True)
            if "action" in case:
                assert text[got.action :].startswith(case["action"]), text[got.action :]
    if "task" in case:
        assert opens_task(text, clause) is case["task"]


@pytest.mark.parametrize("text", [
    "Các sở " + "và các sở " * 100_000 + "tổ chức.",  # a 1 MB paragraph: one subject, a list that goes on
    "Sở Nội vụ, " * 60_000,  # a long comma list with no verb
    "Tổ chức hội nghị, " * 50_000 + "Giao Sở Y tế chủ trì.",
], ids=["long-list", "no-verb", "many-commas"])
def test_scans_are_linear(text: str) -> None:
    """The clause-start and subject scans read a bounded stretch: a megabyte of text takes well under a
    second (issue 14), not the square of its length (measured by make bench, not here: the check is that
    the call returns and finds what a bounded scan can)."""
    from pipeline.extract.spacy_vi import parse
    from pipeline.extract.triggers import find_triggers

    parse("nội vụ")  # load the tagger first: its start-up is no part of the scan
    span = Span(0, len(text))
    clause_subject(text, span)
    opens_task(text, span)
    found = find_triggers(text, span)
    assert all(0 <= t.start <= len(text) for t in found)
