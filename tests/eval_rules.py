"""Precision and recall of obligations per rule and per construction on the dev gold (`make eval-rules`).

    python -m tests.eval_rules [--shared ../shared] [--aside "001 023 …"] [--with-aside] [--json]

Extracts the dev gold documents with this tree (the files kept aside, ASIDE in the Makefile, left out
unless --with-aside) and matches obligations with ../shared/eval/score.py's own functions (imported by
path: the same matching as `make eval-dev`). It prints:
- per rule (Obligation.rule) and per construction (the rule's construction: tests/eval_rules.yaml),
  TP / FP / precision, and the obligation→deadline links right among the matched duties whose gold
  has a deadline (ok/n); a link 'none' is a duty with no deadline linked, 'wrong' one with others;
- for recall, the gold obligations found and missed classified by the construction they need, read
  from the layout of the gold quote in the outline (structure/outline.py): the quote in a table row
  or a labelled block; its bearer in its own sentence (own subject, or an assignment `Giao X …`),
  in the lead-in, heading or duty-stating item it stands under, or in the sentence before it in the
  same paragraph (continuation); a miss is 'detected' when a prediction holds its quote (wrong bearer).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

from pipeline.model import Node, Sentence, Span

from .shared_dir import DEFAULT, require

ROOT = Path(__file__).resolve().parent.parent
ASIDE = "001 023 036 038 054 058 d007"  # the Makefile's ASIDE, used when --aside is not given
ASSIGN = re.compile(r"(?i)\s*(?:giao|đề\s+nghị|yêu\s+cầu|khuyến\s+khích)\b")


@cache
def scorer(shared: Path) -> ModuleType:
    """../shared/eval/score.py as a module (its matching functions, not a copy of them)."""
    spec = importlib.util.spec_from_file_location("vanban_score", shared / "eval" / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def _data() -> dict[str, Any]:
    return yaml.safe_load((Path(__file__).with_suffix(".yaml")).read_text("utf-8"))


@cache
def constructions() -> dict[str, str]:
    """Each rule to its construction (tests/eval_rules.yaml); the scope rules are read from the layout."""
    return {rule: name for name, rules in _data()["constructions"].items() for rule in rules}


def by_layout() -> frozenset[str]:
    return frozenset(_data()["by layout"])


@dataclass
class Count:
    tp: int = 0
    fp: int = 0
    links_ok: int = 0
    links_n: int = 0
    link_none: int = 0  # matched, gold deadline, none linked
    link_wrong: int = 0  # matched, gold deadline, others linked

    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None


@dataclass
class Recall:
    found: int = 0
    missed: int = 0
    detected: int = 0  # missed, but some prediction holds the quote (its bearer is wrong)


@dataclass
class Report:
    rules: dict[str, Count] = field(default_factory=lambda: defaultdict(Count))
    kinds: dict[str, Count] = field(default_factory=lambda: defaultdict(Count))
    recall: dict[str, Recall] = field(default_factory=lambda: defaultdict(Recall))
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # (doc, construction, quote)
    bad_links: list[tuple[str, str, str, str]] = field(default_factory=list)  # (doc, rule, quote, want → got)


# ---------------------------------------------------------------- the layout of a gold quote

def folded(score: ModuleType, text: str) -> tuple[str, list[int]]:
    """score.fold's form of the whole text, with the offset in `text` of each folded character."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        c = ch.lower()[:1].translate(score.DASHES).replace("ð", "đ")
        if c.isspace():
            if out and out[-1] == " ":
                continue
            c = " "
        out.append(c)
        where.append(i)
    flat = score.TONE_RE.sub(lambda m: score.TONES[m.group()], "".join(out))  # two letters for two
    return flat, where


def locate(score: ModuleType, flat: tuple[str, list[int]], quote: str, after: int = 0) -> int | None:
    """The offset in the text of the first folded occurrence of `quote` from offset `after`."""
    at = flat[0].find(score.fold(quote), bisect_left(flat[1], after))
    return flat[1][at] if at >= 0 else None


def node_at(outline: tuple[Node, ...], pos: int) -> int | None:
    """The deepest node of the outline holding offset `pos`."""
    best = None
    for i, n in enumerate(outline):
        if n.span.start <= pos < n.span.end and (best is None or n.depth >= outline[best].depth):
            best = i
    return best


def construction_needed(score: ModuleType, text: str, outline: tuple[Node, ...], sentences: tuple[Sentence, ...],
                        pos: int | None, actors: list[Any]) -> str:
    """The construction that gives the duty at `pos` its bearer, from the layout around it."""
    if pos is None:
        return "quote not in text"
    at = node_at(outline, pos)
    if at is None:
        return "outside the outline"
    chain = [at]
    while outline[chain[-1]].parent is not None:
        chain.append(outline[chain[-1]].parent)  # type: ignore[arg-type]
    kinds = {outline[n].kind for n in chain}
    if "row" in kinds:
        return "table row"
    if kinds & {"block", "field"}:
        return "labelled block"
    keys = [score.actor_key(a) for group in actors for a in ([group] if isinstance(group, str) else group)]

    def names(span: Span) -> bool:
        return any(k and k in score.fold(span.of(text)) for k in keys)

    node = outline[at]
    body = node.body or node.span
    colon = text.find(":", body.start, pos)
    if colon >= 0 and names(Span(body.start, colon)):  # '2. Sở Nội vụ: Chủ trì …', 'Giao X: (i) …'
        return "lead-in" if ASSIGN.match(text, body.start) else "heading scope"
    if names(node.span):
        return "assignment" if ASSIGN.match(text, body.start) else "own subject"
    if node.sentence is not None and node.sentence > 0:
        before = sentences[node.sentence - 1]
        if before.block == sentences[node.sentence].block and names(before.span) and not node.marker:
            return "continuation"
    for a in chain[1:]:
        up = outline[a]
        if names(up.span):
            if up.kind == "lead_in":
                return "lead-in"
            return "heading scope" if up.kind == "heading" or up.marker in ("roman", "dieu") else "subjectless task"
    return "elsewhere"


# ---------------------------------------------------------------- counting

def tally(score: ModuleType, gold: dict[str, Any], pred: dict[str, Any], text: str, outline: tuple[Node, ...],
          sentences: tuple[Sentence, ...], report: Report, doc_id: str = "") -> None:
    """Add one document's obligations to the report (the matching of score.score_document)."""
    if "obligations" not in gold:
        return
    preds = [o for o in pred.get("obligations", []) if o.get("actors")]
    quoted = lambda g, p: score.fold(g["quote"]) in score.obligation_text(p)  # noqa: E731
    strict = lambda g, p: quoted(g, p) and score.actors_match(g.get("actors", []), p.get("actors", []))  # noqa: E731
    _, pairs, missed, extra = score.match(gold["obligations"], preds, strict, quoted)
    every = pred.get("deadlines", [])
    flat = folded(score, text)

    def kind(p: dict[str, Any]) -> str:
        rule = p.get("rule") or "?"
        if rule not in by_layout():
            return constructions().get(rule, "other")
        start = p.get("start", 0)
        pos = locate(score, flat, p.get("action", "")[:60], start) if p.get("action") else None
        at = pos if pos is not None and pos < p.get("end", len(text)) else start
        return construction_needed(score, text, outline, sentences, at, [[a] for a in p.get("actors", [])])

    for g, p in pairs:
        rule = p.get("rule") or "?"
        for count in (report.rules[rule], report.kinds[kind(p)]):
            count.tp += 1
            if g.get("deadline"):
                mine = [every[i] for i in p.get("deadlines", []) if isinstance(i, int) and 0 <= i < len(every)]
                ok = any(score.deadline_match(g["deadline"], d) for d in mine)
                count.links_n += 1
                count.links_ok += ok
                count.link_none += not mine
                count.link_wrong += bool(mine) and not ok
            if g.get("deadline") and count is report.rules[rule] and not ok:
                got = ", ".join(str(d.get("due") or d.get("rrule") or d.get("text")) for d in mine) or "none"
                want = g["deadline"].get("due") or g["deadline"].get("rrule") or g["deadline"].get("kind")
                report.bad_links.append((doc_id, rule, g["quote"], f"{want} → {got}"))
    for p in extra:
        rule = p.get("rule") or "?"
        report.rules[rule].fp += 1
        report.kinds[kind(p)].fp += 1
    found = {id(g) for g, _ in pairs}
    for g in gold["obligations"]:
        if g.get("optional"):
            continue
        needed = construction_needed(score, text, outline, sentences, locate(score, flat, g["quote"]),
                                     g.get("actors", []))
        if id(g) in found:
            report.recall[needed].found += 1
            continue
        report.recall[needed].missed += 1
        report.recall[needed].detected += any(quoted(g, p) for p in pred.get("obligations", []))
        report.misses.append((doc_id, needed, g["quote"]))


def run(shared: Path, aside: set[str]) -> Report:
    from pipeline.extract import extract
    from pipeline.extracted import to_json
    from pipeline.load import load

    for parts in (("eval",), ("corpus", "dev", "gold")):
        require("tests.eval_rules", shared, *parts)
    score, report = scorer(shared), Report()
    dev = shared / "corpus" / "dev"
    for path in sorted((dev / "gold").glob("*.json")):
        if path.stem.split("_")[0] in aside:
            continue  # never read, not even its gold
        sources = [p for p in dev.glob(f"{path.stem}.*") if p.is_file()]
        if not sources:
            print(f"{path.stem}: no document", file=sys.stderr)
            continue
        ex = extract(replace(load(sources[0]), id=path.stem))
        gold = json.loads(path.read_text("utf-8"))
        tally(score, gold, to_json(ex), ex.document.text, ex.structure.outline, ex.structure.sentences, report,
              path.stem)
    return report


# ---------------------------------------------------------------- printing

def _pct(x: float | None) -> str:
    return "    -" if x is None else f"{x:5.3f}"


def table(report: Report) -> str:
    lines = []
    for title, counts in (("rule", report.rules), ("construction", report.kinds)):
        lines.append(f"{title:20}{'TP':>5}{'FP':>5}{'P':>7}   links ok/n  none wrong")
        for name, c in sorted(counts.items(), key=lambda kv: -(kv[1].tp + kv[1].fp)):
            links = f"{c.links_ok}/{c.links_n}" if c.links_n else "-"
            lines.append(f"{name:20}{c.tp:5}{c.fp:5}  {_pct(c.precision())}   {links:>10}{c.link_none:6}{c.link_wrong:6}")
        tp, fp = sum(c.tp for c in counts.values()), sum(c.fp for c in counts.values())
        ok, n = sum(c.links_ok for c in counts.values()), sum(c.links_n for c in counts.values())
        lines.append(f"{'all':20}{tp:5}{fp:5}  {_pct(tp / (tp + fp) if tp + fp else None)}   {f'{ok}/{n}':>10}")
        lines.append("")
    lines.append(f"{'recall by layout':20}{'found':>6}{'missed':>7}{'R':>7}  detected")
    for name, r in sorted(report.recall.items(), key=lambda kv: -(kv[1].found + kv[1].missed)):
        total = r.found + r.missed
        lines.append(f"{name:20}{r.found:6}{r.missed:7}  {_pct(r.found / total if total else None)}  {r.detected:8}")
    found, missed = sum(r.found for r in report.recall.values()), sum(r.missed for r in report.recall.values())
    lines.append(f"{'all':20}{found:6}{missed:7}  {_pct(found / (found + missed) if found + missed else None)}")
    return "\n".join(lines)


def as_json(report: Report) -> dict[str, Any]:
    return {"rules": {k: vars(v) for k, v in report.rules.items()},
            "constructions": {k: vars(v) for k, v in report.kinds.items()},
            "recall": {k: vars(v) for k, v in report.recall.items()},
            "misses": report.misses}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=DEFAULT)
    ap.add_argument("--aside", default=ASIDE, help="ids of the gold files kept aside (left out)")
    ap.add_argument("--with-aside", action="store_true", help="include the gold files kept aside")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--misses", action="store_true", help="list the missed gold obligations and the wrong links")
    args = ap.parse_args(argv)
    report = run(args.shared, set() if args.with_aside else set(args.aside.split()))
    if args.json:
        print(json.dumps(as_json(report), ensure_ascii=False, indent=1))
        return 0
    print(table(report))
    if args.misses:
        for doc, kind, quote in report.misses:
            print(f"  MISS {doc} [{kind}] {quote}")
        for doc, rule, quote, how in report.bad_links:
            print(f"  LINK {doc} [{rule}] {quote}: {how}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
