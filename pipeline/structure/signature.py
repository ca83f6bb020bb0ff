"""The signature block: authority (TM./KT./T/M ...), position, signer's name, and the Nơi nhận list.

In flattened text the Nơi nhận column and the signature column follow each other, or alternate
line by line, or share lines as table cells; cells are classified one by one: a `-` item is a
recipient, a line in capitals an authority or position, a person's name the signer."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..model import Signer, Span
from ..scanning import scanner
from ..syllables import is_syllable
from .lines import Cell, cells, is_caps
from .titles import holder_line, position_mark

NOI_NHAN = scanner(r"(?:^|(?<=\|))[ \t_*]*Nơi\s*nhận[ \t_*]*:[ \t_*]*", re.MULTILINE)
AUTHORITY = scanner(r"^(?:TM|KT|TL|TUQ|Q|T/M|K/T|T/L|T\.M|K\.T|T\.L)(?:\.\s*|\s+|(?<=/[MTL])\s*)(?=[A-ZĐÂÊÔƠƯỦỶ])")
INNER_AUTHORITY = scanner(r"\s+(?=(?:TM|KT|TL|TUQ|T/M|K/T|T/L)[.\s])")
INNER_POSITION = scanner(r"\s+(?=PHÓ\s)")
ITEM = scanner(r"^[-+•–]\s*")
# items of a list written on one line: "- A; - B; - Lưu: VT."
INLINE_ITEM = scanner(r"(?:(?<=[;.])|^)\s*[-+•]\s+")
# a military rank or degree before the signer's name (NĐ 30/2020 allows them), a digital-signature label
RANK = scanner(r"^(?:(?:Đại|Thượng|Trung|Thiếu)\s+(?:tướng|tá|úy|uý)|(?:PGS|GS|TS|ThS|BS)\.?(?:\s*(?:TS|ThS)\.)?)\s+(?=[A-ZĐ])")
SIGNED_BY = scanner(r"^(?:Người ký|Ký bởi|Được ký bởi|Đã ký)\s*:\s*")
ARCHIVE = scanner(r"^Lưu\b")
# the signature column's line after a recipient on the same line: `- Bộ Nội vụ; PHÓ CHỦ TỊCH`
ITEM_TAIL = scanner(r"[;.,]\s+(?P<caps>[A-ZĐÂÊÔƠƯỦỶ][A-ZĐÂÊÔƠƯÀ-Ỹ ,]*)$")
END_OF_BLOCK = scanner(r"^(?:PHỤ LỤC|Phụ lục|\[\d+\]|Mẫu biểu|ĐỀ CƯƠNG)")
_NOT_NAME = {"Sở", "Bộ", "Ban", "Văn", "Ủy", "Uỷ", "Các", "Trung", "Thành", "Tỉnh", "Phòng", "Công", "Đảng", "Như",
             "Chủ", "Phó", "Thường", "Hội", "Cục", "Bí", "Trưởng", "Kính", "Nơi", "Trân", "Lãnh", "Đài", "Báo", "Cổng"}


# words of a body's name that are no given name (Văn, Thành, Trung, Chính are): VĂN PHÒNG is no person
_BODY_WORDS = {"Phòng", "Ban", "Bộ", "Sở", "Ủy", "Uỷ", "Cục", "Đảng", "Hội", "Phủ", "Ương", "Tịch", "Trưởng", "Nhân"}


@dataclass(frozen=True)
class SignatureBlock:
    start: int | None  # where the signature / Nơi nhận block begins (the body ends there)
    signer: Signer | None
    recipients: tuple[str, ...]
    recipients_span: Span | None


@cache
def surnames() -> frozenset[str]:
    raw = resources.files("pipeline").joinpath("data/surnames.txt").read_text("utf-8")
    return frozenset(w.strip() for w in raw.splitlines() if w.strip() and not w.startswith("#"))


def _name_word(w: str) -> bool:
    """Thúy, Đỗ, Y: a capital letter, then lower-case letters only; K'Bơ, H'Hen: two such parts
    joined by an apostrophe (names of the Central Highlands peoples)."""
    return all(p.isalpha() and p[0].isupper() and (len(p) == 1 or p[1:].islower())
               for p in APOSTROPHE.split(w, maxsplit=1))


APOSTROPHE = re.compile(r"['’]")
# a syllable cut after its first letter by a PDF conversion: Nguyễn N gọc Phúc, Lê Thị H ồng
_CUT_SYLLABLE = scanner(r"(?<!\S)(?P<head>[A-ZĐÂÊÔƠƯ])[ ](?P<rest>[a-zđà-ỹ]+)(?!\S)")


def _rejoined(t: str) -> str:
    """t with the syllables a conversion cut after their first letter joined again, when that makes a name."""
    if is_name(t) or not _CUT_SYLLABLE.search(t):
        return t
    joined = _CUT_SYLLABLE.sub(lambda m: m["head"] + m["rest"] if is_syllable(m["head"] + m["rest"]) else m[0], t)
    return joined if is_name(joined) else t


def is_name(text: str) -> bool:
    """A person's name: 2-5 capitalised words (Nguyễn Thị Trúc Mai), not the name of a body."""
    words = text.split()
    if not 2 <= len(words) <= 5 or not all(_name_word(w) for w in words):
        return False
    return words[0] in surnames() or words[0] not in _NOT_NAME and len(words) <= 4


def find_signature(text: str, after: int = 0) -> SignatureBlock:
    anchors = [m for m in NOI_NHAN.finditer(text, after)]
    if anchors:
        # the last Nơi nhận, unless it names no signer and an earlier one does (a guide on the
        # layout of documents quotes a `Nơi nhận:` in its annex, after its own signature)
        blocks = (_block_at(text, nn, after) for nn in reversed(anchors[-8:]))
        first = next(blocks)
        return first if first.signer and first.signer.name else next(
            (b for b in blocks if b.signer and b.signer.name), first)
    every = cells(text, after)
    auth = [c for c in every if AUTHORITY.match(c.text) and is_caps(c.text)]
    if not auth:  # signed in person, no Nơi nhận (a web copy): `CHỦ TỊCH` / `(Đã ký)` / `Trần Văn Hiệp`
        auth = [c for k, c in enumerate(every) if holder_line().match(c.text)
                and any(is_name(SIGNED_BY.sub("", RANK.sub("", n.text))) for n in every[k + 1 : k + 4])]
    if not auth:
        return SignatureBlock(None, None, (), None)
    start = auth[-1].span.start
    return _read_block(text, cells(text, start, min(len(text), start + 1500)), start)


def _block_at(text: str, nn: re.Match[str], after: int) -> SignatureBlock:
    """The signature block around the Nơi nhận at nn."""
    start = nn.start()
    region = cells(text, max(after, start - 300), min(len(text), nn.end() + 5000))
    before = [c for c in region if c.span.start < start and AUTHORITY.match(c.text)]
    if before:  # the signature column printed before the Nơi nhận column
        start = before[0].span.start
    return _read_block(text, [c for c in region if c.span.start >= start], start)


def _read_block(text: str, region: list[Cell], start: int) -> SignatureBlock:
    recipients: list[str] = []
    rec_spans: list[Span] = []
    groups: list[list[str]] = []  # authority lines, each with the capital lines under it
    loose_caps: list[str] = []  # capital lines before any authority (a position alone: THỦ TƯỚNG)
    name: str | None = None
    archived = False
    pending: str | None = None  # a one-word line that may begin a wrapped name (Bùi / Xuân Cường)
    for c in region:
        t = NOI_NHAN.sub("", c.text).strip() if NOI_NHAN.match(c.text) else c.text
        if not t:
            continue
        if END_OF_BLOCK.match(t) or (name and not ITEM.match(t)):
            break
        t = _rejoined(SIGNED_BY.sub("", RANK.sub("", t)))  # Thượng tướng Lương Tam Quang; Người ký: Nguyễn Văn A
        caps_tail = _split_caps_name(t)
        if ITEM.match(t) or INLINE_ITEM.search(t) and ";" in t and not is_caps(t):
            # `- Bộ Nội vụ; PHÓ CHỦ TỊCH`: the signature column's line beside a recipient
            beside = ITEM_TAIL.search(t)
            if beside and is_caps(beside["caps"]) and position_mark().match(beside["caps"]) and groups:
                groups[-1].append(beside["caps"].strip())
                t = t[: beside.start("caps")]
            if not archived:
                for item in _items(t):
                    if ARCHIVE.match(item):
                        archived = True
                        break
                    recipients.append(item)
                rec_spans.append(c.span)
            continue
        if AUTHORITY.match(t):
            if caps_tail:
                t, name = caps_tail
            # several authority lines read as one: TL. CHỦ TỊCH KT. CHÁNH VĂN PHÒNG PHÓ CHÁNH VĂN PHÒNG
            for part in INNER_AUTHORITY.split(t):
                groups.append(INNER_POSITION.split(part, maxsplit=1))
        elif is_caps(t) and groups and _caps_name(t):
            name = _caps_name(t)  # NGUYỄN VĂN AN: a name printed in capitals under the position
        elif is_caps(t):
            if len(t) <= 2:
                continue
            (groups[-1] if groups else loose_caps).append(t)
        elif caps_tail:
            head, tail = caps_tail
            (groups[-1] if groups else loose_caps).append(head)
            name = tail
        elif recipients and not archived and not is_caps(t) and not is_name(t):
            if recipients[-1].endswith((";", ".", "-")):  # "...; -" / "next item" split over two lines
                recipients[-1] = recipients[-1].rstrip(" -")
                recipients.append(t)
            else:
                recipients[-1] = f"{recipients[-1]} {t}"
            rec_spans.append(c.span)
            continue
        elif (groups or loose_caps) and pending and is_name(f"{pending} {t}") and not (
                is_name(t) and t.split()[0] in surnames()):  # `Bùi` / `Xuân Cường`, not a stamp's word above a name
            name = f"{pending} {t}"
        elif (groups or loose_caps or archived) and is_name(t):
            name = t
        pending = t if len(t.split()) == 1 and _name_word(t) else None
    recipients = [r.strip(" ;,.-") for r in recipients if r.strip(" ;,.-")]
    signer = _signer(groups, loose_caps, name)
    rec_span = Span(rec_spans[0].start, rec_spans[-1].end) if rec_spans else None
    return SignatureBlock(start, signer, tuple(recipients), rec_span)


def _caps_name(t: str) -> str | None:
    """`NGUYỄN VĂN AN` → Nguyễn Văn An, when it reads as a person's name (a known surname first, no position)."""
    words = t.split()
    if not 2 <= len(words) <= 5 or position_mark().search(t) or AUTHORITY.match(t) or not all(w.isalpha() for w in words):
        return None
    name = " ".join(w.capitalize() for w in words)
    if any(w in _BODY_WORDS for w in name.split()[1:]):
        return None  # VĂN PHÒNG, a wrapped authority line
    return name if words[0].capitalize() in surnames() and is_name(name) else None


def _items(t: str) -> list[str]:
    parts = INLINE_ITEM.split(ITEM.sub("", t))
    return [p.strip() for p in parts if p.strip(" ;,.-")]


def _split_caps_name(t: str) -> tuple[str, str] | None:
    """`PHÓ CHÁNH VĂN PHÒNG Nguyễn Ngọc Nam` (one cell) → (capitals, name)."""
    words = t.split()
    for k in range(2, 6):
        head = " ".join(words[:-k])
        # a head of one letter is a name's first word (Y Ngông Niê Kdăm), not a position
        if len(words) > k and is_caps(head) and sum(ch.isalpha() for ch in head) > 1 and is_name(" ".join(words[-k:])):
            return head, " ".join(words[-k:])
    return None


def _signer(groups: list[list[str]], loose: list[str], name: str | None) -> Signer | None:
    if not groups and not name:  # capitals alone (a table's last row) are no signature
        return None
    if not groups:
        return Signer(name=name, position=" ".join(" ".join(loose).split()) or None, authority=None)
    authority: list[str] = []
    position: list[str] = []
    for g in groups:
        authority.append(g[0])
        for line in g[1:]:
            # a wrapped authority (TM. ỦY BAN NHÂN / DÂN; KT. BỘ TRƯỞNG, / CHỦ NHIỆM) until a position line
            if g is groups[-1] and (position or position_mark().search(line) and not authority[-1].endswith(",")):
                position.append(line)
            else:
                authority.append(line)
    return Signer(name=name, position=" ".join(" ".join(position).split()) or None,
                  authority=" ".join(" ".join(authority).split()))
