"""The office's own list of units (a YAML file it edits): names, other spellings, and the groups each
belongs to, so that a duty given to a group (`Các sở, ban, ngành`) is also on each member's list.

The file is `units.yaml` beside `corpus/` (`vanban ingest --units PATH`); `units.example.yaml` at the
top of the project shows its form:

    issuer: Ủy ban nhân dân tỉnh Lâm Đồng    # names below are read as in a document of this body
    units:
      - name: Sở Nội vụ
        aliases: [SNV]
        groups: ["Các sở, ban, ngành", "Các cơ quan, đơn vị, địa phương"]

Names are resolved like the names in documents (resolve/units.py), so any spelling of a group
(`các sở, ban, ngành`, `Các Sở, ban, ngành`) names it."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..datafiles import load_yaml
from ..errors import VanbanError
from .units import Context, Unit, issuer_context, resolve_unit

OFFICE_FILE = Path("units.yaml")


class OfficeFileError(VanbanError):
    """The office unit file cannot be read or does not have the expected form."""


@dataclass(frozen=True)
class OfficeUnit:
    unit: Unit
    aliases: tuple[str, ...]  # ids of the other spellings
    groups: tuple[str, ...]  # ids of the groups it belongs to


@dataclass(frozen=True)
class Office:
    units: tuple[OfficeUnit, ...] = ()

    def alias_map(self) -> dict[str, Unit]:
        """Unit id of every spelling (name and aliases) → the office's unit."""
        out: dict[str, Unit] = {}
        for u in self.units:
            for key in (u.unit.id, *u.aliases):
                out[key] = u.unit
        return out

    def rows(self) -> list[dict[str, Any]]:
        """What the store writes: one row per office unit with its groups' ids."""
        return [{"id": u.unit.id, "name": u.unit.name, "kind": u.unit.kind, "groups": list(u.groups)}
                for u in self.units]


def _strings(value: Any, path: Path, what: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise OfficeFileError(f"{path}: '{what}' phải là một danh sách tên")
    return value


def load_office(path: Path | None) -> Office:
    """The office's units from `path`; an empty Office when there is no file."""
    if path is None or not path.exists():
        return Office()
    try:
        data = load_yaml(path.read_text("utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise OfficeFileError(f"{path}: không đọc được tệp đơn vị ({type(exc).__name__})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("units") or [], list):
        raise OfficeFileError(f"{path}: cần 'units:' rồi đến danh sách các đơn vị")
    ctx = issuer_context(data["issuer"]) if isinstance(data.get("issuer"), str) else Context()
    out = []
    for i, entry in enumerate(data.get("units") or [], 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise OfficeFileError(f"{path}: đơn vị thứ {i} không có 'name'")
        unit = resolve_unit(entry["name"], ctx)
        if unit is None:
            raise OfficeFileError(f"{path}: đơn vị thứ {i} ({entry['name']!r}) không phải tên một cơ quan, đơn vị")
        aliases = [a for a in (resolve_unit(n, ctx) for n in _strings(entry.get("aliases"), path, "aliases")) if a]
        groups = [g for g in (resolve_unit(n, ctx) for n in _strings(entry.get("groups"), path, "groups")) if g]
        out.append(OfficeUnit(unit, tuple(a.id for a in aliases), tuple(g.id for g in groups)))
    return Office(tuple(out))
