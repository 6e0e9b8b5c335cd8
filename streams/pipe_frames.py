"""Length-prefixed frames over OS pipes: how a screening process and the worker exchange pickled batches.

A frame is an 8-byte big-endian length and that many bytes. The worker's side is non-blocking and fed
by the event loop (`FrameBuffer`); a child's side blocks (`read_frame`, `write_all`).
"""

from __future__ import annotations

import contextlib
import fcntl
import os

# Pipes big enough for a few batches each way (Linux default: 64 KiB, a third of one result), so
# neither side waits for the other to read. Best effort: capped by /proc/sys/fs/pipe-max-size.
PIPE_BYTES = 1 << 20
HEADER_BYTES = 8


def make_pipe() -> tuple[int, int]:
    """A pipe (read end, write end) enlarged to `PIPE_BYTES` where the platform allows."""
    read_fd, write_fd = os.pipe()
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None)  # Linux only
    if set_size is not None:
        with contextlib.suppress(OSError):
            fcntl.fcntl(write_fd, set_size, PIPE_BYTES)
    return read_fd, write_fd


def frame(data: bytes) -> bytes:
    return len(data).to_bytes(HEADER_BYTES, "big") + data


def read_exact(fd: int, n: int) -> bytes | None:
    """`n` bytes from a blocking `fd`, or None at end-of-file."""
    parts, left = [], n
    while left:
        chunk = os.read(fd, min(left, PIPE_BYTES))
        if not chunk:
            return None
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


def read_frame(fd: int) -> bytes | None:
    """The next frame's payload from a blocking `fd`, or None once the writer closed it."""
    header = read_exact(fd, HEADER_BYTES)
    if header is None:
        return None
    return read_exact(fd, int.from_bytes(header, "big"))


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


class FrameBuffer:
    """Bytes read so far from a non-blocking pipe, cut into whole frames as they complete."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, chunk: bytes) -> None:
        self._buffer += chunk

    def frames(self) -> list[bytes]:
        """Every complete frame's payload, in order; a partial one stays for the next `feed`."""
        out: list[bytes] = []
        buffer = self._buffer
        while len(buffer) >= HEADER_BYTES:
            size = int.from_bytes(buffer[:HEADER_BYTES], "big")
            if len(buffer) < HEADER_BYTES + size:
                break
            out.append(bytes(memoryview(buffer)[HEADER_BYTES : HEADER_BYTES + size]))
            del buffer[: HEADER_BYTES + size]
        return out
