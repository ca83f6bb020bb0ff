"""Sentences, list items and table rows of the body, as spans into the stored text.

A paragraph block is split
- at sentence-end punctuation (`.` `!` `?`, and `;` at a line end) followed by a capital letter,
  unless the period closes an abbreviation (`TP.`, `Q.`, `Đ/c.`, an initial) or sits in a number;
- at a line that starts a list item (`-`, `+`, `•`, `a)`, `1.`, `1.1.`, `I.`, `Điều 2.`);
- never at a plain line break: the .txt sources wrap every ~80 characters mid-sentence.
Blank lines already separate blocks. A table row is one unit (kind "row")."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Document, Span
from ..scanning import scanner

# every upper-case Latin letter, Vietnamese included (Ả, Đ, Ư ...), for "followed by a capital"
_UPPER = "".join(ch for ch in map(chr, range(0x41, 0x1EFF)) if ch.isupper() and ch.isalpha())
CAPITAL = rf"[{re.escape(_UPPER)}“\"'(]"
ITEM_START = r"(?:[-+•–]|[a-zđ]\)|\d{1,2}(?:\.\d{1,2})*[.)]|[IVXLC]{1,6}[.)]|Điều\s+\d+\.?)\s"
# abbreviations whose period does not end a sentence (TP. Hồ Chí Minh, Q. Giám đốc, Đ/c. Nam)
ABBREVIATIONS = frozenset({
    "TP", "Tp", "tp", "Q", "P", "TX", "TT", "Th", "ThS", "TS", "PGS", "GS", "BS", "KS", "CN", "Đ/c", "đ/c", "v.v",
    "V/v", "v/v", "St", "No", "Tr", "tr", "Ô", "B", "Bà", "Ô.", "NXB", "H", "ng", "tel", "Tel", "ĐT", "Fax",
})
SPLIT = scanner(
    rf"""(?P<end>(?<=[.!?…])[\s\"”')]*\s+(?={CAPITAL}|{ITEM_START}))   # sentence end, then a capital
       | (?P<semi>(?<=;)[ \t]*\n\s*(?={CAPITAL})|(?<=;)\s+(?=[-+•]\s))  # ';' closing a line or an item
       | (?P<item>\n\s*(?={ITEM_START}))                               # a line opening a list item
    """,
    re.VERBOSE,
)
ITEM = scanner(ITEM_START)  # match() anchors at the position given
MARKER_ONLY = scanner(r"\d{1,2}(?:\.\d{1,2})*\.|[IVXLC]{1,6}\.|Điều\s+\d+\.")
_WORD_AND_DOT = re.compile(r"(\S+)\.$")  # the word a period closes


@dataclass(frozen=True)
class Piece:
    span: Span
    kind: str  # sentence | item | row
    block: int | None


def split_sentences(doc: Document, body: Span | None = None) -> list[Piece]:
    body = body or Span(0, len(doc.text))
    pieces: list[Piece] = []
    for bi, block in enumerate(doc.blocks):
        start, end = max(block.span.start, body.start), min(block.span.end, body.end)
        if end <= start:
            continue
        if block.kind == "table_row":
            _add(doc.text, pieces, start, end, bi, "row")
            continue
        for a, b in split_text(doc.text, start, end):
            blk: int | None = bi
            if _continues(doc.text, pieces, a, bi):  # a sentence broken by a blank line
                prev = pieces.pop()
                a, blk = prev.span.start, prev.block
            _add(doc.text, pieces, a, b, blk)
    return pieces


def _continues(text: str, pieces: list[Piece], start: int, block: int) -> bool:
    """Does text[start:] go on with the last piece of the previous block (`... sự gương mẫu của` / `từng cán bộ`)?"""
    if not pieces or pieces[-1].kind == "row" or pieces[-1].block == block:
        return False
    head = text[start : start + 80].lstrip()
    if not head[:1].islower() or ITEM.match(head):  # a) opens an item, not a continuation
        return False
    return text[pieces[-1].span.end - 1] not in ".;:!?"


def split_text(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each sentence or item of text[start:end]."""
    out: list[tuple[int, int]] = []
    pos = start
    for m in SPLIT.finditer(text, start, end):
        if m["end"] and (_abbreviation_before(text, m.start(), start) or _marker_before(text, m.start(), start)):
            continue
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, end))
    return out


def _marker_before(text: str, dot_end: int, floor: int) -> bool:
    """Is the punctuation before `dot_end` the end of a list marker opening its line (`1.`, `II.`)?"""
    line_start = max(floor, text.rfind("\n", 0, dot_end) + 1)
    return MARKER_ONLY.fullmatch(text[line_start:dot_end].strip()) is not None


def _abbreviation_before(text: str, dot_end: int, floor: int) -> bool:
    """Is the punctuation before `dot_end` the period of an abbreviation or an initial?"""
    i = dot_end
    while i > floor and text[i - 1] in "\"”')":
        i -= 1
    if i <= floor or text[i - 1] != ".":
        return False
    word = _WORD_AND_DOT.search(text[max(floor, i - 20) : i])
    if not word:
        return False
    w = word.group(1).lstrip("(\"“")
    return w in ABBREVIATIONS or (len(w) == 1 and w.isupper())


def _add(text: str, pieces: list[Piece], start: int, end: int, block: int | None, kind: str | None = None) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        kind = kind or ("item" if ITEM.match(text, start, end) else "sentence")
        pieces.append(Piece(Span(start, end), kind, block))
