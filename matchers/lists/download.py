"""Downloading one list file over HTTP(S), whole or not at all.

The only module of `matchers` that speaks HTTP (urllib from the standard library); the engine never
imports it, so screening processes carry no network client.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from matchers.lists.store import FileRecord, SnapshotError

USER_AGENT = "holdline-list-fetch/1 (+https://github.com/holdline)"
MAX_FILE_BYTES = 512 * 1024 * 1024


def download(url: str, dest: Path, timeout: float = 60.0, max_bytes: int = MAX_FILE_BYTES) -> FileRecord:
    """Stream `url` to `dest`; a non-200 status, a short body or an oversized one is an error."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"})
    digest = hashlib.sha256()
    size = 0
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp, open(dest, "wb") as out:
            status = getattr(resp, "status", 200)
            if status != 200:
                raise SnapshotError(f"{url}: HTTP {status}")
            declared = resp.headers.get("Content-Length")
            while chunk := resp.read(1 << 20):
                size += len(chunk)
                if size > max_bytes:
                    raise SnapshotError(f"{url}: larger than {max_bytes} bytes")
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except urllib.error.HTTPError as exc:
        raise SnapshotError(f"{url}: HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as exc:
        raise SnapshotError(f"{url}: {type(exc).__name__}: {exc}") from exc
    if declared is not None and declared.isdigit() and int(declared) != size:
        raise SnapshotError(f"{url}: truncated download ({size} of {declared} bytes)")
    if size == 0:
        raise SnapshotError(f"{url}: empty file")
    return FileRecord(path=dest.name, sha256=digest.hexdigest(), bytes=size, url=url,
                      fetched_at=datetime.now(UTC))


def download_with_retries(url: str, dest: Path, timeout: float, retries: int, backoff: float) -> FileRecord:
    for attempt in range(retries + 1):
        try:
            return download(url, dest, timeout=timeout)
        except SnapshotError:
            if attempt == retries:
                raise
            time.sleep(backoff * (2**attempt))
    raise AssertionError("unreachable")
