"""The subject of a clause and the subjectless task, by syntax (issue 15, parts 3 and 4).

Two questions every extractor asks of a clause (a sentence, an item after its marker, a cell):
- `clause_subject`: has it a subject of its own — the noun phrase before its first main verb — and
  is what it says of that subject a duty? The phrase opens with a head from the catalogue
  (pipeline/data/actors.yaml heads, collective and person nouns; bodies.yaml names), in any letter
  case, and goes on over nouns, names, numbers, the modifiers of bodies.yaml ('trên địa bàn tỉnh',
  'nêu trên'), the prepositions of a name ('của', 'thuộc') and the next body of a list, up to the
  first word the lexicon (nlp.word_at) tags as a verb, adjective or adverb. A verb phrase followed
  by a sure predicate marker ('phải', 'có trách nhiệm') is a relative clause inside the subject
  ('đơn vị quản lý công trình phải …', 'Các đơn vị được giao nhiệm vụ có trách nhiệm …').
- `opens_task`: a clause with no subject before its first verb, any verb by its word class
  ('Cân đối …', 'Không để …', 'Hằng tuần báo cáo …', 'Đối với …, phải …'), but not a purpose or
  basis ('Để …', 'Thực hiện Văn bản số …'), an account, praise or a meeting's own act.
Every scan reads a bounded stretch after the clause start and is linear in it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..model import Span
from ..text import alternation
from .actors import LOWER, Actor, clean_span, data_file, split_actors
from .nlp import register_words, verb_in_context, word_at, word_key
from .noun_phrase import (
    DETERMINER,
    DETERMINER_RE,
    READ,
    SEPARATOR,
    SPACES,
    _words,
    aside_re,
    compound_at,
    head_at,
    levels_re,
    marker_re,
    modifier_re,
    name_re,
    not_duty_re,
    opener_re,
    subject_at,
    triggers_vocabulary,
)
from .predicates import is_duty
from .trigger_words import assign_re, connective_re
from .triggers import task_start_re

# a list marker left at the clause start: '- ', 'a) ', '1.2. ', '(3) '
LEAD = re.compile(r"[\s|]*(?:(?:[-–—+•·*▪➢✓]|\(\d{1,2}\)|\([a-zđ]\)|[a-zđ]\)|\d{1,2}(?:\.\d{1,2})*[.)])\s+)?")
# 'Thực hiện Công văn số …, ' states the basis of a text, not a task
BASIS = re.compile(r"(?:Thực\s+hiện|Triển\s+khai|Căn\s+cứ)\s+(?:\S+\s+){0,3}?(?:số|ngày)\s")
OPENER_TAIL = re.compile(r"[^,:;.]{0,200}[,:]\s*")  # 'Căn cứ chức năng, nhiệm vụ được giao| và Kế hoạch này, '


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
    """The clause's own subject and its predicate: an assignment ('Giao X …', 'UBND tỉnh đề nghị X …'
    gives X), a body, office or role before its verb ('X chủ trì …'), people ('cán bộ … chủ động …'),
    also after an opening adverbial ('Căn cứ Kế hoạch này, các sở …'); None without one."""
    start = start_of(text, clause)
    for _ in range(3):
        if start >= clause.end:
            return None
        if (verb := assign_re().match(text, start, clause.end)) and not compound_at(text, verb, clause.end):
            return assigned(text, Span(start, clause.end))
        got = subject_at(text, start, clause.end)
        if got is not None:
            span, action = got
            if (verb := assign_re().match(text, action, clause.end)) and not compound_at(text, verb, clause.end):
                return assigned(text, Span(action, clause.end)) or Subject(split_subject(text, span), action,
                                                                             "subject", duty=False)
            return Subject(split_subject(text, span), action, rule_of(text, span, action),
                           is_duty(text, action, clause.end, subject=span))
        opener = connective_re().match(text, start, clause.end) or opener_re().match(text, start, clause.end) \
            or topic_re().match(text, start, clause.end)
        if opener is None:
            return None
        start = opener.end()
    return None


def assigned(text: str, clause: Span) -> Subject | None:
    """'Giao Sở Y tế chủ trì …', 'Đề nghị các huyện đoàn …': the body after the assignment verb, read as
    a subject (its head in any case), and the action after it."""
    verb = assign_re().match(text, clause.start, clause.end)
    if verb is None:
        return None
    got = subject_at(text, verb.end(), clause.end) if verb.end() > verb.end("verb") else None
    if got is None:
        return None
    words = " ".join(verb["verb"].split())
    rule = triggers_vocabulary()["assign"].get(words[:1].upper() + words[1:], "giao")
    return Subject(split_subject(text, got[0]), got[1], str(rule))


# ------------------------------------------------------------------ subjectless tasks

ADVERB_TAGS = {"R", "A"}
MAX_ADVERBS = 3  # 'Thường xuyên, kịp thời báo cáo …', 'Hằng tuần báo cáo …'


def opens_task(text: str, clause: Span) -> bool:
    """A clause with no subject before its first verb: one of the task verbs of triggers.yaml
    (`task_start_re`, with its labels and openers), or any verb by its word class (`verb_opens`)."""
    start = start_of(text, clause)
    if start >= clause.end or BASIS.match(text, start, clause.end) or basis(text, start, clause.end) \
            or heading_caps(text, start) or (m := not_duty_re().match(text, start, clause.end)) and m.group("no") \
            and m.group().lower() not in ("có", "không", "là"):
        return False  # a basis, a heading in capitals, praise or an account ('Gửi lời chúc mừng …', 'Đã …')
    return bool(task_start_re().match(text, start, clause.end)) or verb_opens(text, clause, start)


def heading_caps(text: str, start: int) -> bool:
    """'TỔ CHỨC THỰC HIỆN': a first word of capitals is a heading's, not a task's."""
    first = text[start : start + 12].split()
    return bool(first) and len(first[0]) > 1 and first[0].isupper()


def verb_opens(text: str, clause: Span, start: int) -> bool:
    """Past openers ('Để bảo đảm tiến độ, ', 'Khi …, ') the first word is a verb by its word class
    ('Cân đối …', 'Không để …', 'Hằng tuần báo cáo …', 'Là đơn vị thường trực …'); not a clause with a
    subject or an assignment of its own (clause_subject's), a basis or purpose alone, an account,
    praise or a meeting's act, a noun that opens a rule ('Quyết định …', 'Quy định …'), an ALL-CAPS
    heading."""
    end = min(clause.end, start + READ)
    if start == clause.start and not text[clause.start : clause.end].rstrip().endswith((".", ";", ":", "!", "?", ",")):
        return False  # a line with neither marker nor final stop is a heading ('Cải cách tổ chức bộ máy …')
    if start == clause.start and text[start : start + 1].islower() and opener_start_re().match(text, start, end):
        return False  # a sentence that goes on after ';' with a connective ('đồng thời, …'), no new task
    for _ in range(3):
        if start >= end or not text[start].isalpha():
            return False
        if subject_at(text, start, end) is not None:
            return False  # a subject of its own: clause_subject's
        if (verb := assign_re().match(text, start, end)) and not compound_at(text, verb, end):
            return True  # 'Giao X là cơ quan đầu mối …:' no subject before its verb; the one assigned is named
        if basis(text, start, end):
            return False  # 'Thực hiện Văn bản số …'
        topic = topic_re().match(text, start, end)
        if topic:  # 'Đối với …, phải …', 'Về …: Rà soát …'
            return topic.group().rstrip().endswith(":") and verb_first(text, topic.end(), end) \
                or marker_re().match(text, topic.end(), end) is not None
        aside = aside_re().match(text, start, end)
        opener = connective_re().match(text, start, end) or (
            OPENER_TAIL.match(text, aside.end(), end) if aside else opener_re().match(text, start, end))
        if opener is None:
            break
        start = opener.end()  # 'Để bảo đảm tiến độ, tổ chức …', 'Căn cứ chức năng, nhiệm vụ được giao, …'
        start = start + 1 if text[start : start + 1] == "," else start
        gap = SPACES.match(text, start, end)
        start = gap.end() if gap else start
    else:
        return False
    if opener_start_re().match(text, start, end) or rule_noun_re().match(text, start, end):
        return False  # an opener without its comma: the clause is all adverbial; 'Quyết định công nhận …'
    if heading_caps(text, start):
        return False
    if COPULA.match(text, start, end):
        return True  # 'Là đơn vị thường trực …', 'Là cầu nối giữa …': the role the bearer takes on
    return verb_first(text, start, end)


COPULA = re.compile(r"Là\s")


@cache
def rule_noun_re() -> re.Pattern[str]:
    """Nouns that the lexicon may tag as verbs but that open a rule or a decision's title at a line start."""
    return re.compile(rf"(?i:{_words('rule_nouns')})(?![{LOWER}])")


@cache
def topic_re() -> re.Pattern[str]:
    return re.compile(rf"(?i:{_words('topics')})(?![{LOWER}])(?:[^:;.]{{0,200}}:|[^,:;.]{{0,200}},)\s*")


@cache
def opener_start_re() -> re.Pattern[str]:
    return re.compile(rf"(?i:{_words('openers', 'topics')})(?![{LOWER}])")


def verb_first(text: str, pos: int, end: int) -> bool:
    """Past at most three adverbs ('Không', 'Hằng tuần', 'Khẩn trương'), the first word is a verb that
    tells a duty."""
    for i in range(MAX_ADVERBS + 1):
        word = word_at(text, pos, end)
        if word is None:
            return False
        w_end, tag = word
        lower = text[pos:w_end].lower()
        if tag == "V" and i == 0 and not verb_in_context(text, pos, w_end, end):
            return False  # a noun or a topic at the clause start ('Hoạt động của Ban …')
        if tag == "V":
            m = not_duty_re().match(text, pos, end)
            return m is None or not m.group("no") or m.group().lower() in ("có", "không")  # 'Có phương án …'

        if lower != "không" and register_words().get(word_key(lower)) not in ADVERB_TAGS:
            return False  # only the manner and rhythm of an instruction ('Khẩn trương', 'Hằng tuần'), not
            # any adverb: 'Cơ bản hoàn thành …', 'Bước đầu triển khai …' tell the results
        gap = re.compile(r"[\s,]+").match(text, w_end, end)
        pos = gap.end() if gap else w_end
        if lower == "không":
            return re.match(r"(?i:để|được|cho)\s", text[pos : pos + 6]) is not None  # 'Không để xảy ra …'
    return False


@cache
def basis_re() -> re.Pattern[str]:
    """'Thực hiện Công văn số 123/UBND …': the document a letter answers, not a task."""
    types = [t["name"] for t in data_file("doc_types.yaml")] + ["Văn bản", "ý kiến", "chỉ đạo", "Luật", "Điều lệ"]
    return re.compile(rf"(?i:thực\s+hiện|triển\s+khai|căn\s+cứ|theo|thi\s+hành)\s+(?:{alternation(types)})"
                      rf"(?![{LOWER}])[^,;.\n]{{0,80}}?(?:số|ngày|của|tại)(?![{LOWER}])")


def basis(text: str, start: int, end: int) -> bool:
    return basis_re().match(text, start, end) is not None


# ------------------------------------------------------------------ the bearers a subject names

PERSON_RULE = "person"


def split_subject(text: str, span: Span) -> tuple[Actor, ...]:
    """The bodies of a subject: split_actors' cuts, then a named body's list cut again at every head in
    any case ('UBND các phường và doanh nghiệp'); a group ('Các sở, ngành, tổ chức đoàn thể') stays one."""
    out: list[Actor] = []
    for actor in split_actors(text, clean_span(text, span.start, span.end)):
        a, b = actor.span.start, actor.span.end
        cuts = [a]
        if not DETERMINER_RE.match(text, a, b) and text[a].isupper():  # 'cán bộ, công chức …' is one group
            for m in SEPARATOR.finditer(text, a, b):
                after = head_at(text, m.end(), b)
                if after is None or levels_re().match(text, m.end(), b):
                    continue  # 'Ủy ban nhân dân các tỉnh, thành phố …': levels of one body
                bare = modifier_re().match(text, after, b)
                bare_end = bare.end() if bare else after
                grouped = text[m.end()].islower() and DETERMINER_RE.search(text, a, m.start())  # 'các cơ quan …, cơ quan …'
                if name_re().fullmatch(text, m.end(), after) or not grouped and not SEPARATOR.match(text, bare_end, b) \
                        and bare_end < b:
                    cuts += [m.start(), m.end()]
        cuts.append(b)
        for x, y in zip(cuts[0::2], cuts[1::2], strict=True):
            s = clean_span(text, x, y)
            if s.end > s.start:
                out.append(Actor(" ".join(s.of(text).split()), s))
    return tuple(out)


def rule_of(text: str, span: Span, action: int) -> str:
    duty = triggers_vocabulary()["duty"]
    marker = " ".join(text[action : action + 40].lower().split())
    rule = next((r for w, r in sorted(duty.items(), key=lambda kv: -len(kv[0])) if marker.startswith(w)), None)
    if rule:
        return str(rule)
    a = data_file("actors.yaml")
    persons = [p for p in a["person_nouns"] if p not in a["collective"]]
    words = re.sub(rf"^(?i:{DETERMINER})", "", " ".join(span.of(text).split()))
    return PERSON_RULE if words[:1].islower() and words.startswith(tuple(persons)) else "subject"
