"""Who may decide: reviewer accounts with scrypt-hashed secrets, sessions and CSRF tokens.

Releasing a hold on a listed party is the most dangerous action in the product. The reviewer recorded on
a decision is always the authenticated one (a session made by logging in, or an identity header set by a
trusted authenticating proxy), never a form field. Every state-changing request carries the session's
CSRF token, and cookies are SameSite=Strict and HttpOnly.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from matchers.errors import HoldlineError

SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SCRYPT_DKLEN = 32
# Failed sign-ins delay the next try exponentially (base * 2**(n-1)), per client address and per
# account. The account's delay is capped low: anyone can fail on purpose for someone else's name, and
# that must slow the account down, never lock its owner out.
BACKOFF_BASE = 1.0
ADDRESS_BACKOFF_CAP = 900.0
ACCOUNT_BACKOFF_CAP = 30.0
MAX_TRACKED = 100_000


class AuthConfigError(HoldlineError, ValueError):
    pass


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def hash_secret(secret: str, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    """`scrypt$N$r$p$salt$hash`: what `HOLDLINE_REVIEWERS` stores after `name:`."""
    if len(secret) < 8:
        raise AuthConfigError("a reviewer secret needs at least 8 characters")
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode(), salt=salt, n=n, r=r, p=p, dklen=SCRYPT_DKLEN)
    return f"scrypt${n}${r}${p}${_b64(salt)}${_b64(digest)}"


def _accounts_cost(encoded: Iterable[str]) -> tuple[int, int, int]:
    """The scrypt (N, r, p) of the first well-formed account hash; the defaults when there is none."""
    for value in encoded:
        parts = value.split("$")
        if len(parts) == 6 and parts[0] == "scrypt" and all(x.isdigit() for x in parts[1:4]):
            return int(parts[1]), int(parts[2]), int(parts[3])
    return SCRYPT_N, SCRYPT_R, SCRYPT_P


def verify_secret(secret: str, encoded: str) -> bool:
    try:
        scheme, n, r, p, salt, expected = encoded.split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(
            secret.encode(),
            salt=_unb64(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(_unb64(expected)),
            maxmem=256 * 1024 * 1024,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, _unb64(expected))


def parse_reviewers(raw: str) -> dict[str, str]:
    """`name:scrypt$...,name2:scrypt$...` -> {name: encoded}; malformed entries are a configuration error."""
    out: dict[str, str] = {}
    for item in raw.replace("\n", ",").split(","):
        item = item.strip()
        if not item:
            continue
        name, sep, encoded = item.partition(":")
        name = name.strip()
        if not sep or not name or not encoded.startswith("scrypt$") or encoded.count("$") != 5:
            raise AuthConfigError(
                f"reviewer entry {name or item[:20]!r} is not `name:scrypt$N$r$p$salt$hash`"
            )
        out[name] = encoded.strip()
    return out


@dataclass
class Session:
    sid: str
    csrf: str
    reviewer: str | None = None
    flash: str | None = None  # one-time message for the next page
    created: float = field(default_factory=time.monotonic)
    seen: float = field(default_factory=time.monotonic)


class Throttle:
    """Exponential back-off after failures, by key; bounded memory (oldest keys forgotten first)."""

    def __init__(
        self,
        base: float,
        cap: float,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = MAX_TRACKED,
    ) -> None:
        self.base, self.cap, self.clock, self.max_keys = base, cap, clock, max_keys
        self._state: OrderedDict[str, tuple[int, float]] = OrderedDict()  # key -> (failures, next allowed)

    def wait(self, key: str) -> float:
        """Seconds before `key` may try again (0: now)."""
        state = self._state.get(key)
        return 0.0 if state is None else max(0.0, state[1] - self.clock())

    def failed(self, key: str) -> float:
        failures = self._state.pop(key, (0, 0.0))[0] + 1
        delay = min(self.cap, self.base * 2 ** (failures - 1))
        self._state[key] = (failures, self.clock() + delay)
        while len(self._state) > self.max_keys:
            self._state.popitem(last=False)
        return delay

    def succeeded(self, key: str) -> None:
        self._state.pop(key, None)


@dataclass(frozen=True)
class LoginResult:
    session: Session | None
    retry_after: float = 0.0  # > 0: refused without checking the secret (back-off)


class Authenticator:
    """In-memory sessions (a console restart logs everyone out, which is the safe direction).

    A server-side session exists only after a sign-in (or for a trusted proxy's identity): anonymous
    requests create nothing, so a flood of cookieless requests costs no memory.
    """

    def __init__(
        self,
        reviewers: dict[str, str],
        idle_seconds: float = 1800.0,
        identity_header: str | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.reviewers = dict(reviewers)
        self.idle_seconds = idle_seconds
        self.identity_header = identity_header
        self._sessions: dict[str, Session] = {}
        self.by_address = Throttle(BACKOFF_BASE, ADDRESS_BACKOFF_CAP, clock)
        self.by_account = Throttle(BACKOFF_BASE, ACCOUNT_BACKOFF_CAP, clock)
        # Verifying against a dummy hash for unknown names keeps their timing like a wrong secret's: the
        # dummy costs what the configured accounts cost (their scrypt parameters), not the default.
        self._dummy = hash_secret(secrets.token_urlsafe(16), *_accounts_cost(self.reviewers.values()))

    @property
    def session_count(self) -> int:
        """Live server-side sessions: what a flood of anonymous requests must not grow."""
        return len(self._sessions)

    def new_session(self) -> Session:
        self._expire()
        session = Session(sid=secrets.token_urlsafe(32), csrf=secrets.token_urlsafe(32))
        self._sessions[session.sid] = session
        return session

    def session(self, sid: str | None) -> Session | None:
        if not sid:
            return None
        session = self._sessions.get(sid)
        if session is None:
            return None
        now = time.monotonic()
        if now - session.seen > self.idle_seconds:
            self._sessions.pop(sid, None)
            return None
        session.seen = now
        return session

    async def login(self, name: str, secret: str, address: str = "") -> LoginResult:
        """A fresh session (new id: no fixation) for valid credentials; else a refusal, maybe backed off.

        scrypt runs in the default executor: its deliberate cost, paid on the event loop, would stall every
        other request (health checks, other reviewers) while someone tries passwords.
        """
        name = name.strip()
        wait = max(self.by_address.wait(address), self.by_account.wait(name))
        if wait > 0:
            return LoginResult(None, wait)
        encoded = self.reviewers.get(name)
        loop = asyncio.get_running_loop()
        ok = await loop.run_in_executor(None, verify_secret, secret, encoded or self._dummy)
        if not ok or encoded is None:
            self.by_address.failed(address)
            self.by_account.failed(name)
            return LoginResult(None)
        self.by_address.succeeded(address)
        self.by_account.succeeded(name)
        session = self.new_session()
        session.reviewer = name
        return LoginResult(session)

    def logout(self, sid: str | None) -> None:
        if sid:
            self._sessions.pop(sid, None)

    def proxy_identity(self, header_value: str | None) -> str | None:
        """The reviewer named by the trusted proxy; when accounts are configured it must be one of them."""
        if not self.identity_header or not header_value:
            return None
        name = header_value.strip()
        if not name or (self.reviewers and name not in self.reviewers):
            return None
        return name

    @staticmethod
    def csrf_ok(session: Session | None, token: str | None) -> bool:
        return bool(session and token_matches(session.csrf, token))

    def _expire(self) -> None:
        now = time.monotonic()
        for sid in [s for s, sess in self._sessions.items() if now - sess.seen > self.idle_seconds]:
            self._sessions.pop(sid, None)


def token_matches(expected: str | None, given: str | None) -> bool:
    """Constant-time comparison that also takes any text (a non-ASCII token is a mismatch, not an error)."""
    if not expected or not given:
        return False
    return hmac.compare_digest(
        expected.encode("utf-8", "surrogatepass"), given.encode("utf-8", "surrogatepass")
    )
