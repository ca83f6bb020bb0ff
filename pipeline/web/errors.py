"""The site's error pages: whatever a page raises answers in Vietnamese (error.html, or JSON for a
`.json` address) with its status, and the server's terminal gets no traceback (Datasette's own handler
prints one, with its locals, even for a page not found). A failure of the program itself (500) is one
line of the server's log (`vanban.site`); its traceback only with `vanban -v serve`."""
from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from datasette.utils.asgi import Base400, Response
from datasette.views.base import DatasetteError
from markupsafe import Markup

log = logging.getLogger("vanban.site")


def status_of(request: Any, exception: Exception) -> tuple[int, Any, str | None]:
    """(HTTP status, message, title) of what a page raised."""
    if isinstance(exception, Base400):
        return exception.status, exception.args[0] if exception.args else "", None
    if isinstance(exception, DatasetteError):
        message = Markup(exception.message) if exception.message_is_html else exception.message
        if type(exception) is DatasetteError and exception.status == 500:  # Datasette's word on what was asked
            return 400, message, "Yêu cầu không hợp lệ"  # (a sort by a column that is not there…)
        return exception.status, message, exception.title
    if isinstance(exception, ValueError) and "_next" in request.args:  # a page token that is no number
        return 400, str(exception), "Yêu cầu không hợp lệ"
    return 500, str(exception), None


def handle(datasette: Any, request: Any, exception: Exception) -> Callable[[], Awaitable[Response]]:
    status, message, title = status_of(request, exception)
    if status >= 500:
        log.error("trang %s gặp lỗi của chương trình: %s: %s", request.path, type(exception).__name__, exception,
                  exc_info=exception if log.isEnabledFor(logging.DEBUG) else None)

    async def inner() -> Response:
        info = {"ok": False, "error": message, "status": status, "title": title}
        if request.path.endswith(".json"):
            return Response.json({**info, "error": str(message)}, status=status)
        # the request (who is logged in, the page to come back to after logging in) where Datasette's
        # CSRF layer has seen it: an error raised before it is rendered as Datasette's handler does, without
        shown = request if "csrftoken" in request.scope else None
        return Response.html(await datasette.render_template("error.html", info, request=shown), status=status)

    return inner


def replace_datasette_handler() -> None:
    """Take Datasette's own error handler out: Datasette awaits every plugin's answer, so its handler
    would print its traceback (through rich, with its locals) even when ours answers."""
    from datasette.plugins import pm

    default = pm.get_plugin("datasette.handle_exception")
    if default is not None:
        pm.unregister(default)
