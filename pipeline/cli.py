"""The `vanban` command: extract, ingest, serve, calendar, doctor.

Library errors become one clear line naming the file; a batch goes on past a bad file."""
from __future__ import annotations

import logging
import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

import click

from . import __version__, manifest
from .errors import IngestBusy
from .extracted import write
from .ingest import Outcome, file_hash, incremental, link_extracted, run_batch
from .inputs import document_ids, scan
from .limits import MIB, Limits
from .lock import exclusive

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


def limit_options(command: Callable[..., None]) -> Callable[..., None]:
    """The per-file limits (limits.Limits), the same for `extract` and `ingest`."""
    d = Limits()
    for option in reversed([
        click.option("--time-limit", "seconds", type=float, default=d.seconds, show_default=True,
                     help="Seconds one file may take (0 = no limit)."),
        click.option("--max-file", "max_file", type=int, default=d.file_bytes // MIB, show_default=True,
                     help="Largest file read, in MiB."),
        click.option("--max-xml", "max_xml", type=int, default=d.xml_bytes // MIB, show_default=True,
                     help="Largest XML a DOCX may unzip to, in MiB."),
        click.option("--max-text", "max_text", type=int, default=d.text_chars // MIB, show_default=True,
                     help="Most text one file may give, in millions of characters (Mi)."),
    ]):
        command = option(command)
    return command


def _limits(seconds: float, max_file: int, max_xml: int, max_text: int) -> Limits:
    return Limits(seconds=seconds, file_bytes=max_file * MIB, xml_bytes=max_xml * MIB, text_chars=max_text * MIB)


def _warnings(outcome: Outcome) -> None:
    for warning in (outcome.record or {}).get("document", {}).get("warnings", []):
        click.echo(f"warning: {outcome.path}: {warning}", err=True)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for <id>.json files.")
@click.option("-j", "--jobs", type=int, default=1, show_default=True, help="Parallel processes (0 = all cores).")
@limit_options
def extract(paths: tuple[Path, ...], out_dir: Path, jobs: int, seconds: float, max_file: int, max_xml: int,
            max_text: int) -> None:
    """Extract PATHS (files or folders) to OUT_DIR/<id>.json, valid against the shared schema.

    Exits 0 even when some files fail: each failure is one line on stderr."""
    files, refused = scan(paths)
    for error in refused:
        click.echo(f"error: {error}", err=True)
    if not files:
        raise click.ClickException("no supported files (.pdf .docx .doc .txt .md .html) in the given paths")
    failed = 0
    limits = _limits(seconds, max_file, max_xml, max_text)
    for outcome in run_batch(document_ids(files), _jobs(jobs) if jobs != 1 else 1, limits=limits):
        if outcome.record is not None:
            write(outcome.record, out_dir)
            _warnings(outcome)
        else:
            failed += 1
            click.echo(f"error: {outcome.error}", err=True)
    click.echo(f"{len(files) - failed} extracted, {failed + len(refused)} failed → {out_dir}", err=True)


@main.command()
@click.argument("directory", required=False, default="corpus", type=click.Path(file_okay=False, path_type=Path))
@click.option("--extracted", "out_dir", default=DEFAULT_EXTRACTED, show_default=True, type=click.Path(path_type=Path))
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(path_type=Path))
@click.option("-j", "--jobs", type=int, default=0, help="Parallel processes (default: all cores).")
@click.option("-s", "--silent", is_flag=True, help="No progress bar.")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where extraction runs: local processes, or a Dask cluster (LocalCluster, or "
                   "DASK_SCHEDULER_ADDRESS).")
@click.option("--no-wait", is_flag=True, help="Fail at once when another ingest is running (default: wait for it).")
@click.option("--units", "units_file", default=None, type=click.Path(dir_okay=False, path_type=Path),
              help="The office's own units and their groups (default: units.yaml beside DIRECTORY; "
                   "see units.example.yaml).")
@limit_options
def ingest(directory: Path, out_dir: Path, db_path: Path, jobs: int, silent: bool, executor: str, no_wait: bool,
           units_file: Path | None, seconds: float, max_file: int, max_xml: int, max_text: int) -> None:
    """Extract what changed in DIRECTORY (default corpus/) and rebuild the database.

    One ingest at a time: a second one waits (or, with --no-wait, says another is running).
    Results are kept as each file finishes; an interrupted ingest is completed by the next one."""
    if not directory.is_dir():
        raise click.ClickException(f"{directory}: no such folder — put documents in corpus/ or name a folder")
    started = time.perf_counter()
    try:
        with exclusive([out_dir, db_path], wait=not no_wait, waiting=lambda line: click.echo(line, err=True)):
            _ingest(directory, out_dir, db_path, _jobs(jobs), silent, executor,
                    _limits(seconds, max_file, max_xml, max_text), started, units_file)
    except IngestBusy as exc:
        raise click.ClickException(str(exc)) from None


def _ingest(directory: Path, out_dir: Path, db_path: Path, jobs: int, silent: bool, executor: str, limits: Limits,
            started: float, units_file: Path | None = None) -> None:
    for leftover in manifest.leftovers(out_dir, db_path):  # of a killed run: we hold the lock
        leftover.unlink()
    files, refused = scan([directory])
    with click.progressbar(length=len(files), label="Đọc văn bản", file=sys.stderr, hidden=silent or not files,
                           item_show_func=lambda name: name) as bar:

        def tick(outcome: Outcome) -> None:
            bar.update(1)

        def waiting(path: Path) -> None:
            bar.update(0, path.name)  # the file being read: a slow one is named while it is
            bar.render_progress()  # update(0, …) alone waits for the next step to show it

        batch = incremental(files, out_dir, jobs, tick, executor, limits, waiting)
    for error in refused:
        click.echo(f"error: {error}", err=True)
    for outcome in batch.outcomes:
        if outcome.error:
            click.echo(f"error: {outcome.error}" + (" (unchanged)" if outcome.skipped else ""), err=True)
        _warnings(outcome)
    entries = {**batch.entries, **{f"refused:{e.path}": {"source": e.path, "error": str(e)} for e in refused}}
    errors = [{"source": e.path, "error": str(e), "kind": type(e).__name__} for e in refused] + batch.errors()
    from . import corrections

    office_path = units_file or directory.parent / "units.yaml"  # an edit of the office's unit file rebuilds
    office_stamp = manifest.digest({"units": {"sha256": file_hash(office_path)}}) if office_path.is_file() else ""
    state = manifest.digest(entries) + corrections.stamp(db_path.with_name("followup.db")) + office_stamp
    rebuilt = manifest.built_from(db_path) != state
    if rebuilt:
        from . import store  # imported only when there is something to store: a no-op run stays instant
        from .errors import VanbanError
        from .resolve.office import Office, load_office


        try:
            office = load_office(office_path)
        except VanbanError as exc:
            click.echo(f"error: {exc} — the units of the documents are used alone", err=True)
            office = Office()
        store.build(link_extracted(out_dir, db_path.with_name("followup.db"), office), db_path, errors,
                    state={"manifest": state}, office=office.rows())
    read = sum(1 for o in batch.outcomes if o.record is not None)
    skipped = sum(1 for o in batch.outcomes if o.skipped and not o.error)
    click.echo(
        f"{read} read, {skipped} unchanged, {len(errors)} failed → {db_path} ({time.perf_counter() - started:.2f} s)",
        err=True,
    )
    # calendar/ beside data/ by default; beside any other database file otherwise
    cal_dir = DEFAULT_CALENDAR if db_path == DEFAULT_DB else db_path.parent / "calendar"
    made_from = cal_dir / ".built-from"
    if db_path.exists() and (rebuilt or not made_from.is_file() or made_from.read_text("ascii") != state) \
            and _calendars(db_path, cal_dir):
        made_from.write_text(state, "ascii")  # after the calendars: a killed run rewrites them next time


@main.command()
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(path_type=Path))
@click.option("-p", "--port", default=8001, show_default=True, type=int)
@click.option("--host", default="127.0.0.1", show_default=True)
def serve(db_path: Path, port: int, host: str) -> None:
    """Serve the database with Datasette (Vietnamese labels)."""
    from .publish import datasette_args

    if not db_path.exists():
        raise click.ClickException(f"{db_path} does not exist — run `vanban ingest` first")
    for line in serve_warnings(host):
        click.echo(line, err=True)
    args = datasette_args(db_path, host=host, port=port)
    exe = shutil.which("datasette", path=str(Path(sys.executable).parent)) or "datasette"
    os.execv(exe, [exe, *args])


def serve_warnings(host: str, env: dict[str, str] | None = None) -> list[str]:
    """What to tell whoever serves the site beyond this machine (in Vietnamese: office staff run it)."""
    from . import accounts

    found = accounts.load_quietly(env)
    lines = [f"cảnh báo: {found.problem}"] if found.problem else []
    if host in ("127.0.0.1", "localhost", "::1"):
        return lines
    if not found.accounts:
        lines.append(f"cảnh báo: trang mở cho các máy khác ({host}) mà chưa có tài khoản nào: ai cũng xem được, "
                     "không ai ghi được theo dõi — thêm tài khoản: vanban account add TÊN --name \"Họ tên\"")
    lines.append("cảnh báo: trang chạy HTTP không mã hoá: chỉ mở trong mạng nội bộ của cơ quan")
    return lines


@main.group()
def account() -> None:
    """Staff accounts (file $VANBAN_ACCOUNTS, default ~/.config/vanban/accounts)."""


@account.command("add")
@click.argument("account_id")
@click.option("--name", default="", help="Họ tên hiển thị, vd. \"Nguyễn Thị Lan\".")
@click.password_option("--password", prompt="Mật khẩu", confirmation_prompt="Nhập lại mật khẩu",
                       help="Hỏi khi không ghi.")
def account_add(account_id: str, name: str, password: str) -> None:
    """Add or replace the account ACCOUNT_ID (the password is stored hashed)."""
    from . import accounts

    path = accounts.accounts_file()
    try:
        accounts.add(path, account_id, password, name)
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"đã lưu tài khoản {account_id} vào {path} (trang đang chạy nhận ngay, không cần chạy lại)", err=True)


@account.command("list")
def account_list() -> None:
    """List the accounts (names only)."""
    from . import accounts

    found = accounts.load_quietly()
    if found.problem:
        raise click.ClickException(found.problem)
    for a in found.accounts.values():
        click.echo(f"{a.id}\t{a.name}")


def _calendars(db_path: Path, out_dir: Path, base_url: str | None = None, alarm: int | None = None) -> list[Path]:
    from .calendar import ALARM_DAYS, CalendarSourceError, write_calendars

    try:
        written = write_calendars(db_path, out_dir, base_url, ALARM_DAYS if alarm is None else alarm)
    except (CalendarSourceError, OSError) as exc:
        click.echo(f"error: calendar: {exc}", err=True)
        return []
    click.echo(f"{len(written)} calendars → {out_dir}/", err=True)
    return written


@main.command()
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", default=DEFAULT_CALENDAR, show_default=True,
              type=click.Path(file_okay=False, path_type=Path))
@click.option("--base-url", default=None, help="The address colleagues reach the site at, for the links to each "
              "duty's page, e.g. http://may-chu:8001 (default $VANBAN_BASE_URL, else no links).")
@click.option("--alarm", type=click.IntRange(min=0), default=None, help="Reminder this many days before each due day (default 3).")
def calendar(db_path: Path, out_dir: Path, base_url: str | None, alarm: int | None) -> None:
    """Write OUT/all.ics and OUT/<unit>.ics (VEVENT), OUT/*-tasks.ics (VTODO) from the database."""
    if not db_path.exists():
        raise click.ClickException(f"{db_path} does not exist — run `vanban ingest` first")
    if not _calendars(db_path, out_dir, base_url, alarm):
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
