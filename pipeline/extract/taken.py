"""What the triggers found so far in one sentence have taken (triggers.find_triggers): the regions
their actors stand in, and where their actions start.

Each question is a bisection over sorted offsets, not a pass over every trigger found before: a
unit of thousands of duties ('Sở Nội vụ chủ trì; ' x2,400, 67 kB) asked each new one against all
the earlier ones (1.6 s; 6.3 s at twice the length), and cut a slice of the text for each pair.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort

BREAK = re.compile(r"[.;]")  # what ends an action's clause: a duty after it is no part of that action


class Regions:
    """Regions [start, end) of the text, and whether a new one overlaps any of them."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []  # in the order of _starts
        self._longest = 0

    def free(self, a: int, b: int) -> bool:
        """No region overlaps [a, b) (one may touch it). Only the regions starting within the longest
        region's length before `a`, and before `b`, can reach it."""
        lo = bisect_right(self._starts, a - self._longest)
        hi = bisect_left(self._starts, b)
        return all(self._ends[k] <= a for k in range(lo, hi))

    def add(self, a: int, b: int) -> None:
        k = bisect_right(self._starts, a)
        self._starts.insert(k, a)
        self._ends.insert(k, b)
        self._longest = max(self._longest, b - a)


class Actions:
    """Where the actions of the triggers found start, in the text of one sentence `span`."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self._text, self._start, self._end = text, start, end
        self._at: list[int] = []
        self._breaks: list[int] | None = None  # every '.' and ';' of the sentence, found once when asked

    def add(self, action: int) -> None:
        insort(self._at, action)

    def within(self, pos: int, own: int | None = None) -> bool:
        """An action starts at or before `pos` with no '.' or ';' from it to `pos`: `pos` stands
        inside that action ('X chủ trì, phối hợp Y tham mưu …'). `own`: the asking trigger's own
        action, not counted."""
        if self._breaks is None:
            self._breaks = [m.start() for m in BREAK.finditer(self._text, self._start, self._end)]
        k = bisect_left(self._breaks, pos)
        last = self._breaks[k - 1] if k else -1  # the last break before pos
        count = bisect_right(self._at, pos) - bisect_right(self._at, last)
        if own is not None and last < own <= pos:
            count -= 1
        return count > 0
