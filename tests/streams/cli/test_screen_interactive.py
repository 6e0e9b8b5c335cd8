"""`holdline screen --jsonl` as a co-process: each answer arrives before the next line is written.

Answers are flushed when no more input is waiting (`streams.cli.screen.flush_when_idle`), so a batch is
written in large pieces; a program that writes one line and waits must still get its answer at once.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from streams.cli.screen import flush_when_idle

ANSWER_TIMEOUT = 60.0  # the first answer waits for the process to start and load the built-in list


def _read_line(proc: subprocess.Popen[bytes], timeout: float) -> dict[str, Any]:
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout
    buffer = b""
    while not buffer.endswith(b"\n"):
        left = deadline - time.monotonic()
        assert left > 0, f"no answer within {timeout:.0f}s (got {buffer!r})"
        ready, _, _ = select.select([proc.stdout], [], [], left)
        if ready:
            chunk = os.read(proc.stdout.fileno(), 65536)
            assert chunk, f"holdline screen exited ({proc.poll()}) before answering"
            buffer += chunk
    return json.loads(buffer)


def test_each_answer_arrives_while_the_writer_waits_for_it() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "streams.cli.main", "screen", "--jsonl", "--quiet"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdin is not None
    try:
        for number, name in enumerate(("Huawei Technologies Co., Ltd.", "Hikvision", "Bakery Smith"), 1):
            proc.stdin.write(json.dumps({"id": number, "name": name}).encode() + b"\n")
            proc.stdin.flush()  # the writer keeps stdin open and waits for this answer
            answer = _read_line(proc, ANSWER_TIMEOUT if number == 1 else 10.0)
            assert answer["id"] == number and "hit" in answer, answer
        proc.stdin.close()
        assert proc.wait(30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)


def test_input_without_a_descriptor_is_flushed_after_every_answer() -> None:
    import io

    class Out(io.StringIO):
        flushes = 0

        def flush(self) -> None:
            Out.flushes += 1

    out = Out()
    flush = flush_when_idle(io.StringIO("{}\n"), out)
    flush()
    flush()
    assert Out.flushes == 2


def test_input_from_a_file_is_never_idle(tmp_path: Path) -> None:
    """A file is read to its end without waiting: the answers are written in buffer-sized pieces and at the
    end (`screen_jsonl`'s last flush), never flushed one by one."""
    import io

    class Out(io.StringIO):
        flushes = 0

        def flush(self) -> None:
            Out.flushes += 1

    names = tmp_path / "names.jsonl"
    names.write_text('{"id": 1, "name": "Hikvision"}\n', encoding="utf-8")
    with names.open(encoding="utf-8") as stdin:
        flush = flush_when_idle(stdin, Out())
        flush()
        stdin.read()  # at its end too: a file has no "later" for more input
        flush()
    assert Out.flushes == 0
