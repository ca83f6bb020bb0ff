"""Data for the two pages the vanban Datasette plugin adds: a document with its duties highlighted
in context (/-/vanban/doc/<id>), and the dashboard (/-/vanban/dashboard).

Pure functions over rows, so they are tested without a server."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote


@dataclass(frozen=True)
class Segment:
    """A run of the document text: plain, or inside one or more duties and citations."""

    text: str
    duties: tuple[str, ...] = ()       # obligation ids covering this run
    anchors: tuple[str, ...] = ()      # obligation ids that start here
    cited: str | None = None           # document id of a citation in the corpus covering this run


def segments(text: str, duties: Sequence[dict[str, Any]], citations: Sequence[dict[str, Any]] = ()) -> list[Segment]:
    """Cut `text` at every duty and citation boundary: the page marks duties and links citations."""
    cuts = {0, len(text)}
    for item in (*duties, *citations):
        cuts.update((max(0, min(len(text), item["start"])), max(0, min(len(text), item["end"]))))
    bounds = sorted(cuts)
    out = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        covering = tuple(d["id"] for d in duties if d["start"] <= a and b <= d["end"])
        starting = tuple(d["id"] for d in duties if d["start"] == a)
        cited = next((c["cited_document_id"] for c in citations
                      if c.get("cited_document_id") and c["start"] <= a and b <= c["end"]), None)
        out.append(Segment(text[a:b], covering, starting, cited))
    return out


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    width: float   # share of the longest bar, 0..100
    link: str | None = None


def bars(rows: Sequence[tuple[Any, int]], link: str | None = None) -> list[Bar]:
    """Horizontal bars for an inline SVG chart; `link` is a format string taking the label."""
    top = max((n for _, n in rows), default=0) or 1
    return [Bar(str(label), n, 100.0 * n / top, link.format(quote(str(label))) if link else None) for label, n in rows]


DASHBOARD_QUERIES: dict[str, str] = {
    "by_month": """select due_month, count(*) from obligations_overview where due_month is not null
                   group by due_month order by due_month""",
    "by_actor": """select coalesce(lead_actor, '(chưa có đơn vị)'), count(*) as n from obligations_overview
                   group by 1 order by n desc, 1 limit 15""",
    "by_status": """select status, count(*) from obligations_overview group by status order by status""",
    "summary": """select count(*), sum(status = 'overdue'), sum(status = 'done'),
                         sum(status != 'done' and next_due between vn_today() and date(vn_today(), '+30 days')),
                         sum(lead_actor is null)
                  from obligations_overview""",
    "most_cited": """select coalesce(d.number, c.number, c.title) as label, count(*) as n
                     from citations c left join documents d on d.id = c.cited_document_id
                     where coalesce(c.cited_document_id, c.number_key) is not null
                     group by coalesce(c.cited_document_id, c.number_key) order by n desc, label limit 10""",
}
STATUS_LABELS = {"open": "Đang thực hiện", "done": "Đã xong", "overdue": "Quá hạn"}
