"""Citations of other documents: numbered ones, lists, back-references, and documents cited by name.

Stages, each a plain function over the normalised text:
`find_numbered` (numbers and symbols with the words around them), `find_back_references`
(`Nghị định 30`, `Kế hoạch số 19 nêu trên`), `find_named` (extract/named_citations.py) and
`find_citations`, which runs them all and drops the document's own number.
"""
from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from itertools import accumulate

from ..model import Citation, Header, Span, Structure
from ..structure.dates import make_date
from . import citation_patterns as P
from .catalogue import complete_symbol
from .named_citations import find_named

log = logging.getLogger(__name__)

NUMBER = P.number_regex()
TYPE_BEFORE = P.type_word_regex()
FAR_TYPE = P.far_type_regex()
# a code whose hyphen became a space: `787/QĐ UBND` (checked against the catalogue)
SPACED_ISSUER = re.compile(r"[ ](?P<issuer>[A-ZĐ][A-ZĐ]+)(?!\w)")
# cheap literal test before the regex: every number and symbol holds a slash
PREFILTER = "/"


def _type_from_code(ptype: str | None, code: str, has_year: bool) -> str | None:
    """The type a number's code implies (`NĐ-CP` → Nghị định), by family where a code is shared."""
    pieces = re.split(r"-", code)
    abbr = ptype or pieces[0]
    issuer = pieces[-1] if ptype else (pieces[1] if len(pieces) > 1 else "")
    if "ĐTN" in code:
        family = "youth"
    elif ptype:  # `19-KH/BCĐ`: the hyphen-and-slash shape of Party numbers
        family = "party"
    else:
        family = P.issuer_codes().get(re.sub(r"\d+$", "", issuer), "state")
    if has_year and re.match(r"^(?:UBTV)?QH\d*$", code):
        return "Luật" if code.startswith("QH") else "Nghị quyết"
    candidates = [t for t in P.doc_types() if t.name and abbr in t.abbr]
    for t in candidates:
        if family in t.families:
            return t.name
    if candidates:
        return candidates[0].name
    return "Công văn" if not has_year else None


def _repair_glued(code: str) -> str:
    """`QĐUBND` → `QĐ-UBND`, `NĐCP` → `NĐ-CP` (hyphen lost in PDF text layers), when both parts are known."""
    if "-" in code:
        return code
    for abbr in P.all_abbrs():
        rest = code[len(abbr):]
        if code.startswith(abbr) and rest in P.issuer_codes():
            return f"{abbr}-{rest}"
    return code


def _tail(text: str, pos: int) -> tuple[int, date | None, str | None, str | None]:
    """Date, issuer and subject written after a number: returns (end of the date, date, issuer, subject)."""
    end, when, issuer, subject = pos, None, None, None
    m = P.DATE_TAIL.match(text, pos)
    im = P.ISSUER_TAIL.match(text, m.end() if m else pos)
    if im:
        issuer = " ".join(im["issuer"].split()).rstrip(" -")
        if not m:
            m = P.DATE_TAIL.match(text, im.end())
    if m:
        end = m.end()
        when = make_date(m["y"] or m["ly"], m["m"] or m["lm"], m["d"] or m["ld"])
    after = max(end, im.end() if im else pos)
    sm = P.SUBJECT_TAIL.match(text, after)
    if sm:
        subject = " ".join(sm["subject"].split())
    return end, when, issuer, subject


def find_numbered(text: str) -> Iterator[Citation]:
    """Every number and symbol that names a document, with its type word, date, issuer and subject."""
    if PREFILTER not in text:
        return
    prev: Citation | None = None
    for m in NUMBER.finditer(text):
        if _is_header_number(text, m.start()):
            continue
        window = text[max(0, m.start() - 200) : m.start()]
        tm = TYPE_BEFORE.search(window[-60:])
        code = m["lcode"] or m["pcode"] or m["acode"]
        doc_type: str | None = None
        title = None
        start = m.start()
        worded = False
        if tm:
            doc_type = P.type_by_word().get(P.fold_word(" ".join(tm["type"].split())))
            start = m.start() - len(window[-60:]) + tm.start()
            worded = True
        else:
            fm = FAR_TYPE.search(window)
            if fm:
                doc_type = P.type_by_word().get(P.fold_word(fm["type"]))
                title = " ".join(fm["name"].split()) or None
                start = m.start() - len(window) + fm.start()
                worded = True
            elif prev and prev.span.end <= m.start() and P.LIST_GAP.match(text[prev.span.end : m.start()]):
                # `các Nghị định số 30/2020/NĐ-CP, 31/2020/NĐ-CP`: the list's type word, unless the code says otherwise
                worded = True
                abbr = m["ptype"] or re.split(r"[-–]", code)[0]
                doc_type = prev.doc_type if abbr not in P.all_abbrs() else None
        if m["ptype"] and m["ptype"] not in P.all_abbrs() and not worded:
            continue  # `12-XYZ/ABC`: an unknown type code needs a type word before it
        number_end = m.end()
        if m["pslash"] and "/" not in m["pslash"]:  # OCR lost the slash: `132-KL TW`
            if not (worded and m["pcode"] in P.issuer_codes()):
                continue
            if "/" in text[m.end("n") : m.start("ptype")]:  # `123/KH UBND`: the hyphen was lost
                number = f"{m['n']}/{m['ptype']}-{m['pcode']}"
            else:
                number = f"{m['n']}-{m['ptype']}/{m['pcode']}"
        elif m["acode"] and "-" not in m["acode"].translate(P.DASH_TABLE):
            code = _repair_glued(m["acode"])
            spaced = SPACED_ISSUER.match(text, m.end())
            if code == m["acode"] and code in P.all_abbrs() and spaced and spaced["issuer"] in P.issuer_codes():
                code, number_end = f"{code}-{spaced['issuer']}", spaced.end()  # `787/QĐ UBND`
            if code == m["acode"] and not worded:
                continue  # `12/ABC` with no type word: not enough to call it a document
            number = f"{m['n']}/{code}"
        elif m["lcode"] and "-" not in m["lcode"].translate(P.DASH_TABLE):
            code = _repair_glued(m["lcode"])  # `03/2025/TTVPCP`
            number = f"{m['n']}/{m['year']}/{code}"
        else:
            number = P.normalise_number(m.group(0))
        if doc_type is None or (doc_type in ("Thông tư", "Thông tri") and not tm):
            doc_type = _type_from_code(m["ptype"], P.normalise_number(code), bool(m["year"]))
        end, when, issuer, subject = _tail(text, number_end)
        cite = Citation(
            span=Span(start, max(end, number_end)), doc_type=doc_type, number=number, issued_date=when,
            issuer=issuer, title=subject or title, year=int(m["year"]) if m["year"] else None,
            rule="typed-number" if worded else "bare-number",
        )
        prev = cite
        yield cite


SHORT_REF = re.compile(
    r"""(?P<type>Nghị\s*định|Quyết\s*định|Nghị\s*quyết|Kế\s*hoạch|Chỉ\s*thị|Thông\s*tư|Kết\s*luận|Công\s*văn
        |Hướng\s*dẫn|Quy\s*định|Thông\s*báo|Công\s*điện|Chương\s*trình|Luật|NĐ|QĐ|NQ)
        (?:\s+số)?\s+(?P<n>\d{1,5})(?:\s*/\s*(?P<year>(?:19|20)\d{2}))?(?![\d/\w]|\s*[-–]\s*[A-ZĐ]|\s*/)""",
    re.VERBOSE,
)
# a comma or `và` between two numbers of one list (not a bare space: OCR splits `1711` into `1 711`)
NUMBER_LEAD = re.compile(r"([^-/]*)[-/]")  # a number before its first '-' or '/'
LIST_SEPARATOR = re.compile(r"^\s*(?:,|;|và)\s*(?:số\s*)?$")
POINTER = re.compile(
    r"""(?P<type>Nghị\s*định|Quyết\s*định|Nghị\s*quyết|Kế\s*hoạch|Chỉ\s*thị|Thông\s*tư|Kết\s*luận|Công\s*văn
        |Hướng\s*dẫn|Thông\s*báo|Công\s*điện)\s+(?:nêu\s+trên|nói\s+trên|đã\s+dẫn)""",
    re.VERBOSE,
)


class _Taken:
    """Spans already cited, for 'does [a, b) overlap one?' in logarithmic time."""

    def __init__(self, spans: list[Span]) -> None:
        ordered = sorted((s.start, s.end) for s in spans)
        self.starts = [a for a, _ in ordered]
        self.reach = list(accumulate((b for _, b in ordered), max))  # furthest end among the first k

    def free(self, a: int, b: int) -> bool:
        k = bisect.bisect_left(self.starts, b)
        return k == 0 or self.reach[k - 1] <= a


def find_back_references(text: str, cited: list[Citation]) -> Iterator[Citation]:
    """`Nghị định 30`, `Kế hoạch số 19 nêu trên`, `Nghị định nêu trên` → the full citation they mean;
    `các Kết luận số 187, 188-KL/TW` → 187-KL/TW."""
    numbered = sorted((c for c in cited if c.number), key=lambda c: c.span.start)
    if not numbered:
        return
    taken = _Taken([c.span for c in cited])
    starts = [c.span.start for c in numbered]
    by_number: dict[tuple[str | None, str], list[Citation]] = {}  # (type, number before its first - or /)
    by_type: dict[str | None, list[Citation]] = {}
    for c in numbered:
        lead = NUMBER_LEAD.match(c.number or "")
        if lead:
            by_number.setdefault((c.doc_type, lead[1]), []).append(c)
        by_type.setdefault(c.doc_type, []).append(c)
    type_starts = {kind: [c.span.start for c in cs] for kind, cs in by_type.items()}

    for m in SHORT_REF.finditer(text):
        if not taken.free(m.start(), m.end()):
            continue
        kind = P.type_by_word().get(P.fold_word(" ".join(m["type"].split())))
        same = [c for c in by_number.get((kind, m["n"]), [])
                if not m["year"] or f"/{m['year']}/" in (c.number or "")]
        if same:
            yield replace(same[-1], span=Span(m.start(), m.end()), issued_date=None, rule="back-reference")
            continue
        i = bisect.bisect_left(starts, m.end())
        nxt = numbered[i] if i < len(numbered) else None
        if nxt and nxt.number and not m["year"] and nxt.span.start - m.end() < 12 and LIST_SEPARATOR.match(
            text[m.end() : nxt.span.start]
        ):
            # `các Kết luận số 187, 188-KL/TW`: one code for a list of numbers
            code = re.sub(r"^\d+(?:\.\d+)?[a-zđ]?", "", nxt.number)
            yield Citation(Span(m.start(), m.end()), kind, m["n"] + code, rule="shared-code")
    for m in POINTER.finditer(text):
        kind = P.type_by_word().get(P.fold_word(" ".join(m["type"].split())))
        of_kind = by_type.get(kind, [])
        k = bisect.bisect_left(type_starts.get(kind, []), m.start())  # those starting before the pointer …
        while k > 0 and of_kind[k - 1].span.end > m.start():  # … the last of them ending before it
            k -= 1
        if k > 0 and taken.free(m.start(), m.end()):
            yield replace(of_kind[k - 1], span=Span(m.start(), m.end()), issued_date=None, rule="back-reference")


def _own_number(structure: Structure) -> str:
    return P.normalise_number(structure.header.number or "").upper()


def find_citations(text: str, structure: Structure) -> tuple[Citation, ...]:
    """All citations of other documents in reading order; the document's own number is left out."""
    own = _own_number(structure)
    own_span = structure.header.number_span
    numbered = []
    for c in find_numbered(text):
        if own and (c.number or "").upper() == own:
            continue
        if own_span and c.span.start < own_span.end and own_span.start < c.span.end:
            continue
        if any(c.span.start < r.end and r.start < c.span.end for r in structure.header.self_refs):
            continue  # an annex caption naming the document itself
        numbered.append(c)
    numbered = _completed(numbered)
    titled = _titled(numbered)
    named = [_with_number(c, titled) for c in find_named(text, numbered)]
    found = numbered + named
    found += list(find_back_references(text, found))
    log.debug("%d citations: %d numbered, %d named", len(found), len(numbered), len(named))
    return tuple(sorted(found, key=lambda c: (c.span.start, c.span.end)))


# a symbol cut short after its type code: `60/2021/NĐ`, `77/2015/QH`, `06/QĐ`
CUT = re.compile(r"^\d+[a-zđ]?/(?:(?:19|20)\d\d/)?(?P<code>[A-ZĐ][A-Za-zĐ]*)$")


def _completed(cited: list[Citation]) -> list[Citation]:
    """Cut symbols completed where the catalogue, or the document's own full citations, give one candidate."""
    full = {c.number for c in cited if c.number and not CUT.match(c.number)}
    out = []
    for c in cited:
        m = CUT.match(c.number or "")
        if m and (m["code"] in P.all_abbrs() or m["code"] == "QH"):
            whole = complete_symbol(c.number or "", full)
            if whole:
                c = replace(c, number=whole)
        out.append(c)
    return out


def _name_key(doc_type: str | None, title: str | None) -> tuple[str, str]:
    return doc_type or "", " ".join((title or "").lower().split())


def _titled(numbered: list[Citation]) -> dict[tuple[str, str], list[Citation]]:
    """Numbered citations that carry a title, by (type, title folded to lower case), in order."""
    out: dict[tuple[str, str], list[Citation]] = {}
    for c in numbered:
        if c.rule == "typed-number" and c.title:
            out.setdefault(_name_key(c.doc_type, c.title), []).append(c)
    return out


def _with_number(named: Citation, titled: dict[tuple[str, str], list[Citation]]) -> Citation:
    """`Luật An ninh mạng` after `Luật An ninh mạng số 24/2018/QH14`: the law is one document, known by its
    number (a law's name is unique while in force; a year written with either must agree)."""
    if named.rule != "named-law":
        return named
    for c in titled.get(_name_key(named.doc_type, named.title), []):
        if not named.year or not c.year or named.year == c.year:
            return replace(named, number=c.number, year=c.year or named.year, rule="named-law-numbered")
    return named


# `Số: 123/KH-UBND`, also with OCR debris between the colon and the number (`Số:¿92 /TB-UBND`, `Số:đÓ6 /KH-…`)
HEADER_NUMBER = re.compile(r"(?:^|\n)[ \t|]*Số\s*(?:[:.]?\s*|[:.]\s*[^\s\d/]{1,3})$")


def _is_header_number(text: str, start: int) -> bool:
    """`Số: 123/KH-UBND` at the start of a line is a document's own number (its header, or a
    second header further down, as in a Quyết định that issues a Kế hoạch)."""
    return bool(HEADER_NUMBER.search(text[max(0, start - 20) : start]))


def citations_in(text: str) -> tuple[Citation, ...]:
    """Every citation in a bare text (a sentence, or a text with no header to exclude)."""
    return find_citations(text, Structure(header=Header(), sections=(), sentences=()))


def benchmark(text: str, repeat: int = 3) -> float:
    """Characters of text per second for citation extraction (best of `repeat` runs)."""
    import time

    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        citations_in(text)
        best = min(best, time.perf_counter() - t0)
    return len(text) / best if best > 0 else float("inf")
