"""The benchmark results as a plain-text table (what `make bench` prints)."""
from __future__ import annotations

from typing import Any


def _num(value: Any, digits: int = 2) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _err(r: dict[str, Any], name: str) -> list[str]:
    node = r.get(name)
    if isinstance(node, dict) and "error" in node:
        return [f"  {name}: failed — {node['error']}"]
    if isinstance(node, dict) and "skipped" in node:
        return [f"  {name}: skipped — {node['skipped']}"]
    return []


def _failures(node: dict[str, Any]) -> list[str]:
    if not node.get("failed"):
        return []
    return [f"  !! {node['failed']} of {node['documents']} documents failed, e.g. {node.get('first_error')}"]


def table(r: dict[str, Any]) -> str:
    lines = [f"vanban {r.get('version')} bench — {r.get('started')} — {r.get('cpus')} cores, jobs={r.get('jobs')}"]
    pdf = r.get("pdf", {})
    lines += ["", "1-2. PDFs with a text layer (corpus/formats)"] + _err(r, "pdf")
    if "ratio" in pdf:
        lines += [
            f"  {pdf['documents']} PDFs, {pdf['pages']} pages, {pdf['file_mb']:.2f} MB of files",
            f"  vanban (in process)   {pdf['vanban_cpu_s']:8.3f} s CPU  {pdf['pages_per_s']:8.1f} pages/s"
            f"  {pdf['text_mb_per_s']:.2f} MB text/s",
            f"  bare pdfplumber       {pdf['pdfplumber_cpu_s']:8.3f} s CPU  {pdf['pdfplumber_pages_per_s']:8.1f} pages/s",
            f"  ratio vanban/pdfplumber {pdf['ratio']:.3f} (wall {pdf['wall_ratio']:.3f}; whole command with start-up:"
            f" {pdf['cli_ratio']:.3f}, peak {pdf['cli']['peak_rss_mb']:.0f} MB)",
        ] + _failures(pdf)
    dev = r.get("dev", {})
    lines += ["", "1. dev corpus, `vanban extract`"] + _err(r, "dev")
    if "text_mb" in dev:
        lines += [
            f"  {dev['documents']} documents, {dev['text_mb']:.2f} MB of normalised text",
            f"  in process, 1 core    {dev['in_process_cpu_s']:8.3f} s CPU  {dev['mb_per_s_per_core']:.2f} MB/s",
            f"  command -j 1          {dev['cli_j1']['seconds']:8.3f} s  {dev['cli_j1_mb_per_s']:.2f} MB/s"
            f"  peak {dev['cli_j1']['peak_rss_mb']:.0f} MB",
            f"  command -j {r.get('jobs')}          {dev['cli_jobs']['seconds']:8.3f} s  {dev['cli_jobs_mb_per_s']:.2f} MB/s"
            f"  peak {dev['cli_jobs']['peak_rss_mb']:.0f} MB per process",
        ] + _failures(dev)
    st = r.get("stages", {})
    lines += ["", "3. CPU time per stage (dev corpus, one core; parts of read and extract split by profile)"] + _err(r, "stages")
    if "seconds" in st:
        total = sum(st["seconds"].values()) or 1.0
        for name, sec in sorted(st["seconds"].items(), key=lambda kv: -kv[1]):
            lines.append(f"  {name:28s} {sec:8.3f} s {100 * sec / total:5.1f} %")
        lines.append(f"  extraction only (structure + extractors): {_num(st.get('extract_mb_per_s'))} MB/s")
        lines.append("  hot spots (own time under the profiler, which inflates many tiny calls):")
        lines += [f"    {h['own_s']:7.3f} s  {h['calls']:>8} calls  {h['function']}" for h in st["hotspots"][:6]]
        lines.append("  slowest documents (CPU s, read to schema check):")
        lines += [f"    {sec:7.3f} s  {name}" for name, sec in st.get("slowest_documents", {}).items()]
    ri = r.get("reingest", {})
    lines += ["", "4. re-ingest of an unchanged corpus (`vanban ingest`, twice)"] + _err(r, "reingest")
    if "unchanged" in ri:
        lines += [
            f"  {ri['documents']} documents: first run {ri['first']['seconds']:.2f} s, unchanged"
            f" {ri['unchanged']['seconds']:.2f} s ({ri['unchanged']['cpu_seconds']:.2f} s CPU; ingest's own step"
            f" {_num(ri['unchanged'].get('reported_s'))} s, the rest start-up and later steps)",
            f"  {ri['unchanged']['summary']}",
        ]
    ds = r.get("datasette", {})
    lines += ["", "5. Datasette obligations page with facets"] + _err(r, "datasette")
    if "p95_ms" in ds:
        lines += [f"  {ds.get('obligations')} obligations: p50 {_num(ds.get('p50_ms'), 1)} ms,"
                  f" p95 {_num(ds.get('p95_ms'), 1)} ms  {ds.get('page')}  (by {ds.get('by')})"]
        lines += [f"    {name}: p50 {_num(v.get('p50_ms'), 1)} ms, p95 {_num(v.get('p95_ms'), 1)} ms  {v.get('page')}"
                  for name, v in ds.items() if isinstance(v, dict) and "p95_ms" in v]
    gr = r.get("growth", {})
    lines += ["", "6. growth with corpus size (one process)"] + _err(r, "growth")
    if "rows" in gr:
        lines += [f"  {row['factor']:>3}x {row['documents']:>6} docs {row['mb']:8.2f} MB {row['cpu_seconds']:8.2f} s CPU"
                  f" ({row['seconds']:.2f} s wall)  {row['s_per_mb']:.3f} s/MB" for row in gr["rows"]]
        lines.append(f"  s/MB largest/smallest: {gr['ratio']:.2f} (1.00 = linear)")
    one = r.get("one_document", {})
    lines += ["", "6b. one document of each size (one process, `one_document`)"] + _err(r, "one_document")
    if "rows" in one:
        lines += [f"  {row['mb']:8.2f} MB {row['cpu_seconds']:8.2f} s CPU  {row['s_per_mb']:.3f} s/MB"
                  f"  ({row['obligations']} obligations)" for row in one["rows"]]
        lines.append(f"  s/MB largest/smallest: {one['ratio']:.2f} (1.00 = linear)")
    lines += ["", "7. OCR"] + _err(r, "ocr")
    if "seconds_per_page" in r.get("ocr", {}):
        lines.append(f"  {_num(r['ocr']['seconds_per_page'])} s per page ({r['ocr']['pdf']}, {r['ocr']['pages']} pages)")
    lines += ["", "targets"]
    lines += [f"  {'ok ' if t['met'] else ('?? ' if t['met'] is None else 'NO ')} {t['target']:44s}"
              f" {_num(t['value'], 3):>10}  goal {t['goal']}" for t in r.get("targets", [])]
    return "\n".join(lines)
