"""Legacy Vietnamese encodings to Unicode: TCVN3 (ABC), VNI-Windows, and Windows-1258 text that
was decoded as cp1252. The code tables are data (`pipeline/data/tcvn3.tsv`, `vni.tsv`).

Old DOC, DOCX and PDF files typed in `.VnTime` or `VNI-Times` reach us as Latin-1 look-alikes:
`Céng hoµ x· héi` (TCVN3), `Coäng hoaø xaõ hoäi` (VNI). The same bytes are valid Latin-1, so a
text is converted only when (1) a font name says so (`encoding_of_font`), or (2) it holds
characters no Unicode Vietnamese text uses (`µ`, `ø`, `Ö`, ...) and the converted text is far more
Vietnamese than the original, by the syllable check of `read/quality.py`.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any, Protocol, TypeVar

log = logging.getLogger(__name__)


class _HasText(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def cells(self) -> tuple[str, ...]: ...


_B = TypeVar("_B", bound=_HasText)

ENCODINGS = ("tcvn3", "vni", "cp1258")
MIN_GAIN = 0.2  # the converted text must score this much higher ...
MIN_SCORE = 0.7  # ... and at least this high
MIN_TELLTALES = 3  # characters of the Latin-1 block that Vietnamese does not use

# Latin-1 letters Vietnamese uses; any other character of U+00A0–U+00FF is a tell-tale
_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ\u00a0")
# a character beyond Latin-1 and cp1252 (ư, ạ, ế, ...): the text is already Unicode
# cp1258 tone marks 0xCC 0xEC 0xDE 0xD2 0xF2 seen as cp1252 (Ì ì Þ Ò ò) after a vowel
_CP1258_TONE = re.compile("(?i)[aeiouyâêôõý](?=[ÌìÞÒò])")
_UNICODE_ONLY = re.compile("[\u0100-\u024f\u0300-\u036f\u1e00-\u1eff]")


def _table(name: str) -> dict[str, str]:
    text = resources.files("pipeline").joinpath(f"data/{name}").read_text("utf-8")
    out = {}
    for line in text.splitlines()[1:]:
        if not line or line.startswith(("#", "code\t")):
            continue
        code, letter = line.split("\t")
        out[chr(int(code[2:], 16)) if code.startswith("U+") else code] = letter
    return out


@cache
def _tcvn3() -> dict[str, str]:
    return _table("tcvn3.tsv")


@cache
def _vni() -> tuple[dict[str, str], re.Pattern[str]]:
    table = _table("vni.tsv")
    table |= {code.upper(): letter.upper() for code, letter in table.items()}
    codes = sorted(table, key=len, reverse=True)  # longest match first
    return table, re.compile("|".join(map(re.escape, codes)))


def encoding_of_font(font: str | None) -> str | None:
    """'tcvn3' for `.VnTime`, `.VnArialH`, ...; 'vni' for `VNI-Times`, ...; else None."""
    if not font:
        return None
    name = font.strip()
    if name.startswith(".Vn") or name.startswith("VN3-"):
        return "tcvn3"
    if name.upper().startswith("VNI-") or name.upper().startswith("VNI "):
        return "vni"
    return None


def is_capital_font(font: str | None) -> bool:
    """TCVN3 capital fonts (`.VnTimeH`, `.VnArialH`) draw lower-case codes as capitals."""
    return bool(font) and encoding_of_font(font) == "tcvn3" and str(font).rstrip().endswith("H")


# ------------------------------------------------------------------ conversion

_WORD = re.compile(r"\S+")


def _upper_words(text: str) -> str:
    """TCVN3 has no toned capitals: in a word whose ASCII letters are all capitals (`CéNG`), or a
    one-ASCII-letter word between such words (`X·` in `HOµ X· HéI`), the rest are capitals too."""
    words = list(_WORD.finditer(text))

    def caps(w: str) -> int:  # 2 = clearly upper, 1 = one capital only, 0 = not upper
        ascii_letters = [c for c in w if c.isascii() and c.isalpha()]
        if not ascii_letters or not all(c.isupper() for c in ascii_letters) or w.isupper():
            return 0
        return 2 if len(ascii_letters) >= 2 else 1

    kinds = [caps(m.group()) for m in words]
    out, pos = [], 0
    for i, m in enumerate(words):
        up = kinds[i] == 2 or (
            kinds[i] == 1
            and ((i > 0 and kinds[i - 1] == 2 or i > 0 and words[i - 1].group().isupper())
                 and (i + 1 < len(words) and (kinds[i + 1] == 2 or words[i + 1].group().isupper())))
        )
        out.append(text[pos : m.start()])
        out.append(m.group().upper() if up else m.group())
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def from_tcvn3(text: str, capitals: bool = False) -> str:
    table = _tcvn3()
    out = _restore_u_horn("".join(table.get(ch, ch) for ch in text))
    return out.upper() if capitals else _upper_words(out)


# ư is 0xAD, the soft hyphen: some extractors turn it into `-` (`M-ờng`, `tr-ớc`)
_HYPHEN_IN_WORD = re.compile(r"\b([^\W\d_]+)-([^\W\d_]+)\b")


def _restore_u_horn(text: str) -> str:
    from .read.quality import is_syllable  # here, not at the top: normalize imports this module

    def fix(m: re.Match[str]) -> str:
        left, right = m.groups()
        u = "Ư" if left[-1:].isupper() and right[:1].isupper() else "ư"
        word = left + u + right
        return word if is_syllable(word) else m.group()

    return _HYPHEN_IN_WORD.sub(fix, text)


def from_vni(text: str) -> str:
    table, pattern = _vni()
    return pattern.sub(lambda m: table[m.group()], text)


def from_cp1258(text: str) -> str:
    """Text whose cp1258 bytes were decoded as cp1252 (`Quyêìt ðiònh`), re-decoded and composed."""
    try:
        raw = text.encode("cp1252")
    except UnicodeEncodeError:
        return text
    return unicodedata.normalize("NFC", raw.decode("cp1258", errors="replace"))


def convert(text: str, encoding: str) -> str:
    if encoding == "tcvn3":
        return from_tcvn3(text)
    if encoding == "vni":
        return from_vni(text)
    if encoding == "cp1258":
        return from_cp1258(text)
    raise ValueError(f"unknown legacy encoding {encoding!r}")


# ------------------------------------------------------------------ detection


def telltales(text: str) -> int:
    """Characters of U+00A0–U+00FF that Vietnamese in Unicode does not use (µ ¸ ¶ ø ï Ö ð ...),
    and cp1258 tone bytes read as cp1252 letters right after a vowel (`Quyêìt`, `cuÒa`)."""
    odd = sum(1 for ch in text if "\u00a0" <= ch <= "\u00ff" and ch not in _VIETNAMESE_LATIN1)
    return odd + len(_CP1258_TONE.findall(text))


@dataclass(frozen=True)
class Verdict:
    encoding: str | None  # None: the text is Unicode (or cannot be told)
    before: float
    after: float


def detect(text: str) -> Verdict:
    """Which legacy encoding this text is in, if any, judged by tell-tales and syllable scores."""
    from .read.quality import measure  # here, not at the top: normalize imports this module

    if telltales(text) < MIN_TELLTALES or _UNICODE_ONLY.search(text):
        return Verdict(None, 1.0, 1.0)  # nothing to convert: not scored
    before = measure(text).score
    best: Verdict = Verdict(None, before, before)
    for encoding in ENCODINGS:
        q = measure(convert(text, encoding))
        if q.words >= 3 and q.score >= MIN_SCORE and q.score >= before + MIN_GAIN and q.score > best.after:
            best = Verdict(encoding, before, q.score)
    return best


def fix_legacy(text: str) -> str:
    """The text in Unicode: converted when `detect` finds a legacy encoding, else unchanged."""
    verdict = detect(text)
    return convert(text, verdict.encoding) if verdict.encoding else text


def fix_legacy_parts(parts: Sequence[str]) -> list[str]:
    """Decide once for a whole document's parts (paragraphs, cells), then convert every part that
    is not already Unicode, so short parts (`Sè:`) follow the document's encoding."""
    verdict = detect("\n".join(p for p in parts if not _UNICODE_ONLY.search(p)))
    if verdict.encoding is None:
        return list(parts)
    log.info("legacy encoding %s (syllable score %.2f → %.2f)", verdict.encoding, verdict.before, verdict.after)
    return [p if _UNICODE_ONLY.search(p) else convert(p, verdict.encoding) for p in parts]


def fix_legacy_blocks(blocks: Sequence[_B]) -> list[_B]:
    """The blocks of one document (objects with `text` and `cells`, e.g. `normalize.RawBlock`)
    with a legacy encoding converted, decided once for the whole document."""
    parts: list[str] = []
    for b in blocks:
        parts.append(b.text)
        parts.extend(b.cells)
    fixed = fix_legacy_parts(parts)
    if fixed == parts:
        return list(blocks)
    out, i = [], 0
    for b in blocks:
        n = len(b.cells)
        out.append(replace(b, text=fixed[i], cells=tuple(fixed[i + 1 : i + 1 + n])))  # type: ignore[type-var]
        i += 1 + n
    return out


# ------------------------------------------------------------------ font names (DOCX runs)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_run_text(t: Any) -> str:
    """Text of a DOCX `w:t`, converted when its run's font (`w:rFonts`) is a TCVN3 or VNI font."""
    text: str = t.text or ""
    run = t.getparent()
    fonts = run.find(f"{_W}rPr/{_W}rFonts") if run is not None else None
    if fonts is None or not text or _UNICODE_ONLY.search(text):
        return text
    font = fonts.get(_W + "ascii") or fonts.get(_W + "hAnsi")
    encoding = encoding_of_font(font)
    if encoding == "tcvn3":
        return from_tcvn3(text, capitals=is_capital_font(font))
    if encoding == "vni":
        return from_vni(text)
    return text


def decode_single_byte(data: bytes) -> str:
    """Bytes of a text file that is not UTF-8: TCVN3 or VNI where they read as such, else
    Windows-1258 (the tone marks then combining characters: normalised to NFC later)."""
    latin = data.decode("latin-1")
    verdict = detect(latin)
    if verdict.encoding in ("tcvn3", "vni"):
        return convert(latin, verdict.encoding)
    return data.decode("cp1258", errors="replace")


# ------------------------------------------------------------------ font names (PDF pages)

SAMPLE_CHARS = 3000  # characters per page whose font is looked up


def pdf_page_encodings(pdf_data: bytes, pages: Sequence[int]) -> dict[int, str]:
    """Pages (1-based) most of whose letters are drawn in a TCVN3 or VNI font, and that encoding."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    out: dict[int, str] = {}
    pdf = pdfium.PdfDocument(pdf_data)
    try:
        buf = ctypes.create_string_buffer(256)
        flags = ctypes.c_int()
        for n in pages:
            textpage = pdf[n - 1].get_textpage()
            votes: dict[str | None, int] = {}
            for i in range(min(textpage.count_chars(), SAMPLE_CHARS)):
                if not chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i)).isalpha():
                    continue
                pdfium_c.FPDFText_GetFontInfo(textpage.raw, i, buf, 256, ctypes.byref(flags))
                encoding = encoding_of_font(_base_font(buf.value.decode("latin-1")))
                votes[encoding] = votes.get(encoding, 0) + 1
            best = max(votes, key=lambda k: votes[k], default=None)
            if best is not None:
                out[n] = best
    finally:
        pdf.close()
    return out


def _base_font(name: str) -> str:
    """`ABCDEF+.VnTime` (a subset) → `.VnTime`."""
    return name.split("+", 1)[1] if re.match(r"^[A-Z]{6}\+", name) else name


class _HasPage(_HasText, Protocol):
    @property
    def page(self) -> int | None: ...


_P = TypeVar("_P", bound=_HasPage)


def fix_pdf_fonts(pdf_data: bytes, blocks: Sequence[_P]) -> list[_P]:
    """PDF blocks with the text of pages set in TCVN3/VNI fonts converted to Unicode. Only pages
    whose text holds Latin-1 letters are looked at (a Unicode page is left alone unread)."""
    suspects = sorted({b.page for b in blocks if b.page and telltales(b.text + "".join(b.cells))})
    if not suspects:
        return list(blocks)
    encodings = pdf_page_encodings(pdf_data, suspects)
    if not encodings:
        return list(blocks)
    log.info("legacy fonts on pages %s", encodings)
    out = []
    for b in blocks:
        enc = encodings.get(b.page or 0)
        if enc is None or _UNICODE_ONLY.search(b.text):
            out.append(b)
        else:
            out.append(replace(b, text=convert(b.text, enc),  # type: ignore[type-var]
                               cells=tuple(convert(c, enc) for c in b.cells)))
    return out
