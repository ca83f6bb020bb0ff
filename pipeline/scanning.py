"""Regexes that scan a whole text fast: each is tried only where its first character can stand.

Python's `re` tries a pattern at every position of the text. A pattern that opens with a
lookbehind, an optional group or an alternation of case-insensitive words gets no prefix from the
compiler, so every position runs the pattern's first steps (in the dev corpus: a few regexes of
deadlines and rhythms were a third of extraction). `scanner(pattern, flags)` reads from the parsed
pattern the set of characters a match can start with (a superset of what the pattern accepts, in
any letter case) and gives `re`'s search that set, as `re` does itself for a pattern that opens
with a class: its C loop skips every position whose character is not in the set before running
the pattern. The compiled program is the plain pattern's, so the matches are exactly its matches.

The set is put in the search's info block, which `re` builds but has no syntax for: where that
cannot be done (another Python's `re`), the pattern is compiled as `(?=[first])(?:pattern)`, a
lookahead tested at each position (two to three times slower, same matches). A pattern whose first
character is not bounded (it may match the empty string, or start with `.` or a negated class),
or that opens with a letter or an anchor (`re` already rejects those positions), is compiled as it is."""
from __future__ import annotations

import _sre  # the regex engine under `re`
import re
from functools import cache, lru_cache
from re import _compiler as sre_compile  # type: ignore[attr-defined]  # the compiler of `re` (3.11+)
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]  # the parser of `re` (3.11+)
from typing import Any

_C = sre_parse  # LITERAL, IN, BRANCH … as the parser names them
_CATEGORY = {"CATEGORY_DIGIT": r"\d", "CATEGORY_SPACE": r"\s", "CATEGORY_WORD": r"\w"}


class _Unbounded(Exception):
    """The first character of a match is not a known set."""


@lru_cache(maxsize=1024)
def scanner(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`pattern` compiled so that its search skips the positions where no match can start (see the module doc)."""
    first = first_class(pattern, flags)
    if first is None:
        return re.compile(pattern, flags)
    return searching_from(pattern, int(flags), first) or _guarded(pattern, flags, first)


def first_class(pattern: str, flags: int = 0) -> str | None:
    """The characters a match of `pattern` can start with, as a class read case-insensitively ('[ct]'),
    or None where `scanner` leaves the pattern as it is."""
    try:
        parsed = sre_parse.parse(pattern, flags)
        if _opens_plainly(list(parsed)):
            return None
        pieces, nullable = _first(list(parsed))
    except (_Unbounded, AttributeError, TypeError, ValueError):
        return None
    return None if nullable or not pieces else f"[{''.join(sorted(pieces))}]"


def searching_from(pattern: str, flags: int, first: str) -> re.Pattern[str] | None:
    """`pattern` compiled as `re` compiles it, its search told to start only at a character of `first`
    in any case (an info block naming a charset, as `re` gives a pattern that opens with a class); None
    where this `re` builds its programs otherwise."""
    try:
        parsed = sre_parse.parse(pattern, flags)
        code = sre_compile._code(parsed, flags)
        # the class with each letter in every case `re` folds to it, matched case-sensitively
        cased = "".join(_char(ord(c)) for c in re.findall(f"(?i:{first})", _cased()))
        helper = sre_compile._code(sre_parse.parse(f"{first[:-1]}{cased}]", 0), 0)
        if code[0] is not sre_constants.INFO or helper[0] is not sre_constants.INFO \
                or not helper[2] & sre_constants.SRE_INFO_CHARSET:
            return None
        info = helper[: helper[1] + 1]
        info[3], info[4] = code[3], code[4]  # the pattern's own shortest and longest match
        groups = parsed.state.groupdict
        names: list[str | None] = [None] * parsed.state.groups
        for name, index in groups.items():
            names[index] = name
        compiled: re.Pattern[str] = _sre.compile(pattern, flags | parsed.state.flags, info + code[code[1] + 1 :],
                                                 parsed.state.groups - 1, groups, tuple(names))
        return compiled
    except Exception:  # noqa: BLE001  # another Python's `re` internals: the lookahead does the same
        return None


def _guarded(pattern: str, flags: int, first: str) -> re.Pattern[str]:
    # global flags written in the pattern ('(?i)…') must stay at its start
    lead = _GLOBAL_FLAGS.match(pattern)
    head, body = (pattern[: lead.end()], pattern[lead.end() :]) if lead else ("", pattern)
    return re.compile(rf"{head}(?=(?i:{first}))(?:{body})", flags)


@cache
def _cased() -> str:
    """Every character that has another letter case (the last cased letters of Unicode are below U+1F000)."""
    return "".join(chr(cp) for cp in range(0x1F000) if _sre.unicode_iscased(cp))


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
