"""Units in vanban.db: `units` (one row per body or group, from resolve/units.py), `unit_groups` (the
office unit file's memberships) and the view `unit_duties`, the one answer to "what must this unit do".

A unit's duties are those it leads, helps or receives a report of (`obligation_units`), and those of
every group its office file puts it in (`via` names the group). The unit page, the canned query
`viec_cua_don_vi`, the counts in `units.duties` and every calendar feed of a unit read `unit_duties`
and nothing else, so they always agree."""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlencode

from ..text import fold

SCHEMA: dict[str, dict[str, Any]] = {
    "units": {"id": str, "name": str, "name_folded": str, "kind": str, "duties": int, "aliases": str,
              "list": str, "calendar": str, "tasks": str},
    "obligation_units": {"obligation_id": str, "unit_id": str, "role": str},
    "unit_groups": {"unit_id": str, "group_id": str},
}
PKS: dict[str, tuple[str, ...]] = {
    "obligation_units": ("obligation_id", "unit_id", "role"),
    "unit_groups": ("unit_id", "group_id"),
}
FOREIGN_KEYS: dict[str, list[tuple[str, str, str]]] = {
    "obligation_units": [("obligation_id", "obligations", "id"), ("unit_id", "units", "id")],
    "unit_groups": [("unit_id", "units", "id"), ("group_id", "units", "id")],
}
INDEXES: dict[str, list[list[str]]] = {"obligation_units": [["unit_id"]], "unit_groups": [["group_id"]]}

# one row per (unit, duty): the unit's own role first, else through a group (the lowest role wins)
UNIT_DUTIES = """
SELECT ud.unit_id, ud.role, ud.via, o.*
FROM (
  SELECT unit_id, obligation_id, min(role) AS role, nullif(min(coalesce(via, '')), '') AS via FROM (
    SELECT ou.unit_id, ou.obligation_id, ou.role, NULL AS via FROM obligation_units ou
    UNION ALL
    SELECT ug.unit_id, ou.obligation_id, ou.role, ug.group_id AS via
    FROM unit_groups ug JOIN obligation_units ou ON ou.unit_id = ug.group_id
  ) GROUP BY unit_id, obligation_id
) ud JOIN (SELECT * FROM obligations_overview) o ON o.id = ud.obligation_id
"""
VIEWS = {"unit_duties": UNIT_DUTIES}


def feed(unit_id: str, **extra: str) -> str:
    """The unit's calendar feed (relative to the site; the feed's own links use the address it is served at)."""
    return "/vanban/unit_duties.ics?" + urlencode({"unit_id": unit_id, **extra})


def unit_rows(units: Mapping[str, dict[str, Any]], links: Iterable[dict[str, Any]],
              office: Iterable[Mapping[str, Any]] = ()) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows of `units` and `unit_groups`: the units the documents name, the office's own units, and the
    number of duties of each (its own and its groups')."""
    rows = {k: dict(v) for k, v in units.items()}
    groups: list[dict[str, Any]] = []
    for u in office:
        rows.setdefault(u["id"], {"id": u["id"], "name": u["name"], "kind": u["kind"], "aliases": set()})
        for g in u.get("groups", []):
            if g in rows and g != u["id"]:
                groups.append({"unit_id": u["id"], "group_id": g})
    duties: dict[str, set[str]] = {}
    for link in links:
        duties.setdefault(link["unit_id"], set()).add(link["obligation_id"])
    for g in groups:
        duties.setdefault(g["unit_id"], set()).update(duties.get(g["group_id"], set()))
    out = []
    for uid, row in sorted(rows.items()):
        out.append({**row, "name_folded": fold(row["name"]), "duties": len(duties.get(uid, ())),
                    "aliases": json.dumps(sorted(row.get("aliases") or ()), ensure_ascii=False),
                    "list": "/vanban/viec_cua_don_vi?" + urlencode({"don_vi": uid}),
                    "calendar": feed(uid), "tasks": feed(uid, _todo="1")})
    return out, groups
