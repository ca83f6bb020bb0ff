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


def test_hash_compatible_with_datasette_auth_passwords() -> None:
    from datasette_auth_passwords.utils import hash_password, verify_password

    assert accounts.verify_password("abc", hash_password("abc"))
    assert verify_password("abc", accounts.hash_password("abc"))


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
