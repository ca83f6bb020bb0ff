"""The Datasette pages as office staff read them: Vietnamese headers, values and dates, the column help
folded away, the start and database pages, canned queries without SQL, the follow-up form naming its
duty, and the login that a refused form leads to (labels from pipeline/datasette/labels.yml)."""
from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.publish import make_datasette
from pipeline.store.labels import labels
from pipeline.store.views import fts_phrases

from .test_datasette import OVERVIEW, get, get_json, meta, oid
from .test_store import build_fixture

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "labels.yaml").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES["values"], ids=lambda c: f"{c['column']}={c['stored']}")
def test_stored_values_in_words(case: dict[str, str]) -> None:
    assert labels().value(case["column"], case["stored"]) == case["shown"]


@pytest.mark.parametrize("case", CASES["rrule"], ids=lambda c: c["stored"])
def test_recurrence_rules_in_words(case: dict[str, str]) -> None:
    assert labels().value("rrule", case["stored"]) == case["shown"]


@pytest.mark.parametrize("case", CASES["deadline_time"], ids=lambda c: c["text"][:40])
def test_deadline_time_keeps_the_whole_time_expression(case: dict[str, Any]) -> None:
    text = case["text"]
    deadlines = []
    for d in case["deadlines"]:
        start = text.index(d["quote"])
        deadlines.append({"start": start, "end": start + len(d["quote"]), "text": d["quote"], "rrule": d.get("rrule")})
    assert labels().deadline_time(text, deadlines) == case["shown"]


def test_every_column_of_every_table_has_a_vietnamese_header(tmp_path: Path) -> None:
    """Headers, filter and sort menus name every column in Vietnamese, hidden ones included (they stay
    in the menus): no stored name ('tasks', 'all_done') on a page."""
    from pipeline.store.views import connect

    with connect(build_fixture(tmp_path)) as conn:
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type in ('table', 'view')"
                                             " and name not like '%fts%'")]
        bare = {(t, c) for t in tables for (c,) in conn.execute(f"select name from pragma_table_info('{t}')")
                if labels().column(c, t) == c}
    conn.close()
    assert len(tables) > 10 and bare == set()


@pytest.mark.parametrize("case", CASES["describe"], ids=lambda c: c["shown"][:30])
def test_filters_in_words(case: dict[str, Any]) -> None:
    shown = labels().describe(case["table"], case["selections"], case.get("search"), case.get("sort"),
                              case.get("sort_desc"))
    assert shown == case["shown"]


@pytest.mark.parametrize("case", CASES["search"], ids=lambda c: c["typed"])
def test_search_box_sends_folded_phrases(case: dict[str, str]) -> None:
    assert fts_phrases(case["typed"]) == case["fts"]


@pytest.fixture(scope="module")
def ds(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return make_datasette(build_fixture(tmp_path_factory.mktemp("ui")), meta=meta())


def headers(html: str) -> list[str]:
    head = html.split("<thead>")[1].split("</thead>")[0]
    return [re.sub(r"<[^>]+>|&nbsp;[▼▲]", "", h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)]


def test_duties_page_reads_in_vietnamese(ds: Any) -> None:
    html = get(ds, OVERVIEW).text
    # the count, then the column help, the filters and the facets folded, and the data follows them
    assert html.index('<h3 class="vb-count">5 việc: xếp theo hạn tới</h3>') < html.index('<details class="column-descriptions">') \
        < html.index('<details class="vb-filters">') < html.index('<details class="vb-facets"><summary>Lọc theo ') \
        < html.index('<div class="facet-results">') < html.index('<table class="rows-and-columns">')
    summary = html.split('<details class="vb-facets"><summary>')[1].split("</summary>")[0]  # says what it folds
    assert {"đơn vị chủ trì", "tháng đến hạn", "tình trạng"} <= set(summary.removeprefix("Lọc theo ").split(", "))
    # the six columns a clerk reads; everything else on the duty's page, in filters, facets and exports
    assert headers(html) == ["Tình trạng", "Hạn tới", "Việc", "Đơn vị chủ trì", "Văn bản", "Theo dõi"]
    # stored values stay English in JSON; the page shows them in words, facets too
    assert '<span class="vb-status-overdue">Quá hạn</span>' in html and ">Đang thực hiện</a> 3" in html
    assert '<span title="2025-12-15">15/12/2025</span>' in html
    assert get_json(ds, f"{OVERVIEW}.json?_col=status&_col=next_due")["rows"][0] == {
        "status": "overdue", "next_due": "2025-12-15"}
    assert '<details class="vb-filters"><summary>Lọc theo cột</summary>' in html  # folded: nothing filtered
    for english in (">Search:", "rows sorted by", 'value="Apply"', "This data as", "- column -", "Powered by"):
        assert english not in html, english


def test_filtered_duties_say_the_filter(ds: Any) -> None:
    html = get(ds, f"{OVERVIEW}?status=overdue").text
    assert '<h3 class="vb-count">2 việc: Tình trạng = “Quá hạn”, xếp theo hạn tới</h3>' in html
    assert '<details class="vb-filters"><summary>Lọc theo cột (1 điều kiện đang dùng)</summary>' in html  # folded
    assert '<li>Quá hạn &middot; 2 <a href="http://localhost/vanban/obligations_overview" class="cross" title="Bỏ lọc">' in html


def test_start_and_database_pages(ds: Any) -> None:
    home = get(ds, "/").text
    assert '<form class="vb-search" action="/vanban/obligations_overview" method="get">' in home
    for link in ("/vanban/viec_sap_den_han", "/vanban/viec_qua_han", "/vanban/viec_cua_don_vi", "/-/vanban/dashboard"):
        assert f'href="{link}"' in home, link
    database = get(ds, "/vanban").text
    assert '<a href="/vanban/obligations_overview"><strong>Việc phải làm</strong></a>' in database
    assert '<a href="/vanban/units"><strong>Đơn vị</strong></a>' in database
    assert "Custom SQL query" not in database and "<h2 id=\"queries\">Tra cứu có sẵn</h2>" in database


def test_canned_query_page_hides_its_sql(ds: Any) -> None:
    html = get(ds, "/vanban/viec_cua_don_vi?don_vi=so+noi+vu").text
    assert "from unit_duties d" not in html and "xem câu lệnh SQL" in html
    assert '<label class="vb-param" for="qp1">Đơn vị</label>' in html
    assert '<option value="Sở Nội vụ tỉnh Lâm Đồng"><option value="Sở Nông nghiệp và Môi trường tỉnh Thanh Hóa">' in html  # names offered
    assert 'name="so_ngay" value="" placeholder="30">' in get(ds, "/vanban/viec_sap_den_han").text
    # a unit's list in eight columns (its time, the document's title and the calendar in the exports, on other pages)
    assert headers(html) == ["Đơn vị", "Vai trò", "Tình trạng", "Hạn tới", "Việc phải làm", "Số, ký hiệu", "Câu giao việc",
                             "Theo dõi"]
    assert {"deadline", "doc_title", "calendar"} <= set(get_json(ds, "/vanban/viec_cua_don_vi.json?don_vi=so+noi+vu")["columns"])


def test_canned_lists_of_duties_show_the_list_columns(ds: Any) -> None:
    """Việc quá hạn / sắp đến hạn: the assigned units and the document's title only in the exports (at 1280
    px the duty's own words got a column a word wide beside them)."""
    for query in ("viec_qua_han", "viec_sap_den_han"):
        shown = headers(get(ds, f"/vanban/{query}?so_ngay=400").text)
        assert "Việc phải làm" in shown and "Đơn vị được giao" not in shown and "Trích yếu" not in shown, query
        assert {"actors", "doc_title"} <= set(get_json(ds, f"/vanban/{query}.json?so_ngay=400")["columns"])


def test_refused_mark_leads_to_login_and_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VANBAN_ACCOUNTS", str(tmp_path / "no-accounts"))
    monkeypatch.delenv("VANBAN_PASSWORD_HASH", raising=False)
    ds = make_datasette(build_fixture(tmp_path), meta=meta())
    duty = oid("kh-235-thanh-hoa", 1)
    page = get(ds, f"/-/vanban/viec/{duty}").text
    action = get_json(ds, f"{OVERVIEW}.json?id={duty}")["rows"][0]["task"]
    assert f'<p class="vb-task">{action}</p>' in page
    assert '<dt>Tình trạng</dt><dd><span class="vb-status-overdue">Quá hạn</span>' in page
    assert f'<a id="vb-login" href="/-/login?next=/-/vanban/viec/{duty}">' in page
    login = get(ds, f"/-/login?next=/-/vanban/viec/{duty}").text
    assert "<h1>Đăng nhập</h1>" in login and f'name="next" value="/-/vanban/viec/{duty}"' in login
    assert "Chưa có tài khoản nào" in login  # no account configured: says what to do, in Vietnamese
    refused = asyncio.run(ds.client.post(f"/-/vanban/viec/{duty}", data={"action": "done"}))
    assert refused.status_code == 403


def test_dashboard_counts_link_to_their_lists(ds: Any) -> None:
    html = get(ds, "/-/vanban/dashboard").text
    summary = re.findall(r'<a href="([^"]+)"><strong>(\d+)</strong>([^<]+)</a>', html)
    assert summary == [("/vanban/obligations_overview", "5", "việc"),
                       ("/vanban/obligations_overview?status=overdue", "2", "quá hạn"),
                       ("/vanban/viec_sap_den_han", "1", "đến hạn trong 30 ngày"),
                       ("/vanban/obligations_overview?status=done", "0", "đã xong"),
                       ("/vanban/viec_chua_co_don_vi_chu_tri", "1", "chưa có đơn vị chủ trì")]
    # bars link to the filtered list, with the value quoted; labels in words
    assert '<a href="/vanban/obligations_overview?status=overdue"><rect class="vb-status-overdue"' in html
    assert '<a href="/vanban/obligations_overview?lead_actor=S%E1%BB%9F%20N%E1%BB%99i%20v%E1%BB%A5">' in html
    assert '<a href="/vanban/van_ban_trich_dan_van_ban_nay?van_ban=223/KH-UBND">' in html


def test_unit_page_offers_its_duties_and_calendar(ds: Any) -> None:
    html = get(ds, "/vanban/units/so-noi-vu-tinh-lam-dong").text
    assert "<h1" in html and "Đơn vị: Sở Nội vụ tỉnh Lâm Đồng</h1>" in html
    assert ('<a href="/vanban/viec_cua_don_vi?don_vi=so-noi-vu-tinh-lam-dong"><strong>Mọi việc của Sở Nội vụ tỉnh'
            ' Lâm Đồng</strong></a>: 1 việc') in html
    assert '<input id="vb-feed" readonly value="/vanban/unit_duties.ics?unit_id=so-noi-vu-tinh-lam-dong"' in html
    assert "Liên kết từ bảng khác" in html and "Links from other tables" not in html
    # its open duties first, in the list's columns
    duties = html.split('<table class="rows-and-columns vb-unit-duties">')[1].split("</table>")[0]
    assert headers(duties) == ["Tình trạng", "Hạn tới", "Việc", "Vai trò", "Văn bản", "Theo dõi"]
    assert duties.count("<tr>") == 2 and ">theo dõi</a>" in duties and html.index(duties) < html.index('id="vb-feed"')
    # one record reads down the page, a label per line, its names in words (no JSON, no stored column name)
    assert '<tr><th scope="row">Tên đơn vị</th><td class="col-name type-str">Sở Nội vụ tỉnh Lâm Đồng</td></tr>' in html
    assert re.search(r'<td class="col-aliases type-str">Sở Nội vụ[^<"\[]*</td>', html)
    assert "<title>Đơn vị: Sở Nội vụ tỉnh Lâm Đồng</title>" in html and 'title="name"' not in html


def test_document_page_dates_and_crumbs(ds: Any) -> None:
    html = get(ds, "/-/vanban/doc/kh-235-thanh-hoa").text
    assert '<a href="/vanban/documents">Văn bản</a></p>' in html and '<a href="#toan-van">Toàn văn</a>' in html
    assert "<td>15/12/2025</td>" in html
    missing = get(ds, "/-/vanban/doc/no-such-document")
    assert missing.status_code == 404 and "<h1>Không tìm thấy</h1>" in missing.text


def test_most_cited_documents_link_to_their_page(ds: Any) -> None:
    html = get(ds, "/vanban/van_ban_duoc_trich_dan_nhieu_nhat").text
    assert '<td class="col-ma_van_ban"><a href="/-/vanban/doc/kh-223-thanh-hoa">kh-223-thanh-hoa</a></td>' in html
    assert headers(html)[:4] == ["Số, ký hiệu", "Trích yếu", "Loại văn bản", "Số lần được trích dẫn"]


def test_follow_up_cell_links_to_the_duty_and_done_shows(tmp_path: Path) -> None:
    from pipeline.publish import followup_path
    from pipeline.store import followup

    db = build_fixture(tmp_path)
    done, other = oid("kh-235-thanh-hoa", 1), oid("kh-235-thanh-hoa", 0)
    followup.record(followup_path(db), followup.Anchor(done), "done", by="vanban")
    html = get(make_datasette(db, meta=meta()), f"{OVERVIEW}?document_id=kh-235-thanh-hoa").text
    assert f'<a href="/-/vanban/viec/{done}">theo dõi</a>' in html
    assert f'<a href="/-/vanban/viec/{other}">theo dõi</a>' in html
    assert '<span class="vb-status-done">Đã xong</span>' in html


def test_deadlines_page_says_rules_and_kinds_in_words(ds: Any) -> None:
    html = get(ds, "/vanban/deadlines").text
    assert '<span title="FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=20">hằng năm, ngày 20 tháng 11</span>' in html
    assert '<span title="FREQ=MONTHLY">hằng tháng</span>' in html
    assert '<span class="vb-kind-recurring">Định kỳ</span>' in html


def test_duty_page_gives_the_time_not_the_clause(ds: Any) -> None:
    duty = oid("kh-cchc-2026-lam-dong", 2)
    html = get(ds, f"/-/vanban/viec/{duty}").text
    assert "<dt>Thời hạn</dt><dd>hằng tháng" in html
