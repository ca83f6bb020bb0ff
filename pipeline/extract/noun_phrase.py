"""The subject noun phrase of a clause, by syntax (issue 15, part 3), for subjects.py and triggers.py.

The phrase opens with a head from the catalogue (pipeline/data/actors.yaml heads, collective and
person nouns; bodies.yaml names), in any letter case, and goes on over nouns, names, numbers, the
modifiers of bodies.yaml ('trên địa bàn tỉnh', 'nêu trên'), the prepositions of a name ('của',
'thuộc') and the next body of a list, up to the first word the lexicon (nlp.word_at) tags as a verb,
adjective or adverb. A verb phrase followed by a sure predicate marker ('phải', 'có trách nhiệm') is
a relative clause inside the subject ('đơn vị quản lý công trình phải …'). Every scan reads at most
READ characters: linear in the text.
"""
from __future__ import annotations

import re
from functools import cache

from ..model import Span
from ..text import alternation
from .actors import LOWER, SPACES, clean_span, data_file, heads_pattern
from .nlp import word_at, words_data
from .trigger_words import assign_re

READ = 400  # characters read for a subject: it stands near the clause start
TASK_WORDS = 3  # words between a verb inside a name and the task word after it ('doanh nghiệp viễn thông | triển khai')
RELATIVE_WORDS = 14  # words between a relative clause's verb and the predicate marker after it
NOUNISH = {"N", "Nc", "Nu", "Np", "Ny", "Nb", "M", "L", "P"}
NP_PREPOSITIONS = {"của", "thuộc", "trực thuộc", "tại", "ở", "trong"}  # 'các ngành của tỉnh', 'cơ quan thuộc Chính phủ'
PREDICATE_VERBS = {"có", "là"}  # 'Văn phòng tỉnh ủy | có chức năng tham mưu …': they open the predicate
RELATIVE = {"được", "đang", "đã"}  # 'Các đơn vị được giao …', 'các cơ sở đang kinh doanh …' before a marker
SEPARATOR = re.compile(r"\s*(?:[,;]|(?<=\s)(?:và|hoặc|cùng|kiêm)(?=\s))\s*")  # 'Chủ tịch kiêm Tổng giám đốc …'
GLUED = 4  # letters of a word the lexicon does not know, past which a glued marker is looked for ('uỷchủtrì')
ABBREVIATION = re.compile(r"\((?:[A-ZĐ][A-ZĐ0-9&\-.]{1,11}|[A-ZĐ][^()]{0,50})\)")  # (VTV), (Tập đoàn Đèo Cả)
NUMBER = re.compile(r"\d[\w/.\-]*|[A-ZĐ]{1,5}&[A-ZĐ]{1,5}(?!\w)")  # a number, or an abbreviation with '&' ('Sở KH&CN')
DASH = re.compile(r"\s*[-–]\s*(?=[A-ZĐÀ-Ỹ])")  # 'Lao động - Thương binh và Xã hội'
LABEL = re.compile(r"(?:[^\W\d_]+[ \t]+){0,2}[^\W\d_]+[ \t]*(?::|$)")  # at most three words, then ':' or the end
LABEL_HEAD = 4  # syllables of a field label's noun: 'Đơn vị', 'Cơ quan chủ trì' (before 'thực hiện:')
DETERMINER = r"(?:các|mỗi|từng|toàn\s+thể|tất\s+cả|những)\s+(?:đồng\s*chí\s+)?"
DETERMINER_RE = re.compile(DETERMINER, re.IGNORECASE)




def triggers_vocabulary() -> dict:
    return data_file("triggers.yaml")


def _words(*keys: str) -> str:
    v = triggers_vocabulary()
    return alternation([w for k in keys for w in (v[k] if isinstance(v[k], list) else list(v[k]))])


@cache
def head_re() -> re.Pattern[str]:
    """A subject's head, any case: a name of bodies.yaml, a head, a collective or person noun, with an
    optional determiner ('các', 'mỗi'); 'các' is needed before a noun the lexicon tags as a verb."""
    a, bodies = data_file("actors.yaml"), data_file("bodies.yaml")
    names = bodies["names"] + bodies["offices"]
    heads = heads_pattern(a["heads"] + names + a["person_nouns"] + a["collective"])
    return re.compile(rf"(?i:(?!(?:{alternation(a['not_heads'])})(?![{LOWER}]))(?P<det>{DETERMINER})?)(?:{heads})(?-i:(?![{LOWER}]))",
                      re.IGNORECASE)


@cache
def collective_re() -> re.Pattern[str]:
    return re.compile(rf"(?i:{alternation(data_file('actors.yaml')['collective'])})(?![{LOWER}])")


@cache
def levels_re() -> re.Pattern[str]:
    return re.compile(rf"(?i:{alternation(data_file('actors.yaml')['levels'])})(?![{LOWER}])")


@cache
def aside_re() -> re.Pattern[str]:
    return re.compile(rf"(?i:\s*(?:{alternation(data_file('bodies.yaml')['asides'])}))(?![{LOWER}])")


@cache
def name_re() -> re.Pattern[str]:
    return re.compile(rf"(?i:{alternation(data_file('bodies.yaml')['names'])})(?![{LOWER}])")


@cache
def modifier_re() -> re.Pattern[str]:
    return re.compile(rf"(?i:\s*(?:{alternation(data_file('bodies.yaml')['modifiers'])}))(?![{LOWER}])")


@cache
def modal_re() -> re.Pattern[str]:
    """A modal of duty (words.yaml duty_modals: 'phải', 'có trách nhiệm')."""
    return re.compile(rf"(?i:{alternation(words_data()['duty_modals'])})(?![{LOWER}])")


@cache
def marker_re() -> re.Pattern[str]:
    return re.compile(rf"(?i:{_words('predicate_markers')})(?![{LOWER}])")


@cache
def task_word_re() -> re.Pattern[str]:
    """The words that open a task in triggers.yaml (duty markers, task verbs, the adverbs before them)."""
    return re.compile(rf"(?i:{_words('duty', 'action', 'starters')})(?![{LOWER}])")


@cache
def task_verb_re() -> re.Pattern[str]:
    """The duty markers and task verbs of triggers.yaml, without the adverbs ('công khai', 'kịp thời')."""
    return re.compile(rf"(?i:{_words('duty', 'action')})(?![{LOWER}])")


@cache
def duty_word_re() -> re.Pattern[str]:
    """The duty markers of triggers.yaml ('căn cứ', 'tham mưu', 'theo dõi'): a noun phrase ends before them."""
    return re.compile(rf"{_words('duty')}(?![{LOWER}])")


@cache
def glued_re() -> re.Pattern[str]:
    """What opens a predicate glued to the name before it in PDF text layers ('Đảng uỷchủtrì')."""
    return re.compile(rf"(?i:{_words('predicate_markers', 'duty')}|{alternation(['phối hợp', 'chỉ đạo', 'chủ động'])})")


@cache
def not_duty_re() -> re.Pattern[str]:
    return re.compile(rf"(?i:(?:{_words('predicate_markers')}|(?:chỉ\s+)?được\s+(?:giao|phân\s+công)|chỉ\s+được)(?![{LOWER}])"
                      rf"|(?P<no>{_words('not_duties', 'aspect')})(?![{LOWER}]))")


@cache
def causative_re() -> re.Pattern[str]:
    return re.compile(rf"(?i:{_words('causatives')})(?![{LOWER}])")


@cache
def signing_re() -> re.Pattern[str]:
    return re.compile(rf"(?i:{alternation(words_data()['signing'])})(?![{LOWER}])")


@cache
def opener_re() -> re.Pattern[str]:
    """An adverbial before the clause proper, up to its comma or colon ('Để bảo đảm tiến độ, ')."""
    return re.compile(rf"(?i:{_words('openers')})(?![{LOWER}])[^,:;.]{{0,200}}[,:]\s*")


def head_at(text: str, pos: int, end: int, object_: bool = False) -> int | None:
    """The end of a subject's head at `pos`; None when there is none or the lexicon knows a longer word
    there that is no body ('Trường hợp', 'Ban hành', 'sở hữu', 'Đoàn kết'). `object_`: the object of an
    assignment verb, a noun whatever its tag ('Giao Thanh tra tỉnh …')."""
    m = head_re().match(text, pos, end)
    if m is None:
        return None
    noun = m.end("det") if m.group("det") else pos
    word = word_at(text, noun, end, guess=False)
    if m.group("det") and word is not None and word[1] in NOUNISH:
        return max(m.end(), word[0])  # after 'các' a noun: 'Các trường học'
    if word is not None and word[0] > m.end() and word[1] not in ("X", "Np") and " " not in text[noun : m.end()]:
        rest = SPACES.match(text, m.end(), end)
        if rest is None or not text[rest.end()].isupper():
            return None  # 'Trường hợp', 'Hội nghị', 'Ban hành', 'sở hữu'; not 'Bộ Tư pháp', 'Ủy ban nhân dân'
    if word is not None and word[0] > m.end() and word[1] in NOUNISH:
        return max(m.end(), word[0])
    if not m.group("det") and not object_ and word is not None and word[0] == m.end() and word[1] == "V" \
            and not (text[pos].isupper() and (body_follows(text, m.end(), end)
                                              or marker_follows(text, m.end(), end) and not task_word_re().match(text, pos, end))):
        return None  # 'Tổ chức …' is a verb unless a determiner makes it a noun ('các tổ chức') or a
        # body's name follows ('Thường trực HĐND xã')
    return m.end()


def label_head(text: str, start: int, pos: int) -> bool:
    """text[start:pos] may be a field label's noun: at most LABEL_HEAD syllables with no name in them
    ('Đơn vị | thực hiện:', not 'Ủy ban nhân dân tỉnh | chỉ đạo:', 'Sở Nội vụ | tập trung:')."""
    words = text[start:pos].split()
    return len(words) <= LABEL_HEAD and not any(w[:1].isupper() for w in words[1:])


def marker_follows(text: str, pos: int, end: int) -> bool:
    """A duty marker right after `pos`: 'Thường trực | tham mưu …' (the head a noun, not a verb; a
    task word stays a verb: 'Tổ chức tham mưu …')."""
    gap = SPACES.match(text, pos, end)
    nxt = gap.end() if gap else pos
    return marker_re().match(text, nxt, end) is not None or duty_word_re().match(text, nxt, end) is not None


def body_follows(text: str, pos: int, end: int) -> bool:
    """A capitalised head of a body (not a verb-tagged one) right after `pos`: 'Thường trực | HĐND xã'."""
    gap = SPACES.match(text, pos, end)
    nxt = gap.end() if gap else pos
    if nxt >= end or not text[nxt].isupper() or (m := head_re().match(text, nxt, end)) is None:
        return False
    word = word_at(text, nxt, end, guess=False)
    return word is None or word[1] != "V" and word[0] <= m.end()


def subject_at(text: str, start: int, end: int, capital_only: bool = False,
               bare: bool = False) -> tuple[Span, int] | None:
    """The subject noun phrase opening at `start` and where its predicate starts, or None.

    `capital_only` (after a comma, inside a sentence): a lowercase head needs a determiner ('…, các
    sở …'), as a bare noun there is more often an object ('phối hợp với các cơ quan, đơn vị …').
    `bare` (the object of an assignment verb): the head is a noun whatever its tag ('Giao Thanh tra
    tỉnh …'), and a phrase that ends the clause or stands before ':' ('Giao Sở Y tế:') is returned too,
    its predicate start the colon or the clause end."""
    limit, end = end, min(end, start + READ)
    got = head_at(text, start, end, object_=bare)
    if got is None or capital_only and text[start].islower() and not DETERMINER_RE.match(text, start, end):
        return None
    i = last = actor = got  # actor: where the bearer's name ends, before an aside (', nhất là …,')
    aside = False  # an aside read: what follows it is no part of the bearer's name
    capital = True  # the last word read opens with a capital, or is a head: a name goes on ('thành phố Cần Thơ')
    while i < end:
        gap = SPACES.match(text, i, end)
        i = gap.end() if gap else i
        if i >= end:
            return (Span(start, actor), end) if bare and end == limit else None
        ch = text[i]
        if ch.isupper() and (gap and "\n" in gap.group() and line_verb(text, i, end)
                             or task_word_re().match(text, i, end) and adverb_at(text, i, end)):
            return Span(start, actor), i  # 'Giao Sở Xây dựng' / 'Khảo sát, …' (a table's cells); '… Khẩn trương …'
        if ch.isupper() and assigns_at(text, i, end):
            return Span(start, actor), i  # 'Giao Sở A Giao Sở B …': another assignment opens (no 'Sở Giao thông')
        nxt = aside_re().match(text, last, end) or modifier_re().match(text, last, end) or ABBREVIATION.match(text, i, end) \
            or name_re().match(text, i, end) or NUMBER.match(text, i, end) or DASH.match(text, last, end)
        if nxt and nxt.re is aside_re() and duty_word_re().match(text, i, end):
            return Span(start, actor), i  # 'X căn cứ chức năng, nhiệm vụ …': the duty marker 'căn cứ'
        if nxt:
            capital = nxt.re is not NUMBER and ends_capitalised(text, last, nxt.end())
            aside = aside or nxt.re is aside_re()
            i = last = nxt.end()
            actor = actor if aside else last
            continue
        sep = SEPARATOR.match(text, last, end)
        if sep:
            if assigns_at(text, sep.end(), end):
                return None  # 'Giao Sở A, Giao Sở B …': a list of assignments, no bearer's name goes on
            after = head_at(text, sep.end(), end)
            if after is None and text[sep.end() : sep.end() + 1].isupper() and capital:
                after = word_end(text, sep.end(), end)  # 'Bộ Nông nghiệp và Môi trường': a name goes on
            if "," in sep.group() and modal_re().match(text, sep.end(), end):
                return Span(start, actor), sep.end()  # 'Thành viên Ban Chỉ đạo, có trách nhiệm …': a comma before the modal
            if after is None and (DETERMINER_RE.match(text, start, end) or collective_before(text, start, last)) \
                    and (c := collective_re().match(text, sep.end(), end)):
                after = c.end()  # a list of collective nouns: 'các cơ quan, tổ chức khác'
            if after is None and (w := word_at(text, sep.end(), end)) and w[1] == "N":
                after = w[0]  # coordinated nouns: 'các lĩnh vực ngành, nghề'
            if after is None:
                return None  # a list that goes on past the bodies, or a clause after a comma
            i = last = after
            actor = actor if aside else after
            capital = text[sep.end()].isupper() or ends_capitalised(text, sep.end(), after)
            continue
        if not ch.isalpha():
            return (Span(start, actor), i) if bare and ch in ":." else None
        if ch.islower() and (marker_re().match(text, i, end) or duty_word_re().match(text, i, end)):
            return Span(start, actor), i  # 'Văn phòng Đảng uỷchủtrì': a marker glued to the name
        word = word_at(text, i, end)
        if word is None:
            return None
        w_end, tag = word
        glued = next((j for j in range(i + 2, w_end - 1) if glued_re().match(text, j, end)), None) \
            if w_end - i > GLUED and word_at(text, i, end, guess=False) == (w_end, "X") else None
        if glued is not None:
            return Span(start, glued), glued
        lower = text[i:w_end].lower()
        if tag in NOUNISH or lower in NP_PREPOSITIONS \
                or ch.isupper() and (tag not in ("V", "A", "R") or capital):
            # a level noun names a place next, whatever the lexicon tags it: 'tỉnh | Đắk Nông'
            capital = ch.isupper() or levels_re().fullmatch(text, i, w_end) is not None
            i = last = w_end  # the name goes on: 'Sở Xây dựng', 'đơn vị sự nghiệp', 'UBND các phường'
            actor = actor if aside else w_end
            continue
        if tag == "E" and bare:
            return Span(start, actor), i  # 'Giao Phó Thủ tướng … trước ngày 15/11 kiểm tra …'
        if tag == "E" or tag in ("C", "Cc", "CH", "T", "I"):
            return None  # 'Sở X với vai trò …': no plain subject
        if (LABEL.match(text, i, end) or LABEL.match(text, i)) and label_head(text, start, i):
            return None  # 'Đơn vị thực hiện:', 'Cơ quan phối hợp:' label a field; 'các bộ, ngành tập trung:' heads items
        relative = relative_end(text, i, end)
        if relative is not None:  # the relative clause belongs to the bearer's name
            return clean_span(text, start, relative), relative
        return Span(start, actor), i
    return None


def collective_before(text: str, start: int, pos: int) -> bool:
    """The phrase's last word or two before `pos` are a collective noun, not a level: 'Người đứng đầu cơ
    quan, | tổ chức …' goes on the list, 'UBND các xã, | tổ chức thực hiện …' does not."""
    words = text[max(start, pos - 30) : pos].split()
    return any(collective_re().fullmatch(last := " ".join(words[-k:])) and not levels_re().fullmatch(last)
               for k in (1, 2) if len(words) >= k)


def line_verb(text: str, pos: int, end: int) -> bool:
    """A capitalised word opening a line after a name is its cell's task when it is a task word or
    a verb the lexicon knows ('Giao Sở Xây dựng' / 'Khảo sát hiện trạng …'), not a head ('Ủy ban')."""
    if task_word_re().match(text, pos, end):
        return True
    word = word_at(text, pos, end, guess=False)
    return word is not None and word[1] == "V" and head_re().match(text, pos, end) is None


def assigns_at(text: str, pos: int, end: int) -> bool:
    """An assignment verb ('Giao', 'Đề nghị', 'Yêu cầu') is the whole word at `pos`, not the start of a
    longer one ('Sở Giao thông vận tải'): it opens another assignment, so a bearer's name read before
    it ends there, and each assignment's phrase reads only up to the next one ('Giao Sở ' x1,200 read
    READ characters from every 'Giao')."""
    m = assign_re().match(text, pos, end)
    return m is not None and word_end(text, pos, end) == m.end("verb")


def compound_at(text: str, verb: re.Match[str], end: int) -> bool:
    """The assignment verb matched is only the first syllable of a longer word of the dictionary, in
    lowercase: 'giao ban' (a briefing), 'giao lưu', 'giao thông' assign nothing; 'Giao Ban Quản lý
    dự án …' names a body after the verb."""
    gap = SPACES.match(text, verb.end("verb"), end)
    nxt = gap.end() if gap else verb.end("verb")
    if not text[nxt : nxt + 1].islower():
        return False  # a name follows (asked first: the lexicon is read only before a lowercase word)
    word = word_at(text, verb.start("verb"), end, guess=False)
    return word is not None and word[0] > verb.end("verb")


def adverb_at(text: str, pos: int, end: int) -> bool:
    """The lexicon tags the word at `pos` as an adverb or adjective ('Khẩn trương', 'Kịp thời')."""
    word = word_at(text, pos, end, guess=False)
    return word is not None and word[1] in ("A", "R")


def word_end(text: str, pos: int, end: int) -> int | None:
    word = word_at(text, pos, end, guess=False)
    return word[0] if word else None


def ends_capitalised(text: str, a: int, b: int) -> bool:
    """Whether the last word of text[a:b] opens with a capital ('Sở Xây' → the name goes on) or is a
    level noun ('Công an tỉnh' → 'Đắk Nông', whatever the lexicon tags it, is the level's name)."""
    words = text[a:b].split()
    return bool(words) and (words[-1][:1].isupper()
                            or any(levels_re().fullmatch(" ".join(words[-k:])) for k in (1, 2) if len(words) >= k))


def relative_end(text: str, verb: int, end: int) -> int | None:
    """Where the predicate starts when the verb phrase at `verb` is a relative clause inside the
    subject: a sure predicate marker follows within a few words, with no comma or body between
    ('Các đơn vị được giao nhiệm vụ | có trách nhiệm …', 'đơn vị quản lý công trình | phải …')."""
    if causative_re().match(text, verb, end) or signing_re().match(text, verb, end):
        return None  # 'Chỉ đạo …', 'Chủ tịch UBND tỉnh | ký ban hành …' open the predicate
    first = word_at(text, verb, end)
    if first is None:
        return None
    relative = text[verb : first[0]].lower() in RELATIVE
    if not relative and first[1] == "V" and text[verb : first[0]].lower() not in PREDICATE_VERBS \
            and not task_word_re().match(text, verb, end) and not not_duty_re().match(text, verb, end) \
            and (task := task_after(text, first[0], end)):
        return task  # a verb that is no task inside the name: 'các doanh nghiệp viễn thông | triển khai …'
    if not relative:
        gap = SPACES.match(text, first[0], end)
        obj = word_at(text, gap.end() if gap else first[0], end)
        if obj is None or obj[1] not in NOUNISH:
            return None  # 'Sở X tiếp tục chủ trì …': the predicate starts at 'tiếp tục'
    i, words = first[0], 1
    while i < end and words <= RELATIVE_WORDS:
        gap = SPACES.match(text, i, end)
        i = gap.end() if gap else i
        if i < end and text[i] == "," and (after := SPACES.match(text, i + 1, end)) and head_at(text, after.end(), end):
            i = after.end()  # '… thuộc diện Bộ Chính trị, Ban Bí thư quản lý phải …'
        if i >= end or not text[i].isalnum():
            return None
        if (m := marker_re().match(text, i, end)) and not m.group().lower().startswith(("cần", "chủ")):
            return i
        w = word_at(text, i, end, guess=False)
        i, words = (w[0] if w else i + 1), words + 1
    return None


def task_after(text: str, pos: int, end: int) -> int | None:
    """Where a task verb of triggers.yaml starts within TASK_WORDS words after `pos`, with only adverbs
    between ('doanh nghiệp viễn thông | nghiêm túc triển khai')."""
    i = pos
    for _ in range(TASK_WORDS):
        gap = SPACES.match(text, i, end)
        i = gap.end() if gap else i
        if i >= end or not text[i].isalpha():
            return None
        if task_verb_re().match(text, i, end):
            return i
        w = word_at(text, i, end, guess=False)
        if w is None or w[1] not in ("A", "R"):
            return None  # a noun or another verb first: 'Các hộ kinh doanh | niêm yết giá công khai'
        i = w[0]
    return None
