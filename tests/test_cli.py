"""End-to-end tests of the `vanban` command: exit codes, one line per failed file, ingest skipping."""
from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main

from .conftest import DEV


def test_extract_reports_bad_file_and_goes_on(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(DEV / "kh-qcdc-tinhdoan-2023.txt", src)
    (src / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    (src / "empty.docx").write_bytes(b"")
    result = CliRunner().invoke(main, ["extract", str(src), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("lỗi:")]
    assert len(errors) == 2
    assert any("broken.pdf" in e for e in errors) and any("empty.docx" in e for e in errors)
    assert json.loads((tmp_path / "out" / "kh-qcdc-tinhdoan-2023.json").read_text())["schema"] == "vanban/extracted/v1"


def test_extract_without_inputs_fails(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["extract", str(tmp_path), "--out", str(tmp_path / "out")])
    assert result.exit_code != 0
    assert "lỗi: không có tệp nào đọc được" in result.output


def test_ingest_twice_skips_unchanged_files(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("kh-qcdc-tinhdoan-2023.txt", "039_kl-212-tw.txt"):
        shutil.copy(DEV / name, corpus)
    args = ["ingest", str(corpus), "--extracted", str(tmp_path / "ex"), "--db", str(tmp_path / "v.db"), "-s", "-j", "1"]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    assert "2 tệp đã đọc, 0 tệp không đổi, 0 tệp lỗi" in first.stderr
    second = CliRunner().invoke(main, args)
    assert "0 tệp đã đọc, 2 tệp không đổi, 0 tệp lỗi" in second.stderr
    with sqlite3.connect(tmp_path / "v.db") as conn:
        assert conn.execute("select count(*) from documents").fetchone()[0] == 2


def test_ingest_links_citations_into_json_and_skips_calendars_when_unchanged(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("027_cd-224-ttg.txt", "034_tb-627-vpcp.txt"):  # the Công điện cites Thông báo 627/TB-VPCP
        shutil.copy(DEV / name, corpus)
    args = ["ingest", str(corpus), "--extracted", str(tmp_path / "ex"), "--db", str(tmp_path / "v.db"), "-s", "-j", "1"]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    record = json.loads((tmp_path / "ex" / "027_cd-224-ttg.json").read_text())
    linked = {c["number"]: c["in_corpus"] for c in record["citations"] if c["in_corpus"]}
    assert linked == {"627/TB-VPCP": "034_tb-627-vpcp"}
    with sqlite3.connect(tmp_path / "v.db") as conn:
        rows = conn.execute("select distinct cited_document_id from citations where document_id = ?"
                            " and cited_document_id is not null", ("027_cd-224-ttg",)).fetchall()
    assert rows == [("034_tb-627-vpcp",)]
    assert "tệp lịch →" in first.stderr
    second = CliRunner().invoke(main, args)
    assert "0 tệp đã đọc, 2 tệp không đổi" in second.stderr and "tệp lịch →" not in second.stderr
