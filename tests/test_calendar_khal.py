"""The calendars built from corpus/ and from ../shared/corpus/dev import into khal without a warning.

Every item is in all.ics or all-tasks.ics (a unit's file holds the same items, tests/test_calendar_corpora.py
checks it), so those two and the files of the five units with most duties are imported.
Slow (khal is a Python program: one process per corpus imports its files): run by `make test` and CI, left
out by `make test-fast`."""
from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import icalendar
import pytest

from pipeline.calendar import file_name

pytestmark = pytest.mark.slow


def khal_config(home: Path) -> Path:
    """A khal configuration with one calendar folder under `home` (no user settings touched)."""
    (home / "cal").mkdir(parents=True)
    config = home / "config"
    config.write_text(
        f"[calendars]\n[[vanban]]\npath = {home / 'cal'}\ntype = calendar\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        "[default]\ndefault_calendar = vanban\n",
        encoding="utf-8",
    )
    return config


@pytest.mark.parametrize("source", ["corpus", "dev"])
def test_every_calendar_imports_into_khal(source: str, tmp_path: Path, khal: str,
                                          corpus_db: Callable[[str], tuple[Path, Path]]) -> None:
    db, calendars = corpus_db(source)  # built once per session (conftest), links to each duty's page
    written = sorted(calendars.glob("*.ics"))
    events = [c for c in icalendar.Calendar.from_ical((calendars / "all.ics").read_bytes()).walk()
              if c.name == "VEVENT"]
    assert len(written) > 10 and len(events) > 20  # both corpora hold many dated and recurring duties
    home = tmp_path / "khal"
    config = khal_config(home)
    env = {**os.environ, "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home)}
    with sqlite3.connect(db) as conn:
        biggest = [file_name(r[0]) for r in conn.execute("select id from units order by duties desc, id limit 5")]
    chosen = [calendars / f"{stem}{suffix}.ics" for stem in ["all", *biggest] for suffix in ("", "-tasks")]
    assert set(chosen) <= set(written)
    # one khal process imports them all, in this order (a process per file cost a start-up each)
    run = subprocess.run([khal, "-c", str(config), "import", "--batch", *map(str, chosen)],
                         capture_output=True, text=True, env=env, timeout=600)
    names = ", ".join(p.name for p in chosen)
    assert run.returncode == 0, f"{names}: {run.stderr}"
    assert run.stderr.strip() == "" and run.stdout.strip() == "", f"{names}: {run.stderr}{run.stdout}"
