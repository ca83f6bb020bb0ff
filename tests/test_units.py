"""Units (resolve/units.py) and the office unit file (resolve/office.py): tests/cases/units.yaml."""
from __future__ import annotations

import sqlite3
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline import store
from pipeline.resolve import resolve
from pipeline.resolve.office import OfficeFileError, load_office
from pipeline.resolve.units import issuer_context, resolve_unit
from pipeline.store.views import register

CASES = Path(__file__).parent / "cases" / "units.yaml"


@cache
def cases() -> dict[str, Any]:
    return yaml.safe_load(CASES.read_text("utf-8"))


@pytest.mark.parametrize("case", cases()["names"], ids=lambda c: f"{c['name']} ({c.get('issuer', '')})")
def test_unit_of_a_name(case: dict[str, Any]) -> None:
    unit = resolve_unit(case["name"], issuer_context(case.get("issuer")))
    if case["unit"] is None:
        assert unit is None
        return
    assert unit is not None
    assert (unit.name, unit.kind) == (case["unit"], case.get("kind", "body"))
    assert resolve_unit(unit.name, issuer_context(case.get("issuer"))) == unit  # a unit's name is that unit


def test_office_file(tmp_path: Path) -> None:
    path = tmp_path / "units.yaml"
    path.write_text(cases()["office"]["file"], "utf-8")
    office = load_office(path)
    assert [{k: r[k] for k in ("id", "name", "groups")} for r in office.rows()] == cases()["office"]["units"]
    assert load_office(tmp_path / "none.yaml").units == ()


def test_group_duties_reach_each_member(tmp_path: Path) -> None:
    """A duty of a group is on each member's list (unit_duties) and counted in units.duties."""
    path = tmp_path / "units.yaml"
    path.write_text(cases()["office"]["file"], "utf-8")
    office = load_office(path)
    doc = cases()["office"]["document"]
    text = "\n".join(f"{', '.join(d['actors'])} thực hiện nhiệm vụ {i}." for i, d in enumerate(doc["duties"]))
    obligations, pos = [], 0
    for i, d in enumerate(doc["duties"]):
        sentence = f"{', '.join(d['actors'])} thực hiện nhiệm vụ {i}."
        obligations.append({"sentence": sentence, "start": pos, "end": pos + len(sentence), "action": "thực hiện",
                            "actors": d["actors"], "deadlines": []})
        pos += len(sentence) + 1
    rec = {"document": {"id": "kh", "issuer": doc["issuer"]}, "text": text, "obligations": obligations}
    db = store.build(resolve([rec], office=office), tmp_path / "vanban.db", office=office.rows())
    conn = sqlite3.connect(db)
    register(conn)
    for i, d in enumerate(doc["duties"]):
        oid = conn.execute("select id from obligations where start = ?", [obligations[i]["start"]]).fetchone()[0]
        reached = [r[0] for r in conn.execute("select unit_id from unit_duties where id = ? order by unit_id", [oid])]
        assert reached == d["reaches"], d
    via = conn.execute("select via from unit_duties where unit_id = 'huyen-doan-duc-trong'").fetchone()[0]
    assert via == "huyen-thi-thanh-doan-va-doan-truc-thuoc"
    counts = dict(conn.execute("select id, duties from units"))
    assert counts["thanh-doan-da-lat"] == 1 and counts["van-phong-tinh-doan"] == 1


@pytest.mark.parametrize("case", cases()["bad_files"], ids=lambda c: c["error"])
def test_bad_office_file_says_what_is_wrong(case: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "units.yaml"
    path.write_text(case["file"], "utf-8")
    with pytest.raises(OfficeFileError, match=case["error"]) as err:
        load_office(path)
    assert str(err.value).startswith(str(path)) and "\n" not in str(err.value)
