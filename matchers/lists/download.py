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
import zlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from matchers.lists.complete import MAX_RATIO, RATIO_FLOOR_BYTES
from matchers.lists.store import FileRecord, SnapshotError

USER_AGENT = "holdline-list-fetch/1 (+https://github.com/holdline)"
MAX_FILE_BYTES = 512 * 1024 * 1024


def download(url: str, dest: Path, timeout: float = 60.0, max_bytes: int = MAX_FILE_BYTES) -> FileRecord:
    """Stream `url` to `dest`; a non-200 status, a short body or an oversized one is an error.

    A gzip-encoded response (sent although `identity` was asked for) is inflated on the way, capped in
    bytes (`max_bytes`) and in ratio (`MAX_RATIO`), so the file stored is the list itself.
    """
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"})
    digest = hashlib.sha256()
    size = received = 0
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp, open(dest, "wb") as out:
            status = getattr(resp, "status", 200)
            if status != 200:
                raise SnapshotError(f"{url}: HTTP {status}")
            declared = resp.headers.get("Content-Length")
            encoding = (resp.headers.get("Content-Encoding") or "identity").strip().lower()
            if encoding not in ("identity", "gzip", "x-gzip"):
                raise SnapshotError(f"{url}: unsupported Content-Encoding {encoding!r}")
            inflater = zlib.decompressobj(wbits=31) if encoding != "identity" else None
            while chunk := resp.read(1 << 20):
                received += len(chunk)
                if inflater is not None:
                    chunk = _inflate(url, inflater, chunk, size, received, max_bytes)
                size += len(chunk)
                if size > max_bytes:
                    raise SnapshotError(f"{url}: larger than {max_bytes} bytes")
                digest.update(chunk)
                out.write(chunk)
            if inflater is not None and not inflater.eof:
                raise SnapshotError(f"{url}: gzip-encoded body cut short (no end of stream)")
            out.flush()
            os.fsync(out.fileno())
    except urllib.error.HTTPError as exc:
        raise SnapshotError(f"{url}: HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as exc:
        raise SnapshotError(f"{url}: {type(exc).__name__}: {exc}") from exc
    if declared is not None and declared.isdigit() and int(declared) != received:
        raise SnapshotError(f"{url}: truncated download ({received} of {declared} bytes)")
    if size == 0:
        raise SnapshotError(f"{url}: empty file")
    return FileRecord(
        path=dest.name, sha256=digest.hexdigest(), bytes=size, url=url, fetched_at=datetime.now(UTC)
    )


def _inflate(url: str, inflater: Any, chunk: bytes, size: int, received: int, max_bytes: int) -> bytes:
    """One received chunk of a gzip-encoded body, inflated in bounded steps."""
    parts: list[bytes] = []
    data = chunk
    while data:
        try:
            part = inflater.decompress(data, 1 << 20)
        except zlib.error as exc:
            raise SnapshotError(f"{url}: corrupt gzip-encoded body: {exc}") from exc
        parts.append(part)
        size += len(part)
        if size > max_bytes:
            raise SnapshotError(f"{url}: gzip-encoded body inflates past {max_bytes} bytes")
        if size > RATIO_FLOOR_BYTES and size > MAX_RATIO * received:
            raise SnapshotError(f"{url}: gzip-encoded body inflates more than {MAX_RATIO}x: refused")
        data = inflater.unconsumed_tail
    return b"".join(parts)


def download_with_retries(url: str, dest: Path, timeout: float, retries: int, backoff: float) -> FileRecord:
    for attempt in range(retries + 1):
        try:
            return download(url, dest, timeout=timeout)
        except SnapshotError:
            if attempt == retries:
                raise
            time.sleep(backoff * (2**attempt))
    raise AssertionError("unreachable")
