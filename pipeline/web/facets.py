"""The month facet of the duties list: months in date order, the earliest first.

Datasette's column facet keeps the most frequent values (8 by default) and orders them by count, so
a month with few duties drops out between two busy ones. A `month` facet (metadata.yml:
`facets: [{month: due_month}]`) is the same facet with the months counted in calendar order: the
first 8 months are shown, and `_facet_size=max` (Xem thêm) gives every month, still in order."""
from __future__ import annotations

from typing import Any

from datasette.database import QueryInterrupted
from datasette.facets import ColumnFacet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args


class MonthFacet(ColumnFacet):
    type = "month"

    async def suggest(self) -> list[dict[str, Any]]:
        return []

    async def facet_results(self) -> tuple[list[dict[str, Any]], list[str]]:
        results: list[dict[str, Any]] = []
        timed_out: list[str] = []
        pairs = self.get_querystring_pairs()
        size = self.get_facet_size()
        for config in self.get_configs():
            column = config["config"].get("column") or config["config"]["simple"]
            sql = (f"select {escape_sqlite(column)} as value, count(*) as count from ({self.sql})"
                   f" where {escape_sqlite(column)} is not null group by 1 order by 1 limit {size + 1}")
            try:
                rows = await self.ds.execute(self.database, sql, self.params, truncate=False,
                                             custom_time_limit=self.ds.setting("facet_time_limit_ms"))
            except QueryInterrupted:
                timed_out.append(column)
                continue
            values = []
            for row in rows.rows[:size]:
                value = str(row["value"])
                selected = (column, value) in pairs
                path = (path_with_removed_args(self.request, {column: value}) if selected
                        else path_with_added_args(self.request, {column: value}))
                values.append({"value": row["value"], "label": row["value"], "count": row["count"], "selected": selected,
                               "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(path))})
            results.append({"name": column, "type": self.type, "hideable": config["source"] != "metadata",
                            "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {"_facet_month": column})),
                            "results": values, "truncated": len(rows) > size})
        return results, timed_out
