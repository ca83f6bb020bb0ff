"""The Văn phòng's pages on databases built from real corpora: corpus/ and ../shared/corpus/dev.

Every page a user reaches from the start page answers 200, in Vietnamese, with real rows."""
from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from pipeline.publish import make_datasette

OVERVIEW_FACETS = "/vanban/obligations_overview?_facet=lead_actor&_facet=doc_type&_facet=status"


@pytest.fixture(scope="module", params=["corpus", "dev"])
def built(request: pytest.FixtureRequest, corpus_db: Callable[[str], tuple[Path, Path]]) -> tuple[Any, Path]:
    db, _ = corpus_db(request.param)
    return make_datasette(db), db


def get(ds: Any, path: str) -> Any:
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == 200, f"{path}: HTTP {response.status_code} {response.text[:300]}"
    return response


def test_start_pages_and_tables(built: tuple[Any, Path]) -> None:
    ds, _ = built
    assert "Việc phải làm" in get(ds, "/").text
    for path in ("/vanban", OVERVIEW_FACETS, "/vanban/documents", "/vanban/citations", "/vanban/deadlines",
                 "/vanban/units", "/vanban/unit_duties", "/-/vanban/dashboard", "/vanban/obligations.ics",
                 "/vanban/obligations_overview?_search=bao+cao", "/vanban/obligations_overview?_search=dao+tao"):
        get(ds, path)


def test_every_document_page(built: tuple[Any, Path]) -> None:
    ds, db = built
    with sqlite3.connect(db) as conn:
        ids = [r[0] for r in conn.execute("select id from documents")]
        with_duties = {r[0] for r in conn.execute("select distinct document_id from obligations")}
    assert ids and with_duties
    for doc_id in ids:
        page = get(ds, f"/-/vanban/doc/{quote(doc_id)}").text
        assert ("<mark" in page) == (doc_id in with_duties), doc_id  # every duty highlighted in its text


def test_canned_queries_with_real_values(built: tuple[Any, Path]) -> None:
    ds, db = built
    with sqlite3.connect(db) as conn:
        actor = conn.execute("select name from units order by duties desc, id limit 1").fetchone()[0]
        cited = conn.execute("select cited_document_id from citations where cited_document_id is not null"
                             " limit 1").fetchone()
    rows = get(ds, f"/vanban/viec_cua_don_vi.json?don_vi={quote(actor)}&_shape=objects").json()["rows"]
    assert rows, actor
    for path in ("/vanban/viec_sap_den_han?so_ngay=3650", "/vanban/viec_qua_han",
                 "/vanban/van_ban_duoc_trich_dan_nhieu_nhat", "/vanban/viec_chua_co_don_vi_chu_tri",
                 "/vanban/tim_viec?tu_khoa=bao+cao"):
        get(ds, path)
    if cited:
        rows = get(ds, f"/vanban/van_ban_trich_dan_van_ban_nay.json?van_ban={quote(cited[0])}&_shape=objects")
        assert rows.json()["rows"]


def test_unit_pages_say_when_the_calendar_is_empty(built: tuple[Any, Path]) -> None:
    """Every unit's page answers; one with no dated duty says its calendar is empty, one with some does not."""
    ds, db = built
    with sqlite3.connect(db) as conn:
        conn.create_function("vn_today", 0, lambda: "2026-12-08")
        units = dict(conn.execute("select u.id, exists (select 1 from unit_duties d where d.unit_id = u.id"
                                  " and d.next_due is not null) from units u"))
    assert units
    for unit_id, dated in units.items():
        page = get(ds, f"/vanban/units/{quote(unit_id)}").text
        assert ("lịch công việc đang trống" in page) == (not dated), unit_id


def test_a_document_without_number_reads_the_same_on_a_duty_page(built: tuple[Any, Path]) -> None:
    ds, db = built
    with sqlite3.connect(db) as conn:
        found = conn.execute("select o.id, d.doc_type, d.id from obligations o join documents d on d.id = o.document_id"
                             " where d.number is null order by o.id limit 1").fetchone()
    if found is None:
        pytest.skip("every document of this corpus has a number")
    duty, doc_type, doc_id = found
    assert f"{doc_type or 'Văn bản'} {doc_id} (không số)</a>" in get(ds, f"/-/vanban/viec/{duty}").text


def test_overdue_duties_say_since_when(built: tuple[Any, Path]) -> None:
    """An overdue duty whose next day is still ahead (an earlier occurrence left undone) says since when
    in its Hạn tới cell, so 'Quá hạn' never stands beside a day to come without a word."""
    ds, db = built
    with sqlite3.connect(db) as conn:
        conn.create_function("vn_today", 0, lambda: date.today().isoformat())
        late = conn.execute("select count(*) from obligations_overview where status = 'overdue'"
                            " and overdue_since is not null and overdue_since != next_due").fetchone()[0]
    page = get(ds, "/vanban/obligations_overview?status=overdue&_size=max").text
    assert page.count('class="vb-overdue-since">quá hạn từ ') == late
    if late:  # the duty's own page says it too
        with sqlite3.connect(db) as conn:
            conn.create_function("vn_today", 0, lambda: date.today().isoformat())
            duty, since = conn.execute("select id, overdue_since from obligations_overview where status = 'overdue'"
                                       " and overdue_since != next_due order by id limit 1").fetchone()
        day = "/".join(reversed(since.split("-")))
        assert f'<span class="vb-overdue-since">(quá hạn từ {day})</span>' in get(ds, f"/-/vanban/viec/{duty}").text
