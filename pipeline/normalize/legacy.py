"""Legacy encodings repaired for a whole document: TCVN3, VNI or Windows-1258 decided once from
all its blocks (the tables and the detection: `charsets.py`)."""
from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace

from ..charsets import UNICODE_ONLY, convert, detect
from ..model import RawBlock

log = logging.getLogger(__name__)


def fix_legacy(text: str) -> str:
    """The text in Unicode: converted when `detect` finds a legacy encoding, else unchanged."""
    verdict = detect(text)
    return convert(text, verdict.encoding) if verdict.encoding else text


def fix_legacy_parts(parts: Sequence[str]) -> list[str]:
    """Decide once for a whole document's parts (paragraphs, cells), then convert every part that
    is not already Unicode, so short parts (`Sè:`) follow the document's encoding."""
    verdict = detect("\n".join(p for p in parts if not UNICODE_ONLY.search(p)))
    if verdict.encoding is None:
        return list(parts)
    log.info("legacy encoding %s (syllable score %.2f → %.2f)", verdict.encoding, verdict.before, verdict.after)
    return [p if UNICODE_ONLY.search(p) else convert(p, verdict.encoding) for p in parts]


def fix_legacy_blocks(blocks: Sequence[RawBlock]) -> list[RawBlock]:
    """The blocks of one document with a legacy encoding converted, decided once for the whole
    document."""
    parts: list[str] = []
    for b in blocks:
        parts.append(b.text)
        parts.extend(b.cells)
    fixed = fix_legacy_parts(parts)
    if fixed == parts:
        return list(blocks)
    out, i = [], 0
    for b in blocks:
        n = len(b.cells)
        out.append(replace(b, text=fixed[i], cells=tuple(fixed[i + 1 : i + 1 + n])))
        i += 1 + n
    return out
