"""A small spaCy layer for Vietnamese: underthesea words and part-of-speech tags in a spaCy Doc.

`spacy.blank("vi")` needs pyvi; this builds the Language from `spacy.blank("xx")` instead, with a
tokenizer that calls underthesea's `pos_tag` once per text: its word segmentation gives the tokens
(multi-syllable words stay one token: 'cán bộ', 'công chức'), its tags become `token.tag_` and,
mapped to Universal POS, `token.pos_`. Each token is a slice of the input, so `token.idx` is its
offset in the text, even where the tagger respelled a word ('hoạ' as 'họa': `skeleton`; the Doc's
user_data["respelled"] says so). A single space between words is the token's trailing space; any
other gap ('\\n', two spaces) is a whitespace token (tag '_SP', pos SPACE), as in spaCy's tokenizers.

spaCy and underthesea are imported on first use (together they take about a second to load).
"""
from __future__ import annotations

import logging
import re
import unicodedata
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from ..errors import VanbanError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

log = logging.getLogger(__name__)

# underthesea's tag set (VLSP) to Universal POS
UPOS = {
    "N": "NOUN", "Nc": "NOUN", "Nu": "NOUN", "Ny": "NOUN", "Nb": "NOUN", "Np": "PROPN",
    "V": "VERB", "Vb": "VERB", "A": "ADJ", "E": "ADP", "C": "CCONJ", "Cc": "CCONJ",
    "P": "PRON", "R": "ADV", "L": "DET", "M": "NUM", "CH": "PUNCT", "I": "INTJ", "T": "PART",
}
SPACE_TAG = "_SP"


class UnalignedWords(VanbanError):
    """The tagger returned a word that cannot be found, in order, in the text it was given."""


def _word_re(word: str) -> re.Pattern[str]:
    """A tagged word in the text: its syllables with any whitespace between them ('cán\\nbộ')."""
    return re.compile(r"\s*".join(re.escape(p) for p in word.split()))


def skeleton(text: str) -> str:
    """The text with each letter's marks dropped, one character for one: underthesea rewrites the
    old tone placement ('hoạ' -> 'họa', 'uỷ' -> 'ủy'), which leaves the letters where they were."""
    return "".join(unicodedata.normalize("NFD", c)[0] for c in text)


def align(text: str, words: list[tuple[str, str]]) -> list[tuple[int, int, bool, str]]:
    """Each tagged word's (start, end, respelled, tag) in `text`, in order: `respelled` when the
    tagger moved its tone marks; UnalignedWords when a word cannot be found."""
    out, pos, bare = [], 0, ""
    for word, tag in words:
        m, respelled = _word_re(word).search(text, pos), False
        if m is None:
            bare = bare or skeleton(text)
            m, respelled = _word_re(skeleton(word)).search(bare, pos), True
        if m is None:
            raise UnalignedWords(f"{word!r} not found after offset {pos} in {text[:60]!r}")
        out.append((m.start(), m.end(), respelled, tag))
        pos = m.end()
    return out


class UndertheseaTokenizer:
    """A spaCy tokenizer: text -> Doc of underthesea words, tagged, with exact offsets."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        from spacy.tokens import Doc
        from underthesea import pos_tag

        words: list[str] = []
        spaces: list[bool] = []
        tags: list[str] = []
        pos = 0

        def gap(upto: int) -> None:
            """The text between the previous token and `upto`: a trailing space or a whitespace token."""
            between = text[pos:upto]
            if not between:
                return
            if between == " " and words:
                spaces[-1] = True
                return
            words.append(between)
            spaces.append(False)
            tags.append(SPACE_TAG)

        respelled = False
        for start, end, moved, tag in align(text, list(pos_tag(text))):
            respelled |= moved
            gap(start)
            words.append(text[start:end])
            spaces.append(False)
            tags.append(tag)
            pos = end
        gap(len(text))
        upos = ["SPACE" if t == SPACE_TAG else UPOS.get(t, "X") for t in tags]
        doc = Doc(self.vocab, words=words, spaces=spaces, tags=tags, pos=upos)
        doc.user_data["respelled"] = respelled  # some word was found by its letters only ('uỷ' as 'ủy')
        return doc


@cache
def language() -> Language:
    """The Vietnamese pipeline: a blank multilingual Language with the underthesea tokenizer."""
    import spacy

    nlp = spacy.blank("xx")
    nlp.tokenizer = UndertheseaTokenizer(nlp.vocab)
    log.debug("spaCy Vietnamese pipeline loaded (underthesea tokenizer)")
    return nlp


@lru_cache(maxsize=4096)
def parse(text: str) -> Doc | None:
    """The tagged Doc of a clause, once per clause (cache); None when the tagger's words do not align."""
    try:
        return language()(text)
    except UnalignedWords as exc:
        log.debug("untagged clause: %s", exc)
        return None
