"""`holdline screen` on a cold cache at a terminal: the snapshot is written by a forked process, not by the
command before its first answer (decision 0560)."""

from __future__ import annotations

import contextlib
import json
import os
import pty
import subprocess
import sys
import threading
import time
from pathlib import Path

from matchers.compiled import ENV_CACHE_DIR, SUFFIX

ROOT = Path(__file__).resolve().parents[3]

# The command run in a fresh interpreter, its stderr a terminal (the progress ticker's thread runs while
# the lists load), with the snapshot's writes and the threads alive at the cache lookup recorded.
_COLD_AT_A_TERMINAL = """
import json, os, sys, threading
from pathlib import Path
from matchers import compiled
folder = Path(sys.argv[1])
seen = {"threads": 0}
real_write, real_cached = compiled.write, compiled.cached
def write(*args, **kwargs):
    (folder / f"written-by-{os.getpid()}").touch()
    return real_write(*args, **kwargs)
def cached(*args, **kwargs):
    seen["threads"] = threading.active_count()
    return real_cached(*args, **kwargs)
compiled.write, compiled.cached = write, cached
from streams.cli.main import main
code = main(["screen", "--jsonl"])
print(json.dumps({"pid": os.getpid(), "code": code, "threads_at_load": seen["threads"]}), file=sys.stderr)
"""


def test_a_cold_start_at_a_terminal_forks_the_snapshots_writer(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    main_side, terminal = pty.openpty()
    said: list[bytes] = []

    def read_terminal() -> None:  # read as it comes: a full terminal buffer would block the ticker
        with contextlib.suppress(OSError):  # EIO once the command's side is closed
            while chunk := os.read(main_side, 65536):
                said.append(chunk)

    reader = threading.Thread(target=read_terminal)
    reader.start()
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _COLD_AT_A_TERMINAL, str(cache)],
            input='{"id": 1, "name": "Hikvision"}\n',
            stdout=subprocess.PIPE,
            stderr=terminal,
            text=True,
            cwd=ROOT,
            env={**os.environ, ENV_CACHE_DIR: str(cache)},
            timeout=300,
        )
    finally:
        os.close(terminal)
        reader.join(30)
        os.close(main_side)
    text = b"".join(said).decode(errors="replace")
    assert proc.returncode == 0, text
    assert json.loads(proc.stdout.splitlines()[0])["hit"] is True
    report = json.loads(text.strip().splitlines()[-1])
    assert report["code"] == 0 and report["threads_at_load"] == 2  # the ticker was running at the lookup
    deadline = time.monotonic() + 120
    while not list(cache.glob(f"*{SUFFIX}")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(list(cache.glob(f"*{SUFFIX}"))) == 1
    writers = sorted(p.name for p in cache.glob("written-by-*"))
    assert len(writers) == 1 and writers[0] != f"written-by-{report['pid']}"
