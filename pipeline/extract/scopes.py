"""Bearer and deadline scopes on the document outline (issue 15, part 2; structure/outline.py).

A node of the outline may *open a scope*: it names who bears, or by when, the clauses under it.
- Bearer scopes: a heading naming a body (`2. Sở Nội vụ:`, `Nhiệm vụ của X`, `X:` alone), a lead-in
  (`Giao Sở Y tế chủ trì …:`, `X có trách nhiệm:`), an item that states a duty of its own (its
  sub-items carry it on), a labelled block's lead field (`Cơ quan chủ trì: X`, before or after the
  tasks) and a table row's lead column. A topical heading (`Về cải cách thể chế`) opens none.
- Deadline scopes: a node's own deadline (a lead-in's or heading's `trước ngày …`, a block's time
  field, a row's time cell).

Precedence, for a clause (one unit of the outline):
1. its own subject (`Sở Y tế chủ trì …`, `Giao X …`, `cán bộ … chủ động …`) — always, even inside
   a scope; a subject whose predicate is no duty (`Sở X đã triển khai …`) ends the matter;
2. the sentence just before it in the same paragraph, when that one stated a duty (continuation);
3. the nearest enclosing bearer scope: the node's ancestors, nearest first (so a block's lead field
   beats the heading above the block, and a sub-heading beats its parent heading);
4. in a letter (công văn), the Kính gửi addressees.
A bullet after a duty stated above it (not under it) takes no bearer from that duty: only its
ancestors' scopes apply.
A clause's deadlines are its own; without one, the nearest enclosing deadline scope's (an item whose
deadline is that of its own duty passes it to its sub-items only; a lead-in with items written inline,
`a) Bộ X: (1) … trước ngày 10/12; (2) …`, passes only the deadlines of its words before the first item,
and states only the duties of those words: `3. Đẩy mạnh …: (1) Sở X …; (2) Sở Y …` gives each item's once);
a sentence after the duty that only says by when (`Thời gian hoàn thành … chậm nhất là ngày …`) is
the duty's own (`timed`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..model import Deadline, Node, Span
from ..structure.outline import children_of, field_values
from ..structure.tables import layout
from .actors import Actor, split_actors
from .drafts import Draft, deadlines_in, extras
from .subjects import clause_subject
from .triggers import find_triggers

# a follow-on sentence that completes the duty before it ('Hoàn thành …', 'Báo cáo kết quả …') shares its deadline
COMPLETION = re.compile(r"(?i)(?:hoàn\s+thành|xong|báo\s+cáo\s+kết\s+quả)\b")
# what may stand before a time note's label: a bracket or a bullet ('(Thời gian hoàn thành: Quý I/2026)', '- Thời gian: …')
NOTE_OPEN = re.compile(r"[(\-+•]?[ \t]*")


# an item that names its own bearer ('- Trách nhiệm của chủ nhiệm lớp: là cầu nối …') is not its lead-in's
OWN_BEARER = re.compile(r"\s*(?:Trách\s+nhiệm|Nhiệm\s+vụ)(?:,?\s+(?:và\s+)?quyền\s+hạn)?\s+của\s")


@cache
def helpers_re() -> re.Pattern[str]:
    """'…; các sở, ngành phối hợp' ending a lead field's value: the bodies that help, not bear (the
    verbs: layout.yaml `helping`); the clause is read after the last ';' , at most 200 characters."""
    verbs = "|".join(layout()["helping"])
    return re.compile(rf"\s*;\s*([^;]{{3,200}}?)\s+(?:{verbs})\s*\.?\s*$")


@dataclass(frozen=True)
class Bearer:
    """Who a scope gives its clauses to, with the rule recorded and the partners it names."""

    actors: tuple[Actor, ...]
    rule: str = "heading"
    partners: tuple[str, ...] = ()


class Scopes:
    """The scopes of one document's outline: the blocks' and rows' read at once, the others opened by
    the obligation finder as it reads each unit (`open`)."""

    def __init__(self, text: str, outline: tuple[Node, ...], deadlines: tuple[Deadline, ...]) -> None:
        self.text, self.outline = text, outline
        self.bearers: dict[int, Bearer] = {}
        self.due: dict[int, list[int]] = {}
        self.stated_nodes: set[int] = set()
        self.kids = children_of(outline)
        self.fields: dict[int, dict[str, int]] = {}  # a block's fields by label (the first of each)
        self.tasks: dict[int, list[int]] = {}  # a block's task lines
        self.content_bearers: dict[int, Bearer | None] = {}  # who bears a block's content (blocks.py)
        self.duty_leads: set[int] = set()  # lead-ins whose own words make their items duties ('X có trách nhiệm:')
        for i, node in enumerate(outline):
            if node.parent is not None and outline[node.parent].kind == "block":
                if node.kind == "field" and node.label is not None:
                    self.fields.setdefault(node.parent, {}).setdefault(node.label, i)
                elif node.kind != "field":
                    self.tasks.setdefault(node.parent, []).append(i)
            if node.kind == "field" and node.parent is not None and outline[node.parent].kind == "block":
                self._field(text, node.parent, node, self._value(i), deadlines)
            elif node.kind == "row":
                cell = node.cell("deadline")
                if cell is not None:
                    self.due[i] = deadlines_in(deadlines, cell)
            elif node.kind != "block" and (node.marker is not None or node.kind in ("lead_in", "heading")):
                self.due[i] = deadlines_in(deadlines, self.own(i))

    def own(self, index: int) -> Span:
        """A node's own words: up to its first item written inline ('a) Bộ X: (1) … trước ngày 10/12; (2) …'
        opens no deadline scope for (2), only its words before '(1)' do)."""
        span = self.outline[index].span
        inline = [self.outline[c].span.start for c in self.kids.get(index, [])
                  if span.start < self.outline[c].span.start < span.end]
        return Span(span.start, min(inline)) if inline else span

    def _value(self, field: int) -> Span:
        """A field's value: after its label, or on the bullets under it ('- Cơ quan chủ trì:' / '+ Sở Y tế')."""
        values = field_values(self.text, self.outline[field], self.under(field))
        return Span(values[0].start, values[-1].end) if values else self.outline[field].value or self.outline[field].span

    def _field(self, text: str, block: int, node: Node, value: Span, deadlines: tuple[Deadline, ...]) -> None:
        """A block's field: the lead names the bearer (its value may be a sentence of its own: 'Sở Nội vụ
        chủ trì, phối hợp với …'), the support field partners, the time field the deadline."""
        if node.label == "lead":
            # 'Sở Nội vụ; các sở, ngành phối hợp': the last clause of the value, its verb 'phối hợp', names partners
            helping = helpers_re().search(text, value.start, value.end)
            lead = Span(value.start, helping.start()) if helping else value
            said = [t for t in find_triggers(text, lead) if t.action is not None]
            actors = said[0].actors if said else split_actors(text, lead)
            partners = extras(text, Span(said[0].action, lead.end))[0] if said and said[0].action else []
            if helping:
                partners += [a.name for a in split_actors(text, Span(helping.start(1), helping.end(1)))]
            old = self.bearers.get(block)
            if actors:
                self.bearers[block] = Bearer(actors, "block", tuple(partners) + (old.partners if old else ()))
        elif node.label == "support":
            old = self.bearers.get(block, Bearer((), "block"))
            names = tuple(a.name for a in split_actors(text, value))
            self.bearers[block] = Bearer(old.actors, "block", old.partners + names)
        elif node.label == "time":
            self.due.setdefault(block, []).extend(deadlines_in(deadlines, Span(node.span.start, max(node.span.end, value.end))))

    def children(self, node: int) -> list[int]:
        return self.kids.get(node, [])

    def under(self, node: int) -> list[Node]:
        return [self.outline[c] for c in self.kids.get(node, [])]

    def open(self, node: int, actors: tuple[Actor, ...], rule: str = "heading", items: bool = False) -> None:
        """`node` opens a bearer scope; with `items`, its own words make each item under it a duty of the bearer
        ('X có trách nhiệm:', 'Giao X:', 'Giao X chủ trì, phối hợp …:'), whatever verb opens the item."""
        if actors:
            self.bearers[node] = Bearer(actors, rule)
            if items:
                self.duty_leads.add(node)

    def in_scope(self, node: int) -> bool:
        """Does the node's parent open a bearer scope (a heading or lead-in naming a body)?"""
        parent = self.outline[node].parent
        return parent is not None and parent in self.bearers

    def duty_item(self, node: int) -> bool:
        """Is the node a marked item right under a lead-in that makes its items duties (`open(items=True)`)?
        'X chịu trách nhiệm:' / 'a) Chỉ đạo …' / 'b) Kết nối nền tảng …': b) is X's duty though no verb list knows
        'Kết nối'."""
        n = self.outline[node]
        if n.marker is None or n.parent not in self.duty_leads or n.sentence == self.outline[n.parent].sentence:
            return False  # an item written inline in its lead-in ('(1) Bộ X giải quyết: (i) …') is the lead-in's duty
        body = n.body or n.span
        if OWN_BEARER.match(self.text, body.start, body.end) or clause_subject(self.text, body) is not None:
            return False  # a subject of its own decides ('5. Ban Chỉ đạo kết thúc nhiệm vụ sau khi …')
        # a title over items of its own ('2. Đối với dự án cảng hàng không …' / 'a) …') is no duty itself
        return node not in self.kids or body.of(self.text).rstrip().endswith((".", ";", ":"))

    def ancestors(self, node: int) -> list[int]:
        out, p = [], self.outline[node].parent
        while p is not None:
            out.append(p)
            p = self.outline[p].parent
        return out

    def bearer(self, node: int) -> Bearer | None:
        """The nearest enclosing bearer scope of a node (rule 3 of the precedence). A lead-in that opens
        with a task of its own ('Quán triệt …, X cụ thể hoá …, tập trung các nhiệm vụ sau:') is in its own scope.
        The partners of a nearer scope that names none (a block's 'Cơ quan phối hợp:' under '1. Sở Tài chính') join."""
        partners: tuple[str, ...] = ()
        for a in [node, *self.ancestors(node)]:
            got = self.bearers.get(a)
            if got is not None and got.actors:
                return Bearer(got.actors, got.rule, partners + got.partners) if partners else got
            if got is not None:
                partners += got.partners
        return None

    def deadlines(self, node: int) -> list[int]:
        """The deadlines of the nearest enclosing node that has its own. An item's deadline that belongs
        to a duty it states (`e) Sở X: Duy trì giao ban định kỳ 02 tuần/lần …`) reaches its sub-items,
        not the next sentence of its paragraph (another duty)."""
        marked, start = self.outline[node].marker is not None, self.outline[node].span.start
        for a in self.ancestors(node):
            # a paragraph after a block's fields is no part of the block, though the outline leaves it under
            # the block's task line ('- Sở X chủ trì …' / 'Thời gian hoàn thành …' / 'Đề nghị các cơ quan …')
            theirs = a in self.stated_nodes or any(self.outline[f].span.end <= start for f in self.fields.get(a, {}).values())
            if self.due.get(a) and (marked or not theirs):
                return list(self.due[a])
        return []

    def stated(self, node: int) -> None:
        """The node stated a duty of its own."""
        self.stated_nodes.add(node)

    def headings(self, node: int) -> list[str]:
        """The texts of the numbered items and headings a node stands under, nearest first."""
        return [(n.body or n.span).of(self.text) for n in (self.outline[a] for a in self.ancestors(node))
                if n.marker is not None]


def timed(text: str, body: Span, made: list[Draft], previous: Draft, deadlines: tuple[Deadline, ...]) -> list[Draft]:
    """The sentence after a duty (same paragraph or item) that says by when it is due gives it that deadline,
    unless it has one of its own (a scope's gives way): 'Thời gian hoàn thành … chậm nhất là ngày 15/01/2026.' or
    'Trước ngày 30/6/2026.' (no duty: the sentence's drafts are dropped), 'Hoàn thành việc phê duyệt trong tháng
    4/2026.' (a duty of its own too). Returns the sentence's drafts."""
    follow_on = bool(made) and made[0].rule == "continuation"
    note = time_note(text, body, deadlines) if not made or follow_on else []
    if note:
        made = []
    elif follow_on and made[0].deadlines and COMPLETION.match(made[0].action):
        note = list(made[0].deadlines)
    if note and not set(previous.deadlines) & set(deadlines_in(deadlines, previous.span)):
        previous.deadlines = note
    return made


def time_note(text: str, body: Span, deadlines: tuple[Deadline, ...]) -> list[int]:
    """The deadlines of a sentence that only says by when (layout.yaml `time_notes`: 'Thời gian hoàn thành ban
    hành kế hoạch chậm nhất là ngày 15/01/2026.'), or that is hardly more than its deadline ('Trước ngày 30/6/2026.')."""
    own = deadlines_in(deadlines, body)
    if not own:
        return []
    start = body.start + len(body.of(text)) - len(body.of(text).lstrip())
    if (lead := NOTE_OPEN.match(text, start, body.end)) is not None:  # '(Thời gian hoàn thành: Quý I/2026)'
        start = lead.end()
    first, end = min(deadlines[k].span.start for k in own), max(deadlines[k].span.end for k in own)
    if time_note_re().match(text, start, body.end) or first == start and len(text[end : body.end].strip()) <= 20:
        return own
    return []


@cache
def time_note_re() -> re.Pattern[str]:
    return re.compile("|".join(layout()["time_notes"]))
