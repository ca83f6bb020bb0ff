"""The `vanban` command: extract, ingest, serve, calendar, doctor.

Library errors become one clear line naming the file; a batch goes on past a bad file. Everything
it prints is Vietnamese (office staff run it): its own lines here, the library's in errors.py,
Click's in terminal.py."""
from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import click

from . import __version__, manifest
from .errors import IngestBusy
from .executors import ExecutorUnavailable
from .extracted import write
from .ingest import Outcome, file_hash, incremental, link_extracted, run_batch
from .inputs import document_ids, scan
from .limits import MIB, Limits
from .lock import exclusive
from .terminal import (
    Failure,
    Group,
    LogFormatter,
    argument,
    error,
    option,
    server_log_config,
    version_option,
    warning,
)

DEFAULT_DB = Path("data/vanban.db")
DEFAULT_EXTRACTED = Path("extracted")
DEFAULT_CALENDAR = Path("calendar")


def _jobs(value: int | None) -> int:
    return value if value and value > 0 else (os.cpu_count() or 1)


@click.group("vanban", cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@version_option(__version__)
@option("-v", "--verbose", is_flag=True, help="Ghi lại từng bước đã làm (để tìm lỗi).")
def main(verbose: bool) -> None:
    """vanban: ai phải làm gì, trước khi nào — nhiệm vụ, thời hạn và văn bản được trích dẫn trong
    văn bản hành chính."""
    handler = logging.StreamHandler()
    handler.setFormatter(LogFormatter())
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, handlers=[handler])


def limit_options(command: Callable[..., None]) -> Callable[..., None]:
    """The per-file limits (limits.Limits), the same for `extract` and `ingest`."""
    d = Limits()
    for decorate in reversed([
        option("--time-limit", "seconds", type=float, default=d.seconds, show_default=True,
               help="Số giây tối đa cho một tệp (0 = không giới hạn)."),
        option("--max-file", "max_file", type=int, default=d.file_bytes // MIB, show_default=True,
               help="Tệp lớn nhất được đọc, tính bằng MiB."),
        option("--max-xml", "max_xml", type=int, default=d.xml_bytes // MIB, show_default=True,
               help="Phần XML lớn nhất một tệp DOCX được giải nén ra, tính bằng MiB."),
        option("--max-text", "max_text", type=int, default=d.text_chars // MIB, show_default=True,
               help="Số chữ nhiều nhất một tệp được cho ra, tính bằng triệu ký tự (Mi)."),
    ]):
        command = decorate(command)
    return command


def _limits(seconds: float, max_file: int, max_xml: int, max_text: int) -> Limits:
    return Limits(seconds=seconds, file_bytes=max_file * MIB, xml_bytes=max_xml * MIB, text_chars=max_text * MIB)


def _warnings(outcome: Outcome) -> None:
    for text in (outcome.record or {}).get("document", {}).get("warnings", []):
        warning(f"{outcome.path}: {text}")


@main.command()
@argument("paths", nargs=-1, required=True, metavar="TỆP_HOẶC_THƯ_MỤC...",
          type=click.Path(exists=True, path_type=Path))
@option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
        help="Thư mục ghi các tệp <mã>.json.")
@option("-j", "--jobs", type=int, default=1, show_default=True, help="Số tiến trình chạy song song (0 = mọi lõi CPU).")
@limit_options
def extract(paths: tuple[Path, ...], out_dir: Path, jobs: int, seconds: float, max_file: int, max_xml: int,
            max_text: int) -> None:
    """Trích xuất các tệp (hoặc mọi tệp của các thư mục) đã cho ra OUT/<mã>.json, đúng lược đồ chung.

    Vẫn thoát với mã 0 khi có tệp lỗi: mỗi tệp lỗi là một dòng `lỗi:`."""
    files, refused = scan(paths)
    for problem in refused:
        error(str(problem))
    if not files:
        raise Failure("không có tệp nào đọc được (.pdf .docx .doc .txt .md .html) trong các đường dẫn đã cho")
    failed = 0
    limits = _limits(seconds, max_file, max_xml, max_text)
    for outcome in run_batch(document_ids(files), _jobs(jobs) if jobs != 1 else 1, limits=limits):
        if outcome.record is not None:
            write(outcome.record, out_dir)
            _warnings(outcome)
        else:
            failed += 1
            error(str(outcome.error))
    click.echo(f"{len(files) - failed} tệp đã trích xuất, {failed + len(refused)} tệp lỗi → {out_dir}", err=True)


@main.command()
@argument("directory", required=False, default="corpus", metavar="[THƯ_MỤC]",
          type=click.Path(file_okay=False, path_type=Path))
@option("--extracted", "out_dir", default=DEFAULT_EXTRACTED, show_default=True, type=click.Path(path_type=Path),
        help="Thư mục giữ kết quả trích xuất của từng tệp.")
@option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(path_type=Path),
        help="Tệp cơ sở dữ liệu.")
@option("-j", "--jobs", type=int, default=0, help="Số tiến trình chạy song song (mặc định: mọi lõi CPU).")
@option("-s", "--silent", is_flag=True, help="Không hiện thanh tiến độ.")
@option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
        help="Nơi chạy trích xuất: các tiến trình trên máy này (local), hoặc một cụm Dask (LocalCluster, "
             "hoặc DASK_SCHEDULER_ADDRESS).")
@option("--no-wait", is_flag=True, help="Báo lỗi ngay khi một lần nạp khác đang chạy (mặc định: chờ nó xong).")
@option("--units", "units_file", default=None, type=click.Path(dir_okay=False, path_type=Path),
        help="Các đơn vị của cơ quan và nhóm của chúng (mặc định: units.yaml cạnh THƯ_MỤC; "
             "xem units.example.yaml).")
@limit_options
def ingest(directory: Path, out_dir: Path, db_path: Path, jobs: int, silent: bool, executor: str, no_wait: bool,
           units_file: Path | None, seconds: float, max_file: int, max_xml: int, max_text: int) -> None:
    """Nạp văn bản: trích xuất những tệp đã đổi trong THƯ_MỤC (mặc định corpus/) rồi dựng lại cơ sở dữ liệu.

    Mỗi lúc chỉ một lần nạp: lần thứ hai chờ (hoặc, với --no-wait, báo có lần nạp khác đang chạy).
    Kết quả của từng tệp được giữ ngay khi xong; lần nạp bị ngắt giữa chừng được lần sau làm tiếp."""
    if not directory.is_dir():
        raise Failure(f"{directory}: không có thư mục này — đặt văn bản vào corpus/ hoặc ghi tên một thư mục")
    started = time.perf_counter()
    try:
        with exclusive([out_dir, db_path], wait=not no_wait, waiting=lambda line: click.echo(line, err=True)):
            _ingest(directory, out_dir, db_path, _jobs(jobs), silent, executor,
                    _limits(seconds, max_file, max_xml, max_text), started, units_file)
    except (IngestBusy, ExecutorUnavailable) as exc:
        raise Failure(str(exc)) from None


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
    for problem in refused:
        error(str(problem))
    for outcome in batch.outcomes:
        if outcome.error:
            error(outcome.error + (" (tệp không đổi)" if outcome.skipped else ""))
        _warnings(outcome)
    entries = {**batch.entries, **{f"refused:{e.path}": {"source": e.path, "error": str(e)} for e in refused}}
    errors = [{"source": e.path, "error": str(e), "kind": type(e).__name__} for e in refused] + batch.errors()
    from . import corrections

    office_path = units_file or directory.parent / "units.yaml"  # an edit of the office's unit file rebuilds
    office_stamp = manifest.digest({"units": {"sha256": file_hash(office_path)}}) if office_path.is_file() else ""
    state = (manifest.digest(entries) + corrections.stamp(db_path.with_name("followup.db")) + office_stamp
             + manifest.code_stamp())
    rebuilt = manifest.built_from(db_path) != state
    if rebuilt:
        from . import store  # imported only when there is something to store: a no-op run stays instant
        from .errors import VanbanError
        from .resolve.office import Office, load_office


        try:
            office = load_office(office_path)
        except VanbanError as exc:
            error(f"{exc} — chỉ dùng các đơn vị có trong văn bản")
            office = Office()
        store.build(link_extracted(out_dir, db_path.with_name("followup.db"), office), db_path, errors,
                    state={"manifest": state}, office=office.rows())
    read = sum(1 for o in batch.outcomes if o.record is not None)
    skipped = sum(1 for o in batch.outcomes if o.skipped and not o.error)
    click.echo(
        f"{read} tệp đã đọc, {skipped} tệp không đổi, {len(errors)} tệp lỗi → {db_path}"
        f" ({time.perf_counter() - started:.2f} giây)",
        err=True,
    )
    # calendar/ beside data/ by default; beside any other database file otherwise
    cal_dir = DEFAULT_CALENDAR if db_path == DEFAULT_DB else db_path.parent / "calendar"
    made_from = cal_dir / ".built-from"
    if db_path.exists() and (rebuilt or not made_from.is_file() or made_from.read_text("ascii") != state) \
            and _calendars(db_path, cal_dir):
        made_from.write_text(state, "ascii")  # after the calendars: a killed run rewrites them next time


@main.command()
@option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(path_type=Path), help="Tệp cơ sở dữ liệu.")
@option("-p", "--port", default=8001, show_default=True, type=int, help="Cổng của trang.")
@option("--host", default="127.0.0.1", show_default=True,
        help="Địa chỉ trang nghe: 127.0.0.1 (chỉ máy này) hoặc 0.0.0.0 (mọi máy trong mạng của cơ quan).")
def serve(db_path: Path, port: int, host: str) -> None:
    """Mở trang tra cứu (Datasette, giao diện tiếng Việt) trên cơ sở dữ liệu."""
    from .publish import serve as run

    if not db_path.exists():
        raise Failure(f"{db_path}: chưa có cơ sở dữ liệu — chạy `vanban ingest` (hoặc make ingest) trước")
    for line in serve_warnings(host):
        warning(line)
    # the web server's log in Vietnamese: where the site is once it listens, one line per error
    run(db_path, host=host, port=port,
        log_config=server_log_config(host, port, verbose=logging.getLogger().isEnabledFor(logging.DEBUG)))


def serve_warnings(host: str, env: dict[str, str] | None = None) -> list[str]:
    """What to tell whoever serves the site beyond this machine (each a `cảnh báo:` line)."""
    from . import accounts

    found = accounts.load_quietly(env)
    lines = [found.problem] if found.problem else []
    if host in ("127.0.0.1", "localhost", "::1"):
        return lines
    if not found.accounts:
        lines.append(f"trang mở cho các máy khác ({host}) mà chưa có tài khoản nào: ai cũng xem được, "
                     "không ai ghi được theo dõi — thêm tài khoản: vanban account add TÊN --name \"Họ tên\"")
    lines.append("trang chạy HTTP không mã hoá: chỉ mở trong mạng nội bộ của cơ quan")
    return lines


@main.group()
def account() -> None:
    """Tài khoản của cán bộ (tệp $VANBAN_ACCOUNTS, mặc định ~/.config/vanban/accounts)."""


@account.command("add")
@argument("account_id", metavar="TÊN")
@option("--name", default="", help="Họ tên hiển thị, vd. \"Nguyễn Thị Lan\".")
@option("--password", default=None, help="Mật khẩu; không ghi thì được hỏi (chữ gõ không hiện).")
def account_add(account_id: str, name: str, password: str | None) -> None:
    """Thêm (hoặc thay) tài khoản TÊN; mật khẩu được lưu dưới dạng băm."""
    from . import accounts

    while password is None:  # asked here, not by Click: its mismatch message is English
        first = click.prompt("Mật khẩu", hide_input=True)
        if click.prompt("Nhập lại mật khẩu", hide_input=True) == first:
            password = first
        else:
            error("hai lần nhập không giống nhau, xin nhập lại")

    path = accounts.accounts_file()
    try:
        accounts.add(path, account_id, password, name)
    except accounts.AccountError as exc:
        raise Failure(str(exc)) from exc
    click.echo(f"đã lưu tài khoản {account_id} vào {path} (trang đang chạy nhận ngay, không cần chạy lại)", err=True)


@account.command("list")
def account_list() -> None:
    """Liệt kê các tài khoản (chỉ tên)."""
    from . import accounts

    found = accounts.load_quietly()
    if found.problem:
        raise Failure(found.problem)
    for a in found.accounts.values():
        click.echo(f"{a.id}\t{a.name}")


def _calendars(db_path: Path, out_dir: Path, base_url: str | None = None, alarm: int | None = None) -> list[Path]:
    from .calendar import ALARM_DAYS, CalendarSourceError, write_calendars

    try:
        written = write_calendars(db_path, out_dir, base_url, ALARM_DAYS if alarm is None else alarm)
    except (CalendarSourceError, OSError) as exc:
        error(f"lịch: {exc}")
        return []
    click.echo(f"{len(written)} tệp lịch → {out_dir}/", err=True)
    return written


@main.command()
@option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(path_type=Path), help="Tệp cơ sở dữ liệu.")
@option("--out", "out_dir", default=DEFAULT_CALENDAR, show_default=True, help="Thư mục ghi các tệp lịch.",
              type=click.Path(file_okay=False, path_type=Path))
@option("--base-url", default=None, help="Địa chỉ trang mà đồng nghiệp gõ để mở, cho đường dẫn tới trang của từng "
        "việc, vd. http://may-chu:8001 (mặc định $VANBAN_BASE_URL, không có thì lịch không kèm đường dẫn).")
@option("--alarm", type=click.IntRange(min=0), default=None,
        help="Nhắc trước hạn bấy nhiêu ngày (mặc định 3).")
def calendar(db_path: Path, out_dir: Path, base_url: str | None, alarm: int | None) -> None:
    """Ghi lịch từ cơ sở dữ liệu: OUT/all.ics và OUT/<đơn vị>.ics (sự kiện), OUT/*-tasks.ics (việc cần làm)."""
    if not db_path.exists():
        raise Failure(f"{db_path}: chưa có cơ sở dữ liệu — chạy `vanban ingest` (hoặc make ingest) trước")
    if not _calendars(db_path, out_dir, base_url, alarm):
        sys.exit(1)


@main.command()
def doctor() -> None:
    """Cho biết các chương trình phụ (antiword, tesseract, libreoffice) đã cài hay chưa."""
    from .doctor import report

    for line in report():
        click.echo(line)


@main.command()
@option("--corpus", "corpus", default=Path("../shared/corpus"), show_default=True,
        type=click.Path(exists=True, file_okay=False, path_type=Path), help="Thư mục có dev/ và formats/.")
@option("--out", "out_dir", default=Path("bench/results"), show_default=True,
        type=click.Path(file_okay=False, path_type=Path), help="Thư mục ghi kết quả JSON.")
@option("-j", "--jobs", type=int, default=0, help="Số tiến trình cho các phép đo song song (mặc định: mọi lõi CPU).")
@option("--quick", is_flag=True, help="Cỡ nhỏ (chạy thử nhanh mọi phép đo).")
def bench(corpus: Path, out_dir: Path, jobs: int, quick: bool) -> None:
    """Đo tốc độ và bộ nhớ so với mục tiêu; in một bảng, ghi JSON vào OUT."""
    from dataclasses import replace

    from .bench import QUICK, BenchOptions, run, save
    from .bench.report import table

    opts = BenchOptions(corpus=corpus, out_dir=out_dir, jobs=jobs)
    if quick:
        opts = replace(opts, **QUICK)  # type: ignore[arg-type]
    results = run(opts, progress=lambda name: click.echo(f"đo: {name} …", err=True))
    click.echo(table(results))
    click.echo(f"\n→ {save(results, out_dir)}", err=True)
