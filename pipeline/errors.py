"""Named errors. The CLI turns each into one line naming the file and what to do.

Every message of the ingest (what a file's line says) is written here, in one place; the site
shows them in Vietnamese by matching their phrases (`datasette/labels.yml`, `errors:`)."""
from __future__ import annotations


class VanbanError(Exception):
    """Base of every error vanban reports to the user."""


class ReadError(VanbanError):
    """A source file could not be read (corrupt, encrypted, empty, unsupported)."""

    def __init__(self, path: object, problem: str, remedy: str = "") -> None:
        self.path = str(path)
        self.problem = problem
        self.remedy = remedy
        super().__init__(self.line())

    def line(self) -> str:
        tail = f" — {self.remedy}" if self.remedy else ""
        return f"{self.path}: {self.problem}{tail}"


class UnsupportedFormat(ReadError):
    pass


class DamagedDocument(ReadError):
    """A file named as a document format (.docx, .pdf, .doc) whose bytes are not that format."""


class EmptyDocument(ReadError):
    pass


class EncryptedDocument(ReadError):
    pass


class MissingEngine(ReadError):
    """An optional external engine (antiword, tesseract) is needed but not installed."""


class TooLarge(ReadError):
    """A file beyond one of the size limits (`limits.Limits`): refused before it is read in full."""

    def __init__(self, path: object, what: str, size: int, limit: int, option: str) -> None:
        super().__init__(path, f"too large: {what} is {_human(size)} (limit {_human(limit)})",
                         f"refused; raise the limit with {option} if the file is genuine")


class OutOfTime(BaseException):
    """A file's time limit ran out. A BaseException, like KeyboardInterrupt, so that the readers'
    `except Exception` around a third-party library cannot swallow it; `ingest` turns it into
    `TookTooLong`."""

    def __init__(self, path: object, seconds: float) -> None:
        self.path, self.seconds = str(path), seconds
        super().__init__(f"{path}: time limit of {seconds:g} s")


class TookTooLong(ReadError):
    def __init__(self, path: object, seconds: float) -> None:
        super().__init__(path, f"stopped after {seconds:g} s (time limit per file)",
                         "raise it with --time-limit if the file is genuine")


class WorkerDied(ReadError):
    """The worker process reading the file died (killed by the system for its memory, or a crash
    inside a C library); the batch goes on with a new worker."""

    def __init__(self, path: object) -> None:
        super().__init__(path, "the process reading it died (out of memory, or a crash in a library)",
                         "lower --max-xml/--max-file, or read it alone with -j 1 to see more")


class RefusedPath(ReadError):
    """A corpus entry that is not a regular file of the corpus folder (a symlink, a device, a pipe)."""

    def __init__(self, path: object, what: str) -> None:
        super().__init__(path, f"refused: {what}", "copy the file itself into the folder")


class IngestBusy(VanbanError):
    """Another `vanban ingest` holds the lock of the same extracted folder or database."""

    def __init__(self, lock: object, holder: str) -> None:
        super().__init__(f"{lock}: another ingest is running ({holder}) — wait for it to finish")


def _human(n: int) -> str:
    return f"{n // 2**20} MiB" if n >= 2**20 else f"{n} bytes"


# warnings a file's record carries (`document.warnings`), also one line each
def mixed_encoding_warning(lines: int) -> str:
    return f"{lines} line(s) not in UTF-8, read as an old Vietnamese encoding (TCVN3, VNI or Windows-1258)"


def bad_bytes_warning(encoding: str) -> str:
    return f"bytes that are not {encoding.upper()} replaced by �"


def unreadable_pages_warning(pages: list[int]) -> str:
    return f"{len(pages)} damaged page(s) left out: {', '.join(map(str, pages[:10]))}{' …' if len(pages) > 10 else ''}"
