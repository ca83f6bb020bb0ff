"""Word 97 .doc through antiword (Debian package `antiword`), LibreOffice as a fallback."""
from __future__ import annotations

import logging
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import DocUnreadable, no_doc_reader
from ..model import ReadResult
from .text_layout import text_blocks

log = logging.getLogger(__name__)

TIMEOUT = 120
PICTURE = re.compile(r"(?m)^[ \t]*\[pic\][ \t]*$")  # antiword's placeholder for a picture


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
            text = PICTURE.sub("", proc.stdout.decode("utf-8", "replace"))
            return ReadResult(text_blocks(text), provenance="antiword")
        problem = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        if not shutil.which("soffice"):
            log.debug("%s: antiword: %s", path, problem[0] if problem else "no text")
            raise DocUnreadable(path, "antiword")
    if shutil.which("soffice"):
        return ReadResult(text_blocks(_libreoffice(path, data)), provenance="libreoffice")
    raise no_doc_reader(path)


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
            raise DocUnreadable(path, "LibreOffice")
        return out.read_text("utf-8", "replace")
