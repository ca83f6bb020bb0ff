"""Lowercase actors found with Vietnamese part-of-speech tags (underthesea), for obligations.

The head lexicon of actors.py knows bodies by their capitalised names ('Sở Nội vụ', 'Các sở, ban,
ngành'). People and members are written in lowercase and have no fixed end: 'cán bộ, công chức cơ
quan chủ động …', 'các đồng chí thành viên Ban Chỉ đạo theo dõi …', 'đoàn viên tích cực tham gia …'.
For a clause that opens with such a noun (pipeline/data/actors.yaml `person_nouns`), the tagger
bounds the noun phrase: nouns, classifiers, proper names and the commas between them, up to the
first verb, which opens the action. Only these candidate clauses are tagged (a cheap regex decides
first) and each clause is tagged once (cache), so extraction keeps its speed.
"""
from __future__ import annotations

import logging
import re
from functools import cache, lru_cache

from ..model import Span
from .actors import LOWER, alternation, vocabulary

log = logging.getLogger(__name__)

NOUN_TAGS = {"N", "Nc", "Nu", "Np", "Ny", "L", "M"}  # nouns, classifiers, names, 'các', numbers
VERB_TAGS = {"V", "R"}  # a verb, or an adverb before it ('tích cực', 'thường xuyên')
MAX_CLAUSE = 240  # characters tagged: the subject and the first verb are near the clause start
MAX_NP_WORDS = 14
PASSIVE = re.compile(r"(?:được|bị)\s+(?!giao\b)|là\s")  # done to them, or what they are ('là đối tượng …')


@cache
def candidate_re() -> re.Pattern[str]:
    """A clause start that names people or members in lowercase: '(các|mỗi|từng) cán bộ, …'."""
    nouns = alternation(vocabulary()["person_nouns"])
    return re.compile(rf"(?i:(?:các|mỗi|từng|toàn\s+thể|tất\s+cả)\s+)?(?:{nouns})(?![{LOWER}])")


@lru_cache(maxsize=4096)
def _tags(clause: str) -> tuple[tuple[str, str], ...]:
    from underthesea import pos_tag  # loaded on first use: importing it costs half a second

    return tuple((w, t) for w, t in pos_tag(clause))


def _offsets(clause: str, words: tuple[tuple[str, str], ...]) -> list[tuple[int, int, str]] | None:
    """Each tagged word's (start, end, tag) in the clause; None when a word cannot be found in order."""
    out, pos = [], 0
    for word, tag in words:
        m = re.compile(r"\s*".join(re.escape(p) for p in word.split())).search(clause, pos)
        if m is None:
            return None
        out.append((m.start(), m.end(), tag))
        pos = m.end()
    return out


def lowercase_subject(text: str, start: int, end: int) -> tuple[Span, int] | None:
    """(actor span, action start) when the clause at `start` opens with a lowercase person noun phrase
    followed by a verb: 'cán bộ, công chức cơ quan | chủ động trong việc tham gia …'."""
    head = candidate_re().match(text, start, end)
    if not head:
        return None
    clause = text[start : min(end, start + MAX_CLAUSE)]
    words = _offsets(clause, _tags(clause))
    if not words:
        return None
    np_end = None
    for k, (a, b, tag) in enumerate(words):
        if b <= head.end() - start:  # the person noun itself, whatever the tagger says ('đoàn viên' as V)
            np_end = b
            continue
        nxt = words[k + 1][2] if k + 1 < len(words) else ""
        if tag in VERB_TAGS or tag == "A" and nxt == "V":  # 'tích cực tham gia'
            if np_end is None or k > MAX_NP_WORDS or PASSIVE.match(clause, a):
                return None  # 'cán bộ được tập huấn …', 'Các đồng chí là đối tượng …': no duty
            return Span(start, start + np_end), start + a
        if tag in NOUN_TAGS:
            np_end = b
        elif tag == "CH" and clause[a:b] == "," and nxt in NOUN_TAGS:
            continue  # 'cán bộ, công chức': a list of nouns
        else:
            return None  # a preposition or conjunction before any verb: no plain subject
    return None


OPENING = 24  # characters tagged to read a clause's first word (the cost grows with the square of the length)


def opens_with_verb(text: str, start: int, end: int) -> bool:
    """Whether the clause at `start` opens with a verb ('Đưa kết quả …', 'Bố trí kinh phí …'),
    by the tagger: for verbs that the closed list of duty verbs (triggers.yaml) does not hold."""
    clause = text[start : min(end, start + OPENING)]
    if not clause[:1].isupper():
        return False
    words = _tags(" ".join(clause.split()))
    return bool(words) and words[0][1] == "V"
