"""Batch work behind `vanban extract` and `vanban ingest`: files in, JSON out, failures reported.

Extraction of one file is a pure function of its bytes (`extract_file`), so a batch can run it
in parallel and skip files whose content hash has not changed since the last run."""
from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__
from .errors import VanbanError
from .executors import run_map
from .extracted import to_json, validate, write
from .load import load
from .read import SUPPORTED_SUFFIXES

log = logging.getLogger(__name__)
MANIFEST = ".manifest.json"


@dataclass(frozen=True)
class Outcome:
    path: Path
    record: dict[str, Any] | None = None
    error: str | None = None
    skipped: bool = False


def list_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Files given, and the supported files of directories given (sorted, hidden files left out)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(
                sorted(f for f in p.iterdir() if f.is_file() and not f.name.startswith(".")
                       and f.suffix.lower() in SUPPORTED_SUFFIXES)
            )
        else:
            out.append(p)
    return out


def extract_file(path: Path) -> Outcome:
    """Read, extract and validate one file; any failure becomes a one-line error."""
    from .extract import extract  # imported here: a run with nothing to extract need not load the extractors

    try:
        record = to_json(extract(load(path)))
        validate(record)
        return Outcome(path, record=record)
    except VanbanError as exc:
        return Outcome(path, error=str(exc))
    except Exception as exc:  # a bug or an input we did not foresee: report it, keep the batch going
        log.debug("extract failed", exc_info=True)
        return Outcome(path, error=f"{path}: cannot extract ({type(exc).__name__}: {exc})")


def run_batch(paths: list[Path], jobs: int = 1, executor: str = "local") -> Iterator[Outcome]:
    """Extract files, in order of `paths`, on `jobs` workers of `executor` (see executors.py).

    Every executor gives the same outcomes in the same order: `extract_file` is pure."""
    yield from run_map(extract_file, paths, jobs, executor)


def file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_manifest(out_dir: Path) -> dict[str, dict[str, str]]:
    try:
        data = json.loads((out_dir / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_manifest(out_dir: Path, manifest: dict[str, dict[str, str]]) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = out_dir / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=0, sort_keys=True), "utf-8")
    tmp.replace(out_dir / MANIFEST)


def incremental(
    paths: list[Path], out_dir: Path, jobs: int = 1, progress: Callable[[Outcome], None] | None = None,
    executor: str = "local",
) -> tuple[list[Outcome], bool]:
    """Extract only files whose bytes (or the pipeline version) changed since the last run.

    Returns every outcome and whether anything changed (new, edited, removed or failed files)."""
    manifest = load_manifest(out_dir)
    todo, outcomes = [], []
    current: dict[str, dict[str, str]] = {}
    for path in paths:
        digest = file_hash(path)
        current[path.stem] = {"sha256": digest, "version": __version__, "source": str(path)}
        seen = manifest.get(path.stem)
        if seen == current[path.stem] and (out_dir / f"{path.stem}.json").exists():
            outcomes.append(Outcome(path, skipped=True))
            if progress:
                progress(outcomes[-1])
        else:
            todo.append(path)
    changed = bool(todo) or set(manifest) != set(current)
    for outcome in run_batch(todo, jobs, executor):
        if outcome.record is not None:
            write(outcome.record, out_dir)
        else:
            current.pop(outcome.path.stem, None)  # retry next time
        outcomes.append(outcome)
        if progress:
            progress(outcome)
    for stale in set(manifest) - set(current):
        if not any(p.stem == stale for p in paths):
            (out_dir / f"{stale}.json").unlink(missing_ok=True)
    save_manifest(out_dir, current)
    return outcomes, changed


def link_extracted(out_dir: Path) -> list[dict[str, Any]]:
    """All records of `out_dir` resolved for the store (resolve/): `in_corpus` filled across the
    corpus, files whose links changed rewritten (so extracted/<id>.json names the cited documents
    the corpus holds), and each record's canonical `units` added (in memory only)."""
    from .resolve.links import link_citations
    from .resolve.units import with_units
    from .store import load_records

    before = load_records(out_dir)
    after = link_citations(before)
    for old, new in zip(before, after, strict=True):
        if old != new:
            write(new, out_dir)
    return with_units(after)
