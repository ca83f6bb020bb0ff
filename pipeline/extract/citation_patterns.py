"""Regexes for cited numbers and type words, built from named fragments and the data catalogue.

The catalogue is `pipeline/data/doc_types.yaml` (types, codes, families), with the wordings of
`pipeline/data/citation_types.yaml` added, and
`pipeline/data/issuer_codes.tsv` (codes after the slash). Three number shapes (domain doc §6):

- legal normative   `04/2015/NĐ-CP`, `10/2022/QH15`, `55/2005/TTLT-BNV-VPCP`
- Party, Đoàn       `19-KH/BCĐ`, `11-QĐi/TW`, `225 - KH/TWĐTN-CTTN`, `84 QĐ/TWĐTN`, `18/KH/TĐTN-CTĐTTN`
- administrative    `123/KH-UBND`, `45/UBND-VP`, `30c/NQ-CP`, `15972/SXD-QLN& TTBĐS`
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..datafiles import load_yaml

DASHES = "-‐‑‒–—−"
DASH_CLASS = r"\-‐‑‒–—−"  # for use inside [...]: the hyphen escaped
DASH = f"[{DASH_CLASS}]"
DASH_TABLE = dict.fromkeys(map(ord, DASHES), "-")


@dataclass(frozen=True)
class DocType:
    name: str | None  # None for a generic word (văn bản): the type then comes from the code
    words: tuple[str, ...]
    abbr: tuple[str, ...]
    families: tuple[str, ...]


def _load(name: str) -> list[dict]:
    return load_yaml(resources.files("pipeline").joinpath(f"data/{name}").read_text("utf-8")) or []


@cache
def doc_types() -> tuple[DocType, ...]:
    """doc_types.yaml (the shared catalogue), with the citation wordings of citation_types.yaml added."""
    merged: dict[str | None, dict[str, list[str]]] = {}
    for r in _load("doc_types.yaml") + _load("citation_types.yaml"):
        t = merged.setdefault(r["name"], {"words": [r["name"]] if r["name"] else [], "abbr": [], "families": []})
        for field in ("words", "abbr", "families"):
            t[field] += [x for x in r.get(field) or () if x not in t[field]]
    return tuple(
        DocType(name, tuple(t["words"]), tuple(t["abbr"]), tuple(t["families"])) for name, t in merged.items()
    )


@cache
def issuer_codes() -> dict[str, str]:
    """Issuer code → family (state, party, youth, front)."""
    text = resources.files("pipeline").joinpath("data/issuer_codes.tsv").read_text("utf-8")
    out = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            code, _body, family = line.split("\t")[:3]
            out[code] = family
    return out


@cache
def local_issuers() -> frozenset[str]:
    """Issuer codes that many bodies use (UBND, TU, TĐTN…): their numbers repeat across places."""
    text = resources.files("pipeline").joinpath("data/issuer_codes.tsv").read_text("utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return frozenset(r[0] for r in rows if len(r) > 3 and r[3].strip() == "local")


@cache
def type_by_word() -> dict[str, str | None]:
    """Folded type word (lower case, single spaces) → type name."""
    out: dict[str, str | None] = {}
    for t in doc_types():
        for w in t.words:
            out.setdefault(fold_word(w), t.name)
    return out


def fold_word(word: str) -> str:
    return " ".join(word.lower().split())


def _word_alt(words: list[str]) -> str:
    """Longest first; spaces optional (Party PDFs glue words: `Nghịquyết`, `Chỉ thịsố`)."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(r"\s*".join(map(re.escape, w.split())) for w in ordered)


def all_abbrs() -> list[str]:
    return sorted({a for t in doc_types() for a in t.abbr}, key=len, reverse=True)


# ------------------------------------------------------------------ the number

NUM = r"(?P<n>\d{1,5}(?:\.\d{1,3})?[a-zđ]?)"  # 30c/NQ-CP; 66.7/2025/NQ-CP (series of one resolution)
YEAR = r"(?P<year>(?:19|20)\d{2})"
# one code piece: upper-case letters and digits, `&` inside (QLN&TTBĐS, CTĐ&TTN), at most one
# lower-case letter at the end (TTg, QĐi, CTr); it must end the word (or run into a glued `ngày`)
PIECE = r"""(?>[A-ZĐ][A-ZĐ0-9]*(?:&\s?[A-ZĐ][A-ZĐ0-9]*)*)(?:[a-zđ](?![a-zđà-ỹ]))?"""
END = r"""(?:(?!\w)|(?=ngày|của|về|và|tại|do|đã|được))"""
# pieces joined by a dash; a line may break after the dash (`117/QĐ-⏎UBND` in PDF text)
CODE = rf"""{PIECE}{END}(?:[ ]?{DASH}(?:[ ]|[ ]?\n\s{{0,3}})?{PIECE}{END})*"""


@cache
def number_regex() -> re.Pattern[str]:
    # known type codes, or any short code (checked against a type word in extract/citations.py)
    party_types = "|".join(map(re.escape, all_abbrs())) + r"|[A-ZĐ]{2,5}[a-z]?"
    return re.compile(
        rf"""(?<![\d/.,:{DASH_CLASS}A-Za-z]) {NUM}
        (?:
            \s*/\s*{YEAR}\s*/\s*(?P<lcode>{CODE})                                 # 04/2015/NĐ-CP
          | (?:[ ]?{DASH}(?:[ ]|[ ]?\n\s{{0,3}})?|[ ]|/)(?P<ptype>{party_types})(?P<pslash>\s*/\s*|[ ])(?P<pcode>{CODE}) # 19-KH/BCĐ
          | [ ]?/[ ]?(?P<acode>{CODE})                                            # 123/KH-UBND, 45/UBND
        )""",
        re.VERBOSE,
    )


# ------------------------------------------------------------------ words around the number

# `số`, and how OCR and old fonts spell it: `sô`, `sỗ`, `so`
SO = r"(?:s[ốôồổỗộo]|S[ốỐ])"


def type_word_regex() -> re.Pattern[str]:
    """A type word right before a number: `Nghị định số`, `Công văn`, `các văn bản số:`, `Chỉ thịsố`."""
    words = _word_alt([w for t in doc_types() for w in t.words])
    return re.compile(
        rf"""(?P<type>{words})(?P<plural>\s*:)?\s*(?:{SO}\s*(?:[:.]\s*)?)?(?:\(\s*)?$""",
        re.IGNORECASE,
    )


def far_type_regex() -> re.Pattern[str]:
    """A capitalised type word followed by a name, then `số` right before the number:
    `Luật Đất đai số 13/2003/QH11`; the name may wrap onto the next line (`Luật Tiếp cận\nthông tin số …`),
    never across a blank line."""
    words = _word_alt([w for t in doc_types() if t.name for w in t.words if w[0].isupper() and len(w) > 3])
    return re.compile(rf"""(?P<type>{words})(?P<name>(?:[^;:\n.()\d]|\n(?![ \t]*\n)){{2,160}}?)\s+s[ốôo]\s*:?\s*$""")


DATE = rf"""(?:
    (?P<d>[0-3]?\d)\s*(?P<sep>[/.{DASH_CLASS}])\s*(?P<m>[01]?\d)\s*(?P=sep)\s*(?P<y>(?:19|20)\d{{2}})
  | (?P<ld>[0-3]?\d)\s+tháng\s+(?P<lm>[01]?\d)\s+n[ăaá]m\s+(?P<ly>(?:19|20)\d{{2}})
)"""

DATE_TAIL = re.compile(
    rf"""\s*[,(]?\s*(?:được\s+)?(?:ban\s+hành\s+|ký\s+)?(?:vào\s+)?ngày\s*{DATE}(?!\d)""",
    re.VERBOSE | re.IGNORECASE,
)
# `của Chính phủ`, `của Ban Thường vụ Tỉnh ủy`: the issuer ends at a date, a subject or punctuation
ISSUER_TAIL = re.compile(
    r"""\s*,?\s*(?:của|do)\s+(?P<issuer>[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÍÌỈĨỊÚÙỦŨỤÝỲỶỸỴÉÈẺẼẸÓÒỎÕỌ]
        (?:(?!\s+(?:về|ngày|ban\s+hành|quy\s+định|hướng\s+dẫn|phê\s+duyệt|thành\s+lập|triển\s+khai|thực\s+hiện
                |sửa\s+đổi|và\s+(?:các|số|Nghị|Quyết|Kế|Công|Chỉ|Thông))\b)
           [^,;.:()\d]){1,80})""",
    re.VERBOSE,
)
SUBJECT_TAIL = re.compile(
    r"""\s*,?\s*(?:về\s+việc\s+|về\s+|V/v\s+|(?=(?:ban\s+hành|phê\s+duyệt|quy\s+định|hướng\s+dẫn|sửa\s+đổi|thành\s+lập
        |triển\s+khai|thực\s+hiện)\s))(?P<subject>[^;:()]{3,300}?)(?=\s*(?:[;:()]|\.\s|\.$|\n\s*[-+•*]|\n\s*\d+[.)]|$))""",
    re.IGNORECASE | re.VERBOSE,
)
# what may stand between two citations of one list: `, `, `; `, `và`, `số`
LIST_GAP = re.compile(r"""^\s*(?:[,;]|và|,\s*và|;\s*và)?\s*(?:số\s*:?\s*)?$""", re.IGNORECASE)


_SPACES = re.compile(r"\s+")
_SO = re.compile(r"^(?:Số|số)[:.]?")


def normalise_number(raw: str) -> str:
    """The number as written, spaces removed, dashes unified, no `số`."""
    text = _SPACES.sub("", raw.translate(DASH_TABLE))
    return _SO.sub("", text).strip(".,;:")
