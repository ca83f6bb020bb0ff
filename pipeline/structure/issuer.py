"""The issuing body from the header's issuer block, presented in normal case.

The block holds the parent body above the issuing body (`ĐẢNG BỘ TỈNH KHÁNH HOÀ` / `ĐẢNG UỶ XÃ
CÔNG HẢI`); a long name wraps over lines (`ỦY BAN NHÂN` / `DÂN` / `TỈNH ĐỒNG THÁP`). The motto
columns (Quốc hiệu, `ĐẢNG CỘNG SẢN VIỆT NAM`, `ĐOÀN TNCS HỒ CHÍ MINH`) are removed first, since a
page-to-text conversion interleaves them with the block."""
from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

from ..datafiles import load_yaml
from ..syllables import is_syllable
from ..text import alternation, fold, new_tone_placement
from .lines import is_caps
from .titles import holder

_WS = r"\s+"
MOTTOS = re.compile(
    r"C[ỘỌÔO]NG\s+H[OÒ][AÀ]\s+X[ÃA]\s+H[ỘỌÔO]I\s+CH[ỦU]\s+NGH[ĨI]A\s+VI[ỆÊE]T\s+NAM"  # CỌNG HÒA XÃ HỌI: OCR
    r"|Độc\s+lập\s*[-–—]?\s*Tự\s+do\s*[-–—]?\s*Hạnh\s+phúc"
    r"|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM"
    r"|ĐOÀN\s+(?:TNCS|THANH\s+NIÊN\s+CỘNG\s+SẢN)\s+HỒ\s+CHÍ\s+MINH"
    r"|-{2,}|_{2,}|\*+|\|",
    re.IGNORECASE,
)
# the Hội's motto in the right column (its left column reads HỘI LHTN VIỆT NAM TỈNH … / ỦY BAN HỘI)
HOI_MOTTO = re.compile(r"^HỘI\s+LIÊN\s+HIỆP\s+THANH\s+NIÊN\s+VIỆT\s+NAM$")
YOUTH = re.compile(r"ĐOÀN\s+TNCS|ĐOÀN\s+THANH\s+NIÊN", re.IGNORECASE)
# secrecy, urgency and draft marks printed near the issuer block (NĐ 30/2020 boxes 10-11)
MARKS = re.compile(r"^(?:THƯỢNG KHẨN|KHẨN|HỎA TỐC|HOẢ TỐC|TỐI MẬT|TUYỆT MẬT|MẬT|DỰ THẢO.*|BẢN SAO.*|SAO Y.*)$")


@cache
def _words() -> dict[str, Any]:
    """pipeline/data/issuer.yaml: the words of an issuer block."""
    return load_yaml(resources.files("pipeline").joinpath("data/issuer.yaml").read_text("utf-8"))


def _spellings(phrases: list[str]) -> list[str]:
    """Each phrase, and with ỦY in the old tone placement (UỶ) too."""
    return [v for p in phrases for v in {p, p.replace("ỦY", "UỶ")}]


# words that open the name of a body: a line starting with one starts a new body in the block
HEADS = re.compile(
    r"^(?!" + alternation(_spellings(_words()["not_heads"]), r"\s+") + r")(?:"
    + alternation(_spellings(_words()["body_heads"] + list(_words()["ocr_heads"])), r"\s+") + r")\b"
)
# a body's first word as OCR reads it, its tone mark misread (TỎ CÔNG TÁC: TỔ; BỌ CÔNG AN: BỘ)
_OCR_HEADS: dict[str, str] = _words()["ocr_heads"]
_OCR_HEAD = re.compile(r"^(?:" + alternation(list(_OCR_HEADS)) + r")(?=\s)")
_OCR_PLACES: dict[str, str] = _words()["ocr_places"]
_OCR_PLACE = re.compile(r"\b(?:" + alternation(list(_OCR_PLACES), r"\s+") + r")\b")
# a province or city named after its level word at the end of a line of the block (TỈNH LÂM ĐỒNG)
_PROVINCE_AT_END = re.compile(r"\b(?:TỈNH|THÀNH\s+PHỐ|TP\.?)\s+(?P<name>[^\W\d_][^\d]*)$")
# the central committee above a board: the board's name takes "Trung ương" (Ban Tổ chức Trung ương)
CENTRAL = re.compile(r"^BAN\s+CHẤP\s+HÀNH\s+TRUNG\s+ƯƠNG$")
# a unit named only by its role: the body above completes its name (Văn phòng UBND tỉnh Bình Thuận)
GENERIC = re.compile(r"^(?:VĂN PHÒNG|BAN THƯỜNG TRỰC|BAN THƯỜNG VỤ|BAN CHẤP HÀNH|THƯỜNG TRỰC|(?:ỦY|UỶ) BAN HỘI)$")
# the issuer written in running text: "Ban Thường vụ Tỉnh đoàn xây dựng kế hoạch ...", and the subject of a
# letter's first sentence: "Sở Nội vụ đề nghị ..." (words: pipeline/data/issuer.yaml)
_AUTHOR = r"(?:^|(?<=[.;:,]\s)|(?<=\n))(?P<who>(?:{heads})\s[^.;:\n]{{{least},80}}?)\s+(?:{verbs})(?=\s)"
IN_TEXT = re.compile(
    _AUTHOR.format(heads=alternation(_words()["author_heads"], r"\s+"), least=2,
                   verbs=alternation(_words()["author_verbs"], r"\s+"))
    + r"\s+(?i:" + alternation(_words()["author_types"], r"\s+") + r")"
)
OPENING = re.compile(_AUTHOR.format(
    heads=alternation(_words()["author_heads"] + _words()["opening_heads"], r"\s+"), least=1,
    verbs=alternation(_words()["opening_verbs"], r"\s+")))
_OPENING_REACH = 600  # the body's first sentence or two, after Kính gửi and its list
_ADDRESS = re.compile(r"(?:[ \t]*(?:[Kk]ính\s+gửi\b[^\n]*|[-+•][^\n]*|)\n)*")
# the sender line of a công điện: "THỦ TƯỚNG CHÍNH PHỦ điện:", "BỘ TRƯỞNG BỘ Y TẾ điện:"
TELEGRAM = re.compile(r"^[ \t]*(?P<who>[^\W\d_a-zđà-ỹ][^\n:]{2,80}?)\s+điện\s*:", re.MULTILINE)
# TM. / T/M before the collective body that signs
AUTHORITY = re.compile(r"^(?:TM|T/M|T\.M)[.\s]\s*(?P<body>.+)$")
# the signer's own authority after the body's: TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH
INNER_AUTHORITY = re.compile(r"\s+(?:KT|TL|TUQ|K/T|T/L|Q)[.\s]")
# normal case: words kept capitalised, bodies and places after which the next words are a proper name (issuer.yaml)
_PROPER: dict[str, str] = {w.lower(): w for w in _words()["proper"]}
_NAMED_PLACE_BODIES = tuple(_words()["named_place_bodies"])
_PLACE_WORDS = tuple(_words()["place_words"])
_COMMON_NOUNS = frozenset(_words()["common_nouns"])
_ABBREVIATION = re.compile(r"[^\W\d_]{2,}(?:&[^\W\d_]+)*|[^\W\d_]+(?:&[^\W\d_]+)+")
_NAMED_AFTER = frozenset(_words()["named_after"])
_SCHOOL_LEVELS = frozenset(_words()["school_levels"])


def find_issuer(text: str, end: int) -> str | None:
    """The issuing body named in the block text[:end] (before `Số`, the date and the type line)."""
    return issuer_block(text, end)[0]


def issuer_block(text: str, end: int) -> tuple[str | None, tuple[str, ...]]:
    """(the issuing body, the bodies above it top down) of the block text[:end].

    The issuer is the lowest body of the block: `UBND TỈNH LÂM ĐỒNG` / `SỞ NỘI VỤ` is Sở Nội vụ, with
    UBND tỉnh Lâm Đồng above it. A unit named by its role alone takes the body above (`UBND TỈNH …` /
    `VĂN PHÒNG`: Văn phòng UBND tỉnh …), or the line under it when it opens the block (`VĂN PHÒNG` /
    `CHÍNH PHỦ`: one name wrapped)."""
    block = text[:end]
    youth = bool(YOUTH.search(block))
    rows = [re.sub(r"^(?:\S*\d\S*(?:\s+|$))+", "", r.strip()) for r in MOTTOS.sub("\n", block).split("\n")]  # OCR noise
    rows = [r for r in rows if r and is_caps(r) and not re.match(r"^(?:SỐ|V/V)\b", r) and not MARKS.match(r)]
    # the Hội's motto under its block (not the block's own first line), places OCR misread
    rows = [_read_place(r) for k, r in enumerate(rows) if not (k and HOI_MOTTO.match(" ".join(r.split())))]
    if not rows:
        return None, ()
    units: list[list[str]] = []
    for row in rows:
        prev = units[-1][-1] if units else ""
        role_only = bool(units) and GENERIC.match(" ".join(" ".join(units[-1]).split())) is not None
        if not units or (HEADS.match(row) and len(prev.split()) > 1 and not role_only):
            units.append([row])
        else:
            units[-1].append(row)
    names = [_OCR_HEAD.sub(lambda m: _OCR_HEADS[m[0]], " ".join(" ".join(u).split()).strip(" .,:")) for u in units]
    parents = tuple(normal_case(n) for n in names[:-1])
    name = names[-1]
    if len(names) > 1 and CENTRAL.match(names[-2]):
        name += " TRUNG ƯƠNG"
    elif len(names) > 1 and GENERIC.match(name):  # Văn phòng / Ban Thường trực of the body above
        role, body = normal_case(name), normal_case(names[-2])
        if role.split()[-1].lower() == body.split()[0].lower():  # ỦY BAN HỘI of HỘI LHTN …: Ủy ban Hội LHTN …
            role = role.rsplit(" ", 1)[0]
        return role + " " + body, parents
    elif CENTRAL.match(name) and youth:
        return normal_case(name) + " Đoàn", parents
    return _qualified(normal_case(name), parents), parents


# a body's own place or committee in its name: tỉnh Lâm Đồng, TP. Hà Nội, Tỉnh ủy, Trung ương (the
# place word followed by a name, not `xã hội`)
_OWN_PLACE = re.compile(r"\b(?:tỉnh|thành phố|huyện|quận|thị xã|thị trấn|xã|phường|đặc khu|TP\.?|thôn|ấp|bản|buôn|khu phố|tổ dân phố)\s+(?!hội\b)\w"
                        r"|Tỉnh ủy|Tỉnh uỷ|Thành ủy|Thành uỷ|Huyện ủy|Huyện uỷ|Quận ủy|Quận uỷ|Thị ủy|Thị uỷ|Đảng ủy"
                        r"|Đảng uỷ|Tỉnh đoàn|Thành đoàn|Huyện đoàn|Trung ương|Chính phủ|Quốc hội", re.IGNORECASE)
# a Party or Đoàn committee above a board: the board's name takes it whole (Ban Tuyên giáo Tỉnh ủy Lâm Đồng)
_COMMITTEE = re.compile(r"^(?:Tỉnh|Thành|Huyện|Quận|Thị) (?:ủy|uỷ|đoàn)\b")
# the place a parent names: UBND tỉnh Lâm Đồng, Công an thành phố Đà Lạt (its name capitalised by normal_case)
_PARENT_PLACE = re.compile(r"\b(?P<word>tỉnh|thành phố|huyện|quận|thị xã|thị trấn|xã|phường|đặc khu|TP\.?)\s+"
                           r"(?P<name>[A-ZĐÂÊÔƠƯÁÀẢÃẠÍÌỈĨỊÚÙỦŨỤÓÒỎÕỌÉÈẺẼẸÝỲỶỸỴ]\S*.*)$")


def _qualified(name: str, parents: tuple[str, ...]) -> str:
    """The lowest body with the place its parent names, when its own name has none: `UBND TỈNH LÂM
    ĐỒNG` / `SỞ NỘI VỤ` is Sở Nội vụ tỉnh Lâm Đồng, `CÔNG AN TỈNH …` / `PHÒNG …` Phòng … tỉnh …,
    and a board under a Party or Đoàn committee takes the committee (`TỈNH ỦY LÂM ĐỒNG` / `BAN TỔ
    CHỨC` is Ban Tổ chức Tỉnh ủy Lâm Đồng): a list of issuers from several provinces would otherwise
    read the same. A parent naming no place passes on its own parent's (`UBND TỈNH ĐỒNG NAI` / `SỞ
    NÔNG NGHIỆP VÀ MÔI TRƯỜNG` / `CHI CỤC KIỂM LÂM` is Chi cục Kiểm lâm tỉnh Đồng Nai)."""
    if not parents:
        return name
    m = _PARENT_PLACE.search(parents[-1])
    if m and name.endswith(" " + m["word"]):  # Đảng ủy các cơ quan Đảng tỉnh: the place word is written
        return f"{name} {m['name']}"
    if _OWN_PLACE.search(name):
        return name
    for parent in reversed(parents):
        if _COMMITTEE.match(parent):
            return f"{name} {parent}"
        m = _PARENT_PLACE.search(parent)
        if m:
            return f"{name} {m['word']} {m['name']}"
        if _OWN_PLACE.search(parent):  # a parent with a place of its own kind (Trung ương, Chính phủ): none passes
            return name
    return name


@cache
def _provinces() -> dict[str, tuple[str, ...]]:
    """The provinces in capitals, by their letters without marks (LAM DONG: LÂM ĐỒNG)."""
    out: dict[str, tuple[str, ...]] = {}
    for name in _words()["provinces"]:
        caps = " ".join(name.split()).upper()
        out[fold(caps)] = (*out.get(fold(caps), ()), caps)
    return out


def _read_place(row: str) -> str:
    """A line of the block with the place OCR misread written right: THÀNH PHÓ (PHỐ), and a province
    whose tone or vowel marks are wrong (TỈNH LÂM ĐÒNG: LÂM ĐỒNG), when one province alone has its letters."""
    row = _OCR_PLACE.sub(lambda m: _OCR_PLACES[" ".join(m[0].split())], row)
    m = _PROVINCE_AT_END.search(row)
    if not m:
        return row
    name = " ".join(m["name"].split())
    known = _provinces().get(fold(name), ())
    if len(known) != 1 or new_tone_placement(name.lower()) == new_tone_placement(known[0].lower()):  # HOÀ = HÒA
        return row
    return row[: m.start("name")] + known[0]


def issuer_from_text(text: str, context: str = "") -> str | None:
    """A body written as `TM. BAN THƯỜNG VỤ TỈNH ĐOÀN`, or named as the author in the preamble.

    A collective body signing without its place (`TM. ỦY BAN NHÂN DÂN` / `KT. CHỦ TỊCH`) takes the
    fuller name the preamble in `context` gives it (`Ủy ban nhân dân tỉnh Lâm Đồng ban hành Kế hoạch`)."""
    m = AUTHORITY.match(text.strip())
    if m:
        body = INNER_AUTHORITY.split(m["body"].strip(), maxsplit=1)[0].strip(" ,")
        body = normal_case(body) if is_caps(body) else body
        fuller = _author(context) if context else None
        if fuller and " ".join(fuller["who"].split()).lower().startswith(body.lower() + " "):
            return " ".join(fuller["who"].split())
        return body
    t = TELEGRAM.search(text, 0, 600)
    if t and is_caps(t["who"]):
        return normal_case(" ".join(t["who"].split()))
    m = _author(text)
    return " ".join(m["who"].split()) if m else None


def _author(text: str) -> re.Match[str] | None:
    """The author named in running text: before `ban hành Kế hoạch …`, or as the subject of the first
    sentence after `Kính gửi:` and its list (the sender of a letter: `Sở Nội vụ đề nghị …`)."""
    at = _ADDRESS.match(text.lstrip("\n"))
    start = len(text) - len(text.lstrip("\n")) + (at.end() if at else 0)
    return IN_TEXT.search(text) or OPENING.search(text, start, start + _OPENING_REACH)


def normal_case(caps: str) -> str:
    """ỦY BAN NHÂN DÂN TỈNH BẮC NINH → Ủy ban nhân dân tỉnh Bắc Ninh (text already mixed is kept)."""
    if not is_caps(caps):
        return caps
    words = caps.lower().split()
    out: list[str] = []
    proper_rest = False  # inside a place name: every word capitalised
    name_next = False  # the next word starts a proper name (Bộ Nội vụ, Ban Tổ chức)
    i = 0
    while i < len(words):
        two = " ".join(words[i : i + 2])
        if two in _PROPER and not proper_rest:
            out.append(_PROPER[two])
            i += 2
            # Ủy ban Kiểm tra, Ủy ban Mặt trận …: a proper name goes on (not Ủy ban nhân dân)
            name_next = two in ("ủy ban", "uỷ ban") and words[i : i + 1] != ["nhân"]
            proper_rest = two in _NAMED_PLACE_BODIES  # Tỉnh ủy Quảng Ninh, Thành đoàn Hà Nội
            continue
        w = words[i]
        level = _school_level(words, i) if out and out[-1] == "Trường" and not proper_rest else 0
        if level:  # Trường THPT Bùi Thị Xuân: the level, then the school's own name
            out.extend(x.upper() if _ABBREVIATION.fullmatch(x) and not is_syllable(x) else x for x in words[i : i + level])
            out[-level] = out[-level][:1].upper() + out[-level][1:]
            i += level
            proper_rest, name_next = True, False
            continue
        if proper_rest or name_next and (w not in _PLACE_WORDS or two in _COMMON_NOUNS) or not out or w in _PROPER or w in ("bộ", "sở", "cục") and (
                not out or out[-1] not in ("Tổng", "tổng", "Chi", "chi")):  # Tổng cục, Chi cục
            w = _PROPER.get(w) or w[:1].upper() + w[1:]
        if _ABBREVIATION.fullmatch(w) and not is_syllable(w):  # Hội LHTN, Sở KH&CN, khu vực II: kept in capitals
            w = w.upper()
        out.append(w)
        name_next = False
        low_two = two if i + 1 < len(words) else ""
        if low_two in _COMMON_NOUNS:  # xã hội: no place
            out.append(words[i + 1])
            i += 2
            continue
        if w.lower() in _PLACE_WORDS or low_two in _PLACE_WORDS:
            if low_two in _PLACE_WORDS:
                out.append(words[i + 1])
                i += 1
            proper_rest = True
        elif low_two in _NAMED_AFTER and out[-2:-1] not in (["Ủy"], ["Uỷ"]):  # Trung tâm Y tế, Chi cục Thuế
            out.append(words[i + 1])
            i += 1
            name_next = True
        elif w.lower() in _NAMED_AFTER and out[-2:-1] not in (["Ủy"], ["Uỷ"]):
            name_next = True
        elif w.lower() == "và" or w in ("-", "–"):  # Sở Văn hóa và Thể thao, Phòng Tài chính - Kế hoạch
            name_next = out[0] in ("Ban", "Bộ", "Sở", "Cục", "Phòng")
        elif w.endswith(","):  # Sở Văn hóa, Thể thao và Du lịch: a sector's name of one or two words before
            # the comma (not Ban Chỉ đạo phòng, chống …, whose words after its head are in lower case)
            name_next = out[0] in ("Ban", "Bộ", "Sở", "Cục", "Phòng") and _sector_words(out) <= 2
        i += 1
    return " ".join(out)


def _school_level(words: list[str], i: int) -> int:
    """How many of words[i:] name a school's level (tiểu học, thpt), 0 if none."""
    for n in (4, 3, 2, 1):
        if " ".join(words[i : i + n]) in _SCHOOL_LEVELS and i + n < len(words):
            return n
    return 0


def _sector_words(out: list[str]) -> int:
    """How many words the name being written has since its last capitalised word, the word bearing
    the comma counted (Sở Văn hóa, : 2)."""
    for k in range(len(out) - 1, 0, -1):
        if out[k][:1].isupper():
            return len(out) - k
    return len(out)


def issuer_of_holder(line: str) -> str | None:
    """`CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH GIA LAI` (under a decision's title) → Ủy ban nhân dân tỉnh Gia Lai;
    `THỦ TƯỚNG CHÍNH PHỦ` is the issuer as written."""
    line = " ".join(line.split())
    if not is_caps(line):
        return None
    body = holder().sub("", line)  # the holder's title: the body issues
    return normal_case(body) if HEADS.match(body) else None
