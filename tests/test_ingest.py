"""`vanban ingest` never serves stale data and never publishes what it should not (issue 14):
an interrupted run is repaired by the next, one ingest at a time, results kept as each file
finishes, per-file limits, symlinks refused, one id per file."""
from __future__ import annotations

import io
import os
import shutil
import sqlite3
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pipeline import manifest
from pipeline.cli import main
from pipeline.ingest import incremental
from pipeline.limits import Limits
from pipeline.lock import exclusive

from .conftest import DEV, ROOT

DOCS = ["050_cv-vpcp.txt", "072_cv-giao-so-tnmt-bao-cao-1783-binh-thuan.txt", "051_cv-cuc-thue.txt"]


def _corpus(tmp_path: Path, names: list[str] = DOCS[:2]) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(DEV / name, corpus / name)
    return corpus


def _ingest(tmp_path: Path, *extra: str) -> Result:
    args = ["ingest", str(tmp_path / "corpus"), "--extracted", str(tmp_path / "ex"), "--db", str(tmp_path / "v.db"),
            "-s", "-j", "1", *extra]
    return CliRunner().invoke(main, args)


def _ids(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute("select id from documents order by id")]


def _errors(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        return {Path(s).name: e for s, e in conn.execute("select source, error from ingest_errors")}


def test_ingest_killed_before_the_swap_is_repaired_by_the_next(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The manifest was saved before the database was built: after a kill there the next run said
    '0 tệp đã đọc, 2 tệp không đổi' and served the old corpus."""
    from pipeline import store

    corpus = _corpus(tmp_path)
    assert _ingest(tmp_path).exit_code == 0
    shutil.copy(DEV / DOCS[2], corpus / DOCS[2])

    def killed(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt  # what a kill -9 in the build leaves: extracted/ new, the database old

    monkeypatch.setattr(store, "build", killed)
    assert _ingest(tmp_path).exit_code != 0
    monkeypatch.undo()
    again = _ingest(tmp_path)
    assert again.exit_code == 0, again.output
    assert "0 tệp đã đọc, 3 tệp không đổi, 0 tệp lỗi" in again.stderr
    assert _ids(tmp_path / "v.db") == sorted(Path(n).stem for n in DOCS)


def test_a_stopped_batch_keeps_the_files_it_finished(tmp_path: Path) -> None:
    """Results and manifest were written only at the end: stopping a batch lost all finished work."""
    corpus = _corpus(tmp_path, DOCS)
    files = sorted(corpus.iterdir())
    done: list[str] = []

    def stop_after_two(outcome: object) -> None:
        done.append(str(outcome))
        if len(done) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        incremental(files, tmp_path / "ex", progress=stop_after_two)
    assert sorted(manifest.load(tmp_path / "ex")) == [f.stem for f in files[:2]]
    batch = incremental(files, tmp_path / "ex")
    assert [(o.path, o.skipped) for o in batch.outcomes] == [(files[0], True), (files[1], True), (files[2], False)]


def test_progress_names_the_file_being_read(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    files = sorted(corpus.iterdir())
    named: list[Path] = []
    incremental(files, tmp_path / "ex", waiting=named.append)
    assert named == files


def test_second_ingest_says_another_is_running(tmp_path: Path) -> None:
    """Two ingests at once crashed with raw tracebacks and could leave a stale database."""
    _corpus(tmp_path)
    with exclusive([tmp_path / "ex", tmp_path / "v.db"]):
        busy = _ingest(tmp_path, "--no-wait")
    assert busy.exit_code == 1 and busy.exception is not None and isinstance(busy.exception, SystemExit)
    assert "một lần nạp khác đang chạy (tiến trình " in busy.stderr and "Traceback" not in busy.output
    assert not (tmp_path / "v.db").exists()
    assert _ingest(tmp_path).exit_code == 0


def test_leftovers_of_a_killed_run_are_removed(tmp_path: Path) -> None:
    _corpus(tmp_path)
    assert _ingest(tmp_path).exit_code == 0
    left = [tmp_path / "v.db.new", tmp_path / "ex" / "050_cv-vpcp.json.tmp", tmp_path / "ex" / ".manifest.json.tmp"]
    for path in left:
        path.write_bytes(b"half written")
    assert _ingest(tmp_path).exit_code == 0
    assert [p for p in left if p.exists()] == []


def test_symlinks_are_refused_and_never_published(tmp_path: Path) -> None:
    """A link in corpus/ to the system's password file was served as a document."""
    corpus = _corpus(tmp_path, DOCS[:1])
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("Sở Nội vụ chủ trì báo cáo UBND tỉnh trước ngày 15/12/2026. Mật khẩu: abc\n", "utf-8")
    (corpus / "passwd.txt").symlink_to("/etc/passwd")
    (corpus / "secret.txt").symlink_to(secret)
    result = _ingest(tmp_path)
    assert result.exit_code == 0, result.output
    assert _ids(tmp_path / "v.db") == ["050_cv-vpcp"]
    errors = _errors(tmp_path / "v.db")
    assert set(errors) == {"passwd.txt", "secret.txt"}
    assert all("từ chối: liên kết tượng trưng" in e for e in errors.values())
    assert sum("từ chối: liên kết tượng trưng" in line for line in result.stderr.splitlines()) == 2
    with sqlite3.connect(tmp_path / "v.db") as conn:
        assert conn.execute("select count(*) from documents where text like '%Mật khẩu%' or text like '%root:%'"
                            ).fetchone() == (0,)


def test_files_sharing_a_name_both_ingested_with_url_safe_ids(tmp_path: Path) -> None:
    """x.txt beside x.docx shared the id x (one never appeared); '#' or '?' in an id broke links."""
    import docx

    corpus = _corpus(tmp_path, [])
    text = (DEV / DOCS[0]).read_text("utf-8")
    (corpus / "cv 15.txt").write_text(text, "utf-8")
    document = docx.Document()
    for para in text.split("\n"):
        document.add_paragraph(para)
    document.save(str(corpus / "cv 15.docx"))
    (corpus / "Công văn #3?.txt").write_text(text, "utf-8")
    result = _ingest(tmp_path)
    assert result.exit_code == 0, result.output
    assert _ids(tmp_path / "v.db") == ["Cong-van-3", "cv-15-docx", "cv-15-txt"]
    assert sorted(p.name for p in (tmp_path / "ex").glob("[!.]*.json")) == [
        "Cong-van-3.json", "cv-15-docx.json", "cv-15-txt.json"]


def test_a_failing_file_does_not_make_every_ingest_rebuild(tmp_path: Path) -> None:
    """A file that kept failing made every ingest rebuild the database (57 s at 100k duties)."""
    corpus = _corpus(tmp_path)
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    first = _ingest(tmp_path)
    assert "2 tệp đã đọc, 0 tệp không đổi, 1 tệp lỗi" in first.stderr
    built = os.stat(tmp_path / "v.db").st_mtime_ns
    time.sleep(0.01)
    second = _ingest(tmp_path)
    assert "0 tệp đã đọc, 2 tệp không đổi, 1 tệp lỗi" in second.stderr
    assert os.stat(tmp_path / "v.db").st_mtime_ns == built  # not rebuilt
    assert "broken.pdf" in _errors(tmp_path / "v.db")
    assert sum(line.startswith("lỗi: ") and "broken.pdf" in line for line in second.stderr.splitlines()) == 1


def test_time_limit_per_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No per-file time limit: one document could stall the batch for hours."""
    import pipeline.extract

    corpus = _corpus(tmp_path)
    slow_text = (DEV / DOCS[0]).read_text("utf-8") + "\nCHẬM\n"
    (corpus / "slow.txt").write_text(slow_text, "utf-8")
    real = pipeline.extract.extract

    def extract(doc):  # type: ignore[no-untyped-def]
        while "CHẬM" in doc.text:
            time.sleep(0.05)
        return real(doc)

    monkeypatch.setattr(pipeline.extract, "extract", extract)
    # the limit leaves room for the real files on a loaded machine (0.5 s stopped them too)
    first = _ingest(tmp_path, "--time-limit", "4")
    assert first.exit_code == 0, first.output
    assert "2 tệp đã đọc, 0 tệp không đổi, 1 tệp lỗi" in first.stderr
    assert f"lỗi: {corpus / 'slow.txt'}: đã dừng sau 4 giây (giới hạn thời gian mỗi tệp)" in first.stderr
    second = _ingest(tmp_path, "--time-limit", "4")  # same bytes, same limit: not tried again
    assert "0 tệp đã đọc, 2 tệp không đổi, 1 tệp lỗi" in second.stderr and "(tệp không đổi)" in second.stderr


def test_docx_whose_xml_unzips_to_190_mib_is_refused(tmp_path: Path) -> None:
    """A 677 kB DOCX whose XML is 190 MiB passed the zip-bomb cap and reached 3.7 GB of memory."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w") as f:
            f.write(b"<w:document>")
            chunk = b"<w:p><w:r><w:t>a</w:t></w:r></w:p>" * 30_000
            for _ in range(190 * 2**20 // len(chunk)):
                f.write(chunk)
    (tmp_path / "big.docx").write_bytes(buf.getvalue())
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "big.docx"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert "big.docx: quá lớn: phần XML sau khi giải nén 189 MiB (giới hạn 64 MiB)" in result.stderr


def test_text_cap(tmp_path: Path) -> None:
    from pipeline.ingest import extract_file

    outcome = extract_file(DEV / DOCS[0], Limits(text_chars=1000))
    assert outcome.kind == "TooLarge" and outcome.error is not None
    assert outcome.error.startswith(f"{DEV / DOCS[0]}: quá lớn: phần chữ ")


def test_code_stamp_follows_the_store_code(tmp_path: Path) -> None:
    """An upgrade that changes the store (a view, a column, a label) rebuilds the database at the next
    ingest even when no document changed: the state carries a hash of the code it is built with."""
    from pipeline import manifest

    package = tmp_path / "pipeline"
    for part in manifest.BUILT_WITH:
        src = ROOT / "pipeline" / part
        if src.is_dir():
            shutil.copytree(src, package / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (package / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(src, package / part)
    before = manifest.code_stamp(package)
    assert before == manifest.code_stamp(ROOT / "pipeline")
    (package / "store" / "views.py").write_text((package / "store" / "views.py").read_text("utf-8") + "\n# x\n", "utf-8")
    assert manifest.code_stamp(package) != before
