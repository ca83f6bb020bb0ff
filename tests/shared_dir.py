"""Where the tools of tests/ (robustness, fuzz, eval_rules) find ../shared: the folder given with
--shared, else `shared` beside the project, as the Makefile's `SHARED ?= ../shared`. A folder that
is missing stops the tool with one line naming it (`lỗi: …`, exit code 1, as `vanban` does), not a
traceback from the first file it opens."""
from __future__ import annotations

from pathlib import Path

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared"


def require(tool: str, shared: Path, *parts: str, option: bool = True) -> Path:
    """`shared`/`parts`, or SystemExit with one line saying what is missing and how to give it
    (`option`: the tool takes --shared)."""
    path = shared.joinpath(*parts)
    if not path.is_dir():
        raise SystemExit(f"lỗi: {tool}: không có thư mục {path} — đặt thư mục shared (kho văn bản dev, đáp án) "
                         f"cạnh dự án{' hoặc ghi --shared THƯ_MỤC' if option else ''}")
    return path
