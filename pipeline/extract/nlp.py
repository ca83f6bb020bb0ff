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
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..datafiles import load_yaml
from ..model import Span
from ..text import alternation, new_tone_placement
from .actors import DATA, LOWER, vocabulary
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


# ------------------------------------------------------------------ word classes

LEXICON_FILE = "pipeline/pos_tag/models/pos_crf_vlsp2013_20230303/test_output.txt"  # inside underthesea
DICTIONARY_FILE = "corpus/data/Viet74K.txt"  # inside underthesea
MAX_WORD = 4  # syllables in a word
WORD_GAP = re.compile(r"[ \t]+\n?[ \t]*|\n[ \t]*")
SYLLABLE = re.compile(rf"[\w{LOWER}]+")
OPENING_CRF = 32  # characters tagged when the lexicon does not know a clause's first word


def spelled_key(word: str) -> str:
    """A word as the lexicon spells it: lower case, one space between syllables, new tone placement."""
    return new_tone_placement(" ".join(word.lower().split())).replace("lí", "lý").replace("kĩ", "kỹ")


# the same words come again and again (the lexicon's 66,000 tokens are 4,300 words; word_at asks for each
# word of a clause start): each spelled once
word_key = lru_cache(maxsize=1 << 14)(spelled_key)


@cache
def lexicon() -> dict[str, str]:
    """Each known word's most frequent tag: the hand-tagged VLSP 2013 test set that ships with
    underthesea (its own gold column), then pipeline/data/words.yaml for the words of official
    documents it lacks or tags otherwise in that register."""
    from importlib.util import find_spec

    counts: dict[str, dict[str, int]] = {}
    spec = find_spec("underthesea")
    if spec is not None and spec.origin is not None:
        path = Path(spec.origin).parent / LEXICON_FILE
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                parts = line.split("\t")
                if len(parts) == 3 and parts[1].startswith("B-"):
                    tags = counts.setdefault(word_key(parts[0]), {})
                    tags[parts[1][2:]] = tags.get(parts[1][2:], 0) + 1
    out = {w: max(tags, key=tags.__getitem__) for w, tags in counts.items()}
    for tag, words in word_classes().items():
        out.update((word_key(w), tag) for w in words)
    return out


@cache
def words_data() -> dict:
    """pipeline/data/words.yaml: word classes by VLSP tag (capitalised keys) and the word lists of the
    syntax (lowercase keys: verb suffixes, negations, signing formulae, modals of duty)."""
    with open(DATA / "words.yaml", encoding="utf-8") as fh:
        return load_yaml(fh)


def word_classes() -> dict[str, list[str]]:
    return {tag: words for tag, words in words_data().items() if tag[:1].isupper()}


@cache
def verb_suffixes() -> frozenset[str]:
    return frozenset(word_key(w) for w in words_data()["verb_suffixes"])


@lru_cache(maxsize=8192)
def _crf_first(opening: str) -> str | None:
    """The tagger's tag for the first word of an opening (lower-cased, so a capital does not make a name)."""
    doc = parse(opening)
    words = [t for t in doc if t.tag_ != SPACE_TAG] if doc is not None else []
    return words[0].tag_ if words else None


# a clause start is read again for each question asked of it (a quarter of the calls on the dev corpus):
# the same text object, so its hash is kept and the key compares by identity
@lru_cache(maxsize=1 << 14)
def word_at(text: str, pos: int, end: int, guess: bool = True) -> tuple[int, str] | None:
    """The word at `pos` (the longest the lexicon knows, up to four syllables) and its tag: (end, tag).

    A word the lexicon does not know is tagged by underthesea in its opening (`guess`), else 'X'."""
    syllables: list[str] = []
    ends: list[int] = []
    i = pos
    for _ in range(MAX_WORD):
        m = SYLLABLE.match(text, i, end)
        if not m:
            break
        syllables.append(m.group())
        ends.append(m.end())
        gap = WORD_GAP.match(text, ends[-1], end)  # a word wrapped at a line end ('thành\nphố') is one
        if not gap:
            break
        i = gap.end()
    if not syllables:
        return None
    known, words = lexicon(), dictionary()
    for k in range(len(syllables), 0, -1):
        key = word_key(" ".join(syllables[:k]))
        tag = known.get(key)
        if tag is not None:
            return ends[k - 1], tag
        if k > 1 and key in words:
            break  # a word of the dictionary that the lexicon does not tag ('tài nguyên')
    else:
        k = 1
    w_end = ends[k - 1]
    if k > 1 and word_key(syllables[k - 1]) in verb_suffixes():
        return w_end, "V"  # a word of the dictionary the lexicon lacks, made a verb by its suffix: 'số hóa' (-ize)
    if not guess:
        return w_end, "X"
    opening = text[pos : min(end, max(w_end, pos + OPENING_CRF))]
    return w_end, _crf_first(opening[:1].lower() + opening[1:]) or "X"


@cache
def register_words() -> dict[str, str]:
    """The word classes of pipeline/data/words.yaml alone: words of official documents whose class in
    their register is sure ('cân đối', 'bố trí' are verbs there)."""
    return {word_key(w): tag for tag, words in word_classes().items() for w in words}


def verb_in_context(text: str, pos: int, w_end: int, end: int) -> bool:
    """Whether the word text[pos:w_end], which the lexicon calls a verb, is one in its clause: a verb of
    words.yaml, else the tagger's reading of the opening ('Hoạt động …', 'Phát triển …' open topics
    as nouns as often as tasks; the lexicon gives only a word's most frequent class)."""
    key = word_key(text[pos:w_end])
    if register_words().get(key) == "V" or key not in lexicon() and key.rsplit(" ", 1)[-1] in verb_suffixes():
        return True  # a verb of the register, or made one by its suffix ('Số hóa …')
    opening = " ".join(text[pos : min(end, max(w_end, pos + OPENING_CRF))].split())
    return _crf_first(opening[:1].lower() + opening[1:]) == "V"


@cache
def dictionary() -> frozenset[str]:
    """Vietnamese words of more than one syllable (underthesea's Viet74K list), for word boundaries."""
    from importlib.util import find_spec

    spec = find_spec("underthesea")
    path = Path(spec.origin).parent / DICTIONARY_FILE if spec is not None and spec.origin else None
    if path is None or not path.exists():
        return frozenset()
    # 63,000 words, each once: spelled without the memo (it would hold them all)
    return frozenset(spelled_key(w) for w in path.read_text(encoding="utf-8").splitlines() if " " in w.strip())
