"""What anonymous readers may not open: Datasette's debug and configuration pages.

The duties, documents and their done/open state are public; the server's settings, plugins,
versions, threads and the like answer 403 (in Vietnamese) unless a staff member is logged in."""
from __future__ import annotations

import re
import time
from typing import Any

from datasette.utils import baseconv

DEBUG = re.compile(r"^/-/(versions|plugins|settings|config|threads|databases|metadata|actor|allow-debug|"
                   r"permissions|messages|password-tool|patterns)(\.json)?/?$")
FORBIDDEN_PAGE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Cần đăng nhập</title></head>
<body><h1>Cần đăng nhập</h1><p>Trang này dành cho người quản trị.
<a href="/-/login?next={next}">Đăng nhập</a> · <a href="/">Trang chủ</a></p></body></html>"""


def logged_in(datasette: Any, scope: dict[str, Any]) -> bool:
    """Whether the request carries a valid, unexpired session cookie (Datasette's ds_actor)."""
    cookies = dict(scope.get("headers") or []).get(b"cookie", b"").decode("latin-1")
    for part in cookies.split(";"):
        name, _, value = part.strip().partition("=")
        if name != "ds_actor" or not value:
            continue
        try:
            decoded = datasette.unsign(value.strip('"'), "actor")
        except Exception:  # a bad signature or a cookie of another server
            return False
        expires = decoded.get("e") if isinstance(decoded, dict) else None
        return bool(isinstance(decoded, dict) and decoded.get("a")
                    and (not expires or time.time() <= int(baseconv.base62.decode(expires))))
    return False


def refused(datasette: Any, scope: dict[str, Any]) -> bytes | None:
    """The 403 page for a debug page asked for without a login, or None to let the request through."""
    if scope.get("type") != "http" or not DEBUG.match(scope.get("path", "")) or logged_in(datasette, scope):
        return None
    return FORBIDDEN_PAGE.format(next=scope.get("path", "/")).encode()
