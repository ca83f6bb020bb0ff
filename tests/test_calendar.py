"""Calendars: `vanban calendar` files and the Datasette `.ics` renderer, parsed with icalendar, expanded
with recurring-ical-events, and (slow) imported into khal without warnings."""
from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import icalendar
import pytest
import recurring_ical_events
import sqlite_utils
from click.testing import CliRunner

from pipeline.calendar import Sequences, build_calendar, items, load_duties, write_calendars
from pipeline.cli import main

from .conftest import DEV, ROOT, extracted
from .test_calendar_khal import khal_config

# Two real duties (kh-qcdc-tinhdoan-2023 and 018_kh-141-ubnd-bac-ninh) and one with a plain day.
DOCUMENTS = [
    {"id": "kh-qcdc", "number": "45-KH/TĐTN-VP", "title": "Thực hiện Quy chế dân chủ năm 2023",
     "issued_date": "2023-02-20"},
    {"id": "kh-141", "number": "141/KH-UBND", "title": "Nâng cao năng lực xây dựng chính sách, pháp luật",
     "issued_date": "2025-11-20"},
]
DEADLINES = [
    {"id": "kh-qcdc:d1", "kind": "recurring", "due": None, "period_start": None, "rrule": "FREQ=MONTHLY;INTERVAL=6",
     "text": "định kỳ 6 tháng"},
    {"id": "kh-qcdc:d2", "kind": "recurring", "due": None, "period_start": None, "rrule": "FREQ=YEARLY",
     "text": "định kỳ 6 tháng, năm"},
    {"id": "kh-141:d1", "kind": "recurring", "due": None, "period_start": None,
     "rrule": "FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=15", "text": "hằng năm (trước ngày 15 tháng 11)"},
    {"id": "kh-141:d2", "kind": "period", "due": "2025-12-31", "period_start": "2025-12-01", "rrule": None,
     "text": "tháng 12/2025"},
    {"id": "kh-141:d4", "kind": "absolute", "due": "2025-11-15", "period_start": None, "rrule": None,
     "text": "trước ngày 15 tháng 11"},
    {"id": "kh-141:d3", "kind": "relative", "due": None, "period_start": None, "rrule": None,
     "text": "trong thời hạn 10 ngày kể từ ngày nhận Kế hoạch này"},
]
OBLIGATIONS = [
    {"id": "o1", "document_id": "kh-qcdc", "actors": "Văn phòng", "start": 3500,
     "action": "tham mưu báo cáo sơ kết 6 tháng và năm gửi về Ban Dân vận theo đúng quy định",
     "sentence": "Định kỳ tham mưu báo cáo sơ kết 6 tháng và năm gửi về Ban Dân vận theo đúng quy định.",
     "deadline_ids": json.dumps(["kh-qcdc:d1", "kh-qcdc:d2"])},
    {"id": "o2", "document_id": "kh-141", "actors": "Các cơ quan, đơn vị; Sở Tư pháp", "start": 9000,
     "action": "báo cáo UBND tỉnh (qua Sở Tư pháp) kết quả thực hiện Kế hoạch hằng năm",
     "sentence": "Định kỳ báo cáo UBND tỉnh (qua Sở Tư pháp) kết quả thực hiện Kế hoạch hằng năm\n"
                 "(trước ngày 15 tháng 11) hoặc theo đề nghị để tổng hợp, báo cáo theo quy định.",
     "deadline_ids": json.dumps(["kh-141:d1", "kh-141:d4", "kh-141:d3"])},
    {"id": "o3", "document_id": "kh-141", "actors": "Sở Tư pháp", "start": 7000,
     "action": "xây dựng, ban hành kế hoạch thực hiện xong trong tháng 12/2025",
     "sentence": "Sở Tư pháp xây dựng, ban hành kế hoạch thực hiện xong trong tháng 12/2025.",
     "deadline_ids": json.dumps(["kh-141:d2"])},
    {"id": "o4", "document_id": "kh-141", "actors": "Sở Nội vụ", "start": 100, "action": "phối hợp thực hiện",
     "sentence": "Sở Nội vụ phối hợp thực hiện.", "deadline_ids": "[]"},
]


def make_db(path: Path, obligations: list[dict[str, Any]] = OBLIGATIONS) -> Path:
    db = sqlite_utils.Database(path)
    db["documents"].insert_all(DOCUMENTS, pk="id", replace=True)
    db["deadlines"].insert_all(DEADLINES, pk="id", replace=True)
    db["obligations"].insert_all(obligations, pk="id", replace=True)
    db.conn.close()
    return path


def components(path: Path, kind: str = "VEVENT") -> list[icalendar.cal.Component]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return [c for c in cal.walk() if c.name == kind]


@pytest.fixture()
def calendars(tmp_path: Path) -> Path:
    write_calendars(make_db(tmp_path / "vanban.db"), tmp_path / "calendar")
    return tmp_path / "calendar"


def test_files_per_actor_and_task_variants(calendars: Path) -> None:
    names = sorted(p.name for p in calendars.glob("*.ics"))
    assert names == ["all-tasks.ics", "all.ics", "cac-co-quan-don-vi-tasks.ics", "cac-co-quan-don-vi.ics",
                     "so-tu-phap-tasks.ics", "so-tu-phap.ics", "van-phong-tasks.ics", "van-phong.ics"]
    # o1: two rhythms; o2: the yearly rule (its first day 15/11 is the rule's, the relative term has no date); o3
    assert len(components(calendars / "all.ics")) == 4
    assert len(components(calendars / "all-tasks.ics", "VTODO")) == 4
    assert len(components(calendars / "so-tu-phap.ics")) == 2


def test_event_fields(calendars: Path) -> None:
    events = {str(e["summary"]): e for e in components(calendars / "all.ics")}
    month = events["Sở Tư pháp: xây dựng, ban hành kế hoạch thực hiện xong trong tháng 12/2025"]
    assert month["dtstart"].to_ical() == b"20251231"  # the period's last day, all-day
    assert month["dtstart"].params.get("VALUE") == "DATE"
    assert month["dtend"].dt == date(2026, 1, 1)
    assert str(month["url"]) == "http://127.0.0.1:8001/vanban/obligations/o3"
    assert "141/KH-UBND — Nâng cao năng lực" in str(month["description"])
    assert "Sở Tư pháp xây dựng, ban hành kế hoạch" in str(month["description"])
    assert month["sequence"] == 0 and month["dtstamp"] and str(month["uid"]).endswith("@vanban")
    yearly = [e for e in events.values() if e.get("rrule") and e["rrule"].get("BYMONTH") == [11]]
    assert len(yearly) == 1
    assert yearly[0]["rrule"].to_ical().startswith(b"FREQ=YEARLY")
    assert yearly[0]["dtstart"].dt == date(2026, 11, 15)  # first 15/11 on or after the document's date


def test_summary_shortens_long_actor_lists() -> None:
    from pipeline.calendar import Duty, summary

    actors = ("Bộ trưởng", "Thủ trưởng các cơ quan ngang Bộ", "cơ quan thuộc Chính phủ",
              "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương")
    duty = Duty("o", "d", actors, "tiếp tục nâng cao tinh thần trách nhiệm", "…", 0, ())
    assert summary(duty) == ("Bộ trưởng, Thủ trưởng các cơ quan ngang Bộ, cơ quan thuộc Chính phủ…: "
                             "tiếp tục nâng cao tinh thần trách nhiệm")


def test_every_rrule_starts_with_freq(calendars: Path) -> None:
    for path in calendars.glob("*.ics"):
        for line in path.read_text("utf-8").splitlines():
            if line.startswith("RRULE:"):
                assert line.startswith("RRULE:FREQ="), line


def test_recurring_duty_on_the_right_days_over_two_years(calendars: Path) -> None:
    cal = icalendar.Calendar.from_ical((calendars / "van-phong.ics").read_bytes())
    days = sorted(e["dtstart"].dt for e in recurring_ical_events.of(cal).between(date(2023, 1, 1), date(2025, 1, 1)))
    assert days == [date(2023, 2, 20), date(2023, 2, 20), date(2023, 8, 20), date(2024, 2, 20), date(2024, 2, 20),
                    date(2024, 8, 20)]
    cal = icalendar.Calendar.from_ical((calendars / "cac-co-quan-don-vi.ics").read_bytes())
    days = [e["dtstart"].dt for e in recurring_ical_events.of(cal).between(date(2025, 11, 20), date(2027, 12, 31))]
    assert days == [date(2026, 11, 15), date(2027, 11, 15)]


def test_uid_stable_and_sequence_raised_when_text_changes(tmp_path: Path) -> None:
    out = tmp_path / "calendar"
    write_calendars(make_db(tmp_path / "a.db"), out)
    before = {str(e["uid"]): e for e in components(out / "all.ics")}
    write_calendars(make_db(tmp_path / "a.db"), out)  # unchanged: same UIDs, same SEQUENCE
    again = {str(e["uid"]): int(e["sequence"]) for e in components(out / "all.ics")}
    assert again == {u: 0 for u in before}
    edited = [dict(o) for o in OBLIGATIONS]
    edited[2]["sentence"] = edited[2]["sentence"].replace("xây dựng, ban hành", "xây dựng và trình ban hành")
    edited[2]["id"] = "o3b"  # the store derives ids from the sentence: the row id changes, the UID does not
    write_calendars(make_db(tmp_path / "b.db", edited), out)
    after = {str(e["uid"]): int(e["sequence"]) for e in components(out / "all.ics")}
    assert set(after) == set(before)
    assert sorted(after.values()) == [0, 0, 0, 1]
    assert json.loads((out / ".sequence.json").read_text("utf-8"))


def test_vtodo_has_due_and_status(calendars: Path) -> None:
    todos = components(calendars / "so-tu-phap-tasks.ics", "VTODO")
    assert {t["due"].dt for t in todos if not t.get("rrule")} == {date(2025, 12, 31)}
    assert {str(t["status"]) for t in todos} == {"NEEDS-ACTION"}


def test_empty_calendar_is_valid() -> None:
    cal = icalendar.Calendar.from_ical(build_calendar([], "trống", sequences=Sequences(None)).to_ical())
    assert (str(cal["version"]), str(cal["x-wr-calname"])) == ("2.0", "trống")
    assert cal.walk("VEVENT") == []


def test_cli_calendar_command(tmp_path: Path) -> None:
    db = make_db(tmp_path / "vanban.db")
    result = CliRunner().invoke(main, ["calendar", "--db", str(db), "--out", str(tmp_path / "cal")])
    assert result.exit_code == 0, result.output
    assert "8 calendars" in result.output
    missing = CliRunner().invoke(main, ["calendar", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1 and "run `vanban ingest` first" in missing.output


def test_ingest_ends_with_the_calendars(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(DEV / "018_kh-141-ubnd-bac-ninh.txt", corpus)
    db = tmp_path / "data" / "v.db"
    args = ["ingest", str(corpus), "--extracted", str(tmp_path / "ex"), "--db", str(db), "-s", "-j", "1"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    cal = icalendar.Calendar.from_ical((tmp_path / "data" / "calendar" / "all.ics").read_bytes())
    rules = [dict(e["rrule"]) for e in cal.walk("VEVENT") if e.get("rrule")]
    assert {"FREQ": ["YEARLY"], "BYMONTH": [11], "BYMONTHDAY": [15]} in rules


def test_calendar_from_real_extraction(tmp_path: Path) -> None:
    """The store's real database of two dev documents gives a parseable calendar with the plan's rhythms."""
    from pipeline import store
    from pipeline.resolve import resolve

    records = [extracted(DEV / "kh-qcdc-tinhdoan-2023.txt"), extracted(DEV / "018_kh-141-ubnd-bac-ninh.txt")]
    db = store.build(resolve(records), tmp_path / "vanban.db")
    all_items = items(load_duties(db))
    assert all(i.rrule is None or i.rrule.startswith("FREQ=") for i in all_items)
    write_calendars(db, tmp_path / "calendar")
    for path in (tmp_path / "calendar").glob("*.ics"):
        icalendar.Calendar.from_ical(path.read_bytes())


# ---------------------------------------------------------------- Datasette renderer


def _get(db: Path, path: str, tmp_path: Path) -> Any:
    from datasette.app import Datasette

    plugins = tmp_path / "plugins"
    plugins.mkdir(exist_ok=True)
    shutil.copy(ROOT / "pipeline" / "datasette" / "plugins" / "ics.py", plugins / "ics.py")
    ds = Datasette([str(db)], plugins_dir=str(plugins))
    return asyncio.run(ds.client.get(path))


def test_datasette_obligations_ics(tmp_path: Path) -> None:
    db = make_db(tmp_path / "vanban.db")
    response = _get(db, "/vanban/obligations.ics", tmp_path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    events = [c for c in cal.walk() if c.name == "VEVENT"]
    assert len(events) == 4
    assert {str(e["url"]) for e in events} == {f"http://localhost/vanban/obligations/{i}" for i in ("o1", "o2", "o3")}
    files = tmp_path / "files"
    write_calendars(db, files)
    assert {str(e["uid"]) for e in events} == {str(e["uid"]) for e in components(files / "all.ics")}


@pytest.mark.parametrize("query", ["?actors__contains=Sở+Tư+pháp", "?actor=S%E1%BB%9F%20T%C6%B0%20ph%C3%A1p"])
def test_datasette_ics_filtered_by_actor(tmp_path: Path, query: str) -> None:
    response = _get(make_db(tmp_path / "vanban.db"), "/vanban/obligations.ics" + query, tmp_path)
    assert response.status_code == 200, response.text
    cal = icalendar.Calendar.from_ical(response.content)
    assert sorted(str(e["url"]).rsplit("/", 1)[1] for e in cal.walk("VEVENT")) == ["o2", "o3"]
    assert str(cal["x-wr-calname"]) == "vanban: Sở Tư pháp"


def test_datasette_ics_refuses_a_table_without_duties(tmp_path: Path) -> None:
    response = _get(make_db(tmp_path / "vanban.db"), "/vanban/documents.ics", tmp_path)
    assert response.status_code == 400
    assert "not obligations" in response.text


def test_datasette_ics_of_a_view_of_obligations(tmp_path: Path) -> None:
    db = make_db(tmp_path / "vanban.db")
    conn = sqlite_utils.Database(db)
    conn.execute("create view open_duties as select id, action as 'việc' from obligations where id in ('o2', 'o3')")
    conn.conn.close()
    response = _get(db, "/vanban/open_duties.ics", tmp_path)
    assert response.status_code == 200, response.text
    cal = icalendar.Calendar.from_ical(response.content)
    assert sorted(str(e["url"]).rsplit("/", 1)[1] for e in cal.walk("VEVENT")) == ["o2", "o3"]


def test_datasette_ics_todo(tmp_path: Path) -> None:
    response = _get(make_db(tmp_path / "vanban.db"), "/vanban/obligations.ics?_todo=1", tmp_path)
    cal = icalendar.Calendar.from_ical(response.content)
    assert len(cal.walk("VTODO")) == 4 and not cal.walk("VEVENT")


# ---------------------------------------------------------------- khal


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("khal") is None, reason="khal is not installed (make system-deps)")
def test_khal_imports_every_calendar_without_warnings(calendars: Path, tmp_path: Path) -> None:
    home = tmp_path / "khal"
    config = khal_config(home)
    env = {**os.environ, "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home)}
    for name in ("all.ics", "van-phong.ics", "so-tu-phap.ics"):
        run = subprocess.run(["khal", "-c", str(config), "import", "--batch", str(calendars / name)],
                             capture_output=True, text=True, env=env, timeout=120)
        assert run.returncode == 0, run.stderr
        assert "warning" not in run.stderr.lower() and "error" not in run.stderr.lower(), run.stderr
    listed = subprocess.run(["khal", "-c", str(config), "list", "2026-11-01", "30d"], capture_output=True,
                            text=True, env=env, timeout=120)
    assert listed.returncode == 0, listed.stderr
    assert "Các cơ quan, đơn vị, Sở Tư pháp: báo cáo UBND tỉnh" in listed.stdout
