"""Matching keys for Vietnamese text: case, diacritics (đ included) and tone placement folded."""
from __future__ import annotations

import re
import unicodedata

# old and new tone placement are one word (hoà = hòa, uỷ = ủy); each pair also with a capital first letter
_LOWER_PLACEMENT = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "oè": "òe", "oé": "óe",
                    "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe", "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy"}
_TONE_PLACEMENT = {**_LOWER_PLACEMENT, **{k.capitalize(): v.capitalize() for k, v in _LOWER_PLACEMENT.items()}}
_TONE_RE = re.compile("|".join(_TONE_PLACEMENT))


def new_tone_placement(text: str) -> str:
    """The tone mark on the first vowel of oa/oe/uy, as newer texts write it: Uỷ ban → Ủy ban (case kept)."""
    return _TONE_RE.sub(lambda m: _TONE_PLACEMENT[m.group()], text)


def fold(text: str) -> str:
    """Lower case without any diacritic, đ → d: 'Đào tạo' → 'dao tao' (for search)."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn").lower()


# spellings of one word that differ by one letter (i/y): the same length, so offsets are kept
_SPELLINGS = {"quí": "quý", "Quí": "Quý", "QUÍ": "QUÝ"}
_SPELLING_RE = re.compile("|".join(_SPELLINGS))


def spelling_key(text: str) -> str:
    """`text` with variant spellings written one way (Quí → Quý), character for character.

    The result has the same length as `text`, so a match found in it is a span of `text`."""
    return _SPELLING_RE.sub(lambda m: _SPELLINGS[m.group()], text)


def spaced(phrase: str, gap: str = r"\s*") -> str:
    """A phrase as a regex, its words joined by `gap`: by default any run of spaces or none
    ("chủtrì", "Đảng uỷUBND"); `\\s+` where the words must stand apart (CHỦ\\s+TỊCH)."""
    return gap.join(re.escape(w) for w in phrase.split())


def alternation(phrases: list[str] | tuple[str, ...], gap: str = r"\s*") -> str:
    """The phrases as alternatives of a regex (no group), the longest first (TỔNG CỤC TRƯỞNG before
    CỤC TRƯỞNG), each written by spaced()."""
    return "|".join(spaced(p, gap) for p in sorted(set(phrases), key=len, reverse=True))
