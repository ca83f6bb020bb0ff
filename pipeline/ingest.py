"""Batch work behind `vanban extract` and `vanban ingest`: files in, JSON out, failures reported.

Extraction of one file is a pure function of its bytes (`extract_file`), so a batch can run it
in parallel and skip files whose content hash has not changed since the last run. Each file is
bounded (`limits.Limits`: size, text, seconds) and its result is kept as soon as it is done
(its JSON, then its line in the manifest's log: `manifest.py`), so a stopped batch loses nothing
it finished."""
from __future__ import annotations

import gc
import hashlib
import logging
from collections.abc import Callable, Generator, Sequence
from contextlib import closing
from dataclasses import dataclass, replace
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__, manifest
from .errors import (
    CannotOpen,
    ExtractFailed,
    OutOfTime,
    ReadError,
    TookTooLong,
    TooLarge,
    VanbanError,
    WorkerDied,
)
from .executors import run_map
from .extracted import to_json, validate, write
from .inputs import Input, document_ids
from .limits import DEFAULT_LIMITS, Limits, time_limit
from .load import load
from .workers import Overran

if TYPE_CHECKING:
    from .resolve.office import Office

log = logging.getLogger(__name__)
# failures that come again, for the same bytes, as long as the limits stay the same: not retried
LIMIT_ERRORS = (TookTooLong.__name__, TooLarge.__name__)


@dataclass(frozen=True)
class Outcome:
    path: Path
    record: dict[str, Any] | None = None
    error: str | None = None
    skipped: bool = False
    id: str = ""
    kind: str | None = None  # the error's class (ReadError, TooLarge, TookTooLong, …)


def extract_file(item: Path | Input, limits: Limits = DEFAULT_LIMITS) -> Outcome:
    """Read, extract and validate one file within `limits`; any failure becomes a one-line error."""
    from .extract import extract  # imported here: a run with nothing to extract need not load the extractors

    path, doc_id = (item.path, item.id) if isinstance(item, Input) else (item, item.stem)
    if limits.seconds > 0:
        _warm()  # what a process loads once (spaCy, underthesea's models) does not count against a file
    try:
        try:
            with time_limit(limits.seconds, path):
                doc = replace(load(path, limits), id=doc_id)
                record = to_json(extract(doc))
                validate(record)
        except OutOfTime as exc:
            raise TookTooLong(path, exc.seconds) from None
        return Outcome(path, record=record, id=doc_id)
    except VanbanError as exc:
        return Outcome(path, error=str(exc), id=doc_id, kind=type(exc).__name__)
    except Exception as exc:  # a bug or an input we did not foresee: report it, keep the batch going
        log.debug("extract failed", exc_info=True)
        return Outcome(path, error=str(ExtractFailed(path, exc)), id=doc_id,
                       kind=type(exc).__name__)


# a short plan that reaches what the pipeline loads on first use: the tagger and its lexicons, the
# word list that re-spaces glued syllables ('thựchiện'), the patterns of every extractor
WARM_TEXT = """ỦY BAN NHÂN DÂN TỈNH X
Số: 15/KH-UBND
KẾ HOẠCH
Thực hiện công tác cải cách hành chính năm 2026
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Quyết định số 12/QĐ-UBND ngày 05/01/2026;
I. NHIỆM VỤ
1. Sở Nội vụ chủ trì, phối hợp với các sở, ngành tổ chức thựchiện, báo cáo trước ngày 15/12/2026.
2. Giao UBND các huyện triển khai hằng quý; Thường trực HĐND xã có trách nhiệm kiểm tra định kỳ hằng tháng.
3. Tổ chức hội nghị chuyên đề
- Nội dung: Đánh giá kết quả thực hiện
- Cơ quan chủ trì: Sở Y tế
- Thời gian: Quý II/2026
Nơi nhận:
- Như trên;
CHỦ TỊCH
Nguyễn Văn A
"""


@cache
def _warm() -> None:
    """Load, once per process, what the pipeline loads on first use (spaCy, underthesea's models and
    word lists: 3-4 s), so that no file's time limit is charged for it."""
    import tempfile

    from .extract import extract
    from .extract.spacy_vi import parse

    parse("Sở Nội vụ chủ trì thực hiện.")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "warm.txt"
        path.write_text(WARM_TEXT, "utf-8")
        try:
            validate(to_json(extract(load(path, DEFAULT_LIMITS))))
        except Exception:  # a warm-up only: whatever fails here fails again, reported, on a real file
            log.debug("warm-up failed", exc_info=True)
    # the models now loaded (spaCy, the CRF tagger, the lexicons: ~100,000 objects) live as long as
    # the process: out of the collected generations, a full collection no longer walks them all
    # (it cost ~6 % of extraction); what the warm-up left as garbage is collected first
    gc.collect()
    gc.freeze()


def run_batch(paths: Sequence[Path | Input], jobs: int = 1, executor: str = "local",
              limits: Limits = DEFAULT_LIMITS) -> Generator[Outcome, None, None]:
    """Extract files, in order of `paths`, on `jobs` workers of `executor` (see executors.py).

    With a time limit, files are read in worker processes even for one job: a file still being
    read when its time is up (stuck in a C library, where `time_limit` cannot reach) has its
    worker killed and replaced, and gets the same error line as one stopped by `time_limit`.
    Every executor gives the same outcomes in the same order: `extract_file` is pure."""
    seconds = limits.seconds if limits.seconds > 0 else None
    yield from run_map(partial(extract_file, limits=limits), paths, jobs, executor, on_crash=_died,
                       timeout=seconds, initializer=_warm if seconds else None)


def _died(item: Path | Input, exc: BaseException) -> Outcome:
    """The outcome of a file whose worker process died while reading it, or was killed for its time."""
    path, doc_id = (item.path, item.id) if isinstance(item, Input) else (item, item.stem)
    error = TookTooLong(path, exc.seconds) if isinstance(exc, Overran) else WorkerDied(path)
    return Outcome(path, error=str(error), id=doc_id, kind=type(error).__name__)


def file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass(frozen=True)
class Batch:
    """What `incremental` did: every outcome, and the manifest entries the corpus now gives."""

    outcomes: list[Outcome]
    entries: dict[str, manifest.Entry]

    def errors(self) -> list[dict[str, str]]:
        """The `ingest_errors` rows: every file failing now, read again or not."""
        return [{"source": e["source"], "error": e["error"], "kind": e.get("kind") or ReadError.__name__}
                for e in self.entries.values() if "error" in e]


def incremental(
    paths: list[Path], out_dir: Path, jobs: int = 1, progress: Callable[[Outcome], None] | None = None,
    executor: str = "local", limits: Limits = DEFAULT_LIMITS, waiting: Callable[[Path], None] | None = None,
) -> Batch:
    """Extract only files whose bytes (or the pipeline version) changed since the last run, and
    files that failed for a reason that may have gone (not those beyond an unchanged limit).

    `progress` is called with each outcome, `waiting` with each file before its result is
    waited for (results come in order, so it names the file a stuck batch is on). An edited file
    that now fails keeps the JSON of its last good version (the database keeps serving it)."""
    seen = manifest.load(out_dir)
    todo: list[Input] = []
    outcomes: list[Outcome] = []
    entries: dict[str, manifest.Entry] = {}
    for item in document_ids(paths):
        try:
            entry: manifest.Entry = {"sha256": file_hash(item.path), "version": __version__,
                                     "source": str(item.path)}
        except OSError as exc:
            error = CannotOpen(item.path, exc)
            entries[item.id] = {"source": str(item.path), "error": str(error), "kind": type(error).__name__}
            outcomes.append(Outcome(item.path, error=str(error), id=item.id, kind=type(error).__name__))
            if progress:
                progress(outcomes[-1])
            continue
        old = seen.get(item.id) or {}
        same = all(old.get(k) == v for k, v in entry.items())
        if same and "error" not in old and (out_dir / f"{item.id}.json").exists():
            outcomes.append(Outcome(item.path, skipped=True, id=item.id))
        elif same and old.get("kind") in LIMIT_ERRORS and old.get("limits") == limits.key():
            outcomes.append(Outcome(item.path, error=old["error"], skipped=True, id=item.id, kind=old["kind"]))
        else:
            todo.append(item)
            entries[item.id] = entry
            continue
        entries[item.id] = old
        if progress:
            progress(outcomes[-1])
    with closing(run_batch(todo, jobs, executor, limits)) as results:  # a stopped batch stops its workers
        for item in todo:
            if waiting:
                waiting(item.path)
            outcome = next(results)
            if outcome.record is not None:
                write(outcome.record, out_dir)
            else:
                entries[item.id] = {**entries[item.id], "error": outcome.error, "kind": outcome.kind,
                                    "limits": limits.key()}
            manifest.note(out_dir, item.id, entries[item.id])
            outcomes.append(outcome)
            if progress:
                progress(outcome)
    for stale in set(seen) - set(entries):
        (out_dir / f"{stale}.json").unlink(missing_ok=True)
    manifest.save(out_dir, entries)
    return Batch(outcomes, entries)


def link_extracted(out_dir: Path, corrections_db: Path | None = None, office: Office | None = None
                   ) -> list[dict[str, Any]]:
    """All records of `out_dir` resolved for the store (resolve/): staff corrections of header fields
    applied (data/followup.db, in memory only: extracted/<id>.json keeps what was read), `in_corpus`
    filled across the corpus, files whose links changed rewritten (so extracted/<id>.json names the
    cited documents the corpus holds), and each record's `units` (with the office's own, `office`)
    and deadline days added (in memory only)."""
    from . import corrections
    from .resolve import finish
    from .resolve.links import link_citations
    from .store import load_records

    before = load_records(out_dir)
    fixes = corrections.load(corrections_db) if corrections_db else []
    after = link_citations(corrections.apply(before, fixes))
    for old, new in zip(before, after, strict=True):
        linked = {**old, "citations": new.get("citations", [])}  # the links only, never the corrections
        if old != linked:
            write(linked, out_dir)
    return finish(after, office=office)
