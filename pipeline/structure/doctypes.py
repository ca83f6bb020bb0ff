"""The document-type catalogue (pipeline/data/doc_types.yaml): names, symbols and families."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..datafiles import load_yaml


@dataclass(frozen=True)
class DocType:
    name: str  # "Kế hoạch"
    abbr: tuple[str, ...]  # ("KH",)
    families: tuple[str, ...]  # ("state", "party", ...)

    @property
    def caps(self) -> str:
        """The type line as printed above the trích yếu: KẾ HOẠCH."""
        return self.name.upper()


@cache
def doc_types() -> tuple[DocType, ...]:
    raw = load_yaml(resources.files("pipeline").joinpath("data/doc_types.yaml").read_text("utf-8"))
    return tuple(DocType(r["name"], tuple(r.get("abbr") or ()), tuple(r.get("families") or ())) for r in raw)


@cache
def by_caps() -> dict[str, str]:
    """KẾ HOẠCH → Kế hoạch (also the older tone placement: QUYẾT ĐỊNH, HOÀ/HÒA)."""
    out: dict[str, str] = {}
    for t in doc_types():
        out[t.caps] = t.name
    return out


@cache
def by_abbr() -> dict[str, str]:
    """KH → Kế hoạch; the first type listing an abbreviation owns it (QĐ → Quyết định)."""
    out: dict[str, str] = {}
    for t in doc_types():
        for a in t.abbr:
            out.setdefault(a, t.name)
    return out


@cache
def by_name() -> dict[str, str]:
    """kế hoạch → Kế hoạch: a type word as running text writes it, folded to lower case."""
    return {" ".join(t.name.lower().split()): t.name for t in doc_types()}
