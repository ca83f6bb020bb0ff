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
    assert [r["next_due"] for r in data["rows"]] == ["2025-12-15", "2025-12-31", "2026-02-05", "2026-11-20", None]
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
    # the follow-up queries: test_mark_done_note_and_reopen_change_the_status
    assert set(metadata()["databases"]["followup"]["queries"]) == {"danh_dau_xong", "ghi_chu", "mo_lai"}


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
    assert "<title>12/2025: 2</title>" in html and "<title>Quá hạn: 2</title>" in html
    assert "<title>Sở Nội vụ: 1</title>" in html and "<title>223/KH-UBND: 1</title>" in html


def _token(html: str) -> str:
    return html.split('name="csrftoken" value="')[1].split('"')[0]


async def _login(ds: Any, password: str) -> dict[str, str]:
    form = await ds.client.get("/-/login")
    cookies = dict(form.cookies)
    login = await ds.client.post("/-/login", cookies=cookies, data={
        "username": "vanban", "password": password, "csrftoken": _token(form.text)})
    if "ds_actor" in login.cookies:
        cookies["ds_actor"] = login.cookies["ds_actor"]
    return cookies


async def _write(ds: Any, cookies: dict[str, str], query: str, **params: str) -> int:
    form = await ds.client.get(f"/followup/{query}", cookies=cookies)
    if form.status_code != 200:
        return int(form.status_code)
    done = await ds.client.post(f"/followup/{query}", cookies=cookies, data={**params, "csrftoken": _token(form.text)})
    return int(done.status_code)


def test_follow_up_needs_the_password(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from datasette_auth_passwords.utils import hash_password

    monkeypatch.setenv("VANBAN_PASSWORD_HASH", hash_password("mật khẩu thử"))
    ds = make_datasette(build_fixture(tmp_path), meta=meta())
    duty = oid("kh-235-thanh-hoa", 1)

    async def run() -> dict[str, Any]:
        wrong = await _login(ds, "sai")
        good = await _login(ds, "mật khẩu thử")
        form = await ds.client.get(f"/followup/danh_dau_xong?obligation_id={duty}", cookies=good)
        return {"anonymous": await _write(ds, {}, "danh_dau_xong", obligation_id=duty),
                "wrong password": await _write(ds, wrong, "danh_dau_xong", obligation_id=duty),
                "form prefilled": f'value="{duty}"' in form.text}

    assert asyncio.run(run()) == {"anonymous": 403, "wrong password": 403, "form prefilled": True}
    assert get_json(ds, "/followup/followup.json")["rows"] == []


def test_mark_done_note_and_reopen_change_the_status(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from datasette_auth_passwords.utils import hash_password

    monkeypatch.setenv("VANBAN_PASSWORD_HASH", hash_password("mật khẩu thử"))
    ds = make_datasette(build_fixture(tmp_path), meta=meta())
    duty = oid("kh-235-thanh-hoa", 1)
    cookies = asyncio.run(_login(ds, "mật khẩu thử"))

    def statuses() -> dict[str, str]:
        rows = get_json(ds, f"{OVERVIEW}.json?document_id=kh-235-thanh-hoa")["rows"]
        return {r["id"]: r["status"] + (f" ({r['note']})" if r["note"] else "") for r in rows}

    def followup() -> list[tuple[str, int, str | None, str]]:
        rows = get_json(ds, "/followup/followup.json")["rows"]
        return [(r["obligation_id"], r["done"], r["note"], r["updated_by"]) for r in rows]

    other = oid("kh-235-thanh-hoa", 0)
    assert statuses() == {duty: "overdue", other: "open"}
    assert asyncio.run(_write(ds, cookies, "danh_dau_xong", obligation_id=duty)) == 302
    assert statuses() == {duty: "done", other: "open"}
    assert asyncio.run(_write(ds, cookies, "ghi_chu", obligation_id=duty, ghi_chu="Đã gửi báo cáo")) == 302
    assert followup() == [(duty, 1, "Đã gửi báo cáo", "vanban")]
    assert statuses() == {duty: "done (Đã gửi báo cáo)", other: "open"}
    assert asyncio.run(_write(ds, cookies, "mo_lai", obligation_id=duty)) == 302
    assert statuses() == {duty: "overdue (Đã gửi báo cáo)", other: "open"}
    assert followup() == [(duty, 0, "Đã gửi báo cáo", "vanban")]


def test_serve_arguments(tmp_path: Path) -> None:
    from pipeline.publish import datasette_args

    args = datasette_args(tmp_path / "data" / "vanban.db", port=8123)
    assert args[:3] == ["serve", str(tmp_path / "data" / "vanban.db"), str(tmp_path / "data" / "followup.db")]
    assert args[args.index("--host") + 1] == "127.0.0.1" and args[args.index("--port") + 1] == "8123"
    assert args[args.index("suggest_facets") - 1:][:3] == ["--setting", "suggest_facets", "off"]
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
