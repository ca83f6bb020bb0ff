"""Word 97 .doc through antiword (Debian package `antiword`), LibreOffice as a fallback."""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import MissingEngine, ReadError
from ..normalize import RawBlock
from .layout import column_lines, is_layout_table, unflatten_spaced_header
from .result import ReadResult

TIMEOUT = 120


def read_doc(path: Path, data: bytes) -> ReadResult:
    if shutil.which("antiword"):
        with tempfile.NamedTemporaryFile(suffix=".doc") as tmp:
            tmp.write(data)
            tmp.flush()
            proc = subprocess.run(
                ["antiword", "-m", "UTF-8.txt", "-w", "0", tmp.name],
                capture_output=True,
                timeout=TIMEOUT,
            )
        if proc.returncode == 0 and proc.stdout.strip():
            return ReadResult(_blocks(proc.stdout.decode("utf-8", "replace")), provenance="antiword")
        problem = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        if not shutil.which("soffice"):
            raise ReadError(path, f"antiword cannot read this .doc ({problem[0] if problem else 'no text'})")
    if shutil.which("soffice"):
        return ReadResult(_blocks(_libreoffice(path, data)), provenance="libreoffice")
    raise MissingEngine(path, "no .doc reader installed", "install antiword (apt-get install antiword)")


def _libreoffice(path: Path, data: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.doc"
        src.write_bytes(data)
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "txt:Text (encoded):UTF8", "--outdir", tmp, str(src)],
            capture_output=True,
            timeout=TIMEOUT,
        )
        out = Path(tmp) / "in.txt"
        if not out.exists():
            raise ReadError(path, "LibreOffice could not convert this .doc")
        return out.read_text("utf-8", "replace")


TABLE_LINE = re.compile(r"^\s*\|.*\|\s*$")
MAX_LAYOUT_LINES = 40  # antiword writes one line per line of a row: a long Nơi nhận list is one table


def _blocks(text: str) -> tuple[RawBlock, ...]:
    """Paragraphs split at blank lines; antiword's `|cell|cell|` lines grouped into tables.

    A header or signature layout table comes out column after column, a data table as rows."""
    blocks: list[RawBlock] = []
    table_no = 0
    for n, chunk in enumerate(_runs(text.replace("\r\n", "\n").split("\n"))):
        if not TABLE_LINE.match(chunk[0]):
            header = unflatten_spaced_header(chunk) if n == 0 else None
            if header:  # a header typed with spaces: left column, then right column
                left, right, taken = header
                blocks.extend((RawBlock("\n".join(left)), RawBlock("\n".join(right))))
                chunk = chunk[taken:]
            blocks.extend(RawBlock(p) for p in re.split(r"\n\s*\n", "\n".join(chunk)) if p.strip())
            continue
        rows = [[c.strip() for c in line.strip()[1:-1].split("|")] for line in chunk]
        if is_layout_table(rows, max_rows=MAX_LAYOUT_LINES):
            blocks.extend(RawBlock("\n".join(lines)) for lines in column_lines(rows))
            continue
        for cells in rows:
            if any(cells):
                blocks.append(RawBlock("", kind="table_row", cells=tuple(cells), table=table_no))
        table_no += 1
    return tuple(blocks)


def _runs(lines: list[str]) -> list[list[str]]:
    """Consecutive lines grouped into table runs and text runs (blank lines end a table)."""
    runs: list[list[str]] = []
    for line in lines:
        is_table = bool(TABLE_LINE.match(line))
        if runs and bool(TABLE_LINE.match(runs[-1][0])) == is_table and (line.strip() or not is_table):
            runs[-1].append(line)
        elif line.strip() or runs:
            runs.append([line])
    return [r for r in runs if any(x.strip() for x in r)]
