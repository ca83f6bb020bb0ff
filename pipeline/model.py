"""The types that flow between stages: plain frozen dataclasses with spans into the stored text.

Every extracted item carries a `Span` into `Document.text` (the normalised text stored in
`extracted/<id>.json`), so `text[span.start:span.end]` is always its quote.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, order=True)
class Span:
    start: int
    end: int

    def of(self, text: str) -> str:
        return text[self.start : self.end]

    def __contains__(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


def overlaps(spans: Iterable[Span], span: Span) -> bool:
    """True when `span` shares a character with one of `spans`."""
    return any(s.start < span.end and span.start < s.end for s in spans)


# ------------------------------------------------------------------ read


@dataclass(frozen=True)
class RawBlock:
    """What a reader found, before normalisation."""

    text: str
    kind: str = "paragraph"
    page: int | None = None
    cells: tuple[str, ...] = ()
    table: int | None = None


@dataclass(frozen=True)
class ReadResult:
    """What every reader returns: raw blocks plus where they came from; `read.read` adds the
    file's id, path, hash and format, and `normalize.normalize` makes a `Document` of it."""

    blocks: tuple[RawBlock, ...]
    provenance: str
    pages: int | None = None
    warnings: tuple[str, ...] = ()
    uncertain: tuple[tuple[int, str], ...] = ()  # (page, digit run) OCR may have guessed (read/confidence.py)
    id: str = ""
    source: str = ""
    sha256: str = ""
    format: str = ""


@dataclass(frozen=True)
class Block:
    """One paragraph, heading line or table row of the source, in reading order.

    `cells` holds the spans of a table row's cells (empty for a paragraph)."""

    kind: str  # "paragraph" | "table_row"
    span: Span
    page: int | None = None
    provenance: str = "txt"  # txt | docx | pdf-text | ocr | antiword | libreoffice
    cells: tuple[Span, ...] = ()
    table: int | None = None  # index of the table in the document, for rows


@dataclass(frozen=True)
class Document:
    """A source file read and normalised: the text every later offset points into."""

    id: str
    source: str
    sha256: str
    format: str  # pdf | docx | doc | txt | html
    text: str
    blocks: tuple[Block, ...]
    pages: int | None = None
    provenance: str = "txt"
    warnings: tuple[str, ...] = ()
    uncertain: tuple[Span, ...] = ()  # digits OCR may have guessed: header fields there are null


# ------------------------------------------------------------------ structure


@dataclass(frozen=True)
class Signer:
    name: str | None = None
    position: str | None = None
    authority: str | None = None


@dataclass(frozen=True)
class Header:
    doc_type: str | None = None
    number: str | None = None
    issuer: str | None = None
    place: str | None = None
    issued_date: date | None = None
    title: str | None = None
    signer: Signer | None = None
    recipients: tuple[str, ...] = ()
    # where the header ends and the signature/Nơi nhận block starts: the body lies between
    body: Span | None = None
    number_span: Span | None = None
    recipients_span: Span | None = None
    # an attached document after the signature (the plan a Quyết định issues, a Phụ lục): body too
    annex: Span | None = None
    # the bodies above the issuer in the header block, top down (UBND tỉnh Lâm Đồng above Sở Nội vụ)
    issuer_parents: tuple[str, ...] = ()
    # what the reader should check by hand, in Vietnamese (a number or day the OCR could not read)
    warnings: tuple[str, ...] = ()
    # where the text names the document itself (an annex caption `kèm theo Quyết định số …`): no citation
    self_refs: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Section:
    id: str  # numbering path: "III", "III.1", "III.1.a"
    heading: str
    span: Span  # the whole section, heading included
    heading_span: Span
    level: int


@dataclass(frozen=True)
class Sentence:
    """A sentence, list item or table row of the body, with the section it stands under."""

    span: Span
    section: str | None
    kind: str = "sentence"  # sentence | item | row
    block: int | None = None  # index into Document.blocks


@dataclass(frozen=True)
class Node:
    """One node of the document outline (structure/outline.py), in reading order.

    kind: heading | lead_in | item | sentence (a unit of the text) | block (a labelled block: its
    task lines and fields) | field (`Cơ quan chủ trì: …`) | table | row | annex. `parent` and
    `sentence` are indexes into Structure.outline and Structure.sentences; `depth` counts the
    ancestors. `body` is the span after the list marker; a field's `value` the span after its
    label; a row's `cells` its cells by column (task, lead, support, deadline, output, no)."""

    kind: str
    span: Span
    depth: int = 0
    parent: int | None = None
    marker: str | None = None  # roman | dieu | arabic | multi1-3 | letter | dash | plus | bullet | paren
    body: Span | None = None
    label: str | None = None  # a field's label; a row's role (header | group | task)
    value: Span | None = None
    cells: tuple[tuple[str, Span], ...] = ()
    sentence: int | None = None
    block: int | None = None  # index into Document.blocks

    def cell(self, column: str) -> Span | None:
        return next((span for name, span in self.cells if name == column), None)


@dataclass(frozen=True)
class Structure:
    header: Header
    sections: tuple[Section, ...]
    sentences: tuple[Sentence, ...]
    outline: tuple[Node, ...] = ()


# ------------------------------------------------------------------ extract


@dataclass(frozen=True)
class Citation:
    span: Span
    doc_type: str | None
    number: str | None
    issued_date: date | None = None
    issuer: str | None = None
    title: str | None = None
    year: int | None = None
    rule: str = ""
    in_corpus: str | None = None


@dataclass(frozen=True)
class Deadline:
    span: Span
    kind: str  # absolute | period | relative | recurring
    due: date | None = None
    period_start: date | None = None
    rrule: str | None = None
    rule: str = ""
    # continuous / ad hoc wording kept without a date ("thường xuyên") is kind "period" with due None?
    # no: such wording is not emitted as a deadline (see extract/deadlines.py)


@dataclass(frozen=True)
class Obligation:
    span: Span  # the sentence, list item or row that states the duty
    section: str | None
    actors: tuple[str, ...]
    action: str
    partners: tuple[str, ...] = ()
    report_to: tuple[str, ...] = ()
    deadlines: tuple[int, ...] = ()  # indexes into the document's deadline list
    rule: str = ""
    actor_spans: tuple[Span, ...] = field(default=(), compare=False)
    product: str | None = None  # a labelled block's 'Sản phẩm:' (extract/blocks.py)


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one document: what `extracted/<id>.json` holds."""

    document: Document
    structure: Structure
    citations: tuple[Citation, ...]
    deadlines: tuple[Deadline, ...]
    obligations: tuple[Obligation, ...]
