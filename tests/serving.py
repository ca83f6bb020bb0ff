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


# a bound a loaded machine cannot break: the wait ends as soon as the site answers (fresh-clone CI at a
# load of 10 once took over 20 s, cold start of Datasette and the models included)
START_S = 120


@contextmanager
def served(db: Path, env: Mapping[str, str] | None = None, log_path: Path | None = None) -> Iterator[str]:
    """Serve `db` and give its base URL once the home page answers (START_S at most); what the server
    writes goes to `log_path` when given (read it after the block: the server is stopped then)."""
    port = free_port()
    # the log goes to a file, not a pipe: a server that logs much would block on a full pipe
    with (open(log_path, "w+b") if log_path else tempfile.TemporaryFile()) as log:
        proc = subprocess.Popen([exe("vanban"), "serve", "--db", str(db), "--port", str(port)],
                                stdout=log, stderr=subprocess.STDOUT,
                                env=dict(env) if env is not None else os.environ.copy())
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + START_S
            while True:
                try:
                    urllib.request.urlopen(base + "/", timeout=5)
                    break
                except urllib.error.HTTPError:
                    break  # it answers, if only with an error page
                except OSError:
                    if proc.poll() is not None:
                        log.seek(0)
                        pytest.fail(f"vanban serve exited: {log.read().decode(errors='replace')[-2000:]}")
                    if time.monotonic() > deadline:
                        pytest.fail(f"vanban serve did not answer in {START_S} s")
                    time.sleep(0.2)
            yield base
        finally:
            proc.terminate()
            proc.wait(timeout=10)
