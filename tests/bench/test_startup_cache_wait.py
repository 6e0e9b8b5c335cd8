"""`bench.startup` waits for a cold run's snapshot while its writer lives, and no longer (decision 0561)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.startup import cache_users, wait_for_cache
from matchers.compiled import ENV_CACHE_DIR, SUFFIX

# A stand-in for the cold run's writer: a process started with the cache folder in its environment that
# writes a temporary file, then renames it into place after `delay` seconds (or exits without writing).
_WRITER = """
import os, sys, time
from pathlib import Path
folder, delay, write = Path(sys.argv[1]), float(sys.argv[2]), sys.argv[3] == "write"
tmp = folder / ".k.screener.x.tmp"
tmp.write_bytes(b"partial")
time.sleep(delay)
if write:
    os.replace(tmp, folder / "k.screener")
else:
    tmp.unlink()
"""


def _writer(folder: Path, delay: float, write: bool) -> subprocess.Popen[bytes]:
    env = {**os.environ, ENV_CACHE_DIR: str(folder)}
    proc = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(folder), str(delay), "write" if write else "no"], env=env
    )
    deadline = time.monotonic() + 30
    while not any(folder.iterdir()) and time.monotonic() < deadline:  # its temporary file: it has started
        time.sleep(0.02)
    return proc


def test_the_wait_lasts_as_long_as_the_writer_and_ends_with_its_file(tmp_path: Path) -> None:
    proc = _writer(tmp_path, delay=1.5, write=True)
    try:
        assert cache_users(tmp_path) == [proc.pid]
        started = time.monotonic()
        wait_for_cache(tmp_path, poll=0.02)
        assert time.monotonic() - started >= 1.0
        assert (tmp_path / f"k{SUFFIX}").is_file()
    finally:
        proc.wait(30)


def test_a_writer_that_ends_without_writing_fails_the_wait_at_once(tmp_path: Path) -> None:
    proc = _writer(tmp_path, delay=0.5, write=False)
    started = time.monotonic()
    with pytest.raises(RuntimeError, match="no process is writing one"):
        wait_for_cache(tmp_path, timeout=60.0, poll=0.02)
    assert time.monotonic() - started < 30.0  # not the timeout
    proc.wait(30)


def test_a_writer_still_running_at_the_timeout_is_named(tmp_path: Path) -> None:
    proc = _writer(tmp_path, delay=30.0, write=True)
    try:
        with pytest.raises(TimeoutError, match=f"still running: pid {proc.pid}"):
            wait_for_cache(tmp_path, timeout=0.5, poll=0.02)
    finally:
        proc.kill()
        proc.wait(30)


def test_processes_of_another_cache_folder_are_not_waited_for(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    proc = _writer(tmp_path / "a", delay=30.0, write=True)
    try:
        assert cache_users(tmp_path / "b") == []
        with pytest.raises(RuntimeError, match="no process is writing one"):
            wait_for_cache(tmp_path / "b", timeout=60.0, poll=0.02)
    finally:
        proc.kill()
        proc.wait(30)
