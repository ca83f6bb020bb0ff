"""Numbered sections of the body, nested by numbering style.

Styles: `Phần I` / `Chương II` / `Mục 1`, `Điều 5.`, `A.` (capital letter), `I.` (Roman), `1.` (Arabic), `1.1.` (dotted),
`a)` (letter). Nesting follows the order the styles appear in, not a fixed rank: a style not yet
open becomes a child of the innermost open section; a style already open closes the sections
under it. Ids are numbering paths: `III`, `III.1`, `III.1.a`.

A candidate must also continue its style's sequence (the first of a style is 1, a or I; the next
sibling is the next number). That keeps out lines a page-to-text conversion wrapped so that they
start with a number (`2025 của Bộ Chính trị ...`, `5. ...` inside a paragraph)."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ..model import Section, Span
from ..scanning import scanner

_ROMAN = r"[IVXLC]{1,6}"
HEADING = scanner(
    rf"""^[ \t*_#>]*
        (?P<num>
            (?P<part>(?:Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC)\s+(?:{_ROMAN}|\d{{1,2}}))\b[.:]?
          | (?P<dieu>Điều|ĐIỀU)\s+(?P<dieu_n>\d{{1,3}})\b[.:]?
          | (?P<upper>[A-HJ-UWYZ])\.          # A. B. C. (capital letters above the Roman parts; not I, V, X)
          | (?P<roman>{_ROMAN})\s*[.\-–)]
          | (?P<dotted>\d{{1,2}}(?:\.\d{{1,2}})+)\.?
          | (?P<arabic>\d{{1,2}})[.)]
          | (?P<letter>[a-zđ])\)
        )
        (?: [ \t]+ (?P<heading>[^\n]{{1,300}})
          | [ \t]*$ )                   # the marker alone: its name on the next line (Chương I / QUY ĐỊNH CHUNG)
        """,
    re.VERBOSE | re.MULTILINE,
)
LETTERS = "abcdđefghijklmnopqrstuvwxyz"
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
# a heading's own text ends at the first sentence end (a long point `a) ...` is a whole paragraph)
_HEAD_END = scanner(r"(?<=[.:;])\s|$")


@dataclass(frozen=True)
class _Candidate:
    style: str  # part:Chương | dieu | roman | dotted2 | arabic | letter
    label: str  # I, 1, a, 1.1, Điều 5, Chương II
    value: int
    heading: str
    span: Span  # the heading line


def roman_value(s: str) -> int:
    total = 0
    for i, ch in enumerate(s):
        v = ROMAN_VALUES[ch]
        total += -v if i + 1 < len(s) and ROMAN_VALUES[s[i + 1]] > v else v
    return total


def _candidates(text: str, body: Span) -> list[_Candidate]:
    out: list[_Candidate] = []
    for m in HEADING.finditer(text, body.start, body.end):
        hstart = m.start("heading") if m["heading"] else _next_line(text, m.end(), body.end)
        nl = text.find("\n", hstart, body.end)
        nxt = text[hstart : nl if nl >= 0 else body.end]
        if m["heading"] is None and HEADING.match(nxt):
            hstart, nxt = m.end(), ""  # `Điều 2.` then `1. ...`: a section without a name
        head = nxt.strip(" *_") if m["heading"] is None else m["heading"].strip(" *_")
        first = head[:1]
        if first.islower() or first and first in ",;)/" or not first and m["heading"] is not None:  # running text
            continue
        if m["part"]:
            word, num = m["part"].split()
            style, label = f"part:{word.capitalize()}", f"{word.capitalize()} {num}"
            value = roman_value(num) if num.isalpha() else int(num)
        elif m["dieu"]:
            style, label, value = "dieu", f"Điều {m['dieu_n']}", int(m["dieu_n"])
        elif m["upper"]:
            if not head.isupper():  # A. B. open parts written in capitals; "A. Nguyễn" is an initial
                continue
            style, label, value = "upper", m["upper"], ord(m["upper"]) - ord("A") + 1
        elif m["roman"]:
            style, label, value = "roman", m["roman"], roman_value(m["roman"])
        elif m["dotted"]:
            parts = m["dotted"].split(".")
            style, label, value = f"dotted{len(parts)}", m["dotted"], int(parts[-1])
        elif m["arabic"]:
            style, label, value = "arabic", m["arabic"], int(m["arabic"])
        else:
            style, label, value = "letter", m["letter"], LETTERS.index(m["letter"]) + 1
        end = _wrapped_end(text, hstart + len(nxt) if m["heading"] is None else m.end(), body.end,
                           caps=head.isupper()) if head else m.end()
        head = " ".join(text[hstart:end].split()).strip(" *_")
        short = _HEAD_END.search(head)
        heading = head[: short.start()].strip() if short else head
        out.append(_Candidate(style, label, value, heading.rstrip(":"), Span(m.start("num"), end)))
    return out


_NEXT_LINE = re.compile(r"\s*\n\s*(?=\S)")


def _next_line(text: str, pos: int, limit: int) -> int:
    """Start of the next non-blank line after `pos` (limit when none)."""
    m = _NEXT_LINE.match(text, pos, limit)
    return m.end() if m else limit


def _wrapped_end(text: str, pos: int, limit: int, caps: bool) -> int:
    """End of a heading wrapped over lines: `MỤC` / `ĐÍCH, YÊU CẦU`, `công trực` / `tuyến`."""
    while pos < limit and text[pos - 1] not in ".:;" and text.startswith("\n", pos):
        nl = text.find("\n", pos + 1)
        nxt = text[pos + 1 : nl if 0 <= nl < limit else limit]
        first = nxt.strip()[:1]
        if not first or HEADING.match(nxt) or not (first.islower() or caps and nxt.isupper()):
            break
        pos = nl if 0 <= nl < limit else limit
    return pos


def _follows(prev: int | None, value: int, style: str) -> bool:
    """Does `value` continue the sequence after `prev` (None: the style's first heading here)?"""
    if prev is None:
        return value == 1 or style == "dieu" or style.startswith("dotted")
    if style == "letter":  # đ may be skipped or present; f, j, w are usually skipped; a point may be missing
        return prev < value <= prev + 3
    return value == prev + 1 or style == "dieu" and value > prev


def find_sections(text: str, body: Span | None = None) -> tuple[Section, ...]:
    body = body or Span(0, len(text))
    path: list[tuple[str, str, int, str]] = []  # the open sections: (style, label as written, value, id part)
    kept: list[tuple[int, str, str, Span]] = []  # (level, id, heading, heading span)
    for c in _candidates(text, body):
        styles = [p[0] for p in path]
        if c.style in styles:
            at = styles.index(c.style)
            if not _follows(path[at][2], c.value, c.style):
                continue
            path = path[:at]
        elif not _follows(None, c.value, c.style):
            continue
        part = c.label
        if c.style.startswith("dotted") and path and part.startswith(path[-1][1] + "."):
            part = part[len(path[-1][1]) + 1 :]  # 4.1 under 4 → III.4.1; 1.2.1 under 1.2 → ....1
        ident = ".".join([p[3] for p in path] + [part])
        kept.append((len(path) + 1, ident, c.heading, c.span))
        path.append((c.style, c.label, c.value, part))
    # a section ends where the next one at its level or above starts: one pass from the end, with
    # the start of the last section seen at each level
    ends: list[int] = []
    next_at: dict[int, int] = {}  # level → start of the nearest section after, at that level
    for level, _, _, hspan in reversed(kept):
        ends.append(min((start for lv, start in next_at.items() if lv <= level), default=body.end))
        next_at = {lv: start for lv, start in next_at.items() if lv < level}
        next_at[level] = hspan.start
    return tuple(Section(ident, heading, Span(hspan.start, end), hspan, level)
                 for (level, ident, heading, hspan), end in zip(kept, reversed(ends), strict=True))


def section_at(sections: tuple[Section, ...], pos: int) -> str | None:
    """Id of the innermost section containing `pos` (the index of the last `sections` asked about
    is kept: asking for every row of a document stays linear)."""
    if not (_LAST and _LAST[0][0] is sections):
        _LAST[:] = [(sections, SectionIndex(sections))]
    return _LAST[0][1].at(pos)


_LAST: list[tuple[tuple[Section, ...], SectionIndex]] = []


class SectionIndex:
    """`section_at` for many positions: the innermost section of each stretch of text, found by
    bisection (sections nest, so the innermost one at a point is the last one opened before it)."""

    def __init__(self, sections: tuple[Section, ...]) -> None:
        ordered = sorted(sections, key=lambda s: (s.span.start, -s.span.end, s.level))
        self._starts: list[int] = []
        self._ids: list[str | None] = []
        open_: list[Section] = []  # sections containing the current point, outermost first
        points = sorted({p for s in ordered for p in (s.span.start, s.span.end)})
        i = 0
        for point in points:
            open_ = [s for s in open_ if s.span.end > point]  # a few: as many as the levels
            while i < len(ordered) and ordered[i].span.start == point:
                open_.append(ordered[i])
                i += 1
            best = max(reversed(open_), key=lambda s: s.level, default=None)
            self._starts.append(point)
            self._ids.append(best.id if best else None)

    def at(self, pos: int) -> str | None:
        k = bisect_right(self._starts, pos) - 1
        return self._ids[k] if k >= 0 else None
