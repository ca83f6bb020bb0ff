"""Assignment tables (domain doc §8.2): one obligation per task row of the outline.

The outline (structure/tables.py) names a row's cells by the header row (Nội dung / Nhiệm vụ, Cơ
quan chủ trì, Cơ quan phối hợp, Thời gian hoàn thành), DOCX tables and tables flattened into text
alike; group rows (`I. NHÓM NHIỆM VỤ …`) and progress tables (`Kết quả thực hiện`) give no duty.
The row's lead column is its bearer, its time cell its deadline (extract/scopes.py).
"""
from __future__ import annotations

from ..model import Deadline, Node, Sentence, Span
from .actors import head_re, split_actors
from .drafts import Draft, deadlines_in, draft


def bodies(text: str, cell: Span) -> list[str]:
    """The bodies named in a partner cell ('Quý IV/2026' in a shifted cell names none)."""
    return [a.name for a in split_actors(text, cell) if head_re(any_case=True).match(a.name)]


def row_drafts(text: str, row: Node, section: str | None, deadlines: tuple[Deadline, ...]) -> list[Draft]:
    """The obligation of a task row whose lead cell names a body ([] for any other row)."""
    task, lead = row.cell("task"), row.cell("lead")
    if row.label != "task" or task is None or lead is None:
        return []
    if not head_re(any_case=True).search(text, lead.start, min(lead.end, lead.start + 20)):
        return []  # 'Theo phân công tại Quyết định …' names no body ('Lãnh đạo Sở Y tế' does)
    if row.block is None and not text[lead.start : lead.start + 1].isupper():
        return []  # flattened: a lowercase lead is the wrapped tail of another cell
    actors = split_actors(text, lead)
    if not actors:
        return []
    sent = Sentence(row.span, section, "row", row.block)
    d = draft(text, sent, row.span, actors, task, "table" if row.block is not None else "text_table", deadlines)
    support = row.cell("support")
    if support is not None:
        d.partners = bodies(text, support)
    due = row.cell("deadline")
    if due is not None:
        d.deadlines = sorted(set(d.deadlines) | set(deadlines_in(deadlines, due)))
    return [d]
