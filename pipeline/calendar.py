"""Calendars of dated duties (RFC 5545, written with `icalendar`): who must do what, by when.

Source: the database `data/vanban.db` built by `vanban ingest` (tables `obligations`, `deadlines`,
`occurrences`, `documents`, the view `unit_duties`), read with plain SQL and only the columns listed
in `NEEDED`, so the store may add columns freely. `vanban calendar` (also run at the end of
`vanban ingest`) writes

- `calendar/all.ics` and `calendar/<unit id>.ics`: one all-day VEVENT per dated deadline of a duty,
  with the rule resolve gave it for a rhythm (its day, `UNTIL` at the document's period end), from its
  first occurrence; a unit's file holds exactly the duties of `unit_duties` for that unit;
- `calendar/all-tasks.ics` and `calendar/<unit id>-tasks.ics`: one VTODO per occurrence (`DUE` only,
  no `DTSTART`), `STATUS:COMPLETED` with `COMPLETED` when follow-up marked it done.

A day the text does not give (the period's end) is marked `(ước tính)` in SUMMARY and DESCRIPTION and
`X-VANBAN-ESTIMATED:TRUE`. Every item has a VALARM (`ALARM_DAYS` days before, configurable). UIDs are
stable across re-ingests (document id, sentence start, normalised action, deadline value; a task
adds its day) and differ between events and tasks; SEQUENCE is raised when a duty's text changes
(state kept in `calendar/.sequence.json`). Each item links to its duty's page (`/-/vanban/viec/<id>`) at
`base_url`, the address colleagues reach the site at (`--base-url`, or `VANBAN_BASE_URL`, which
`make ingest/serve ADDRESS=…` sets); without one the files carry no link at all (a link to 127.0.0.1 would point at each reader's own machine). The Datasette output renderer (pipeline/datasette/plugins/ics.py)
builds the same items from any view of obligations."""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from icalendar import Alarm, Calendar, Event, Todo, vRecur

from .store.views import register
from .text import fold

log = logging.getLogger(__name__)

PRODID = "-//vanban//Nghĩa vụ và thời hạn//VI"
SEQUENCE_FILE = ".sequence.json"
SUMMARY_WORDS = 14
ALARM_DAYS = 3  # reminders this many days before a due day (`vanban calendar --alarm N`, `&_alarm=N`)
ESTIMATED = "ước tính"
# the columns the calendar reads; anything else in the tables is ignored
NEEDED = {
    "obligations": ("id", "document_id", "actors", "action", "sentence", "deadline_ids", "start", "done"),
    "deadlines": ("id", "kind", "due", "period_start", "rrule", "text", "cal_rrule", "cal_start", "estimated"),
    "documents": ("id", "number", "title", "issued_date"),
    "occurrences": ("obligation_id", "deadline_id", "day", "estimated", "done", "done_at"),
}


# the duty's own page (its route: pipeline/datasette/plugins/vanban.py, the page: web/duty.py)
DUTY_PAGE = "/-/vanban/viec/"


def base_url(given: str | None = None) -> str | None:
    """The site's address links start from (http://may-chu:8001): given, else $VANBAN_BASE_URL, else
    None (no links)."""
    return (given or os.environ.get("VANBAN_BASE_URL") or "").strip().rstrip("/") or None


def duty_url(site: str, duty_id: str) -> str:
    """'http://may-chu:8001', 'ab12' → 'http://may-chu:8001/-/vanban/viec/ab12': what the duty is, its
    document, and its follow-up."""
    return f"{site.rstrip('/')}{DUTY_PAGE}{quote(duty_id, safe='')}"


class CalendarSourceError(Exception):
    """The database lacks a table or column the calendar needs."""


@dataclass(frozen=True)
class DueDate:
    id: str
    kind: str
    due: date | None
    rrule: str | None  # the calendar's rule (with its day and UNTIL); None for one day
    start: date | None  # the first day: the rule's first occurrence, or the due day
    estimated: bool
    text: str


@dataclass(frozen=True)
class Occurrence:
    deadline_id: str
    day: date
    estimated: bool
    done: bool
    done_at: str | None


@dataclass(frozen=True)
class Duty:
    """One obligation with what a calendar item needs."""

    id: str
    document_id: str
    actors: tuple[str, ...]
    action: str
    sentence: str
    start: int
    deadlines: tuple[DueDate, ...]
    number: str | None = None
    title: str | None = None
    occurrences: tuple[Occurrence, ...] = ()
    done: bool = False


# ------------------------------------------------------------------ reading


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _ids(value: Any) -> list[str]:
    if not value:
        return []
    try:
        ids = json.loads(value) if isinstance(value, str) else list(value)
    except (ValueError, TypeError):
        return []
    return [str(i) for i in ids]


def _actors(value: Any) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(a.strip() for a in str(value).split(";") if a.strip())


def duties_from_rows(obligations: Iterable[Mapping[str, Any]], deadlines: Mapping[str, Mapping[str, Any]],
                     documents: Mapping[str, Mapping[str, Any]],
                     occurrences: Mapping[str, Iterable[Mapping[str, Any]]] | None = None) -> list[Duty]:
    """Duties from database rows (dict-like): obligations, deadlines by id, documents by id, occurrences
    by obligation id."""
    out = []
    for o in obligations:
        dls = []
        for dl_id in _ids(o.get("deadline_ids")):
            d = deadlines.get(dl_id)
            if d is None:
                continue
            rule = d.get("cal_rrule") or None
            due = _day(d.get("due"))
            dls.append(DueDate(dl_id, d.get("kind") or "", due, rule, _day(d.get("cal_start")) or due,
                               bool(d.get("estimated")), d.get("text") or ""))
        occs = tuple(sorted(
            (Occurrence(str(x["deadline_id"]), day, bool(x.get("estimated")), bool(x.get("done")), x.get("done_at"))
             for x in (occurrences or {}).get(str(o["id"]), ()) if (day := _day(x.get("day")))),
            key=lambda x: (x.day, x.deadline_id)))
        doc = documents.get(o.get("document_id") or "", {})
        out.append(Duty(
            id=str(o["id"]), document_id=str(o.get("document_id") or ""), actors=_actors(o.get("actors")),
            action=o.get("action") or "", sentence=o.get("sentence") or "", start=int(o.get("start") or 0),
            deadlines=tuple(dls), number=doc.get("number"), title=doc.get("title"), occurrences=occs,
            done=bool(o.get("done")),
        ))
    return out


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    """The columns of NEEDED[table] the database has (CalendarSourceError when the table is missing)."""
    have = {row[1] for row in conn.execute(f"PRAGMA table_info([{table}])")}
    if not have:
        raise CalendarSourceError(f"thiếu bảng {table!r} — chạy `vanban ingest` trước")
    return [c for c in NEEDED[table] if c in have]


def _select(conn: sqlite3.Connection, table: str, where: str = "", params: Iterable[Any] = ()) -> list[dict[str, Any]]:
    cols = columns(conn, table)
    sql = f"select {', '.join(f'[{c}]' for c in cols)} from [{table}] {where}"
    return [dict(zip(cols, row, strict=True)) for row in conn.execute(sql, tuple(params))]


def by_obligation(rows: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault(str(r["obligation_id"]), []).append(r)
    return out


def load_duties(db_path: Path) -> list[Duty]:
    """Every obligation of the database with its deadlines, days and document."""
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            obligations = _select(conn, "obligations")
            deadlines = {d["id"]: d for d in _select(conn, "deadlines")}
            documents = {d["id"]: d for d in _select(conn, "documents")}
            occurrences = by_obligation(_select(conn, "occurrences"))
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise CalendarSourceError(f"{db_path}: không đọc được cơ sở dữ liệu ({exc})") from exc
    return duties_from_rows(obligations, deadlines, documents, occurrences)


# ------------------------------------------------------------------ items


def short_action(action: str, words: int = SUMMARY_WORDS) -> str:
    parts = " ".join(action.split()).rstrip(" .;,").split(" ")
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def summary(duty: Duty, max_who: int = 80) -> str:
    who = ", ".join(duty.actors) or "Chưa rõ đơn vị"
    if len(who) > max_who:  # a long list of bodies: the first ones, then '…'
        cut = who[:max_who]
        who = (cut.rsplit(",", 1)[0] if "," in cut else cut.rsplit(" ", 1)[0]).rstrip(" ,") + "…"
    return f"{who}: {short_action(duty.action)}"


def uid(duty: Duty, dl: DueDate, day: date | None = None) -> str:
    """Stable across re-ingests: document, sentence start, normalised action, and the deadline's value;
    a task (one occurrence) adds its day and its own suffix, so no task shares an event's UID."""
    action = re.sub(r"\s+", " ", fold(duty.action)).strip()
    value = dl.rrule or (dl.due.isoformat() if dl.due else "") or fold(dl.text)
    repeat = re.search(r"-\d+$", duty.id)  # one sentence giving two duties (store/rows.py numbers the repeats)
    parts = [duty.document_id, str(duty.start), action, dl.kind, value]  # an event's UID as before tasks had days
    parts += [day.isoformat()] if day else []
    parts += [repeat.group()] if repeat else []
    key = "\x1f".join(parts)
    return hashlib.sha1(key.encode()).hexdigest()[:24] + ("-todo@vanban" if day else "@vanban")


def _month_day(rrule: str) -> tuple[int, int] | None:
    parts = dict(p.split("=", 1) for p in rrule.upper().split(";") if "=" in p)
    try:
        return int(parts["BYMONTH"]), int(parts["BYMONTHDAY"])
    except (KeyError, ValueError):
        return None


@dataclass(frozen=True)
class Item:
    """What one VEVENT/VTODO says; `fingerprint` changes when the duty's text or date changes."""

    uid: str
    day: date
    rrule: str | None
    summary: str
    description: str
    url: str | None
    actors: tuple[str, ...]
    estimated: bool = False
    done: bool = False
    done_at: str | None = None

    @property
    def fingerprint(self) -> str:
        return hashlib.sha1("\x1f".join([self.day.isoformat(), self.rrule or "", self.summary,
                                          self.description]).encode()).hexdigest()


def _kept(duty: Duty) -> list[DueDate]:
    """The dated deadlines of a duty, less a day its yearly rule already holds ('hằng năm (trước ngày 15/11)')."""
    yearly = [(_month_day(dl.rrule), dl.start) for dl in duty.deadlines if dl.rrule and "FREQ=YEARLY" in dl.rrule]

    def covered(dl: DueDate) -> bool:
        return dl.rrule is None and dl.due is not None and any(
            md == (dl.due.month, dl.due.day) and first is not None and first <= dl.due for md, first in yearly)

    return [dl for dl in duty.deadlines if dl.start is not None and not covered(dl)]


def _describe(duty: Duty, dl: DueDate, url: str | None) -> str:
    source = " — ".join(filter(None, [duty.number, duty.title])) or duty.document_id
    note = f"\nNgày {ESTIMATED}: văn bản không nêu ngày, lấy ngày cuối kỳ." if dl.estimated else ""
    return (f"{' '.join(duty.sentence.split())}\n\nThời hạn: {' '.join(dl.text.split())}{note}\n"
            f"Văn bản: {source}" + (f"\n{url}" if url else ""))


def items(duties: Iterable[Duty], base: str | None = None, todo: bool = False) -> list[Item]:
    """Events (one per dated deadline of each duty, a rhythm with its rule) or, with `todo`, tasks
    (one per occurrence, done or not); relative deadlines without a date are left out. Each links to
    the duty's own page on the site at `base` (its address, `duty_url`); with no base, to nothing."""
    out: dict[str, Item] = {}
    for duty in duties:
        url = duty_url(base, duty.id) if base else None
        for dl in _kept(duty):
            suffix = f" ({ESTIMATED})" if dl.estimated else ""
            text = summary(duty) + suffix
            if not todo:
                assert dl.start is not None
                item = Item(uid(duty, dl), dl.start, dl.rrule, text, _describe(duty, dl, url), url, duty.actors,
                            dl.estimated)
                out.setdefault(item.uid, item)
                continue
            occs = [o for o in duty.occurrences if o.deadline_id == dl.id] or (
                [Occurrence(dl.id, dl.start, dl.estimated, duty.done, None)] if dl.start else [])
            for o in occs:
                done = o.done or duty.done
                item = Item(uid(duty, dl, o.day), o.day, None, text, _describe(duty, dl, url), url, duty.actors,
                            dl.estimated, done, o.done_at)
                out.setdefault(item.uid, item)
    return sorted(out.values(), key=lambda i: (i.day, i.uid))


# ------------------------------------------------------------------ SEQUENCE state


class Sequences:
    """uid → (fingerprint, sequence), kept between runs so that a changed duty gets a higher SEQUENCE."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.state: dict[str, list[Any]] = {}
        if path and path.exists():
            try:
                self.state = json.loads(path.read_text("utf-8"))
            except ValueError:
                log.warning("%s không phải JSON hợp lệ: số thứ tự (SEQUENCE) của lịch đếm lại từ 0", path)

    def of(self, item: Item) -> int:
        fingerprint, seq = self.state.get(item.uid, [item.fingerprint, 0])
        if fingerprint != item.fingerprint:
            seq += 1
        self.state[item.uid] = [item.fingerprint, seq]
        return int(seq)

    def save(self) -> None:
        if self.path:
            self.path.write_text(json.dumps(self.state, indent=0, sort_keys=True), encoding="utf-8")


# ------------------------------------------------------------------ calendars


def _completed(item: Item) -> datetime:
    try:
        at = datetime.fromisoformat(item.done_at) if item.done_at else None
    except ValueError:
        at = None
    if at is None:
        return datetime.combine(item.day, time(12), UTC)
    return at.astimezone(UTC) if at.tzinfo else at.replace(tzinfo=UTC)


def _alarm(days: int, todo: bool, text: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", timedelta(days=-days), parameters={"RELATED": "END"} if todo else {})
    return alarm


def component(it: Item, todo: bool, sequence: int, stamp: datetime, alarm_days: int | None = ALARM_DAYS) -> Todo | Event:
    """One VTODO (DUE only, STATUS from follow-up) or VEVENT (all-day, RRULE for a rhythm)."""
    comp = Todo() if todo else Event()
    comp.add("uid", it.uid)
    comp.add("dtstamp", stamp)
    comp.add("sequence", sequence)
    if todo:
        comp.add("due", it.day)
        comp.add("status", "COMPLETED" if it.done else "NEEDS-ACTION")
        if it.done:
            comp.add("completed", _completed(it))
            comp.add("percent-complete", 100)
    else:
        comp.add("dtstart", it.day)
        comp.add("dtend", it.day + timedelta(days=1))
        comp.add("transp", "TRANSPARENT")
        if it.rrule:
            comp.add("rrule", vRecur.from_ical(it.rrule))
    comp.add("summary", it.summary)
    comp.add("description", it.description)
    if it.url:
        comp.add("url", it.url)
    if it.estimated:
        comp.add("x-vanban-estimated", "TRUE")
    for actor in it.actors:
        comp.add("categories", actor)
    if alarm_days is not None and alarm_days >= 0 and not (todo and it.done):
        comp.add_component(_alarm(alarm_days, todo, it.summary))
    return comp


def header(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    return cal


def build_calendar(all_items: Iterable[Item], name: str, todo: bool = False, sequences: Sequences | None = None,
                   stamp: datetime | None = None, alarm_days: int | None = ALARM_DAYS) -> Calendar:
    cal = header(name)
    stamp = stamp or datetime.now(UTC).replace(microsecond=0)
    seqs = sequences or Sequences(None)
    for it in all_items:
        cal.add_component(component(it, todo, seqs.of(it), stamp, alarm_days))
    return cal


def file_name(unit_id: str) -> str:
    """A unit's file stem; never 'all' nor a '-tasks' name of another unit."""
    return f"{unit_id}-don-vi" if unit_id == "all" or unit_id.endswith("-tasks") else unit_id


def unit_duty_ids(db_path: Path) -> dict[str, tuple[str, list[str]]]:
    """unit id → (name, ids of its duties), from the view `unit_duties` (the unit page's and feeds' query)."""
    out: dict[str, tuple[str, list[str]]] = {}
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        register(conn)
        try:
            for uid_, name in conn.execute("select id, name from units order by id"):
                out[uid_] = (name, [])
            for uid_, oid in conn.execute("select unit_id, id from unit_duties order by unit_id, id"):
                out.setdefault(uid_, (uid_, []))[1].append(oid)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise CalendarSourceError(f"{db_path}: không đọc được cơ sở dữ liệu ({exc})") from exc
    return {k: v for k, v in out.items() if v[1]}


def write_calendars(db_path: Path, out_dir: Path, base: str | None = None, alarm_days: int = ALARM_DAYS) -> list[Path]:
    """Write all.ics, all-tasks.ics and one pair per unit (its duties in `unit_duties`); return the files."""
    url = base_url(base)
    out_dir.mkdir(parents=True, exist_ok=True)
    sequences = Sequences(out_dir / SEQUENCE_FILE)
    stamp = datetime.now(UTC).replace(microsecond=0)
    duties = load_duties(db_path)
    by_id = {d.id: d for d in duties}
    groups = [("all", "vanban: tất cả nghĩa vụ", duties)]
    groups += [(file_name(uid_), f"vanban: {name}", [by_id[i] for i in ids if i in by_id])
               for uid_, (name, ids) in unit_duty_ids(db_path).items()]
    written = []
    for stem, label, group in groups:
        for todo, suffix in ((False, ""), (True, "-tasks")):
            path = out_dir / f"{stem}{suffix}.ics"
            path.write_bytes(build_calendar(items(group, url, todo), label, todo, sequences, stamp, alarm_days).to_ical())
            written.append(path)
    for stale in set(out_dir.glob("*.ics")) - set(written):
        stale.unlink()
    sequences.save()
    log.info("%d duties in %d calendars → %s", len(duties), len(written), out_dir)
    return written
