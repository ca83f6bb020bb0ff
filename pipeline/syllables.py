"""How Vietnamese is this text? The share of its words that are well-formed Vietnamese syllables.

A syllable is an optional onset and a rhyme, with at most one tone mark, and a rhyme ending in a
stop (c, ch, p, t) takes only the sắc or nặng tone. The onsets and rhymes are the standard
description of Quốc ngữ spelling (`pipeline/data/vietnamese-syllables.yaml`), not a word list
from any document. Text from a broken PDF text layer (`uY BAN NgAN`, `phric`, `khơng`), from a
scan read by an English OCR model, or from undecoded TCVN3/VNI bytes (`Céng hoµ`, `Coäng hoaø`)
scores far below real Vietnamese, which scores about 0.9 (abbreviations and foreign names are
the rest).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from .datafiles import load_yaml

# combining tone marks: huyền, sắc, ngã, hỏi, nặng (the circumflex, breve and horn are letters)
TONES = {"\u0300": "huyen", "\u0301": "sac", "\u0303": "nga", "\u0309": "hoi", "\u0323": "nang"}
_WORD = re.compile(r"[^\W\d_]+")
_ABBREVIATION = re.compile("[A-Za-zĐđ]+")


@dataclass(frozen=True)
class Spelling:
    onsets: frozenset[str]
    rhymes: frozenset[str]
    stop_codas: tuple[str, ...]


@cache
def spelling() -> Spelling:
    raw = load_yaml(resources.files("pipeline").joinpath("data/vietnamese-syllables.yaml").read_text("utf-8"))
    rhymes = frozenset(r for line in raw["rhymes"] for r in line.split())
    return Spelling(frozenset(raw["onsets"]), rhymes, tuple(raw["stop_codas"]))


def split_tone(word: str) -> tuple[str, list[str]]:
    """The word in lower case without its tone mark(s), and the tone marks found."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [TONES[ch] for ch in decomposed if ch in TONES]
    bare = "".join(ch for ch in decomposed if ch not in TONES)
    return unicodedata.normalize("NFC", bare), tones


@cache
def is_syllable(word: str) -> bool:
    """True for a well-formed Vietnamese syllable (any case, with or without its tone)."""
    bare, tones = split_tone(word)
    if len(tones) > 1 or not bare:
        return False
    sp = spelling()
    for cut in range(min(3, len(bare)), -1, -1):
        onset, rhyme = bare[:cut], bare[cut:]
        if cut and onset not in sp.onsets:
            continue
        if onset == "q" or (onset == "qu" and rhyme.startswith("u")):
            continue  # q is only written as qu
        if not rhyme and onset == "gi":
            rhyme = "i"  # gì, gìn: the i of gi is also the vowel
        if rhyme not in sp.rhymes:
            continue
        if tones and rhyme.endswith(sp.stop_codas) and tones[0] not in ("sac", "nang"):
            continue
        return True
    return False


MAX_SYLLABLE = 7  # letters in the longest syllable (nghiêng)


@lru_cache(maxsize=1 << 16)
def splits_into_syllables(word: str) -> bool:
    """The word is one or more well-formed syllables written together (`chứngviên`: spaces lost)."""
    ok = [True] + [False] * len(word)  # ok[i]: word[:i] splits into syllables
    for i in range(1, len(word) + 1):
        ok[i] = any(ok[j] and is_syllable(word[j:i]) for j in range(max(0, i - MAX_SYLLABLE), i))
    return ok[-1]


@dataclass(frozen=True)
class Quality:
    words: int  # alphabetic words counted
    valid: int  # of which well-formed syllables

    @property
    def score(self) -> float:
        return self.valid / self.words if self.words else 0.0


def measure(text: str) -> Quality:
    """Count words and well-formed syllables (in lower, title or upper case: `CéNG` is not one).
    Abbreviations (UBND, QĐ-TTg) and ASCII names that are not syllables are not counted."""
    words = valid = 0
    for match in _WORD.finditer(text):
        word = match.group()
        if len(word) == 1:
            continue  # list labels a), b), đ)
        if is_syllable(word) and (word.islower() or word.isupper() or word.istitle()):
            words += 1
            valid += 1
        elif len(word) <= 6 and sum(ch.isupper() for ch in word) >= 2 and _ABBREVIATION.fullmatch(word):
            continue  # abbreviations: UBND, TTg, HĐND, QĐ
        elif word.isascii() and word[:1].isupper() and word[1:].islower() and len(word) > 1:
            continue  # a foreign or ASCII proper name
        else:
            words += 1
    return Quality(words, valid)


def vietnamese_score(text: str) -> float:
    """Share of counted words that are well-formed Vietnamese syllables (0.0 for no words)."""
    return measure(text).score
