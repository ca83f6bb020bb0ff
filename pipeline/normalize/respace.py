"""Syllables glued together by a PDF text layer (`Đảng uỷtiếp thu`, `đềnghịChi bộ`) spaced again.

Vietnamese writes every syllable apart, so a run of letters that is not one syllable but splits
into well-formed ones (`syllables.py`) lost its spaces when the text layer was made. A run is
re-spaced only when the split is sure:

- at a small letter followed by a capital (`nghịChi`, `uỷUBND`, `thứII`) or capitals followed
  by a capitalised word (`TWMặt`), when both sides are words (a syllable, an abbreviation in capitals, or a run this rule re-spaces);
- inside a run in small letters (a capital first allowed), into syllables the word list of
  underthesea (Viet74K) knows: the split with the most two-syllable words of that list (`thực
  hiện`, not `thự chiện`), then the fewest syllables (`Nơi nhận`, not `Nơ in hận`), then the
  longest onsets, as Vietnamese spelling prefers (`bộ trẻ`, not `bột rẻ`); a tie is not decided.
  Foreign names whose pieces happen to be syllables (`Lênin`, `Kiốt`) are kept: the split needs a
  known word, or two syllables with a letter or tone English lacks, or, for two syllables in small
  letters, one such syllable and an onset on the second (`vụtheo`, not `Kiốt`).

Runs of ASCII letters (`online`, `TTg`) and runs that are one syllable are never touched. The step
runs before anything is stored, so every offset points into the re-spaced text.
"""
from __future__ import annotations

import importlib.util
import logging
import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

from ..syllables import MAX_SYLLABLE, is_syllable, spelling, split_tone, splits_into_syllables
from ..text import new_tone_placement

log = logging.getLogger(__name__)

_RUN = re.compile(r"[^\W\d_]{3,}")  # a run of letters: glued syllables make at least three
# distinct runs remembered: a document repeats its words (207,600 runs, 2,964 distinct, in the
# readable dev and formats files), so each is split once; bounded, for endless streams of new ones
RUNS_REMEMBERED = 1 << 15


@cache
def lexicon() -> tuple[frozenset[str], frozenset[str]]:
    """(two-syllable words, syllables) of underthesea's Viet74K word list, in lower case and the
    newer tone placement; empty when the list is not installed (then only unique splits are made)."""
    spec = importlib.util.find_spec("underthesea")  # found, not imported: its import is slow
    try:
        if spec is None or not spec.submodule_search_locations:
            raise OSError("underthesea is not installed")
        text = (Path(spec.submodule_search_locations[0]) / "corpus" / "data" / "Viet74K.txt").read_text("utf-8")
    except OSError as exc:
        log.warning("không thấy danh sách từ của underthesea (%s): chữ dính liền chỉ được tách theo quy tắc", exc)
        return frozenset(), frozenset()
    lines = _key(text).splitlines()  # one pass over the whole list: 74,000 lines
    pairs = frozenset(" ".join(p) for p in map(str.split, lines) if len(p) == 2)
    return pairs, frozenset(" ".join(lines).split())


def _key(text: str) -> str:
    return new_tone_placement(unicodedata.normalize("NFC", text.strip().lower()))


def onset(syllable: str) -> int:
    """Letters of the syllable's onset (`ngh` 3, `tr` 2, `b` 1, none 0)."""
    bare = split_tone(syllable)[0]
    onsets = spelling().onsets
    return next((n for n in (3, 2, 1) if bare[:n] in onsets), 0)


def split_run(run: str) -> list[str] | None:
    """The syllables of a run in small letters (a capital first allowed), or None when not sure."""
    if is_syllable(run) or run.isascii() or not run[1:].islower() or not splits_into_syllables(run.lower()):
        return None  # (a run in no syllables at all is never split: the search below is not tried)
    pairs, known = lexicon()
    # end → its best splits so far: (known pairs, -syllables, onset letters), parts; two tell a tie
    best: dict[int, list[tuple[tuple[int, int, int], list[str]]]] = {0: [((0, 0, 0), [])]}
    for start in range(len(run)):
        for (score, neg, ons), parts in best.get(start, []):
            for end in range(start + 1, min(len(run), start + MAX_SYLLABLE) + 1):
                piece = run[start:end]
                if not is_syllable(piece) or (known and _key(piece) not in known):
                    continue
                gain = 1 if parts and f"{_key(parts[-1])} {_key(piece)}" in pairs else 0
                cand = ((score + gain, neg - 1, ons + onset(piece)), [*parts, piece])
                kept = best.setdefault(end, [])
                if not kept or cand[0] > kept[0][0]:
                    kept[:] = [cand]
                elif cand[0] == kept[0][0] and len(kept) < 2:
                    kept.append(cand)
    found = best.get(len(run), [])
    if len(found) != 1 or len(found[0][1]) < 2:
        return None
    (score, _, _), parts = found[0]
    marked = sum(not p.isascii() for p in parts)  # a letter or tone English lacks: đ ơ ư â ê ô ă, tones
    sure = score > 0 or marked >= 2 or (marked == 1 and len(parts) == 2 and run.islower() and onset(parts[1]) > 0)
    return parts if sure else None


def _word(piece: str) -> list[str] | None:
    """A piece between case cuts as words: itself (a syllable, capitals, ASCII) or its syllables."""
    if is_syllable(piece) or piece.isupper() or piece.isascii():
        return [piece]
    return split_run(piece)


def case_pieces(run: str) -> list[str]:
    """A run cut before every capital that follows a small letter (`nghịChi` → `nghị`, `Chi`) and
    before a capitalised word after two capitals or more (`TWMặt` → `TW`, `Mặt`; `QĐi` stays)."""
    if run[1:].islower():  # no capital after the first letter (most runs): nothing to cut
        return [run]
    cuts = [i for i in range(1, len(run)) if run[i].isupper() and (
        run[i - 1].islower() or (i >= 2 and run[i - 2 : i].isupper() and run[i + 1 : i + 2].islower()))]
    return [run[a:b] for a, b in zip([0, *cuts], [*cuts, len(run)], strict=True)]


@lru_cache(maxsize=RUNS_REMEMBERED)
def respace_run(run: str) -> str:
    """A run of letters with its glued syllables spaced again, or as it is when not sure."""
    if run.isascii():
        return run
    pieces = case_pieces(run)
    if len(pieces) > 1:
        words = [_word(p) for p in pieces]
        if all(w is not None for w in words):
            return " ".join(s for w in words if w for s in w)
        return run
    parts = split_run(run)
    return " ".join(parts) if parts else run


def respace_glued(text: str) -> str:
    """The text with every sure run of glued syllables spaced again."""
    if text.isascii():
        return text
    return _RUN.sub(lambda m: respace_run(m.group()), text)
