"""Calendars of dated duties (RFC 5545, written with `icalendar`): who must do what, by when.

Source: the database `data/vanban.db` built by `vanban ingest` (tables `obligations`, `deadlines`,
`documents`), read with plain SQL and only the columns listed in `NEEDED`, so the store may add
columns freely. `vanban calendar` (also run at the end of `vanban ingest`) writes

- `calendar/all.ics` and `calendar/<actor-slug>.ics`: one all-day VEVENT per dated duty
  (`DTSTART;VALUE=DATE`), with RRULE for rhythms, starting from the document's date;
- `calendar/all-tasks.ics` and `calendar/<actor-slug>-tasks.ics`: the same duties as VTODO.

Each item has a stable UID (hash of document id + the sentence's start + the normalised action +
the deadline), DTSTAMP, SEQUENCE raised when the duty's text changes (state kept in
`calendar/.sequence.json`), SUMMARY `<actor>: <short action>`, DESCRIPTION with the sentence, the
document's number and title, and URL to the Datasette row. The Datasette output renderer
(pipeline/datasette/plugins/ics.py) builds the same calendar from any view of the obligations table."""
from __future__ import annotations

import hashlib
import json
import logging
import re
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from dateutil.rrule import rrulestr
from icalendar import Calendar, Event, Todo, vRecur

from .text import fold

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "http://127.0.0.1:8001/vanban"
PRODID = "-//vanban//Nghĩa vụ và thời hạn//VI"
SEQUENCE_FILE = ".sequence.json"
SUMMARY_WORDS = 14
# the columns the calendar reads; anything else in the tables is ignored
NEEDED = {
    "obligations": ("id", "document_id", "actors", "action", "sentence", "deadline_ids", "start"),
    "deadlines": ("id", "kind", "due", "period_start", "rrule", "text"),
    "documents": ("id", "number", "title", "issued_date"),
}


class CalendarSourceError(Exception):
    """The database lacks a table or column the calendar needs."""


@dataclass(frozen=True)
class DueDate:
    id: str
    kind: str
    due: date | None
    period_start: date | None
    rrule: str | None
    text: str


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
    issued: date | None = None


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
                     documents: Mapping[str, Mapping[str, Any]]) -> list[Duty]:
    """Duties from database rows (dict-like): obligations, deadlines by id, documents by id."""
    out = []
    for o in obligations:
        dls = []
        for dl_id in _ids(o.get("deadline_ids")):
            d = deadlines.get(dl_id)
            if d is None:
                continue
            dls.append(DueDate(dl_id, d.get("kind") or "", _day(d.get("due")), _day(d.get("period_start")),
                               d.get("rrule") or None, d.get("text") or ""))
        doc = documents.get(o.get("document_id") or "", {})
        out.append(Duty(
            id=str(o["id"]), document_id=str(o.get("document_id") or ""), actors=_actors(o.get("actors")),
            action=o.get("action") or "", sentence=o.get("sentence") or "", start=int(o.get("start") or 0),
            deadlines=tuple(dls), number=doc.get("number"), title=doc.get("title"), issued=_day(doc.get("issued_date")),
        ))
    return out


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info([{table}])")}


def _select(conn: sqlite3.Connection, table: str, where: str = "", params: Iterable[Any] = ()) -> list[dict[str, Any]]:
    have = _columns(conn, table)
    if not have:
        raise CalendarSourceError(f"table {table!r} is missing — run `vanban ingest` first")
    cols = [c for c in NEEDED[table] if c in have]
    missing = {"id"} - have
    if missing:
        raise CalendarSourceError(f"table {table!r} has no {', '.join(sorted(missing))} column")
    sql = f"select {', '.join(f'[{c}]' for c in cols)} from [{table}] {where}"
    return [dict(zip(cols, row, strict=True)) for row in conn.execute(sql, tuple(params))]


def load_duties(db_path: Path) -> list[Duty]:
    """Every obligation of the database with its deadlines and document."""
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            obligations = _select(conn, "obligations")
            deadlines = {d["id"]: d for d in _select(conn, "deadlines")}
            documents = {d["id"]: d for d in _select(conn, "documents")}
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise CalendarSourceError(f"{db_path}: {exc}") from exc
    return duties_from_rows(obligations, deadlines, documents)


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


def uid(duty: Duty, dl: DueDate) -> str:
    """Stable across re-ingests: document, sentence start, normalised action, and the deadline's value."""
    action = re.sub(r"\s+", " ", fold(duty.action)).strip()
    value = dl.rrule or (dl.due.isoformat() if dl.due else "") or fold(dl.text)
    key = "\x1f".join([duty.document_id, str(duty.start), action, dl.kind, value])
    return hashlib.sha1(key.encode()).hexdigest()[:24] + "@vanban"


def first_occurrence(rrule: str, start: date) -> date | None:
    """The first day on or after `start` that the rule gives (DTSTART must be one of its days)."""
    try:
        rule = rrulestr(rrule, dtstart=datetime.combine(start, datetime.min.time()))
        hit = rule.after(datetime.combine(start, datetime.min.time()), inc=True)
    except (ValueError, TypeError):
        return None
    return hit.date() if hit else None


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
    url: str
    actors: tuple[str, ...]

    @property
    def fingerprint(self) -> str:
        return hashlib.sha1("\x1f".join([self.day.isoformat(), self.rrule or "", self.summary,
                                          self.description]).encode()).hexdigest()


def items(duties: Iterable[Duty], base_url: str = DEFAULT_BASE_URL) -> list[Item]:
    """One item per dated deadline of each duty (relative deadlines without a date are left out)."""
    out: dict[str, Item] = {}
    for duty in duties:
        yearly_days = {_month_day(dl.rrule) for dl in duty.deadlines if dl.rrule and "FREQ=YEARLY" in dl.rrule}
        for dl in duty.deadlines:
            if dl.kind == "absolute" and dl.due and (dl.due.month, dl.due.day) in yearly_days:
                continue  # 'hằng năm (trước ngày 15/11)': the yearly rule already holds that day
            rrule = dl.rrule if dl.kind == "recurring" and dl.rrule else None
            if rrule:
                anchor = duty.issued or dl.period_start
                day = first_occurrence(rrule, anchor) if anchor else None
            else:
                day = dl.due
            if day is None:
                continue
            source = " — ".join(filter(None, [duty.number, duty.title])) or duty.document_id
            url = f"{base_url.rstrip('/')}/obligations/{quote(duty.id, safe='')}"
            description = f"{' '.join(duty.sentence.split())}\n\nThời hạn: {' '.join(dl.text.split())}\n" \
                          f"Văn bản: {source}\n{url}"
            item = Item(uid(duty, dl), day, rrule, summary(duty), description, url, duty.actors)
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
                log.warning("%s is not valid JSON: sequences start again at 0", path)

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


def build_calendar(all_items: Iterable[Item], name: str, todo: bool = False, sequences: Sequences | None = None,
                   stamp: datetime | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    stamp = stamp or datetime.now(UTC).replace(microsecond=0)
    seqs = sequences or Sequences(None)
    for it in all_items:
        comp = Todo() if todo else Event()
        comp.add("uid", it.uid)
        comp.add("dtstamp", stamp)
        comp.add("sequence", seqs.of(it))
        comp.add("dtstart", it.day)
        if todo:
            comp.add("due", it.day)
            comp.add("status", "NEEDS-ACTION")
        else:
            comp.add("dtend", it.day + timedelta(days=1))
            comp.add("transp", "TRANSPARENT")
        if it.rrule:
            comp.add("rrule", vRecur.from_ical(it.rrule))
        comp.add("summary", it.summary)
        comp.add("description", it.description)
        comp.add("url", it.url)
        for actor in it.actors:
            comp.add("categories", actor)
        cal.add_component(comp)
    return cal


def slug(name: str) -> str:
    """'Sở Nội vụ' → 'so-noi-vu' (file names)."""
    return re.sub(r"[^0-9a-z]+", "-", fold(name)).strip("-") or "x"


def write_calendars(db_path: Path, out_dir: Path, base_url: str = DEFAULT_BASE_URL) -> list[Path]:
    """Write all.ics, all-tasks.ics and one pair per actor; return the files written."""
    all_items = items(load_duties(db_path), base_url)
    out_dir.mkdir(parents=True, exist_ok=True)
    sequences = Sequences(out_dir / SEQUENCE_FILE)
    stamp = datetime.now(UTC).replace(microsecond=0)
    groups: dict[str, tuple[str, list[Item]]] = {"all": ("vanban: tất cả nghĩa vụ", all_items)}
    for it in all_items:
        for actor in it.actors:
            groups.setdefault(slug(actor), (actor, []))[1].append(it)
    written = []
    for name, (label, group) in sorted(groups.items()):
        for todo, suffix in ((False, ""), (True, "-tasks")):
            path = out_dir / f"{name}{suffix}.ics"
            path.write_bytes(build_calendar(group, label, todo, sequences, stamp).to_ical())
            written.append(path)
    for stale in set(out_dir.glob("*.ics")) - set(written):
        stale.unlink()
    sequences.save()
    log.info("%d items in %d calendars → %s", len(all_items), len(written), out_dir)
    return written
