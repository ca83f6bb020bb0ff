"""The test suite and the developer tools of tests/ (robustness, fuzz, eval_rules) stop with one
line naming the missing shared folder when ../shared is not beside the tree, not with a traceback."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from . import eval_rules, fuzz, robustness
from .conftest import ROOT


def _one_line(message: object, tool: str, missing: Path) -> None:
    text = str(message)
    assert text.startswith(f"lỗi: {tool}: ") and str(missing) in text and "\n" not in text


def test_robustness_without_shared_says_so_in_one_line(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "tests.robustness", "--kills", "1", "--pairs", "0", "--shared",
                           str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and not proc.stdout
    _one_line(proc.stderr.rstrip("\n"), "tests.robustness", tmp_path / "corpus" / "dev")


def test_robustness_trials_check_shared_before_any_ingest(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        robustness.trials(1, 1, shared=tmp_path)
    _one_line(exc.value.code, "tests.robustness", tmp_path / "corpus" / "dev")


def test_eval_rules_without_shared_says_so_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "eval").mkdir()  # score.py's folder there, the gold files not
    with pytest.raises(SystemExit) as exc:
        eval_rules.main(["--shared", str(tmp_path)])
    _one_line(exc.value.code, "tests.eval_rules", tmp_path / "corpus" / "dev" / "gold")


def test_fuzz_without_shared_says_so_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fuzz, "DEFAULT", tmp_path)  # a tree with no ../shared beside it
    with pytest.raises(SystemExit) as exc:
        fuzz.main(["--count", "1", "--out", str(tmp_path / "out")])
    _one_line(exc.value.code, "tests.fuzz", tmp_path / "corpus" / "dev")
    assert not (tmp_path / "out").exists()


def test_the_suite_without_shared_says_so_in_one_line(tmp_path: Path) -> None:
    tests = tmp_path / "project" / "tests"  # a tree with no shared folder beside it
    tests.mkdir(parents=True)
    for name in ("__init__.py", "conftest.py", "shared_dir.py"):
        shutil.copy(ROOT / "tests" / name, tests / name)
    (tests / "test_corpus.py").write_text("from .conftest import dev_files\nFILES = dev_files()\n\n"
                                          "def test_any():\n    assert FILES\n", "utf-8")
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
                          cwd=tests.parent, capture_output=True, text=True, timeout=120,
                          env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
    assert proc.returncode == 4 and "Traceback" not in proc.stdout + proc.stderr
    lines = [line for line in (proc.stdout + proc.stderr).splitlines() if "không có thư mục" in line]
    assert len(lines) == 1 and str(tmp_path / "shared" / "corpus" / "dev") in lines[0], proc.stdout + proc.stderr
