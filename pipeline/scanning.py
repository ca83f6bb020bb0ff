"""Regexes that scan a whole text fast: each is tried only where its first character can stand.

Python's `re` tries a pattern at every position of the text. A pattern that opens with a
lookbehind, an optional group or an alternation of case-insensitive words gets no prefix from the
compiler, so every position runs the pattern's first steps (in the dev corpus: a few regexes of
deadlines and rhythms were a third of extraction). `scanner(pattern, flags)` compiles
`(?=[first])(?:pattern)`, where `first` is the set of characters a match can start with, read from
the parsed pattern: one character-class test rejects a position. The class is a superset of what
the pattern accepts (and case-insensitive), so the matches are exactly those of the plain pattern;
a pattern whose first character is not bounded (it may match the empty string, or start with `.`
or a negated class) is compiled as it is."""
from __future__ import annotations

import re
from functools import lru_cache
from re import _parser as sre_parse  # type: ignore[attr-defined]  # the parser of `re` (3.11+)
from typing import Any

_C = sre_parse  # LITERAL, IN, BRANCH … as the parser names them
_CATEGORY = {"CATEGORY_DIGIT": r"\d", "CATEGORY_SPACE": r"\s", "CATEGORY_WORD": r"\w"}


class _Unbounded(Exception):
    """The first character of a match is not a known set."""


@lru_cache(maxsize=1024)
def scanner(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`pattern` compiled with a lookahead of its possible first characters (see the module doc)."""
    try:
        parsed = sre_parse.parse(pattern, flags)
        if _opens_plainly(list(parsed)):
            return re.compile(pattern, flags)
        pieces, nullable = _first(list(parsed))
    except (_Unbounded, AttributeError, TypeError, ValueError):
        return re.compile(pattern, flags)
    if nullable or not pieces:
        return re.compile(pattern, flags)
    # global flags written in the pattern ('(?i)…') must stay at its start
    lead = _GLOBAL_FLAGS.match(pattern)
    head, body = (pattern[: lead.end()], pattern[lead.end() :]) if lead else ("", pattern)
    return re.compile(rf"{head}(?=(?i:[{''.join(sorted(pieces))}]))(?:{body})", flags)


_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


def _opens_plainly(items: list[tuple[Any, Any]]) -> bool:
    """A pattern that opens with a letter or an anchor (`ngày …`, `^…`): `re` already rejects a position
    at its first step (a guard would only add one), and an anchor is only tried where it holds."""
    while items and items[0][0] is _C.SUBPATTERN:
        items = list(items[0][1][-1])
    return bool(items) and items[0][0] in (_C.LITERAL, _C.AT)


def _first(items: list[tuple[Any, Any]]) -> tuple[set[str], bool]:
    """The characters a sequence of parsed items can start with, and whether it can match nothing."""
    out: set[str] = set()
    for op, av in items:
        got, nullable = _first_of(op, av)
        out |= got
        if not nullable:
            return out, False
    return out, True


def _first_of(op: Any, av: Any) -> tuple[set[str], bool]:
    if op is _C.LITERAL:
        return {_char(av)}, False
    if op is _C.IN:
        return _in(av), False
    if op is _C.BRANCH:
        out: set[str] = set()
        nullable = False
        for alternative in av[1]:
            got, empty = _first(list(alternative))
            out |= got
            nullable = nullable or empty
        return out, nullable
    if op is _C.SUBPATTERN:
        return _first(list(av[-1]))
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", None)):
        low, _, body = av
        got, empty = _first(list(body))
        return got, empty or low == 0
    if op is getattr(_C, "ATOMIC_GROUP", None):
        return _first(list(av))
    if op in (_C.ASSERT, _C.ASSERT_NOT, _C.AT):
        return set(), True  # zero width: the next item consumes the first character
    raise _Unbounded(op)


def _in(items: list[tuple[Any, Any]]) -> set[str]:
    out: set[str] = set()
    for op, av in items:
        if op is _C.LITERAL:
            out.add(_char(av))
        elif op is _C.RANGE:
            out.add(f"{_char(av[0])}-{_char(av[1])}")
        elif op is _C.CATEGORY and str(av) in _CATEGORY:
            out.add(_CATEGORY[str(av)])
        else:  # NEGATE, a category outside the three above
            raise _Unbounded(op)
    return out


def _char(code: int) -> str:
    """One character as it may stand inside a character class."""
    return re.escape(chr(code)) if chr(code) not in "-]\\^" else "\\" + chr(code)
