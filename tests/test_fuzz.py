"""Fuzzing the readers and extractors: random text with Vietnamese fragments, and damaged file
bytes, never raise anything but a named `VanbanError`; every item keeps its quote.

300 examples per property in the normal suite; the slow run makes it 10,000+ in total."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import VanbanError
from pipeline.extract import extract
from pipeline.extracted import to_json, validate
from pipeline.load import load
from pipeline.normalize.legacy import fix_legacy

from .conftest import FORMATS, first_pages

FRAGMENTS = [
    "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ;", "Số: 15/KH-UBND", "Số: /QĐ-TTg",
    "Hà Nội, ngày 28 tháng 9 năm 2024", "ngày … tháng 12 năm 2022", "KẾ HOẠCH", "QUYẾT ĐỊNH:",
    "Điều 1.", "I. MỤC ĐÍCH, YÊU CẦU", "1.", "a)", "- ", "Sở Nội vụ chủ trì, phối hợp với Sở Tài chính",
    "báo cáo UBND tỉnh trước ngày 15/12/2024", "định kỳ hằng quý", "trong 15 ngày kể từ ngày ký",
    "Nơi nhận:", "- Như trên;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
    "Nguyễn Văn A", "19-KH/BCĐ", "225 - KH/TWĐTN-CTTN", "quý II/2023", "năm 2025", "| STT | Nội dung |",
    "Người ký: VĂN PHÒNG", "Thời gian ký: 25.09.2024 16:09:37 +07:00", "Céng hoµ x· héi", "Coäng hoaø",
    "Quyêìt ðiònh", "\u00ad", "\u200b", "\ufeff", "\t", "\n", "\n\n", "  ", "***", "**", "/", "…", "“", "”",
]
TEXT = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=30).map("".join)


def _extract_bytes(tmp: Path, name: str, data: bytes) -> None:
    path = tmp / name
    path.write_bytes(data)
    try:
        doc = load(path)
    except VanbanError:
        return
    record = to_json(extract(doc))
    validate(record)
    text = record["text"]
    for key in ("citations", "deadlines", "obligations"):
        for item in record[key]:
            assert 0 <= item["start"] <= item["end"] <= len(text)
            if "text" in item:
                assert text[item["start"]:item["end"]] == item["text"]


def _seed(name: str) -> bytes:
    return (FORMATS / name).read_bytes()


PDF = first_pages("vbai_bc-cchc-2025-lam-dong.pdf")  # a free PDF, never a set B or C copy
DOCX = _seed("vbai_tbkl-hop-pci-doanh-nghiep.docx")


def _docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    for para in text.split("\n"):
        document.add_paragraph("".join(ch for ch in para if ch.isprintable() or ch == "\t"))
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _mutate(data: bytes, cuts: list[tuple[int, int]]) -> bytes:
    out = bytearray(data)
    for pos, value in cuts:
        out[pos % len(out)] = value
    return bytes(out)


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                            HealthCheck.too_slow])
SLOW = settings(max_examples=3000, deadline=None, suppress_health_check=list(HealthCheck))


def _text_property(tmp_path: Path, text: str) -> None:
    _extract_bytes(tmp_path, "fuzz.txt", text.encode("utf-8"))


def _bytes_property(tmp_path: Path, data: bytes) -> None:
    _extract_bytes(tmp_path, "fuzz.bin", data)


def _pdf_property(tmp_path: Path, cuts: list[tuple[int, int]], keep: int) -> None:
    _extract_bytes(tmp_path, "fuzz.pdf", _mutate(PDF, cuts)[: max(keep, 10)])


def _legacy_property(text: str) -> None:
    fixed = fix_legacy(text)
    assert fix_legacy(fixed) == fixed  # once in Unicode, never converted again (a second pass garbles)


CUTS = st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=8)


@SETTINGS
@given(text=TEXT)
def test_fuzz_text(tmp_path: Path, text: str) -> None:
    _text_property(tmp_path, text)


@SETTINGS
@given(data=st.binary(max_size=2000))
def test_fuzz_bytes(tmp_path: Path, data: bytes) -> None:
    _bytes_property(tmp_path, data)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cuts=CUTS, keep=st.integers(0, len(PDF)))
def test_fuzz_damaged_pdf(tmp_path: Path, cuts: list[tuple[int, int]], keep: int) -> None:
    _pdf_property(tmp_path, cuts, keep)


@SETTINGS
@given(text=TEXT)
def test_fuzz_legacy(text: str) -> None:
    _legacy_property(text)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(text=TEXT)
def test_fuzz_docx(tmp_path: Path, text: str) -> None:
    _extract_bytes(tmp_path, "fuzz.docx", _docx_bytes(text))


@pytest.mark.slow
@SLOW
@given(text=TEXT)
def test_fuzz_text_slow(tmp_path: Path, text: str) -> None:
    _text_property(tmp_path, text)


@pytest.mark.slow
@SLOW
@given(data=st.binary(max_size=4000))
def test_fuzz_bytes_slow(tmp_path: Path, data: bytes) -> None:
    _bytes_property(tmp_path, data)


@pytest.mark.slow
@SLOW
@given(text=TEXT)
def test_fuzz_legacy_slow(text: str) -> None:
    _legacy_property(text)


@pytest.mark.slow
@settings(max_examples=1000, deadline=None, suppress_health_check=list(HealthCheck))
@given(cuts=CUTS, keep=st.integers(0, len(PDF)))
def test_fuzz_damaged_pdf_slow(tmp_path: Path, cuts: list[tuple[int, int]], keep: int) -> None:
    _pdf_property(tmp_path, cuts, keep)


@pytest.mark.slow
@settings(max_examples=1000, deadline=None, suppress_health_check=list(HealthCheck))
@given(cuts=CUTS)
def test_fuzz_damaged_docx_slow(tmp_path: Path, cuts: list[tuple[int, int]]) -> None:
    _extract_bytes(tmp_path, "fuzz.docx", _mutate(DOCX, cuts))


def test_fuzz_harness_small(tmp_path: Path) -> None:
    """`make fuzz` at a small size: mutated real sentences and Hypothesis fragments, each read and
    extracted with a time limit (here only a hang or an unhandled error fails: CI machines vary)."""
    from .fuzz import run

    total = run(150, jobs=1, seed=14, slow=30.0, limit=30.0, out=str(tmp_path))
    assert total.inputs == 150
    from .fuzz import _KEYED

    assert {"pipeline.extract.triggers", "pipeline.structure.outline", "pipeline.read.txt"} <= _KEYED
    assert total.failures == 0, (tmp_path / "failures.jsonl").read_text("utf-8")


def test_code_key_follows_the_source_the_fuzz_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fuzz's count belongs to a hash of the modules it has loaded and of data/: an edit of a
    module it never loaded (a site module) keeps the key, an edit of a loaded one or of a data file
    changes it."""
    import importlib
    import sys

    from .fuzz import code_version

    package = tmp_path / "fuzzkeyed"
    (package / "data").mkdir(parents=True)
    (package / "__init__.py").write_text("", "utf-8")
    (package / "extract.py").write_text("RULE = 1\n", "utf-8")
    (package / "site.py").write_text("PAGE = 1\n", "utf-8")
    (package / "data" / "words.yaml").write_text("V: [giao]\n", "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.import_module("fuzzkeyed.extract")
    try:
        key = code_version("fuzzkeyed")
        (package / "site.py").write_text("PAGE = 2\n", "utf-8")
        assert code_version("fuzzkeyed") == key
        (package / "extract.py").write_text("RULE = 2\n", "utf-8")
        edited = code_version("fuzzkeyed")
        assert edited != key
        (package / "data" / "words.yaml").write_text("V: [giao, chủ trì]\n", "utf-8")
        assert code_version("fuzzkeyed") not in (key, edited)
    finally:
        for name in [n for n in sys.modules if n == "fuzzkeyed" or n.startswith("fuzzkeyed.")]:
            del sys.modules[name]
