"""Bounds on the work one file may cause: its size, the XML a DOCX expands to, the text it gives
and the seconds it may take. Beyond one, the file gets one line naming it and the batch goes on.

Time is bounded twice. `time_limit` interrupts Python code and regular expressions alike (both
check for signals) in the main thread of the process reading the file, which ends the file
cleanly and keeps the process; it cannot reach code stuck inside a C library. So a batch with a
time limit reads its files in worker processes (`workers.py`, even for `-j 1`), and a worker still
on a file shortly after its time is up is killed and replaced: the file gets the same error line."""
from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType

from .errors import OutOfTime

log = logging.getLogger(__name__)
MIB = 2**20


@dataclass(frozen=True)
class Limits:
    """Per-file bounds (`vanban ingest --time-limit/--max-text`; README "Limits")."""

    seconds: float = 300.0  # read and extract one file (a 100-page scan through OCR takes ~160 s)
    file_bytes: int = 512 * MIB  # the file on disk
    xml_bytes: int = 64 * MIB  # the XML parts of a DOCX once unzipped (parsed in memory: ~20× that)
    text_chars: int = 16 * MIB  # characters of text read from the file

    def key(self) -> str:
        """What a failure for a limit depends on: an unchanged file failing under the same limits is not retried."""
        return f"{self.seconds:g}s/{self.file_bytes}/{self.xml_bytes}/{self.text_chars}"


@contextmanager
def time_limit(seconds: float, path: object) -> Iterator[None]:
    """Raise `OutOfTime` in this thread after `seconds` (no limit where signals cannot be used:
    a thread other than the main one, or a platform without `setitimer`)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() \
            or not hasattr(signal, "setitimer"):
        if seconds > 0:
            log.debug("%s: no time limit outside the main thread", path)
        yield
        return

    def expired(signum: int, frame: FrameType | None) -> None:
        raise OutOfTime(path, seconds)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


DEFAULT_LIMITS = Limits()
