"""Every row a list's query matches, not only the page Datasette shows, sent piece by piece.

Datasette hands an output renderer the rows of one page, cut at `max_returned_rows` (1,000). The
exports (.xlsx, CSV) and the calendar feeds run the page's query again without its LIMIT, a batch
of rows at a time (LIMIT/OFFSET on the same ordered query), and send the answer as it is made
(`Streamed`), so a list of 100,000 duties never sits in memory as one string."""
from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

from datasette.utils.asgi import Response

# the page's own `limit 51` / `limit :p0 offset :p1` at the end of the query Datasette ran
LIMIT = re.compile(r"\s+limit\s+(?:\d+|:\w+)(?:\s+offset\s+(?:\d+|:\w+))?\s*;?\s*$", re.IGNORECASE)
BATCH = 2000


def unlimited(sql: str) -> str:
    """The query without the page's LIMIT (and a final ';')."""
    return LIMIT.sub("", sql).rstrip().rstrip(";")


async def batches(db: Any, sql: str | None, params: dict[str, Any], rows: list[Any],
                  batch: int = BATCH) -> AsyncIterator[tuple[list[str], list[tuple[Any, ...]]]]:
    """(column names, rows) of every row `sql` matches, `batch` rows at a time, in the query's order.

    A page without its query, or a query that cannot run again as it is (a canned query that writes),
    gives the page's own rows."""
    if sql:
        whole = f"{unlimited(sql)} limit :vb_batch offset :vb_offset"
        offset = 0
        while True:
            def run(conn: Any, at: int = offset) -> tuple[list[str], list[tuple[Any, ...]]]:
                cur = conn.execute(whole, {**params, "vb_batch": batch, "vb_offset": at})
                return [d[0] for d in cur.description], [tuple(r) for r in cur.fetchall()]

            try:
                names, found = await db.execute_fn(run)
            except Exception:
                if offset:
                    raise
                break  # the page's rows, below
            if found or not offset:
                yield names, found
            if len(found) < batch:
                return
            offset += batch
    if rows:
        names = list(rows[0].keys())
        yield names, [tuple(r[n] for n in names) for r in rows]


class Streamed(Response):
    """A response whose body is sent as its pieces come (a feed or an export of any size)."""

    def __init__(self, pieces: AsyncIterator[bytes], content_type: str, headers: dict[str, str]) -> None:
        super().__init__(b"", content_type=content_type, headers=headers)
        self.pieces = pieces

    async def asgi_send(self, send: Any) -> None:
        headers = [[k.encode(), v.encode()] for k, v in self.headers.items()]
        headers.append([b"content-type", self.content_type.encode()])
        await send({"type": "http.response.start", "status": self.status, "headers": headers})
        async for piece in self.pieces:
            await send({"type": "http.response.body", "body": piece, "more_body": True})
        await send({"type": "http.response.body", "body": b""})
