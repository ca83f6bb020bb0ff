"""Named errors, and every line the library reports about a file, in Vietnamese (office staff read
them: the terminal prints `lỗi: <line>`, the site shows the line under its reason).

Each error is one line `<file>: <problem> — <what to do>`; the readers name the error and give its
facts (a format, a size, a page), never the words. The site finds its short reason by a phrase of
the line (`datasette/labels.yml`, `errors:`): a phrase changed here is changed there too.
Details from third-party libraries (in English) go to the log (`vanban -v`), not into the line."""
from __future__ import annotations

import errno

# what a file named as a document format is, and what else its bytes may be (read/sniff.py)
KINDS = {".docx": "tệp Word (.docx)", ".doc": "tệp Word (.doc)", ".pdf": "tệp PDF"}
FORMATS = {"binary": "dữ liệu nhị phân", "zip": "tệp nén ZIP", "corrupt-zip": "tệp nén ZIP hỏng", "rtf": "RTF",
           "txt": "văn bản", "html": "trang HTML"}
# the part of a file beyond a size limit (limits.Limits)
PARTS = {"file": "tệp", "xml": "phần XML sau khi giải nén", "unzipped": "gói sau khi giải nén", "text": "phần chữ"}
# why a file could not be opened (OSError.errno); any other errno by its name
OS_REASONS = {errno.ENOENT: "không có tệp này", errno.EACCES: "không có quyền đọc", errno.EPERM: "không có quyền đọc",
              errno.EISDIR: "là một thư mục", errno.EIO: "lỗi đọc ổ đĩa", errno.ENAMETOOLONG: "tên tệp quá dài"}
ASK_AGAIN = "xin bên gửi bản khác, hoặc mở rồi lưu lại"
RAISE_IF_GENUINE = "nếu tệp đúng là văn bản cần đọc, nâng giới hạn bằng {option}"
INSTALL_OCR = "cài nhận dạng chữ OCR: apt-get install tesseract-ocr tesseract-ocr-vie (xem `vanban doctor`)"


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


class CannotOpen(ReadError):
    def __init__(self, path: object, exc: OSError) -> None:
        why = OS_REASONS.get(exc.errno or 0) or errno.errorcode.get(exc.errno or 0) or type(exc).__name__
        super().__init__(path, f"không mở được tệp ({why})")


class UnsupportedFormat(ReadError):
    def __init__(self, path: object, fmt: str) -> None:
        super().__init__(path, f"loại tệp không hỗ trợ ({FORMATS.get(fmt, fmt)})",
                         "dùng tệp PDF, DOCX, DOC hoặc văn bản (.txt)")


class DamagedDocument(ReadError):
    """A file named as a document format (.docx, .pdf, .doc) whose bytes are not that format."""

    def __init__(self, path: object, suffix: str, fmt: str) -> None:
        super().__init__(path, f"{KINDS[suffix]} bị hỏng: nội dung không đọc được ({FORMATS.get(fmt, fmt)})",
                         ASK_AGAIN)


class CorruptDocument(ReadError):
    """A file of the right format whose inside is broken (a DOCX package, a PDF's objects)."""

    def __init__(self, path: object, suffix: str, detail: str = "") -> None:
        super().__init__(path, f"{KINDS[suffix]} bị lỗi, không đọc được" + (f" ({detail})" if detail else ""),
                         ASK_AGAIN)


class EmptyDocument(ReadError):
    def __init__(self, path: object) -> None:
        super().__init__(path, "tệp rỗng")


class NoText(EmptyDocument):
    def __init__(self, path: object) -> None:
        ReadError.__init__(self, path, "không có chữ nào đọc được",
                           "nếu là bản quét, cài nhận dạng chữ OCR (xem `vanban doctor`)")


class EncryptedDocument(ReadError):
    def __init__(self, path: object) -> None:
        super().__init__(path, "tệp PDF có mật khẩu", "xin bên gửi bản không đặt mật khẩu")


class DocUnreadable(ReadError):
    """A Word 97 .doc that antiword (or LibreOffice) could not turn into text."""

    def __init__(self, path: object, engine: str) -> None:
        super().__init__(path, f"{engine} không đọc được tệp .doc này", "mở bằng Word rồi lưu thành .docx")


class OcrFailed(ReadError):
    def __init__(self, path: object, page: int) -> None:
        super().__init__(path, f"nhận dạng chữ (OCR) bị lỗi ở trang {page}", "chạy lại với `vanban -v` để xem chi tiết")


class MissingEngine(ReadError):
    """An optional external engine (antiword, tesseract) is needed but not installed."""


def no_doc_reader(path: object) -> MissingEngine:
    return MissingEngine(path, "chưa cài chương trình đọc tệp .doc", "cài antiword (apt-get install antiword)")


def scan_skipped(path: object, why: str) -> MissingEngine:
    return MissingEngine(path, f"bản quét chưa đọc được: không có lớp chữ dùng được và {why}", INSTALL_OCR)


class TooLarge(ReadError):
    """A file beyond one of the size limits (`limits.Limits`): refused before it is read in full.
    `part` is a key of PARTS."""

    def __init__(self, path: object, part: str, size: int, limit: int, option: str) -> None:
        super().__init__(path, f"quá lớn: {PARTS[part]} {_human(size)} (giới hạn {_human(limit)})",
                         "đã từ chối; " + RAISE_IF_GENUINE.format(option=option))


class OutOfTime(BaseException):
    """A file's time limit ran out. A BaseException, like KeyboardInterrupt, so that the readers'
    `except Exception` around a third-party library cannot swallow it; `ingest` turns it into
    `TookTooLong`."""

    def __init__(self, path: object, seconds: float) -> None:
        self.path, self.seconds = str(path), seconds
        super().__init__(f"{path}: hết {seconds:g} giây")


class TookTooLong(ReadError):
    def __init__(self, path: object, seconds: float) -> None:
        super().__init__(path, f"đã dừng sau {seconds:g} giây (giới hạn thời gian mỗi tệp)",
                         RAISE_IF_GENUINE.format(option="--time-limit"))


class WorkerDied(ReadError):
    """The worker process reading the file died (killed by the system for its memory, or a crash
    inside a C library); the batch goes on with a new worker."""

    def __init__(self, path: object) -> None:
        super().__init__(path, "tiến trình đọc tệp bị dừng đột ngột (hết bộ nhớ, hoặc lỗi trong một thư viện)",
                         "hạ --max-xml/--max-file, hoặc đọc riêng tệp này với -j 1 để xem thêm")


class ExtractFailed(ReadError):
    """A bug, or an input nobody foresaw: the exception is named for whoever fixes it."""

    def __init__(self, path: object, exc: Exception) -> None:
        super().__init__(path, f"lỗi khi trích xuất ({type(exc).__name__}: {exc})",
                         "báo cho người quản trị, kèm tệp này")


class RefusedPath(ReadError):
    """A corpus entry that is not a regular file of the corpus folder (a symlink, a device, a pipe)."""

    def __init__(self, path: object, symlink: bool = False) -> None:
        what = "liên kết tượng trưng (symlink; chỉ đọc tệp nằm ngay trong thư mục)" if symlink else "không phải tệp thường"
        super().__init__(path, f"từ chối: {what}", "chép chính tệp đó vào thư mục")


class IngestBusy(VanbanError):
    """Another `vanban ingest` holds the lock of the same extracted folder or database."""

    def __init__(self, lock: object, holder: str) -> None:
        super().__init__(f"{lock}: một lần nạp khác đang chạy (tiến trình {holder}) — chờ nó xong")

    def waiting(self) -> str:
        return f"{self} … đang chờ"


def _human(n: int) -> str:
    return f"{n // 2**20} MiB" if n >= 2**20 else f"{n} byte"


# warnings a file's record carries (`document.warnings`), also one line each
def mixed_encoding_warning(lines: int) -> str:
    return f"{lines} dòng không phải UTF-8, đã đọc theo bảng mã tiếng Việt cũ (TCVN3, VNI hoặc Windows-1258)"


def bad_bytes_warning(encoding: str) -> str:
    return f"các byte không đúng bảng mã {encoding.upper()} đã thay bằng �"


def unreadable_pages_warning(pages: list[int]) -> str:
    shown = ", ".join(map(str, pages[:10])) + (" …" if len(pages) > 10 else "")
    return f"bỏ qua {len(pages)} trang hỏng: {shown}"


def pages_not_read_warning(pages: int, why: str) -> str:
    return f"{pages} trang không có chữ dùng được chưa đọc: {why}"


def ocr_capped_warning(most: int, first: int, last: int) -> str:
    return f"nhận dạng chữ (OCR) chỉ đọc {most} trang: trang {first}-{last} chưa đọc"


def header_unchecked_warning(why: str) -> str:
    return f"chữ số ở phần đầu bản quét chưa kiểm tra lại được, số và ngày văn bản để trống: {why}"


# why OCR cannot run (read/tesseract.missing_engine)
def no_tesseract() -> str:
    return "chưa cài tesseract"


def tesseract_broken(exc: Exception) -> str:
    return f"tesseract không chạy được ({type(exc).__name__})"


def second_reading_failed() -> str:
    return "lần đọc thứ hai bị lỗi"


def no_ocr_model(lang: str) -> str:
    return f"tesseract chưa có mô hình ngôn ngữ `{lang}`"
