"""Header fields typed in by staff: stored apart (followup.db), applied at every ingest to the lists,
the duties and the citation links, entered on the document page by a logged-in member of staff."""
from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pipeline import corrections
from pipeline.cli import main
from pipeline.publish import make_datasette
from pipeline.structure.header import DATE_WARNING, NUMBER_WARNING

from .test_datasette import _login, _token, meta

# a scanned decision whose handwritten number and day the OCR could not read, and a plan citing it
SCAN = """THỦ TƯỚNG CHÍNH PHỦ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số:      /QĐ-TTg
Hà Nội, ngày      tháng 9 năm 2024

QUYẾT ĐỊNH
Về việc kiện toàn thành viên Ban Chỉ đạo quốc gia

THỦ TƯỚNG CHÍNH PHỦ

Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;

Điều 1. Kiện toàn thành viên Ban Chỉ đạo quốc gia.
Điều 2. Bộ Tài nguyên và Môi trường chủ trì, phối hợp với các bộ triển khai thực hiện trước ngày 30/10/2024.

Nơi nhận:
- Như Điều 2;
- Lưu: VT.
KT. THỦ TƯỚNG
PHÓ THỦ TƯỚNG
Trần Hồng Hà
"""
PLAN = """BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 88/KH-BTNMT
Hà Nội, ngày 05 tháng 10 năm 2024

KẾ HOẠCH
Thực hiện Quyết định của Thủ tướng Chính phủ

Căn cứ Quyết định số 1039/QĐ-TTg ngày 26/9/2024 của Thủ tướng Chính phủ;

1. Vụ Hợp tác quốc tế chủ trì xây dựng báo cáo trước ngày 15/11/2024.

Nơi nhận:
- Lưu: VT.
KT. BỘ TRƯỞNG
THỨ TRƯỞNG
Lê Công Thành
"""


def _doc(**kw: Any) -> dict[str, Any]:
    return {"id": "qd-scan", "sha256": "abc", "number": None, "issued_date": None, "issuer": "Thủ tướng Chính phủ",
            "title": "Về việc", "warnings": [NUMBER_WARNING, DATE_WARNING], **kw}


@pytest.mark.parametrize(("field", "raw", "value"), [
    ("number", " 1039 / QĐ-TTg ", "1039/QĐ-TTg"), ("number", "Số: 1039/QĐ–TTg", "1039/QĐ-TTg"),
    ("issued_date", "26/9/2024", "2024-09-26"), ("issued_date", "2024-09-26", "2024-09-26"),
    ("issuer", "  Thủ tướng   Chính phủ ", "Thủ tướng Chính phủ"),
])
def test_clean(field: str, raw: str, value: str) -> None:
    assert corrections.clean(field, raw) == value


@pytest.mark.parametrize(("field", "raw"), [("issued_date", "31/2/2024"), ("issued_date", "hôm qua"),
                                            ("number", "QĐ-TTg"), ("title", "  "), ("signer", "x")])
def test_bad_values_say_why_in_vietnamese(field: str, raw: str) -> None:
    with pytest.raises(corrections.BadValue):
        corrections.clean(field, raw)


def test_latest_correction_wins_and_finds_the_document_again(tmp_path: Path) -> None:
    db = tmp_path / "followup.db"
    corrections.record(db, _doc(), "number", "1093/QĐ-TTg", by="lan", by_name="Nguyễn Thị Lan")
    corrections.record(db, _doc(), "number", "1039/QĐ-TTg", by="lan", by_name="Nguyễn Thị Lan")
    corrections.record(db, _doc(), "issued_date", "26/9/2024", by="hung")
    found = corrections.load(db)
    assert [c.value for c in found] == ["1093/QĐ-TTg", "1039/QĐ-TTg", "2024-09-26"]
    renamed = _doc(id="qd-1039-ttg")  # the file renamed: same content
    edited = _doc(sha256="def")  # the file edited: same id
    for doc in (_doc(), renamed, edited):
        assert {f: c.value for f, c in corrections.latest(found, doc).items()} == {
            "number": "1039/QĐ-TTg", "issued_date": "2024-09-26"}
    assert corrections.latest(found, _doc(id="other", sha256="zzz")) == {}
    [rec] = corrections.apply([{"document": _doc()}], found)
    assert (rec["document"]["number"], rec["document"]["issued_date"], rec["document"]["warnings"]) == (
        "1039/QĐ-TTg", "2024-09-26", [])
    assert {(c["field"], c["by"], c["extracted"]) for c in rec["document"]["corrections"]} == {
        ("number", "lan", None), ("issued_date", "hung", None)}
    assert corrections.stamp(db) == "+corrections:3" and corrections.stamp(tmp_path / "none.db") == ""


def test_corrections_survive_every_ingest_and_link_citations(tmp_path: Path) -> None:
    corpus, out, db = tmp_path / "corpus", tmp_path / "extracted", tmp_path / "data" / "vanban.db"
    corpus.mkdir()
    (corpus / "qd-scan.txt").write_text(SCAN, "utf-8")
    (corpus / "kh-88-btnmt.txt").write_text(PLAN, "utf-8")
    args = ["ingest", str(corpus), "--extracted", str(out), "--db", str(db), "-j", "1", "--silent"]
    assert CliRunner().invoke(main, args).exit_code == 0
    doc = json.loads((out / "qd-scan.json").read_text("utf-8"))["document"]
    assert doc["number"] is None
    corrections.record(db.with_name("followup.db"), doc, "number", "1039/QĐ-TTg", by="lan", by_name="Nguyễn Thị Lan")
    corrections.record(db.with_name("followup.db"), doc, "issued_date", "26/9/2024", by="lan", by_name="Nguyễn Thị Lan")
    for _ in range(2):  # the first ingest after the correction rebuilds; a second one keeps it
        assert CliRunner().invoke(main, args).exit_code == 0
        with sqlite3.connect(db) as conn:
            row = conn.execute("select number, issued_date, corrections from documents where id = 'qd-scan'").fetchone()
            link = conn.execute("select cited_document_id from citations where document_id = 'kh-88-btnmt'"
                                " and number = '1039/QĐ-TTg'").fetchone()
        assert row[:2] == ("1039/QĐ-TTg", "2024-09-26") and "Nguyễn Thị Lan" in row[2]
        assert link == ("qd-scan",)
    # extracted/<id>.json keeps what was read
    assert json.loads((out / "qd-scan.json").read_text("utf-8"))["document"]["number"] is None


def test_staff_enter_a_number_on_the_document_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.accounts import hash_password

    corpus, out, db = tmp_path / "corpus", tmp_path / "extracted", tmp_path / "data" / "vanban.db"
    corpus.mkdir()
    (corpus / "qd-scan.txt").write_text(SCAN, "utf-8")
    (corpus / "kh-88-btnmt.txt").write_text(PLAN, "utf-8")
    assert CliRunner().invoke(main, ["ingest", str(corpus), "--extracted", str(out), "--db", str(db), "-j", "1",
                                     "--silent"]).exit_code == 0
    monkeypatch.setenv("VANBAN_PASSWORD_HASH", hash_password("mật khẩu thử"))
    ds = make_datasette(db, meta=meta())
    page = "/-/vanban/doc/qd-scan"

    async def run() -> dict[str, Any]:
        anonymous = await ds.client.get(page)
        form = await ds.client.get("/-/login")
        refused = await ds.client.post(f"{page}/sua", cookies=dict(form.cookies),
                                       data={"number": "1039/QĐ-TTg", "csrftoken": _token(form.text)})
        cookies = await _login(ds, "mật khẩu thử", "vanban")
        mine = await ds.client.get(page, cookies=cookies)
        bad = await ds.client.post(f"{page}/sua", cookies=cookies, data={
            "issued_date": "31/9/2024", "csrftoken": _token(mine.text)})
        saved = await ds.client.post(f"{page}/sua", cookies=cookies, data={
            "number": "1039/QĐ-TTg", "issued_date": "26/9/2024", "csrftoken": _token(mine.text)})
        after = await ds.client.get(page)
        listed = await ds.client.get("/vanban/documents.json?_shape=objects&id=qd-scan")
        cited = await ds.client.get("/vanban/citations.json?_shape=objects&document_id=kh-88-btnmt&number=1039/QĐ-TTg")
        return {"login link": "Đăng nhập</a> để nhập số" in anonymous.text, "no form": 'name="number"' not in anonymous.text,
                "refused": refused.status_code, "form": 'name="number"' in mine.text, "bad": bad.status_code,
                "saved": saved.status_code, "page": after.text, "listed": listed.json()["rows"][0],
                "cited": [r["cited_document_id"] for r in cited.json()["rows"]]}

    got = asyncio.run(run())
    assert (got["login link"], got["no form"], got["refused"], got["form"], got["bad"], got["saved"]) == (
        True, True, 403, True, 400, 302)
    assert "1039/QĐ-TTg" in got["page"] and "Thông tin do cán bộ nhập" in got["page"]
    assert NUMBER_WARNING not in got["page"] and DATE_WARNING not in got["page"]
    assert (got["listed"]["number"], got["listed"]["issued_date"]) == ("1039/QĐ-TTg", "2024-09-26")
    assert got["listed"]["label"] == "1039/QĐ-TTg"  # what links to it read in the other tables
    assert got["cited"] == ["qd-scan"]
    [one, two] = corrections.load(db.with_name("followup.db"))
    assert (one.field, one.by, two.field) == ("number", "vanban", "issued_date")
