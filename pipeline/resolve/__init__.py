"""Resolve: what one document's extraction cannot know, decided across the corpus before the store.

Pure functions of the extracted records (the dicts of `extracted/<id>.json`): citations linked to
the documents the corpus holds (`links.py`), every body's canonical unit (`units.py`). The store
writes what `resolve` gives it and decides nothing.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .links import link_citations
from .units import with_units


def resolve(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Copies of `records` ready for `store.build`: `in_corpus` on citations, `units` on each record."""
    return with_units(link_citations(records))
