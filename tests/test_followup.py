"""Follow-up marks (data/followup.db): a history per duty and per occurrence, local times, the old
table migrated, and marks that find their duty again after a rename or an edit (or are listed)."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from pipeline.store import followup
from pipeline.store.followup import Anchor, record

SENTENCE = "Sở Nội vụ chủ trì tổng hợp, báo cáo kết quả trước ngày 15/12/2025."


def vanban_db(docs: list[tuple[str, str, str | None]], duties: list[tuple[str, str, str]]) -> sqlite3.Connection:
    """The part of vanban.db follow-up reads: documents (id, sha256, number_key), obligations."""
    conn = sqlite3.connect(":memory:")
    conn.execute("create table documents (id text primary key, sha256 text, number_key text)")
    conn.execute("create table obligations (id text primary key, document_id text, sentence text, done integer default 0)")
    conn.executemany("insert into documents values (?, ?, ?)", docs)
    conn.executemany("insert into obligations (id, document_id, sentence) values (?, ?, ?)", duties)
    return conn


def anchor(oid: str = "o1", doc: str = "kh-1", sha: str = "aaa", number: str | None = "12/KH-UBND",
           sentence: str = SENTENCE) -> Anchor:
    return Anchor(oid, doc, sha, number, sentence)


def test_history_newest_first_with_local_time(tmp_path: Path) -> None:
    db = tmp_path / "followup.db"
    record(db, anchor(), "note", by="lan", by_name="Nguyễn Thị Lan", note="Đã nhắc Sở Nội vụ")
    record(db, anchor(), "note", by="minh", by_name="Trần Văn Minh", note="Sở đã gửi dự thảo")
    record(db, anchor(), "done", by="lan", by_name="Nguyễn Thị Lan")
    marks = followup.load(db)
    shown = [(m.action, m.by_name, m.note) for m in followup.history(marks, ["o1"])]
    assert shown == [("done", "Nguyễn Thị Lan", None), ("note", "Trần Văn Minh", "Sở đã gửi dự thảo"),
                     ("note", "Nguyễn Thị Lan", "Đã nhắc Sở Nội vụ")]
    assert all(m.at.endswith("+07:00") for m in marks)  # Asia/Ho_Chi_Minh


def test_one_occurrence_done_not_the_others(tmp_path: Path) -> None:
    db = tmp_path / "followup.db"
    record(db, anchor(), "done", by="lan", occurrence="2026-06-30")
    record(db, anchor(), "done", by="lan", occurrence="2026-12-31")
    record(db, anchor(), "reopen", by="minh", occurrence="2026-12-31")
    conn = vanban_db([("kh-1", "aaa", "12/kh-ubnd")], [("o1", "kh-1", SENTENCE)])
    followup.publish(conn, followup.load(db))
    assert followup.done_occurrences(conn) == {"o1": {"2026-06-30"}}
    assert conn.execute("select done from obligations").fetchone() == (0,)  # the duty as a whole is open
    with pytest.raises(ValueError):
        record(db, anchor(), "done", by="lan", occurrence="30/06/2026")


def test_whole_duty_done_then_reopened(tmp_path: Path) -> None:
    db = tmp_path / "followup.db"
    conn = vanban_db([("kh-1", "aaa", None)], [("o1", "kh-1", SENTENCE), ("o2", "kh-1", "Sở Tài chính bố trí kinh phí.")])
    record(db, anchor(), "done", by="lan")
    assert followup.publish(conn, followup.load(db)) == 1
    assert conn.execute("select id, done from obligations order by id").fetchall() == [("o1", 1), ("o2", 0)]
    record(db, anchor(), "reopen", by="minh")
    assert followup.publish(conn, followup.load(db)) == 1
    assert conn.execute("select sum(done) from obligations").fetchone() == (0,)


def test_renamed_file_keeps_its_marks(tmp_path: Path) -> None:
    db = tmp_path / "followup.db"
    record(db, anchor(), "done", by="lan")
    # the same bytes under another name: another document id, so another obligation id
    conn = vanban_db([("ke-hoach-12", "aaa", "12/kh-ubnd")], [("n1", "ke-hoach-12", SENTENCE)])
    followup.publish(conn, followup.load(db))
    assert conn.execute("select id, done from obligations").fetchall() == [("n1", 1)]
    assert followup.orphans(conn, followup.load(db)) == []


@pytest.mark.parametrize("edited", [
    "Sở Nội vụ chủ trì tổng hợp, báo cáo kết quả trước ngày 20/12/2025.",   # a date
    "Sở Nội vụ chủ trì tổng hợp, báo cáo kết quả thực hiện trước ngày 15/12/2025.",  # a word
])
def test_small_edit_of_the_sentence_finds_the_duty(tmp_path: Path, edited: str) -> None:
    db = tmp_path / "followup.db"
    record(db, anchor(), "done", by="lan")
    conn = vanban_db([("kh-1", "bbb", "12/kh-ubnd")],
                     [("n1", "kh-1", "Sở Tài chính bố trí kinh phí thực hiện kế hoạch."), ("n2", "kh-1", edited)])
    followup.publish(conn, followup.load(db))
    assert conn.execute("select id from obligations where done = 1").fetchall() == [("n2",)]


def test_marks_that_find_nothing_are_kept_and_listed(tmp_path: Path) -> None:
    db = tmp_path / "followup.db"
    record(db, anchor(), "done", by="lan")
    record(db, anchor("o9", sentence="Văn phòng tổ chức hội nghị sơ kết."), "note", by="lan", note="chờ lịch")
    # the document removed from corpus/: nothing finds the marks, nothing is deleted
    conn = vanban_db([("kh-2", "ccc", "99/kh-ubnd")], [("x1", "kh-2", "Công an tỉnh bảo đảm an ninh.")])
    followup.publish(conn, followup.load(db))
    assert [m.obligation_id for m in followup.orphans(conn, followup.load(db))] == ["o9", "o1"]
    assert conn.execute("select sum(done) from obligations").fetchone() == (0,)
    assert len(followup.load(db)) == 2
    # it comes back: the mark applies again
    conn = vanban_db([("kh-1", "aaa", "12/kh-ubnd")], [("o1", "kh-1", SENTENCE)])
    followup.publish(conn, followup.load(db))
    assert conn.execute("select id, done from obligations").fetchall() == [("o1", 1)]


def test_a_different_sentence_is_not_the_duty(tmp_path: Path) -> None:
    db = tmp_path / "followup.db"
    record(db, anchor(), "done", by="lan")
    conn = vanban_db([("kh-1", "bbb", None)], [("n1", "kh-1", "Sở Nội vụ chủ trì tổ chức hội nghị tổng kết công tác năm.")])
    followup.publish(conn, followup.load(db))
    assert conn.execute("select sum(done) from obligations").fetchone() == (0,)


def test_old_followup_table_migrated_once(tmp_path: Path) -> None:
    db = tmp_path / "followup.db"
    with sqlite3.connect(db) as conn:
        conn.execute("create table followup (obligation_id text primary key, done integer, note text,"
                     " updated_at text, updated_by text)")
        conn.execute("insert into followup values ('o1', 1, 'xong', '2025-12-01T03:00:00+00:00', 'vanban')")
        conn.execute("insert into followup values ('o2', 0, 'chờ', '2025-12-02T03:00:00+00:00', 'vanban')")
    conn.close()
    followup.ensure(db)
    followup.ensure(db)
    assert [(m.obligation_id, m.action, m.note, m.by) for m in followup.load(db)] == [
        ("o1", "done", "xong", "vanban"), ("o2", "note", "chờ", "vanban")]


def test_occurrence_marks_for_the_calendar(tmp_path: Path) -> None:
    db = tmp_path / "followup.db"
    record(db, anchor(), "done", by="lan", occurrence="2026-06-30", at="2026-07-01T09:00:00+07:00")
    record(db, anchor(), "note", by="lan", occurrence="2026-06-30", note="đã nộp")
    record(db, anchor(), "done", by="lan", at="2026-07-02T09:00:00+07:00")
    record(db, anchor(), "reopen", by="minh", at="2026-07-03T09:00:00+07:00")
    assert followup.occurrence_marks(db) == {("o1", "2026-06-30"): (1, "đã nộp", "2026-07-01T09:00:00+07:00"),
                                             ("o1", None): (0, None, "2026-07-03T09:00:00+07:00")}
