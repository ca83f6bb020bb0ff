"""The home page's problems in view (files that failed at the last ingest, documents removed from
corpus/), the office guide (/-/vanban/huong-dan) and the site's stylesheets."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from datasette.utils.asgi import NotFound, Response

from ..store.labels import labels

STATIC = Path(__file__).resolve().parent.parent / "datasette" / "static"


async def home_vars(db: Any) -> dict[str, Any]:
    """Failed files (name, reason in Vietnamese, the English line) and removed documents of the live database."""
    out: dict[str, Any] = {"failed": [], "removed": []}
    tables = set(await db.table_names())
    if "ingest_errors" in tables:
        for source, error in await db.execute("select source, error from ingest_errors order by source"):
            out["failed"].append({"file": Path(source).name, "source": source, "reason": labels().reason(error or ""),
                                  "error": error})
    if "removed_documents" in tables:
        out["removed"] = [dict(r) for r in await db.execute(
            "select id, source, number, title, removed_on from removed_documents order by removed_on desc, id")]
    return out


async def guide_page(datasette: Any, request: Any) -> Response:
    return Response.html(await datasette.render_template("vanban_guide.html", {}, request=request))


async def static_file(request: Any) -> Response:
    path = STATIC / request.url_vars["name"]
    if not path.is_file():
        raise NotFound("Không có tệp này")
    return Response(path.read_text("utf-8"), content_type="text/css; charset=utf-8",
                    headers={"cache-control": "max-age=300"})
