"""The vocabulary of triggers (pipeline/data/triggers.yaml) compiled into patterns, for triggers.py,
the actor walk and the extractors that ask whether a clause opens a task.

Built once each (functools.cache): assignment verbs, duty markers and their rules, the words that end
an actor's name, those that belong to one, the openings of a subjectless task, the words of narrative.
"""
from __future__ import annotations

import re
from functools import cache

from ..datafiles import load_yaml
from ..text import alternation
from .actors import DATA, LOWER
from .actors import vocabulary as actor_vocabulary
from .nlp import words_data


@cache
def vocabulary() -> dict:
    with open(DATA / "triggers.yaml", encoding="utf-8") as fh:
        return load_yaml(fh)


@cache
def assign_re() -> re.Pattern[str]:
    """An assignment verb ('Giao', 'Đề nghị', 'Yêu cầu') as a whole word, and the spaces and 'cho' after
    it. The case rule is data (triggers.yaml assign_after_subject): those rules' verbs may be written
    in lowercase after their subject ('UBND tỉnh giao …'), the others only capitalised, opening a clause."""
    words, lower = vocabulary()["assign"], set(vocabulary()["assign_after_subject"])
    either = [w for w in words if words[w] in lower]
    forms = [w for w in words if w not in either] + either + [w[0].lower() + w[1:] for w in either]
    return re.compile(rf"(?<![\w])(?P<verb>{alternation(forms)})(?![{LOWER}])(?:\s+(?:cho\s+)?)?")


@cache
def end_re() -> re.Pattern[str]:
    """What ends an actor's name: a duty marker, an action verb (lowercase) or a 'not a duty' word."""
    v = vocabulary()
    return re.compile(
        rf"""(?<![\w])(?:
              (?P<duty>{alternation(list(v['duty']))})
            | (?P<action>{alternation(v['action'])})
            | (?P<adverb>{alternation(v['starters'])})
            | (?P<opening>(?<=\s)(?:{alternation(v['capital_openings'])}))
            | (?P<stop>{alternation(v['aspect'])})
            | (?P<prep>{alternation(v['prepositions'])})
            )(?![{LOWER}])""",
        re.VERBOSE,
    )


@cache
def glued_re() -> re.Pattern[str]:
    """A duty marker glued to the actor's last word, as PDF text layers leave it ('Đảng uỷchủtrì')."""
    v = vocabulary()
    return re.compile(rf"""(?:(?P<duty>{alternation(list(v['duty']) + ['phối hợp', 'chỉ đạo', 'chủ động'])})
                             |(?P<prep>{alternation(['trước', 'về', 'trong'])}))(?![{LOWER}])""", re.VERBOSE)


@cache
def glued_first() -> frozenset[str]:
    """The letters a glued marker can start with: the walk tries glued_re only at those (a set lookup
    per letter instead of a regex match at every letter of every name)."""
    v = vocabulary()
    return frozenset(p[0] for p in [*v["duty"], "phối hợp", "chỉ đạo", "chủ động", "trước", "về", "trong"])


@cache
def name_prep_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(vocabulary()['name_prepositions'])})$")


SUBJECT_PREP = re.compile(r"của|thuộc|ở")  # 'các ngành của địa phương', 'cơ quan thuộc Chính phủ'
TRANSPARENT = re.compile(r"theo\s+chức\s+năng,?\s+nhiệm\s+vụ(?:\s+được\s+giao)?,?\s*")


@cache
def name_words_re() -> re.Pattern[str]:
    """Lowercase words that belong to a name ('… đầu tư xây dựng số 1'), or a collective noun after a
    comma that goes on a list ('các cơ quan, tổ chức đảng', 'các sở, ban, ngành')."""
    words = vocabulary()["name_words"]
    collective = actor_vocabulary()["collective"]
    return re.compile(rf"(?:{alternation(words)}|(?<=,\s)(?i:{alternation(collective)}))(?![{LOWER}])")


@cache
def duty_re() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?:{alternation(list(vocabulary()['duty']))})(?![{LOWER}])")


@cache
def task_start_re() -> re.Pattern[str]:
    """A clause that opens with an action: '- Khẩn trương …', 'Tổ chức …', 'Đối với …: Tập trung …'."""
    v = vocabulary()
    return re.compile(
        rf"""(?:\(\d{{1,2}}\)\s*)?(?:(?:Đối\s+với|Về)\s[^:;.]{{1,160}}:\s*|[A-ZĐ][^:;.\n]{{1,80}}:\s*)?
             (?:(?:Đồng\s+thời|Bên\s+cạnh\s+đó|Ngoài\s+ra|Sau\s+đó),\s*)?
             (?:Theo\s+chức\s+năng,?\s+nhiệm\s+vụ[^,.;]{{0,60}},\s*)?
             (?:(?:Căn\s+cứ|Trên\s+cơ\s+sở|Sau\s+khi|Trong\s+quá\s+trình|Để|Nhằm)\s[^,.;]{{1,200}},\s*
                (?:[^,.;]{{1,80}},\s*){{0,3}})?
             (?i:{alternation([a for a in v['action'] if a not in v['rule_nouns']] + v['starters'])})(?![{LOWER}])""",
        re.VERBOSE,
    )


@cache
def _duty_rules() -> dict[str, str]:
    """Each duty marker without its spaces, to its rule (built once, not per marker found)."""
    return {re.sub(r"\s+", "", k): v for k, v in vocabulary()["duty"].items()}


def rule_of_duty(marker: str) -> str:
    return _duty_rules().get(re.sub(r"\s+", "", marker), "duty")


@cache
def narrative_re() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?:{alternation(vocabulary()['narrative'])})(?![{LOWER}])")


@cache
def connective_re() -> re.Pattern[str]:
    """'Đồng thời', 'Ngoài ra' (data/words.yaml connectives) and the comma after them, if any."""
    return re.compile(rf"(?i:{alternation(words_data()['connectives'])})(?![{LOWER}])[\s,]*")
