"""Triggers of obligations in running text (domain doc §8.1).

Three shapes, all on offsets into the stored text:
- assignment: `Giao X …`, `Đề nghị X …`, `Yêu cầu X …` (the actor follows the verb);
- duty marker: `X chủ trì …`, `X có trách nhiệm …`, `X chịu trách nhiệm thi hành …`, `X căn cứ …`
  (the actor is the list of bodies just before the marker, wherever the clause starts);
- subject: `X <verb> …` with X at the start of a clause (after a list marker, `,`, `;` or `:`).

The vocabulary is data: pipeline/data/triggers.yaml, compiled once in trigger_words.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..model import Span
from .actors import SPACES, Actor, clean_span, head_re, split_actors
from .noun_phrase import ABBREVIATION, READ, compound_at, subject_at
from .predicates import is_duty
from .taken import Actions, Regions
from .trigger_words import (
    SUBJECT_PREP,
    TRANSPARENT,
    assign_re,
    connective_re,
    duty_re,
    end_re,
    glued_first,
    glued_re,
    name_prep_re,
    name_words_re,
    narrative_re,
    rule_of_duty,
    task_start_re,
    vocabulary,
)

MAX_ACTOR_WORDS = 30
MAX_ACTOR_CHARS = 3000  # no list of bodies is longer (40 bodies of 40 letters: 1,600)


@dataclass(frozen=True)
class Trigger:
    rule: str
    actors: tuple[Actor, ...]
    start: int  # where the clause of the duty starts (the assignment verb or the actor)
    action: int | None  # where the action starts; None: the actor heads what follows ("1. Sở Nội vụ:")


def actor_after(text: str, pos: int, limit: int, any_case: bool = False,
                in_list: bool = False) -> tuple[Span, int | None, str] | None:
    """The actor phrase opening at `pos`, up to the action: (span, action start, what ended it).

    What ended it is 'verb' (the action starts there), 'stop' (a word saying this is no duty:
    'đã', 'được'), 'prep' (a preposition, 'trong', 'từ', unless `in_list` and it may stand in a
    name), a punctuation mark, or 'end'. None: no head at `pos`, more than MAX_ACTOR_WORDS words,
    or longer than MAX_ACTOR_CHARS."""
    head = head_re(any_case).match(text, pos, limit)
    if not head:
        return None
    walked = _walk(text, head.end(), limit, any_case, in_list)
    if walked is None:
        return None
    stop, action, kind, soft, words = walked
    if words > MAX_ACTOR_WORDS or stop - pos > MAX_ACTOR_CHARS:
        return None
    if kind in _BY_MARKER and soft is not None and soft != _UNSET:
        stop = soft  # the name ended before 'theo chức năng, nhiệm vụ'
    return clean_span(text, pos, stop), action, "verb" if kind == "verb+" else kind


_BY_MARKER = ("verb+", "stop", "prep")  # the walk ended at a marker: the name ends at `soft` when set
_UNSET = -1  # a walk from a point that set no `soft`: the walk through it keeps its own
_Walk = tuple[int, int | None, str, int | None, int]  # stop, action, kind, soft, words counted
_walks: dict[tuple[int, int, bool, bool], _Walk | None] = {}
_walked: list[str] = [""]  # the text the walks are of


def _walk(text: str, i: int, limit: int, any_case: bool, in_list: bool) -> _Walk | None:
    """The actor's name from `i` (after its first head) to what ends it; None past MAX_ACTOR_WORDS.

    actor_before and the clause starts walk a list of bodies joined by ';' again from each of its
    names (a thousand names: a million steps). So the walk from each ';' it passes is kept, per
    text, limit and flags, and reused by any later walk that reaches that ';'; for that, each
    stretch between two ';' is bounded by MAX_ACTOR_CHARS by itself (a walk from a point depends
    on nothing before it) and a walk past MAX_ACTOR_WORDS goes on until it knows, for each ';' it
    passed, whether the walk from there has too many words too (at most MAX_ACTOR_WORDS more)."""
    if _walked[0] is not text:
        _walks.clear()
        _walked[0] = text
    flags = (limit, any_case, in_list)
    points: list[tuple[int, int]] = []  # (';' passed, words counted before it)
    known = 0  # points[:known] have their walk kept already
    soft: int | None = _UNSET  # where the name ended before 'theo chức năng, nhiệm vụ' (None: it did not)
    words, soft_at = 0, -1
    over = False  # more than MAX_ACTOR_WORDS: no actor, the walk only goes on for its points
    result: _Walk | None = None
    bound = min(limit, i + MAX_ACTOR_CHARS)
    while True:
        if i >= bound:
            result = (bound, None, "end", soft, words)
            break
        ch = text[i]
        if ch == "(" and (abbr := ABBREVIATION.match(text, i, bound)):
            i = abbr.end()  # 'Đài Truyền hình Việt Nam (VTV) chủ trì'
            continue
        if ch in ":().?!":
            result = (i, None, ch, soft, words)
            break
        if ch == "\n" and (nxt := _spaces_end(text, i, bound)) < bound \
                and text[nxt].isupper() and task_start_re().match(text, nxt, bound):
            result = (i, nxt, "verb", soft, words)  # 'Giao Sở Xây dựng\nTheo dõi, đôn đốc …' (table layout)
            break
        if ch == ";":
            nxt = SEMICOLON.match(text, i).end()  # type: ignore[union-attr]
            if head_re(any_case=True).match(text, nxt, limit):
                if (nxt, *flags) in _walks:  # the rest is known: this walk ends where that one did
                    rest = _walks[(nxt, *flags)]
                    if rest is not None:
                        stop, action, kind, rest_soft, rest_words = rest
                        if rest_soft != _UNSET:
                            soft, soft_at = rest_soft, nxt
                        result = (stop, action, kind, soft, words + rest_words)
                    break
                if not over:
                    points.append((nxt, words))
                i, bound = nxt, min(limit, nxt + MAX_ACTOR_CHARS)
                continue
            result = (i, None, ch, soft, words)
            break
        at_word = not text[i - 1].isalnum()
        m = end_re().match(text, i, bound) if at_word else \
            glued_re().match(text, i, bound) if ch in glued_first() else None
        if at_word and not ch.isspace():
            head = head_re(any_case).match(text, i, bound)
            word = TRANSPARENT.match(text, i, bound) or name_words_re().match(text, i, bound)
            verb_end = m.end() if m is not None and m.lastgroup not in ("stop", "prep") else -1
            # a verb beats a head of the same length ('lãnh đạo, chỉ đạo' after 'Giao Đảng ủy Quốc hội');
            # a listed noun beats a verb of the same length ('các cơ quan, tổ chức')
            inner = None if head and verb_end >= head.end() else head
            if word and not verb_end > word.end():
                inner = word
            if inner:
                soft, soft_at = (i if inner.re is TRANSPARENT else None), i
                i = inner.end()  # a name goes on: 'các cơ quan, tổ chức', not 'ban hành' after 'các sở,'
                continue
        if m and m.lastgroup == "prep" and (in_list and name_prep_re().match(m.group())
                                             or SUBJECT_PREP.fullmatch(m.group())):
            m = None
        if m:
            kind = m.lastgroup if m.lastgroup in ("stop", "prep") else "verb+"
            result = (i, i, kind, soft, words)
            break
        if ch.isspace() and not text[i - 1].isspace():
            words += 1
            if words > MAX_ACTOR_WORDS:
                over = True  # the walk from each point with few enough words before it is over too
                while known < len(points) and words - points[known][1] > MAX_ACTOR_WORDS:
                    _walks[(points[known][0], *flags)] = None
                    known += 1
                if known == len(points):
                    return None
        i += 1
    for point, before in points[known:]:
        if result is None:
            _walks[(point, *flags)] = None
        else:
            stop, action, kind, _, total = result
            _walks[(point, *flags)] = (stop, action, kind, soft if soft_at >= point else _UNSET, total - before)
    return None if over else result


SEMICOLON = re.compile(r";\s*")


def _spaces_end(text: str, i: int, end: int) -> int:
    gap = SPACES.match(text, i, end)
    return gap.end() if gap else i


def has_verb(text: str, start: int, end: int) -> bool:
    return any(m.lastgroup in ("action", "duty", "opening") for m in end_re().finditer(text, start, end)
               if m.start() == start or not text[m.start() - 1].isalnum())


def actor_before(text: str, lo: int, marker: int, marker_end: int) -> tuple[Span, int] | None:
    """The subject noun phrase (noun_phrase.subject_at) ending just before a duty marker, opening at a
    head that no verb of the clause comes before (a body after a verb is its object).

    Returns the actor span and where the action starts (the marker, or an earlier verb:
    'Đảng uỷ UBND xã chỉ đạo tham mưu' → action 'chỉ đạo')."""
    # where the first verb between `lo` and the marker ends, found once
    verb_end = next((m.end() for m in end_re().finditer(text, lo, marker) if m.lastgroup in ("action", "duty", "opening")
                     and (m.start() == lo or not text[m.start() - 1].isalnum())), marker + 1)
    # a head more than READ characters before the marker cannot reach it: subject_at reads no further
    for head in head_re().finditer(text, max(lo, marker - READ), marker):
        before = head.start()
        while before > 0 and text[before - 1] in " \t":
            before -= 1
        if not (before > 0 and text[before - 1] == "\n" or verb_end > head.start()):
            continue  # '… phối hợp Bộ Nội vụ tham mưu …': a body after a verb is its object, not the actor
        got = subject_at(text, head.start(), marker_end)
        if got is None:
            continue
        span, action = got
        if action <= marker and len(text[action:marker].split()) <= 3 \
                and (action == marker or is_duty(text, action, marker_end)):
            return span, action  # not 'Sở X đã chủ trì …', '… được Chính phủ giao theo dõi …'

    return None


# phrases that open a sentence before its subject: 'Căn cứ Kế hoạch này, các sở …', 'Trong thời gian tới, Tỉnh …'
OPENER = re.compile(r"(?i:với\s+vai\s+trò|về\s|căn\s+cứ\s|trên\s+cơ\s+sở\s)|(?:Để|Nhằm|Thực\s+hiện|Sau\s+khi|Trong|Qua|Đối\s+với|Trường\s+hợp|Khi|Nếu)\s")
# a time adverbial before the subject ('Định kỳ hằng tháng, Sở Y tế báo cáo …', 'Trước ngày 15/12, các sở …'):
# an opening phrase though a subjectless task may open with the same words ('Định kỳ hằng tháng báo cáo …')
TIME_OPENER = re.compile(r"(?:Định\s+kỳ|Hằng|Hàng|Mỗi|Trước|Chậm\s+nhất|Muộn\s+nhất|Từ|Đến)\s")
FUTURE = re.compile(r"(?i)(?<![\w])(?:sẽ|thời\s+gian\s+tới|sắp\s+tới|tiếp\s+tục|cần|phải)(?![\w])")
PAST = re.compile(r"(?i)(?<![\w])(?:đến\s+nay|vừa\s+qua|thời\s+gian\s+qua|năm\s+qua|tháng\s+qua)(?![\w])")
NOUN_BEFORE_DUTY = re.compile(r"(?:cơ\s*quan|đơn\s*vị)\s+$", re.IGNORECASE)
CLAUSE_START = re.compile(r"""(?P<strong>[;:]\s+(?:\(\d{1,2}\)\s*|[-+•]\s*)?
                              |\n\s*(?:\(\d{1,2}\)|[-+•]|[a-zđ]\)|\d{1,2}\.)\s+)
                           |,\s+""", re.VERBOSE)


def clause_starts(text: str, span: Span, found: list[Trigger]) -> list[int]:
    """Where a bare subject may stand: the start, after ';' or ':', and after a comma that closes a
    short opening phrase ('Trong thời gian tới, Tỉnh …') when no trigger came before."""
    starts, strong = [span.start], span.start  # the last strong start: every lead is measured from it
    first_trigger = min((t.start for t in found), default=span.end + 1)
    # where the 9th and the 31st word after the strong start begin, found once per strong start (not
    # per comma): a lead to a comma before the 31st has at most 30 words (words_within), and words
    # are counted up to 31 only, so a unit of thousands of commas stays linear
    ninth = past = -1  # not found yet for this strong start
    for m in CLAUSE_START.finditer(text, span.start, span.end):
        at, lead_start = m.start(), strong  # the lead is measured from the clause, not the last comma
        opening = False
        if first_trigger >= at:
            if past < 0:
                ninth, past = word_start(text, strong, span.end, 9), word_start(text, strong, span.end, 31)
            if past >= at:
                lead = text[lead_start:at]
                opening = bool(OPENER.match(lead)) or (
                    ninth >= at and not has_verb(text, lead_start, at)
                    and (bool(TIME_OPENER.match(lead)) or not task_start_re().match(lead)))
        if m["strong"] is not None:
            strong, ninth, past = m.end(), -1, -1
            starts.append(strong)
        elif opening:
            starts.append(m.end())
    return starts


@cache
def _at_least(words: int) -> re.Pattern[str]:
    """`words` words (runs of non-spaces) from the start; possessive, so a failed match never backtracks."""
    return re.compile(rf"(?:\s*+\S++){{{words}}}")


def words_within(text: str, start: int, end: int, most: int) -> bool:
    """text[start:end] has at most `most` words (one regex match that reads no further than word most + 1)."""
    return _at_least(most + 1).match(text, start, end) is None


NOT_SPACE = re.compile(r"\S")


def word_start(text: str, start: int, end: int, n: int) -> int:
    """Where the `n`-th word (run of non-spaces) after `start` begins, `end` when text[start:end] has fewer:
    text[start:e] has at most n - 1 words (words_within) exactly when e <= word_start(text, start, end, n)."""
    pos = start
    if n > 1:
        before = _at_least(n - 1).match(text, start, end)
        if before is None:
            return end
        pos = before.end()
    nxt = NOT_SPACE.search(text, pos, end)
    return nxt.start() if nxt else end
FEW_WORDS = 400  # characters that hold the first five or six words of an action


def acts(text: str, action: int, end: int) -> bool:
    """An action opening with an adverb ('định kỳ hằng tuần tổ chức …') needs a verb soon after it."""
    m = end_re().match(text, action, end)
    if not m or m.lastgroup != "adverb":
        return True
    rest = text[m.end() : min(end, m.end() + FEW_WORDS)]
    return any(v.lastgroup in ("action", "duty", "opening") for v in end_re().finditer(" ".join(rest.split()[:5])))


def recounts(text: str, action: int, end: int) -> bool:
    """'Đoàn kiểm tra đã ban hành …': a past or ongoing act within the first words after the subject."""
    m = end_re().match(text, action, end)
    if m is not None and m.lastgroup == "adverb":  # 'chỉ được', 'được giao' are no account of the past
        action = m.end()
    head = " ".join(text[action : min(end, action + FEW_WORDS)].split()[:6])
    return bool(narrative_re().search(head)) and not re.match(r"được\s+giao", head)


def opens_clause(text: str, lo: int, pos: int) -> bool:
    """Nothing but a subject ('Chủ tịch UBND tỉnh giao …') between the clause start and `pos`."""
    cut = max([lo] + [text.rfind(c, lo, pos) + 1 for c in ".;:,"])
    before = text[cut:pos].strip()
    if not before or connective_re().fullmatch(before):
        return True
    return bool(head_re().match(before)) and len(before.split()) <= 8 and not has_verb(before, 0, len(before))


def find_triggers(text: str, span: Span, descriptive: bool = False, account: bool = False) -> list[Trigger]:
    """Every trigger in one sentence, in text order.

    In a section that describes (`Đánh giá chung`, `Kết quả`), a bare subject counts only in a
    sentence that tells no past ('Trong thời gian tới, Tỉnh tổ chức …', not '… đã triển khai'); in
    a report's `account` of what was done it needs a word about the future ('sẽ', 'thời gian tới')."""
    found: list[Trigger] = []
    taken, actions = Regions(), Actions(text, span.start, span.end)  # actor regions used, actions found

    def add(rule: str, actor: Span, start: int, action: int | None) -> None:
        # free first: the bodies of a long list are split once, not again for each clause start in it
        if taken.free(actor.start, actor.end) and (actors := split_actors(text, actor)):
            found.append(Trigger(rule, actors, start, action))
            taken.add(start, actor.end)
            if action is not None:
                actions.add(action)

    if account and narrative_re().search(text, span.start, span.end):
        return []  # a report telling what was done and asked: 'Đoàn kiểm tra đã ban hành …, đề nghị …'
    for m in assign_re().finditer(text, span.start, span.end):
        if compound_at(text, m, span.end):
            continue  # 'Ban Chỉ đạo họp giao ban …': a word of its own, no assignment
        if m["verb"][0].islower() and not opens_clause(text, span.start, m.start()):
            continue  # '… có biện pháp yêu cầu các chủ đầu tư …' is part of another duty
        if m["verb"][0] == "k" and text[span.start : m.start()].rstrip().endswith(","):
            continue  # 'Có chính sách ưu đãi, khuyến khích doanh nghiệp …' lists measures, it asks nobody
        asked = subject_at(text, m.end(), span.end, bare=True)  # 'Giao Sở Y tế chủ trì …', 'Giao Sở Nội vụ:'
        if asked is None:
            continue
        actor, action = asked
        named = action >= span.end or text[action] in ":."
        if named or is_duty(text, action, span.end, asked=True):
            verb = " ".join(m["verb"].split())
            rule = vocabulary()["assign"].get(verb[0].upper() + verb[1:], "giao")
            add(rule, actor, m.start(), None if named else action)
    for m in duty_re().finditer(text, span.start, span.end):
        if rule_of_duty(m.group()) == "chu_tri" and NOUN_BEFORE_DUTY.search(text, max(span.start, m.start() - 12), m.start()):
            continue  # 'cơ quan chủ trì', 'đơn vị chủ trì' name a role, not a duty
        if rule_of_duty(m.group()) == "can_cu" and re.search(r"(?:\bvà|,)\s*$", text[max(span.start, m.start() - 6) : m.start()]):
            continue  # '… đề nghị của Sở X và căn cứ khả năng …' lists grounds
        if actions.within(m.start()):
            continue  # within the action of an earlier duty: 'X chủ trì, phối hợp Y tham mưu …' is X's
        lo = max([span.start] + [i + 1 for i in (text.rfind(c, span.start, m.start()) for c in ".:?!(")])
        got2 = actor_before(text, lo, m.start(), m.end())
        if got2:
            add(rule_of_duty(m.group()), got2[0], got2[0].start, got2[1])
    if account and not FUTURE.search(text, span.start, span.end):
        pass
    elif not descriptive or not narrative_re().search(text, span.start, span.end):
        # the past told before a clause: the earliest end of a PAST phrase in the unit, found once
        past = min((p.end() for p in PAST.finditer(text, span.start, span.end)), default=span.end + 1)
        for pos in clause_starts(text, span, found):
            if past <= pos:
                continue  # '(trong đó, từ ngày 01/3/2025 đến nay, Công an tỉnh trực tiếp tiếp nhận …' tells the past
            got = own_subject(text, pos, span.end)
            if got and got[1] < span.end and is_duty(text, got[1], span.end, subject=got[0]) \
                    and not recounts(text, got[1], span.end) and acts(text, got[1], span.end):
                add("subject", got[0], pos, got[1])
    found.sort(key=lambda t: t.start)
    return [t for t in found if not inside_action(t, actions)]


def own_subject(text: str, pos: int, end: int) -> tuple[Span, int] | None:
    """The subject opening a clause at `pos` and where its predicate starts. The walk of the word lists
    (actor_after) still says whether a body's name stands there before an action; the noun phrase of
    noun_phrase.subject_at bounds the name and the predicate where it reads one ('Sở Tài chính' /
    'Cân đối, bố trí …', 'Chủ tịch UBND tỉnh | ký ban hành …'; after a comma a lowercase head needs a
    determiner), and predicates.is_duty then reads the predicate."""
    walked = actor_after(text, pos, end)
    if walked is None or walked[2] != "verb" or walked[1] is None:
        return None
    comma = text[max(0, pos - 2) : pos].strip() == ","
    return subject_at(text, pos, end, capital_only=comma) or (walked[0], walked[1])


def inside_action(t: Trigger, actions: Actions) -> bool:
    """A duty marker whose actor stands within an earlier duty's action, in the same clause."""
    if t.rule == "subject" or t.rule in vocabulary()["assign"].values():
        return False
    return actions.within(t.start, own=t.action)
