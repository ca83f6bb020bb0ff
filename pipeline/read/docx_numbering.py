"""Word's automatic numbering: the `1.`, `a)`, `II.` or `-` that Word draws before a paragraph
but does not store in its text (`w:numPr` → numbering.xml).

Headings and list items of Vietnamese documents are often numbered this way; without the
labels, `1. Giao Sở Tư pháp:` would read `Giao Sở Tư pháp:` and lose its place in the outline.
`NumberingCounter.label(p)` returns the label of a paragraph, counting in document order.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LEVELS = 9

_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# bullets drawn from symbol fonts (private-use characters) and common bullet glyphs read as "-"
_DASH_BULLETS = re.compile("^[-–—\u2010-\u2015\uf0a7\uf0b7\uf0d8\uf0e0\uf076\u25aa\u25cf\u2022\u00b7o]$")


@dataclass(frozen=True)
class Level:
    start: int
    fmt: str  # decimal | lowerLetter | upperLetter | lowerRoman | upperRoman | bullet | none | ...
    text: str  # `%1.`, `%1.%2.`, `%2)`, `-`
    suffix: str  # what follows the label: tab, space or nothing


def _roman(n: int) -> str:
    out = []
    for value, digits in _ROMAN:
        while n >= value:
            out.append(digits)
            n -= value
    return "".join(out)


def _letter(n: int) -> str:
    return _LETTERS[(n - 1) % 26] * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "none":
        return ""
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)  # decimal and the rest


def _val(el: Any, path: str) -> str | None:
    found = el.find(path)
    return None if found is None else found.get(W + "val")


def _levels(abstract: Any) -> dict[int, Level]:
    levels = {}
    for lvl in abstract.iterchildren(W + "lvl"):
        ilvl = int(lvl.get(W + "ilvl", "0"))
        levels[ilvl] = Level(
            start=int(_val(lvl, W + "start") or 1),
            fmt=_val(lvl, W + "numFmt") or "decimal",
            text=_val(lvl, W + "lvlText") or "",
            suffix=_val(lvl, W + "suff") or "tab",
        )
    return levels


class NumberingCounter:
    """Labels of numbered paragraphs, counted in the order `label` is called (document order)."""

    def __init__(self, numbering: Any | None, styles: Any | None = None) -> None:
        self.formats: dict[str, dict[int, Level]] = {}
        self.counts: dict[str, list[int]] = {}
        self.style_num: dict[str, tuple[str, int]] = {}
        if numbering is None:
            return
        abstracts = {a.get(W + "abstractNumId"): _levels(a) for a in numbering.iterchildren(W + "abstractNum")}
        for num in numbering.iterchildren(W + "num"):
            levels = dict(abstracts.get(_val(num, W + "abstractNumId") or "", {}))
            for override in num.iterchildren(W + "lvlOverride"):
                ilvl = int(override.get(W + "ilvl", "0"))
                start = _val(override, W + "startOverride")
                if start is not None and ilvl in levels:
                    lv = levels[ilvl]
                    levels[ilvl] = Level(int(start), lv.fmt, lv.text, lv.suffix)
            self.formats[num.get(W + "numId")] = levels
        if styles is not None:
            for style in styles.iterchildren(W + "style"):
                num_id = _val(style, f"{W}pPr/{W}numPr/{W}numId")
                if num_id:
                    ilvl = int(_val(style, f"{W}pPr/{W}numPr/{W}ilvl") or 0)
                    self.style_num[style.get(W + "styleId")] = (num_id, ilvl)

    def _num_of(self, p: Any) -> tuple[str, int] | None:
        num_id = _val(p, f"{W}pPr/{W}numPr/{W}numId")
        ilvl = _val(p, f"{W}pPr/{W}numPr/{W}ilvl")
        if num_id is None:
            style = _val(p, f"{W}pPr/{W}pStyle")
            if style in self.style_num:
                num_id, default_level = self.style_num[style]
                return num_id, int(ilvl) if ilvl is not None else default_level
            return None
        return num_id, int(ilvl or 0)

    def label(self, p: Any) -> str:
        """The label Word draws before paragraph `p` (with its trailing space), or ""."""
        found = self._num_of(p)
        if found is None:
            return ""
        num_id, ilvl = found
        levels = self.formats.get(num_id)
        if not levels or ilvl not in levels or num_id == "0":
            return ""
        counts = self.counts.setdefault(num_id, [0] * LEVELS)
        level = levels[ilvl]
        counts[ilvl] = counts[ilvl] + 1 if counts[ilvl] else level.start
        for deeper in range(ilvl + 1, LEVELS):
            counts[deeper] = 0
        if level.fmt == "none":
            return ""
        if level.fmt == "bullet":
            text = "-" if _DASH_BULLETS.match(level.text) else level.text.strip() or "-"
        else:
            def number(m: re.Match[str]) -> str:
                k = int(m.group(1)) - 1
                lv = levels.get(k)
                n = counts[k] or (lv.start if lv else 1)
                return format_number(n, lv.fmt if lv and k != ilvl else level.fmt)

            text = re.sub(r"%([1-9])", number, level.text)
        if not text.strip():
            return ""
        return text + ("" if level.suffix == "nothing" else " ")
