"""Is a downloaded or copied list file whole? Checks each format makes before any entry is trusted.

A server that sends no Content-Length can cut a file anywhere and the download still "succeeds"; a CSV
cut after a row boundary even parses. So every format checks its own end: a CSV ends with a newline and
its last row has every column (`csv` in strict mode refuses an unterminated quoted field), XML is parsed
to its closing root tag, JSON parses whole. Compressed files are inflated with caps on the size and the
ratio, so a small hostile `.gz` cannot expand to gigabytes.
"""

from __future__ import annotations

import zlib
from pathlib import Path

from matchers.lists.errors import ListLoadError

# The largest real list (the trade.gov CSL, uncompressed) is ~100 MB; OFAC's CSVs ~20 MB.
MAX_INFLATED_BYTES = 512 * 1024 * 1024
# Text lists compress 5-20x; a ratio far beyond that is a decompression bomb, not a list. Checked once
# the output passes RATIO_FLOOR_BYTES, so tiny files with long runs are not refused.
MAX_RATIO = 100
RATIO_FLOOR_BYTES = 16 * 1024 * 1024
_STEP = 1 << 20


def require_text_end(path: Path, data: bytes, what: str) -> None:
    """A complete text list ends with a newline (OFAC's add a DOS end-of-file byte after it)."""
    if not data.rstrip(b"\x1a").endswith(b"\n"):
        tail = data[-40:].decode("utf-8", errors="replace")
        raise ListLoadError(path, f"{what} does not end with a newline: cut short? (ends {tail!r})")


def gunzip_capped(
    path: Path | str, raw: bytes, max_bytes: int = MAX_INFLATED_BYTES, max_ratio: int = MAX_RATIO
) -> bytes:
    """Inflate gzip data (every member) in bounded steps; refuse past `max_bytes` or `max_ratio`."""
    out = bytearray()
    data = raw
    while data:
        inflater = zlib.decompressobj(wbits=31)
        while True:
            try:
                chunk = inflater.decompress(data, _STEP)
            except zlib.error as exc:
                raise ListLoadError(path, f"corrupt gzip data: {exc}") from exc
            out += chunk
            if len(out) > max_bytes:
                raise ListLoadError(path, f"gzip data inflates past {max_bytes} bytes: refused")
            if len(out) > RATIO_FLOOR_BYTES and len(out) > max_ratio * len(raw):
                raise ListLoadError(
                    path, f"gzip data inflates more than {max_ratio}x: refused as a decompression bomb"
                )
            data = inflater.unconsumed_tail
            if inflater.eof or not data:
                break
        if not inflater.eof:
            raise ListLoadError(path, "corrupt gzip data: truncated (no end of stream)")
        data = inflater.unused_data.lstrip(b"\x00")  # a further member, or trailing padding
    return bytes(out)
