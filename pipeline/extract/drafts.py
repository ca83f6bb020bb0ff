"""Obligations under construction: the mutable draft each finder fills, frozen at the end.

Shared by the running-text finder (obligations.py) and the table and bullet-block finders
(tables.py): partners, report addressees and deadlines are read the same way for all of them."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from ..model import Deadline, Obligation, Sentence, Span
from ..scanning import scanner
from .actors import SPACES, Actor, head_re, split_actors
from .triggers import actor_after

# scanners: tried only where their first letter stands (the lookbehind gave `re` no prefix: every position)
PARTNERS = scanner(r"(?<![\w])(?:[Pp]hối\s*hợp|cùng\s+với|cùng)\s+(?:chặt\s*chẽ\s+)?(?:với\s+|cùng\s+)?")
REPORT = scanner(
    r"""(?<![\w])(?:báo\s*cáo|gửi|phản\s*ánh)\s+(?:[^;.()\n]{0,60}?\s)?(?:về|cho|lên|đến)\s+
      |(?<![\w])(?:báo\s*cáo|trình)\s+(?=[A-ZĐỦ])
      |\((?:qua|thông\s+qua)\s+""",
    re.VERBOSE,
)


@dataclass
class Draft:
    """An obligation being built; `freeze` turns it into the frozen Obligation."""

    span: Span
    section: str | None
    actors: tuple[Actor, ...]
    action: str
    rule: str
    block: int | None
    partners: list[str] = field(default_factory=list)
    report_to: list[str] = field(default_factory=list)
    deadlines: list[int] = field(default_factory=list)
    product: str | None = None


def extras(text: str, clause: Span) -> tuple[list[str], list[str]]:
    """Partners ('phối hợp với Y') and addressees of reports ('báo cáo … về Z (qua Y)') in a clause."""
    partners: list[str] = []
    report: list[str] = []
    for pattern, into in ((PARTNERS, partners), (REPORT, report)):
        for m in pattern.finditer(text, clause.start, clause.end):
            if not head_re(any_case=True).match(text, m.end(), clause.end):
                continue
            got = actor_after(text, m.end(), clause.end, any_case=True)
            if got:
                into.extend(a.name for a in split_actors(text, got[0]) if a.name not in into)
    return partners, report


def deadlines_in(deadlines: tuple[Deadline, ...], span: Span) -> list[int]:
    """Indexes of the deadlines inside `span`, in order. The deadlines are looked up by bisection on
    their starts (sorted once per deadline list), so asking for every duty stays linear."""
    starts, order = _by_start(deadlines)
    lo, hi = bisect_left(starts, span.start), bisect_right(starts, span.end)
    return sorted(order[k] for k in range(lo, hi) if deadlines[order[k]].span in span)


_LAST: list[tuple[tuple[Deadline, ...], list[int], list[int]]] = []  # the deadlines last asked about


def _by_start(deadlines: tuple[Deadline, ...]) -> tuple[list[int], list[int]]:
    """The deadlines' starts in increasing order, and the index of the deadline of each."""
    if not (_LAST and _LAST[0][0] is deadlines):
        order = sorted(range(len(deadlines)), key=lambda i: deadlines[i].span.start)
        _LAST[:] = [(deadlines, [deadlines[i].span.start for i in order], order)]
    return _LAST[0][1], _LAST[0][2]


def draft(text: str, sent: Sentence, span: Span, actors: tuple[Actor, ...], action: Span, rule: str,
          deadlines: tuple[Deadline, ...]) -> Draft:
    """A draft for the duty stated in `span` (within `sent`), its action read from `action`."""
    partners, report = extras(text, action)
    return Draft(span, sent.section, actors, SPACES.sub(" ", action.of(text)).strip(), rule, sent.block,
                 partners, report, deadlines_in(deadlines, span))


def freeze(d: Draft) -> Obligation:
    return Obligation(
        span=d.span, section=d.section, actors=tuple(a.name for a in d.actors), action=d.action,
        partners=tuple(d.partners), report_to=tuple(d.report_to), deadlines=tuple(sorted(set(d.deadlines))),
        rule=d.rule, actor_spans=tuple(a.span for a in d.actors), product=d.product,
    )
