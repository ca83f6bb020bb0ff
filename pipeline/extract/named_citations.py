"""Documents cited by name, without a number (ANNOTATION.md: a specific document only).

- laws: `Luật Thực hiện dân chủ ở cơ sở năm 2022`, `Bộ luật Lao động 2019`, `Luật Ngân sách nhà nước`;
  an amending law is one document (`Luật sửa đổi, bổ sung một số điều của Luật X và Luật Y`);
  the Constitution with its year (`Hiến pháp năm 2013`);
- congress and plenum resolutions: `Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng`,
  `Nghị quyết Trung ương 4 khóa XII`;
- well-known documents from the catalogue (data/named_documents.yaml): `Điều lệ Đảng`, `Đề án 06`;
- a project named in quotes where the text carries it out: `triển khai thực hiện Đề án “…”`;
- grounds of the preamble: `Căn cứ Quy chế làm việc của Ban Chấp hành Đảng bộ xã;`.

Generic mentions (`các văn bản pháp luật khác`, `theo quy định`, `phù hợp với Hiến pháp, pháp luật`,
a law still to be drafted: `Xây dựng Luật …`, `dự thảo Luật …`) are left out.

Mentions of one document are given one title (the first written), so that the document counts once.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cache
from importlib import resources

from ..datafiles import load_yaml
from ..model import Citation, Span
from ..structure.dates import make_date
from ..text import fold
from . import citation_patterns as P
from .catalogue import known_law, law_name

UPPER = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"
LETTER = rf"[{UPPER}a-zđà-ỹ]"
WORD = rf"{LETTER}+"
# a name ends before these words
STOP = (
    r"và|các|của|theo|tại|để|đã|được|hiện\s+hành|có\s+liên\s+quan|liên\s+quan|này|năm|số|ngày|trong|với|thì|"
    r"do|cho|khi|từ|đến|nhằm|hướng\s+dẫn|quy\s+định|thi\s+hành|sửa\s+đổi|mới|trình|cùng|là|hoặc|về|đối|"
    r"Luật|Bộ\s+luật|Nghị\s+định|Nghị\s+quyết|Quyết\s+định|Thông\s+tư|Chỉ\s+thị|Kế\s+hoạch|Nghị|Quyết"
)


@cache
def catalogue() -> dict:
    return load_yaml(resources.files("pipeline").joinpath("data/named_documents.yaml").read_text("utf-8"))


def _spaced(words: str) -> str:
    return r"\s*".join(map(re.escape, words.split()))


def law_name_list() -> list[str]:
    """The law names of named_documents.yaml (each entry names its source there)."""
    return [e["name"] for e in catalogue()["law_names"]]


@cache
def law_names() -> frozenset[str]:
    return frozenset(n.lower() for n in law_name_list())


@cache
def law_regex() -> re.Pattern[str]:
    names = sorted(law_name_list(), key=len, reverse=True)
    known = "|".join(_spaced(n) for n in names)
    generic = rf"(?!(?:{STOP}|[Ss]ửa\s+đổi)\b)[{UPPER}]{LETTER}*(?:\s+(?!(?:{STOP})\b){WORD}|,\s(?=[a-zđà-ỹ])(?!(?:{STOP})\b){WORD}){{0,11}}"
    return re.compile(
        rf"""(?<![\w])(?<!dự\sán\s)(?<!dự\sthảo\s)(?<!các\s)(?<!Xây\sdựng\s)(?<!học\s)(?<!Khoa\s)(?<!ngành\s)
        (?P<type>Bộ\s*[lL]uật|Luật)\s*
        (?P<name>(?i:{known})(?!{LETTER})|{generic})
        (?P<year>\s*,?\s*(?:năm\s*)?(?:19|20)\d{{2}}(?!\d))?
        (?P<date>\s*,?\s*ngày\s*{P.DATE})?""",
        re.VERBOSE,
    )


# each word possessive (`++`): with the optional space between words, a long run of letters could
# otherwise be cut into words in every possible way (exponential: make fuzz found it)
CONGRESS = re.compile(
    rf"""(?P<type>Nghị\s*quyết)\s*(?:của\s+)?
    (?P<name>(?:Đại\s*hội|đại\s*hội)(?:\s*{LETTER}++){{0,12}}?\s*lần\s*thứ\s*[IVXL]+(?![\w])
        (?:\s+của\s+Đảng(?!\s*bộ)|\s+Đảng\s*bộ\s+{WORD}(?:\s+{WORD}){{0,2}}(?=[,;.]))?)""",
    re.VERBOSE,
)
PLENUM = re.compile(
    rf"""(?P<type>Nghị\s*quyết)\s+
    (?P<name>(?:Hội\s+nghị\s+)?(?:lần\s+thứ\s+{WORD}\s+)?(?:Ban\s+Chấp\s+hành\s+)?Trung\s+ương(?:\s+Đảng)?
        (?:\s+(?:lần\s+thứ\s+)?\w+)?(?:\s*,?\s+|\s*\(\s*)kh[óo]a\s+[IVXL]+\)?)(?![\w])""",
    re.VERBOSE,
)
# an amending law is one document, whose name holds the laws it amends:
# `Luật Sửa đổi, bổ sung một số điều của Luật Phòng, chống thiên tai và Luật Đê điều ngày 17 tháng 6 năm 2020`
AMENDING = re.compile(
    rf"""(?<!dự\sán\s)(?<!dự\sthảo\s)(?<!các\s)(?<!Xây\sdựng\s)(?P<type>Luật)\s+
    (?P<name>[Ss]ửa\s+đổi,?\s+bổ\s+sung\s+(?:một\s+số\s+điều\s+)?(?:của\s+)?(?:các\s+)?(?:Bộ\s*[lL]uật|Luật)
        \s+{LETTER}[^;.():]{{1,200}}?)
    (?=\s*,?\s*(?:năm\s*)?(?:19|20)\d{{2}}(?!\d)|\s*,?\s*ngày\s*\d|\s*[;.()]|\s*$
       |\s+(?:và\s+các|đã|được|có\s+liên\s+quan|liên\s+quan|có\s+hiệu|quy\s+định|hướng\s+dẫn)\b)
    (?P<year>\s*,?\s*(?:năm\s*)?(?:19|20)\d{{2}}(?!\d))?
    (?P<date>\s*,?\s*ngày\s*{P.DATE})?""",
    re.VERBOSE,
)
# a project or strategy named in quotes, where the text carries it out (not where it is approved,
# which is the subject of a numbered decision, nor where it is still to be drafted)
QUOTED = re.compile(
    r"""(?:(?<=thực\shiện\s)|(?<=triển\skhai\s))(?P<type>Đề\s*án|Chiến\s*lược)\s*["“](?P<name>[^"”]{5,200})["”]"""
)
# the Constitution counts when its year names the edition: `Hiến pháp năm 2013`
CONSTITUTION = re.compile(
    r"""(?P<type>Hiến\s*pháp)(?:\s+nước\s+Cộng\s+hòa\s+xã\s+hội\s+chủ\s+nghĩa\s+Việt\s+Nam)?
    \s*,?\s*năm\s*(?P<year>(?:19|20)\d{2})(?!\d)""",
    re.VERBOSE | re.IGNORECASE,
)
GROUNDS = re.compile(
    r"""(?:^|\n)[ \t]*[-+•]?[ \t]*(?:Căn\s*cứ|Trên\s*cơ\s*sở)\s*
    (?P<type>Quy\s*chế|Chương\s*trình|Kế\s*hoạch|Đề\s*án|Quy\s*định|Chỉ\s*thị|Kết\s*luận|Hướng\s*dẫn|Điều\s*lệ|Nghị\s*quyết)
    (?P<name>\s*+(?!(?:số|này|hiện\s+hành|có\s+liên\s+quan|liên\s+quan|nêu\s+trên|trên|các|pháp\s+luật)\b)[^;.\n]{4,160}(?:\n(?![ \t]*[-+•\n]|[ \t]*Căn)[^;.\n]{1,160}){0,2})""",
    re.VERBOSE,
)


GROUND_CLAUSE = re.compile(
    r",\s+(?=[^,;]{0,60}?\b(?:chủ\s+động|xây\s+dựng|tiến\s+hành|tham\s+mưu|đề\s+nghị|yêu\s+cầu|báo\s+cáo)\b)")


@cache
def known_regex() -> tuple[tuple[re.Pattern[str], dict], ...]:
    out = []
    for doc in catalogue()["documents"]:
        alt = "|".join(_spaced(p) for p in sorted(doc["patterns"], key=len, reverse=True))
        out.append((re.compile(rf"(?<!\w)(?:{alt})(?!\d)"), doc))
    return tuple(out)


def _clean(name: str) -> str:
    return " ".join(name.split()).strip(" ,-–")


def _type_name(word: str) -> str | None:
    return P.type_by_word().get(P.fold_word(" ".join(word.split())))


def _scan(rx: re.Pattern[str], text: str, literals: tuple[str, ...]) -> Iterator[re.Match[str]]:
    """`rx.finditer`, tried only where one of the literals starts (a literal prefilter: str.find is
    much faster than a regex scan over the whole text)."""
    starts: set[int] = set()
    for lit in literals:
        i = text.find(lit)
        while i >= 0:
            starts.add(i)
            i = text.find(lit, i + 1)
    end = -1
    for i in sorted(starts):
        if i >= end and (m := rx.match(text, i)):
            end = m.end()
            yield m


def _laws(text: str) -> Iterator[Citation]:
    for m in [*_scan(AMENDING, text, ("Luật",)), *_scan(law_regex(), text, ("Luật", "Bộ"))]:
        name = _clean(m["name"])
        if not name or (" " not in name and len(name) < 4 and name.lower() not in law_names()):
            continue  # `Luật T`, `Luật Tô`: a name broken by OCR or a line end
        name = law_name(name)  # `Tổ chúc chính quyên địa phương` read by OCR: the catalogue's name
        year = int(re.findall(r"\d{4}", m["year"])[0]) if m["year"] else None
        when = None
        if m["date"]:
            dm = P.DATE_TAIL.match(m["date"])
            if dm:
                when = make_date(dm["y"] or dm["ly"], dm["m"] or dm["lm"], dm["d"] or dm["ld"])
        kind = "Bộ luật" if m["type"].startswith("Bộ") else "Luật"
        yield Citation(Span(m.start(), m.end()), kind, None, issued_date=when, title=name,
                       year=year or (when.year if when else None), rule="named-law")


def _congress(text: str) -> Iterator[Citation]:
    for rx, rule in ((CONGRESS, "named-congress"), (PLENUM, "named-plenum")):
        for m in _scan(rx, text, ("Nghị",)):
            yield Citation(Span(m.start(), m.end()), "Nghị quyết", None, title=_clean(m["name"]), rule=rule)


def _constitution(text: str) -> Iterator[Citation]:
    for m in _scan(CONSTITUTION, text, ("Hiến", "hiến", "HIẾN")):
        yield Citation(Span(m.start(), m.end()), "Hiến pháp", None, title="Hiến pháp", year=int(m["year"]),
                       rule="named-constitution")


def _quoted(text: str) -> Iterator[Citation]:
    for m in _scan(QUOTED, text, ("Đề", "Chiến")):
        yield Citation(Span(m.start(), m.end()), _type_name(m["type"]), None, title=_clean(m["name"]),
                       rule="named-quoted")


# a body named after a programme: `Ban Chỉ đạo … chuyển đổi số và Đề án 06`, `Tổ công tác Đề án 06`; the
# programme's name is then part of the body's name, not a citation of the document
BODY_OPENER = re.compile(r"(?:Ban\s+[Cc]hỉ\s+đạo|Tổ\s+[Cc]ông\s+tác|Tổ\s+giúp\s+việc|Cơ\s+quan\s+thường\s+trực)\b")
_CLAUSE = re.compile(r"\b(?:thực\s+hiện|triển\s+khai|theo|của|tại|đối\s+với|trong)\b")


def in_body_name(text: str, start: int) -> bool:
    """The name starting at `start` ends the name of a body: `Ban Chỉ đạo phát triển …, chuyển đổi số và `."""
    window = text[max(0, start - 200) : start]
    openers = list(BODY_OPENER.finditer(window))
    if not openers:
        return False
    between = window[openers[-1].end() :]
    return (not re.search(r"[.;:()]|\n[ \t]*\n", between) and not _CLAUSE.search(between)
            and re.search(r"(?:\bvà|,|\s)\s*$", between) is not None)


def _known(text: str) -> Iterator[Citation]:
    for rx, doc in known_regex():
        for m in _scan(rx, text, tuple({p.split()[0] for p in doc["patterns"]})):
            if doc["type"] == "Đề án" and in_body_name(text, m.start()):
                continue
            yield Citation(Span(m.start(), m.end()), doc["type"], None, title=doc["title"],
                           year=doc.get("year"), rule="named-catalogue")


def _grounds(text: str) -> Iterator[Citation]:
    for m in GROUNDS.finditer(text):
        # the ground's name ends where a clause of its own begins: `Căn cứ Kế hoạch của Ban Chỉ đạo tỉnh, các
        # đơn vị chủ động xây dựng …`
        raw = GROUND_CLAUSE.split(m["name"], maxsplit=1)[0].rstrip(" ,-–")
        name = _clean(raw)
        if P.number_regex().search(name) or len(name) < 4:
            continue
        if re.match(r"^của\s", name) and not re.search(r"\b(?:về|V/v|thực\s+hiện|triển\s+khai)\b", name):
            continue  # `Kế hoạch của Ban Chỉ đạo`: whose plan, not which one
        start = m.start("type")
        yield Citation(Span(start, m.start("name") + len(raw)), _type_name(m["type"]), None, title=name,
                       rule="named-grounds")


def _key(c: Citation) -> str:
    """One document, however its name is spaced or glued: `Đại hội Đảng bộxã lần thứI` = `… bộ xã lần thứ I`."""
    title = (c.title or "").lower().replace("đại biểu", "").replace("của đảng", "")
    return (c.doc_type or "") + re.sub(r"[\W_]+", "", title)


def _cut_names_completed(found: list[Citation]) -> list[Citation]:
    """A law's name cut short (`Luật Ban hành văn bản`, `Luật Tổ chức chính quyên địa` at a line end or OCR
    debris) is the law of the same document whose name it begins, when it is no law's name itself
    (`Luật Đầu tư` is not `Luật Đầu tư công`)."""
    begins: dict[tuple[str, ...], str] = {}  # every beginning of a law's name in the document → that name
    for title in dict.fromkeys(c.title for c in found if c.rule == "named-law" and c.title):
        words = tuple(fold(title).split())
        for k in range(1, len(words)):
            begins.setdefault(words[:k], title)
    out = []
    for c in found:
        if c.rule == "named-law" and c.title and not known_law(c.title):
            longer = begins.get(tuple(fold(c.title).split()))
            if longer:
                c = replace(c, title=longer)
        out.append(c)
    return out


def find_named(text: str, numbered: list[Citation]) -> Iterator[Citation]:
    """Documents cited by name, outside the spans of numbered citations; one title per document."""
    numbered_spans = sorted(c.span for c in numbered)
    numbered_starts = [sp.start for sp in numbered_spans]
    taken_end = -1
    found: list[Citation] = []
    for c in sorted([*_known(text), *_quoted(text), *_constitution(text), *_congress(text), *_laws(text),
                     *_grounds(text)],
                    key=lambda c: (c.span.start, -c.span.end)):
        i = bisect.bisect_left(numbered_starts, c.span.end)
        if c.span.start < taken_end or any(sp.end > c.span.start for sp in numbered_spans[max(0, i - 3) : i]):
            continue  # inside another name, or overlapping a number (`Luật ... số 62/2020/QH14`)
        taken_end = c.span.end
        found.append(c)
    found = _cut_names_completed(found)
    first: dict[str, Citation] = {}
    years: dict[str, list[int]] = {}
    for c in found:
        base = _key(c)
        first.setdefault(base, c)
        if c.year:
            years.setdefault(base, []).append(c.year)
    for c in found:
        base = _key(c)
        head = first[base]
        year = c.year or (years[base][0] if base in years else None)
        yield replace(c, title=head.title, year=year)
