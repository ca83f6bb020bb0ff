"""Legacy encodings: TCVN3, VNI and mis-decoded Windows-1258 to Unicode (tests/cases/legacy.yaml)."""
from __future__ import annotations

import unicodedata
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
import yaml

from pipeline.charsets import convert, detect, encoding_of_font, from_tcvn3
from pipeline.load import load
from pipeline.normalize.legacy import fix_legacy, fix_legacy_parts

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "legacy.yaml").read_text("utf-8"))
ROWS = [(enc, row) for enc in ("tcvn3", "vni", "cp1258") for row in CASES[enc]]


@pytest.mark.parametrize(("encoding", "row"), ROWS, ids=[r["unicode"] for _, r in ROWS])
def test_convert(encoding: str, row: dict) -> None:
    assert convert(row["raw"], encoding) == row["unicode"]


@pytest.mark.parametrize(("encoding", "row"), [r for r in ROWS if r[1]["detect"]],
                         ids=[r["unicode"] for _, r in ROWS if r["detect"]])
def test_detect_from_text_alone(encoding: str, row: dict) -> None:
    assert detect(row["raw"]).encoding == encoding
    assert fix_legacy(row["raw"]) == row["unicode"]


@pytest.mark.parametrize("text", CASES["unicode"])
def test_unicode_left_alone(text: str) -> None:
    assert detect(text).encoding is None
    assert fix_legacy(text) == text
    assert fix_legacy_parts([text, text]) == [text, text]


def test_short_parts_follow_the_document() -> None:
    """`Sè:` alone is not evidence, but in a TCVN3 document it is converted with the rest."""
    raw = [row["raw"] for row in CASES["tcvn3"]]
    fixed = fix_legacy_parts(raw + ["Sè: 15/Q§-UBND", "Cộng hoà xã hội"])
    assert fixed[-2:] == ["Số: 15/QĐ-UBND", "Cộng hoà xã hội"]
    assert fixed[: len(raw)] == [row["unicode"] for row in CASES["tcvn3"]]


@pytest.mark.parametrize(("font", "encoding"), [
    (".VnTime", "tcvn3"), (".VnTimeH", "tcvn3"), (".VnArial", "tcvn3"), ("VNI-Times", "vni"),
    ("VNI-Helve", "vni"), ("Times New Roman", None), ("Arial", None), (None, None),
])
def test_encoding_of_font(font: str | None, encoding: str | None) -> None:
    assert encoding_of_font(font) == encoding


def test_capital_font() -> None:
    assert from_tcvn3("quyÕt ®Þnh", capitals=True) == "QUYẾT ĐỊNH"


# ------------------------------------------------------------------ through the readers


def _docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    buf = BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_tcvn3_docx_read_as_unicode(tmp_path: Path) -> None:
    raw = [r["raw"] for r in CASES["tcvn3"]]
    path = tmp_path / "kh-tcvn3.docx"
    path.write_bytes(_docx(raw))
    doc = load(path)
    assert doc.text.split("\n\n") == [r["unicode"] for r in CASES["tcvn3"]]


def test_vni_docx_read_as_unicode(tmp_path: Path) -> None:
    path = tmp_path / "cv-vni.docx"
    path.write_bytes(_docx([r["raw"] for r in CASES["vni"]]))
    assert load(path).text.split("\n\n") == [r["unicode"] for r in CASES["vni"]]
    assert zipfile.is_zipfile(path)


def _cp1258(text: str) -> bytes:
    """Text as Windows-1258 writes it: â ê ô ơ ư ă đ are letters, the tone a combining byte."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tone = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in tone)) + tone)
    return "".join(out).encode("cp1258")


def test_cp1258_text_file_is_nfc(tmp_path: Path) -> None:
    """A text file saved in Windows-1258: tone marks are combining bytes; the text is stored NFC."""
    path = tmp_path / "tb-cp1258.txt"
    path.write_bytes(_cp1258("Quyết định số 15/QĐ-UBND của Ủy ban nhân dân tỉnh\n"))
    assert load(path).text == "Quyết định số 15/QĐ-UBND của Ủy ban nhân dân tỉnh"


def test_cp1258_misread_as_cp1252_repaired(tmp_path: Path) -> None:
    path = tmp_path / "tb-misread.txt"
    text = "Quyết định số 15/QĐ-UBND của Ủy ban nhân dân tỉnh về việc tổ chức thực hiện"
    path.write_text(_cp1258(text).decode("cp1252"), "utf-8")
    assert load(path).text == text


def _docx_runs(runs: list[tuple[str, str | None]]) -> bytes:
    """One paragraph per (text, font) run; font None keeps the document default."""
    import docx

    document = docx.Document()
    for text, font in runs:
        run = document.add_paragraph().add_run(text)
        if font:
            run.font.name = font
    buf = BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_docx_runs_converted_by_font_name(tmp_path: Path) -> None:
    """Font names decide even where the text alone would not (`Sè:` is too short to tell)."""
    path = tmp_path / "qd-fonts.docx"
    path.write_bytes(_docx_runs([
        ("Sè: 15/Q§-UBND", ".VnTime"),
        ("quyÕt ®Þnh", ".VnTimeH"),
        ("Soá: 16/QÑ-UBND", "VNI-Times"),
        ("Cộng hoà xã hội chủ nghĩa Việt Nam", "Times New Roman"),
        ("café São Tomé", "Times New Roman"),
    ]))
    assert load(path).text.split("\n\n") == [
        "Số: 15/QĐ-UBND", "QUYẾT ĐỊNH", "Số: 16/QĐ-UBND", "Cộng hoà xã hội chủ nghĩa Việt Nam", "café São Tomé"]


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_single_byte_text_file(tmp_path: Path, encoding: str) -> None:
    """A .txt saved by an old editor in TCVN3 or VNI bytes (not UTF-8) is read as Unicode."""
    rows = [r for r in CASES[encoding] if r["detect"]]
    path = tmp_path / f"kh-{encoding}.txt"
    path.write_bytes("\n\n".join(r["raw"] for r in rows).encode("cp1252"))
    assert load(path).text.split("\n\n") == [r["unicode"] for r in rows]


def _pdf(lines: list[str], font: str) -> bytes:
    """A one-page PDF drawing `lines` (cp1252 bytes) in a non-embedded font named `font`."""
    def esc(line: str) -> bytes:
        return line.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")

    content = b"BT /F1 11 Tf 60 780 Td 16 TL " + b" ".join(b"(" + esc(x) + b") '" for x in lines) + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >>"
        b" /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /TrueType /BaseFont /" + font.encode() + b" /Encoding /WinAnsiEncoding >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


@pytest.mark.parametrize(("encoding", "font"), [("tcvn3", ".VnTime"), ("vni", "VNI-Times")])
def test_pdf_in_legacy_font(tmp_path: Path, encoding: str, font: str) -> None:
    rows = CASES[encoding]
    path = tmp_path / f"qd-{encoding}.pdf"
    path.write_bytes(_pdf([r["raw"] for r in rows], font))
    # the PDF reader joins lines into paragraphs: compare the words in order
    assert load(path).text.split() == " ".join(r["unicode"] for r in rows).split()


def test_pdf_page_encodings_by_font_name() -> None:
    from pipeline.read.fonts import pdf_page_encodings

    assert pdf_page_encodings(_pdf(["QuyÕt ®Þnh"], "ABCDEF+.VnTimeH"), [1]) == {1: "tcvn3"}
    assert pdf_page_encodings(_pdf(["café"], "Times-Roman"), [1]) == {}
