"""The shutdown watchdog: a worker whose shutdown hangs (broker gone) still exits."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from streams.lifecycle import EXIT_SHUTDOWN_TIMEOUT

REPO = Path(__file__).resolve().parents[2]


def test_the_watchdog_ends_a_hung_shutdown() -> None:
    code = "import time\nfrom streams.lifecycle import arm_watchdog\narm_watchdog(0.2)\ntime.sleep(30)\n"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=20, cwd=REPO)
    assert proc.returncode == EXIT_SHUTDOWN_TIMEOUT
    assert "shutdown did not finish within 0.2s" in proc.stderr


def test_a_cancelled_watchdog_does_not_fire() -> None:
    code = (
        "import time\nfrom streams.lifecycle import arm_watchdog\nt = arm_watchdog(0.2)\nt.cancel()\n"
        "time.sleep(0.5)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=20, cwd=REPO)
    assert proc.returncode == 0 and proc.stderr == ""
