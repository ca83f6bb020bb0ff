"""Bad input: each bad file gets one line naming it and the problem, the batch goes on, and a
failing document never removes or corrupts what the database already serves.

The bad files are built here in tmp_path (no binaries in the repository)."""
from __future__ import annotations

import io
import random
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.errors import no_tesseract

from .conftest import DEV, FORMATS

GOOD = ["050_cv-vpcp.txt", "072_cv-giao-so-tnmt-bao-cao-1783-binh-thuan.txt", "051_cv-cuc-thue.txt"]


def _encrypted_pdf() -> bytes:
    """A PDF whose /Encrypt dictionary wants a user password (the empty one does not open it)."""
    body = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
            b"3 0 obj << /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32
            + b"> /P -4 >> endobj\n")
    xref = len(body)
    body += b"xref\n0 4\n0000000000 65535 f \n" + b"".join(
        b"%010d 00000 n \n" % body.index(b"%d 0 obj" % i) for i in (1, 2, 3))
    ident = b"<0123456789abcdef0123456789abcdef>"
    return body + (b"trailer << /Size 4 /Root 1 0 R /Encrypt 3 0 R /ID [" + ident + b" " + ident
                   + b"] >>\nstartxref\n%d\n%%%%EOF\n" % xref)


def _zip_bomb() -> bytes:
    """A DOCX whose document.xml inflates to 210 MiB of zeros (about 200 KiB on disk)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w") as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(210):
                f.write(chunk)
    return buf.getvalue()


def _blank_pdf(pages: int) -> bytes:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    for _ in range(pages):
        pdf.new_page(595, 842)
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def _random(n: int, seed: int) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(256) for _ in range(n))


# file name → (bytes, what its error line must say)
BAD = {
    "empty.pdf": (lambda: b"", "tệp rỗng"),
    "truncated.pdf": (lambda: (FORMATS / "vbai_bc-cchc-2025-lam-dong.pdf").read_bytes()[:2000], "tệp PDF bị lỗi, không đọc được"),
    "locked.pdf": (_encrypted_pdf, "tệp PDF có mật khẩu"),
    "bomb.docx": (_zip_bomb, "quá lớn: phần XML sau khi giải nén 210 MiB (giới hạn 64 MiB)"),
    "scan-500.pdf": (lambda: _blank_pdf(500), "không có chữ nào đọc được"),
    "random.docx": (lambda: _random(5000, 7), "tệp Word (.docx) bị hỏng: nội dung không đọc được (dữ liệu nhị phân)"),
    "truncated.docx": (
        lambda: (FORMATS / "vbai_tbkl-hop-pci-doanh-nghiep.docx").read_bytes()[:3000], "tệp Word (.docx) bị hỏng"),
    "random.pdf": (lambda: b"\x89" + _random(5000, 8), "tệp PDF bị hỏng"),
}


def _write_bad(folder: Path) -> None:
    for name, (make, _) in BAD.items():
        (folder / name).write_bytes(make())


def _errors(stderr: str) -> dict[str, str]:
    """error lines by file name; fails on two lines for one file."""
    out: dict[str, str] = {}
    for line in stderr.splitlines():
        if line.startswith("lỗi: "):
            path, _, problem = line[len("lỗi: "):].partition(": ")
            name = Path(path).name
            assert name not in out, f"two error lines for {name}"
            out[name] = problem
    return out


def test_each_bad_file_one_line_and_batch_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _write_bad(folder)
    shutil.copy(DEV / GOOD[0], folder / GOOD[0])
    shutil.copy(DEV / GOOD[1], folder / "mislabelled.pdf")  # a text file with a PDF name: read as text
    result = CliRunner().invoke(main, ["extract", str(folder), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    errors = _errors(result.stderr)
    assert set(errors) == set(BAD)
    for name, (_, problem) in BAD.items():
        assert errors[name].startswith(problem), errors[name]
    assert sorted(p.name for p in (tmp_path / "out").glob("*.json")) == [
        Path(GOOD[0]).stem + ".json", "mislabelled.json"]
    assert result.stderr.splitlines()[-1].startswith(f"2 tệp đã trích xuất, {len(BAD)} tệp lỗi")


def test_failing_documents_never_hurt_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    corpus, db = tmp_path / "corpus", tmp_path / "vanban.db"
    corpus.mkdir()
    for name in GOOD:
        shutil.copy(DEV / name, corpus / name)
    args = ["ingest", str(corpus), "--extracted", str(tmp_path / "extracted"), "--db", str(db), "-j", "1", "-s"]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    ids = sorted(Path(n).stem for n in GOOD)

    reader = sqlite3.connect(db)  # a reader (Datasette) holding the database open
    before = reader.execute("select id, text from documents order by id").fetchall()
    assert [row[0] for row in before] == ids

    _write_bad(corpus)
    (corpus / GOOD[0]).write_bytes(_random(4000, 11))  # a good document edited into garbage
    second = CliRunner().invoke(main, args)
    assert second.exit_code == 0, second.output
    assert set(_errors(second.stderr)) == set(BAD) | {GOOD[0]}

    assert reader.execute("select id, text from documents order by id").fetchall() == before
    reader.close()
    fresh = sqlite3.connect(db)
    assert fresh.execute("select id, text from documents order by id").fetchall() == before
    logged = dict(fresh.execute("select source, error from ingest_errors").fetchall())
    assert sorted(Path(s).name for s in logged) == sorted(set(BAD) | {GOOD[0]})
    assert all(err.startswith(src) for src, err in logged.items())
    fresh.close()


def test_scan_without_ocr_skipped_with_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.read import ocr

    monkeypatch.setattr(ocr, "missing_engine", lambda lang="vie": no_tesseract())
    scan = FORMATS / "smartdocs_1053-ttg.signed.pdf"
    result = CliRunner().invoke(main, ["extract", str(scan), str(DEV / GOOD[0]), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert _errors(result.stderr) == {scan.name: (
        "bản quét chưa đọc được: không có lớp chữ dùng được và chưa cài tesseract — cài nhận dạng chữ OCR: "
        "apt-get install tesseract-ocr tesseract-ocr-vie (xem `vanban doctor`)")}
    assert [p.name for p in tmp_path.glob("*.json")] == [Path(GOOD[0]).stem + ".json"]
