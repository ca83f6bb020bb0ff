"""Where the tests and the tools of tests/ (robustness, fuzz, eval_rules) find ../shared: the folder
given with --shared, else `shared` beside the project, as the Makefile's `SHARED ?= ../shared`. A
folder that is missing stops a tool with one line naming it (`lỗi: …`, exit code 1, as `vanban`
does), not a traceback from the first file it opens. And which documents of its corpus/dev no test
and no tool reads: the gold files kept aside (Makefile ASIDE), the blind set B and the final set C."""
from __future__ import annotations

from pathlib import Path

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared"
ASIDE = ("001", "023", "036", "038", "054", "058", "d007")
BLIND = ("002", "010", "016", "025", "032", "041", "060", "069", "073")
FINAL = ("006", "007", "022", "061", "064", "078", "080", "d003")
NEVER = tuple(f"{n}_" for n in ASIDE + BLIND + FINAL)  # file name prefixes: never read
# the files of corpus/formats that are another format of a set B or C document: never read either
FORMAT_COPIES = frozenset({
    "vbai_kh-kiem-tra-cchc-2026-lam-dong.docx", "vbai_kh-tuyen-truyen-cchc-2026-lam-dong.docx",
    "vbai_kh-ctmtqg-pcmt-2030-lam-dong.docx", "vbai_cv-cai-thien-chi-so-par-pci-lam-dong.docx",
    "vbai_cv-vp-ubnd-binh-thuan-cong-bo-tthc.doc", "vbai_cv-3917-btp-bttp.pdf",
    "vbai_bc-de-an-06-thang-10-2025-lam-dong.docx"})


def readable(path: Path) -> bool:
    """A document of corpus/dev or corpus/formats that tests may read (not kept aside, not of set B
    or C, not another format of one)."""
    return not path.name.startswith(NEVER) and path.name not in FORMAT_COPIES


def require(tool: str, shared: Path, *parts: str, option: bool = True) -> Path:
    """`shared`/`parts`, or SystemExit with one line saying what is missing and how to give it
    (`option`: the tool takes --shared)."""
    path = shared.joinpath(*parts)
    if not path.is_dir():
        raise SystemExit(f"lỗi: {tool}: không có thư mục {path} — đặt thư mục shared (kho văn bản dev, đáp án) "
                         f"cạnh dự án{' hoặc ghi --shared THƯ_MỤC' if option else ''}")
    return path
