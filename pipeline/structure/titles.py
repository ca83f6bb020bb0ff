"""Titles of office-holders (pipeline/data/titles.yaml), and the patterns built from that one list.

A title is read in four places: alone on a signature line (`PHÓ CHỦ TỊCH`), heading the authority
line under a decision's title (`CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …`), anywhere in a position line of
the signature, and before the body in an annex caption (`của Chủ tịch Ủy ban nhân dân tỉnh`)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .. import text
from ..datafiles import load_yaml
from ..scanning import scanner


@dataclass(frozen=True)
class Title:
    title: str  # CHỦ TỊCH
    issues: bool  # heads the authority line under a decision's title
    named: bool  # part of the issuer's name (THỦ TƯỚNG CHÍNH PHỦ)
    deputy: bool  # PHÓ may precede it


@cache
def _raw() -> dict[str, list]:
    return load_yaml(resources.files("pipeline").joinpath("data/titles.yaml").read_text("utf-8"))


@cache
def titles() -> tuple[Title, ...]:
    return tuple(Title(" ".join(r["title"].split()), bool(r.get("issues")), bool(r.get("named")),
                       bool(r.get("deputy"))) for r in _raw()["titles"])


def alternation(phrases: list[str] | tuple[str, ...]) -> str:
    """The phrases as one group, the longest first, their words apart (CHỦ\\s+TỊCH)."""
    return "(?:" + text.alternation(phrases, r"\s+") + ")"


@cache
def holder_line() -> re.Pattern[str]:
    """A position alone on its line, signing in person: CHỦ TỊCH, PHÓ GIÁM ĐỐC, THỨ TRƯỞNG."""
    every = alternation([t.title for t in titles()])
    deputies = alternation([t.title for t in titles() if t.deputy])
    return scanner(rf"^(?:PHÓ\s+{deputies}|{every})$")


def issuing_titles() -> str:
    """The titles heading the authority line under a decision's title, as a regex group."""
    return alternation([t.title for t in titles() if t.issues])


@cache
def holder() -> re.Pattern[str]:
    """The holder's title before the body on the authority line (CHỦ TỊCH ỦY BAN …): the body issues;
    a title that is part of the issuer's name (THỦ TƯỚNG CHÍNH PHỦ) stays."""
    return scanner(r"^" + alternation([t.title for t in titles() if t.issues and not t.named]) + r"\s+(?=\S)")


@cache
def position_mark() -> re.Pattern[str]:
    """A title or a position word anywhere in a line of capitals: the line is a position."""
    return scanner(alternation([t.title for t in titles()] + list(_raw()["position_words"])) + r"\b")


@cache
def caption_holder() -> re.Pattern[str]:
    """The holder's title, in any case, before the body it heads in running text (`Chủ tịch Ủy ban …`)."""
    kept = alternation([t.title for t in titles() if t.issues and not t.named])
    return scanner(r"^(?i:" + kept + r")\s+(?=[A-ZĐÂĂÊÔƠƯỦỶ])")
