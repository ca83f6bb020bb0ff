"""Header fields of a Vietnamese official document.

Reads the first page (issuer block, number, place and date, type line and trích yếu, or the
`V/v` line of a công văn) and the signature block (authority, position, signer, Nơi nhận).
Works on lines and column cells, so a header flattened column after column, interleaved line by
line, or laid out as a table comes out the same. Blank numbers and days (drafts) give None.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import date

from ..model import Document, Header, Span, overlaps
from ..scanning import scanner
from .annex import find_annex, find_caption
from .dates import make_date
from .issuer import issuer_block, issuer_from_text, issuer_of_holder
from .lines import cells
from .number import SO_LINE, cong_van, number_key, read_number, type_from_symbol
from .signature import find_signature
from .summary import AUTHORITY_LINE, first_type_at, title_from_body, type_and_title

log = logging.getLogger(__name__)

HEAD_LIMIT = 4000  # the first page: where the header fields are looked for

# ------------------------------------------------------------------ place and date

# the first line of the body: no header field lies after it
BODY_LINE = scanner(r"^[ \t]*(?:Căn\s?cứ|[Kk]ính\s+gửi|Thực hiện|Triển khai)\b", re.MULTILINE)

_DAY_GAP = r"[\s.…_/]*"
# place words are separated by a non-empty gap: an optional one would backtrack through every split
PLACE_DATE = scanner(
    rf"""(?P<place>[^\W\d_]+(?:(?:[ \t]+|[ \t]*\n[ \t]*)[^\W\d_]+){{0,7}}) \s* , \s*
        ng[àa][yv] (?: {_DAY_GAP} (?P<d>\d{{1,2}})? {_DAY_GAP} tháng {_DAY_GAP} (?P<m>\d{{1,2}})? {_DAY_GAP}
        n[ăằắaá]m \s* (?P<y>(?:19|20)\d\d)   # ngàv, nằm: OCR slips
          | [ \t]* (?P<nd>\d{{1,2}}) [ \t]*/[ \t]* (?P<nm>\d{{1,2}}) [ \t]*/[ \t]* (?P<ny>(?:19|20)\d\d) )  # ngày 05/3/2025""",
    re.VERBOSE,
)
# literal prefilter: PLACE_DATE is only tried just before a `, ngày` (trying it at every word is slow)
_COMMA_NGAY = scanner(r",\s*ng[àa][yv]")
_PLACE_REACH = 120  # eight words of a place name, with spaces and a line break
_DATE_REACH = 80  # ` 05 tháng 01 năm 2020` after `, ngày`, with the gaps of a hand-filled draft


def _place_dates(text: str, end: int) -> Iterator[re.Match[str]]:
    """PLACE_DATE matches in text[:end], in order."""
    last = 0
    for comma in _COMMA_NGAY.finditer(text, 0, end):
        m = PLACE_DATE.search(text, max(last, comma.start() - _PLACE_REACH), min(end, comma.end() + _DATE_REACH))
        if m and m.start() <= comma.start() < m.end():
            last = m.end()
            yield m


def parse_header(doc: Document) -> Header:
    text = doc.text
    limit = min(len(text), HEAD_LIMIT)
    head = cells(text, 0, limit)

    number, number_span, symbol, num_at = read_number(text, limit)
    place, issued, date_at, date_end = _place_date(text, limit)
    # digits OCR may have guessed (a handwritten number or day, read/confidence.py): null, not a guess
    doubted_number = bool(number_span and overlaps(doc.uncertain, number_span))
    if doubted_number:
        number, number_span = None, None
    doubted_date = bool(issued and date_at is not None and overlaps(doc.uncertain, Span(date_at, date_end)))
    if doubted_date:
        issued = None
    so_line = SO_LINE.search(text, 0, limit) if num_at is None else None  # Số: 309 ®CA-C04, unread
    number_at = num_at if num_at is not None else so_line.start() if so_line else None
    number_end = text.find("\n", number_at) % (len(text) + 1) if number_at is not None else None  # its line's end
    titled = type_and_title(text, head, date_at, date_end, number_end)
    doc_type = titled.doc_type or type_from_symbol(symbol) or cong_van(number)

    marks = [p for p in (num_at, date_at, first_type_at(head), so_line and so_line.start()) if p is not None]
    sig = find_signature(text, max(titled.end, date_end, 0))
    # the issuer block ends at the first of Số, the date, the type line; when the motto column comes
    # first (a reader emitting the right column before the left one), look up to the next mark
    issuer, parents = next((b for b in (issuer_block(text, end) for end in sorted(marks)) if b[0]), (None, ()))
    body_start = max(titled.end, date_end)
    skip = re.compile(r"\s*(?:[-–—_=*•.]{3,}|\*+)?[ \t|]*(?=\n|$)")  # rules, stars, empty cells under the title
    while (m := skip.match(text, body_start)) and m.end() > body_start:
        body_start = m.end()
    body_end = sig.start if sig.start is not None and sig.start > body_start else len(text)
    tail = max(body_end, sig.recipients_span.end if sig.recipients_span else 0)
    annex = find_annex(text, tail) if body_end < len(text) else None
    # a web copy without a header block: the annex caption names the document (never a guess otherwise)
    caption = find_caption(text, tail) if body_end < len(text) else None
    self_refs: tuple[Span, ...] = ()
    if caption and caption.doc_type == (doc_type or caption.doc_type) and (
        number is None or number_key(number) == number_key(caption.number)
    ):
        self_refs = (caption.span,)
        if num_at is None:
            number, number_span = caption.number, None
        if date_at is None:
            issued = caption.issued
        doc_type = doc_type or caption.doc_type
        if issuer is None:
            issuer = caption.issuer
    warnings = _warnings(doc, number is None, issued is None, doubted_number, doubted_date)
    if issuer is None:  # a web copy of a decision: the authority printed under its title
        holder = next((c.text for c in head if c.span.start >= titled.end and c.span.start < titled.end + 200
                       and AUTHORITY_LINE.match(c.text)), None)
        issuer = issuer_of_holder(holder) if holder and titled.end else None
    if issuer is None and sig.signer and sig.signer.authority:
        issuer = issuer_from_text(sig.signer.authority, text[body_start : body_start + 3000])
    if issuer is None:
        issuer = issuer_from_text(text[body_start : body_start + 3000])
    return Header(
        doc_type=doc_type, number=number, issuer=issuer, place=place, issued_date=issued,
        title=titled.title or title_from_body(text, body_start, doc_type), signer=sig.signer, recipients=sig.recipients,
        body=Span(body_start, body_end), number_span=number_span, recipients_span=sig.recipients_span,
        annex=annex, issuer_parents=parents, self_refs=self_refs, warnings=warnings,
    )


NUMBER_WARNING = ("Số văn bản trên bản quét không đọc chắc được (số viết tay, đóng dấu hoặc mờ) nên để trống: "
                  "xin xem bản gốc và nhập số đúng ở trang văn bản.")
DATE_WARNING = ("Ngày ban hành trên bản quét không đọc chắc được (ngày viết tay, đóng dấu hoặc mờ) nên để trống: "
                "xin xem bản gốc và nhập ngày đúng ở trang văn bản.")


def _warnings(doc: Document, no_number: bool, no_date: bool, doubted_number: bool, doubted_date: bool
              ) -> tuple[str, ...]:
    """What the clerk must check by hand: a number or day of a scan left empty (doubted, or not read at all)."""
    scanned = "ocr" in doc.provenance
    out = []
    if doubted_number or scanned and no_number:
        out.append(NUMBER_WARNING)
    if doubted_date or scanned and no_date:
        out.append(DATE_WARNING)
    return tuple(out)


def _place_date(text: str, limit: int) -> tuple[str | None, date | None, int | None, int]:
    """The `Hà Nội, ngày 05 tháng 01 năm 2020` line, before the body starts (a citation's
    `..., ngày 08 tháng 02 năm 2023` in a Căn cứ line is no issue date)."""
    body = BODY_LINE.search(text, 0, limit)
    for m in _place_dates(text, body.start() if body else limit):
        words = m["place"].split()
        # the place is the run of capitalised words before the comma (drop capitals of a column beside it)
        while words and not (words[0][:1].isupper() and (len(words[0]) == 1 or words[0][1:].islower())):
            words.pop(0)
        if "phúc" in words:  # the motto line above the place: Độc lập - Tự do - Hạnh phúc
            words = words[len(words) - words[::-1].index("phúc") :]
        if not words:
            continue
        at = m.start("place") + m["place"].find(words[0])
        if at > 0 and text[at - 1] in "/-–":  # 19-KH/BCĐ, ngày ...: a cited symbol, not a place
            continue
        return " ".join(words), make_date(m["y"] or m["ny"], m["m"] or m["nm"], m["d"] or m["nd"]), at, m.end()
    return None, None, None, 0


