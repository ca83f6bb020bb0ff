"""Datasette as staff use it: the duties page, facets, search, canned queries, document page,
dashboard and the password-protected follow-up, through Datasette's own test client."""
from __future__ import annotations

import asyncio
import copy
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from pipeline.publish import make_datasette, metadata

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
    assert [r["next_due"] for r in data["rows"]] == [None, "2025-12-15", "2025-12-31", "2026-02-05", "2026-11-20"]
    facets = {name: {v["value"]: v["count"] for v in f["results"]} for name, f in data["facet_results"].items()}
    assert facets == {
        "status": {"open": 3, "overdue": 2},
        "lead_actor": {"Các sở, ban, ngành": 1, "Sở Nông nghiệp và Môi trường": 1, "Sở Nội vụ": 1,
                       "Văn phòng Ủy ban nhân dân tỉnh": 1},
        "doc_type": {"Kế hoạch": 5},
        "issuer": {"Ủy ban nhân dân tỉnh Thanh Hóa": 2, "Ủy ban nhân dân tỉnh Lâm Đồng": 3},
        "due_month": {"2025-12": 2, "2026-02": 1, "2026-11": 1},
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
    ("viec_cua_don_vi", {"don_vi": "so noi vu"}, [("kh-cchc-2026-lam-dong", 0), ("kh-cchc-2026-lam-dong", 0)]),
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
    assert f'<a href="/-/vanban/doc/kh-235-thanh-hoa#o-{duty}">xem</a>' in row
    actor = get(ds, "/vanban/actors/so-noi-vu").text
    feed = "/vanban/obligations.ics?actor=S%E1%BB%9F+N%E1%BB%99i+v%E1%BB%A5"
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
    assert "<title>2025-12: 2</title>" in html and "<title>Quá hạn: 2</title>" in html
    assert "<title>Sở Nội vụ: 1</title>" in html and "<title>223/KH-UBND: 1</title>" in html


def _token(html: str) -> str:
    return html.split('name="csrftoken" value="')[1].split('"')[0]


def test_mark_done_needs_password_and_changes_status(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from datasette_auth_passwords.utils import hash_password

    monkeypatch.setenv("VANBAN_PASSWORD_HASH", hash_password("mật khẩu thử"))
    ds = make_datasette(build_fixture(tmp_path), meta=meta())
    duty = oid("kh-235-thanh-hoa", 1)

    async def run() -> dict[str, int]:
        codes = {}
        anon = await ds.client.get("/followup/danh_dau_xong")
        codes["anonymous"] = anon.status_code
        login_form = await ds.client.get("/-/login")
        cookies = dict(login_form.cookies)
        wrong = await ds.client.post("/-/login", cookies=cookies, data={
            "username": "vanban", "password": "sai", "csrftoken": _token(login_form.text)})
        codes["wrong password"] = int("ds_actor" in wrong.cookies)
        login = await ds.client.post("/-/login", cookies=cookies, data={
            "username": "vanban", "password": "mật khẩu thử", "csrftoken": _token(login_form.text)})
        cookies["ds_actor"] = login.cookies["ds_actor"]
        form = await ds.client.get(f"/followup/danh_dau_xong?obligation_id={duty}", cookies=cookies)
        codes["form"] = form.status_code
        codes["form prefilled"] = int(f'value="{duty}"' in form.text)
        done = await ds.client.post("/followup/danh_dau_xong", cookies=cookies,
                                    data={"obligation_id": duty, "csrftoken": _token(form.text)})
        codes["mark"] = done.status_code
        return codes

    assert asyncio.run(run()) == {"anonymous": 403, "wrong password": 0, "form": 200, "form prefilled": 1,
                                 "mark": 302}
    rows = get_json(ds, f"{OVERVIEW}.json?status=done")["rows"]
    assert [r["id"] for r in rows] == [duty]
    followup = get_json(ds, "/followup/followup.json")["rows"]
    assert [(r["obligation_id"], r["done"], r["updated_by"]) for r in followup] == [(duty, 1, "vanban")]


def test_running_server_moves_recurring_duties_each_day(tmp_path: Path) -> None:
    later = copy.deepcopy(meta())
    later["plugins"]["vanban"]["today"] = "2026-03-01"
    ds = make_datasette(build_fixture(tmp_path), meta=later)
    rows = get_json(ds, f"{OVERVIEW}.json?document_id=kh-cchc-2026-lam-dong&_sort=id")["rows"]
    by_id = {r["id"]: (r["next_due"], r["status"]) for r in rows}
    assert by_id == {oid("kh-cchc-2026-lam-dong", 0): ("2025-12-31", "overdue"),
                     oid("kh-cchc-2026-lam-dong", 1): (None, "open"),
                     oid("kh-cchc-2026-lam-dong", 2): ("2026-03-05", "open")}
