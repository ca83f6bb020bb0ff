"""Staff accounts: who may write on the site (follow-up marks, document corrections).

Accounts come from a file outside the repository, one line per person:

    lan:pbkdf2_sha256$480000$<salt>$<hash>:Nguyễn Thị Lan

(`vanban account add lan --name "Nguyễn Thị Lan"` writes such a line). The file is
`$VANBAN_ACCOUNTS`, else `~/.config/vanban/accounts`; `VANBAN_PASSWORD_HASH` alone still gives the
single account `vanban` of earlier versions. Hashes are PBKDF2-SHA256 in the format of
datasette-auth-passwords (`hash_password`), so existing hashes keep working.

`Login` checks a password off the event loop (a worker thread, one check at a time) and limits
failed tries per client (`Throttle`), so guessing is slow and readers are never stalled."""
from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import os
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 480_000
ENV_FILE = "VANBAN_ACCOUNTS"
ENV_HASH = "VANBAN_PASSWORD_HASH"
SESSION_HOURS = 12  # a login lasts a working day


class AccountError(ValueError):
    """A line of the accounts file that cannot be read (the message names the file and line)."""


@dataclass(frozen=True)
class Account:
    id: str
    password_hash: str = field(repr=False)
    name: str = ""

    @property
    def display(self) -> str:
        return self.name or self.id

    def actor(self) -> dict[str, str]:
        """The Datasette actor of this account (`request.actor` once logged in)."""
        return {"id": self.id, "name": self.display}


def hash_password(password: str, salt: str | None = None, iterations: int = ITERATIONS) -> str:
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), iterations)
    return f"{ALGORITHM}${iterations}${salt}${base64.b64encode(digest).decode().strip()}"


def verify_password(password: str, password_hash: str) -> bool:
    try:
        algorithm, iterations, salt, _ = password_hash.split("$", 3)
        rounds = int(iterations)
    except ValueError:
        return False
    if algorithm != ALGORITHM:
        return False
    return hmac.compare_digest(hash_password(password, salt, rounds), password_hash)


def accounts_file(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    return Path(env.get(ENV_FILE) or Path.home() / ".config" / "vanban" / "accounts").expanduser()


def parse(text: str, source: str = "accounts") -> dict[str, Account]:
    """Accounts of the lines `id:hash[:name]`; blank lines and `#` comments skipped."""
    out: dict[str, Account] = {}
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(":", 2)
        if len(parts) < 2 or not parts[0].strip() or not parts[1].startswith(ALGORITHM + "$"):
            raise AccountError(f"{source}:{n}: dòng tài khoản phải có dạng tên:mã_băm_mật_khẩu[:Họ tên]")
        out[parts[0].strip()] = Account(parts[0].strip(), parts[1].strip(), parts[2].strip() if len(parts) > 2 else "")
    return out


def load(env: Mapping[str, str] | None = None) -> dict[str, Account]:
    """Every account: the accounts file, and `vanban` from VANBAN_PASSWORD_HASH if set."""
    env = os.environ if env is None else env
    path = accounts_file(env)
    found = parse(path.read_text("utf-8"), str(path)) if path.is_file() else {}
    if env.get(ENV_HASH) and "vanban" not in found:
        found["vanban"] = Account("vanban", env[ENV_HASH], "vanban")
    return found


def add(path: Path, account_id: str, password: str, name: str = "") -> Account:
    """Add (or replace) one account in the file `path`, created readable by its owner only."""
    if not account_id or any(c in account_id for c in ":\n ") or ":" in name or "\n" in name:
        raise AccountError(f"{account_id!r}: tên đăng nhập không được chứa dấu cách hay dấu hai chấm")
    existing = parse(path.read_text("utf-8"), str(path)) if path.is_file() else {}
    existing[account_id] = Account(account_id, hash_password(password), name)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text("".join(f"{a.id}:{a.password_hash}:{a.name}\n" for a in existing.values()), "utf-8")
    tmp.chmod(0o600)
    tmp.replace(path)
    return existing[account_id]


@dataclass
class Throttle:
    """Failed logins per client: after `limit` failures within `window` seconds, wait until the
    oldest of them is `window` old."""

    limit: int = 5
    window: float = 300.0
    _failures: dict[str, list[float]] = field(default_factory=dict)

    def wait(self, client: str, now: float | None = None) -> float:
        """Seconds this client must wait before trying again (0: may try now)."""
        now = time.monotonic() if now is None else now
        recent = [t for t in self._failures.get(client, []) if now - t < self.window]
        self._failures[client] = recent
        if len(self._failures) > 10_000:  # forget idle clients
            self._failures = {c: ts for c, ts in self._failures.items() if ts}
        return max(0.0, self.window - (now - recent[0])) if len(recent) >= self.limit else 0.0

    def failed(self, client: str, now: float | None = None) -> None:
        self._failures.setdefault(client, []).append(time.monotonic() if now is None else now)

    def succeeded(self, client: str) -> None:
        self._failures.pop(client, None)

    def clear(self) -> None:
        self._failures.clear()


@dataclass
class Login:
    """Password checks for a server: one at a time, in a worker thread, throttled per client."""

    throttle: Throttle = field(default_factory=Throttle)
    _lock: asyncio.Semaphore | None = None

    async def check(self, accounts: Mapping[str, Account], client: str, username: str,
                    password: str) -> Account | float | None:
        """The account, or the seconds to wait (too many failures), or None (wrong name or password)."""
        wait = self.throttle.wait(client)
        if wait:
            return wait
        if self._lock is None:
            self._lock = asyncio.Semaphore(1)
        account = accounts.get(username.strip())
        async with self._lock:  # PBKDF2 releases the GIL: the event loop keeps serving readers
            ok = await asyncio.to_thread(verify_password, password,
                                         account.password_hash if account else _dummy_hash())
        if account is not None and ok:
            self.throttle.succeeded(client)
            return account
        self.throttle.failed(client)
        return None


@cache
def _dummy_hash() -> str:
    """An unknown name costs as much time as a wrong password (no way to tell which names exist)."""
    return hash_password("", salt="vanban-dummy-salt")


@dataclass(frozen=True)
class Found:
    accounts: dict[str, Account]
    problem: str | None = None   # why the accounts file could not be read (shown to whoever logs in)


def load_quietly(env: Mapping[str, str] | None = None) -> Found:
    """`load`, with a bad or unreadable accounts file given as a problem instead of an exception."""
    try:
        return Found(load(env))
    except (AccountError, OSError, UnicodeDecodeError) as exc:
        return Found({}, f"Không đọc được tệp tài khoản: {exc}")
