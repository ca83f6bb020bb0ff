"""Datasette as staff use it: the duties page, facets, search, canned queries, document page,
dashboard and the password-protected follow-up, through Datasette's own test client."""
from __future__ import annotations

import asyncio
import copy
import re
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from pipeline import accounts
from pipeline.publish import make_datasette, metadata
from pipeline.store import followup

from .test_store import build_fixture, cases, obligation_id, records

TODAY = cases()["today"]
OVERVIEW = "/vanban/obligations_overview"


def meta() -> dict[str, Any]:
    """The project's metadata, with today fixed so statuses do not depend on the day the test runs."""
    m = copy.deepcopy(metadata())
    m.setdefault("plugins", {})["vanban"] = {"today": TODAY}
    return m


@pytest.fixture(scope="module")
def ds(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("ds")
    return make_datasette(build_fixture(folder), meta=meta())


def get(ds: Any, path: str, **kw: Any) -> Any:
    return asyncio.run(ds.client.get(path, **kw))


def get_json(ds: Any, path: str) -> Any:
    sep = "&" if "?" in path else "?"
    response = get(ds, f"{path}{sep}_shape=objects" if ".json" in path else path)
    assert response.status_code == 200, response.text[:500]
    return response.json()


def oid(doc: str, n: int) -> str:
    return obligation_id(records(), doc, n)


def test_overview_sorted_by_next_due_with_facets(ds: Any) -> None:
    data = get_json(ds, f"{OVERVIEW}.json")
    assert [r["next_due"] for r in data["rows"]] == ["2025-12-15", "2025-12-31", "2026-01-31", "2026-11-20", None]
    facets = {name: {v["value"]: v["count"] for v in f["results"]} for name, f in data["facet_results"].items()}
    assert facets == {
        "status": {"open": 3, "overdue": 2},
        "lead_actor": {"Các sở, ban, ngành": 1, "Sở Nông nghiệp và Môi trường": 1, "Sở Nội vụ": 1,
                       "Văn phòng Ủy ban nhân dân tỉnh": 1},
        "doc_type": {"Kế hoạch": 5},
        "issuer": {"Ủy ban nhân dân tỉnh Thanh Hóa": 2, "Ủy ban nhân dân tỉnh Lâm Đồng": 3},
        "due_month": {"2025-12": 2, "2026-01": 1, "2026-11": 1},
    }


def test_facet_filter(ds: Any) -> None:
    rows = get_json(ds, f"{OVERVIEW}.json?status=overdue&issuer={quote('Ủy ban nhân dân tỉnh Lâm Đồng')}")["rows"]
    assert [r["id"] for r in rows] == [oid("kh-cchc-2026-lam-dong", 0)]


@pytest.mark.parametrize("query", ["bao cao", "Báo Cáo", "BÁO CÁO"])
def test_search_box_folds_the_query(ds: Any, query: str) -> None:
    rows = get_json(ds, f"{OVERVIEW}.json?_search={quote(query)}")["rows"]
    assert sorted(r["id"] for r in rows) == sorted([oid("kh-235-thanh-hoa", 0), oid("kh-235-thanh-hoa", 1)])


@pytest.mark.parametrize("query", ["dao tao", "Dao Tao", "đào tạo"])
def test_document_search_folds_the_query(ds: Any, query: str) -> None:
    rows = get_json(ds, f"/vanban/documents.json?_search={quote(query)}&_col=id")["rows"]
    assert [r["id"] for r in rows] == ["kh-cchc-2026-lam-dong"]


CANNED = [
    ("viec_sap_den_han", {"so_ngay": "40", "don_vi": ""}, [("kh-cchc-2026-lam-dong", 2)]),
    ("viec_sap_den_han", {"so_ngay": "365", "don_vi": "van phong"}, [("kh-cchc-2026-lam-dong", 2)]),
    ("viec_sap_den_han", {"so_ngay": "365", "don_vi": ""},
     [("kh-cchc-2026-lam-dong", 2), ("kh-235-thanh-hoa", 0)]),
    ("viec_qua_han", {}, [("kh-235-thanh-hoa", 1), ("kh-cchc-2026-lam-dong", 0)]),
    ("viec_cua_don_vi", {"don_vi": "so noi vu"}, [("kh-cchc-2026-lam-dong", 0)]),  # one row per duty, any role
    ("viec_cua_don_vi", {"don_vi": "so-noi-vu-tinh-lam-dong"}, [("kh-cchc-2026-lam-dong", 0)]),
    ("viec_cua_don_vi", {"don_vi": "Sở Khoa học và Công nghệ"}, [("kh-235-thanh-hoa", 0)]),
    ("viec_chua_co_don_vi_chu_tri", {}, [("kh-cchc-2026-lam-dong", 1)]),
    ("tim_viec", {"tu_khoa": "đào tạo"}, [("kh-cchc-2026-lam-dong", 0)]),
]


@pytest.mark.parametrize(("name", "params", "expected"), CANNED, ids=[f"{c[0]}-{i}" for i, c in enumerate(CANNED)])
def test_canned_duty_queries(ds: Any, name: str, params: dict[str, str], expected: list[tuple[str, int]]) -> None:
    qs = "&".join(f"{k}={quote(v)}" for k, v in params.items())
    rows = get_json(ds, f"/vanban/{name}.json?{qs}")["rows"]
    assert [r["id"] for r in rows] == [oid(doc, n) for doc, n in expected]
    html = get(ds, f"/vanban/{name}?{qs}")
    assert html.status_code == 200 and "<table" in html.text


def test_canned_citing_documents(ds: Any) -> None:
    for ask in ("kh-223-thanh-hoa", "223/KH-UBND", "223/kh-ubnd"):
        rows = get_json(ds, f"/vanban/van_ban_trich_dan_van_ban_nay.json?van_ban={quote(ask)}")["rows"]
        assert [r["id"] for r in rows] == ["kh-235-thanh-hoa"], ask


def test_canned_most_cited(ds: Any) -> None:
    rows = get_json(ds, "/vanban/van_ban_duoc_trich_dan_nhieu_nhat.json")["rows"]
    assert [(r["so_ky_hieu"], r["so_lan"], r["ma_van_ban"]) for r in rows] == [
        ("223/KH-UBND", 1, "kh-223-thanh-hoa"), ("4255/QĐ-BNN-KHCN", 1, None), ("76/NQ-CP", 1, None)]


def test_every_canned_query_is_tested() -> None:
    tested = {c[0] for c in CANNED} | {"van_ban_trich_dan_van_ban_nay", "van_ban_duoc_trich_dan_nhieu_nhat"}
    assert set(metadata()["databases"]["vanban"]["queries"]) == tested
    assert "followup" not in metadata()["databases"]  # follow-up is written on the duty's page, never served


def test_document_page_highlights_the_duty(ds: Any) -> None:
    duty = oid("kh-235-thanh-hoa", 1)
    page = get(ds, "/-/vanban/doc/kh-235-thanh-hoa")
    assert page.status_code == 200
    html = page.text
    assert f'<span class="anchor" id="o-{duty}"></span><mark class="duty" data-o="{duty}">- Tổ chức đánh giá' in html
    assert '<a class="cite" href="/-/vanban/doc/kh-223-thanh-hoa">Kế hoạch 223/KH- UBND ngày 24/10/2025</a>' in html
    assert get(ds, "/-/vanban/doc/no-such-document").status_code == 404
    cited = get(ds, "/-/vanban/doc/kh-223-thanh-hoa").text
    assert 'Văn bản trích dẫn văn bản này' in cited and 'href="/-/vanban/doc/kh-235-thanh-hoa"' in cited


def test_links_from_duty_to_source_and_from_actor_to_calendar(ds: Any) -> None:
    duty = oid("kh-235-thanh-hoa", 1)
    row = get(ds, f"{OVERVIEW}?id={duty}").text
    assert f'<a href="/-/vanban/doc/kh-235-thanh-hoa#o-{duty}">235/KH-UBND</a>' in row  # the document number
    actor = get(ds, "/vanban/units/so-noi-vu-tinh-lam-dong").text
    feed = "/vanban/unit_duties.ics?unit_id=so-noi-vu-tinh-lam-dong"
    assert f'<a href="{feed}">lịch</a>' in actor
    calendar = get(ds, feed)  # the calendar renderer (plugins/ics.py) answers the link
    assert calendar.status_code == 200 and calendar.text.startswith("BEGIN:VCALENDAR")
    assert calendar.text.count("BEGIN:VEVENT") == 1


def test_dashboard(ds: Any) -> None:
    page = get(ds, "/-/vanban/dashboard")
    assert page.status_code == 200
    html = page.text
    for title in ("Việc đến hạn theo tháng", "Việc theo đơn vị chủ trì", "Tình trạng thực hiện",
                  "Văn bản được trích dẫn nhiều nhất"):
        assert f'<svg role="img" aria-label="{title}"' in html
    assert "<title>12/2025: 2</title>" in html and "<title>Quá hạn: 2</title>" in html
    assert "<title>Sở Nội vụ: 1</title>" in html and "<title>223/KH-UBND: 1</title>" in html


def _token(html: str) -> str:
    return html.split('name="csrftoken" value="')[1].split('"')[0]


USERS = {"lan": ("mật khẩu thử", "Nguyễn Thị Lan"), "minh": ("mk của Minh", "Trần Văn Minh")}


def staff(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two accounts in a file outside the project (cheap hashes: the format is what is tested)."""
    path = tmp_path / "accounts"
    path.write_text("".join(f"{u}:{accounts.hash_password(pw, iterations=1000)}:{name}\n"
                            for u, (pw, name) in USERS.items()), "utf-8")
    monkeypatch.setenv("VANBAN_ACCOUNTS", str(path))
    monkeypatch.delenv("VANBAN_PASSWORD_HASH", raising=False)


async def _login(ds: Any, password: str, username: str = "lan", next_path: str = "/") -> dict[str, str]:
    form = await ds.client.get("/-/login")
    cookies = dict(form.cookies)
    login = await ds.client.post("/-/login", cookies=cookies, data={
        "username": username, "password": password, "csrftoken": _token(form.text), "next": next_path})
    if "ds_actor" in login.cookies:
        cookies["ds_actor"] = login.cookies["ds_actor"]
    return cookies


async def _mark(ds: Any, cookies: dict[str, str], duty: str, **form: str) -> Any:
    page = await ds.client.get(f"/-/vanban/viec/{duty}", cookies=cookies)
    token = _token(page.text) if 'name="csrftoken"' in page.text else ""
    return await ds.client.post(f"/-/vanban/viec/{duty}", cookies={**dict(page.cookies), **cookies},
                                data={**form, "csrftoken": token})


def test_follow_up_needs_a_login(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    staff(tmp_path, monkeypatch)
    db = build_fixture(tmp_path)
    ds = make_datasette(db, meta=meta())
    duty = oid("kh-235-thanh-hoa", 1)

    async def run() -> dict[str, Any]:
        wrong = await _login(ds, "sai")
        anonymous = await ds.client.get(f"/-/vanban/viec/{duty}")
        return {"anonymous": (await _mark(ds, {}, duty, action="done")).status_code,
                "wrong password": (await _mark(ds, wrong, duty, action="done")).status_code,
                "page offers a login": f'href="/-/login?next=/-/vanban/viec/{duty}"' in anonymous.text,
                "history hidden": "Lịch sử" not in anonymous.text}

    assert asyncio.run(run()) == {"anonymous": 403, "wrong password": 403, "page offers a login": True,
                                  "history hidden": True}
    assert followup.load(db.with_name("followup.db")) == []
    assert get(ds, "/followup").status_code == 404  # followup.db is not served: no ?sql= on notes


def test_mark_done_two_notes_and_reopen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    staff(tmp_path, monkeypatch)
    ds = make_datasette(build_fixture(tmp_path), meta=meta())
    duty, other = oid("kh-235-thanh-hoa", 1), oid("kh-235-thanh-hoa", 0)
    lan = asyncio.run(_login(ds, "mật khẩu thử"))
    minh = asyncio.run(_login(ds, "mk của Minh", "minh"))

    def statuses() -> dict[str, str]:
        rows = get_json(ds, f"{OVERVIEW}.json?document_id=kh-235-thanh-hoa")["rows"]
        return {r["id"]: r["status"] for r in rows}

    assert statuses() == {duty: "overdue", other: "open"}
    done = asyncio.run(_mark(ds, lan, duty, action="done"))
    assert (done.status_code, done.headers["location"]) == (302, f"/-/vanban/viec/{duty}")  # back to the duty
    assert statuses() == {duty: "done", other: "open"}
    asyncio.run(_mark(ds, lan, duty, action="note", note="Đã nhắc Sở Nội vụ"))
    asyncio.run(_mark(ds, minh, duty, action="note", note="Sở đã gửi báo cáo"))
    page = get(ds, f"/-/vanban/viec/{duty}", cookies=lan).text
    assert "<strong>Nguyễn Thị Lan</strong>" in page  # still logged in
    history = re.findall(r'<span class="vb-when">([^<]+)</span> · <strong class="vb-who">([^<]+)</strong> · ([^<:]+)',
                         page)
    assert [(who, what.strip()) for _, who, what in history] == [
        ("Trần Văn Minh", "Ghi chú"), ("Nguyễn Thị Lan", "Ghi chú"), ("Nguyễn Thị Lan", "Đánh dấu đã xong")]
    assert page.index("Sở đã gửi báo cáo") < page.index("Đã nhắc Sở Nội vụ")  # newest first
    assert all(re.fullmatch(r"\d\d:\d\d \d\d/\d\d/\d{4}", when) for when, _, _ in history)
    stored = followup.load(tmp_path / "followup.db")
    assert all(m.at.endswith("+07:00") for m in stored) and len(stored) == 3
    asyncio.run(_mark(ds, minh, duty, action="reopen"))
    assert statuses() == {duty: "overdue", other: "open"}
    empty = asyncio.run(_mark(ds, minh, duty, action="note", note="  "))
    assert empty.status_code == 302 and len(followup.load(tmp_path / "followup.db")) == 4


def test_one_occurrence_marked_from_the_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    staff(tmp_path, monkeypatch)
    db = build_fixture(tmp_path)
    ds = make_datasette(db, meta=meta())
    duty = oid("kh-235-thanh-hoa", 1)
    lan = asyncio.run(_login(ds, "mật khẩu thử"))
    assert asyncio.run(_mark(ds, lan, duty, action="done", occurrence="2025-12-15")).status_code == 302
    assert asyncio.run(_mark(ds, lan, duty, action="done", occurrence="15/12/2025")).status_code == 302  # refused
    assert [(m.occurrence, m.action) for m in followup.load(db.with_name("followup.db"))] == [("2025-12-15", "done")]
    conn = sqlite3.connect(db)
    assert followup.done_occurrences(conn) == {duty: {"2025-12-15"}}


def test_session_cookie_and_login_return(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    staff(tmp_path, monkeypatch)
    ds = make_datasette(build_fixture(tmp_path), meta=meta())

    async def run(next_path: str) -> Any:
        form = await ds.client.get("/-/login")
        return await ds.client.post("/-/login", cookies=dict(form.cookies), data={
            "username": "lan", "password": "mật khẩu thử", "csrftoken": _token(form.text), "next": next_path})

    good = asyncio.run(run("/-/vanban/viec/abc"))
    assert good.status_code == 302 and good.headers["location"] == "/-/vanban/viec/abc"
    cookie = good.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "max-age=43200" in cookie
    for elsewhere in ("https://evil.example/", "//evil.example/x", "/\\evil"):
        assert asyncio.run(run(elsewhere)).headers["location"] == "/"


def test_login_throttled_per_client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    staff(tmp_path, monkeypatch)
    ds = make_datasette(build_fixture(tmp_path), meta=meta())

    async def tries() -> list[int]:
        codes = []
        for _ in range(6):
            form = await ds.client.get("/-/login")
            r = await ds.client.post("/-/login", cookies=dict(form.cookies), data={
                "username": "lan", "password": "sai", "csrftoken": _token(form.text)})
            codes.append(r.status_code)
        return codes

    from pipeline.web.login import LOGIN

    LOGIN.throttle.clear()
    try:
        codes = asyncio.run(tries())
    finally:
        LOGIN.throttle.clear()
    assert codes == [403, 403, 403, 403, 403, 429]


def test_debug_pages_need_a_login(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    staff(tmp_path, monkeypatch)
    ds = make_datasette(build_fixture(tmp_path), meta=meta())
    for path in ("/-/versions.json", "/-/plugins", "/-/settings.json", "/-/threads", "/-/databases.json",
                 "/-/metadata", "/-/config", "/-/password-tool"):
        page = get(ds, path)
        assert page.status_code == 403 and "Cần đăng nhập" in page.text, path
    lan = asyncio.run(_login(ds, "mật khẩu thử"))
    assert get(ds, "/-/versions.json", cookies=lan).status_code == 200
    assert get(ds, f"{OVERVIEW}.json").status_code == 200  # reading stays open


def test_served_site(tmp_path: Path) -> None:
    """`vanban serve` serves make_datasette's site (publish.serve): vanban.db only, our settings."""
    db = build_fixture(tmp_path / "data")
    ds = make_datasette(db)
    assert [name for name in ds.databases if name != "_internal"] == ["vanban"]  # followup.db is not served
    assert ds.setting("suggest_facets") is False and ds.setting("facet_time_limit_ms") == 1000
    assert (tmp_path / "data" / "followup.db").exists()  # created empty, never overwritten


def test_duty_row_page_links_to_its_sentence(ds: Any) -> None:
    duty = oid("kh-cchc-2026-lam-dong", 2)
    page = get(ds, f"/vanban/obligations/{duty}")
    assert page.status_code == 200
    assert f'<a href="/-/vanban/doc/kh-cchc-2026-lam-dong#o-{duty}">xem</a>' in page.text


def test_document_page_says_what_to_check(tmp_path: Path) -> None:
    # a scan whose handwritten number and day were left empty: the page says so, in Vietnamese
    from pipeline.structure.header import DATE_WARNING, NUMBER_WARNING

    recs = copy.deepcopy(records())
    doc = recs[0]["document"]
    doc.update(number=None, issued_date=None, warnings=[NUMBER_WARNING, DATE_WARNING],
               issuer="Sở Nội vụ", issuer_parents=["UBND tỉnh Lâm Đồng"])
    site = make_datasette(build_fixture(tmp_path, recs), meta=meta())
    html = get(site, f"/-/vanban/doc/{doc['id']}").text
    assert 'class="vb-warnings"' in html and NUMBER_WARNING in html and DATE_WARNING in html
    assert "Sở Nội vụ (UBND tỉnh Lâm Đồng)" in html
    other = recs[1]["document"]["id"]
    assert 'class="vb-warnings"' not in get(site, f"/-/vanban/doc/{other}").text


def test_marks_that_find_nothing_are_listed_for_staff(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    staff(tmp_path, monkeypatch)
    db = build_fixture(tmp_path)
    followup.record(db.with_name("followup.db"), followup.Anchor("gone", "kh-da-go", None, "9/KH-UBND",
                                                                 "Sở Y tế báo cáo kết quả tiêm chủng."),
                    "note", by="lan", by_name="Nguyễn Thị Lan", note="chờ số liệu")
    ds = make_datasette(db, meta=meta())
    assert get(ds, "/-/vanban/dau-bi-lac").status_code == 403
    html = get(ds, "/-/vanban/dau-bi-lac", cookies=asyncio.run(_login(ds, "mật khẩu thử"))).text
    assert "<td>Nguyễn Thị Lan</td><td>Ghi chú: chờ số liệu</td><td>9/KH-UBND</td>" in html
    assert "Sở Y tế báo cáo kết quả tiêm chủng." in html
