"""`vanban doctor`: which optional engines are present, and what is missing without them."""
from __future__ import annotations

import shutil

from .read.tesseract import OcrOptions, missing_engine

ENGINES = (
    ("antiword", "đọc tệp Word 97 (.doc)", "apt-get install antiword"),
    ("soffice", "đọc tệp .doc mà antiword không đọc được (LibreOffice)", "apt-get install libreoffice-writer"),
    ("tesseract", "nhận dạng chữ (OCR) bản quét và lớp chữ hỏng của PDF",
     "apt-get install tesseract-ocr tesseract-ocr-vie"),
)
OK, MISSING, NOTE = "có   ", "THIẾU", "lưu ý"


def report() -> list[str]:
    lines = []
    for exe, purpose, remedy in ENGINES:
        path = shutil.which(exe)
        lines.append(f"{OK if path else MISSING} {exe:10} {purpose}" + ("" if path else f" — cài: {remedy}"))
    options = OcrOptions()
    if shutil.which("tesseract"):
        why = missing_engine(options.lang)
        lines.append(f"{OK if not why else MISSING} {options.lang:10} mô hình nhận dạng chữ tiếng Việt"
                     + ("" if not why else f" — {why}: apt-get install tesseract-ocr-vie"))
    else:
        lines.append(f"{NOTE} {'bản quét':10} chưa cài OCR thì mỗi PDF quét bị bỏ qua với một dòng lỗi")
    lines.append(f"{OK} {'bộ nhớ OCR':10} {options.cache_dir} (VANBAN_OCR_CACHE);"
                 f" nhiều nhất {options.max_pages} trang mỗi tệp (VANBAN_OCR_MAX_PAGES)")
    return lines
