"""The catalogue of laws and symbols: OCR'd law names, symbols cut short, names that are not documents
(tests/cases/citations_catalogue.yaml, tests/cases/catalogue.yaml), the syllable distance itself, and
the sources every entry names (a quote from a corpus file must really be in that file)."""
from __future__ import annotations

import datetime
import re
import unicodedata
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.extract.catalogue import canonical_law, complete_symbol, distance, laws
from pipeline.extract.citations import citations_in
from pipeline.text import fold

from .conftest import SHARED
from .test_citations import _found, unmark

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "citations_catalogue.yaml").read_text("utf-8"))
TABLE = yaml.safe_load((Path(__file__).parent / "cases" / "catalogue.yaml").read_text("utf-8"))
SYMBOLS = yaml.safe_load(resources.files("pipeline").joinpath("data/symbols.yaml").read_text("utf-8"))


@pytest.mark.parametrize("row", CASES, ids=[f"{i:02d}" for i in range(len(CASES))])
def test_sentence(row: dict[str, Any]) -> None:
    text, spans = unmark(row["text"])
    found = citations_in(text)
    assert [_found(c) for c in found] == row["expect"]
    assert [c.span for c in found] == spans


@pytest.mark.parametrize("row", TABLE["names"], ids=[r["read"] for r in TABLE["names"]])
def test_canonical_law(row: dict[str, Any]) -> None:
    assert canonical_law(row["read"]) == row["name"]


@pytest.mark.parametrize("row", TABLE["symbols"], ids=[f"{r['number']}-{i}" for i, r in enumerate(TABLE["symbols"])])
def test_complete_symbol(row: dict[str, Any]) -> None:
    assert complete_symbol(row["number"], set(row.get("known") or ())) == row["expect"]


def test_distance_weights() -> None:
    assert distance(("chúc",), ("chức",)) == 0.5  # a mark misread
    assert distance(("ổ", "chức"), ("chức",)) == 0.5  # a stray one-letter syllable
    assert distance(("tổ",), ("chức",)) == 1.0


# ---------------------------------------------------------------- every entry has a source that holds

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]


def _dates(quote: str) -> set[datetime.date]:
    """The days a quote states: 19/06/2015, (ngày) 19 tháng 6 năm 2015, June 19, 2015."""
    found = [(y, m, d) for d, m, y in re.findall(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b", quote)]
    found += [(y, m, d) for d, m, y in re.findall(r"\b(\d{1,2}) tháng (\d{1,2}) năm (\d{4})\b", quote)]
    found += [(y, str(_MONTHS.index(m) + 1), d)
              for m, d, y in re.findall(rf"\b({'|'.join(_MONTHS)}) (\d{{1,2}}), (\d{{4}})\b", quote)]
    return {datetime.date(int(y), int(m), int(d)) for y, m, d in found}


def _key(text: str) -> str:
    """Letters and digits only, without marks: a name or number compared whatever its spacing and case."""
    return re.sub(r"[^0-9a-z]", "", fold(unicodedata.normalize("NFC", text)))


@cache
def _text(doc: str) -> str:
    path = SHARED / doc
    assert path.is_file(), f"source {doc}: no such file under {SHARED}"
    return " ".join(unicodedata.normalize("NFC", path.read_text("utf-8", errors="replace")).split())


def _check_sources(sources: list[dict[str, str]], what: str) -> None:
    assert sources, f"{what}: no source"
    for s in sources:
        assert set(s) in ({"doc", "quote"}, {"url", "quote"}), f"{what}: a source is doc+quote or url+quote, not {s}"
        assert s["quote"].strip(), f"{what}: empty quote"
        if "url" in s:
            assert re.match(r"https?://\S+$", s["url"]), f"{what}: {s['url']} is not a URL"
        else:
            quote = " ".join(unicodedata.normalize("NFC", s["quote"]).split())
            assert quote in _text(s["doc"]), f"{what}: {s['doc']} does not contain {quote!r}"


def _laws() -> list[dict[str, Any]]:
    return list(laws())


@pytest.mark.parametrize("law", _laws(), ids=[law["name"][:40] for law in _laws()])
def test_every_law_edition_has_a_source_stating_it(law: dict[str, Any]) -> None:
    assert set(law) <= {"name", "code", "aliases", "editions"}, law["name"]
    assert law["editions"], law["name"]
    name = _key(law["name"])
    for e in law["editions"]:
        what = f"{law['name']} {e['number']}"
        assert set(e) <= {"number", "adopted", "sources"}, what
        number = e["number"]
        assert re.fullmatch(r"\d+/(\d{4})/QH\d+", number), what
        _check_sources(e["sources"], what)
        quotes = [s["quote"] for s in e["sources"]]
        assert any(name in _key(q) and _key(number) in _key(q) for q in quotes), \
            f"{what}: no quote names the law with its number"
        if "adopted" in e:
            assert isinstance(e["adopted"], datetime.date), what
            assert e["adopted"].year == int(number.split("/")[1]), what  # 77/2015/QH13 adopted in 2015
            assert any(e["adopted"] in _dates(q) for q in quotes), f"{what}: no quote states {e['adopted']}"
    for alias in law.get("aliases") or ():
        _check_sources(alias["sources"], f"{law['name']} alias {alias['name']}")
        assert any(_key(alias["name"]) in _key(s["quote"]) for s in alias["sources"]), alias["name"]


def test_every_symbol_and_sole_issuer_has_a_source_stating_it() -> None:
    for s in SYMBOLS["symbols"]:
        _check_sources(s["sources"], s["number"])
        assert any(_key(s["number"]) in _key(q["quote"]) for q in s["sources"]), s["number"]
    for code, v in SYMBOLS["sole_issuers"].items():
        _check_sources(v["sources"], code)
        assert any(f"{code}-{v['issuer']}" in q["quote"] for q in v["sources"]), code


NAMED = yaml.safe_load(resources.files("pipeline").joinpath("data/named_documents.yaml").read_text("utf-8"))
UNSOURCED_AT_MOST = 103  # law names no source states yet (8 Dec 2026): may shrink, never grow


@pytest.mark.parametrize("entry", NAMED["law_names"], ids=[e["name"][:40] for e in NAMED["law_names"]])
def test_every_law_name_names_its_source(entry: dict[str, Any]) -> None:
    assert set(entry) == {"name", "source"}, entry
    source = entry["source"]
    if source == "laws.yaml":
        known = {_key(law["name"]) for law in laws()} | {_key(a["name"]) for law in laws() for a in law.get("aliases") or ()}
        assert _key(entry["name"]) in known, f"{entry['name']}: not in laws.yaml"
    elif source is not None:
        _check_sources([source], entry["name"])
        assert _key("Luật " + entry["name"]) in _key(source["quote"]), f"{entry['name']}: the quote does not name it"


def test_unsourced_law_names_only_shrink() -> None:
    unsourced = [e["name"] for e in NAMED["law_names"] if e["source"] is None]
    assert len(unsourced) <= UNSOURCED_AT_MOST, f"a law name added without a source: {unsourced}"
    names = [e["name"] for e in NAMED["law_names"]]
    assert len(names) == len(set(names))  # spellings may differ by a comma only (Phòng, chống / Phòng chống)


def test_one_number_one_law() -> None:
    """A number belongs to one law only (two entries with one number would make a completion ambiguous)."""
    numbers = [e["number"] for law in laws() for e in law["editions"]]
    assert len(numbers) == len(set(numbers))
    names = [_key(law["name"]) for law in laws()]
    assert len(names) == len(set(names))


def test_a_wrong_source_fails() -> None:
    """The source check is not a formality: a quote missing from its file, or one that names another
    number, is caught."""
    with pytest.raises(AssertionError):
        _check_sources([{"doc": "corpus/dev/053_qd-2820-ubnd-ban-hanh-kh.txt",
                         "quote": "Luật Tổ chức chính quyền địa phương số 77/2025/QH15"}], "invented")
    with pytest.raises(AssertionError):
        _check_sources([{"doc": "corpus/dev/no-such-file.txt", "quote": "x"}], "invented")
    assert _dates("ngày 16 tháng 6 năm 2025; 19/06/2015; March 30, 2021") == {
        datetime.date(2025, 6, 16), datetime.date(2015, 6, 19), datetime.date(2021, 3, 30)}
