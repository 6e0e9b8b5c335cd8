"""Bearer tokens: only their SHA-256 is stored (`NAME:SHA256HEX` lines), so the file is not a secret to leak.

The file is re-read when it changes, so a token added with `holdline api token create` (or a rotated
Kubernetes Secret) works without a restart, and a removed line stops working within seconds.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import time
from pathlib import Path

from matchers.errors import HoldlineError

_LINE = re.compile(r"^([A-Za-z0-9_.@-]{1,64}):([0-9a-f]{64})$")
_NAME = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")


class TokenFileError(HoldlineError, ValueError):
    """A tokens file that cannot be used: the service does not start (or, re-read, admits nobody)."""


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def parse(text: str, source: str = "tokens file") -> dict[str, str]:
    """{sha256 hex: name}; blank lines and `#` comments are allowed, anything else malformed is an error."""
    out: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = _LINE.match(line)
        if m is None:
            raise TokenFileError(f"{source}: line {number} is not NAME:SHA256HEX")
        out[m.group(2)] = m.group(1)
    return out


def create(name: str, path: Path) -> str:
    """A new random token; its line is appended to `path` (created with mode 0600) and the token returned."""
    if not _NAME.match(name):
        raise TokenFileError(f"token name {name!r}: use 1-64 letters, digits, '_', '.', '@' or '-'")
    if path.exists() and name in parse(path.read_text(encoding="utf-8"), str(path)).values():
        raise TokenFileError(f"{path}: a token named {name!r} exists already")
    token = secrets.token_urlsafe(32)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as fh:
        fh.write(f"{name}:{digest(token)}\n")
    return token


class TokenBook:
    """The tokens file's current content; checks the file at most every `recheck` seconds."""

    def __init__(self, path: Path, recheck: float = 2.0) -> None:
        self.path = path
        self.recheck = recheck
        self._mtime: float | None = None
        self._checked = 0.0
        self._tokens = parse(path.read_text(encoding="utf-8"), str(path))  # a bad file fails start-up

    def _refresh(self) -> None:
        now = time.monotonic()
        if now - self._checked < self.recheck:
            return
        self._checked = now
        try:
            mtime = self.path.stat().st_mtime
            if mtime != self._mtime:
                self._tokens = parse(self.path.read_text(encoding="utf-8"), str(self.path))
                self._mtime = mtime
        except (OSError, TokenFileError):
            self._tokens = {}  # an unreadable or broken file admits nobody (fail closed)
            self._mtime = None

    def name_of(self, token: str) -> str | None:
        self._refresh()
        return self._tokens.get(digest(token))

    def __len__(self) -> int:
        return len(self._tokens)
