"""kill -9 at random moments of `vanban ingest`, and pairs of ingests started together: after each,
the next ingest must serve the current corpus (every document, at its current bytes, nothing
removed still there), print no traceback and leave nothing half-written.

    python -m tests.robustness --kills 20 --pairs 5      # the figures of issue 14

`tests/test_ingest_crash.py` runs a few of each (slow)."""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .shared_dir import DEFAULT, require

ROOT = Path(__file__).resolve().parent.parent
POOL = ["050_cv-vpcp.txt", "072_cv-giao-so-tnmt-bao-cao-1783-binh-thuan.txt", "051_cv-cuc-thue.txt",
        "027_cd-224-ttg.txt", "034_tb-627-vpcp.txt", "039_kl-212-tw.txt", "kh-qcdc-tinhdoan-2023.txt",
        "049_cv-bnv.txt"]


@dataclass
class Trial:
    what: str
    after_s: float  # when the kill came (kills), or how long the pair took
    exit_codes: tuple[int, ...]
    tracebacks: int
    current: bool  # the next ingest served the current corpus
    leftovers: int
    note: str = ""


def ingest_cmd(work: Path) -> list[str]:
    return [sys.executable, "-c", "from pipeline.cli import main; main()", "ingest", str(work / "corpus"),
            "--extracted", str(work / "extracted"), "--db", str(work / "data" / "vanban.db"), "-s", "-j", "1"]


def start(work: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(ingest_cmd(work), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            cwd=work)


def change(work: Path, rng: random.Random, dev: Path) -> None:
    """A new corpus: some documents of `dev` added, one removed, one edited."""
    corpus = work / "corpus"
    corpus.mkdir(exist_ok=True)
    present = sorted(p.name for p in corpus.iterdir())
    if present:
        (corpus / rng.choice(present)).unlink()
    for name in rng.sample(POOL, 3):
        shutil.copy(dev / name, corpus / name)
    present = sorted(p.name for p in corpus.iterdir())
    edited = corpus / rng.choice(present)
    edited.write_text(edited.read_text("utf-8") + f"\nSở Nội vụ báo cáo trước ngày {rng.randint(1, 28)}/12/2027.\n",
                      "utf-8")


def serves_current(work: Path) -> tuple[bool, str]:
    """Do the database's documents match the corpus, file for file, byte for byte?"""
    from pipeline.inputs import document_ids

    files = sorted((work / "corpus").iterdir())
    want = {i.id: hashlib.sha256(i.path.read_bytes()).hexdigest() for i in document_ids(files)}
    try:
        with sqlite3.connect(work / "data" / "vanban.db") as conn:
            have = dict(conn.execute("select id, sha256 from documents"))
    except sqlite3.Error as exc:
        return False, f"database: {exc}"
    if have != want:
        with sqlite3.connect(work / "data" / "vanban.db") as conn:
            errors = conn.execute("select source, error from ingest_errors").fetchall()
        return False, (f"served {sorted(have)} want {sorted(want)} "
                       f"(stale: {sorted(k for k in want if have.get(k) != want[k])}; errors {errors})")
    return True, ""


def leftovers(work: Path) -> int:
    from pipeline import manifest

    return len(manifest.leftovers(work / "extracted", work / "data" / "vanban.db"))


def run_to_end(work: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(ingest_cmd(work), capture_output=True, text=True, env=env, cwd=work, timeout=600)


def kill_trial(work: Path, rng: random.Random, longest: float, dev: Path) -> Trial:
    change(work, rng, dev)
    proc = start(work)
    after = rng.uniform(0, longest)
    time.sleep(after)
    code = proc.poll()
    if code is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    _, err = proc.communicate()
    left = leftovers(work)  # of the killed run, before the next one cleans up
    nxt = run_to_end(work)
    ok, note = serves_current(work)
    tracebacks = err.count("Traceback") * (code is not None) + nxt.stderr.count("Traceback")
    if not ok:
        note += f" | killed run: {err[-600:]!r} | next run: {nxt.stderr[-600:]!r}"
    return Trial("kill -9" if code is None else "finished first", after, (proc.returncode, nxt.returncode),
                 tracebacks, ok and nxt.returncode == 0 and leftovers(work) == 0, left, note)


def pair_trial(work: Path, rng: random.Random, dev: Path) -> Trial:
    change(work, rng, dev)
    t = time.perf_counter()
    procs = [start(work), start(work)]
    outs = [p.communicate(timeout=600) for p in procs]
    took = time.perf_counter() - t
    check = run_to_end(work)
    ok, note = serves_current(work)
    unchanged = "0 tệp đã đọc," in check.stderr  # the pair left nothing for a third run to do
    tracebacks = sum(err.count("Traceback") for _, err in outs) + check.stderr.count("Traceback")
    codes = tuple(p.returncode for p in procs)
    return Trial("pair", took, codes, tracebacks, ok and unchanged and codes == (0, 0), leftovers(work),
                 note or ("" if unchanged else "the third run had work left"))


def trials(kills: int, pairs: int, seed: int = 14, shared: Path = DEFAULT) -> list[Trial]:
    dev = require("tests.robustness", shared, "corpus", "dev")
    rng = random.Random(seed)
    out: list[Trial] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        change(work, rng, dev)
        t = time.perf_counter()
        first = run_to_end(work)
        longest = 1.5 * (time.perf_counter() - t)  # kills fall anywhere in a run, and just after
        assert first.returncode == 0, first.stderr
        for _ in range(kills):
            out.append(kill_trial(work, rng, longest, dev))
        for _ in range(pairs):
            out.append(pair_trial(work, rng, dev))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--shared", type=Path, default=DEFAULT, help="the shared folder (corpus/dev); default ../shared")
    args = parser.parse_args(argv)
    results = trials(args.kills, args.pairs, args.seed, args.shared)
    for r in results:
        print(json.dumps(r.__dict__, ensure_ascii=False))
    bad = [r for r in results if not r.current or r.tracebacks]
    killed = sum(r.what == "kill -9" for r in results)
    print(f"{killed} killed, {sum(r.what == 'finished first' for r in results)} finished before the kill, "
          f"{sum(r.what == 'pair' for r in results)} pairs; next ingest served the current corpus in "
          f"{sum(r.current for r in results)}/{len(results)}; tracebacks {sum(r.tracebacks for r in results)}; "
          f"kills that left a half-written file (cleaned by the next run) {sum(bool(r.leftovers) for r in results)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
