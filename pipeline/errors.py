"""Named errors. The CLI turns each into one line naming the file and what to do."""
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


class EmptyDocument(ReadError):
    pass


class EncryptedDocument(ReadError):
    pass


class MissingEngine(ReadError):
    """An optional external engine (antiword, tesseract) is needed but not installed."""
