"""What every reader returns: raw blocks plus where they came from."""
from __future__ import annotations

from dataclasses import dataclass

from ..normalize import RawBlock


@dataclass(frozen=True)
class ReadResult:
    blocks: tuple[RawBlock, ...]
    provenance: str
    pages: int | None = None
    warnings: tuple[str, ...] = ()
    uncertain: tuple[tuple[int, str], ...] = ()  # (page, digit run) OCR may have guessed (confidence.py)
