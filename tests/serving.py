"""`vanban serve` started for a browser test: a free port, wait until it answers, stop it after."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def exe(name: str) -> str:
    """A console script of this venv (`vanban`), else whatever the PATH has."""
    return shutil.which(name, path=str(Path(sys.executable).parent)) or name


@contextmanager
def served(db: Path, env: Mapping[str, str] | None = None, log_path: Path | None = None) -> Iterator[str]:
    """Serve `db` and give its base URL once the home page answers (20 s at most); what the server
    writes goes to `log_path` when given (read it after the block: the server is stopped then)."""
    port = free_port()
    # the log goes to a file, not a pipe: a server that logs much would block on a full pipe
    with (open(log_path, "w+b") if log_path else tempfile.TemporaryFile()) as log:
        proc = subprocess.Popen([exe("vanban"), "serve", "--db", str(db), "--port", str(port)],
                                stdout=log, stderr=subprocess.STDOUT,
                                env=dict(env) if env is not None else os.environ.copy())
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/", timeout=1)
                    break
                except urllib.error.HTTPError:
                    break  # it answers, if only with an error page
                except OSError:
                    if proc.poll() is not None:
                        log.seek(0)
                        pytest.fail(f"vanban serve exited: {log.read().decode(errors='replace')[-2000:]}")
                    time.sleep(0.2)
            else:
                pytest.fail("vanban serve did not answer in 20 s")
            yield base
        finally:
            proc.terminate()
            proc.wait(timeout=10)
