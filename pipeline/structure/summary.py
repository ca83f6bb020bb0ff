"""The type line and trích yếu (summary) of a document's header: `KẾ HOẠCH` / `Triển khai …`, the
`V/v …` of a công văn (which the right column of a flattened header may cut through), a Party
type line with its author (`NGHỊ QUYẾT` / `CỦA BỘ CHÍNH TRỊ` / `về …`), and on a scan the summary
whose type line or V/v mark a stamp hid, without the stamp's OCR debris."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..datafiles import load_yaml
from ..model import Span
from ..scanning import scanner
from ..syllables import is_syllable, splits_into_syllables
from ..text import alternation
from .doctypes import by_caps
from .lines import Cell, is_caps
from .number import NUMBER
from .titles import issuing_titles

VV = scanner(r"^(?:V/[vV]|v/v|[Vv]ề việc\b)\s*:?\s*")
_VV_MARK = scanner(r"^(?:V/[vV]|v/v)\s*:?\s*")
_SEPARATOR = scanner(r"^[-–—_=*•.\s]{3,}$|^\*+$")
# first words of a body paragraph: the trích yếu has ended
BODY_START = scanner(
    r"^(?:[-+•]\s*)?(?:Căn\s?cứ|Thực hiện|Triển khai|[Kk]ính\s+gửi|Ngày\s+\d|Trong\b|Tiếp tục|Nhằm|Để\b|Theo\b|Xét\b"
    r"|Qua\b|Sau\b|Hiện nay|Tại\b|Từ\b|Trên cơ sở|Thời gian|Đồng kính gửi)"
)
FIRST_BODY = scanner(r"^(?:Căn\s?cứ|[Kk]ính\s+gửi|Ngày\s+\d|[IVX]+\.\s)")  # kính gửi: OCR
KINH_GUI = scanner(r"^[Kk]ính\s+gửi\b")
ARTICLE = scanner(r"^Điều\s+\d+\s*[.:]")
# the author line of a Party type line (NGHỊ QUYẾT / CỦA BỘ CHÍNH TRỊ / về …): the summary under it is
# in sentence case
AUTHOR_LINE = scanner(r"^CỦA\s")
# words completing a type line: KẾ HOẠCH HÀNH ĐỘNG, THÔNG BÁO KẾT LUẬN, NGHỊ QUYẾT LIÊN TỊCH
TYPE_MODIFIERS = frozenset({"HÀNH ĐỘNG", "KẾT LUẬN", "LIÊN TỊCH", "LIÊN NGÀNH", "TÓM TẮT", "KHẨN"})
# a numbered heading of the body (I. MỤC ĐÍCH, 1. ..., A. ..., Phần I, Chương II): not part of the trích yếu
HEADING_START = scanner(r"^(?:(?:[IVXLC]+|\d{1,2}|[A-Z])[.)]\s|(?:Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC)\s+(?:[IVXLC]+|\d{1,2})\b)")
# the issuing authority printed under the trích yếu of a Quyết định (ỦY BAN NHÂN DÂN TỈNH ...)
AUTHORITY_LINE = scanner(r"^(?:ỦY\s+BAN|UỶ\s+BAN|BAN\s+(?:THƯỜNG\s+VỤ|CHẤP\s+HÀNH)|HỘI\s+ĐỒNG|ĐẢNG\s+UỶ|ĐẢNG\s+ỦY|"
                         + issuing_titles() + r")\b")  # or its holder's title first: titles.yaml


@dataclass(frozen=True)
class Title:
    doc_type: str | None
    title: str | None
    end: int  # where the header block ends


def _type_cell(cell: Cell) -> tuple[str, str] | None:
    """(type name, rest of the cell) when the cell is a type line: KẾ HOẠCH, QUYẾT ĐỊNH ..."""
    if cell.text.rstrip(" *_").endswith(":"):  # QUYẾT ĐỊNH: opens the articles of a decision
        return None
    name = type_lines().get(" ".join(cell.text.strip(" *_").split()))
    return (name, "") if name is not None else None


@cache
def type_lines() -> dict[str, str]:
    """Every type line, the type name of each: KẾ HOẠCH, KẾ HOẠCH LIÊN TỊCH … (a type in capitals, alone or
    with a modifier; the first type in by_caps' order that reads a line names it). One look-up per cell:
    the header's cells were each compared with every type and modifier (a fixed cost of every document)."""
    out: dict[str, str] = {}
    for caps, name in by_caps().items():
        out.setdefault(caps, name)
        for modifier in sorted(TYPE_MODIFIERS):
            out.setdefault(f"{caps} {modifier}", name)
    return out


def first_type_at(head: list[Cell]) -> int | None:
    for c in head[:60]:
        if FIRST_BODY.match(c.text) or ARTICLE.match(c.text):
            break
        if _type_cell(c):
            return c.span.start
    return None


def type_and_title(text: str, head: list[Cell], date_at: int | None, date_end: int = 0,
                    number_end: int | None = None) -> Title:
    for i, c in enumerate(head[:60]):
        if FIRST_BODY.match(c.text) or ARTICLE.match(c.text):
            break  # the body has begun: a type line further on heads an annex (QUY CHẾ after the signature)
        typed = _type_cell(c)
        if typed:
            title, end = _title_after(text, head, i + 1, stop_at=None)
            if title and (vv := _VV_MARK.match(title)) and title[vv.end():]:  # KẾ HOẠCH / V/V HỖ TRỢ …
                title = title[vv.end():]
            return Title(typed[0], title, max(end, c.span.end))
        vv = VV.match(c.text)
        if vv and i < 40:
            first = c.text[vv.end():]
            again = re.search(r"V/[vV]", first)  # a text box read twice: V/v ... V/v ...
            if again:
                first = first[: again.start()]
            stop = date_at if date_at is not None and date_at > c.span.start else None
            if stop is not None and text[text.rfind("\n", 0, stop) + 1 : stop].strip(" |\t*_"):
                stop = None  # the date stands in the right column beside the V/v lines, not under them
            title, end = _title_after(text, head, i + 1, stop_at=stop, first=first,
                                      date=Span(date_at, date_end) if date_at is not None else None)
            return Title("Công văn", title, max(end, c.span.end))
    # no type line nor V/v read (a scan whose stamp hid QUYẾT ĐỊNH): the summary under the place and date, or,
    # the date unread too (`Hà Nội, ngày ( tháng XÔ năm 2025`), under the number and the right column's lines
    if date_at is not None:
        after = next((k for k, c in enumerate(head[:60]) if c.span.start >= date_end), None)
    else:
        after = next((k for k, c in enumerate(head[:60]) if number_end is not None and c.span.start >= number_end
                      and not RIGHT_COLUMN.search(c.text.strip()) and not _PLACE_LINE.search(c.text)), None)
    if after is not None and not (FIRST_BODY.match(head[after].text) or ARTICLE.match(head[after].text)):
        summary = _summary_above_kinh_gui(head, after)
        if summary:
            return Title("Công văn", *summary)
        title, end = _title_after(text, head, after, stop_at=None)
        nxt = next((c.text for c in head if c.span.start > end), "")
        # a summary, not a sentence of the body: the issuing authority or the Căn cứ lines come next
        # (the title comes without its end stop: a sentence of the body ends in one, or opens as the body does)
        if title and not is_caps(title) and not text[:end].rstrip(" *_").endswith(".") and not BODY_START.match(
                head[after].text.strip()) and (
                AUTHORITY_LINE.match(nxt.lstrip("-* ")) or FIRST_BODY.match(nxt)):
            # a summary right above `Kính gửi:` is a công văn's, its V/v unread (a typed document has its type line)
            return Title("Công văn" if KINH_GUI.match(nxt) else None, title, end)
    return Title(None, None, 0)


@cache
def _open_end() -> re.Pattern[str]:
    words = load_yaml(resources.files("pipeline").joinpath("data/summary.yaml").read_text("utf-8"))
    return re.compile(r"(?<!\w)(?:" + alternation(words["open_endings"], r"\s+") + r")$")


# the author's sentence naming the document it issues: `… ban hành Kế hoạch phối hợp … năm 2026, cụ thể như sau:`
_ISSUES = scanner(r"\b(?:ban\s+hành|xây\s+dựng)\s+(?P<type>[^\W\d_]+\s+[^\W\d_]+)\s+(?P<title>[^\W\d_][^.;:\n]{8,300}?)"
                  r"[ \t]*(?:,[ \t]*cụ\s+th[ểêế]|,?[ \t]*như\s+sau|,?[ \t]*với\s+(?:các\s+)?nội\s+dung|:)", re.IGNORECASE)
_ISSUES_REACH = 1500  # the body's opening paragraph(s)


def title_from_body(text: str, start: int, doc_type: str | None) -> str | None:
    """The title an opening sentence gives when the header's is unread (a scan whose title OCR lost):
    `Tổ công tác … ban hành Kế hoạch phối hợp kiểm soát … năm 2026, cụ thể như sau:`, the type
    named being the document's own; not `ban hành Kế hoạch số 12/KH-UBND` (another document)."""
    if doc_type is None:
        return None
    flat = text[start : start + _ISSUES_REACH].replace("\n", " ")
    for m in _ISSUES.finditer(flat):
        title = " ".join(m["title"].split())
        if " ".join(m["type"].split()).lower() == doc_type.lower() and len(title.split()) >= 3 and not re.match(
                r"(?i)số\b", title):
            return title
    return None


# a title line the word processor capitalised that goes on with the day of the document the line above cites
# (`… Nghị định số 178/2024/NĐ-CP` / `Ngày 31/12/2024 của Chính phủ …`); the body's `Ngày 10/11/2025, …` has a comma
_CITED_DAY = scanner(r"^Ngày\s+\d{1,2}(?:\s*/\s*\d{1,2}\s*/\s*\d{4}|\s+tháng\s+\d{1,2}\s+năm\s+\d{4})\s+(?!,)\S")
_SUMMARY_LINES = 6  # a công văn's V/v runs over a few lines at most


def _summary_above_kinh_gui(head: list[Cell], at: int) -> tuple[str, int] | None:
    """(summary, end) when head[at:] is a công văn's V/v without its mark (OCR lost it) right above `Kính
    gửi:`: a few lines in sentence case, whatever the blank lines between them, none of them a sentence
    or a heading of the body (NĐ 30/2020 box 5b: the V/v stands under the number, Kính gửi under it)."""
    lines: list[Cell] = []
    for c in head[at : at + _SUMMARY_LINES + 1]:
        t = c.text.strip()
        if KINH_GUI.match(t):
            break
        if is_caps(t) or BODY_START.match(t) or HEADING_START.match(t) or t.endswith((".", ";", ":")):
            return None
        lines.append(c)
    else:
        return None
    words = [c.text.strip() for c in lines if not _ocr_debris(c.text.strip())]
    if not words or not words[0][:1].isalpha():
        return None
    return " ".join(" ".join(words).split()), lines[-1].span.end


# the right column's lines a flattened header puts between two lines of a công văn's V/v (motto,
# Quốc hiệu, the rule under it, the place and date): skipped when the V/v goes on after them
# a place-and-date line whose day or month OCR could not read (`Hà Nội, ngày ( tháng XÔ năm 2025`)
_PLACE_LINE = scanner(r",\s*ngày\b[^\n]{0,30}\bnăm\s*(?:19|20)\d\d\s*$")
RIGHT_COLUMN = scanner(r"^(?:CỘNG\s+H[OÒ][AÀ]|Độc\s+lập|ĐẢNG\s+CỘNG\s+SẢN|ĐOÀN\s+TNCS|[-–—_=*.\s]{3,}$)"
                          r"|,\s*ngày\b[^\n]*\bnăm\s*(?:19|20)\d\d\s*$")


def _title_after(text: str, head: list[Cell], i: int, stop_at: int | None, first: str = "",
                 date: Span | None = None) -> tuple[str | None, int]:
    """Join the trích yếu lines from head[i] on; returns (title, end offset)."""
    parts = [first.strip()] if first.strip() else []
    vv = bool(parts)  # the V/v of a công văn: the right column may cut through it
    end = head[i - 1].span.end if i > 0 else 0
    caps_mode: bool | None = is_caps(parts[0]) if parts else None
    prev_line = head[i - 1].line if i > 0 else -1
    taken_lines: set[int] = {head[i - 1].line} if i > 0 else set()  # other cells beside the V/v or type cell
    skipped = False  # right-column lines skipped: only a continuation in lower case goes on
    for k in range(i, len(head)):
        c = head[k]
        if c.line in taken_lines:
            continue  # only the first cell of a line belongs to the left column
        t = c.text.strip()
        in_date = date is not None and date.start <= c.span.start < date.end  # `Hà Nội, ngày 20` / `tháng 11 …`
        if vv and (RIGHT_COLUMN.search(t) or in_date or stop_at is not None and c.span.start >= stop_at and not skipped):
            skipped, prev_line = True, c.line
            continue
        if skipped and not (parts and not parts[-1].endswith((".", ";", ":")) and (
                t[:1].islower() or _open_end().search(parts[-1]) and not (BODY_START.match(t) or is_caps(t)))):
            break
        if skipped:  # the V/v goes on under the right column's lines: the rest of it lies after the date too
            stop_at = None
        skipped = False
        if _SEPARATOR.match(t) or HEADING_START.match(t) or (VV.match(t) and parts) or NUMBER.match(t):
            break
        gap = c.line - prev_line > 1  # a blank line before this one
        if caps_mode is None:
            if FIRST_BODY.match(t):
                break
            caps_mode = is_caps(t)
        elif caps_mode:
            if not is_caps(t) and any(ch.isalpha() for ch in t) and all(AUTHOR_LINE.match(p) for p in parts) \
                    and t[:1].islower() and not gap:
                caps_mode = False  # CỦA BỘ CHÍNH TRỊ / về đột phá …
            elif not is_caps(t) and parts and not gap and _lower_tail(t):
                pass  # PHÁT TRIỂN DU LỊCH TỈNH … / giai đoạn 2026 - 2030: the title's last words in lower case
            elif not (is_caps(t) or not any(ch.isalpha() for ch in t)):
                break
            # the authority under a decision's title (CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ...), unless the title
            # line before it asks for a complement (... CỦA / ỦY BAN NHÂN DÂN TỈNH)
            if AUTHORITY_LINE.match(t) and (gap or not re.search(r"(?:\b(?:CỦA|VÀ|VỚI|VỀ|CHO|TẠI)|,)$", parts[-1])):
                break
        else:
            # a stamp read by OCR inside the summary: `(cÏomùmmnfn]`, `[ĐẾN rơm`, or apart from it, words
            # in capitals among lower-case ones (`sản rộn TIN mẽ TỪ CHÍNH PHÙ`: CỔNG THÔNG TIN ĐIỆN TỬ …)
            if _ocr_debris(t) or gap and not t[:1].isupper() and _caps_syllables(t) >= 2:
                prev_line = c.line
                continue
            prev = parts[-1] if parts else ""
            continues = t[:1].islower() or t[:1].isdigit() or t[:1] in "\"“”'(«" or prev.endswith((",", "và", "-", "–"))
            cited_day = not gap and bool(prev) and not prev.endswith((".", ":", ";", ",")) and _CITED_DAY.match(t)
            if BODY_START.match(t) and not cited_day or is_caps(t) and len(t) > 3 or (gap and not continues and not _title_paragraph(
                    head, k, parts)):
                break
            if not continues and prev.endswith((".", ":", ";")) or parts and t.endswith(":"):  # a lead-in of the body
                break
        parts.append(t)
        end = c.span.end
        prev_line = c.line
        taken_lines.add(c.line)
    title = _STRAY.sub(" ", _STAMP.sub("", " ".join(" ".join(parts).split()))).strip(" .;:*_`")
    return title or None, end


def _lower_tail(t: str) -> bool:
    """t, right under a title in capitals, ends it in lower case (`giai đoạn 2026 - 2030`, `(giai đoạn …)`,
    `tuyển dụng công chức năm 2026`): it starts in lower case, is short and no sentence."""
    first = t.lstrip("(")[:1]
    return first.islower() and len(t) <= 80 and not t.endswith((".", ":", ";")) and not _ocr_debris(t)


def _title_paragraph(head: list[Cell], k: int, parts: list[str]) -> bool:
    """head[k], after a blank line, is one more line of a title set with blank lines between its lines
    (`Tổ chức các hoạt động kỷ niệm 80 năm` / `Ngày truyền thống ngành Y tế`): short, unpunctuated, a
    paragraph of its own (a blank line or the body's first words after it), under at most two lines."""
    t = head[k].text.strip()
    if sum(w.isalpha() for w in t.split()) < 3:
        return False  # OCR debris (`. 52`), not words
    if not parts or len(parts) > 2 or len(t) > 120 or t.endswith((".", ":", ";")) or parts[-1].endswith((".", ":", ";")):
        return False
    after = head[k + 1] if k + 1 < len(head) else None
    return after is None or after.line - head[k].line > 1 or bool(BODY_START.match(after.text.strip()))


# a scan's arrival stamp read into the summary's first words (CÔNG VĂN ĐẾN / Số: … / Ngày: … / Chuyển: …):
# `ĐẾN Ngày: PrSYT7A Thi hành kỷ luật …`; and OCR's stray backticks inside words (`đối ` với`, `Phó`Chủ`)
_STAMP = scanner(r"^(?:(?:CÔNG\s+VĂN\s+)?ĐẾN\s+)?(?:(?:Số|Ngày|Chuyển)\s*:\s*[^\s:]*\s+)+(?=[^\W\d_])")
_STRAY = scanner(r"[ \t]*`[ \t]*")
_ODD = scanner(r"[\[\]{}†¬§®©]")
_MIXED = scanner(r"[a-zđà-ỹ]\d+[^\W\d_]")  # Ngạco840L2024: letters, digits, letters
_WORDS = scanner(r"[^\W\d_]+")


def _ocr_debris(t: str) -> bool:
    """A line of OCR debris, not words (a stamp over the summary): odd marks, a word mixing lower-case
    letters and digits (`Ngạco840L2024`; 5G, H5N1, COVID-19 are words), or a short line whose letters
    are mostly in no Vietnamese syllable (capitals abbreviations such as PCI, PAPI count as words)."""
    if _ODD.search(t) or _MIXED.search(t):
        return True
    if len(t) > 30:
        return False  # a summary line, perhaps with its spaces lost (`hợpnhấtđịagiới`)
    words = _WORDS.findall(t)
    letters = sum(len(w) for w in words)
    good = sum(len(w) for w in words if _word(w))
    return good < letters / 2


def _caps_syllables(t: str) -> int:
    """Words in capitals that are Vietnamese syllables (TIN, CHÍNH), not abbreviations (UBND, PCI)."""
    return sum(1 for w in _WORDS.findall(t) if len(w) > 1 and w.isupper() and is_syllable(w))


def _word(w: str) -> bool:
    """A capitals abbreviation (PCI, UBND), or syllables in one case (not `ốốỐốố`)."""
    if len(w) > 1 and w.isupper():
        return True
    return (len(w) == 1 or w[1:].islower()) and splits_into_syllables(w.lower())
