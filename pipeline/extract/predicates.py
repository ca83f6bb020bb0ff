"""What a clause says of its subject: a duty, or not (issue 15, part 3; after noun_phrase.subject_at).

A predicate tells a duty unless it is an account ('đã', 'đang'), a passive ('được', not 'được giao'),
praise or a meeting's own act ('biểu dương', 'kết luận'; a notice or a letter addressed to someone,
'thông báo … đến …', 'có văn bản gửi …', is one), a negation ('không', 'chưa', 'chẳng'), or
a formula of signing or issuing said of a signer ('Cấp trưởng ký các văn bản …', 'Người đứng đầu ban
hành …' state who signs, not a task); a modal of duty before it ('phải', 'có trách nhiệm') makes it
one whatever follows ('Cấp phó phải ký nháy …'). The word classes: pipeline/data/words.yaml.
"""
from __future__ import annotations

import re
from functools import cache

from ..model import Span
from ..text import alternation
from .actors import LOWER, SPACES
from .nlp import word_at, words_data
from .noun_phrase import DETERMINER_RE, compound_at, not_duty_re, signing_re
from .trigger_words import assign_re

ADVERBS = 3  # adverbs read before the predicate's verb: 'cơ bản nhất trí', 'tiếp tục biểu dương'
ADDRESSED = 12  # words after a verb of communicating within which its addressee stands
CLAUSE_END = re.compile(r"[.;:!?]")


@cache
def _words_re(*keys: str) -> re.Pattern[str]:
    return re.compile(rf"(?i:{alternation([w for k in keys for w in words_data()[k]])})(?![{LOWER}])")


def addressed(text: str, action: int, end: int) -> bool:
    """A verb of communicating or issuing (words.yaml addressed_verbs) addressed to someone within
    ADDRESSED words of its clause ('thông báo kết quả đến …', 'có văn bản gửi …', 'có văn bản báo cáo
    …'): a duty; not a letter's formula of informing ('thông báo cho các đơn vị biết') nor a reference
    to a numbered text ('có văn bản số 12 đề nghị …' tells what was sent)."""
    verb = _words_re("addressed_verbs").match(text, action, end)
    if verb is None:
        return False
    stop = CLAUSE_END.search(text, verb.end(), min(end, verb.end() + 20 * ADDRESSED))
    window = " ".join(text[verb.end() : stop.start() if stop else min(end, verb.end() + 20 * ADDRESSED)].split()[:ADDRESSED])
    return _within_re("addressees").search(window) is not None and _within_re("performative_ends").search(window) is None \
        and NUMBERED.search(window) is None


NUMBERED = re.compile(r"(?i)(?<!\w)số\s*\d")


@cache
def _within_re(key: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?i:{alternation(words_data()[key])})(?![{LOWER}])")


def signer(text: str, subject: Span) -> bool:
    """The subject is one who signs: a signer role or office holder of words.yaml ('Cấp trưởng',
    'Chủ tịch UBND tỉnh'), past a determiner."""
    det = DETERMINER_RE.match(text, subject.start, subject.end)
    return _words_re("signers").match(text, det.end() if det else subject.start, subject.end) is not None


def is_duty(text: str, action: int, end: int, asked: bool = False, subject: Span | None = None) -> bool:
    """Whether a predicate tells a duty (see the module). `asked`: the predicate of one an assignment
    verb names, where 'có', 'không' open the act asked ('đề nghị các cơ quan có văn bản báo cáo …').
    `subject`: the clause's own subject, for the formulae of signing."""
    for _ in range(ADVERBS):
        if _words_re("duty_modals").match(text, action, end):
            return True  # 'phải', 'có trách nhiệm': a duty whatever follows ('phải không ngừng …')
        if not asked and _words_re("negations").match(text, action, end):
            return False  # 'Giảng viên không sử dụng …', 'Sở X chưa ban hành …'
        if subject is not None and signing_re().match(text, action, end) and signer(text, subject):
            return False  # 'Cấp trưởng ký các văn bản thuộc thẩm quyền': who signs, not a task
        if addressed(text, action, end):
            return True  # 'Trung tâm thông báo kết quả đến cơ quan cử học viên'
        m = not_duty_re().match(text, action, end)
        if m is not None:
            return not m.group("no") or asked and m.group().lower() in ("có", "không")
        if (verb := assign_re().match(text, action, end)) and not compound_at(text, verb, end):
            return False  # 'Chủ tịch UBND tỉnh giao Sở X …': the bearer is the one assigned
        word = word_at(text, action, end, guess=False)
        if word is None or word[1] not in ("A", "R"):
            return True
        gap = SPACES.match(text, word[0], end)
        action = gap.end() if gap else word[0]
    return True
