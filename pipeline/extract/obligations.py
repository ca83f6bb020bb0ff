"""Obligations: who must do what, by when (domain doc §8; issue 5).

`find_obligations` walks the units of the document outline (Structure.outline) in reading order.
Each unit yields obligations from, in order of preference:
- a task row of an assignment table, its lead column the bearer (tables.py);
- explicit triggers in the sentence (triggers.py): `Giao X …`, `X chủ trì …`, `X có trách nhiệm …`,
  or people as the subject (`cán bộ, công chức … chủ động …`, nlp.py);
- for a task without a subject, the bearer of its scope (scopes.py: the sentence before in the same
  paragraph, the enclosing block's lead field, lead-in or heading naming a body, the duty above);
- in a letter (công văn), the Kính gửi addressees, for a request or task item nobody else bears.
Headings and lead-ins that name a body open a scope as they are read; a lead-in's own duty words
(`… có trách nhiệm:`) are not a duty of their own. Deadlines scope the same way.
Obligation.rule names the pattern that found each one, so precision can be measured per rule.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace

from ..model import Deadline, Document, Obligation, Sentence, Span, Structure
from ..structure.outline import build_outline, marker_of
from ..structure.sections import section_at
from ..text import spaced
from .actors import LOWER, SPACES, Actor, clean_span, head_re, split_actors
from .blocks import block_of, content_drafts, in_field, record, titled
from .drafts import Draft, draft, freeze
from .headings import bare_heading, descriptive, heading_actors, scope, topic_headings
from .nlp import lowercase_subject
from .scopes import OWN_BEARER, Scopes, timed
from .subjects import opens_task
from .tables import row_drafts
from .triggers import (
    Trigger,
    find_triggers,
    narrative_re,
    opens_clause,
    task_start_re,
    words_within,
)

log = logging.getLogger(__name__)

END_OF_BODY = re.compile(r"\s*(?:Nơi\s+nhận|NƠI\s+NHẬN)\b")
MOTTO = re.compile(r"Hạnh\s*phúc")
CLOSING = re.compile(r"\s*(?:Trân\s+trọng|Trên\s+đây\s+là)|.*(?:(?:trân\s+trọng|xin)\s+thông\s+báo|thông\s+báo\s+(?:để|đến))",
                     re.DOTALL)
FORWARD = re.compile(r"(?i)nhiệm\s+vụ|giải\s+pháp|phương\s+hướng|kiến\s+nghị|đề\s+xuất|thời\s+gian\s+tới|tổ\s+chức\s+thực\s+hiện")
# OCR loses the capital; 'Đồng kính gửi:' copies bodies in for information ('để lãnh đạo, chỉ đạo')
KINH_GUI = re.compile(r"(?<![Đđ]ồng\s)[Kk]ính\s+gửi\s*:[ \t|]*")
REQUEST = re.compile(r"(?<![\w])(?:[Đđ]ề\s+nghị|[Yy]êu\s+cầu)\s+(?:(?:Quý|quý)\s+(?:cơ\s+quan|đơn\s+vị)\s+)?")
CONDITION = re.compile(r"(?<![\w])(?:[Nn]ếu|[Kk]hi|[Tt]rường\s+hợp)\s[^,;.]*$")
DATED = re.compile(r"\s*Ngày\s+\d{1,2}(?:\s+tháng\s+\d{1,2}|/\d{1,2})")
# 'Thực hiện Công điện số 131/CĐ-TTg …' states the basis of a letter, not a task
BASIS = re.compile(r"(?:Thực\s+hiện|Triển\s+khai)\s+(?:Quyết\s+định|Công\s+điện|Công\s+văn|Kế\s+hoạch|Nghị\s+quyết|"
                   r"Chỉ\s+thị|Thông\s+báo|Kết\s+luận|Luật|Nghị\s+định|Thông\s+tư|Chương\s+trình|Hướng\s+dẫn|"
                   r"Văn\s+bản|ý\s+kiến)\b[^,;.]{0,80}?(?:số|ngày|của)\b")
ACCOUNT = re.compile(r"(?i)kết\s+quả|tình\s+hình|đánh\s+giá|đã\s+làm")
ASSIGN_RULES = ("giao", "de_nghi", "yeu_cau", "khuyen_khich")
TEMPLATE = re.compile(r"(?m)^[ \t]*(?:ĐỀ\s+CƯƠNG|BIỂU\s+MẪU|BIỂU\s+(?:TỔNG\s+HỢP|THỐNG\s+KÊ)|MẪU\s+SỐ|Mẫu\s+số)\b")
REFERENCE = re.compile(rf"\s*Điều\s+\d+\s+(?:của\s+)?[{LOWER}]")
ENACTING = ("Quyết định", "Nghị định", "Thông tư", "Nghị quyết", "Quy định")  # their articles start at 'Điều 1.'
# an adverbial before the subject: 'Căn cứ thông báo phân công …, cán bộ …', 'Định kỳ hằng quý, …'
OPENER = re.compile(r"(?:Căn\s+cứ|Theo|Trên\s+cơ\s+sở|Để|Nhằm|Trong|Định\s+kỳ|Hằng|Hàng|Qua|Thông\s+qua|Ngoài\s+ra|"
                    r"Đồng\s+thời|Bên\s+cạnh\s+đó)\b[^,;:.]{0,160},\s*")
# 'X thực hiện các nhiệm vụ sau:', 'X tập trung một số nội dung trọng tâm như sau:': the items are X's tasks
ITEMS_FOLLOW = re.compile(r"(?:thực\s+hiện|triển\s+khai|tập\s+trung|có)\s+(?:tốt\s+)?(?:(?:các|những|một\s+số)\s+)?"
                          r"(?:nhiệm\s+vụ|nội\s+dung|công\s+việc|giải\s+pháp|việc)\b[^:]{0,60}:\s*$")
HANDS_OVER = re.compile(r"\s*(?:Giao|Đề\s+nghị|Yêu\s+cầu)\s")
INTRO = re.compile(r"(?:như\s+sau|sau\s+đây|cụ\s+thể|sau)\s*:\s*$")


@dataclass
class Unit:
    """A unit of the outline that may state a duty: its node, sentence, list marker and the span after the marker."""

    node: int
    sentence: Sentence
    body: Span
    marker: str | None


def units_of(text: str, structure: Structure) -> list[Unit]:
    """The outline's text units up to Nơi nhận (table rows are read on their own).

    The national motto block and the title (trích yếu) are header, never duties."""
    out: list[Unit] = []
    body = structure.header.body or Span(0, len(text))
    annex = structure.header.annex  # the plan or Quy chế a Quyết định issues, after its signature
    title = SPACES.sub(" ", structure.header.title or "").strip()
    ended = False
    for ni, node in enumerate(structure.outline):
        if node.sentence is None or node.body is None:
            continue
        marker = node.marker
        s = structure.sentences[node.sentence]
        in_annex = annex is not None and annex.start <= node.span.start < annex.end
        if not in_annex and (ended or node.span.start < body.start or node.span.start >= body.end):
            continue
        if END_OF_BODY.match(text, node.span.start):
            ended = True
            continue
        start = node.body.start
        if MOTTO.search(text, node.span.start, node.span.end):
            start = after_header_lines(text, node.span)
            marker, start = marker_of(text, start, node.span.end)
        if start >= node.span.end:
            continue
        flat = SPACES.sub(" ", text[start : node.span.end]).strip()
        if title and len(flat) > 20 and flat in title:
            continue
        if node.span != s.span:  # an item written inline in its lead-in: '(i) …; (ii) …'
            s = Sentence(node.span, s.section, "item", s.block)
        out.append(Unit(ni, s, Span(start, node.span.end), marker or node.marker))
    return out


def after_header_lines(text: str, span: Span) -> int:
    """Past the issuer, motto, number, date and title lines that open a unit (all caps or header forms)."""
    pos = span.start
    for m in re.finditer(r"[^\n]*\n?", text[span.start : span.end]):
        line = m.group().strip()
        letters = [c for c in line if c.isalpha()]
        if not line or not letters or all(c.isupper() for c in letters) or MOTTO.search(line) \
                or re.match(r"(?:Số|V/v)\b|.*ngày\s*\d*\s*(?:tháng|$)|tháng\s+\d+\s+năm", line):
            pos = span.start + m.end()
            continue
        break
    return pos


def addressees(text: str, limit: int = 4000) -> tuple[Actor, ...]:
    """The bodies after 'Kính gửi:' (công văn): they bear the requests of the body (domain doc §8.3).

    One per line, '- ' items or a single name; a lowercase line continues the name above it."""
    m = KINH_GUI.search(text, 0, limit)
    if not m:
        return ()
    spans: list[Span] = []
    for line in re.finditer(r"[^\n]*\n?", text[m.end() : limit]):
        raw = line.group()
        stripped = raw.strip(" \t|")
        if not stripped.strip():
            continue  # blank lines separate the items of DOCX and DOC letters
        start = m.end() + line.start() + (len(raw) - len(raw.lstrip(" \t|-+•")))
        end = m.end() + line.start() + len(raw.rstrip())
        if spans and stripped[:1].islower():  # a name wrapped onto the next line
            spans[-1] = Span(spans[-1].start, end)
        elif not spans or stripped.startswith(("-", "+", "•")):
            spans.append(Span(start, end))
        else:
            break
        if stripped.rstrip().endswith("."):
            break
    out = [a for span in spans for a in split_actors(text, span)]
    return tuple(a for a in out if head_re(any_case=True).match(a.name))


def find_obligations(doc: Document, structure: Structure, deadlines: tuple[Deadline, ...]) -> tuple[Obligation, ...]:
    text = doc.text
    if not structure.outline:  # a Structure built by hand (tests): the outline of its sentences
        structure = replace(structure, outline=build_outline(doc, structure.header, structure.sentences))
    outline = structure.outline
    scopes = Scopes(text, outline, deadlines)
    parents = {n.parent for n in outline}
    drafts: list[Draft] = []
    previous: Draft | None = None
    last: int | None = None  # the node of the unit that made `previous`
    addressed = addressees(text)
    # a letter (công văn, công điện) hands its subjectless tasks to the addressees; a plan or report
    # sent up 'Kính gửi: HĐND tỉnh' does not
    letter = (structure.header.doc_type or "Công văn") in ("Công văn", "Công điện", "Thông báo")
    # a report (Báo cáo) tells what was done; only its forward-looking sections assign duties
    reporting = (structure.header.doc_type or "").lower() == "báo cáo"
    # 'Ban Tổ chức ban hành Thể lệ Cuộc thi …' is the document announcing itself, not a duty
    own_type = re.compile(rf"(?i)ban\s*hành\s+{spaced(structure.header.doc_type)}\b(?!\s+số)") \
        if structure.header.doc_type else None

    units = rejoin_references(text, units_of(text, structure))
    # an outline of a report to write or a form to fill in ('ĐỀ CƯƠNG BÁO CÁO', 'BIỂU MẪU') asks nothing itself
    form = TEMPLATE.search(text, units[0].body.end) if units else None
    units = [u for u in units if form is None or u.sentence.span.start < form.start()]
    if (structure.header.doc_type or "") in ENACTING:  # 'Căn cứ …; Theo đề nghị của …' before Điều 1 binds nobody
        units = units[next((i for i, u in enumerate(units) if u.marker == "dieu"), 0) :]
    topics = topic_headings(text, outline, units)
    skipped: set[int | None] = set()
    rows = [Unit(i, Sentence(n.span, None, "row", n.block), n.span, None) for i, n in enumerate(outline) if n.kind == "row"]
    for unit in sorted(units + rows, key=lambda u: u.node):
        sent, node = unit.sentence, outline[unit.node]
        if node.kind == "row":
            drafts.extend(row_drafts(text, node, section_at(structure.sections, node.span.start), deadlines))
            continue
        if node.sentence in skipped or CLOSING.match(text, unit.body.start, unit.body.end) \
                or DATED.match(text, unit.body.start, unit.body.end):
            skipped.add(node.sentence)  # its inline items '(1) …; (2) …' with it
            continue  # closing formulas; 'Ngày 08 tháng 11 năm 2025, Thủ tướng … chủ trì Phiên họp' tells an event
        if node.kind == "field" or in_field(outline, unit.node) or titled(scopes, unit.node):
            # a block's lead, partners and time are its scope (scopes.py), its content the task (blocks.py)
            if node.label == "content":
                drafts.extend(content_drafts(scopes, unit.node, sent.section, deadlines))
            continue
        headings = scopes.headings(unit.node)
        # a lead-in with items written inline ('3. Đẩy mạnh …: (1) Sở X …; (2) Sở Y …') states only the duties
        # that open in its words before the first item: the items state theirs (scopes.Scopes.own)
        cut = scopes.own(unit.node).end
        is_descriptive = any(descriptive(h) for h in headings) or (
            reporting and not any(FORWARD.search(h) and not ACCOUNT.search(h) for h in headings))
        actors, rest = heading_actors(text, unit.body, unit.marker not in (None, "dash", "plus", "bullet")) \
            if unit.node not in topics else ((), None)
        made = []
        # a bullet that names its bearer before a colon ('- Ban Giám đốc Trung tâm: chỉ đạo …') states its duty
        # itself, under whatever scope it stands ('4. Trách nhiệm của các tổ chức, cá nhân …:')
        if actors and (unit.marker not in ("dash", "plus", "bullet") or rest is None
                       or scopes.in_scope(unit.node) and opens_task(text, Span(rest, unit.body.end))):
            # a heading that hands its items over ('2. Sở Tài chính:', 'Giao Sở Nội vụ:', 'Trách nhiệm của X')
            scopes.open(unit.node, actors, items=rest is None and duty_heading(text, unit.body))
            if rest is not None:
                clause = Span(rest, unit.body.end)
                after = text[rest : unit.body.end]
                start = rest + len(after) - len(after.lstrip())
                # 'Bộ Tài chính: (1) Chủ trì, …' — the tasks after the colon are the heading actor's own
                own_task = task_start_re().match(text, start, unit.body.end)
                triggers = [] if own_task else before(find_triggers(text, clause, is_descriptive, reporting and is_descriptive), cut)
                inline = any(outline[c].sentence == node.sentence for c in scopes.children(unit.node))
                made = drafts_from(text, sent, triggers, deadlines) or ([] if inline else [
                    draft(text, sent, sent.span, actors, Span(rest, unit.body.end), "heading", deadlines)])
        else:
            # who a contest or rule concerns ('1. Đối tượng thi đua') is no duty unless said of the future
            account = reporting and is_descriptive or any(scope(h) for h in headings)
            triggers = before(find_triggers(text, unit.body, is_descriptive, account), cut)
            # a lead-in heads the items under it: one ending in ':', or a numbered heading without end
            # punctuation ('Điều 5. Nội dung Sở X có trách nhiệm chủ trì' then '1. …', '2. …')
            tail = text[unit.body.start : unit.body.end].rstrip()
            heads_items = tail.endswith(":") or unit.node in parents and unit.marker is not None \
                and not tail.endswith((".", ";", "!", "?"))
            # a heading's action is only its duty words: 'có trách nhiệm chủ trì' is five syllables
            short = [t for t in triggers if t.action is not None and words_within(text, t.action, unit.body.end, 5)]
            named = [t for t in triggers if t.action is None and t.rule in ASSIGN_RULES]
            # past the preamble any actor named before its action heads what follows ('Giao Sở Y tế chủ trì,
            # phối hợp với …:' then 'a) …', whatever the length of its verb phrase; '1. Sở X chỉ đạo Chi cục Y
            # thực hiện … sau:'); in the preamble only an assignment ('UBND tỉnh ban hành Kế hoạch … như sau:')
            lead = [t for t in triggers if t.action is not None and (t.rule in ASSIGN_RULES or unit.marker
                                                                     or scopes.ancestors(unit.node))]
            intro = INTRO.search(tail)
            said = lead if tail.endswith(":") and unit.node in parents and not intro else []
            if heads_items and (short or named or said):
                # 'Văn phòng Trung ương Đảng có trách nhiệm:' or '3. Về dự thảo …, giao Trung tâm X:' heads the items
                scopes.open(unit.node, (short or said)[0].actors if short or said else named[-1].actors, items=True)
                # an item written inline that heads items of its own keeps its duty ('(1) Bộ Tài chính giải
                # quyết 03 vấn đề tồn đọng: (i) …; (ii) …'); other lead-ins only head theirs
                inline_lead = node.parent is not None and outline[node.parent].sentence == node.sentence
                triggers = said if inline_lead and said and not short else []
            elif intro:  # 'Giao các sở thực hiện các nội dung sau:' heads the items; 'X kết luận như sau:' no duty
                if lead:  # its items are the bearer's duties when it hands them over, not details of its own duty
                    scopes.open(unit.node, lead[0].actors,
                                items=lead[0].rule in ASSIGN_RULES or ITEMS_FOLLOW.search(tail) is not None)
                triggers = []
            made = drafts_from(text, sent, triggers, deadlines)
            if not made and not (is_descriptive and narrative_re().search(text, unit.body.start, unit.body.end)):
                made = person_subject(text, sent, unit.body, deadlines)
            if not made and addressed:
                made = requested(text, sent, unit.body, addressed, deadlines)
            # a subjectless sentence after a duty in the same paragraph opens with a verb: the closed list
            # first, else the tagger ('Đưa kết quả … vào …' after 'Các tỉnh ủy … cụ thể hóa …'); a task line
            # of a labelled block may be a noun phrase ('a) Nghị định về …'); one naming its own bearer ('- Trách
            # nhiệm của giáo vụ: …') takes no other
            follows_duty = previous is not None and previous.block == sent.block and not unit.marker
            in_block = block_of(outline, unit.node) in scopes.bearers
            if not made and (task_start_re().match(text, unit.body.start, unit.body.end) or in_block
                             or (follows_duty or unit.marker is not None and node.kind != "heading"
                                 and scopes.bearer(unit.node) is not None)
                             and (opens_task(text, unit.body) or scopes.duty_item(unit.node))) \
                    and not (is_descriptive and narrative_re().search(text, unit.body.start, unit.body.end)) \
                    and not OWN_BEARER.match(text, unit.body.start, unit.body.end) \
                    and not (unit.marker in ("roman", "dieu") and bare_heading(text, unit)):  # 'III. Tổ chức thực hiện
                made = inherited(text, unit, previous, scopes, deadlines)
                if not made and addressed and letter and not is_descriptive and unit.marker \
                        and not BASIS.match(text, unit.body.start, unit.body.end):
                    # công văn: a task with nobody named falls on the addressees (domain doc §8.3)
                    made = [draft(text, sent, sent.span, addressed, unit.body, "kinh_gui", deadlines)]
        if previous is not None and unit.marker is None and (previous.block == sent.block or node.parent == last):
            made = timed(text, unit.body, made, previous, deadlines)
        for d in made:
            if not d.deadlines:
                d.deadlines = scopes.deadlines(unit.node)
        record(scopes, unit.node, unit.body, made)
        if made:
            scopes.stated(unit.node)
            if unit.marker is not None and unit.node in parents and unit.node not in scopes.bearers:
                scopes.open(unit.node, made[-1].actors, "continuation")
        if own_type and not scopes.ancestors(unit.node) and unit.marker is None:  # the preamble
            made = [d for d in made if not own_type.match(d.action)]
        drafts.extend(made)
        previous, last = (made[-1], unit.node) if made else (None, None)
    log.debug("%s: %d obligations", doc.id, len(drafts))
    return tuple(freeze(d) for d in drafts)


def duty_heading(text: str, body: Span) -> bool:
    """A heading naming a body that makes its items the body's duties: it ends in ':' ('2. Sở Tài chính:') or
    opens with the words that hand them over ('Giao …', 'Trách nhiệm của …', 'Nhiệm vụ của …')."""
    return text[body.start : body.end].rstrip().endswith(":") or HANDS_OVER.match(text, body.start, body.end) is not None \
        or OWN_BEARER.match(text, body.start, body.end) is not None


def rejoin_references(text: str, units: list[Unit]) -> list[Unit]:
    """'… các đồng chí có tên tại' + 'Điều 1 chịu trách nhiệm thi hành …': a line that opens with a
    reference to an article ('Điều 1' with no '.' and a lowercase word after it) goes on the unit above."""
    out: list[Unit] = []
    for unit in units:
        s = unit.sentence
        if out and unit.marker == "dieu" and REFERENCE.match(text, s.span.start, s.span.end):
            prev = out[-1]
            joined = Sentence(Span(prev.sentence.span.start, s.span.end), prev.sentence.section, prev.sentence.kind,
                              prev.sentence.block)
            out[-1] = Unit(prev.node, joined, Span(prev.body.start, s.span.end), prev.marker)
        else:
            out.append(unit)
    return out


def person_subject(text: str, sent: Sentence, body: Span, deadlines: tuple[Deadline, ...]) -> list[Draft]:
    """'Căn cứ …, cán bộ, công chức cơ quan chủ động …': a lowercase subject bounded by POS tags (nlp.py),
    at the start of the unit or after an opening adverbial ('Căn cứ …,', 'Định kỳ hằng tháng,')."""
    start = body.start + len(text[body.start : body.end]) - len(text[body.start : body.end].lstrip())
    starts = [start]
    opener = OPENER.match(text, start, body.end)
    if opener:
        starts.append(opener.end())
    for pos in starts:
        got = lowercase_subject(text, pos, body.end)
        if got:
            actor = clean_span(text, got[0].start, got[0].end)
            return [draft(text, sent, sent.span, (Actor(" ".join(actor.of(text).split()), actor),),
                          Span(got[1], body.end), "person", deadlines)]
    return []


def requested(text: str, sent: Sentence, body: Span, actors: tuple[Actor, ...],
              deadlines: tuple[Deadline, ...]) -> list[Draft]:
    """'… đề nghị phản ánh kịp thời về Bộ Nội vụ': a request with no actor falls on the addressees."""
    for m in REQUEST.finditer(text, body.start, body.end):
        if task_start_re().match(text, m.end(), body.end) and (
                opens_clause(text, body.start, m.start()) or CONDITION.search(text, body.start, m.start())
                or topic_request(text, body.start, m)):
            return [draft(text, sent, sent.span, actors, Span(m.end(), body.end), "kinh_gui", deadlines)]
    return []


def topic_request(text: str, lo: int, m: re.Match[str]) -> bool:
    """'Ý kiến tham gia đề nghị gửi về Bộ Công an …': what is to be sent stands first, the request follows."""
    cut = max([lo] + [text.rfind(c, lo, m.start()) + 1 for c in ".;:"])
    return len(text[cut : m.start()].split()) <= 6 and bool(re.match(r"gửi\b", text[m.end() : m.end() + 4]))


def inherited(text: str, unit: Unit, previous: Draft | None, scopes: Scopes,
              deadlines: tuple[Deadline, ...]) -> list[Draft]:
    """A task without a subject: rules 2-3 of the precedence in scopes.py (the sentence before in the same
    paragraph, the nearest enclosing bearer scope)."""
    sent = unit.sentence
    # members' own duty ('Mỗi cán bộ, đảng viên phải …') does not carry over to the body's next sentence
    if previous is not None and previous.block == sent.block and not unit.marker and previous.rule != "person":
        return [draft(text, sent, sent.span, previous.actors, unit.body, "continuation", deadlines)]
    bearer = scopes.bearer(unit.node)
    if bearer is not None:
        d = draft(text, sent, sent.span, bearer.actors, unit.body, bearer.rule, deadlines)
        d.partners.extend(p for p in bearer.partners if p not in d.partners)
        return [d]
    return []


def before(triggers: list[Trigger], cut: int) -> list[Trigger]:
    """The triggers whose clause opens before `cut` (a lead-in's own words, before its first inline item)."""
    return [t for t in triggers if t.start < cut]


def drafts_from(text: str, sent: Sentence, triggers: list[Trigger], deadlines: tuple[Deadline, ...]) -> list[Draft]:
    """One draft per trigger with an action; a sentence with several is cut before each trigger."""
    live = [t for t in triggers if t.action is not None]
    out = []
    for i, t in enumerate(live):
        start = sent.span.start if i == 0 else t.start
        end = live[i + 1].start if i + 1 < len(live) else sent.span.end
        while end > start and text[end - 1] in " \n;,":
            end -= 1
        assert t.action is not None
        out.append(draft(text, sent, Span(start, end), t.actors, Span(t.action, end), t.rule, deadlines))
    return out
