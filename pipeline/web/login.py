"""/-/login: staff log in with an account of `pipeline.accounts`, then go back to the page they came from.

The session is Datasette's signed `ds_actor` cookie, HttpOnly, SameSite=Lax, with an expiry
(`accounts.SESSION_HOURS`, inside the cookie and on it). Password checks run off the event loop
and are throttled per client (`accounts.Login`)."""
from __future__ import annotations

import time
from typing import Any
from urllib.parse import quote, urlsplit

from datasette.utils import baseconv
from datasette.utils.asgi import Response

from .. import accounts

LOGIN = accounts.Login()


def safe_next(value: str | None) -> str:
    """A path on this site to go back to (never another site: '//evil', 'http://…' give '/')."""
    if not value:
        return "/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


def login_url(next_path: str) -> str:
    return "/-/login?next=" + quote(safe_next(next_path), safe="/")


def client_of(request: Any) -> str:
    client = request.scope.get("client")
    return str(client[0]) if client else "?"


def session_cookie(datasette: Any, account: accounts.Account, hours: int = accounts.SESSION_HOURS) -> tuple[str, int]:
    seconds = hours * 3600
    expires = baseconv.base62.encode(int(time.time()) + seconds)
    return datasette.sign({"a": account.actor(), "e": expires}, "actor"), seconds


async def login_page(datasette: Any, request: Any) -> Response:
    error = None
    status = 200
    found = accounts.load_quietly()
    if request.method == "POST":
        form = await request.post_vars()
        next_path = safe_next(form.get("next"))
        username = form.get("username") or ""
        result = await LOGIN.check(found.accounts, client_of(request), username, form.get("password") or "")
        if isinstance(result, accounts.Account):
            response = Response.redirect(next_path)
            value, seconds = session_cookie(datasette, result)
            response.set_cookie("ds_actor", value, max_age=seconds, httponly=True, samesite="lax",
                                secure=request.scheme == "https")
            return response
        if isinstance(result, float):
            error, status = f"Đăng nhập sai quá nhiều lần. Thử lại sau {int(result // 60) + 1} phút.", 429
        else:
            error, status = "Sai tên đăng nhập hoặc mật khẩu.", 403
    else:
        next_path = safe_next(request.args.get("next"))
        username = next(iter(found.accounts)) if len(found.accounts) == 1 else ""  # one account: its name
    if not found.accounts:
        error = found.problem or ("Chưa có tài khoản nào: người quản trị thêm tài khoản bằng lệnh "
                                  "vanban account add TÊN (xem Hướng dẫn).")
    return Response.html(await datasette.render_template(
        "password_login.html", {"error": error, "next": next_path, "username": username}, request=request),
        status=status)
