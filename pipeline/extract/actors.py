"""Actors of obligations: where a body's name starts and ends, lists of bodies (their canonical names: resolve/units.py).

The vocabulary (heads of names, collective nouns, abbreviations) is data: pipeline/data/actors.yaml.
Every function works on offsets into the stored text, so a found actor keeps the text's spelling.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..datafiles import load_yaml
from ..model import Span
from ..text import alternation, spaced

DATA = Path(__file__).resolve().parent.parent / "data"
SPACES = re.compile(r"\s+")  # the one run of white space every extractor skips or folds
LOWER = "a-zà-ỹđ"  # a name's word goes on when a lowercase letter follows ("Tổ" is not "Tổng")


@cache
def data_file(name: str) -> Any:
    """A YAML file of pipeline/data, read once."""
    with open(DATA / name, encoding="utf-8") as fh:
        return load_yaml(fh)


def vocabulary() -> dict:
    return data_file("actors.yaml")


def heads_pattern(heads: list[str]) -> str:
    """Heads longest first; an abbreviation (UBND, VP) must end its word ('VPCP' is not 'VP')."""
    parts = []
    for h in sorted(set(heads), key=len, reverse=True):
        first, *rest = h.split()
        tail = rf"(?i:\s*{spaced(' '.join(rest))})" if rest else ""  # 'Nhà Đầu tư' is 'Nhà đầu tư'
        parts.append(re.escape(first) + tail + (r"(?!\w)" if h.isupper() else ""))
    return "|".join(parts)


@cache
def head_re(any_case: bool = False) -> re.Pattern[str]:
    """The start of an actor: a capitalised head (Sở, Ban, UBND …) or 'các' + a collective noun.

    `any_case` also takes a lowercase head ('…cấp ủy; thủ trưởng cơ quan …' inside a list)."""
    v = vocabulary()
    heads = heads_pattern(v["heads"])
    return re.compile(
        rf"""(?<![\w])(?!(?:{alternation(v['not_heads'])})(?![{LOWER}]))
        (?: (?:[Cc]ác|[Mm]ỗi|[Tt]ừng|[Tt]oàn\s+thể|[Nn]hững) \s+ (?:[Đđ]ồng\s*chí\s+)?
            (?: (?i:{alternation(v['collective'])}) | {heads} )
          | {heads}
        )(?![{LOWER}])""",
        re.VERBOSE | (re.IGNORECASE if any_case else 0),
    )


@dataclass(frozen=True)
class Actor:
    name: str
    span: Span


def clean_span(text: str, start: int, end: int) -> Span:
    """Trim spaces, list punctuation and a dangling 'và' from both ends of an actor's span."""
    while start < end and (text[start].isspace() or text[start] in ",;:-–+•("):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:-–.(/"):
        end -= 1
    tail = re.search(r"(?:\s+(?:và|cùng|với|hoặc))+$", text[start:end])
    if tail:
        end = start + tail.start()
    return Span(start, end)


# separators inside a list of actors; a piece becomes a new actor only if it opens with a head
SEPARATOR = re.compile(r"\s*;\s*|\s*,\s*|\s+(?:và|hoặc)\s+|\s*\n\s*[-+]\s*")


def split_actors(text: str, span: Span) -> tuple[Actor, ...]:
    """Split 'Sở A, Sở B và các cơ quan liên quan' into actors; keep 'các sở, ban, ngành' whole."""
    heads = head_re()
    if re.match(r"[Đđ]ồng\s*chí\s+[A-ZĐÀ-Ỹ]", text[span.start : span.end]):
        # 'Đồng chí Phạm Gia Túc, Ủy viên Trung ương Đảng, Chánh Văn phòng …': one person and their titles
        s = clean_span(text, span.start, span.end)
        return (Actor(re.sub(r"\s+", " ", s.of(text)), s),)
    cuts = [span.start]
    for m in SEPARATOR.finditer(text, span.start, span.end):
        nxt = m.end()
        if nxt >= span.end:
            continue
        if ";" in m.group() or heads.match(text, nxt):
            cuts.append(m.start())
            cuts.append(nxt)
    cuts.append(span.end)
    out = []
    for a, b in zip(cuts[0::2], cuts[1::2], strict=True):
        s = clean_span(text, a, b)
        if s.end - s.start >= 2:
            out.append(Actor(re.sub(r"\s+", " ", s.of(text)), s))
    return tuple(out)
