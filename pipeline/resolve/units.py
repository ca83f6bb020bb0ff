"""Units (the registry): one unit per body, whatever the spelling, and groups of bodies kept as groups.

A name as the extractor found it (`Đảng uỷUBND xã`, `Công an Tỉnh`, `Văn phòng`, `các sở, ban, ngành`)
becomes a `Unit` with a stable id:
- spelling: Unicode NFC, new tone placement (uỷ = ủy), glued syllables parted (`uỷUBND`, `Uỷban`),
  abbreviations spelt out (UBND, HĐND, MTTQ, BTV, BCH, Sở NN&MT …), spaces, level nouns in lower case
  (`Công an Tỉnh` = `Công an tỉnh`), a bracketed gloss and words after a level noun left out;
- context from the issuer: a bare department (`Văn phòng`, `Ban Tuyên giáo`) is the issuing body's
  (`Văn phòng Tỉnh đoàn`), and a provincial body named without its place is the issuer's province's
  (`Sở Nội vụ` in a document of UBND tỉnh Lâm Đồng is `Sở Nội vụ tỉnh Lâm Đồng`);
- people and things (`Những trường hợp`, `Mỗi thí sinh`, `cán bộ, công chức`) are no unit;
- groups (`các sở, ban, ngành`, `UBND các xã, phường`, `Các huyện, thị, thành đoàn`) are units of kind
  `group`; an office unit file (resolve/office.py) says which of its units belong to which group.
Two names are one unit when their folded spelled-out forms are equal: the id is that form's slug.
The vocabulary is data: pipeline/data/units.yaml."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..datafiles import load_yaml
from ..syllables import is_syllable
from ..text import fold, new_tone_placement

DATA = Path(__file__).resolve().parent.parent / "data"
_LATIN = [chr(c) for r in ((0x41, 0x5B), (0x61, 0x7B), (0xC0, 0x250), (0x1E00, 0x1F00)) for c in range(*r)]
UPPER = "".join(c for c in _LATIN if c.isupper())  # for regex classes: À-Ỹ mixes both cases
LOWER = "".join(c for c in _LATIN if c.islower())
# old tone placement at a word's end only (hoà, uỷ: not the 'oàn' of đoàn)
_OLD_TONES = re.compile(r"(?<![qQ])(?:oà|oá|oả|oã|oạ|oè|oé|oẻ|oẽ|oẹ|uỳ|uý|uỷ|uỹ|uỵ)(?!\w)", re.IGNORECASE)
# 'Tỉnh đoàn', 'Thành ủy', 'Huyện đoàn': a level noun that is part of a body's head
COMPOUND = r"(?!\s+(?:đoàn|ủy|uỷ|đội|hội))"  # and 'xã hội' is no commune


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    kind: str  # body | group


@dataclass(frozen=True)
class Context:
    """What the issuer tells about names: the body speaking, its kind, its place."""

    body: str | None = None  # 'Tỉnh đoàn', 'Đảng ủy xã Công Hải', 'Ủy ban nhân dân tỉnh Lâm Đồng'
    kind: str | None = None  # đoàn | đảng | state
    head: str | None = None  # the body's head: 'Tỉnh đoàn', 'Đảng ủy', 'Ủy ban nhân dân'
    level: str | None = None  # tỉnh | thành phố | xã …
    place: str | None = None  # 'Lâm Đồng'


@cache
def vocabulary() -> dict[str, Any]:
    with open(DATA / "units.yaml", encoding="utf-8") as fh:
        data: dict[str, Any] = load_yaml(fh)
    return data


def slug(name: str) -> str:
    """'Sở Nội vụ' → 'so-noi-vu'."""
    return re.sub(r"[^0-9a-z]+", "-", fold(name)).strip("-") or "x"


def _phrases(items: list[str]) -> str:
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(set(items), key=len, reverse=True))


@cache
def _abbreviations() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w&])(?:{_phrases(list(vocabulary()['abbreviations']))})(?![\w&])")


@cache
def _glued_abbreviation() -> re.Pattern[str]:
    # 'UBNDxã', 'HĐNDtỉnh': an abbreviation glued to the next word
    return re.compile(rf"(?<![\w&])({_phrases(list(vocabulary()['abbreviations']))})(?=[{LOWER}])")


@cache
def _level_re() -> re.Pattern[str]:
    # the level noun of a place ('Công an Tỉnh', 'Sở Nội vụ Tỉnh Lâm Đồng'), not of a head ('Tỉnh đoàn')
    return re.compile(rf"(?<=\S )(?i:({_phrases(vocabulary()['levels'])})){COMPOUND}(?=\s|$|,)")


def _part_word(word: str) -> str:
    """'Uỷban' → 'Uỷ ban', 'bộxã' → 'bộ xã': a word that is no syllable but two glued ones (the second
    starting with a consonant, so that 'Huoai' of a place name stays whole)."""
    if not word.isalpha() or is_syllable(word) or not (word.islower() or word.istitle()) or len(word) < 4:
        return word
    for cut in range(len(word) - 2, 1, -1):
        head, tail = word[:cut], word[cut:]
        if tail[0].lower() not in "aăâeêioôơuưyáàảãạ" and is_syllable(head) and is_syllable(tail):
            return f"{head} {tail}"
    return word


def spell(name: str) -> str:
    """The name spelt out: NFC, new tone placement, syllables parted, abbreviations expanded, spaces."""
    text = _new_tones(unicodedata.normalize("NFC", name))
    text = re.sub(rf"(?<=[{LOWER}])(?=[{UPPER}])", " ", text)  # 'Đảng uỷUBND' → 'Đảng uỷ UBND'
    text = _glued_abbreviation().sub(r"\1 ", text)
    text = re.sub(r"[^\W\d_]+", lambda m: _part_word(m.group()), text)
    abbreviations = vocabulary()["abbreviations"]
    text = _abbreviations().sub(lambda m: abbreviations[" ".join(m.group().split())], text)
    text = _new_tones(text)
    text = re.sub(r"\s+", " ", text).strip(" .,;:-–")
    return _level_re().sub(lambda m: m.group(1).lower(), text)


def _new_tones(text: str) -> str:
    return _OLD_TONES.sub(lambda m: new_tone_placement(m.group()), text)


def issuer_context(issuer: str | None) -> Context:
    """'Ban Thường vụ Tỉnh đoàn' → the body Tỉnh đoàn (đoàn); 'UBND tỉnh Lâm Đồng' → state, tỉnh, Lâm Đồng."""
    if not issuer:
        return Context()
    v = vocabulary()
    body = spell(issuer)
    body = re.sub(rf"^(?:{_phrases(v['leading_organs'])})\s+(?=[{UPPER}])", "", body)
    kind = head = None
    for k, heads in v["body_kinds"].items():
        for h in sorted(heads, key=len, reverse=True):
            if fold(body).startswith(fold(h)):
                kind, head = k, body[: len(h)]
                break
        if kind:
            break
    level = place = None
    if m := re.search(rf"(?:^|\s)((?i:{_phrases(v['levels'])})){COMPOUND}\s+((?:[{UPPER}0-9][\w-]*\s*)+)$", body):
        level, place = m.group(1).lower(), m.group(2).strip()
    return Context(body, kind, head, level, place)


def _is_group(text: str, opened: bool) -> bool:
    v = vocabulary()
    if opened:
        return True
    folded = f" {fold(text)} "
    nouns = {fold(n) for n in v["group_nouns"] + v["levels"]}
    if any(f" {fold(p)} " in folded for p in v["group_inside"]):
        return True
    if any(f" cac {n} " in folded or folded.endswith(f" cac {n} ") for n in nouns):
        return True  # 'Ủy ban nhân dân các xã', not 'Ban Quản lý các khu công nghiệp'

    pieces = [fold(p).strip() for p in re.split(r",|\svà\s", text)[1:]]
    return any(p in nouns or p.split(" ")[0] in nouns for p in pieces if p)


def _with_context(text: str, ctx: Context, group: bool) -> str:
    v = vocabulary()
    if ctx.body and ctx.kind and not group and text in v["departments"].get(ctx.kind, []):
        return f"{text} {ctx.body}"  # 'Văn phòng' of a Tỉnh đoàn plan
    if not ctx.place or not ctx.level:
        return text
    folded = fold(text)
    if ctx.head and folded.endswith(" " + fold(ctx.head)):
        return f"{text} {ctx.level} {ctx.place}"  # 'Văn phòng Đảng ủy' of Đảng ủy xã Công Hải
    if re.search(rf"\s{re.escape(ctx.level)}$", text):
        return f"{text} {ctx.place}"  # 'Công an tỉnh', 'Ủy ban nhân dân xã'
    if fold(text) == fold(ctx.level):
        return f"{ctx.level.capitalize()} {ctx.place}"  # 'Thành phố' in a document of the city
    local = ctx.kind == "state" and ctx.level in ("tỉnh", "thành phố")
    if local and not group and re.match(r"Sở\s", text) and not re.search(_phrases(v["levels"]), text[3:], re.IGNORECASE):
        return f"{text} {ctx.level} {ctx.place}"  # 'Sở Nội vụ' of UBND tỉnh Lâm Đồng
    return text


def resolve_unit(name: str, ctx: Context = Context()) -> Unit | None:
    """The unit a name stands for in a document of the issuer `ctx`; None for a phrase that is no body."""
    v = vocabulary()
    text = spell(name)
    text = re.sub(r"\s*\([^()]*\)\s*$", "", text)  # 'Nhà đầu tư (Tập đoàn Đèo Cả)': the gloss
    text = re.sub(r"^(?:giao|đề nghị|yêu cầu)\s+", "", text, flags=re.IGNORECASE)
    opener = re.match(rf"(?:{_phrases(v['group_openers'])})\s+(?:(?:các\s+)?đồng\s+chí\s+)?", text, re.IGNORECASE)
    opened = bool(opener)
    if opener:
        text = text[opener.end() :]
    text = re.sub(r"^đồng\s+chí\s+", "", text, flags=re.IGNORECASE)
    # words after a level noun are the sentence's, not the name's ('Ủy ban nhân dân thành phố phương án')
    text = re.sub(rf"(\s(?:{_phrases(v['levels'])})){COMPOUND}(?:\s+[{LOWER}][^\s,]*)+$", r"\1", text)
    if not text or not re.match(rf"[{UPPER}{LOWER}]", text):
        return None
    if re.match(rf"(?:{_phrases(v['not_bodies'])})(?![{LOWER}])", text, re.IGNORECASE):
        return None
    group = _is_group(text, opened)
    text = _with_context(text[:1].upper() + text[1:], ctx, group)
    if opened:  # 'các sở, ban, ngành' = 'Các Sở, ban, ngành'; 'Các Ban Chỉ đạo' keeps its capitals
        proper = re.match(rf"\S+\s+[{UPPER}]", text)
        return Unit(slug(text), f"Các {text if proper else text[:1].lower() + text[1:]}", "group")
    return Unit(slug(text), text, "group" if group else "body")


def units_of(record: dict[str, Any], aliases: Mapping[str, Unit] | None = None) -> dict[str, dict[str, str] | None]:
    """Every body a record's obligations name (actors, partners, report_to) → its unit (id, name, kind),
    None for a phrase that is no body. The issuer gives the context; `aliases` (unit id → unit, from the
    office unit file) turn another spelling into the office's unit."""
    ctx = issuer_context((record.get("document") or {}).get("issuer"))
    names = (n for o in record.get("obligations", []) for role in ("actors", "partners", "report_to")
             for n in o.get(role, []))
    out: dict[str, dict[str, str] | None] = {}
    for n in names:
        if n not in out:
            unit = resolve_unit(n, ctx)
            if unit is not None and aliases:
                unit = aliases.get(unit.id, unit)
            out[n] = asdict(unit) if unit else None
    return out


def with_units(records: Iterable[dict[str, Any]], aliases: Mapping[str, Unit] | None = None) -> list[dict[str, Any]]:
    """Copies of `records` carrying `units` (name → unit) for the store."""
    return [{**r, "units": units_of(r, aliases)} for r in records]
