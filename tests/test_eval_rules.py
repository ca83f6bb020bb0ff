"""The per-rule and per-construction counts of tests/eval_rules.py on a tiny invented gold/pred pair."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.eval_rules import Report, by_layout, constructions, scorer, table, tally
from tests.test_scopes import _structure

TEXT = """1. Sở Y tế có trách nhiệm:

a) Kiểm tra các cơ sở khám bệnh trước ngày 15/6/2025;

b) Tổng hợp kết quả báo cáo Ủy ban nhân dân tỉnh.

2. Sở Tài chính bố trí kinh phí thực hiện kế hoạch trong năm 2025.

Giao Sở Nội vụ hướng dẫn các đơn vị thực hiện.
"""

GOLD = {"obligations": [
    {"actors": [["Sở Y tế"]], "quote": "Kiểm tra các cơ sở khám bệnh",
     "deadline": {"kind": "absolute", "due": "2025-06-15"}},
    {"actors": [["Sở Y tế"]], "quote": "Tổng hợp kết quả báo cáo", "deadline": None},
    {"actors": [["Sở Tài chính"]], "quote": "bố trí kinh phí thực hiện kế hoạch",
     "deadline": {"kind": "period", "due": "2025-12-31"}},
    {"actors": [["Sở Nội vụ"]], "quote": "hướng dẫn các đơn vị thực hiện", "optional": True},
]}

PRED = {
    "deadlines": [{"kind": "absolute", "due": "2025-06-15"}, {"kind": "period", "due": "2025-12-31"}],
    "obligations": [
        {"sentence": "a) Kiểm tra các cơ sở khám bệnh trước ngày 15/6/2025;", "actors": ["Sở Y tế"],
         "rule": "heading", "deadlines": [0]},
        {"sentence": "b) Tổng hợp kết quả báo cáo Ủy ban nhân dân tỉnh.", "actors": ["Ủy ban nhân dân tỉnh"],
         "rule": "heading", "deadlines": []},  # the wrong bearer: an extra, and the gold b) missed
        {"sentence": "2. Sở Tài chính bố trí kinh phí thực hiện kế hoạch trong năm 2025.",
         "actors": ["Sở Tài chính"], "rule": "subject", "deadlines": []},  # matched, its deadline not linked
        {"sentence": "Giao Sở Nội vụ hướng dẫn các đơn vị thực hiện.", "actors": ["Sở Nội vụ"],
         "rule": "giao", "deadlines": []},  # absorbed by an optional gold: neither TP nor FP
        {"sentence": "Tổng hợp kết quả", "actors": [], "rule": "heading"},  # no actor: ignored
    ],
}


def _placed(pred: dict[str, Any]) -> dict[str, Any]:
    """The predictions with their offsets and actions, as extracted/<id>.json has them."""
    for o in pred["obligations"]:
        start = TEXT.find(o["sentence"])
        o.update(start=start, end=start + len(o["sentence"]), action=o["sentence"].split(" ", 1)[1])
    return pred


def test_counts_per_rule_construction_and_layout(shared: Path) -> None:
    doc, structure = _structure(TEXT)
    report = Report()
    tally(scorer(shared), GOLD, _placed(PRED), doc.text, structure.outline, structure.sentences, report, "t")
    lead, subject = report.rules["heading"], report.rules["subject"]
    assert (lead.tp, lead.fp, lead.links_ok, lead.links_n) == (1, 1, 1, 1)
    assert (subject.tp, subject.fp, subject.links_ok, subject.links_n, subject.link_none) == (1, 0, 0, 1, 1)
    assert "giao" not in report.rules and len(report.rules) == 2  # the actorless one ignored
    # the heading rule here is a lead-in scope (read from the layout): b)'s wrong bearer is named in b) itself
    assert report.kinds["lead-in"].tp == 1 and report.kinds["own subject"].fp == 1
    assert report.kinds["own subject"].tp == 1
    # recall by the layout of the gold quote: a) and b) stand under the lead-in naming Sở Y tế
    assert (report.recall["lead-in"].found, report.recall["lead-in"].missed) == (1, 1)
    assert report.recall["lead-in"].detected == 1  # b) was found, with the wrong bearer
    assert (report.recall["own subject"].found, report.recall["own subject"].missed) == (1, 0)
    assert report.misses == [("t", "lead-in", "Tổng hợp kết quả báo cáo")]
    assert "lead-in" in table(report)


def test_every_rule_the_extractor_writes_has_a_construction() -> None:
    rules = set(constructions()) | by_layout()
    for rule in ("heading", "block", "table", "text_table", "subject", "giao", "continuation",
                 "kinh_gui", "person", "chu_tri", "tham_muu"):
        assert rule in rules


def test_assignment_and_continuation_layouts(shared: Path) -> None:
    text = "Giao Sở Công Thương kiểm tra thị trường. Báo cáo kết quả trước ngày 30/6/2025.\n"
    doc, structure = _structure(text)
    gold = {"obligations": [{"actors": [["Sở Công Thương"]], "quote": "kiểm tra thị trường"},
                            {"actors": [["Sở Công Thương"]], "quote": "Báo cáo kết quả trước ngày"}]}
    report = Report()
    tally(scorer(shared), gold, {"obligations": []}, doc.text, structure.outline, structure.sentences, report)
    assert report.recall["assignment"].missed == 1
    assert report.recall["continuation"].missed == 1

