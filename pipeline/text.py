"""Matching keys for Vietnamese text: case, diacritics (đ included) and tone placement folded."""
from __future__ import annotations

import re
import unicodedata

_TONE_PLACEMENT = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "oè": "òe", "oé": "óe",
                   "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe", "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy"}
_TONE_RE = re.compile("|".join(_TONE_PLACEMENT))


def tone_key(text: str) -> str:
    """Lower case, NFC, one tone placement (hoà = hòa, uỷ = ủy), single spaces."""
    text = unicodedata.normalize("NFC", text).lower()
    text = _TONE_RE.sub(lambda m: _TONE_PLACEMENT[m.group()], text)
    return re.sub(r"\s+", " ", text).strip()


def fold(text: str) -> str:
    """Lower case without any diacritic, đ → d: 'Đào tạo' → 'dao tao' (for search)."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn").lower()
