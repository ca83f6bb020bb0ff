"""The one-way house (issue 11): every import of `pipeline/` runs from a stage to its own or a lower
one, and no files import each other in a circle.

The stages, lowest first, and which part of `pipeline/` belongs to each, are written here and
nowhere else (the README's code layout says the same in words). Imports are read with `ast` from
every file, inside functions too, relative and absolute; a new top-level module or package must
be given a stage below before the test passes.
"""
from __future__ import annotations

import ast
from pathlib import Path

PIPELINE = Path(__file__).resolve().parent.parent / "pipeline"

# stage → the top-level modules and packages of pipeline/ it holds ("__init__" is pipeline/__init__.py)
LAYERS: dict[str, tuple[str, ...]] = {
    "model": ("__init__", "model", "errors", "limits", "text", "scanning", "syllables", "charsets", "furniture",
              "datafiles"),
    "read": ("read",),
    "normalize": ("normalize",),
    "structure": ("structure",),
    "extract": ("extract", "extracted"),
    "resolve": ("resolve",),
    "store": ("store", "corrections"),
    "publish": ("publish", "calendar", "datasette", "accounts", "web"),
    "cli": ("cli", "terminal", "ingest", "inputs", "manifest", "lock", "load", "executors", "workers", "doctor", "bench"),
}
# stages that must not use some lower ones: the store writes what resolve gives it, structure
# works on the normalised document alone, normalisation takes what the readers returned
SKIPS: dict[str, tuple[str, ...]] = {"store": ("extract", "resolve"), "structure": ("read",), "normalize": ("read",)}
RANK = {part: rank for rank, parts in enumerate(LAYERS.values()) for part in parts}
STAGE = {part: stage for stage, parts in LAYERS.items() for part in parts}


def modules(root: Path) -> dict[str, Path]:
    """Dotted name → file, for every .py file under `root` (`pipeline.read` is read/__init__.py)."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        parts = [root.name, *path.relative_to(root).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The modules of `known` that the file `path` (module `name`) imports, anywhere in it."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def add(target: str, names: list[str]) -> None:
        for alias in names:  # `from .x import y`: y may be a module of its own
            if f"{target}.{alias}" in known:
                found.add(f"{target}.{alias}")
            elif target in known:
                found.add(target)
        if not names:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target:
                found.add(target)

    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name, [])
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            add(target, [a.name for a in node.names])
    found.discard(name)
    return {t for t in found if t == "pipeline" or t.startswith("pipeline.")}


def graph(root: Path = PIPELINE) -> dict[str, set[str]]:
    known = modules(root)
    return {name: imports(name, path, known) for name, path in known.items()}


def part(module: str) -> str:
    """`pipeline.read.ocr` → 'read', `pipeline.model` → 'model', `pipeline` → '__init__'."""
    pieces = module.split(".")
    return pieces[1] if len(pieces) > 1 else "__init__"


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:  # recursion depth is bounded by the number of modules (~100)
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def test_every_module_has_a_stage() -> None:
    unplaced = sorted({part(m) for m in graph()} - set(RANK))
    assert not unplaced, f"give these parts of pipeline/ a stage in LAYERS: {unplaced}"


def test_no_import_runs_upwards() -> None:
    upward = [f"{m} ({STAGE[part(m)]}) imports {t} ({STAGE[part(t)]})"
              for m, targets in sorted(graph().items()) for t in sorted(targets)
              if part(m) in RANK and part(t) in RANK and RANK[part(t)] > RANK[part(m)]]
    assert not upward, "imports against model ← read ← normalize ← structure ← extract ← resolve ← store ← " \
                       "publish ← cli:\n" + "\n".join(upward)


def test_no_stage_uses_what_it_must_skip() -> None:
    skipped = [f"{m} ({STAGE[part(m)]}) imports {t} ({STAGE[part(t)]})"
               for m, targets in sorted(graph().items()) for t in sorted(targets)
               if part(m) in STAGE and part(t) in STAGE and STAGE[part(t)] in SKIPS.get(STAGE[part(m)], ())]
    assert not skipped, "imports a stage must skip (SKIPS):\n" + "\n".join(skipped)


def test_no_import_cycles() -> None:
    found = cycles(graph())
    assert not found, "modules that import each other (directly or round a circle):\n" + \
        "\n".join(" ↔ ".join(group) for group in found)


def test_the_walk_sees_every_kind_of_import(tmp_path: Path) -> None:
    """The walker finds imports at the top and inside functions, relative and absolute, and circles."""
    root = tmp_path / "pipeline"
    (root / "read").mkdir(parents=True)
    (root / "__init__.py").write_text("")
    (root / "model.py").write_text("def f():\n    from .read import ocr\n")
    (root / "read" / "__init__.py").write_text("from ..model import f\n")
    (root / "read" / "ocr.py").write_text("import pipeline.read.confidence\n")
    (root / "read" / "confidence.py").write_text("def g():\n    from . import ocr\n")
    edges = graph(root)
    assert edges["pipeline.model"] == {"pipeline.read.ocr"}
    assert edges["pipeline.read"] == {"pipeline.model"}
    assert edges["pipeline.read.ocr"] == {"pipeline.read.confidence"}
    assert cycles(edges) == [["pipeline.read.confidence", "pipeline.read.ocr"]]
    assert RANK[part("pipeline.read.ocr")] > RANK[part("pipeline.model")]  # model → read is upward
