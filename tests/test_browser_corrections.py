"""A clerk finishes a scan in a real headless Chromium: the handwritten number of a scanned decision
(../shared/corpus/formats/smartdocs_1039-ttg.signed.pdf) was left empty with a warning; logged in,
she types it on the document's page; after a re-ingest it is on the page, in the list of documents
and in the citation graph (the plan citing the decision links to it, and the decision's page lists
the plan among the documents citing it)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from pipeline.structure.header import NUMBER_WARNING

from .conftest import FORMATS
from .serving import exe, served

pytestmark = pytest.mark.slow

SCAN = "smartdocs_1039-ttg.signed.pdf"
NUMBER = "1039/QĐ-TTg"  # ../shared/corpus/SOURCES.tsv
PLAN = """BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 88/KH-BTNMT
Hà Nội, ngày 05 tháng 10 năm 2024

KẾ HOẠCH
Thực hiện Quyết định kiện toàn Ban Chỉ đạo quốc gia

Căn cứ Quyết định số 1039/QĐ-TTg ngày 24/9/2024 của Thủ tướng Chính phủ;

1. Vụ Hợp tác quốc tế chủ trì xây dựng báo cáo trước ngày 15/11/2024.

Nơi nhận:
- Lưu: VT.
KT. BỘ TRƯỞNG
THỨ TRƯỞNG
Lê Công Thành
"""


def test_clerk_enters_a_handwritten_number(tmp_path: Path, browser: Any) -> None:
    from pipeline.accounts import hash_password

    corpus, out, db = tmp_path / "corpus", tmp_path / "extracted", tmp_path / "data" / "vanban.db"
    corpus.mkdir()
    shutil.copy(FORMATS / SCAN, corpus / SCAN)
    (corpus / "kh-88-btnmt.txt").write_text(PLAN, "utf-8")
    ingest = [exe("vanban"), "ingest", str(corpus), "--extracted", str(out), "--db", str(db), "-j", "1", "--silent"]
    subprocess.run(ingest, check=True, timeout=600)
    [scan] = [json.loads(p.read_text("utf-8"))["document"] for p in out.glob("*.json") if "1039" in p.name]
    assert scan["number"] is None and NUMBER_WARNING in scan["warnings"]
    doc_id = scan["id"]

    env = {**os.environ, "VANBAN_PASSWORD_HASH": hash_password("mật khẩu thử")}
    with served(db, env) as base:
        context = browser.new_context()  # its own cookies: the login stays in this test
        try:
            page = context.new_page()
            page.goto(f"{base}/-/vanban/doc/{doc_id}")
            assert NUMBER_WARNING in page.locator(".vb-warnings").inner_text()
            page.goto(f"{base}/-/login")
            page.fill("input[name=password]", "mật khẩu thử")
            page.locator("input[type=submit]").click()
            page.wait_for_load_state()
            page.goto(f"{base}/-/vanban/doc/{doc_id}")
            page.fill("form.vb-correct input[name=number]", NUMBER)
            page.locator("form.vb-correct button[type=submit]").click()
            page.wait_for_url(f"**/-/vanban/doc/{doc_id}#sua")

            subprocess.run(ingest, check=True, timeout=600)  # a re-ingest keeps the number

            page.goto(f"{base}/-/vanban/doc/{doc_id}")
            assert NUMBER in page.locator("h1").inner_text()
            assert "Thông tin do cán bộ nhập" in page.locator(".vb-corrected").inner_text()
            cited_by = page.locator("#trich-dan + ul")
            assert "88/KH-BTNMT" in cited_by.inner_text()
            page.goto(f"{base}/vanban/documents?id={doc_id}")
            assert NUMBER in page.locator("table.rows-and-columns tbody").inner_text()
            page.goto(f"{base}/-/vanban/doc/kh-88-btnmt")
            link = page.locator(f'a.cite[href="/-/vanban/doc/{doc_id}"]')
            assert link.count() == 1 and NUMBER in link.inner_text()
        finally:
            context.close()
