"""The terminal speaks Vietnamese: the lines of an ingest, every `--help`, Click's messages about a
wrong command line (tests/cases/terminal.yaml) and the log's level names."""
from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.terminal import LogFormatter, translate

from .conftest import DEV

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "terminal.yaml").read_text("utf-8"))
# English words a clerk must never meet in a --help: Click's own (headings, brackets, metavars,
# the help option) and those of vanban's former English help
ENGLISH = {"usage", "options", "commands", "arguments", "show", "this", "message", "exit", "default", "required",
           "integer", "float", "text", "path", "directory", "file", "files", "folder", "error", "try", "the",
           "and", "of", "for", "with", "from", "each", "one", "all", "extract", "write", "serve",
           "database", "log", "parallel", "processes", "seconds", "limit", "largest", "most", "reminder", "days",
           "before", "when", "wait", "fail", "progress", "bar", "list", "names", "only", "add", "replace",
           "password", "stored", "say", "which", "installed", "measure", "speed", "memory", "small", "sizes",
           "version", "command", "args", "where", "runs"}


def _commands(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = [path]
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            out += _commands(command, (*path, name))
        else:
            out.append((*path, name))
    return out


@pytest.mark.parametrize("path", _commands(main), ids=lambda p: " ".join(p) or "vanban")
def test_no_help_has_an_english_word(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Cách dùng: vanban {' '.join(path)}".rstrip() + " ")
    assert "Tuỳ chọn:" in result.output and "Hiện trợ giúp này rồi thoát." in result.output
    assert not _english(result.output), result.output


def _english(help_text: str) -> set[str]:
    """The words of ENGLISH in a help text, leaving out what the user types: the usage line,
    command names, option names, paths and variables."""
    lines, in_commands = [], False
    for line in help_text.splitlines()[1:]:
        if line and not line.startswith(" "):
            in_commands = line == "Lệnh:"
        lines.append(line.split(maxsplit=1)[-1] if in_commands and line.startswith("  ") else line)
    words = re.findall(r"(?<![-\w./$<{~])[A-Za-z]+(?!\w|[/>}]|\.\w)", "\n".join(lines))
    return {w.lower() for w in words} & ENGLISH


def test_bad_file_and_good_file_in_vietnamese(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(DEV / "050_cv-vpcp.txt", corpus)
    (corpus / "hong.docx").write_bytes(b"\x00\x01 not a Word file " * 40)
    args = ["ingest", str(corpus), "--extracted", str(tmp_path / "ex"), "--db", str(tmp_path / "v.db"), "-j", "1"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert f"lỗi: {corpus / 'hong.docx'}: tệp Word (.docx) bị hỏng: nội dung không đọc được (dữ liệu nhị phân)" \
           " — xin bên gửi bản khác, hoặc mở rồi lưu lại" in lines
    summary = [line for line in lines if "tệp đã đọc" in line]
    assert len(summary) == 1 and re.fullmatch(
        rf"1 tệp đã đọc, 0 tệp không đổi, 1 tệp lỗi → {re.escape(str(tmp_path / 'v.db'))} \(\d+\.\d\d giây\)",
        summary[0]), summary
    assert any(re.fullmatch(rf"\d+ tệp lịch → {re.escape(str(tmp_path / 'calendar'))}/", line) for line in lines), lines
    assert lines[0].startswith("Đọc văn bản")  # the progress bar
    again = CliRunner().invoke(main, args + ["-s"])
    assert f"lỗi: {corpus / 'hong.docx'}: tệp Word (.docx) bị hỏng" in again.stderr
    assert "0 tệp đã đọc, 1 tệp không đổi, 1 tệp lỗi" in again.stderr


def test_command_failure_is_one_vietnamese_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "none.db")])
    assert (result.exit_code, result.stderr) == (
        1, f"lỗi: {tmp_path / 'none.db'}: chưa có cơ sở dữ liệu — chạy `vanban ingest` (hoặc make ingest) trước\n")


@pytest.mark.parametrize("case", CASES["wrong"], ids=lambda c: " ".join(c["args"]) or "vanban")
def test_wrong_command_line(case: dict[str, Any], tmp_path: Path) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in case["args"]]
    result = CliRunner().invoke(main, args)
    lines = result.stderr.splitlines()
    assert result.exit_code == 2, result.output
    assert lines[-1] == case["line"].replace("{tmp}", str(tmp_path))
    if case["usage"]:  # Click knows the command the line was for
        assert lines[0] == case["usage"]
        assert "Xem 'vanban" in lines[1] and "--help' để biết cách dùng." in lines[1]
    else:
        assert len(lines) == 1


def test_a_message_click_did_not_foresee_stays_whole() -> None:
    assert translate("Something new.") == "Something new."


def test_the_english_check_can_fail() -> None:
    assert _english("Cách dùng: vanban [OPTIONS]\n\nTuỳ chọn:\n  --out DIR  Folder for the files.\n") == {
        "folder", "for", "the", "files"}


def test_log_lines_name_their_level_in_vietnamese() -> None:
    record = logging.LogRecord("pipeline.read.ocr", logging.WARNING, __file__, 1, "không ghi được %s", ("x",), None)
    assert LogFormatter().format(record) == "cảnh báo pipeline.read.ocr: không ghi được x"
