"""Item headings of a document's outline that name who bears the items below them (domain doc §8.1).

'1. Sở Nội vụ:', 'a) Đối với Nhà đầu tư …:', 'Các Bộ: Tài chính, Y tế …', '1. Nhiệm vụ của giảng viên';
and the headings that only look like one: 'i) Doanh nghiệp số' among topic siblings ('a) Thể chế', …).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Protocol

from ..model import Node, Span
from ..structure.outline import HEADING_MARKERS
from ..text import alternation, spaced
from .actors import LOWER, Actor, clean_span, split_actors
from .actors import vocabulary as actor_vocabulary
from .nlp import candidate_re as person_start_re
from .triggers import TRANSPARENT, actor_after, has_verb, vocabulary

PASSIVE = re.compile(r"được\s+(?!giao\b)\w+(?:\s+\w+)?\s*[:.]?\s*$")
# what opens a heading before the body it names: 'Đối với …', 'Trách nhiệm của …', '6. Đề nghị: Hiệp hội …, Hội …'
LEAD = re.compile(r"(?:Đối\s+với|(?:Trách\s+nhiệm|Nhiệm\s+vụ)(?:,?\s+(?:và\s+)?quyền\s+hạn)?\s+của)\s+"
                  r"|(?:Giao|Đề\s+nghị|Yêu\s+cầu)\s*:?\s+")
# a scope heading that also says who does what
DUTY_WORDS = re.compile(r"phương\s+án|nhiệm\s+vụ|giải\s+pháp|tổ\s+chức|trách\s+nhiệm")


class Outlined(Protocol):
    """A unit of the body: its list marker and the span after the marker."""

    @property
    def marker(self) -> str | None: ...

    @property
    def body(self) -> Span: ...


@cache
def _starts(kind: str) -> tuple[str, ...]:
    return tuple(vocabulary()[kind])


class Unitlike(Outlined, Protocol):
    @property
    def node(self) -> int: ...


@lru_cache(maxsize=4096)  # asked for every unit under a heading
def descriptive(heading: str) -> bool:
    return heading.lower().startswith(_starts("descriptive_headings"))


@lru_cache(maxsize=4096)
def scope(heading: str) -> bool:
    """'Đối tượng thi đua', 'Phạm vi điều chỉnh', 'Thành phần': whom a text concerns, not what they must do."""
    low = heading.lower()
    if DUTY_WORDS.search(low):
        return False  # 'PHẠM VI, ĐỐI TƯỢNG, NHU CẦU, PHƯƠNG ÁN HỖ TRỢ' also says who does what
    return low.startswith(_starts("scope_headings"))


# asked twice for the members of a group of bare headings (topic_headings, then the obligation finder's
# unit loop); the text is the same object, so the key hashes and compares by identity
@lru_cache(maxsize=4096)
def heading_actors(text: str, body: Span, outline: bool) -> tuple[tuple[Actor, ...], int | None]:
    """'Sở Nội vụ:' or 'Đối với Nhà đầu tư …:' or 'Đề nghị Ủy ban MTTQ tỉnh:' → its actors and
    where the inline tasks after the colon start (None when the heading ends the line)."""
    pos = body.start
    m = LEAD.match(text, pos, body.end)
    if m:
        pos = m.end()
        people = people_heading(text, pos, body.end)
        if people:
            return people
    got = actor_after(text, pos, body.end, in_list=True)
    whole = text[body.start : body.end].rstrip()
    if got and got[2] == "stop" and outline and got[1] is not None and PASSIVE.match(text, got[1], body.end) \
            and len(whole.split()) <= 12 and ":" not in whole.rstrip(":"):
        # '2. Các cơ quan, đơn vị được kiểm tra' names its bodies by what is done to them
        return split_actors(text, clean_span(text, pos, len(text[: body.end].rstrip(" .:")))), None
    if got and got[2] == "prep" and whole.endswith(":") and not has_verb(text, pos, body.end):
        # '1. Chủ tịch UBND các tỉnh, thành phố từ Hà Tĩnh đến Lâm Đồng, trong đó …:' heads what follows
        return split_actors(text, got[0]), None
    if not got or got[1] is not None or got[2] not in (":", ".", "end"):
        return (), None
    if got[2] != ":" and not outline:  # '- UBND các huyện.' in Kính gửi is an addressee, not a heading
        return (), None
    span, _, why = got
    rest = None
    if why == ":":
        colon = text.index(":", span.end)
        rest = colon + 1 if text[colon + 1 : body.end].strip() else None
        if rest is not None and re.fullmatch(r"(?i)các\s+(?:bộ|sở|cơ\s*quan|bộ,\s*cơ\s*quan)", span.of(text)):
            named = listed_names(text, rest, body.end)  # 'Các Bộ: Tài chính, Y tế, Tư pháp khẩn trương …'
            if named:
                return named
    return split_actors(text, span), rest


def people_heading(text: str, pos: int, end: int) -> tuple[tuple[Actor, ...], int | None] | None:
    """'1. Nhiệm vụ của giảng viên', 'Đối với đoàn viên:': members named in lowercase head the items below."""
    if not person_start_re().match(text, pos, end):
        return None
    name = text[pos:end].rstrip().rstrip(" :.")
    if len(name.split()) > 6 or has_verb(name, 0, len(name)) or ":" in name:
        return None  # 'Đối với cán bộ được quy hoạch: …' is a topic, not the bearer
    span = clean_span(text, pos, pos + len(name))
    return (Actor(" ".join(span.of(text).split()), span),), None


def listed_names(text: str, start: int, end: int) -> tuple[tuple[Actor, ...], int] | None:
    """Names listed after 'Các Bộ:' up to the lowercase verb that opens their action."""
    got = actor_after(text, start, end)
    if got is not None:
        return None
    v = vocabulary()
    verbs = alternation(v["action"] + list(v["duty"]) + v["starters"])
    # the names up to the first verb: one lazy run (a repetition of lazy items inside a lazy
    # repetition backtracked exponentially when no verb came), an empty item (',,') refused after
    m = re.compile(rf"\s*([^,;:.()](?:[^;:.()]*?[^,;:.()])?)\s+(?=(?:{verbs})(?![{LOWER}]))").match(text, start, end)
    if not m or ",," in m[1]:
        return None
    span = Span(m.start(1), m.end(1))
    tail = TRANSPARENT.search(text, span.start, span.end)  # '… Tập đoàn Điện lực Việt Nam theo chức năng, …'
    if tail:
        span = Span(span.start, tail.start())
    protected = re.compile(r"\s*(?:" + "|".join(spaced(n) for n in actor_vocabulary()["comma_names"]) + r")|[^,]+")
    pieces = [p for p in protected.finditer(span.of(text))]
    actors = tuple(Actor(" ".join(p.group().split()), Span(span.start + p.start() + (len(p.group()) - len(p.group().lstrip())),
                                                  span.start + p.end() - (len(p.group()) - len(p.group().rstrip()))))
                   for p in pieces if p.group().strip()[:1].isupper())
    return (actors, m.end()) if actors and len(actors) == len(pieces) else None


def bare_heading(text: str, unit: Outlined) -> bool:
    """A numbered heading line without a sentence of its own: 'i) Doanh nghiệp số', '2. Sở Nội vụ'."""
    body = text[unit.body.start : unit.body.end].strip()
    return unit.marker in HEADING_MARKERS and len(body.split()) <= 12 and not body.endswith((":", ".", ";"))


def topic_headings(text: str, outline: tuple[Node, ...], units: Sequence[Unitlike]) -> set[int]:
    """Bare headings that name a body only by chance: their siblings (same marker under the same
    parent) are topics ('a) Thể chế', 'b) Hạ tầng số', … 'i) Doanh nghiệp số'), so they are topics too.
    Returns outline indexes.

    An outline of duty-bearers names a body in many of its headings ('1. Sở Nội vụ', '2. Sở Tài chính')."""
    groups: dict[tuple[int | None, str], list[Unitlike]] = {}
    for unit in units:
        if unit.marker in HEADING_MARKERS:
            groups.setdefault((outline[unit.node].parent, unit.marker or ""), []).append(unit)
    out: set[int] = set()
    for members in groups.values():
        if len(members) < 5:
            continue
        named = [u for u in members if heading_actors(text, u.body, True)[0]]
        if named and len(named) * 5 <= len(members):
            out.update(u.node for u in named if bare_heading(text, u))
    return out
