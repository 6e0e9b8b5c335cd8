"""Run a short Python program in a fresh interpreter and read the JSON its last line prints.

What a command imports, and which build of the engine a process runs, can only be seen in a process of
its own: the test process has imported everything already.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any


def run_probe(
    code: str,
    *args: str,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    stdin: str | None = None,
    timeout: float = 120,
) -> tuple[Any, str]:
    """`python -c code args`: the JSON of its last line of output, and its stderr (for warnings)."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=cwd,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stderr
