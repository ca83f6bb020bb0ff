"""Numbered sections: I. / 1. / a) / Điều N, nested by numbering style (first version)."""
from __future__ import annotations

import re

from ..model import Section, Span

HEADING = re.compile(
    r"""^(?P<num>
          (?P<roman>[IVX]{1,5})\.            # I.  II.
        | (?P<arabic>\d{1,2})\.(?!\d)         # 1.
        | (?P<letter>[a-zđ])\)                # a)
        | Điều\s+(?P<dieu>\d+)\.?              # Điều 5.
        )\s+(?P<heading>[^\n]{1,200})""",
    re.VERBOSE | re.MULTILINE,
)
LEVEL = {"roman": 1, "dieu": 1, "arabic": 2, "letter": 3}


def find_sections(text: str, body: Span | None = None) -> tuple[Section, ...]:
    body = body or Span(0, len(text))
    found: list[tuple[int, str, str, Span]] = []
    for m in HEADING.finditer(text, body.start, body.end):
        kind = next(k for k in ("roman", "arabic", "letter", "dieu") if m[k])
        found.append((LEVEL[kind], m[kind], m["heading"].strip(), Span(m.start(), m.end())))
    sections: list[Section] = []
    path: list[tuple[int, str]] = []
    for i, (level, label, heading, hspan) in enumerate(found):
        while path and path[-1][0] >= level:
            path.pop()
        path.append((level, label))
        end = next((f[3].start for f in found[i + 1 :] if f[0] <= level), body.end)
        sections.append(Section(".".join(p[1] for p in path), heading, Span(hspan.start, end), hspan, level))
    return tuple(sections)


def section_at(sections: tuple[Section, ...], pos: int) -> str | None:
    """Id of the innermost section containing `pos`."""
    best: Section | None = None
    for s in sections:
        if s.span.start <= pos < s.span.end and (best is None or s.level >= best.level):
            best = s
    return best.id if best else None
