"""Which files a batch reads, and the id each document gets.

A corpus folder gives its regular files of a supported type; a symlink, or anything else that is
not a file of the folder itself (a pipe, a device), is refused with one line and never read, so a
link to a file elsewhere on the machine is not published. An id is the file name without its
extension, made URL-safe (ASCII letters, digits, `-`, `_`, `.`): links, feeds and file names can
carry it as is; files that would share an id (`x.txt` beside `x.docx`) keep their extension in it
(`x-txt`, `x-docx`), so both are ingested."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import RefusedPath
from .read import SUPPORTED_SUFFIXES

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Input:
    path: Path
    id: str


def slug(name: str) -> str:
    """'Kế hoạch số 15#2?' → 'Ke-hoach-so-15-2': diacritics dropped (đ → d), every other character
    outside [A-Za-z0-9._-] a '-'; never empty, never hidden (no leading '.')."""
    ascii_ = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    ascii_ = "".join(ch for ch in ascii_ if not unicodedata.combining(ch))
    out = _UNSAFE.sub("-", ascii_).strip("-.")
    return out or "van-ban"


def document_ids(paths: Iterable[Path]) -> list[Input]:
    """Each path with its document id, unique among `paths` (and the same for the same set of
    names, whatever their order)."""
    paths = list(paths)
    base = {p: slug(p.stem) for p in paths}
    shared = Counter(base.values())
    wanted = {p: base[p] if shared[base[p]] == 1 else slug(f"{p.stem}-{p.suffix.lstrip('.')}") for p in paths}
    taken: Counter[str] = Counter()
    ids: dict[Path, str] = {}
    for p in sorted(paths, key=lambda p: (wanted[p], str(p))):  # still shared (a/x.txt, b/x.txt): -2, -3
        taken[wanted[p]] += 1
        ids[p] = wanted[p] if taken[wanted[p]] == 1 else f"{wanted[p]}-{taken[wanted[p]]}"
    return [Input(p, ids[p]) for p in paths]


def scan(paths: Iterable[str | Path]) -> tuple[list[Path], list[RefusedPath]]:
    """Files given, and the supported files of folders given (sorted, hidden files left out), and
    what was refused. A file named on its own is taken as named; inside a folder, a symlink or a
    special file is refused."""
    files: list[Path] = []
    refused: list[RefusedPath] = []
    for p in map(Path, paths):
        if not p.is_dir():
            files.append(p)
            continue
        for f in sorted(p.iterdir()):
            if f.name.startswith(".") or f.suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            if f.is_symlink():
                refused.append(RefusedPath(f, symlink=True))
            elif not f.is_file():
                refused.append(RefusedPath(f))
            else:
                files.append(f)
    return files, refused
