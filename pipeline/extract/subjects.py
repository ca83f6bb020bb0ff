"""The subject of a clause and the subjectless task (issue 15, parts 3 and 4).

Two questions every extractor asks of a clause (a sentence, an item after its marker, a table cell):
- `clause_subject`: does it have a subject of its own — the noun phrase before its first main
  verb ('Sở Y tế chủ trì …', 'Giao Sở Y tế …', 'cán bộ, công chức cơ quan chủ động …') — and is
  what it says of that subject a duty?
- `opens_task`: is it a task with no subject, opening with a verb ('Cân đối …', 'Không để …'),
  whose bearer is then the enclosing one (a heading, a lead-in, the sentence before)?
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Span
from .actors import Actor, clean_span, split_actors
from .nlp import lowercase_subject, opens_with_verb
from .triggers import actor_after, find_triggers, opens_clause, task_start_re

# a list marker left at the clause start: '- ', 'a) ', '1.2. ', '(3) '
LEAD = re.compile(r"[\s|]*(?:(?:[-–—+•·*▪➢✓]|\(\d{1,2}\)|[a-zđ]\)|\d{1,2}(?:\.\d{1,2})*[.)])\s+)?")
# 'Thực hiện Công văn số …, ' states the basis of a text, not a task
BASIS = re.compile(r"(?:Thực\s+hiện|Triển\s+khai|Căn\s+cứ)\s+(?:\S+\s+){0,3}?(?:số|ngày)\s")
READ = 240  # characters read for the subject: it stands near the clause start


@dataclass(frozen=True)
class Subject:
    """The bearers of a clause with a subject of its own, where its predicate starts, the rule that
    found them; `duty` False when the predicate tells no duty ('Sở X đã triển khai …')."""

    actors: tuple[Actor, ...]
    action: int
    rule: str
    duty: bool = True


def start_of(text: str, clause: Span) -> int:
    """The clause's first word, past spaces and a list marker."""
    m = LEAD.match(text, clause.start, clause.end)
    return m.end() if m else clause.start


def clause_subject(text: str, clause: Span) -> Subject | None:
    """The clause's own subject: an assignment ('Giao X …'), a body or office before a duty marker or a
    verb ('X chủ trì …', 'X tổ chức …'), or people ('cán bộ, công chức … chủ động …'); None without one."""
    start = start_of(text, clause)
    if start >= clause.end:
        return None
    found = [t for t in find_triggers(text, Span(start, clause.end))
             if t.action is not None and opens_clause(text, start, t.start)]
    if found:
        t = found[0]
        return Subject(t.actors, t.action, t.rule)  # type: ignore[arg-type]
    got = lowercase_subject(text, start, clause.end)
    if got:
        span = clean_span(text, got[0].start, got[0].end)
        return Subject((Actor(" ".join(span.of(text).split()), span),), got[1], "person")
    said = actor_after(text, start, min(clause.end, start + READ))
    if said and said[2] == "stop" and said[1] is not None:
        return Subject(split_actors(text, said[0]), said[1], "subject", duty=False)
    return None


def opens_task(text: str, clause: Span) -> bool:
    """A clause with no subject before its first verb, that is not a basis ('Thực hiện Văn bản số …,')."""
    start = start_of(text, clause)
    if start >= clause.end or BASIS.match(text, start, clause.end):
        return False
    return bool(task_start_re().match(text, start, clause.end)) or opens_with_verb(text, start, clause.end)
