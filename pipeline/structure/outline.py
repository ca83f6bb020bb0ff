"""The document outline: one tree of the body's headings, items, lead-ins, labelled blocks and tables.

Built once from the sentences (sentences.py), the DOCX table rows and tables flattened into text
(tables.py); every extractor reads it (Structure.outline) instead of guessing the layout again.

Nesting, in one pass over the units in reading order (linear time):
- a list marker has a rank, outermost first: `I.` / `Điều 1.` / `1.` (`Nhiệm vụ 1.`) / `1.1.` / `1.1.1.` / `a)` /
  `-` / `+` `•` `(1)`; an item closes the open items of its rank or deeper and becomes the child of
  the one left open;
- a *lead-in* is a unit ending in `:` (`như sau:`, `sau:`, `cụ thể:` included). A numbered lead-in
  heads the deeper items as any item does; an unmarked one (`Giao Sở Y tế chủ trì …:`) heads the
  items after it, whatever their marker, until an item shallower than its first item comes; an
  unmarked unit after it (a paragraph) stays under it. `Giao X: (i) … (ii) …` written on one line
  heads the inline items, which become its children (an item among them ending in ':' heads the
  items numbered otherwise after it: `(3) X tập trung: (i) …; (ii) …`);
- a *field* is a line that opens with a label (`Nội dung:`, `Cơ quan chủ trì:`, `Cơ quan phối
  hợp:`, `Thời gian:`, `Sản phẩm:`; data: layout.yaml `fields`) at a line start, after a marker or
  alone: a sentence in the middle of a paragraph (`… . Thời gian hoàn thành trong …`) is none. The
  fields under one item, in any order, and the task lines before them (the item's earlier children,
  or the item itself when it has none) form a *block*: a node of its own, parent of its tasks and
  fields. A field whose value is on the next bullets (`- Cơ quan chủ trì:` / `+ Sở Y tế`) is their
  lead-in;
- a table (DOCX, or flattened into text) is a node under the item it stands in; its rows are its
  children, with cells named by column (header, group and task rows);
- the annex after the signature (header.annex) is a node of its own, root of its units.
Every node has its kind, depth (ancestors), parent (index) and span; the kinds are listed in
model.Node.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from ..model import Document, Header, Node, Sentence, Span
from ..scanning import scanner
from .tables import Row, docx_rows, layout, text_tables

MARKER = scanner(
    r"""(?:(?P<roman>[IVXLC]{1,6})\.
         |(?P<multi>\d{1,2}(?:\.\d{1,2})+)\.?
         |(?P<arabic>\d{1,2})[.)]
         |(?P<letter>[a-zđ])[.)]
         |(?P<dieu>Điều\s+\d+)[.:]?
         |(?P<named>(?:Nhiệm\s+vụ|Hoạt\s+động)\s+\d{1,2})[.:]  # 'Nhiệm vụ 1. Tổ chức diễn đàn …' numbers a task
         |(?P<dash>[-–—])
         |(?P<plus>\+)
         |(?P<bullet>[•·*▪➢✓])
         |(?P<paren>\((?:\d{1,2}|[ivx]{1,4})\)))(?:\s+|$)""",
    re.VERBOSE,
)
# the usual outline, outermost first: I. / Điều 1. / 1. (Nhiệm vụ 1.) / 1.1. / 1.1.1. / a) / - / +
RANK = {"roman": 0, "dieu": 0, "arabic": 1, "named": 1, "multi1": 2, "multi2": 3, "multi3": 3, "letter": 4,
        "dash": 5, "plus": 6, "bullet": 6, "paren": 6}
HEADING_MARKERS = ("roman", "dieu", "arabic", "named", "multi1", "multi2", "multi3", "letter")
BULLETS = ("dash", "plus", "bullet", "paren")  # one-paragraph items
LEAD_END = scanner(r":\s*$")
# 'Giao Đảng ủy khối: (i) …; (ii) …': items written inline after a colon
INLINE = scanner(r"(?<=[:;.])\s*(?=\((?:\d{1,2}|[ivx]{1,4})\)\s)")


@cache
def field_re() -> re.Pattern[str]:
    """A labelled line: the label (one named group per field) and its colon."""
    groups = "|".join(f"(?P<{name}>{'|'.join(parts)})" for name, parts in layout()["fields"].items())
    return re.compile(rf"(?:{groups})\s*:\s*|(?P<time_line>{'|'.join(layout()['time_lines'])})")


@cache
def inline_field_re() -> re.Pattern[str]:
    """A label after a ';', ',' or '.' inside a field's value, in any case: 'Chủ trì: Sở Tư pháp; phối hợp: các sở,
    ngành; thời gian: Quý II/2026' is three fields on one line."""
    groups = "|".join(f"(?P<{name}>{'|'.join(parts)})" for name, parts in layout()["fields"].items())
    return re.compile(rf"[;.,]\s*(?:{groups})\s*:\s*", re.IGNORECASE)


@dataclass(eq=False)  # compared by identity: a node is itself, not its fields (nor its subtree)
class _Node:
    kind: str
    span: Span
    parent: _Node | None = None
    marker: str | None = None
    body: Span | None = None
    label: str | None = None
    value: Span | None = None
    cells: tuple[tuple[str, Span], ...] = ()
    sentence: int | None = None
    block: int | None = None
    order: float = 0
    children: list[_Node] = field(default_factory=list)


@dataclass
class _Open:
    """An open item on the nesting stack: its rank and, for an unmarked lead-in, its first item's rank."""

    rank: float
    node: _Node
    lead: bool = False
    child: float | None = None


def marker_of(text: str, start: int, end: int) -> tuple[str | None, int]:
    """The list marker opening text[start:end] (its kind) and where the text after it starts."""
    m = MARKER.match(text, start, end)
    if not m:
        return None, start
    kind = m.lastgroup or ""  # the one named group of the alternative that matched (no group nests another)
    if kind == "multi":
        kind = f"multi{min(3, m['multi'].count('.'))}"
    return kind, m.end()


def build_outline(doc: Document, header: Header, sentences: tuple[Sentence, ...]) -> tuple[Node, ...]:
    """The outline of the body and the annex (see the module docstring)."""
    text = doc.text
    body = header.body or Span(0, len(text))
    builder = _Builder(text)
    tables = _tables(doc, body, header.annex)
    parts: list[tuple[Span, _Node | None]] = [(body, None)]
    if header.annex:
        parts.append((header.annex, _Node("annex", header.annex)))
    for part, root in parts:
        builder.start(root)
        for si, s in enumerate(sentences):
            if part.start <= s.span.start < part.end:
                while tables and tables[0][0].start <= s.span.start:
                    builder.table(*tables.pop(0))
                if not builder.in_table(s.span.start):
                    builder.unit(si, s)
    for t in tables:
        builder.table(*t)
    return builder.freeze()


def _tables(doc: Document, body: Span, annex: Span | None) -> list[tuple[Span, list[Row]]]:
    """Every table of the body and the annex: (span, rows), in text order."""
    found: dict[int, list[Row]] = {}
    for block in doc.blocks:
        if block.kind == "table_row" and block.table is not None and block.table not in found:
            found[block.table] = docx_rows(doc.text, doc.blocks, block.table)
    parts = [p for p in (body, annex) if p is not None]
    out = [(Span(rows[0].span.start, rows[-1].span.end), rows) for rows in found.values()
           if rows and any(p.start <= rows[0].span.start < p.end for p in parts)]  # not the header's layout table
    covered = [b.span for b in doc.blocks if b.kind == "table_row"]
    for part in parts:
        out += [(Span(rows[0].span.start, rows[-1].span.end), rows) for rows in text_tables(doc.text, part, covered)]
    return sorted(out, key=lambda t: t[0].start)


class _Builder:
    def __init__(self, text: str) -> None:
        self.text = text
        self.nodes: list[_Node] = []
        self.top_level: list[_Node] = []  # the nodes without a parent
        self.root: _Node | None = None
        self.stack: list[_Open] = []
        self.block: _Node | None = None  # the labelled block being read
        self.table_end = -1
        self.pending: str | None = None  # a marker alone on its line, for the next unit

    def add(self, node: _Node, parent: _Node | None) -> _Node:
        node.parent, node.order = parent, len(self.nodes)
        (parent.children if parent is not None else self.top_level).append(node)
        self.nodes.append(node)
        return node

    def start(self, root: _Node | None) -> None:
        if root is not None:
            self.add(root, None)
        self.root, self.stack, self.block, self.pending = root, [], None, None

    def top(self) -> _Node | None:
        return self.stack[-1].node if self.stack else self.root

    def in_table(self, pos: int) -> bool:
        return pos < self.table_end

    def table(self, span: Span, rows: list[Row]) -> None:
        table = self.add(_Node("table", span), self.top())
        for row in rows:
            self.add(_Node("row", row.span, label=row.role, cells=row.cells, block=row.block), table)
        self.table_end = max(self.table_end, span.end)

    def unit(self, si: int, s: Sentence) -> None:
        text = self.text
        marker, after = marker_of(text, s.span.start, s.span.end)
        if after >= s.span.end:  # the marker alone: it numbers the next unit
            self.pending = marker
            return
        if marker is None:
            marker, self.pending = self.pending, None
        else:
            self.pending = None
        node = _Node("sentence", s.span, marker=marker, body=Span(after, s.span.end), sentence=si, block=s.block)
        lead = LEAD_END.search(text, after, s.span.end) is not None
        if marker is not None:
            rank = RANK[marker]
            while self.stack and (self.stack[-1].rank >= rank
                                  or self.stack[-1].child is not None and rank < self.stack[-1].child):
                self.stack.pop()
            if self.stack and self.stack[-1].lead and self.stack[-1].child is None:
                self.stack[-1].child = rank
        else:
            # a paragraph after a bullet item ('- …') is not part of it, unless the item heads it ('- Sở A:')
            while self.stack and self.stack[-1].node.marker in BULLETS and self.stack[-1].node.kind != "lead_in" \
                    and self.stack[-1].node.block != s.block:
                self.stack.pop()
            while lead and self.stack and self.stack[-1].lead:
                self.stack.pop()  # an unmarked lead-in after another: its sibling
        # a label opens a field at a line start, after a marker or alone; in the middle of a paragraph only a label
        # naming bodies ('- Tổ chức tuyên truyền … . Đơn vị chủ trì: Công an tỉnh.') or one after such a field ('…
        # Thời gian: Thường xuyên.'): a 'Thời gian hoàn thành trong …' or 'Nội dung: …' sentence there is the
        # paragraph's (scopes.timed), no block of its own
        fm = field_re().match(text, after, s.span.end)
        mid = marker is None and not _line_start(text, s.span.start)
        if fm and mid and not (fm.lastgroup in ("lead", "support") or fm.lastgroup != "time_line" and self.nodes
                               and self.nodes[-1].kind == "field" and self.nodes[-1].block == s.block):
            fm = None
        if fm:
            while self.stack and self.stack[-1].node.kind == "field" and self.stack[-1].lead:
                self.stack.pop()  # 'Cơ quan chủ trì:' / '+ Sở Y tế' / 'Thời gian: …'
            node.kind, node.label = "field", "time" if fm.lastgroup == "time_line" else fm.lastgroup
            node.value = Span(fm.end(), s.span.end)
            parent: _Node | None = self._block_for(self.top(), node, mid)
        else:
            parent = self.top()
            if self.block is not None and not _inside(parent, self.block):
                self.block = None  # a unit beside the block, not a field's value: the block is closed
            node.kind = "lead_in" if lead else "item" if marker else "sentence"
        self.add(node, parent)
        if fm and fm.lastgroup != "time_line" and parent is not None:
            self._more_fields(si, s, node, parent)
        if marker is not None:
            self.stack.append(_Open(RANK[marker], node))
        elif lead:
            self.stack.append(_Open((self.stack[-1].rank if self.stack else -1) + 0.5, node, lead=True))
        if node.kind != "field":
            self._inline_items(node)

    def _more_fields(self, si: int, s: Sentence, first: _Node, block: _Node) -> None:
        """The other fields written on a field's line ('- Đơn vị chủ trì: Sở Nội vụ; đơn vị phối hợp: Sở Tài chính;
        thời gian hoàn thành: Quý III/2026'): each a field of the block, the first cut before the next label."""
        assert first.value is not None
        cuts = list(inline_field_re().finditer(self.text, first.value.start, s.span.end))
        if not cuts:
            return
        first.span, first.value = Span(first.span.start, cuts[0].start()), Span(first.value.start, cuts[0].start())
        for m, nxt in zip(cuts, [*cuts[1:], None], strict=True):
            end = nxt.start() if nxt is not None else s.span.end
            start = m.start() + 1 + len(self.text[m.start() + 1 : m.end()]) - len(self.text[m.start() + 1 : m.end()].lstrip())
            if end <= m.end():
                continue  # a label with no value ('…; phối hợp:')
            more = _Node("field", Span(start, end), marker=first.marker, body=Span(start, end), label=m.lastgroup,
                         value=Span(m.end(), end), sentence=si, block=s.block)
            block.span = Span(block.span.start, max(block.span.end, end))
            self.add(more, block)

    def _block_for(self, parent: _Node | None, fieldnode: _Node, mid: bool = False) -> _Node:
        """The block a field belongs to: the open one, or a new one of the task lines before it (only those of its
        own paragraph for a field in the middle of one, `mid`). A second `Nội dung:` opens a new block (the next
        record), of the task lines after the open one."""
        block = self.block
        again = block is not None and fieldnode.label == "content" \
            and any(c.kind == "field" and c.label == "content" for c in block.children)
        if block is not None and (parent is block.parent or _inside(parent, block)) and not again:
            block.span = Span(block.span.start, max(block.span.end, fieldnode.span.end))
            return block
        siblings = parent.children if parent is not None else self.top_level
        tasks: list[_Node] = []
        for n in reversed(siblings):
            if n.kind in ("field", "block", "table") or n.marker in HEADING_MARKERS and tasks \
                    or mid and n.block != fieldnode.block:
                break
            tasks.insert(0, n)
        # an item stating a duty (a sentence, not a title) with follow-on paragraphs under it ('1. Sở X xây
        # dựng ….' / 'Tổ chức ….' / '- Thời gian: …'): the item and its paragraphs are the block's task, not the
        # paragraphs alone (a time line in the item's own paragraph is its last sentence's: scopes.timed)
        if tasks and all(t.kind == "sentence" and t.marker is None for t in tasks) and parent is not None \
                and parent.kind == "item" and parent.marker not in ("roman", "dieu") and not again \
                and tasks[0].block != parent.block and parent.span.of(self.text).rstrip().endswith((".", ";")):
            tasks = []
        # the item over the fields is their task ('3.1. Góp ý dự thảo:' / '- Cơ quan chủ trì: …'), a part
        # ('II. NHIỆM VỤ', 'Điều 2.') is not
        if not tasks and parent is not None and parent.kind != "annex" and parent.marker not in ("roman", "dieu") \
                and not again:
            tasks, parent = [parent], parent.parent  # '3.1. Góp ý dự thảo:' / '- Cơ quan chủ trì: …'
            siblings = parent.children if parent is not None else self.top_level
        block = _Node("block", Span(tasks[0].span.start if tasks else fieldnode.span.start, fieldnode.span.end))
        block.parent, block.order = parent, (tasks[0].order if tasks else len(self.nodes)) - 0.5
        for t in reversed(tasks):  # the tasks end the list of siblings (they were read from its end)
            if siblings and siblings[-1] is t:
                siblings.pop()
            else:
                siblings.remove(t)
        for t in tasks:
            t.parent = block
            block.children.append(t)
        siblings.append(block)
        self.nodes.append(block)
        self.block = block
        return block

    def _inline_items(self, node: _Node) -> None:
        """'Giao Đảng ủy khối: (i) …; (ii) …': the inline items after the colon become children; those numbered
        otherwise than the first after an item ending in ':' ('(3) X tập trung: (i) …; (ii) …'), its children."""
        assert node.body is not None
        if self.text.find("(", node.body.start, node.body.end) < 0:
            return
        cuts = [m.end() for m in INLINE.finditer(self.text, node.body.start, node.body.end)]
        if len(cuts) < 2 or ":" not in self.text[node.body.start : cuts[0]]:
            return
        node.kind = "lead_in"
        first: bool | None = None  # the first item's numbering: digits '(1)' or roman '(i)'
        lead: _Node | None = None  # an item ending in ':' numbered as the first, heading the items numbered otherwise
        for a, b in zip(cuts, [*cuts[1:], node.body.end], strict=True):
            marker, after = marker_of(self.text, a, b)
            end = b
            while end > after and self.text[end - 1] in " \n;,":
                end -= 1
            digits = self.text[a + 1].isdigit()
            first = digits if first is None else first
            item = self.add(_Node("item", Span(a, end), marker=marker, body=Span(after, end), sentence=node.sentence,
                                  block=node.block), node if digits == first or lead is None else lead)
            if digits == first:  # '(3) các bộ, ngành tập trung: (i) …; (ii) …': (i) and (ii) are the items of (3)
                lead = item if self.text[end - 1] == ":" else None
                item.kind = "lead_in" if lead is not None else "item"

    def freeze(self) -> tuple[Node, ...]:
        ordered = sorted(self.nodes, key=lambda n: n.order)
        index = {id(n): i for i, n in enumerate(ordered)}
        reach: dict[int, int] = {}  # where a node's last descendant ends: a block spans its value bullets
        for n in reversed(ordered):  # children after their parent
            end = max(n.span.end, reach.get(id(n), 0))
            if n.kind == "block":
                n.span = Span(n.span.start, end)
            if n.parent is not None:
                reach[id(n.parent)] = max(reach.get(id(n.parent), 0), end)
        out: list[Node] = []
        for n in ordered:
            if n.kind == "lead_in" and not n.children:
                n.kind = "item" if n.marker else "sentence"
            if n.kind == "item" and n.children and n.marker in HEADING_MARKERS and _bare(self.text, n):
                n.kind = "heading"
            depth, p = 0, n.parent
            while p is not None:
                depth, p = depth + 1, p.parent
            out.append(Node(n.kind, n.span, depth, index[id(n.parent)] if n.parent is not None else None,
                            n.marker, n.body, n.label, n.value, n.cells, n.sentence, n.block))
        return tuple(out)


def _line_start(text: str, pos: int) -> bool:
    """Does `pos` start a line (nothing but spaces between it and the line break or the text start)?"""
    while pos > 0 and text[pos - 1] in " \t":
        pos -= 1
    return pos == 0 or text[pos - 1] in "\n\r\f\v\x1c\x1d\x1e\x85\u2028\u2029"


def _inside(node: _Node | None, block: _Node) -> bool:
    """Is `node` the block or inside it (a field's value bullet, a task's sub-item)?"""
    while node is not None:
        if node is block:
            return True
        node = node.parent
    return False


def _bare(text: str, node: _Node) -> bool:
    """A heading line without a sentence of its own: '2. Sở Nội vụ', 'II. NHIỆM VỤ'."""
    assert node.body is not None
    words = node.body.of(text).split()
    return len(words) <= 12 and not node.body.of(text).rstrip().endswith((".", ";"))


def field_values(text: str, node: Node, under: Sequence[Node]) -> list[Span]:
    """A field's value: the text after its label, or the bodies of the bullets under it (`under`, its
    children: '- Cơ quan chủ trì:' / '+ Sở Y tế'; '- Nội dung:' / '+ Tổ chức …' / '+ Báo cáo …')."""
    value = node.value or node.span
    if value.of(text).strip():
        return [value]
    return [n.body or n.span for n in under]


def children_of(outline: tuple[Node, ...]) -> dict[int, list[int]]:
    """The children of every node that has some, in one pass: index → indexes."""
    out: dict[int, list[int]] = {}
    for i, node in enumerate(outline):
        if node.parent is not None:
            out.setdefault(node.parent, []).append(i)
    return out


def children(outline: tuple[Node, ...], index: int) -> list[int]:
    """Indexes of the children of outline[index] (a node's children follow it in the outline)."""
    return [i for i in range(index + 1, len(outline)) if outline[i].parent == index]


def ancestors(outline: tuple[Node, ...], index: int) -> list[int]:
    """Indexes of the ancestors of outline[index], nearest first."""
    out, p = [], outline[index].parent
    while p is not None:
        out.append(p)
        p = outline[p].parent
    return out
