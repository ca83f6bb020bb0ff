"""`make fuzz`: mutations of real sentences, and Hypothesis-drawn fragments, read and extracted
one by one with a time limit each. An input fails when it raises anything but a named
`VanbanError`, breaks the output contract (schema, `text[start:end]` quotes), or takes longer than
`--slow` seconds of CPU (the process's own time: a run niced on a shared machine waits, its inputs
do not get slower; the wall-clock time is logged beside it, and `--limit` stops an input by the
clock); each failing input is saved under `--out` to be replayed (`--replay FILE`).

    python -m tests.fuzz --count 100000 --jobs 2 --max-bytes 10000 --slow 1

Seeds: the lines of the dev corpus (../shared/corpus/dev, the documents kept aside left out) and
every sentence of tests/cases/*.yaml. Mutations: splice lines of different documents, repeat a
piece many times (the shape that makes a regex backtrack: `1.1.1.…`, `Bộ A, Bộ B, …`), cut, insert
punctuation, numbering, pipes, spaces and odd characters, change case, re-encode (UTF-16, legacy
bytes, one bad byte), wrap in HTML or Markdown."""
from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import random
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from .shared_dir import DEFAULT, readable, require

ROOT = Path(__file__).resolve().parent.parent
DEV = DEFAULT / "corpus" / "dev"
CASES = ROOT / "tests" / "cases"
PIECES = ["1.", "1.1.", "a)", "- ", "+ ", "| ", " | ", ", ", "; ", ": ", "và ", "Bộ A, ", "Sở X, ", "(", ")", "“", "”",
          "\n", "\n\n", "\t", "  ", "…", ".", "ngày 1", "/", "-", "số ", "tháng ", "năm 2025", "Quý I", "hằng ",
          "I.", "Điều 1.", "Kính gửi: | ", "Nơi nhận:", "<", "<b>", "</p>", "&amp;", "*", "**", "#", "\u00ad",
          "\u200b", "\ufeff", "\x0c", "\r", "Đ", "đ", "À", "ơ"]


class Timeout(BaseException):
    pass


SIZE_BIN, SIZE_BINS = 100, 100  # sizes logged per 100 bytes: 0-99, …, 9,900-9,999, and 10,000 and more


@dataclass
class Tally:
    inputs: int = 0
    failures: int = 0
    slow: int = 0
    max_seconds: float = 0.0  # CPU
    max_bytes: int = 0
    seconds: float = 0.0  # CPU, all inputs
    worst: list[tuple[float, str]] = field(default_factory=list)
    wall: float = 0.0  # wall clock, all inputs
    max_wall: float = 0.0
    total_bytes: int = 0
    by_size: list[int] = field(default_factory=lambda: [0] * (SIZE_BINS + 1))  # inputs per SIZE_BIN bytes

    def size_median(self) -> int:
        """The median size in bytes, to SIZE_BIN (the start of its bin in `by_size`)."""
        seen = 0
        for k, n in enumerate(self.by_size):
            seen += n
            if 2 * seen >= self.inputs:
                return k * SIZE_BIN
        return 0

    def add(self, other: Tally) -> None:
        self.inputs += other.inputs
        self.failures += other.failures
        self.slow += other.slow
        self.max_seconds = max(self.max_seconds, other.max_seconds)
        self.max_bytes = max(self.max_bytes, other.max_bytes)
        self.seconds += other.seconds
        self.worst = sorted(self.worst + other.worst, reverse=True)[:5]
        self.wall += other.wall
        self.max_wall = max(self.max_wall, other.max_wall)
        self.total_bytes += other.total_bytes
        self.by_size = [a + b for a, b in zip(self.by_size, other.by_size, strict=True)]


def seeds() -> list[str]:
    """Lines of the dev documents and sentences of the YAML cases (real Vietnamese text)."""
    import yaml

    lines: list[str] = []
    for path in sorted(DEV.glob("*.txt")):
        if readable(path):
            lines.extend(x for x in path.read_text("utf-8").splitlines() if x.strip())

    def strings(node: object) -> Iterator[str]:
        if isinstance(node, str) and len(node) > 5:
            yield node
        elif isinstance(node, dict):
            for v in node.values():
                yield from strings(v)
        elif isinstance(node, list):
            for v in node:
                yield from strings(v)

    for path in sorted(CASES.glob("*.yaml")):
        lines.extend(strings(yaml.safe_load(path.read_text("utf-8"))))
    return lines


def mutate(rng: random.Random, lines: list[str], max_bytes: int) -> tuple[str, bytes]:
    """One input: a file name (its extension chooses the reader) and its bytes."""
    start = rng.randrange(len(lines))
    size = rng.choice([rng.randint(1, 4)] * 14 + [rng.randint(4, 30)] * 5 + [rng.randint(30, 200)])  # mostly short
    parts = lines[start : start + size] if rng.random() < 0.6 else [rng.choice(lines) for _ in range(size)]
    text = "\n".join(parts)
    for _ in range(rng.randint(0, 6)):
        text = _edit(rng, text)
    if len(text.encode()) > max_bytes:
        text = text.encode()[:max_bytes].decode("utf-8", "ignore")
    roll = rng.random()
    if roll < 0.06:
        return "f.html", ("<html><body><p>" + text.replace("\n", "</p><p>") + "</p>").encode()[:max_bytes]
    if roll < 0.09:
        return "f.md", text.replace("\n", "\n## ", rng.randint(0, 3)).encode()[:max_bytes]
    if roll < 0.12:
        data = text.encode(rng.choice(["utf-16", "utf-32", "utf-8-sig"]))
        return "f.txt", data[:max_bytes]
    if roll < 0.16:
        data = bytearray(text.encode())
        for _ in range(rng.randint(1, 3)):
            if data:
                data[rng.randrange(len(data))] = rng.randrange(128, 256)
        return "f.txt", bytes(data)
    return "f.txt", text.encode()


def _edit(rng: random.Random, text: str) -> str:
    if not text:
        return rng.choice(PIECES)
    i = rng.randrange(len(text) + 1)
    j = min(len(text), i + rng.randint(0, 80))
    kind = rng.randrange(7)
    if kind == 0:  # repeat a piece many times: what makes a backtracking regex blow up
        piece = text[i:j][:20] or rng.choice(PIECES)
        return text[:i] + piece * rng.randint(2, 400) + text[i:]
    if kind == 1:
        return text[:i] + rng.choice(PIECES) * rng.randint(1, 200) + text[i:]
    if kind == 2:
        return text[:i] + text[j:]
    if kind == 3:
        return text[:i] + text[i:j].upper() + text[j:]
    if kind == 4:
        return text[:i] + "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 30))) + text[i:]
    if kind == 5:
        return text[:i] + chr(rng.choice([rng.randrange(32, 0x2000), rng.randrange(0, 32), rng.randrange(0xD7FF)])) + text[i:]
    return text[j:] + "\n" + text[:i]


def hypothesis_inputs(count: int, seed: int, max_bytes: int) -> list[tuple[str, bytes]]:
    """Inputs drawn by Hypothesis from the fragments of tests/test_fuzz.py (with its text strategy)."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as with_seed
    from hypothesis import strategies as st

    from tests.test_fuzz import TEXT

    out: list[tuple[str, bytes]] = []

    @with_seed(seed)
    @settings(max_examples=count, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(text=TEXT, repeat=st.integers(1, 50))
    def draw(text: str, repeat: int) -> None:
        out.append(("h.txt", (text * repeat).encode("utf-8", "surrogatepass")[:max_bytes]))

    draw()
    return out


def check(name: str, data: bytes, tmp: Path, limit: float) -> str | None:
    """None, or why the input fails."""
    from pipeline.errors import VanbanError
    from pipeline.extract import extract
    from pipeline.extracted import to_json, validate
    from pipeline.load import load

    path = tmp / name
    path.write_bytes(data)

    def expired(signum: int, frame: FrameType | None) -> None:
        raise Timeout

    signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        try:
            doc = load(path)
        except VanbanError:
            return None
        record = to_json(extract(doc))
        validate(record)
        text = record["text"]
        for key in ("citations", "deadlines", "obligations"):
            for item in record[key]:
                quote = item.get("text", item.get("sentence"))
                if not 0 <= item["start"] <= item["end"] <= len(text) or text[item["start"] : item["end"]] != quote:
                    return f"{key} span {item['start']}-{item['end']} does not quote its text"
        return None
    except Timeout:
        return f"no result after {limit:g} s"
    except Exception:
        return traceback.format_exc(limit=-6)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def worker(args: tuple[int, int, int, float, float, str]) -> tuple[int, Tally]:
    """Fuzz chunk `c` (its own seed): `count` inputs. Seeds and the pipeline are the parent's,
    loaded and warmed before the fork (`run`)."""
    chunk, count, max_bytes, slow, limit, out = args
    lines = _LINES or seeds()
    tally = Tally()
    rng = random.Random(chunk)
    drawn = hypothesis_inputs(count // 10, chunk, max_bytes) if count >= 20 else []  # a tenth by Hypothesis
    with tempfile.TemporaryDirectory(dir=SCRATCH) as tmpdir:
        tmp = Path(tmpdir)
        for n in range(count):
            name, data = drawn[n] if n < len(drawn) else mutate(rng, lines, max_bytes)
            t, w = time.process_time(), time.perf_counter()
            why = check(name, data, tmp, limit)
            seconds, wall = time.process_time() - t, time.perf_counter() - w
            tally.inputs += 1
            tally.seconds += seconds
            tally.wall += wall
            tally.max_wall = max(tally.max_wall, wall)
            tally.max_bytes = max(tally.max_bytes, len(data))
            tally.total_bytes += len(data)
            tally.by_size[min(SIZE_BINS, len(data) // SIZE_BIN)] += 1
            if seconds > tally.max_seconds:
                tally.max_seconds = seconds
            if not tally.worst or len(tally.worst) < 5 or seconds > tally.worst[-1][0]:
                tally.worst = sorted([*tally.worst, (seconds, f"{chunk}:{n}")], reverse=True)[:5]
            if seconds > slow and why is None:
                why = f"took {seconds:.2f} s of CPU (over {slow:g} s; {wall:.2f} s by the clock)"
                tally.slow += 1
            if why is not None:
                tally.failures += 1
                _save(Path(out), f"{chunk}-{n}", name, data, why)
    if _KEYED and (late := set(loaded_modules()) - _KEYED):  # the key would miss their source
        print(f"fuzz: warning: chunk {chunk} loaded modules the code key does not cover: {', '.join(sorted(late))}",
              file=sys.stderr, flush=True)
    return chunk, tally


def _warm(limit: float) -> None:
    """Load, once in the parent, what the pipeline loads on first use (spaCy and underthesea's
    models and word lists, 3-4 s: pipeline.ingest._warm), each reader and Hypothesis: every chunk's
    worker is forked from it, and each used to pay again for what its inputs were first to reach
    (the 'over 1 s' inputs of a run were mostly these, and a chunk of 1,000 lost 1-3 s)."""
    from pipeline.ingest import _warm as warm_models

    warm_models()
    hypothesis_inputs(1, 0, 100)
    text = "\n".join(_LINES[:40])
    with tempfile.TemporaryDirectory(dir=SCRATCH) as tmpdir:
        for name, data in [("warm.txt", text.encode()), ("warm.html", f"<p>{text}</p>".encode()),
                           ("warm.md", f"# {text}".encode()), ("warm.txt", text.encode("utf-16")),
                           ("warm.txt", text.encode()[:-200] + b"\xff" + text.encode()[-200:])]:
            check(name, data, Path(tmpdir), limit)


_LINES: list[str] = []  # the seeds, loaded once by `run` before the workers are forked
_KEYED: frozenset[str] = frozenset()  # the pipeline modules code_version hashed (`run`, after the warm-up)
SCRATCH = "/dev/shm" if Path("/dev/shm").is_dir() else None  # inputs are written to memory, not disk


KEYED_DIRS = ("data", "schema")  # pipeline/'s files that are no module: word lists, patterns, the output schema


def loaded_modules(package: str = "pipeline") -> dict[str, Path]:
    """The modules of `package` this process has loaded (sys.modules), by name, with their source file."""
    out = {}
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if file and (name == package or name.startswith(package + ".")):
            out[name] = Path(file)
    return out


def code_version(package: str = "pipeline") -> str:
    """The key a run's counts belong to: a hash of the source of every module of `package` loaded in
    this process (call it after `_warm`, which reaches everything an input can) and of every file
    under its data/ and schema/. A commit that touches only what the fuzz does not run (tests, the
    site, the CLI, the docs) keeps the key, so the count goes on; any change to what it runs, committed
    or not, starts a new one."""
    modules = loaded_modules(package)
    root = modules[package].parent if package in modules else ROOT / package
    files = set(modules.values()) | {f for d in KEYED_DIRS for f in (root / d).rglob("*") if f.is_file()}
    digest = hashlib.sha256()
    for path in sorted(files):
        if "__pycache__" not in path.parts:
            digest.update(f"{path.relative_to(root.parent)}\0".encode() + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def commit() -> str:
    """The commit of the working tree, `+` when pipeline/ differs from it: printed and logged beside
    the key, for information."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False).stdout

    head = git("rev-parse", "--short=12", "HEAD").strip() or "unknown"
    changed = git("status", "--porcelain", "--", "pipeline").strip()
    return head + ("+" if changed else "")


def _log_path(out: str) -> Path:
    return Path(out) / "runs.jsonl"


def logged(out: str) -> list[dict[str, object]]:
    """The chunks the run log holds (one line each, written as each chunk finished)."""
    path = _log_path(out)
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def report(out: str) -> str:
    """Cumulative figures per code key and settings, from the run log, with the commits they ran at."""
    rows: dict[tuple[str, str], Tally] = {}
    commits: dict[tuple[str, str], list[str]] = {}
    for entry in logged(out):
        key = (str(entry["version"]), str(entry["settings"]))
        tally = rows.setdefault(key, Tally())
        seen = commits.setdefault(key, [])
        if str(entry.get("commit", entry["version"])) not in seen:
            seen.append(str(entry.get("commit", entry["version"])))
        tally.add(Tally(int(entry["inputs"]), int(entry["failures"]), int(entry["over_slow"]),  # type: ignore[call-overload]
                        float(entry["slowest_s"]), int(entry["largest_bytes"]), float(entry["seconds"]),  # type: ignore[arg-type]
                        [tuple(w) for w in entry["worst"]],  # type: ignore[attr-defined, misc]
                        float(entry.get("wall_s", 0.0)), float(entry.get("slowest_wall_s", 0.0)),  # type: ignore[arg-type]
                        int(entry.get("bytes", 0)),  # type: ignore[call-overload]
                        list(entry.get("by_size", [0] * (SIZE_BINS + 1)))))  # type: ignore[call-overload]
    lines = ["key\tcommits\tsettings\tinputs\tfailing\tover slow\tslowest s\tper CPU s\tbytes mean/median/max\tworst"]
    for (version, settings), t in rows.items():
        lines.append(f"{version}\t{','.join(commits[(version, settings)])}\t{settings}\t{t.inputs}\t{t.failures}\t{t.slow}\t{t.max_seconds:.2f}\t"
                     f"{t.inputs / max(1e-9, t.seconds):.0f}\t{summary(t)['bytes_mean']}/{t.size_median()}/{t.max_bytes}\t"
                     + " ".join(f"{key} ({sec:.2f} s)" for sec, key in t.worst[:3]))
    return "\n".join(lines)


def summary(t: Tally) -> dict[str, object]:
    """The figures of a run: counts, CPU and clock time per input, the sizes of the inputs."""
    return {"inputs": t.inputs, "failing": t.failures, "over_slow": t.slow,
            "slowest_cpu_s": round(t.max_seconds, 3), "slowest_wall_s": round(t.max_wall, 3),
            "mean_cpu_ms": round(1000 * t.seconds / max(1, t.inputs), 2),
            "inputs_per_cpu_s": round(t.inputs / max(1e-9, t.seconds), 1),
            "bytes_mean": round(t.total_bytes / max(1, t.inputs)), "bytes_median": t.size_median(),
            "largest_bytes": t.max_bytes, "inputs_9kB_and_more": sum(t.by_size[90:]), "worst": t.worst}


def _save(out: Path, key: str, name: str, data: bytes, why: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{key}{Path(name).suffix}").write_bytes(data)
    with (out / "failures.jsonl").open("a", encoding="utf-8") as f:
        f.write(json.dumps({"input": f"{key}{Path(name).suffix}", "why": why}, ensure_ascii=False) + "\n")
    print(f"fuzz: FAIL {key}{Path(name).suffix}: {why.strip().splitlines()[-1]}", file=sys.stderr, flush=True)


def run(count: int, jobs: int = 1, seed: int = 0, max_bytes: int = 10_000, slow: float = 1.0,
        limit: float = 20.0, out: str = "build/fuzz", chunk: int = 1000) -> Tally:
    """Fuzz `count` more inputs on `jobs` processes, in chunks of `chunk` inputs (chunk `c` draws
    from seed `c`), skipping the chunks the run log (`out`/runs.jsonl) already holds for this code
    version and settings: runs add up, and a stopped run keeps every chunk it finished. Print
    progress, return the tally of this run."""
    global _LINES, _KEYED
    _LINES = seeds()
    _warm(limit)
    version, at = code_version(), commit()
    _KEYED = frozenset(loaded_modules())
    print(f"fuzz: code key {version} ({len(_KEYED)} pipeline modules and data; commit {at})", file=sys.stderr, flush=True)
    settings = f"seed={seed} bytes={max_bytes} slow={slow:g}cpu chunk={min(chunk, count)}"
    chunk = min(chunk, count)
    done = {int(e["chunk"]) for e in logged(out) if e["version"] == version and e["settings"] == settings}  # type: ignore[call-overload]
    first = seed * 1_000_000
    todo = [c for c in range(first, first + len(done) + -(-count // chunk))  if c not in done][: -(-count // chunk)]
    sizes = [min(chunk, count - k * chunk) for k in range(len(todo))]
    tasks = [(c, n, max_bytes, slow, limit, out) for c, n in zip(todo, sizes, strict=True)]
    total = Tally()
    started = time.perf_counter()
    Path(out).mkdir(parents=True, exist_ok=True)
    with multiprocessing.get_context("fork").Pool(max(1, jobs), maxtasksperchild=1) as pool, \
            _log_path(out).open("a", encoding="utf-8") as log:
        for c, tally in pool.imap_unordered(worker, tasks):
            total.add(tally)
            log.write(json.dumps({"version": version, "commit": at, "settings": settings, "chunk": c, "inputs": tally.inputs,
                                  "failures": tally.failures, "over_slow": tally.slow,
                                  "slowest_s": round(tally.max_seconds, 3), "largest_bytes": tally.max_bytes,
                                  "seconds": round(tally.seconds, 2), "worst": tally.worst,
                                  "wall_s": round(tally.wall, 2), "slowest_wall_s": round(tally.max_wall, 3),
                                  "bytes": tally.total_bytes, "by_size": tally.by_size,
                                  "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}) + "\n")
            log.flush()
            print(f"fuzz: {total.inputs} inputs, {total.failures} failing, {total.slow} over {slow:g} s, "
                  f"slowest {total.max_seconds:.2f} s CPU, {time.perf_counter() - started:.0f} s "
                  f"({total.inputs / max(1e-9, time.perf_counter() - started):.0f}/s; "
                  f"{total.inputs / max(1e-9, total.seconds):.0f} per CPU second)", file=sys.stderr, flush=True)
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-bytes", type=int, default=10_000)
    parser.add_argument("--slow", type=float, default=1.0, help="seconds over which an input fails")
    parser.add_argument("--limit", type=float, default=20.0, help="seconds after which an input is stopped")
    parser.add_argument("--out", default="build/fuzz")
    parser.add_argument("--chunk", type=int, default=1000, help="inputs per chunk (one line of the run log)")
    parser.add_argument("--replay", type=Path, help="check one saved input and print why it fails")
    parser.add_argument("--report", action="store_true", help="print the run log's totals per code key")
    args = parser.parse_args(argv)
    if args.report:
        print(report(args.out))
        return 0
    for folder in ("dev", "formats"):  # the seeds: dev lines (seeds), damaged PDF and DOCX bytes (test_fuzz)
        require("tests.fuzz", DEFAULT, "corpus", folder, option=False)
    if args.replay:
        _warm(args.limit)
        with tempfile.TemporaryDirectory() as tmpdir:
            t = time.perf_counter()
            why = check(f"r{args.replay.suffix}", args.replay.read_bytes(), Path(tmpdir), args.limit)
            print(why or f"ok ({time.perf_counter() - t:.2f} s)")
        return 1 if why else 0
    total = run(args.count, args.jobs, args.seed, args.max_bytes, args.slow, args.limit, args.out, args.chunk)
    print(json.dumps(summary(total), ensure_ascii=False))
    return 1 if total.failures else 0


if __name__ == "__main__":
    sys.exit(main())
