"""Occurrences in vanban.db: one row per day a duty falls due, and each duty's next and overdue day.

The days come from resolve (resolve/occurrences.py: each deadline's `calendar.days`); the store
writes them in `occurrences` and derives from them, with follow-up, the columns of `obligations`:
- `next_due`: the first occurrence on or after today not marked done (else the last one not done,
  else the last one), `next_estimated` 1 when that day is ước tính (the text gives no day);
- `overdue_since`: the earliest occurrence before today not marked done;
- `next_occurrence`: the day to mark done next (the overdue one first) for a duty with several;
- `all_done`: every occurrence is done.
An occurrence is done when follow-up marked it (`obligation_done`, one row per duty or occurrence,
written by store/followup.py) or the whole duty (`obligation_done.occurrence` null, or
`obligations.done`). `refresh_due` recomputes all this; it runs at every build, whenever follow-up
changes and once a day (the Datasette plugin), so "today" is always the day it is shown."""
from __future__ import annotations

import sqlite3
from datetime import date

OCCURRENCES_SCHEMA = {"obligation_id": str, "deadline_id": str, "day": str, "estimated": int, "done": int,
                      "done_at": str}
OCCURRENCES_PK = ("obligation_id", "deadline_id", "day")
# the table store/followup.py publishes into vanban.db (created empty when follow-up never ran)
DONE_TABLE = """create table if not exists obligation_done (
  obligation_id text not null, occurrence text, done_at text, primary key (obligation_id, occurrence))"""

REFRESH = [
    """update occurrences set (done, done_at) = (
         select coalesce(max(1), 0), max(d.done_at) from obligation_done d
         where d.obligation_id = occurrences.obligation_id and (d.occurrence is null or d.occurrence = occurrences.day))""",
    """update occurrences set done = 1 where done = 0
         and obligation_id in (select id from obligations where done = 1)""",
    """update obligations set
         next_due = coalesce(
           (select min(day) from occurrences x where x.obligation_id = obligations.id and not x.done and x.day >= :today),
           (select max(day) from occurrences x where x.obligation_id = obligations.id and not x.done),
           (select max(day) from occurrences x where x.obligation_id = obligations.id)),
         overdue_since = (select min(day) from occurrences x
                          where x.obligation_id = obligations.id and not x.done and x.day < :today),
         all_done = coalesce((select min(done) from occurrences x where x.obligation_id = obligations.id), 0)""",
    """update obligations set
         due_month = substr(next_due, 1, 7),
         next_estimated = coalesce((select max(estimated) from occurrences x
                                    where x.obligation_id = obligations.id and x.day = obligations.next_due), 0),
         next_occurrence = case when (select count(*) from occurrences x where x.obligation_id = obligations.id) > 1
                                then coalesce(overdue_since, next_due) end""",
]


def refresh_due(conn: sqlite3.Connection, today: date) -> int:
    """Recompute the occurrences' done state and each duty's next, overdue and estimated days; returns
    how many duties changed their next due day or overdue day."""
    before = dict(conn.execute("select id, coalesce(next_due, '') || '/' || coalesce(overdue_since, '') "
                               "from obligations").fetchall())
    with conn:
        conn.execute(DONE_TABLE)
        for sql in REFRESH:
            conn.execute(sql, {"today": today.isoformat()})
    after = conn.execute("select id, coalesce(next_due, '') || '/' || coalesce(overdue_since, '') from obligations")
    return sum(1 for oid, value in after if before.get(oid) != value)
