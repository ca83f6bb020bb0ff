"""Legacy Vietnamese encodings to Unicode: TCVN3 (ABC), VNI-Windows, and Windows-1258 text that
was decoded as cp1252. The code tables are data (`pipeline/data/tcvn3.tsv`, `vni.tsv`).

Old DOC, DOCX and PDF files typed in `.VnTime` or `VNI-Times` reach us as Latin-1 look-alikes:
`Céng hoµ x· héi` (TCVN3), `Coäng hoaø xaõ hoäi` (VNI). The same bytes are valid Latin-1, so a
text is converted only when (1) a font name says so (`encoding_of_font`), or (2) it holds
characters no Unicode Vietnamese text uses (`µ`, `ø`, `Ö`, ...) and the converted text is far more
Vietnamese than the original, by the syllable check of `syllables.py`.

Ground floor: the code tables and the detection, used by the readers (fonts, bytes: read/fonts.py)
and by normalisation (a whole document's blocks: normalize/legacy.py).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .syllables import is_syllable, measure

ENCODINGS = ("tcvn3", "vni", "cp1258")
MIN_GAIN = 0.2  # the converted text must score this much higher ...
MIN_SCORE = 0.7  # ... and at least this high
MIN_TELLTALES = 3  # characters of the Latin-1 block that Vietnamese does not use

# Latin-1 letters Vietnamese uses; any other character of U+00A0–U+00FF is a tell-tale
_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ\u00a0")
# a character beyond Latin-1 and cp1252 (ư, ạ, ế, ...): the text is already Unicode
# cp1258 tone marks 0xCC 0xEC 0xDE 0xD2 0xF2 seen as cp1252 (Ì ì Þ Ò ò) after a vowel
_CP1258_TONE = re.compile("(?i)[aeiouyâêôõý](?=[ÌìÞÒò])")
UNICODE_ONLY = re.compile("[\u0100-\u024f\u0300-\u036f\u1e00-\u1eff]")


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
    if telltales(text) < MIN_TELLTALES or UNICODE_ONLY.search(text):
        return Verdict(None, 1.0, 1.0)  # nothing to convert: not scored
    before = measure(text).score
    best: Verdict = Verdict(None, before, before)
    for encoding in ENCODINGS:
        q = measure(convert(text, encoding))
        if q.words >= 3 and q.score >= MIN_SCORE and q.score >= before + MIN_GAIN and q.score > best.after:
            best = Verdict(encoding, before, q.score)
    return best
