"""Datasette latency on the duties page (obligations_overview, five facets, sorted by next due day)
over a synthetic database of real sentences: `bench_obligations_page(n=100_000)`.

Sentences that assign work are taken from the dev corpus (../shared/corpus/dev), as are the
names of the units; deadlines are a fixed mix of dated, recurring and missing ones. The database
is built with `store.build` (the same tables, full-text index and view as `vanban ingest`) and
served in process with the project's metadata and plugins, as `vanban serve` does."""
from __future__ import annotations

import asyncio
import logging
import random
import re
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from .. import store
from ..errors import VanbanError
from ..publish import make_datasette
from ..resolve import resolve

log = logging.getLogger(__name__)

DEFAULT_CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "dev"
PAGES = {
    "obligations_page": "/vanban/obligations_overview?_size=50",
    "obligations_search": "/vanban/obligations_overview?_size=50&_search=bao+cao",
    "obligations_facet_filter": "/vanban/obligations_overview?_size=50&status=overdue",
}
_DUTY = re.compile(r"chủ trì|có trách nhiệm|phối hợp|tham mưu|báo cáo|triển khai|tổ chức thực hiện")
_UNIT = re.compile(r"\b((?:Sở|Ban|Văn phòng|Công an|Bộ|Ủy ban nhân dân|UBND|Trung tâm|Phòng|Tỉnh đoàn|Hội)"
                   r"(?: [A-ZĐÂĂÊÔƠƯÁÀẢÃẠ][\wÀ-ỹ]*){1,6})")
DOC_TYPES = ("Kế hoạch", "Công văn", "Quyết định", "Chỉ thị", "Thông báo", "Kết luận", "Công điện")
RRULES = ("FREQ=MONTHLY", "FREQ=MONTHLY;INTERVAL=3", "FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=15", "FREQ=YEARLY")


class BenchInputError(VanbanError):
    """The corpus holds no sentence to build the synthetic database from."""


def seeds(corpus: Path) -> tuple[list[str], list[str]]:
    """Duty sentences (one per line) and unit names found in the corpus texts."""
    sentences: list[str] = []
    units: set[str] = set()
    for path in sorted(corpus.glob("*.txt")):
        for line in path.read_text("utf-8", errors="replace").splitlines():
            line = line.strip()
            if 40 <= len(line) <= 400 and _DUTY.search(line):
                sentences.append(line)
            units.update(m.group(1) for m in _UNIT.finditer(line))
    if not sentences or not units:
        raise BenchInputError(f"{corpus}: no duty sentence or unit name to build the benchmark database from")
    return sentences, sorted(units)


def synthetic_records(n: int, sentences: list[str], units: list[str], per_doc: int = 50) -> list[dict[str, Any]]:
    """`n` obligations in documents of `per_doc` duties each, every span pointing into its text."""
    rnd = random.Random(20260110)
    issuers = units[: max(10, len(units) // 4)]
    records = []
    for d in range((n + per_doc - 1) // per_doc):
        issued = date(2025, 1, 1) + timedelta(days=rnd.randrange(540))
        parts, obligations, deadlines, at = [], [], [], 0
        for i in range(min(per_doc, n - d * per_doc)):
            sentence = f"{i + 1}. {rnd.choice(sentences)}"
            actors = rnd.sample(units, rnd.choice((0, 1, 1, 1, 2)))
            links = []
            pick = rnd.random()
            if pick < 0.6:
                kind = "recurring" if pick < 0.15 else "absolute"
                due = None if kind == "recurring" else (issued + timedelta(days=rnd.randrange(15, 500))).isoformat()
                deadlines.append({"start": at, "end": at + len(sentence), "text": sentence, "kind": kind, "due": due,
                                  "period_start": None, "rrule": rnd.choice(RRULES) if kind == "recurring" else None,
                                  "rule": "bench"})
                links.append(len(deadlines) - 1)
            obligations.append({"start": at, "end": at + len(sentence), "sentence": sentence, "section": None,
                                "actors": actors, "partners": rnd.sample(units, rnd.choice((0, 0, 1))),
                                "report_to": [], "action": sentence[:200], "deadlines": links, "rule": "bench"})
            parts.append(sentence)
            at += len(sentence) + 1
        records.append({
            "schema": "vanban/extracted/v1", "text": "\n".join(parts), "sections": [], "citations": [],
            "deadlines": deadlines, "obligations": obligations,
            "document": {"id": f"bench-{d:06d}", "source": "bench", "sha256": "0" * 64, "format": "txt",
                         "pages": None, "doc_type": rnd.choice(DOC_TYPES), "number": f"{d + 1}/KH-UBND",
                         "issuer": rnd.choice(issuers), "place": None, "issued_date": issued.isoformat(),
                         "title": f"Văn bản thử số {d + 1}", "signer": None, "recipients": []},
        })
    return records


async def _timed(ds: Any, path: str, requests: int) -> list[float]:
    for _ in range(2):  # warm-up: open the database, fill the page cache
        await ds.client.get(path)
    out = []
    for _ in range(requests):
        started = time.perf_counter()
        response = await ds.client.get(path)
        out.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise RuntimeError(f"{path}: HTTP {response.status_code}")
    return out


def bench_obligations_page(n: int = 100_000, corpus: Path = DEFAULT_CORPUS, requests: int = 30) -> dict[str, Any]:
    """p50/p95 latency (ms) of the duties page with its facets over `n` synthetic obligations."""
    sentences, units = seeds(corpus)
    result: dict[str, Any] = {"obligations": n, "seed_sentences": len(sentences), "units": len(units),
                              "requests": requests, "target_p95_ms": 300}
    with tempfile.TemporaryDirectory(prefix="vanban-bench-ds-") as tmp:
        started = time.perf_counter()
        db_path = store.build(resolve(synthetic_records(n, sentences, units)), Path(tmp) / "vanban.db")
        result["build_db_s"] = round(time.perf_counter() - started, 2)
        ds = make_datasette(db_path)
        for name, path in PAGES.items():
            lat = asyncio.run(_timed(ds, path, requests))
            result[name] = {"page": path, "p50_ms": round(statistics.median(lat) * 1000, 1),
                            "p95_ms": round(statistics.quantiles(lat, n=20)[-1] * 1000, 1)}
            log.info("%s: %s", name, result[name])
    result["page"] = PAGES["obligations_page"]
    result["p50_ms"] = result["obligations_page"]["p50_ms"]
    result["p95_ms"] = result["obligations_page"]["p95_ms"]
    return result


if __name__ == "__main__":  # python -m pipeline.bench.datasette_page [n]
    import json
    import sys

    logging.basicConfig(level=logging.INFO)
    print(json.dumps(bench_obligations_page(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000), indent=1))
