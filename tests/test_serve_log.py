"""`vanban serve`'s terminal in Vietnamese: where the site is once it listens, nothing of the web
server's English log (Uvicorn's INFO lines, Datasette's tracebacks of a page not found), its stop in
words, one `lỗi:` line for a port already taken and for a page that fails; the requests only with -v."""
from __future__ import annotations

import asyncio
import logging
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from datasette.utils.asgi import Request

from pipeline.publish import make_datasette
from pipeline.terminal import ServerLog
from pipeline.web import errors

from .serving import exe, served
from .test_store import build_fixture


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return int(r.status)
    except urllib.error.HTTPError as e:
        return int(e.code)


def test_serve_speaks_vietnamese_one_line_per_error(tmp_path: Path) -> None:
    db = build_fixture(tmp_path)
    log = tmp_path / "serve.log"
    with served(db, log_path=log) as base:
        # a page, a page not found, a sort by a column that is not there: no traceback on the terminal
        assert [_get(base + p) for p in ("/", "/khong-co-trang-nay", "/vanban/obligations_overview?_sort=khong")] \
            == [200, 404, 400]
        port = int(base.rsplit(":", 1)[1])
        busy = subprocess.run([exe("vanban"), "serve", "--db", str(db), "--port", str(port)],
                              capture_output=True, text=True, timeout=120)
        assert busy.returncode != 0
        assert busy.stderr.splitlines() == [f"lỗi: cổng {port} đang được dùng (trang tra cứu đã chạy rồi?): dừng nó,"
                                            f" hoặc chọn cổng khác, vd. vanban serve --port {port + 1}"]
    lines = log.read_text("utf-8").splitlines()
    assert lines == [f"trang tra cứu: {base}/ — nhấn Ctrl+C để dừng", "đang dừng trang tra cứu…", "đã dừng trang tra cứu"]


def _record(name: str, level: int, msg: object, args: tuple[object, ...] = (), exc: BaseException | None = None,
            ) -> logging.LogRecord:
    return logging.LogRecord(name, level, __file__, 1, msg, args, (type(exc), exc, None) if exc else None)


def test_server_log_lines() -> None:
    quiet, verbose = ServerLog("0.0.0.0", 8001), ServerLog("0.0.0.0", 8001, verbose=True)
    running = _record("uvicorn.error", logging.INFO, "Uvicorn running on %s://%s:%d (Press CTRL+C to quit)",
                      ("http", "0.0.0.0", 8001))
    assert quiet.line(running) == "trang tra cứu: http://0.0.0.0:8001/ — nhấn Ctrl+C để dừng"
    assert quiet.line(_record("uvicorn.error", logging.INFO, "Started server process [%d]", (12,))) is None
    assert quiet.line(_record("uvicorn.error", logging.INFO, "Something new in Uvicorn")) is None  # news: left out
    request = _record("uvicorn.access", logging.INFO, '%s - "%s %s HTTP/%s" %d', ("127.0.0.1:5", "GET", "/a?b=1", "1.1", 200))
    assert quiet.line(request) is None and verbose.line(request) == "127.0.0.1:5 GET /a?b=1 → 200"
    failed = _record("uvicorn.error", logging.ERROR, "Exception in ASGI application\n", exc=KeyError("x"))
    assert quiet.line(failed) == "lỗi: một trang gặp lỗi của chương trình: KeyError: 'x'"
    bind = OSError(99, "cannot assign requested address")
    assert quiet.line(_record("uvicorn.error", logging.ERROR, bind)) == (
        "lỗi: máy này không có địa chỉ 0.0.0.0: dùng 127.0.0.1 (chỉ máy này) hoặc 0.0.0.0 (mọi máy trong mạng của cơ quan)")
    other = OSError(5, "Input/output error")
    assert quiet.line(_record("uvicorn.error", logging.ERROR, other)) == (
        "lỗi: không mở được trang tra cứu trên 0.0.0.0:8001: Input/output error")
    warned = _record("uvicorn.error", logging.WARNING, "Invalid HTTP request received.\nmore")
    assert quiet.line(warned) == "cảnh báo: máy chủ web: Invalid HTTP request received. more"  # one line


def test_a_failing_page_answers_500_in_vietnamese_and_logs_one_line(tmp_path: Path,
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    ds = make_datasette(build_fixture(tmp_path))

    async def answer(path: str) -> Any:
        await ds.invoke_startup()
        request = Request.fake(path)
        request.scope["csrftoken"] = lambda: ""  # as Datasette's CSRF layer leaves it
        return await errors.handle(ds, request, RuntimeError("hỏng"))()

    for path, status in [("/vanban/x", 500), ("/vanban/x.json", 500)]:
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="vanban.site"):
            response = asyncio.run(answer(path))
        assert response.status == status
        assert [r.getMessage() for r in caplog.records] == [f"trang {path} gặp lỗi của chương trình: RuntimeError: hỏng"]
        assert all(r.exc_info is None for r in caplog.records)  # the traceback only with -v
    html = str(asyncio.run(answer("/vanban/x")).body)
    assert "<h1>Có lỗi xảy ra</h1>" in html and "báo người quản trị" in html
    assert not re.search(r"\b(Error|Traceback)\b", html.split("<details")[0])
    assert sys.modules["datasette.plugins"].pm.get_plugin("datasette.handle_exception") is None  # never prints
