"""Staff accounts: a file outside the repository, hashed passwords, checks throttled per client."""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from pipeline import accounts
from pipeline.accounts import AccountError, Login, Throttle


def test_file_of_accounts_one_line_a_person(tmp_path: Path) -> None:
    path = tmp_path / "accounts"
    accounts.add(path, "lan", "mật khẩu 1", "Nguyễn Thị Lan")
    accounts.add(path, "minh", "mk2")
    found = accounts.load({"VANBAN_ACCOUNTS": str(path)})
    assert [(a.id, a.display) for a in found.values()] == [("lan", "Nguyễn Thị Lan"), ("minh", "minh")]
    assert "mật khẩu 1" not in path.read_text("utf-8")
    assert path.stat().st_mode & 0o077 == 0  # readable by its owner only
    assert accounts.verify_password("mật khẩu 1", found["lan"].password_hash)
    assert not accounts.verify_password("mk2", found["lan"].password_hash)


def test_hash_in_the_format_of_datasette_auth_passwords() -> None:
    # made by datasette_auth_passwords.utils.hash_password("abc", salt="0123456789abcdef", iterations=1000)
    theirs = "pbkdf2_sha256$1000$0123456789abcdef$fBq9+4Prb7/ic5/ZEqz5fnKymg/0CkQK5PSTcWJBFn0="
    assert accounts.verify_password("abc", theirs) and not accounts.verify_password("abd", theirs)
    assert accounts.hash_password("abc", salt="0123456789abcdef", iterations=1000) == theirs


def test_old_single_password_still_works(tmp_path: Path) -> None:
    env = {"VANBAN_ACCOUNTS": str(tmp_path / "none"), "VANBAN_PASSWORD_HASH": accounts.hash_password("x")}
    assert list(accounts.load(env)) == ["vanban"]
    assert accounts.load({"VANBAN_ACCOUNTS": str(tmp_path / "none")}) == {}


def test_bad_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "accounts"
    path.write_text("# tài khoản\nlan:matkhau-chua-bam\n", "utf-8")
    with pytest.raises(AccountError, match=r"accounts:2: dòng tài khoản"):
        accounts.load({"VANBAN_ACCOUNTS": str(path)})


def test_throttle_after_five_failures_per_client() -> None:
    t = Throttle(limit=5, window=300)
    for i in range(5):
        assert t.wait("10.0.0.1", now=i) == 0
        t.failed("10.0.0.1", now=i)
    assert t.wait("10.0.0.1", now=10) == pytest.approx(290)
    assert t.wait("10.0.0.2", now=10) == 0  # another client is not slowed
    assert t.wait("10.0.0.1", now=301) == 0


def test_login_checks_off_the_event_loop() -> None:
    users = {"lan": accounts.Account("lan", accounts.hash_password("đúng"), "Lan")}

    async def main() -> tuple[object, object, object]:
        login = Login(Throttle(limit=2))
        ticks = 0

        async def reader() -> None:  # a reader keeps being served while passwords are checked
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0.005)

        task = asyncio.create_task(reader())
        ok = await login.check(users, "c1", "lan", "đúng")
        bad = [await login.check(users, "c1", "lan", "sai") for _ in range(2)]
        waited = await login.check(users, "c1", "lan", "đúng")
        task.cancel()
        assert ticks > 5
        assert bad == [None, None]
        return ok, await login.check(users, "c2", "ai", "đúng"), waited

    ok, unknown, waited = asyncio.run(main())
    assert isinstance(ok, accounts.Account) and ok.id == "lan"
    assert unknown is None
    assert isinstance(waited, float) and waited > 0


def test_cli_adds_an_account_and_serve_warns_beyond_this_machine(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from pipeline.cli import main, serve_warnings

    path = tmp_path / "accounts"
    monkeypatch.setenv("VANBAN_ACCOUNTS", str(path))
    monkeypatch.delenv("VANBAN_PASSWORD_HASH", raising=False)
    env = {"VANBAN_ACCOUNTS": str(path)}
    assert serve_warnings("127.0.0.1", env) == []
    lonely = serve_warnings("0.0.0.0", env)
    assert len(lonely) == 2 and "chưa có tài khoản nào" in lonely[0] and "HTTP không mã hoá" in lonely[1]
    result = CliRunner().invoke(main, ["account", "add", "lan", "--name", "Nguyễn Thị Lan"], input="bí mật\nbí mật\n")
    assert result.exit_code == 0, result.output
    assert "đã lưu tài khoản lan" in result.stderr
    assert accounts.verify_password("bí mật", accounts.load(env)["lan"].password_hash)
    assert serve_warnings("0.0.0.0", env) == ["trang chạy HTTP không mã hoá: chỉ mở trong mạng nội bộ của cơ quan"]
    listed = CliRunner().invoke(main, ["account", "list"])
    assert listed.output == "lan\tNguyễn Thị Lan\n"
    bad = CliRunner().invoke(main, ["account", "add", "lan:x"], input="a\na\n")
    assert bad.exit_code == 1 and "tên đăng nhập không được chứa" in bad.output
