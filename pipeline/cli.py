"""The `vanban` command: extract, ingest, serve, calendar, doctor.

Library errors become one clear line naming the file; a batch goes on past a bad file."""
from __future__ import annotations

import logging
import os
import shutil
import sys
import time
from pathlib import Path

import click

from . import __version__
from .extracted import write
from .ingest import Outcome, incremental, link_extracted, list_inputs, run_batch

DEFAULT_DB = Path("data/vanban.db")
DEFAULT_EXTRACTED = Path("extracted")
DEFAULT_CALENDAR = Path("calendar")


def _jobs(value: int | None) -> int:
    return value if value and value > 0 else (os.cpu_count() or 1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vanban")
@click.option("-v", "--verbose", is_flag=True, help="Log what each stage does.")
def main(verbose: bool) -> None:
    """vanban: ai phải làm gì, trước khi nào — obligations, deadlines and citations from
    Vietnamese official documents."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for <id>.json files.")
@click.option("-j", "--jobs", type=int, default=1, show_default=True, help="Parallel processes (0 = all cores).")
def extract(paths: tuple[Path, ...], out_dir: Path, jobs: int) -> None:
    """Extract PATHS (files or folders) to OUT_DIR/<id>.json, valid against the shared schema.

    Exits 0 even when some files fail: each failure is one line on stderr."""
    files = list_inputs(paths)
    if not files:
        raise click.ClickException("no supported files (.pdf .docx .doc .txt .md .html) in the given paths")
    failed = 0
    for outcome in run_batch(files, _jobs(jobs) if jobs != 1 else 1):
        if outcome.record is not None:
            write(outcome.record, out_dir)
        else:
            failed += 1
            click.echo(f"error: {outcome.error}", err=True)
    click.echo(f"{len(files) - failed} extracted, {failed} failed → {out_dir}", err=True)


@main.command()
@click.argument("directory", required=False, default="corpus", type=click.Path(file_okay=False, path_type=Path))
@click.option("--extracted", "out_dir", default=DEFAULT_EXTRACTED, show_default=True, type=click.Path(path_type=Path))
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(path_type=Path))
@click.option("-j", "--jobs", type=int, default=0, help="Parallel processes (default: all cores).")
@click.option("-s", "--silent", is_flag=True, help="No progress bar.")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where extraction runs: local processes, or a Dask cluster (LocalCluster, or "
                   "DASK_SCHEDULER_ADDRESS).")
def ingest(directory: Path, out_dir: Path, db_path: Path, jobs: int, silent: bool, executor: str) -> None:
    """Extract what changed in DIRECTORY (default corpus/) and rebuild the database."""
    if not directory.is_dir():
        raise click.ClickException(f"{directory}: no such folder — put documents in corpus/ or name a folder")
    started = time.perf_counter()
    files = list_inputs([directory])
    errors: list[dict[str, str]] = []
    with click.progressbar(length=len(files), label="Đọc văn bản", file=sys.stderr,
                           hidden=silent or not files) as bar:

        def tick(outcome: Outcome) -> None:
            bar.update(1)
            if outcome.error:
                errors.append({"source": str(outcome.path), "error": outcome.error})

        outcomes, changed = incremental(files, out_dir, _jobs(jobs), tick, executor)
    for err in errors:
        click.echo(f"error: {err['error']}", err=True)
    rebuilt = changed or not db_path.exists()
    if rebuilt:
        from . import store  # imported only when there is something to store: a no-op run stays instant

        store.build(link_extracted(out_dir), db_path, errors)
    read = sum(1 for o in outcomes if o.record is not None)
    skipped = sum(1 for o in outcomes if o.skipped)
    click.echo(
        f"{read} read, {skipped} unchanged, {len(errors)} failed → {db_path} ({time.perf_counter() - started:.2f} s)",
        err=True,
    )
    # calendar/ beside data/ by default; beside any other database file otherwise
    cal_dir = DEFAULT_CALENDAR if db_path == DEFAULT_DB else db_path.parent / "calendar"
    if db_path.exists() and (rebuilt or not cal_dir.is_dir()):
        _calendars(db_path, cal_dir)


@main.command()
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(path_type=Path))
@click.option("-p", "--port", default=8001, show_default=True, type=int)
@click.option("--host", default="127.0.0.1", show_default=True)
def serve(db_path: Path, port: int, host: str) -> None:
    """Serve the database with Datasette (Vietnamese labels)."""
    from .publish import datasette_args

    if not db_path.exists():
        raise click.ClickException(f"{db_path} does not exist — run `vanban ingest` first")
    args = datasette_args(db_path, host=host, port=port)
    exe = shutil.which("datasette", path=str(Path(sys.executable).parent)) or "datasette"
    os.execv(exe, [exe, *args])


def _calendars(db_path: Path, out_dir: Path, base_url: str | None = None) -> list[Path]:
    from .calendar import DEFAULT_BASE_URL, CalendarSourceError, write_calendars

    try:
        written = write_calendars(db_path, out_dir, base_url or DEFAULT_BASE_URL)
    except (CalendarSourceError, OSError) as exc:
        click.echo(f"error: calendar: {exc}", err=True)
        return []
    click.echo(f"{len(written)} calendars → {out_dir}/", err=True)
    return written


@main.command()
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", default=DEFAULT_CALENDAR, show_default=True,
              type=click.Path(file_okay=False, path_type=Path))
@click.option("--base-url", default=None, help="Datasette database URL for links (default http://127.0.0.1:8001/vanban).")
def calendar(db_path: Path, out_dir: Path, base_url: str | None) -> None:
    """Write OUT/all.ics and OUT/<unit>.ics (VEVENT), OUT/*-tasks.ics (VTODO) from the database."""
    if not db_path.exists():
        raise click.ClickException(f"{db_path} does not exist — run `vanban ingest` first")
    if not _calendars(db_path, out_dir, base_url):
        sys.exit(1)


@main.command()
def doctor() -> None:
    """Say which optional engines (antiword, tesseract, libreoffice) are installed."""
    from .doctor import report

    for line in report():
        click.echo(line)


@main.command()
@click.option("--corpus", "corpus", default=Path("../shared/corpus"), show_default=True,
              type=click.Path(exists=True, file_okay=False, path_type=Path), help="Folder with dev/ and formats/.")
@click.option("--out", "out_dir", default=Path("bench/results"), show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder for the JSON results.")
@click.option("-j", "--jobs", type=int, default=0, help="Processes for the parallel runs (default: all cores).")
@click.option("--quick", is_flag=True, help="Small sizes (a smoke run of every measure).")
def bench(corpus: Path, out_dir: Path, jobs: int, quick: bool) -> None:
    """Measure speed and memory against the targets; print a table, write JSON to OUT."""
    from dataclasses import replace

    from .bench import QUICK, BenchOptions, run, save
    from .bench.report import table

    opts = BenchOptions(corpus=corpus, out_dir=out_dir, jobs=jobs)
    if quick:
        opts = replace(opts, **QUICK)  # type: ignore[arg-type]
    results = run(opts, progress=lambda name: click.echo(f"bench: {name} …", err=True))
    click.echo(table(results))
    click.echo(f"\n→ {save(results, out_dir)}", err=True)
