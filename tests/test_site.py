"""The site as an office lives in it: Excel and CSV exports, problems on the home page, the guide,
`Tìm việc` empty and with a query, every page linked from the home page in Vietnamese, no 500."""
from __future__ import annotations

import asyncio
import io
import re
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

from pipeline import store
from pipeline.errors import DamagedDocument
from pipeline.publish import make_datasette
from pipeline.resolve import resolve

from .test_datasette import OVERVIEW, get, meta
from .test_store import build_fixture, records, today

# English a clerk must never meet on a page (Datasette's and the plugins' own words)
ENGLISH = ("Log in", "Log out", "Powered by", "This data as", "rows sorted by", "Apply", "no calendar here",
           "Search:", "Next page", "Advanced export", "Query parameters", "Custom SQL", "View and edit SQL",
           "Error", "Not found", "Forbidden", "overdue", "suggested facets", "Show all columns",
           # raw names that reached pages: a null label, a facet's type, Datasette's link column (the headers of
           # every column: tests/test_ui.py)
           "None", "month", "Link")


@pytest.fixture(scope="module")
def ds(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return make_datasette(build_fixture(tmp_path_factory.mktemp("site")), meta=meta())


def test_xlsx_has_vietnamese_headers_and_real_dates(ds: Any) -> None:
    from openpyxl import load_workbook

    response = get(ds, f"{OVERVIEW}.xlsx?_size=max")
    assert response.status_code == 200
    assert 'filename="viec-phai-lam.xlsx"' in response.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [c.value for c in sheet[1]]
    assert headers[:6] == ["Mã", "Tình trạng", "Hạn tới", "Việc", "Đơn vị chủ trì", "Văn bản"]
    first = [c for c in sheet[2]]
    assert first[1].value == "Quá hạn"
    assert first[2].value.date() == date(2025, 12, 15) and first[2].number_format == "dd/mm/yyyy"
    assert sheet.max_row == 6  # the header and the five duties


def test_logout_in_vietnamese(ds: Any) -> None:
    """The logout page (the menu's Đăng xuất, or /-/logout typed) and the word after it, in Vietnamese."""
    cookies = {"ds_actor": ds.sign({"a": {"id": "lan", "name": "Nguyễn Thị Lan"}}, "actor")}
    page = get(ds, "/-/logout", cookies=cookies)
    assert page.status_code == 200
    assert "<h1>Đăng xuất</h1>" in page.text and 'value="Đăng xuất"' in page.text and "Log out" not in page.text
    token = re.search(r'name="csrftoken" value="([^"]+)"', page.text)[1]
    out = asyncio.run(ds.client.post("/-/logout", data={"csrftoken": token},
                                     cookies={**cookies, "ds_csrftoken": page.cookies["ds_csrftoken"]}))
    assert out.status_code == 302
    home = get(ds, "/", cookies={"ds_messages": out.cookies["ds_messages"]})
    assert "Đã đăng xuất." in home.text and "logged out" not in home.text


def test_export_headers_are_told_apart(ds: Any) -> None:
    """Every column of the list's exports has a header of its own (Excel users sort and filter by them)."""
    head = get(ds, f"{OVERVIEW}.vncsv").content.decode("utf-8-sig").splitlines()[0].split(",")
    assert len(head) == len(set(head)), sorted(h for h in head if head.count(h) > 1)
    assert {"Văn bản", "Mã văn bản", "Việc", "Việc (phần trích ra)", "Hạn tới ước tính"} <= set(head)


def test_csv_for_excel_starts_with_a_bom_and_reads_in_vietnamese(ds: Any) -> None:
    response = get(ds, "/vanban/viec_qua_han.vncsv")
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    head, first = text.splitlines()[:2]
    assert head.startswith("Mã,Hạn tới,Đơn vị chủ trì")
    assert ",15/12/2025," in first and "2025-12-15" not in text


def test_list_pages_link_to_exports_and_print(ds: Any) -> None:
    html = get(ds, f"{OVERVIEW}?lead_actor=S%E1%BB%9F+N%E1%BB%99i+v%E1%BB%A5").text
    assert 'href="/vanban/obligations_overview.xlsx?lead_actor=S%E1%BB%9F+N%E1%BB%99i+v%E1%BB%A5&amp;_size=max"' in html
    assert ">CSV mở bằng Excel</a>" in html and "window.print()" in html
    assert '<link rel="stylesheet" href="/-/vanban/static/print.css" media="print">' in html
    css = get(ds, "/-/vanban/static/print.css")
    assert css.status_code == 200 and "size: A4" in css.text and "counter(page)" in css.text


def test_find_duties_empty_then_with_words(ds: Any) -> None:
    empty = get(ds, "/vanban/tim_viec")
    assert empty.status_code == 200 and "fts5" not in empty.text
    assert get(ds, "/vanban/tim_viec?tu_khoa=").status_code == 200
    found = get(ds, "/vanban/tim_viec.json?tu_khoa=bao+cao&_shape=array").json()
    assert len(found) == 2


def test_home_page_shows_failed_and_removed_files(tmp_path: Path) -> None:
    db = build_fixture(tmp_path)
    import sqlite3

    with sqlite3.connect(db) as conn:
        conn.execute("insert into ingest_errors (source, error) values (?, ?)",
                     ("corpus/hong.docx", str(DamagedDocument("corpus/hong.docx", ".docx", "binary"))))
        conn.execute("insert into removed_documents (id, source, number, title, sha256, removed_on) values ('kh-cu', 'corpus/kh-cu.pdf', '12/KH-UBND', 'Kế hoạch cũ',"
                     " null, '2026-12-01')")
    conn.close()
    html = get(make_datasette(db, meta=meta()), "/").text
    assert "1 tệp không nạp được ở lần nạp gần nhất" in html
    assert "<strong>hong.docx</strong>: tệp Word bị hỏng" in html
    assert "1 văn bản đã bị gỡ khỏi thư mục corpus/" in html and "gỡ ngày 01/12/2026" in html
    assert 'href="/-/vanban/huong-dan"' in html


INTERNAL = ("ingest_state", "ingest_errors", "obligation_done", "obligation_deadlines")


def test_internal_tables_are_not_listed_and_failures_read_through_a_view(tmp_path: Path) -> None:
    """The store's own records are in no list of the site; a failed file is read through `failed_files`
    (file name, reason in Vietnamese), never the reader's exception class (`ingest_errors.kind`)."""
    line = str(DamagedDocument("corpus/a/hong.pdf", ".pdf", "binary"))
    error = {"source": "corpus/a/hong.pdf", "error": line, "kind": "DamagedDocument"}
    db = store.build(resolve(records()), tmp_path / "vanban.db", [error], today=today(), state={"corpus": "x"})
    ds = make_datasette(db, meta=meta())
    for path in ("/", "/vanban"):
        html = get(ds, path).text
        for table in INTERNAL:
            assert f'href="/vanban/{table}"' not in html, (path, table)
        assert 'href="/vanban/failed_files"' in html, path
    rows = get(ds, "/vanban/failed_files.json?_shape=array").json()
    assert rows == [{"file": "hong.pdf", "reason": "tệp PDF bị hỏng: xin bản khác",
                     "detail": line, "source": "corpus/a/hong.pdf"}]
    page = get(ds, "/vanban/failed_files").text
    assert "Tệp không nạp được" in page and "DamagedDocument" not in page
    assert "Trạng thái lần nạp" in get(ds, "/vanban/ingest_state").text  # reached by its address: labelled


def test_calendar_links_only_where_rows_are_duties(ds: Any) -> None:
    """`lịch (ics)` is offered on lists of duties, not on documents or units (no English 400 behind a link);
    asked anyway, the answer is in Vietnamese."""
    assert ".ics" in get(ds, OVERVIEW).text and "unit_duties.ics" in get(ds, "/vanban/units/so-noi-vu-tinh-lam-dong").text
    for path in ("/vanban/documents", "/vanban/units", "/vanban/units/so-noi-vu-tinh-lam-dong", "/vanban/citations"):
        assert not re.search(r'href="[^"]*\.ics[?"]', get(ds, path).text.replace("unit_duties.ics", "")), path
    refused = get(ds, "/vanban/units/so-noi-vu-tinh-lam-dong.ics")
    assert refused.status_code == 400 and "Không có lịch ở đây" in refused.text and "no calendar" not in refused.text


def _links(html: str, base: str) -> set[str]:
    out = set()
    for href in re.findall(r'href="([^"#]+)', html):
        url = urljoin(base, href.replace("&amp;", "&"))
        if urlsplit(url).netloc in ("", "localhost"):
            out.add(urlsplit(url)._replace(scheme="", netloc="").geturl())
    return out


def test_every_page_linked_from_home_answers_in_vietnamese(ds: Any) -> None:
    """The home page and every page it links to, and the pages those link to (two clicks deep)."""
    seen: dict[str, int] = {}
    todo = ["/"]
    for depth in range(3):
        nxt = []
        for path in todo:
            if path in seen or path.startswith("/-/static/") or path.startswith("/-/logout"):
                continue
            page = get(ds, path)
            seen[path] = page.status_code
            assert page.status_code == 200, path
            kind = page.headers.get("content-type", "")
            if "text/html" not in kind:
                continue
            # (the SQL folded away for administrators, <pre>, is code, not words)
            text = re.sub(r"<script.*?</script>|<style.*?</style>|<!--.*?-->|<pre.*?</pre>|<[^>]+>", " ", page.text, flags=re.S)
            for word in ENGLISH:
                assert not re.search(rf"\b{re.escape(word)}\b", text), (path, word)
            if depth < 2:
                nxt += sorted(_links(page.text, "http://localhost" + path))
        todo = nxt
    assert "/-/vanban/huong-dan" in seen and len(seen) > 30


@pytest.mark.parametrize("path", [
    "/-/vanban/viec/khong-co", "/-/vanban/doc/%00", "/vanban/obligations_overview?_sort=nope",
    "/vanban/obligations_overview?_size=abc", "/vanban/obligations_overview?_next=zzz",
    "/vanban/tim_viec?tu_khoa=%22", "/vanban/tim_viec?tu_khoa=AND", "/vanban/viec_sap_den_han?so_ngay=abc",
    "/vanban/obligations_overview.xlsx?_size=abc", "/vanban/obligations_overview?_facet=nope",
    "/vanban/obligations_overview.vncsv?_sort=nope", "/-/login?next=%0d%0a", "/-/vanban/static/../x.css",
])
def test_bad_requests_never_answer_500(ds: Any, path: str) -> None:
    assert get(ds, path).status_code < 500



@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The fixture's five duties and 1,500 copies without occurrences (more than the 1,000 rows of a page)."""
    import sqlite3

    path = build_fixture(tmp_path_factory.mktemp("big"))
    conn = sqlite3.connect(path)
    cols = [r[1] for r in conn.execute("pragma table_info(obligations)")]
    picked = ", ".join("o.id || '-' || n.i" if c == "id" else f"o.[{c}]" for c in cols)
    conn.execute(f"""insert into obligations ({", ".join(f"[{c}]" for c in cols)})
                     with recursive n(i) as (select 1 union all select i + 1 from n where i < 300)
                     select {picked} from obligations o, n""")
    conn.commit()
    conn.close()
    return make_datasette(path, meta=meta())


def test_exports_hold_every_row_past_a_thousand(big: Any) -> None:
    from openpyxl import load_workbook

    response = get(big, f"{OVERVIEW}.xlsx?_size=max")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 1505 and rows[0][:3] == ("Mã", "Tình trạng", "Hạn tới")
    assert len({r[0] for r in rows[1:]}) == 1505  # each duty once, none left out
    text = get(big, f"{OVERVIEW}.vncsv?_size=max").content.decode("utf-8-sig")
    assert len(text.splitlines()) == 1 + 1505
    undated = get(big, f"{OVERVIEW}.vncsv?next_due__isblank=1").content.decode("utf-8-sig").splitlines()
    assert len(undated) - 1 == 1505 - 4  # the filter kept: four duties have a due day, their copies none


def test_the_time_expression_is_the_same_everywhere(ds: Any) -> None:
    """'Định kỳ hằng tháng' (the clause the rhythm was read from) is 'hằng tháng' on the duty's page, in the
    lists and in both exports; the duty's page adds what the document wrote."""
    from openpyxl import load_workbook

    duty = "cb374efb444b4269"
    page = get(ds, f"/-/vanban/viec/{duty}").text
    assert "<dt>Thời hạn</dt><dd>hằng tháng <small" in page and "(văn bản ghi: “Định kỳ hằng tháng”)" in page
    csv_rows = get(ds, f"{OVERVIEW}.vncsv?_size=max").content.decode("utf-8-sig").splitlines()
    header = csv_rows[0].split(",")
    assert "Thời hạn" in header and "Thời hạn (theo văn bản)" not in header
    row = next(line for line in csv_rows if line.startswith(duty))
    assert ",hằng tháng," in row and "Định kỳ" not in row
    sheet = load_workbook(io.BytesIO(get(ds, f"{OVERVIEW}.xlsx?_size=max").content)).active
    at = [c.value for c in sheet[1]].index("Thời hạn")
    assert {r[0].value: r[at].value for r in sheet.iter_rows(min_row=2)}[duty] == "hằng tháng"
    listed = get(ds, f"/vanban/unit_duties.json?id={duty}&_shape=objects").json()["rows"]  # a unit's list
    assert listed and {r["deadline"] for r in listed} == {"hằng tháng"}
    doc = get(ds, f"/-/vanban/doc/{get(ds, f'/vanban/obligations/{duty}.json?_shape=objects').json()['rows'][0]['document_id']}").text
    assert "<td>hằng tháng</td>" in doc and "<td>Định kỳ hằng tháng</td>" not in doc


@pytest.fixture(scope="module")
def months(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The fixture plus duties due in each month of 2027, more of them the later the month (January 1,
    December 12): by count the facet would show the last months first and leave out the earliest."""
    import sqlite3

    path = build_fixture(tmp_path_factory.mktemp("months"))
    conn = sqlite3.connect(path)
    cols = [r[1] for r in conn.execute("pragma table_info(obligations)")]
    first = conn.execute("select id from obligations order by id limit 1").fetchone()[0]
    for month in range(1, 13):
        for n in range(month):
            new = f"m{month:02d}-{n}"
            conn.execute(f"insert into obligations ({', '.join(cols)}) select "
                         + ", ".join("?" if c == "id" else c for c in cols) + " from obligations where id = ?", [new, first])
            conn.execute("insert into occurrences (obligation_id, deadline_id, day, estimated, done)"
                         " values (?, 'x', ?, 0, 0)", [new, f"2027-{month:02d}-10"])
    conn.commit()
    conn.close()
    return make_datasette(path, meta=meta())


def test_month_facet_in_date_order_shown_or_not(months: Any) -> None:
    def shown(path: str) -> list[str]:
        data = get(months, path).json()
        return [r["value"] for r in data["facet_results"]["due_month"]["results"]]

    everything = ["2025-12", "2026-01", "2026-11", *(f"2027-{m:02d}" for m in range(1, 13))]
    assert shown(f"{OVERVIEW}.json") == everything[:8]  # the earliest eight, not the busiest
    assert shown(f"{OVERVIEW}.json?_facet_size=max") == everything
    html = get(months, f"{OVERVIEW}?_facet_size=max").text
    at = [html.index(f"due_month={m}") for m in everything]
    assert at == sorted(at)
