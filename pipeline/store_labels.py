"""Vietnamese labels for the Datasette pages: column headers, stored values, filter operators.

The data lives in pipeline/datasette/labels.yml; the vanban plugin hands a `Labels` to every
template (`vn`). Only what the pages show changes: JSON, CSV, URLs and the canned queries keep
the stored column names and values (`status=overdue`), so links and scripts stay stable."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

LABELS_FILE = Path(str(resources.files("pipeline").joinpath("datasette", "labels.yml")))


@dataclass(frozen=True)
class Labels:
    columns: Mapping[str, str] = field(default_factory=dict)
    tables: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    hidden: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    nouns: Mapping[str, str] = field(default_factory=dict)
    lookups: Mapping[str, str] = field(default_factory=dict)
    crumbs: Mapping[str, str] = field(default_factory=dict)
    dates: frozenset[str] = frozenset()

    def column(self, name: str, table: str | None = None) -> str:
        """The header staff read for a column (its own name when there is no label)."""
        own = self.tables.get(table or "", {})
        return own.get(name) or self.columns.get(name) or name

    def value(self, column: str, value: Any) -> Any:
        """A stored value in words ('overdue' → 'Quá hạn', '2025-11-30' → '30/11/2025'); any other value unchanged."""
        if not isinstance(value, str):
            return value
        if column in self.dates:
            return _vn_date(value)
        return self.values.get(column, {}).get(value, value)

    def is_hidden(self, table: str | None, column: str) -> bool:
        return column in self.hidden.get(table or "", ())

    def noun(self, table: str | None) -> str:
        return self.nouns.get(table or "", "dòng")

    def lookup(self, key: str, default: str = "") -> str:
        return self.lookups.get(key.removesuffix("__1"), default or key)

    def describe(self, table: str | None, selections: Any, search: str | None = None,
                 sort: str | None = None, sort_desc: str | None = None) -> str:
        """'Tình trạng = “Quá hạn”, tìm “bao cao”, xếp theo Hạn tới': the filters of a table page in words."""
        parts = []
        for column, lookup, value in selections:
            shown = self.value(column, value)
            op = self.lookup(lookup)
            parts.append(f"{self.column(column, table)} {op}" + (f" “{shown}”" if value not in (None, "", "1")
                                                                 or lookup in ("exact", "not") else ""))
        if search:
            parts.append(f"tìm “{search}”")
        if sort:
            parts.append(f"xếp theo {self.column(sort, table)}")
        elif sort_desc:
            parts.append(f"xếp theo {self.column(sort_desc, table)} (giảm dần)")
        return ", ".join(parts)


DAY = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})(?:-(?P<d>\d{2}))?(?P<rest>(?:[T ].*)?)")


def _vn_date(value: str) -> str:
    """'2025-11-30' → '30/11/2025', '2025-11' → '11/2025' (Vietnamese order); anything else unchanged."""
    m = DAY.fullmatch(value)
    if not m:
        return value
    day = f"{m['d']}/{m['m']}/{m['y']}" if m["d"] else f"{m['m']}/{m['y']}"
    return day + m["rest"].replace("T", " ")


@cache
def labels(path: Path = LABELS_FILE) -> Labels:
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    return Labels(
        columns=data.get("columns", {}), tables=data.get("tables", {}),
        hidden={t: tuple(cols) for t, cols in data.get("hidden", {}).items()},
        values=data.get("values", {}), nouns=data.get("nouns", {}), lookups=data.get("lookups", {}),
        crumbs=data.get("crumbs", {}), dates=frozenset(data.get("dates", ())),
    )
