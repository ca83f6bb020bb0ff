"""Units: one canonical name per body, so 'UBND tỉnh' and 'Ủy ban nhân dân tỉnh' are one unit.

A pure function of a name the extractors found (the abbreviations are data: pipeline/data/actors.yaml);
the store writes the unit it is given (`units_of` fills a record's `units` before `store.build`).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from typing import Any

from ..extract.actors import vocabulary
from ..text import new_tone_placement


@cache
def _abbreviations() -> list[tuple[re.Pattern[str], str]]:
    pairs = vocabulary()["aliases"]
    return [(re.compile(rf"(?<![\w&]){re.escape(k)}(?![\w&])"), v) for k, v in
            sorted(pairs.items(), key=lambda kv: len(kv[0]), reverse=True)]


def canonical_actor(name: str) -> str:
    """One name per body: abbreviations spelt out, old tone placement, spacing and 'các' folded.

    'UBND tỉnh' and 'Ủy ban nhân dân tỉnh' give the same string; so do 'Uỷ ban' and 'Ủy ban'."""
    text = unicodedata.normalize("NFC", name)
    text = new_tone_placement(text)
    for pattern, full in _abbreviations():
        text = pattern.sub(full, text)
    text = re.sub(r"\s+", " ", text).strip(" .,;:-–")
    text = re.sub(r"^(?:giao|đề nghị|yêu cầu|các|những|toàn thể)\s+", "", text, flags=re.IGNORECASE)
    # 'Ủy ban nhân dân Tỉnh' is 'Ủy ban nhân dân tỉnh': the level nouns after a name are common nouns
    text = re.sub(r"(?<=\S )(Tỉnh|Thành phố|Huyện|Xã|Phường)(?= |$)", lambda m: m.group(1).lower(), text)
    return text[:1].upper() + text[1:]


def units_of(record: dict[str, Any]) -> dict[str, str]:
    """Every body a record's obligations name (actors, partners, report_to) → its canonical unit."""
    names = (n for o in record.get("obligations", []) for role in ("actors", "partners", "report_to")
             for n in o.get(role, []))
    return {n: canonical_actor(n) for n in names}


def with_units(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Copies of `records` carrying `units` (name → canonical unit) for the store."""
    return [{**r, "units": units_of(r)} for r in records]
