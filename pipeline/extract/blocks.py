"""Labelled blocks (issue 15, part 1): one record per block of the outline (structure/outline.py).

A block is a task line (or the item it stands under) and the labelled lines after it — `Nội dung:`,
`Cơ quan chủ trì:` / `Đơn vị thực hiện:`, `Cơ quan phối hợp:`, `Thời gian (hoàn thành):`, `Sản phẩm:`
— in any order, a value possibly on the bullets under its label. Its lead, support and time fields
are the bearer and deadline scope of its tasks (scopes.py); here the block becomes its record:
- with a `Nội dung:` field, the content (the value, or the bullets under the label) is the block's one
  task and the task line above it its title; its bearer is the lead field, else the title's own
  subject (`1. Giao Sở Y tế tổ chức hội nghị` / `- Nội dung: …`), else the scope around the block;
- without one, each task line is a task: a block of one task line is one duty; two task lines before
  the fields are two duties that share them (ANNOTATION: a separate sentence with a new duty is its
  own obligation);
- a block of one task is one obligation whose sentence is the whole block (task, bearer, partners,
  time, product: what the clerk reads together; the gold quote comes from its content line);
- a noun phrase under a verb heading (`3.1. Góp ý dự thảo:` / `a) Nghị định về …`) takes the heading's
  verb into its action (`Góp ý dự thảo Nghị định về …`);
- the `Sản phẩm:` field is the obligation's product.
"""
from __future__ import annotations

import re

from ..model import Deadline, Node, Sentence, Span
from ..structure.outline import field_values
from .drafts import Draft, draft
from .scopes import Bearer, Scopes
from .subjects import clause_subject, opens_task


def block_of(outline: tuple[Node, ...], node: int) -> int | None:
    """The block a task line stands in (its parent), None for a field or a unit outside blocks."""
    parent = outline[node].parent
    if parent is None or outline[parent].kind != "block" or outline[node].kind == "field":
        return None
    return parent


def in_field(outline: tuple[Node, ...], node: int) -> bool:
    """Is the node a bullet of a field's value ('- Nội dung:' / '+ Tổ chức …'), read with the field?"""
    parent = outline[node].parent
    while parent is not None:
        if outline[parent].kind == "field":
            return True
        parent = outline[parent].parent
    return False


def titled(scopes: Scopes, node: int) -> bool:
    """A task line of a block whose content field is its task (and that has a bearer): the line is the
    block's title, no duty of its own."""
    block = block_of(scopes.outline, node)
    return block is not None and "content" in scopes.fields.get(block, {}) and bearer_of(scopes, block) is not None


def bearer_of(scopes: Scopes, block: int) -> Bearer | None:
    """Who bears a block's content: its lead field; else the subject of its title line ('1. Giao Sở Y tế
    tổ chức hội nghị' / '- Nội dung: …'; precedence rule 1); else the scope around the block.
    Read once per block (every title line asks)."""
    if block not in scopes.content_bearers:
        scopes.content_bearers[block] = _content_bearer(scopes, block)
    return scopes.content_bearers[block]


def _content_bearer(scopes: Scopes, block: int) -> Bearer | None:
    own = scopes.bearers.get(block)
    if own is not None and own.actors:
        return own
    for task in scopes.tasks.get(block, []):
        node = scopes.outline[task]
        said = clause_subject(scopes.text, node.body or node.span)
        if said is not None and said.duty:
            return Bearer(said.actors, said.rule, own.partners if own else ())
    return scopes.bearer(block)


def content_drafts(scopes: Scopes, field: int, section: str | None, deadlines: tuple[Deadline, ...]) -> list[Draft]:
    """The duty of a block's `Nội dung:` field: the bearer of the block, the whole block its sentence."""
    text, outline = scopes.text, scopes.outline
    block = outline[field].parent
    values = [v for v in field_values(text, outline[field], scopes.under(field)) if v.of(text).strip()]
    bearer = bearer_of(scopes, block) if block is not None else None
    if block is None or not values or bearer is None:
        return []
    node = outline[block]
    sent = Sentence(node.span, section, "item", node.block)
    d = draft(text, sent, node.span, bearer.actors, Span(values[0].start, values[-1].end), bearer.rule, deadlines)
    d.action = " ".join(" ".join(v.of(text).split()) for v in values)
    d.partners.extend(p for p in bearer.partners if p not in d.partners)
    d.deadlines = d.deadlines or scopes.deadlines(field)
    return [_with_product(scopes, block, d)]


def record(scopes: Scopes, node: int, body: Span, made: list[Draft]) -> None:
    """The drafts of a block's task line as the block's record: the whole block the sentence of a lone
    task, the verb of a heading over a noun-phrase task, the block's partners and product."""
    text, outline = scopes.text, scopes.outline
    block = block_of(outline, node)
    if block is None or not made:
        return
    got = scopes.bearers.get(block)
    for d in made:
        d.partners.extend(p for p in (got.partners if got else ()) if p not in d.partners)
    if scopes.tasks.get(block) == [node] and len(made) == 1:
        made[0].span = outline[block].span
    verb = _verb_heading(text, outline, block)
    if verb and not opens_task(text, body):
        for d in made:
            d.action = f"{verb} {d.action}"
    for d in made:
        _with_product(scopes, block, d)


def _verb_heading(text: str, outline: tuple[Node, ...], block: int) -> str | None:
    """'Góp ý dự thảo' of '3.1. Góp ý dự thảo:' over the block: a subjectless verb phrase ending in ':'."""
    parent = outline[block].parent
    if parent is None or outline[parent].kind not in ("lead_in", "heading", "item"):
        return None
    head = outline[parent].body or outline[parent].span
    words = head.of(text).strip()
    if not words.endswith(":") or not opens_task(text, head):
        return None
    return re.sub(r"\s+", " ", words.rstrip(": "))


def _with_product(scopes: Scopes, block: int, d: Draft) -> Draft:
    output = scopes.fields.get(block, {}).get("output")
    if output is not None:
        values = field_values(scopes.text, scopes.outline[output], scopes.under(output))
        d.product = " ".join(" ".join(v.of(scopes.text).split()) for v in values) or None
    return d
