"""Calendars: `vanban calendar` files and the Datasette `.ics` renderer, built from real extractions
(the seed plan of corpus/ and a dev plan), parsed with icalendar, expanded with recurring-ical-events;
(slow) imported into khal without warnings."""
from __future__ import annotations

import asyncio
import json
import os
import shutil
import sqlite3
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import icalendar
import pytest
import recurring_ical_events
from click.testing import CliRunner

from pipeline import store
from pipeline.calendar import Duty, Sequences, build_calendar, summary, write_calendars
from pipeline.cli import main
from pipeline.publish import make_datasette
from pipeline.resolve import resolve

from .conftest import DEV, ROOT, extracted
from .test_calendar_khal import khal_config

SEED = ROOT / "corpus" / "kh-qcdc-tinhdoan-2023.txt"  # undated Đoàn plan 'năm 2023', rhythms without a day
PLAN = DEV / "018_kh-141-ubnd-bac-ninh.txt"  # dated plan 'giai đoạn 2026-2030', 'hằng năm (trước ngày 15 tháng 11)'
TODAY = date(2026, 1, 10)


def build(folder: Path) -> Path:
    return store.build(resolve([extracted(SEED), extracted(PLAN)], TODAY), folder / "vanban.db", today=TODAY)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("db"))


@pytest.fixture(scope="module")
def calendars(db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cal") / "calendar"
    write_calendars(db, out)
    return out


def components(path: Path, kind: str = "VEVENT") -> list[Any]:
    return icalendar.Calendar.from_ical(path.read_bytes()).walk(kind)


def days(path: Path, start: date, end: date) -> list[tuple[date, str]]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return sorted((e["dtstart"].dt, str(e["summary"])) for e in recurring_ical_events.of(cal).between(start, end))


def test_seed_plan_reports_on_the_units_calendars(calendars: Path) -> None:
    """Done-when of issue 12: the undated plan 'năm 2023' puts the Văn phòng's 6-month and year reports on
    30/6 and 31/12/2023, estimated, on Văn phòng Tỉnh đoàn's calendar; the district Đoàn bodies' on theirs."""
    for unit in ("van-phong-tinh-doan", "huyen-thi-thanh-doan-va-doan-truc-thuoc"):
        got = days(calendars / f"{unit}.ics", date(2023, 1, 1), date(2025, 1, 1))
        assert [d for d, _ in got] == [date(2023, 6, 30), date(2023, 12, 31), date(2023, 12, 31)], unit
        assert all(s.endswith("(ước tính)") for _, s in got)
    events = components(calendars / "van-phong-tinh-doan.ics")
    assert all(str(e["x-vanban-estimated"]) == "TRUE" and "ước tính" in str(e["description"]) for e in events)
    rules = sorted(e["rrule"].to_ical().decode() for e in events)
    assert rules == ["FREQ=YEARLY;UNTIL=20231231;BYMONTHDAY=-1;BYMONTH=6,12",
                     "FREQ=YEARLY;UNTIL=20231231;BYMONTHDAY=31;BYMONTH=12"]


def test_dated_plan_keeps_the_day_the_text_gives(calendars: Path) -> None:
    got = days(calendars / "all.ics", date(2025, 11, 20), date(2031, 12, 31))
    fifteenth = [d for d, s in got if (d.month, d.day) == (11, 15)]
    assert fifteenth == [date(y, 11, 15) for y in range(2026, 2031)]  # 'trước ngày 15 tháng 11', to the plan's end
    assert not any((d.month, d.day) == (11, 20) for d, _ in got)  # never the issue day (20/11)


def test_every_rule_starts_with_freq_and_every_event_has_a_reminder(calendars: Path) -> None:
    rules = events = 0
    for path in calendars.glob("*.ics"):
        text = path.read_text("utf-8")
        lines = [line for line in text.splitlines() if line.startswith("RRULE:")]
        assert all(line.startswith("RRULE:FREQ=") for line in lines)
        cal = icalendar.Calendar.from_ical(text)
        for item in cal.walk("VEVENT"):
            assert [str(a["trigger"].to_ical().decode()) for a in item.walk("VALARM")] == ["-P3D"]
            events += 1
        rules += len(lines)
    assert rules and events  # the loops saw rules and events, not an empty folder


def test_tasks_one_per_occurrence_with_due_only(calendars: Path) -> None:
    todos = components(calendars / "van-phong-tinh-doan-tasks.ics", "VTODO")
    assert sorted(t["due"].dt for t in todos) == [date(2023, 6, 30), date(2023, 12, 31), date(2023, 12, 31)]
    assert all("dtstart" not in t and str(t["status"]) == "NEEDS-ACTION" for t in todos)
    alarms = [a for t in todos for a in t.walk("VALARM")]
    assert len(alarms) == 3 and all(a["trigger"].params.get("RELATED") == "END" for a in alarms)


def test_event_and_task_uids_differ_and_stay(db: Path, tmp_path: Path) -> None:
    write_calendars(db, tmp_path / "a")
    events = {str(e["uid"]) for e in components(tmp_path / "a" / "all.ics")}
    tasks = [str(t["uid"]) for t in components(tmp_path / "a" / "all-tasks.ics", "VTODO")]
    assert events and tasks and not events & set(tasks) and len(set(tasks)) == len(tasks)
    write_calendars(build(tmp_path / "again"), tmp_path / "b")  # a re-ingest
    assert {str(e["uid"]) for e in components(tmp_path / "b" / "all.ics")} == events
    assert [str(t["uid"]) for t in components(tmp_path / "b" / "all-tasks.ics", "VTODO")] == tasks


def test_a_task_marked_done_is_completed(tmp_path: Path) -> None:
    db = build(tmp_path)
    conn = sqlite3.connect(db)
    oid = conn.execute("select o.obligation_id from occurrences o join units u on u.id = 'van-phong-tinh-doan'"
                       " join obligation_units ou on ou.unit_id = u.id and ou.obligation_id = o.obligation_id"
                       " where o.day = '2023-06-30'").fetchone()[0]
    conn.execute("insert into obligation_done values (?, '2023-06-30', '2023-07-01T08:30:00+07:00')", [oid])
    conn.commit()
    store.due.refresh_due(conn, TODAY)
    conn.close()
    write_calendars(db, tmp_path / "cal", alarm_days=7)
    todos = {t["due"].dt: t for t in components(tmp_path / "cal" / "van-phong-tinh-doan-tasks.ics", "VTODO")}
    done = todos[date(2023, 6, 30)]
    assert str(done["status"]) == "COMPLETED" and done["completed"].dt.isoformat() == "2023-07-01T01:30:00+00:00"
    assert not done.walk("VALARM")  # no reminder for what is done
    assert str(todos[date(2023, 12, 31)]["status"]) == "NEEDS-ACTION"
    assert todos[date(2023, 12, 31)].walk("VALARM")[0]["trigger"].to_ical() == b"-P7D"


def test_summary_shortens_long_actor_lists() -> None:
    actors = ("Bộ trưởng", "Thủ trưởng các cơ quan ngang Bộ", "cơ quan thuộc Chính phủ",
              "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương")
    duty = Duty("o", "d", actors, "tiếp tục nâng cao tinh thần trách nhiệm", "…", 0, ())
    assert summary(duty) == ("Bộ trưởng, Thủ trưởng các cơ quan ngang Bộ, cơ quan thuộc Chính phủ…: "
                             "tiếp tục nâng cao tinh thần trách nhiệm")


def test_sequence_raised_when_text_changes(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "calendar"
    write_calendars(db, out)
    write_calendars(db, out)  # unchanged: same SEQUENCE
    assert {int(e["sequence"]) for e in components(out / "all.ics")} == {0}
    state = json.loads((out / ".sequence.json").read_text("utf-8"))
    first = sorted(state)[0]
    state[first][0] = "another fingerprint"  # as if that duty's text had changed since
    (out / ".sequence.json").write_text(json.dumps(state), "utf-8")
    write_calendars(db, out)
    assert {str(c["uid"]): int(c["sequence"]) for path in out.glob("all*.ics") for c in
            icalendar.Calendar.from_ical(path.read_bytes()).walk() if "uid" in c}[first] == 1


def test_empty_calendar_is_valid() -> None:
    cal = icalendar.Calendar.from_ical(build_calendar([], "trống", sequences=Sequences(None)).to_ical())
    assert (str(cal["version"]), str(cal["x-wr-calname"])) == ("2.0", "trống")
    assert cal.walk("VEVENT") == []


def test_links_use_the_address_given(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VANBAN_BASE_URL", "https://vanban.example.vn/")
    write_calendars(db, tmp_path)
    events = components(tmp_path / "all.ics")
    with sqlite3.connect(db) as conn:
        ids = {r[0] for r in conn.execute("select id from obligations")}
    assert events and {str(e["url"]).rsplit("/", 1)[0] for e in events} == {"https://vanban.example.vn/-/vanban/viec"}
    assert {str(e["url"]).rsplit("/", 1)[1] for e in events} <= ids  # the duty's own page, not its raw row
    assert all(str(e["description"]).endswith(str(e["url"])) for e in events)


def test_written_files_link_nowhere_without_an_address(db: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VANBAN_BASE_URL", raising=False)
    write_calendars(db, tmp_path)
    events = components(tmp_path / "all.ics")
    assert events and all("url" not in e for e in events)
    assert not any(b"127.0.0.1" in p.read_bytes() or b"http" in p.read_bytes() for p in tmp_path.glob("*.ics"))


def test_cli_calendar_command(db: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["calendar", "--db", str(db), "--out", str(tmp_path / "cal"), "--alarm", "1"])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as conn:
        units = conn.execute("select count(*) from units where duties > 0").fetchone()[0]
    assert f"{2 * units + 2} tệp lịch" in result.output
    assert b"TRIGGER:-P1D" in (tmp_path / "cal" / "all.ics").read_bytes()
    missing = CliRunner().invoke(main, ["calendar", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1 and "chạy `vanban ingest`" in missing.output


def test_ingest_ends_with_the_calendars(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(PLAN, corpus)
    db = tmp_path / "data" / "v.db"
    args = ["ingest", str(corpus), "--extracted", str(tmp_path / "ex"), "--db", str(db), "-s", "-j", "1"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    cal = icalendar.Calendar.from_ical((tmp_path / "data" / "calendar" / "all.ics").read_bytes())
    rules = [dict(e["rrule"]) for e in cal.walk("VEVENT") if e.get("rrule")]
    assert any(r["BYMONTH"] == [11] and r["BYMONTHDAY"] == [15] for r in rules)


# ---------------------------------------------------------------- Datasette renderer


def _get(db: Path, paths: list[str], tmp_path: Path, **settings: Any) -> list[Any]:
    from datasette.app import Datasette

    plugins = tmp_path / "plugins"
    plugins.mkdir(exist_ok=True)
    for name in ("ics.py", "vanban.py"):
        shutil.copy(ROOT / "pipeline" / "datasette" / "plugins" / name, plugins / name)
    ds = Datasette([str(db)], plugins_dir=str(plugins), settings=settings or None)

    async def run() -> list[Any]:
        return [await ds.client.get(p) for p in paths]

    return asyncio.run(run())


def test_unit_feed_is_the_unit_file(db: Path, calendars: Path, tmp_path: Path) -> None:
    feed, tasks = _get(db, ["/vanban/unit_duties.ics?unit_id=van-phong-tinh-doan",
                            "/vanban/unit_duties.ics?unit_id=van-phong-tinh-doan&_todo=1"], tmp_path)
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(feed.content)
    assert str(cal["x-wr-calname"]) == "vanban: Văn phòng Tỉnh đoàn"
    uids = {str(e["uid"]) for e in cal.walk("VEVENT")}
    assert uids == {str(e["uid"]) for e in components(calendars / "van-phong-tinh-doan.ics")}
    links = {str(e["url"]) for e in cal.walk("VEVENT")}
    assert {u.rsplit("/", 1)[0] for u in links} == {"http://localhost/-/vanban/viec"}
    site = make_datasette(db, followup=tmp_path / "followup.db")
    pages = [asyncio.run(site.client.get(u.removeprefix("http://localhost"))) for u in sorted(links)[:3]]
    assert [p.status_code for p in pages] == [200] * len(pages)  # the duty's page answers
    todos = icalendar.Calendar.from_ical(tasks.content).walk("VTODO")
    assert {str(t["uid"]) for t in todos} == {str(t["uid"]) for t in
                                             components(calendars / "van-phong-tinh-doan-tasks.ics", "VTODO")}


def test_feeds_hold_every_row_beyond_max_returned_rows(db: Path, calendars: Path, tmp_path: Path) -> None:
    """Issue 14 item 5: a feed is not cut at Datasette's max_returned_rows."""
    every, overdue = _get(db, ["/vanban/obligations.ics", "/vanban/obligations_overview.ics?status=overdue"],
                          tmp_path, max_returned_rows=3)
    events = icalendar.Calendar.from_ical(every.content).walk("VEVENT")
    assert len(events) == len(components(calendars / "all.ics")) > 3
    assert len(icalendar.Calendar.from_ical(overdue.content).walk("VEVENT")) > 3


def test_datasette_ics_filtered_by_actor(db: Path, tmp_path: Path) -> None:
    (response,) = _get(db, ["/vanban/obligations.ics?actor=S%E1%BB%9F%20T%C6%B0%20ph%C3%A1p"], tmp_path)
    assert response.status_code == 200, response.text
    cal = icalendar.Calendar.from_ical(response.content)
    assert cal.walk("VEVENT") and all("Sở Tư pháp" in str(e["summary"]) for e in cal.walk("VEVENT"))
    assert str(cal["x-wr-calname"]) == "vanban: Sở Tư pháp"


def test_datasette_ics_refuses_a_table_without_duties(db: Path, tmp_path: Path) -> None:
    (response,) = _get(db, ["/vanban/documents.ics"], tmp_path)
    assert response.status_code == 400
    assert "Không có lịch ở đây" in response.text and "not obligations" not in response.text



@pytest.mark.timeout(60)
def test_a_unit_whose_id_is_all_gets_its_own_file(db: Path, calendars: Path, tmp_path: Path) -> None:
    """Issue 14 item 9: a unit whose slug is 'all' was grouped into the calendar of every duty while
    that list was being walked (calendar writing never ended); it gets 'all-don-vi.ics', and all.ics
    still holds every duty once."""
    copy = tmp_path / "vanban.db"
    shutil.copy(db, copy)
    with sqlite3.connect(copy) as conn:
        unit, = conn.execute("select unit_id from obligation_units group by unit_id order by count(*) desc, unit_id"
                             " limit 1").fetchone()
        conn.execute("update units set id = 'all' where id = ?", (unit,))
        conn.execute("update obligation_units set unit_id = 'all' where unit_id = ?", (unit,))
        conn.execute("update unit_groups set unit_id = 'all' where unit_id = ?", (unit,))
    out = tmp_path / "calendar"
    written = {p.name for p in write_calendars(copy, out)}
    assert {"all.ics", "all-tasks.ics", "all-don-vi.ics", "all-don-vi-tasks.ics"} <= written
    assert len(components(out / "all.ics")) == len(components(calendars / "all.ics"))
    for suffix, kind in (("", "VEVENT"), ("-tasks", "VTODO")):  # the unit's calendar, under its new name
        assert len(components(out / f"all-don-vi{suffix}.ics", kind)) == len(components(calendars / f"{unit}{suffix}.ics", kind))
    assert components(out / "all-don-vi-tasks.ics", "VTODO")


# ---------------------------------------------------------------- khal


@pytest.mark.slow
def test_khal_imports_every_calendar_without_warnings(calendars: Path, tmp_path: Path, khal: str) -> None:
    home = tmp_path / "khal"
    config = khal_config(home)
    env = {**os.environ, "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home)}
    names = ("all.ics", "all-tasks.ics", "van-phong-tinh-doan.ics")  # one khal process for the three
    run = subprocess.run([khal, "-c", str(config), "import", "--batch", *(str(calendars / n) for n in names)],
                         capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "warning" not in run.stderr.lower() and "error" not in run.stderr.lower(), run.stderr
