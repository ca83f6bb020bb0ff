"""Calendars and units of the databases built from corpus/ and ../shared/corpus/dev (issue 12, done-when):
every calendar parses with icalendar and expands with recurring-ical-events to the occurrences of the
database; every dated duty has a next due date; units are bodies or groups, one per body; a unit's
list, page, query and feeds count the same duties."""
from __future__ import annotations

import asyncio
import re
import sqlite3
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest
import recurring_ical_events

from pipeline import store
from pipeline.calendar import file_name
from pipeline.publish import make_datasette
from pipeline.resolve.units import LOWER, UPPER, _part_word, resolve_unit, vocabulary
from pipeline.text import fold


@pytest.fixture(scope="module", params=["corpus", "dev"])
def built(request: pytest.FixtureRequest, corpus_db: Callable[[str], tuple[Path, Path]]) -> tuple[str, Path, Path]:
    return (request.param, *corpus_db(request.param))  # calendars with links to http://may-chu:8001


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_every_dated_duty_has_a_next_due_date(built: tuple[str, Path, Path]) -> None:
    _, db, _ = built
    assert rows(db, "select count(*) from obligations where deadline_ids != '[]'")[0][0] > 20
    undated = rows(db, """select o.id from obligations o where next_due is null and exists (
                            select 1 from obligation_deadlines od join deadlines d on d.id = od.deadline_id
                            where od.obligation_id = o.id and (d.kind != 'relative' or d.due is not null))""")
    assert undated == []
    assert rows(db, "select count(*) from deadlines where kind = 'recurring'")[0][0] > 5
    assert rows(db, "select id from deadlines where kind = 'recurring' and (cal_rrule is null or (id in"
                    " (select deadline_id from obligation_deadlines) and id not in (select deadline_id from occurrences)))"
                ) == []


def test_calendars_expand_to_the_occurrences(built: tuple[str, Path, Path]) -> None:
    """Every VEVENT of all.ics expands (recurring-ical-events) to the days the database lists for its duty."""
    _, db, cal_dir = built
    listed: dict[str, set[Any]] = defaultdict(set)
    for oid, day in rows(db, "select obligation_id, day from occurrences"):
        listed[oid].add(day)
    cal = icalendar.Calendar.from_ical((cal_dir / "all.ics").read_bytes())
    per_duty: dict[str, list[Any]] = defaultdict(list)
    for event in cal.walk("VEVENT"):
        per_duty[str(event["url"]).rsplit("/", 1)[1]].append(event)
    assert per_duty
    for oid, events in per_duty.items():
        first, last = min(listed[oid]), max(listed[oid])
        one = icalendar.Calendar()
        for e in events:
            one.add_component(e)
        expanded = {e["dtstart"].dt.isoformat() for e in recurring_ical_events.of(one).between(
            date.fromisoformat(first), date.fromisoformat(last) + timedelta(days=1))}
        assert expanded == listed[oid], oid


def test_every_unit_file_holds_its_duties(built: tuple[str, Path, Path]) -> None:
    _, db, cal_dir = built
    everything = {str(c["uid"]) for name in ("all.ics", "all-tasks.ics")
                  for c in icalendar.Calendar.from_ical((cal_dir / name).read_bytes()).walk() if "uid" in c}
    dated: dict[str, set[str]] = defaultdict(set)
    with sqlite3.connect(db) as conn:
        store.views.register(conn)
        for uid, oid in conn.execute("select unit_id, id from unit_duties where next_due is not null"):
            dated[uid].add(oid)
    assert dated
    for uid, oids in dated.items():
        for suffix in ("", "-tasks"):
            cal = icalendar.Calendar.from_ical((cal_dir / f"{file_name(uid)}{suffix}.ics").read_bytes())
            found = [c for c in cal.walk() if c.name in ("VEVENT", "VTODO")]
            assert {str(c["uid"]) for c in found} <= everything
            assert {str(c["url"]).rsplit("/", 1)[1] for c in found} == oids, (uid, suffix)


def test_units_are_bodies_one_each(built: tuple[str, Path, Path]) -> None:
    """No two units equal after alias expansion and folding, no glued syllables, no phrase that is no body."""
    _, db, _ = built
    units = rows(db, "select id, name, kind from units")
    assert len(units) > 20
    folded = [fold(n) for _, n, _ in units]
    assert len(set(folded)) == len(folded)
    not_bodies = re.compile("|".join(vocabulary()["not_bodies"]), re.IGNORECASE)
    for uid, name, kind in units:
        again = resolve_unit(name)
        assert again is not None and again.id == uid, name  # a unit's own name is that unit
        assert kind in ("body", "group")
        assert not re.search(f"[{LOWER}][{UPPER}]", name), name  # 'Đảng uỷUBND'
        for word in re.findall(r"[^\W\d_]+", name):
            assert _part_word(word) == word, (name, word)  # no 'Uỷban', 'bộxã'
        assert not not_bodies.match(name.removeprefix("Các ")), name


def _get(ds: Any, path: str) -> Any:
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == 200, f"{path}: {response.status_code}"
    return response


@pytest.mark.parametrize("built", ["corpus"], indirect=True)  # the dev corpus: the unit files above
def test_a_units_list_page_query_and_feeds_agree(built: tuple[str, Path, Path]) -> None:
    """For every unit of corpus/: the same duties on its list, its page, the canned query and its feeds."""
    _, db, _ = built
    ds = make_datasette(db)
    for uid, name, duties, listing, feed in rows(db, "select id, name, duties, list, calendar from units"):
        listed = {r["id"] for r in _get(ds, f"{listing.replace('viec_cua_don_vi?', 'viec_cua_don_vi.json?')}"
                                            "&_shape=objects&_size=max").json()["rows"]}
        table = _get(ds, f"/vanban/unit_duties.json?unit_id={uid}&_shape=objects&_size=max").json()["rows"]
        assert len(listed) == len(table) == duties, name
        assert f"</a>: {duties} việc" in _get(ds, f"/vanban/units/{uid}").text, name
        dated = {r["id"] for r in table if r["next_due"]}
        for extra in ("", "&_todo=1"):
            cal = icalendar.Calendar.from_ical(_get(ds, feed + extra).content)
            got = {str(c["url"]).rsplit("/", 1)[1] for c in cal.walk() if c.name in ("VEVENT", "VTODO")}
            assert got == dated, (name, extra)
