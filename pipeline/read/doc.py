"""Word 97 .doc through antiword (Debian package `antiword`), LibreOffice as a fallback."""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import MissingEngine, ReadError
from ..model import ReadResult
from .text_layout import text_blocks

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
            raise ReadError(path, f"antiword cannot read this .doc ({problem[0] if problem else 'no text'})")
    if shutil.which("soffice"):
        return ReadResult(text_blocks(_libreoffice(path, data)), provenance="libreoffice")
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
