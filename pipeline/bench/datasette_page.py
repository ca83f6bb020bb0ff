"""Datasette latency on the obligations page with facets, over a synthetic database.

The "store" engineer's `bench_obligations_page(n)` is used when it exists; until then this small
version builds `n` obligations from real sentences of the dev corpus (the extracted obligations,
or, when the extractor finds few, sentences that assign work) and times the page in process."""
from __future__ import annotations

import asyncio
import importlib
import inspect
import logging
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..ingest import extract_file

log = logging.getLogger(__name__)

# modules where the store engineer may expose `bench_obligations_page`
PROVIDERS = ("pipeline.store", "pipeline.bench_datasette", "pipeline.store_bench", "pipeline.publish")
PAGE = "/vanban/obligations?_facet=actors&_facet=document_id&_facet=section&_size=50"
# a sentence that assigns work: "<actor> chủ trì / có trách nhiệm / … <action>"
_ASSIGN = re.compile(r"^(?P<actor>[^,.;:]{3,80}?)\s+(?P<verb>chủ trì|có trách nhiệm|phối hợp|tham mưu|chỉ đạo)\s+(?P<rest>.+)$",
                     re.DOTALL)


def provided() -> Callable[..., dict[str, Any]] | None:
    for name in PROVIDERS:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        fn = getattr(module, "bench_obligations_page", None)
        if callable(fn):
            return fn
    return None


def obligations_page(sources: list[Path], n: int = 100_000, requests: int = 30) -> dict[str, Any]:
    fn = provided()
    if fn is not None:
        folders = {p.parent for p in sources}
        accepts_corpus = "corpus" in inspect.signature(fn).parameters and len(folders) == 1
        result = dict(fn(n=n, corpus=folders.pop()) if accepts_corpus else fn(n=n))
        result.setdefault("by", fn.__module__)
        return result
    result = _own_obligations_page(sources, n, requests)
    result["by"] = __name__ + " (stand-in: no bench_obligations_page in pipeline/ yet)"
    return result


def _seed_rows(sources: list[Path]) -> list[dict[str, str]]:
    """Real (actor, action, sentence) triples from the dev corpus."""
    rows = []
    for outcome in map(extract_file, sources):
        rec = outcome.record
        if not rec:
            continue
        for o in rec["obligations"]:
            rows.append({"actors": "; ".join(o["actors"]), "action": o["action"], "sentence": o["sentence"],
                         "section": o.get("section") or ""})
        if len(rec["obligations"]) >= 3:
            continue
        for line in rec["text"].splitlines():
            m = _ASSIGN.match(line.strip().lstrip("-–•+ "))
            if m:
                rows.append({"actors": m["actor"].strip(), "action": f"{m['verb']} {m['rest']}"[:300],
                             "sentence": line.strip(), "section": ""})
    return rows


def _synthetic_records(seeds: list[dict[str, str]], n: int, per_doc: int = 20) -> list[dict[str, Any]]:
    records = []
    for d in range((n + per_doc - 1) // per_doc):
        rows = [seeds[(d * per_doc + i) % len(seeds)] for i in range(min(per_doc, n - d * per_doc))]
        text = "\n".join(r["sentence"] for r in rows)
        obligations, at = [], 0
        for r in rows:
            obligations.append({"start": at, "end": at + len(r["sentence"]), "sentence": r["sentence"],
                                "section": r["section"] or None, "actors": [r["actors"]], "partners": [],
                                "report_to": [], "action": r["action"], "deadlines": [], "rule": "bench"})
            at += len(r["sentence"]) + 1
        records.append({"schema": "vanban/extracted/v1", "text": text, "sections": [], "citations": [],
                        "deadlines": [], "obligations": obligations,
                        "document": {"id": f"bench-{d:06d}", "source": "bench", "sha256": "0" * 64, "format": "txt",
                                     "pages": None, "provenance": "txt", "doc_type": None, "number": None,
                                     "issuer": None, "place": None, "issued_date": None, "title": f"Văn bản {d}",
                                     "signer": None, "recipients": [], "warnings": []}})
    return records


def _own_obligations_page(sources: list[Path], n: int, requests: int) -> dict[str, Any]:
    from datasette.app import Datasette

    from .. import store

    seeds = _seed_rows(sources)
    if not seeds:
        raise ValueError("no obligation sentences in the dev corpus to build the database from")
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
        db_path = Path(tmp) / "vanban.db"
        started = time.perf_counter()
        store.build(_synthetic_records(seeds, n), db_path)
        build_s = time.perf_counter() - started
        ds = Datasette([str(db_path)], immutables=[], settings={"facet_time_limit_ms": 1000})
        latencies = asyncio.run(_timed_gets(ds, PAGE, requests))
    return {
        "obligations": n, "distinct_seed_sentences": len(seeds), "page": PAGE, "requests": len(latencies),
        "build_db_s": build_s, "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": statistics.quantiles(latencies, n=20)[-1] * 1000,
    }


async def _timed_gets(ds: Any, path: str, requests: int) -> list[float]:
    for _ in range(3):  # warm-up: first requests open the database and fill caches
        await ds.client.get(path)
    latencies = []
    for _ in range(requests):
        started = time.perf_counter()
        response = await ds.client.get(path)
        latencies.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise RuntimeError(f"{path}: HTTP {response.status_code}")
    return latencies
