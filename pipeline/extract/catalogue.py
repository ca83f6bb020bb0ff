"""The catalogue of laws and symbols (data/laws.yaml, data/symbols.yaml): OCR'd law names matched to
their real names, symbols cut short completed.

A name is compared syllable by syllable (an edit distance over syllables): a syllable whose letters
agree but whose tone or vowel mark differs (`chúc` / `chức`, `quyên` / `quyền`) costs half, a stray
one-letter syllable (`Tó Ổ chức`) half, any other change one. A name matches when its distance to one
catalogue name is small for its length and clearly smaller than to any other (never a near tie).

Every edition, symbol and sole issuer of the data files names its source (a corpus file with the quoted
phrase, or a public page), checked by tests/test_catalogue.py; an entry without one is left out."""
from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from ..datafiles import load_yaml
from ..text import fold, new_tone_placement


def _load(name: str) -> Any:
    return load_yaml(resources.files("pipeline").joinpath(f"data/{name}").read_text("utf-8"))


@cache
def laws() -> tuple[dict, ...]:
    return tuple(_load("laws.yaml"))


def _syllables(name: str) -> tuple[str, ...]:
    text = new_tone_placement(unicodedata.normalize("NFC", name).lower())
    return tuple(re.findall(r"\w+", text))


@cache
def _names() -> dict[tuple[str, ...], str]:
    """Syllables of every known name and alias → the canonical name."""
    out: dict[tuple[str, ...], str] = {}
    for law in laws():
        out[_syllables(law["name"])] = law["name"]
        for alias in law.get("aliases") or ():
            out[_syllables(alias["name"])] = law["name"]
    for entry in _load("named_documents.yaml")["law_names"]:
        out.setdefault(_syllables(entry["name"]), entry["name"])
    return out


@cache
def _known_syllables() -> frozenset[str]:
    return frozenset(x for k in _names() for x in k)


_fold = lru_cache(maxsize=1 << 16)(fold)  # per syllable: the DP below asks for the same ones again and again


def _cost(a: str, b: str) -> float:
    if a == b:
        return 0.0
    if _fold(a) == _fold(b):
        return 0.5
    return 1.0


def distance(a: tuple[str, ...], b: tuple[str, ...], cap: float = float("inf")) -> float:
    """Edit distance over syllables (see the module docstring); anything above `cap` is returned as
    `inf` as soon as a whole row of the table is above it (the distance can only grow)."""
    prev = [0.0]
    for s in b:
        prev.append(prev[-1] + (0.5 if len(s) == 1 else 1.0))
    for x in a:
        cur = [prev[0] + (0.5 if len(x) == 1 else 1.0)]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + (0.5 if len(x) == 1 else 1.0), cur[j - 1] + (0.5 if len(y) == 1 else 1.0),
                           prev[j - 1] + _cost(x, y)))
        if min(cur) > cap:
            return float("inf")
        prev = cur
    return prev[-1]


@lru_cache(maxsize=4096)
def canonical_law(name: str) -> str | None:
    """The catalogue's name for a law name as read (`Tổ chúc chính quyên địa phương` → `Tổ chức chính quyền
    địa phương`), or None when no name is close enough or two are equally close."""
    syl = _syllables(name)
    if not syl:
        return None
    names = _names()
    if syl in names:
        return names[syl]
    known = _known_syllables()
    if all(x in known for x in syl):
        return None  # every syllable is one the catalogue's names use: another law, not a misreading
    limit = 0.5 if len(syl) <= 3 else 1.0 if len(syl) <= 6 else 1.5
    # beyond limit + 1 a distance decides nothing: not a match, and not a runner-up close to one
    scored = sorted((distance(syl, k, limit + 1.0), v) for k, v in names.items() if abs(len(k) - len(syl)) <= 2)
    if not scored:
        return None
    best, canon = scored[0]
    runner = next((d for d, v in scored[1:] if v != canon), None)
    if best <= limit and (runner is None or runner - best >= 1.0):
        return canon
    return None


@cache
def _symbols() -> frozenset[str]:
    data = _load("symbols.yaml") or {}
    out = {s["number"] for s in data.get("symbols") or ()}
    for law in laws():
        out.update(e["number"] for e in law["editions"])
    return frozenset(out)


@cache
def sole_issuers() -> dict[str, str]:
    data = _load("symbols.yaml") or {}
    return {code: v["issuer"] for code, v in (data.get("sole_issuers") or {}).items()}


def complete_symbol(number: str, known: frozenset[str] | set[str] = frozenset()) -> str | None:
    """A number whose symbol was cut short after its type code (`60/2021/NĐ`, `77/2015/QH`) completed when
    exactly one symbol of the catalogue, of `known` (the document's own full citations) or of a type
    code's sole issuer (NĐ → NĐ-CP) continues it; None otherwise."""
    candidates = {s for s in (_symbols() | set(known)) if s.startswith(number) and s[len(number) : len(number) + 1]
                  in ("-", *"0123456789")}
    code = number.rsplit("/", 1)[-1]
    if code in sole_issuers():
        candidates.add(f"{number}-{sole_issuers()[code]}")
    return next(iter(candidates)) if len(candidates) == 1 else None


def law_name(name: str) -> str:
    """A law's name as read, or the catalogue's when the reading is a slip (an exact alias is kept as written)."""
    if _syllables(name) in _names():
        return name
    return canonical_law(name) or name


def known_law(name: str) -> bool:
    """The name (or an alias) of a law of the catalogue, as written."""
    return _syllables(name) in _names()
