"""Resolve: what one document's extraction cannot know, decided across the corpus before the store.

Pure functions of the extracted records (the dicts of `extracted/<id>.json`), the office's unit file
and the ingest date: citations linked to the documents the corpus holds (`links.py`), every body's
unit (`units.py`, with the office's own units: `office.py`), and the days each duty falls due
(`occurrences.py`). The store writes what `resolve` gives it and decides nothing.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from .links import link_citations
from .occurrences import resolve_deadlines
from .office import Office
from .units import with_units


def finish(records: Iterable[dict[str, Any]], today: date | None = None, office: Office | None = None
           ) -> list[dict[str, Any]]:
    """Records whose citations are linked, completed for the store: `units` and each deadline's `calendar`."""
    day = today or date.today()
    aliases = office.alias_map() if office else None
    return [resolve_deadlines(r, day) for r in with_units(records, aliases)]


def resolve(records: Iterable[dict[str, Any]], today: date | None = None, office: Office | None = None
            ) -> list[dict[str, Any]]:
    """Copies of `records` ready for `store.build`: `in_corpus` on citations, `units`, deadline days."""
    return finish(link_citations(records), today, office)
