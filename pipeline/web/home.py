"""The home page's problems in view (files that failed at the last ingest, documents removed from
corpus/), the office guide (/-/vanban/huong-dan) and the site's stylesheets."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from datasette.utils.asgi import NotFound, Response

STATIC = Path(__file__).resolve().parent.parent / "datasette" / "static"


async def home_vars(db: Any) -> dict[str, Any]:
    """Failed files (name, reason in Vietnamese, the reader's line: the store's view `failed_files`) and
    removed documents of the live database."""
    out: dict[str, Any] = {"failed": [], "removed": []}
    names = set(await db.table_names()) | set(await db.view_names())
    if "failed_files" in names:
        out["failed"] = [dict(r) for r in await db.execute(
            "select file, reason, detail, source from failed_files order by source")]
    if "removed_documents" in names:
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
