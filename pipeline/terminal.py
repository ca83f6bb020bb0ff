"""The terminal in Vietnamese: Click's help layout and its messages about a wrong command line
(words in data/terminal.yaml), vanban's `lỗi:` and `cảnh báo:` lines, and the log's level names.

`Group` is the class of the `vanban` group; every command and option made under it (with
`option` and `argument` here) gets the Vietnamese help. Click has no translations of its own:
its English words are known and replaced here, in one place."""
from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable, Sequence
from functools import cache, partial
from importlib import resources
from typing import Any, NoReturn

import click

from .datafiles import load_yaml


@cache
def words() -> dict[str, Any]:
    data = load_yaml(resources.files("pipeline").joinpath("data/terminal.yaml").read_text("utf-8"))
    return data if isinstance(data, dict) else {}


@cache
def _rules() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(pattern, re.DOTALL), template) for pattern, template in words()["messages"]]


def translate(message: str) -> str:
    """One of Click's English messages in Vietnamese (data/terminal.yaml `messages`), else as it is."""
    for pattern, template in _rules():
        m = pattern.fullmatch(message)
        if m:
            def fill(slot: re.Match[str], m: re.Match[str] = m) -> str:
                value = m[int(slot[1])]
                if value is None:
                    return ""
                value = translate(value)
                return slot[2].replace("@", value) if slot[2] is not None else value

            return re.sub(r"\{(\d)(?::([^}]*))?\}", fill, template)
    return message


def error(message: str) -> None:
    click.echo(f"lỗi: {message}", err=True)


def warning(message: str) -> None:
    click.echo(f"cảnh báo: {message}", err=True)


class Failure(click.ClickException):
    """A command's failure: `lỗi: <message>` on stderr, exit code 1."""

    def show(self, file: Any = None) -> None:
        error(self.format_message())


class Formatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, words()["usage"] if prefix is None else prefix)

    def section(self, name: str) -> Any:
        return super().section(words()["sections"].get(name, name))


class Context(click.Context):
    formatter_class = Formatter


class Option(click.Option):
    """An option whose value's name (metavar) and bracketed default are Vietnamese."""

    def make_metavar(self, ctx: click.Context) -> str:
        metavar = super().make_metavar(ctx)
        return str(words()["metavars"].get(metavar, metavar))

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        record = super().get_help_record(ctx)
        if record is None:
            return None
        name, help_ = record
        for english, ours in words()["extras"].items():
            help_ = help_.replace(f"[{english}", f"[{ours}").replace(f"; {english}", f"; {ours}")
        return name, help_


class Command(click.Command):
    context_class = Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", words()["options_metavar"])
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = words()["help_option"]
        return option


class Group(Command, click.Group):
    """The `vanban` group: its commands and subgroups are `Command`s and `Group`s, and whatever
    Click says about a wrong command line is said in Vietnamese."""

    command_class = Command
    group_class = type

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("subcommand_metavar", words()["subcommand_metavar"])
        super().__init__(*args, **kwargs)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:  # `vanban` alone: the help
            exc.show()
            sys.exit(exc.exit_code)
        except click.UsageError as exc:
            _usage_failed(exc)
        except click.ClickException as exc:
            error(exc.format_message() if isinstance(exc, Failure) else translate(exc.format_message()))
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo(words()["aborted"], err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


def _usage_failed(exc: click.UsageError) -> NoReturn:
    ctx = exc.ctx
    if ctx is not None:
        click.echo(ctx.get_usage(), err=True)
        names = ctx.command.get_help_option_names(ctx)
        if names and ctx.command.get_help_option(ctx) is not None:
            click.echo(words()["help_hint"].format(command=ctx.command_path, option=max(names, key=len)), err=True)
        click.echo(err=True)
    error(translate(exc.format_message()))
    sys.exit(exc.exit_code)


option: Callable[..., Any] = partial(click.option, cls=Option)
argument: Callable[..., Any] = click.argument


def version_option(version: str) -> Callable[..., Any]:
    return click.version_option(version, "--version", prog_name="vanban", message="%(prog)s, phiên bản %(version)s",
                                help=words()["version_option"])


# the log's level names (`vanban -v`, and the warnings a library logs during a run)
LEVELS = {"DEBUG": "gỡ lỗi", "INFO": "thông tin", "WARNING": "cảnh báo", "ERROR": "lỗi", "CRITICAL": "lỗi nặng"}


class LogFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return f"{LEVELS.get(record.levelname, record.levelname)} {record.name}: {record.getMessage()}" + (
            "\n" + self.formatException(record.exc_info) if record.exc_info else "")


class ServerLog(logging.Handler):
    """`vanban serve`'s log, one line each: Uvicorn's lines in Vietnamese (data/terminal.yaml `server`),
    `lỗi:` and `cảnh báo:` before an error's or a warning's line, the requests only when verbose, a
    traceback only when verbose."""

    def __init__(self, host: str, port: int, verbose: bool = False) -> None:
        super().__init__(logging.DEBUG if verbose else logging.INFO)
        self.host, self.port, self.verbose = host, port, verbose

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.line(record)
            if line is not None:
                click.echo(line, err=True)
            if self.verbose and record.exc_info:
                click.echo(logging.Formatter().formatException(record.exc_info), err=True)
        except Exception:
            self.handleError(record)

    def line(self, record: logging.LogRecord) -> str | None:
        said = words()["server"]
        prefix = {"WARNING": "cảnh báo: ", "ERROR": "lỗi: ", "CRITICAL": "lỗi: "}.get(record.levelname, "")
        if record.name == "uvicorn.access":
            if not self.verbose or not isinstance(record.args, tuple) or len(record.args) != 5:
                return None
            client, method, path, _version, status = record.args
            return str(said["request"]) % {"client": client, "method": method, "path": path, "status": status}
        if isinstance(record.msg, OSError):  # the address could not be opened
            values = {"host": self.host, "port": self.port, "other": self.port + 1, "error": record.msg.strerror}
            template = said["bind"].get(record.msg.errno, said["bind_other"])
            return prefix + str(template) % values
        if isinstance(record.msg, str) and record.msg in said["lines"]:
            template = said["lines"][record.msg]
            text = None if template is None else str(template) % record.args if "%" in template else str(template)
        elif record.levelno < logging.WARNING:
            text = record.getMessage() if self.verbose else None
        else:
            text = record.getMessage() if record.name.startswith("vanban") else str(said["other"]) % record.getMessage()
        if text is None:
            return None
        if record.exc_info and record.exc_info[1] is not None:
            text = f"{text.rstrip()}: {type(record.exc_info[1]).__name__}: {record.exc_info[1]}"
        return prefix + " ".join(text.split())


def server_log_config(host: str, port: int, verbose: bool = False) -> dict[str, Any]:
    """The logging configuration of `vanban serve` (for Uvicorn's `log_config`): Uvicorn's loggers and
    the site's own (`vanban.site`) write through ServerLog only."""
    loggers = ("uvicorn", "uvicorn.error", "uvicorn.access", "vanban.site")
    return {"version": 1, "disable_existing_loggers": False,
            "handlers": {"vanban": {"()": ServerLog, "host": host, "port": port, "verbose": verbose}},
            "loggers": {name: {"handlers": ["vanban"], "level": "DEBUG" if verbose else "INFO", "propagate": False}
                        for name in loggers}}
