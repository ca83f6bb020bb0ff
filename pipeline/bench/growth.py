"""How the pipeline scales: re-ingest of an unchanged corpus, and time against corpus size."""
from __future__ import annotations

import os
import re
import subprocess
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..ingest import run_batch
from ..limits import DEFAULT_LIMITS
from .corpus import edited_copies
from .throughput import MB, VANBAN

IN_PROCESS = replace(DEFAULT_LIMITS, seconds=0)


def _ingest(corpus: Path, work: Path, jobs: int) -> dict[str, Any]:
    """One `vanban ingest` command: wall seconds, CPU seconds (it and its workers) and its summary line."""
    cmd = [*VANBAN, "ingest", str(corpus), "--extracted", str(work / "extracted"), "--db", str(work / "v.db"),
           "-s", "-j", str(jobs)]
    with tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        # run in the work folder: whatever ingest writes beside the database stays there
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, cwd=work)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read()
    # its summary line: 'N tệp đã đọc, N tệp không đổi, N tệp lỗi → data/vanban.db (1.23 giây)' (cli._ingest)
    summary = [line for line in stderr.splitlines() if " tệp đã đọc, " in line and " tệp không đổi, " in line]
    # the seconds `vanban ingest` reports for its own work (hash, extract, database), start-up and
    # later steps (calendars) left out
    own = re.search(r"\(([\d.]+) giây\)\s*$", summary[-1]) if summary else None
    return {"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime, "exit_code": proc.returncode,
            "reported_s": float(own[1]) if own else None, "summary": summary[-1] if summary else stderr.strip()[-300:]}


def reingest(sources: list[Path], count: int, jobs: int) -> dict[str, Any]:
    """`vanban ingest` twice over `count` edited copies: the second run has nothing to extract.

    Both runs are whole `vanban ingest` commands (interpreter start-up included)."""
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
        work = Path(tmp)
        edited_copies(sources, count, work / "corpus")
        first = _ingest(work / "corpus", work, jobs)
        second = _ingest(work / "corpus", work, jobs)
    return {"documents": count, "jobs": jobs, "first": first, "unchanged": second}


def growth(sources: list[Path], factors: tuple[int, ...]) -> dict[str, Any]:
    """Extraction seconds (one process) over 1×, 4×, 16× … the `.txt` files of `sources`.

    Linear growth means the CPU seconds per MB stay flat (CPU time, so that other work on the
    machine does not count); `ratio` is the largest corpus's over the smallest's (1.0 = linear)."""
    base = sum(1 for p in sources if p.suffix.lower() == ".txt")
    rows = []
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
        for factor in factors:
            paths = edited_copies(sources, base * factor, Path(tmp) / f"x{factor}")
            size = sum(os.path.getsize(p) for p in paths)
            started, cpu = time.perf_counter(), time.process_time()
            # no time limit: the files are read in this process, whose CPU time is the one measured (with
            # one, run_batch reads them in a worker process, and this process's CPU time was only its own)
            failed = sum(1 for o in run_batch(paths, 1, limits=IN_PROCESS) if o.record is None)
            seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
            rows.append({"factor": factor, "documents": len(paths), "mb": size / MB, "seconds": seconds,
                         "cpu_seconds": cpu_seconds, "s_per_mb": cpu_seconds / (size / MB), "failed": failed})
    ratio = rows[-1]["s_per_mb"] / rows[0]["s_per_mb"] if rows else float("nan")
    return {"rows": rows, "ratio": ratio}


# the dev documents kept aside for issue 15 (Makefile ASIDE): never read
KEPT_ASIDE = ("001_", "023_", "036_", "038_", "054_", "058_", "d007_")


def one_document(sources: list[Path], sizes_mb: tuple[float, ...] = (1, 8)) -> dict[str, Any]:
    """CPU seconds to extract ONE text document of each size (`one_document_text`). Linear code
    keeps the seconds per MB flat; `ratio` is the largest size's over the smallest's (issue 14:
    ≤ 1.5 from 1 MB to 8 MB)."""
    from ..extract import extract
    from ..load import load

    rows = []
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
        for size in sizes_mb:
            path = Path(tmp) / f"one-{size:g}mb.txt"
            path.write_text(one_document_text(sources, size), "utf-8")
            mb = os.path.getsize(path) / MB
            cpu = time.process_time()
            ex = extract(load(path))
            cpu_seconds = time.process_time() - cpu
            rows.append({"mb": mb, "cpu_seconds": cpu_seconds, "s_per_mb": cpu_seconds / mb,
                         "obligations": len(ex.obligations), "deadlines": len(ex.deadlines)})
    return {"rows": rows, "ratio": rows[-1]["s_per_mb"] / rows[0]["s_per_mb"] if rows else float("nan")}


def one_document_text(sources: list[Path], size_mb: float) -> str:
    """One text of about `size_mb` MB: the bodies of the `.txt` files of `sources` in turn (so that
    all of it is body: sections, sentences, duties) between the header and the signature of the first."""
    from ..extract.obligations import END_OF_BODY, TEMPLATE
    from ..load import load
    from ..model import Span
    from ..structure.header import parse_header

    texts = [p for p in sources if p.suffix.lower() == ".txt" and not p.name.startswith(KEPT_ASIDE)]
    bodies = []
    for path in texts:
        doc = load(path)
        body = parse_header(doc).body or Span(0, len(doc.text))
        # a form or 'Nơi nhận' ends the duties: the text after it would be idle
        text = doc.text[body.start : body.end]
        if not TEMPLATE.search(text) and not any(END_OF_BODY.match(line) for line in text.splitlines()):
            bodies.append(text)
    first = load(texts[0])
    body = parse_header(first).body or Span(0, len(first.text))
    head, tail = first.text[: body.start], first.text[body.end :]
    want = int(size_mb * MB) - len((head + tail).encode())
    parts: list[str] = []
    n = 0
    while n < want:
        parts.append(bodies[len(parts) % len(bodies)])
        n += len(parts[-1].encode()) + 2
    return head + "\n\n".join(parts) + "\n\n" + tail
