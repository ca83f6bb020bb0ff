"""The database: tables, stable ids, next due days, citation links, folded search, follow-up kept apart.

Records come from tests/cases/store.yaml (real sentences with inline marks), so these tests do not
depend on how well the extractors do today; one test runs the real `vanban ingest`."""
from __future__ import annotations

import re
import shutil
import sqlite3
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from pipeline import store
from pipeline.cli import main
from pipeline.extracted import validate
from pipeline.resolve import resolve
from pipeline.store import followup
from pipeline.store.rows import content_key, number_key
from pipeline.store.views import connect

from .conftest import DEV

CASES = Path(__file__).parent / "cases" / "store.yaml"
_MARK = re.compile(r"\[\[o:(\d+) |\{\{d:(\d+) |<<c:(\d+) |\]\]|\}\}|>>")


@cache
def cases() -> dict[str, Any]:
    return yaml.safe_load(CASES.read_text("utf-8"))


def today() -> date:
    return date.fromisoformat(cases()["today"])


def unmark(marked: str) -> tuple[str, dict[tuple[str, int], tuple[int, int]]]:
    """Text without the marks, and (kind, n) → (start, end) for every mark."""
    out: list[str] = []
    pos, length = 0, 0
    stack: list[tuple[str, int, int]] = []
    spans: dict[tuple[str, int], tuple[int, int]] = {}
    for m in _MARK.finditer(marked):
        out.append(marked[pos:m.start()])
        length += m.start() - pos
        pos = m.end()
        if m.group(1) or m.group(2) or m.group(3):
            kind = "o" if m.group(1) else "d" if m.group(2) else "c"
            stack.append((kind, int(m.group(1) or m.group(2) or m.group(3)), length))
        else:
            kind, n, start = stack.pop()
            spans[(kind, n)] = (start, length)
    out.append(marked[pos:])
    assert not stack, "unclosed mark"
    return "".join(out), spans


def record(case: dict[str, Any], text_edit: str = "") -> dict[str, Any]:
    """A schema-valid extracted record from one YAML document; `text_edit` is put before the body."""
    text, spans = unmark(text_edit + case["text"])

    def span(kind: str, n: int) -> dict[str, Any]:
        start, end = spans[(kind, n)]
        return {"start": start, "end": end}

    cites = [{**span("c", i), "text": text[slice(*spans[("c", i)])], "issuer": None, "title": None, "year": None,
              "in_corpus": None, **c} for i, c in enumerate(case.get("citations", []))]
    deadlines = [{**span("d", i), "text": text[slice(*spans[("d", i)])], "due": None, "period_start": None,
                  "rrule": None, **d} for i, d in enumerate(case.get("deadlines", []))]
    obligations = [{**span("o", i), "sentence": text[slice(*spans[("o", i)])], "section": None, "partners": [],
                    "report_to": [], **o} for i, o in enumerate(case.get("obligations", []))]
    rec = {
        "schema": "vanban/extracted/v1",
        "document": {"id": case["id"], "source": f"corpus/{case['id']}.txt", "sha256": "0" * 64, "format": "txt",
                     "pages": None, "doc_type": case["doc_type"], "number": case["number"], "issuer": case["issuer"],
                     "issued_date": case["issued_date"], "title": case["title"], "signer": None, "recipients": []},
        "text": text, "sections": [], "citations": cites, "deadlines": deadlines, "obligations": obligations,
    }
    validate(rec)
    return rec


def records() -> list[dict[str, Any]]:
    return [record(c) for c in cases()["documents"]]


def build_fixture(folder: Path, recs: list[dict[str, Any]] | None = None) -> Path:
    return store.build(resolve(records() if recs is None else recs), folder / "vanban.db", today=today())


def obligation_id(recs: list[dict[str, Any]], doc: str, n: int) -> str:
    rec = next(r for r in recs if r["document"]["id"] == doc)
    return content_key(doc, rec["obligations"][n]["sentence"])


@pytest.fixture
def db(tmp_path: Path) -> sqlite3.Connection:
    conn = connect(build_fixture(tmp_path), today=today)
    conn.row_factory = sqlite3.Row
    return conn


def test_tables_keys_and_counts(db: sqlite3.Connection) -> None:
    counts = {t: db.execute(f"select count(*) from [{t}]").fetchone()[0] for t in store.SCHEMA}
    assert counts == {"documents": 3, "sections": 0, "citations": 3, "deadlines": 4, "obligations": 5, "units": 8,
                      "obligation_units": 9, "unit_groups": 0, "obligation_deadlines": 4, "occurrences": 15,
                      "ingest_errors": 0, "removed_documents": 0}
    fks = {(r["table"], r["from"]) for r in db.execute("select * from pragma_foreign_key_list('obligation_units')")}
    assert fks == {("obligations", "obligation_id"), ("units", "unit_id")}
    assert db.execute("select count(*) from pragma_foreign_key_check").fetchone()[0] == 0


def test_every_span_quotes_the_stored_text(db: sqlite3.Connection) -> None:
    for table, quote in (("obligations", "sentence"), ("deadlines", "text"), ("citations", "text")):
        rows = db.execute(f"select d.text as doc, t.start, t.[end], t.{quote} as quote from {table} t"
                          " join documents d on d.id = t.document_id").fetchall()
        assert rows
        for r in rows:
            assert r["doc"][r["start"]:r["end"]] == r["quote"]


@pytest.mark.parametrize("case", cases()["expected_obligations"], ids=lambda c: f"{c['doc']}-{c['n']}")
def test_overview_row(db: sqlite3.Connection, case: dict[str, Any]) -> None:
    row = db.execute("select * from obligations_overview where id = ?",
                     [obligation_id(records(), case["doc"], case["n"])]).fetchone()
    assert (row["next_due"], row["status"], row["lead_actor"]) == (case["next_due"], case["status"],
                                                                    case["lead_actor"])
    assert row["source"] == f"/-/vanban/doc/{case['doc']}#o-{row['id']}"


def test_rebuild_is_identical(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    dumps = []
    for folder, recs in ((a, records()), (b, list(reversed(records())))):
        with sqlite3.connect(build_fixture(folder, recs)) as conn:
            dumps.append(sorted(conn.iterdump()))
    assert dumps[0] == dumps[1]


def test_citation_links(db: sqlite3.Connection) -> None:
    links = dict(db.execute("select number, cited_document_id from citations").fetchall())
    # 223/KH-UBND is in the corpus: linked by its normalised number ('223/KH- UBND' in the text)
    assert links == {"4255/QĐ-BNN-KHCN": None, "223/KH-UBND": "kh-223-thanh-hoa", "76/NQ-CP": None}


def test_in_corpus_wins_and_unknown_ids_are_dropped(tmp_path: Path) -> None:
    recs = records()
    recs[0]["citations"][0]["in_corpus"] = "kh-cchc-2026-lam-dong"
    recs[2]["citations"][0]["in_corpus"] = "not-in-this-corpus"
    with sqlite3.connect(build_fixture(tmp_path, recs)) as conn:
        links = dict(conn.execute("select number, cited_document_id from citations").fetchall())
    assert links == {"4255/QĐ-BNN-KHCN": "kh-cchc-2026-lam-dong", "223/KH-UBND": "kh-223-thanh-hoa",
                     "76/NQ-CP": None}


def test_actor_roles(db: sqlite3.Connection) -> None:
    oid = obligation_id(records(), "kh-cchc-2026-lam-dong", 0)
    roles = db.execute("select u.name, ou.role from obligation_units ou join units u on u.id = ou.unit_id"
                       " where ou.obligation_id = ? order by u.name, ou.role", [oid]).fetchall()
    assert [tuple(r) for r in roles] == [("Các cơ quan, đơn vị liên quan", "phối hợp"),
                                         ("Sở Nội vụ tỉnh Lâm Đồng", "chủ trì"), ("Sở Nội vụ tỉnh Lâm Đồng", "nhận báo cáo")]
    cal, tasks, kind = db.execute("select calendar, tasks, kind from units where id = 'so-noi-vu-tinh-lam-dong'").fetchone()
    assert (cal, tasks, kind) == ("/vanban/unit_duties.ics?unit_id=so-noi-vu-tinh-lam-dong",
                                  "/vanban/unit_duties.ics?unit_id=so-noi-vu-tinh-lam-dong&_todo=1", "body")


def _fts(db: sqlite3.Connection, table: str, query: str) -> list[Any]:
    return db.execute(f"select id from {table} where rowid in (select rowid from {table}_fts"
                      f" where {table}_fts match ?) order by id", [vn_query(query)]).fetchall()


def vn_query(query: str) -> str:
    from pipeline.store.views import fts_phrases
    return fts_phrases(query)  # what the plugin's escape_fts does


@pytest.mark.parametrize("case", cases()["search_obligations"], ids=lambda c: c["queries"][0])
def test_search_obligations_with_or_without_diacritics(db: sqlite3.Connection, case: dict[str, Any]) -> None:
    expected = sorted(obligation_id(records(), doc, n) for doc, n in case["found"])
    for query in case["queries"]:
        assert [r[0] for r in _fts(db, "obligations", query)] == expected, query


@pytest.mark.parametrize("case", cases()["search_documents"], ids=lambda c: c["queries"][0])
def test_search_documents_with_or_without_diacritics(db: sqlite3.Connection, case: dict[str, Any]) -> None:
    for query in case["queries"]:
        assert [r[0] for r in _fts(db, "documents", query)] == sorted(case["found"]), query


def test_stable_keys() -> None:
    for a, b in cases()["keys"]["same"]:
        assert content_key("x", a) == content_key("x", b)
    for a, b in cases()["keys"]["different"]:
        assert content_key("x", a) != content_key("x", b)
    assert content_key("x", "Sở Nội vụ chủ trì") != content_key("y", "Sở Nội vụ chủ trì")


def test_number_key() -> None:
    assert number_key("223/KH- UBND") == number_key("223/KH-UBND") == "223/kh-ubnd"
    assert number_key("19 - KH/BCĐ") == "19-kh/bcd"


def mark(path: Path, oid: str, action: str = "done", note: str | None = None, by: str = "vanphong") -> None:
    followup.record(path, followup.Anchor(oid), action, by=by, note=note)


def test_followup_survives_edit_and_rebuild(tmp_path: Path) -> None:
    follow = tmp_path / "followup.db"
    recs = records()
    oid = obligation_id(recs, "kh-235-thanh-hoa", 1)
    build_fixture(tmp_path, recs)
    mark(follow, oid, note="Đã gửi báo cáo")
    # The document is edited above the duty and its duties come out in another order
    edited = [record(c, "Bản sửa đổi, bổ sung.\n") if c["id"] == "kh-235-thanh-hoa" else record(c)
              for c in cases()["documents"]]
    edited[0]["obligations"].reverse()
    build_fixture(tmp_path, edited)
    conn = connect(tmp_path / "vanban.db", today=today)
    assert conn.execute("select status from obligations_overview where id = ?", [oid]).fetchone() == ("done",)
    assert conn.execute("select count(*) from obligations_overview where status = 'done'").fetchone() == (1,)
    assert followup.done_occurrences(conn) == {oid: {None}}
    # notes and who wrote them stay in followup.db: vanban.db is public
    assert "Đã gửi báo cáo" not in str(conn.execute("select * from obligations_overview").fetchall())


def test_ingest_keeps_done_mark_after_document_edit(tmp_path: Path) -> None:
    """The real `vanban ingest`: mark a duty done, edit the file elsewhere, ingest again."""
    corpus, db_path = tmp_path / "corpus", tmp_path / "data" / "vanban.db"
    corpus.mkdir()
    src = corpus / "d005_ctr-22-du-cong-hai.txt"
    shutil.copy(DEV / src.name, src)
    args = ["ingest", str(corpus), "--extracted", str(tmp_path / "ex"), "--db", str(db_path), "-s", "-j", "1"]
    assert CliRunner().invoke(main, args).exit_code == 0
    with sqlite3.connect(db_path) as conn:
        ids = [r[0] for r in conn.execute("select id from obligations order by start")]
    assert ids, "the document gives no duty: nothing to follow up"
    mark(db_path.with_name("followup.db"), ids[-1])
    src.write_text(src.read_text("utf-8") + "\nNơi nhận:\n- Lưu VP.\n", "utf-8")
    result = CliRunner().invoke(main, args)
    assert "1 tệp đã đọc, 0 tệp không đổi" in result.stderr
    conn = connect(db_path)
    assert conn.execute("select status from obligations_overview where id = ?", [ids[-1]]).fetchone() == ("done",)


def test_renamed_or_removed_file_keeps_its_marks(tmp_path: Path) -> None:
    """Renaming a file (same bytes) changes every duty's id: the marks follow; removing it reports it
    on the home page's table, its duties leave the lists, and the marks come back with it."""
    corpus, db_path = tmp_path / "corpus", tmp_path / "data" / "vanban.db"
    corpus.mkdir()
    src = corpus / "d005_ctr-22-du-cong-hai.txt"
    shutil.copy(DEV / src.name, src)
    args = ["ingest", str(corpus), "--extracted", str(tmp_path / "ex"), "--db", str(db_path), "-s", "-j", "1"]
    assert CliRunner().invoke(main, args).exit_code == 0
    with sqlite3.connect(db_path) as conn:
        first = conn.execute("select o.id, o.sentence, d.sha256, d.id from obligations o join documents d"
                             " on d.id = o.document_id order by o.start").fetchone()
    followup.record(db_path.with_name("followup.db"), followup.Anchor(first[0], first[3], first[2], None, first[1]),
                    "done", by="lan")
    src.rename(corpus / "chi-thi-22.txt")
    assert CliRunner().invoke(main, args).exit_code == 0
    conn = connect(db_path)
    assert conn.execute("select v.document_id, v.status from obligations_overview v join obligations o on o.id = v.id"
                        " where o.sentence = ?", [first[1]]).fetchall() == [("chi-thi-22", "done")]
    (corpus / "chi-thi-22.txt").rename(tmp_path / "away.txt")
    shutil.copy(DEV / "002_kh-179-ubnd-dong-nai.txt", corpus)  # another document stays
    assert CliRunner().invoke(main, args).exit_code == 0
    conn = connect(db_path)
    assert conn.execute("select id, source from removed_documents").fetchall() == [
        ("chi-thi-22", str(corpus / "chi-thi-22.txt"))]
    assert conn.execute("select count(*) from obligations where document_id = 'chi-thi-22'").fetchone() == (0,)
    assert len(followup.load(db_path.with_name("followup.db"))) == 1
    (tmp_path / "away.txt").rename(corpus / "chi-thi-22.txt")
    assert CliRunner().invoke(main, args).exit_code == 0
    conn = connect(db_path)
    assert conn.execute("select count(*) from removed_documents").fetchone() == (0,)
    assert conn.execute("select count(*) from obligations_overview where status = 'done'").fetchone() == (1,)


def test_rebuild_reaches_open_connections(tmp_path: Path) -> None:
    """A running Datasette keeps its connections: after a rebuild they read the new database."""
    db_path = build_fixture(tmp_path, records()[:1])
    reader = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    assert reader.execute("select count(*) from documents").fetchone() == (1,)
    build_fixture(tmp_path)
    assert reader.execute("select count(*) from documents").fetchone() == (3,)
    assert not db_path.with_name("vanban.db.new").exists()
    db_path.write_bytes(b"not a database")
    build_fixture(tmp_path)
    assert sqlite3.connect(db_path).execute("select count(*) from documents").fetchone() == (3,)


def test_recurring_duties_move_to_their_next_occurrence(tmp_path: Path) -> None:
    """'Định kỳ hằng tháng' in a plan for 2026: the last day of each month of 2026 (ước tính), never the
    issue day (5th); a missed month is overdue until it is marked, one occurrence at a time."""
    from pipeline.store.views import refresh_next_due

    conn = connect(build_fixture(tmp_path), today=lambda: date(2026, 3, 1))
    monthly = obligation_id(records(), "kh-cchc-2026-lam-dong", 2)
    row = "select next_due, next_estimated, overdue_since, next_occurrence, status from obligations_overview where id = ?"
    # built on 10/1: due 31/1; seen on 1/3 it is overdue before any refresh
    assert conn.execute(row, [monthly]).fetchone() == ("2026-01-31", "estimated", None, "2026-01-31", "overdue")
    assert conn.execute("select count(*), min(day), max(day) from occurrences where obligation_id = ?",
                        [monthly]).fetchone() == (12, "2026-01-31", "2026-12-31")
    assert refresh_next_due(conn, date(2026, 3, 1)) == 1
    assert conn.execute(row, [monthly]).fetchone() == ("2026-03-31", "estimated", "2026-01-31", "2026-01-31", "overdue")
    assert refresh_next_due(conn, date(2026, 3, 1)) == 0
    conn.execute("insert into obligation_done values (?, '2026-01-31', '2026-02-02T09:00:00+07:00')", [monthly])
    refresh_next_due(conn, date(2026, 3, 1))
    assert conn.execute(row, [monthly]).fetchone() == ("2026-03-31", "estimated", "2026-02-28", "2026-02-28", "overdue")
    conn.execute("insert into obligation_done values (?, '2026-02-28', '2026-03-01T09:00:00+07:00')", [monthly])
    refresh_next_due(conn, date(2026, 3, 1))
    assert conn.execute(row, [monthly]).fetchone() == ("2026-03-31", "estimated", None, "2026-03-31", "open")
    assert conn.execute("select done, done_at from occurrences where obligation_id = ? and day = '2026-01-31'",
                        [monthly]).fetchone() == (1, "2026-02-02T09:00:00+07:00")


def test_document_segments_mark_overlapping_duties() -> None:
    from pipeline.store.pages import Segment, segments

    text = "Sở Nội vụ chủ trì, phối hợp Sở Tài chính báo cáo trước ngày 15/12/2025."
    duties = [{"id": "a", "start": 0, "end": 41}, {"id": "b", "start": 28, "end": len(text)}]
    cites = [{"cited_document_id": "kh-1", "start": 60, "end": 70}]
    assert segments(text, duties, cites) == [
        Segment("Sở Nội vụ chủ trì, phối hợp ", ("a",), ("a",)),
        Segment("Sở Tài chính ", ("a", "b"), ("b",)),
        Segment("báo cáo trước ngày ", ("b",)),
        Segment("15/12/2025", ("b",), (), "kh-1"),
        Segment(".", ("b",)),
    ]
    assert "".join(s.text for s in segments(text, duties, cites)) == text


def test_publish_sets_and_clears_done(db: sqlite3.Connection, tmp_path: Path) -> None:
    a, b = obligation_id(records(), "kh-235-thanh-hoa", 0), obligation_id(records(), "kh-235-thanh-hoa", 1)
    path = tmp_path / "followup.db"
    mark(path, a)
    mark(path, b, "note", note="chờ số liệu")
    assert followup.publish(db, followup.load(path)) == 1
    assert followup.publish(db, followup.load(path)) == 0
    marked = db.execute("select id, status from obligations_overview where status = 'done'").fetchall()
    assert [tuple(r) for r in marked] == [(a, "done")]
    mark(path, a, "reopen")
    assert followup.publish(db, followup.load(path)) == 1
    assert db.execute("select count(*) from obligations where done = 1").fetchone()[0] == 0


def test_unit_aliases_share_one_row() -> None:
    """Aliases resolved to one unit (resolve/units.py) are one unit row, with every spelling seen."""
    from pipeline.store.rows import Rows

    names = [["UBND tỉnh", "Ủy ban nhân dân tỉnh", "Uỷ ban nhân dân Tỉnh"],
             ["Sở NN&MT", "Sở Nông nghiệp và Môi trường"],
             ["Văn phòng UBND tỉnh", "VP UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"], ["Sở Nội vụ"]]
    obligations = [{"sentence": f"{a} thực hiện nhiệm vụ {i}.", "start": i, "end": i + 1, "action": "thực hiện",
                    "actors": [a], "deadlines": []} for i, a in enumerate(n for group in names for n in group)]
    rows = Rows()
    rows.add(resolve([{"document": {"id": "x"}, "text": "", "obligations": obligations}])[0], today())
    ids = {link["unit_id"] for link in rows.obligation_units}
    assert len(ids) == len(names) == len(rows.units)
    assert rows.units["uy-ban-nhan-dan-tinh"]["name"] == "Ủy ban nhân dân tỉnh"
    assert rows.units["uy-ban-nhan-dan-tinh"]["aliases"] == set(names[0])
