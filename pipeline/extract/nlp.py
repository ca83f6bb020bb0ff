"""Lowercase actors found with Vietnamese part-of-speech tags (underthesea in spaCy), for obligations.

The head lexicon of actors.py knows bodies by their capitalised names ('Sở Nội vụ', 'Các sở, ban,
ngành'). People and members are written in lowercase and have no fixed end: 'cán bộ, công chức cơ
quan chủ động …', 'các đồng chí thành viên Ban Chỉ đạo theo dõi …', 'đoàn viên tích cực tham gia …'.
For a clause that opens with such a noun (pipeline/data/actors.yaml `person_nouns`), a spaCy Matcher
rule over the tagged words (spacy_vi.py) bounds the noun phrase: the person noun, then nouns,
classifiers, proper names and the commas between them, up to the first verb, which opens the action.
Only these candidate clauses are tagged (a cheap regex decides first) and each clause is tagged once
(cache), so extraction keeps its speed.
"""
from __future__ import annotations

import logging
import re
from functools import cache
from typing import TYPE_CHECKING, Any

from ..model import Span
from .actors import LOWER, alternation, vocabulary
from .spacy_vi import SPACE_TAG, parse

if TYPE_CHECKING:
    from spacy.matcher import Matcher
    from spacy.tokens import Doc, Token

log = logging.getLogger(__name__)

NOUN_TAGS = {"N", "Nc", "Nu", "Np", "Ny", "L", "M"}  # nouns, classifiers, names, 'các', numbers
VERB_TAGS = {"V", "R"}  # a verb, or an adverb before it ('tích cực', 'thường xuyên')
MAX_CLAUSE = 240  # characters tagged: the subject and the first verb are near the clause start
MAX_NP_WORDS = 14
PASSIVE = re.compile(r"(?:được|bị)\s+(?!giao\b)|là\s")  # done to them, or what they are ('là đối tượng …')

# The subject rule, token by token: the person noun that candidate_re found (whatever the tagger calls
# it: 'đoàn viên' may come out as V or M), the rest of the noun phrase, then the word opening the action.
SUBJECT: list[dict[str, Any]] = [
    {"_": {"person_head": True}, "OP": "*"},
    {"_": {"np_part": True}, "OP": "*"},
    {"_": {"opens_action": True, "person_head": False}},
]


@cache
def candidate_re() -> re.Pattern[str]:
    """A clause start that names people or members in lowercase: '(các|mỗi|từng) cán bộ, …'."""
    nouns = alternation(vocabulary()["person_nouns"])
    return re.compile(rf"(?i:(?:các|mỗi|từng|toàn\s+thể|tất\s+cả)\s+)?(?:{nouns})(?![{LOWER}])")


def _next_word(token: Token) -> Token | None:
    """The next token that is not whitespace."""
    for nxt in token.doc[token.i + 1 :]:
        if nxt.tag_ != SPACE_TAG:
            return nxt
    return None


def _person_head(token: Token) -> bool:
    """A word within the person noun that candidate_re matched (the Doc's `head_end`, in characters)."""
    return token.idx + len(token.text) <= token.doc._.head_end


def _np_part(token: Token) -> bool:
    """A word of the noun phrase after the person noun, or whitespace, or a comma between nouns."""
    if token.tag_ in NOUN_TAGS or token.tag_ == SPACE_TAG:
        return True
    nxt = _next_word(token)
    return token.tag_ == "CH" and token.text == "," and nxt is not None and nxt.tag_ in NOUN_TAGS


def _opens_action(token: Token) -> bool:
    """A verb or adverb, or an adjective before a verb ('tích cực tham gia')."""
    if token.tag_ in VERB_TAGS:
        return True
    nxt = _next_word(token)
    return token.tag_ == "A" and nxt is not None and nxt.tag_ == "V"


@cache
def subject_matcher() -> Matcher:
    """The spaCy Matcher holding the SUBJECT rule (its token extensions registered once)."""
    from spacy.matcher import Matcher
    from spacy.tokens import Doc, Token

    from .spacy_vi import language

    Doc.set_extension("head_end", default=0, force=True)
    Token.set_extension("person_head", getter=_person_head, force=True)
    Token.set_extension("np_part", getter=_np_part, force=True)
    Token.set_extension("opens_action", getter=_opens_action, force=True)
    matcher = Matcher(language().vocab)
    matcher.add("SUBJECT", [SUBJECT])
    return matcher


def subject_verb(doc: Doc, head_end: int) -> Token | None:
    """The word that opens the action when the SUBJECT rule matches from the clause start, the
    person noun ending at `head_end` (characters)."""
    matcher = subject_matcher()  # first: it registers the extensions
    doc._.head_end = head_end
    verbs = [e - 1 for _, s, e in matcher(doc) if s == 0]
    return doc[min(verbs)] if verbs else None


def lowercase_subject(text: str, start: int, end: int) -> tuple[Span, int] | None:
    """(actor span, action start) when the clause at `start` opens with a lowercase person noun phrase
    followed by a verb: 'cán bộ, công chức cơ quan | chủ động trong việc tham gia …'."""
    head = candidate_re().match(text, start, end)
    if not head:
        return None
    clause = text[start : min(end, start + MAX_CLAUSE)]
    doc = parse(clause)
    if doc is None or doc.user_data["respelled"]:
        return None  # as before the spaCy layer: a clause whose words the tagger respelled is left alone
    verb = subject_verb(doc, head.end() - start)
    if verb is None:
        return None  # a preposition or conjunction before any verb, or no verb: no plain subject
    words_before = [t for t in doc[: verb.i] if t.tag_ != SPACE_TAG]
    if not words_before or len(words_before) > MAX_NP_WORDS or PASSIVE.match(clause, verb.idx):
        return None  # 'cán bộ được tập huấn …', 'Các đồng chí là đối tượng …': no duty
    last = words_before[-1]
    return Span(start, start + last.idx + len(last.text)), start + verb.idx


OPENING = 24  # characters tagged to read a clause's first word (the cost grows with the square of the length)


def opens_with_verb(text: str, start: int, end: int) -> bool:
    """Whether the clause at `start` opens with a verb ('Đưa kết quả …', 'Bố trí kinh phí …'),
    by the tagger: for verbs that the closed list of duty verbs (triggers.yaml) does not hold."""
    clause = text[start : min(end, start + OPENING)]
    if not clause[:1].isupper():
        return False
    doc = parse(" ".join(clause.split()))
    return doc is not None and len(doc) > 0 and doc[0].tag_ == "V"
