"""The worker process around the Faust app: a shutdown that always ends.

A SIGTERM normally drains in-flight events, flushes the producer and commits offsets in well under a
second. If the broker is gone, Faust's consumer thread can die mid-shutdown and the worker would wait for
it forever. A watchdog armed by the first signal ends the process after `shutdown_timeout` seconds;
whatever was not committed is replayed on restart (at-least-once), so nothing is lost by exiting.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from typing import Any

log = logging.getLogger(__name__)

EXIT_SHUTDOWN_TIMEOUT = 3


def arm_watchdog(timeout: float) -> threading.Timer:
    def expire() -> None:
        sys.stderr.write(
            f"holdline worker: shutdown did not finish within {timeout:g}s; exiting "
            "(uncommitted events will be redelivered)\n"
        )
        sys.stderr.flush()
        os._exit(EXIT_SHUTDOWN_TIMEOUT)

    timer = threading.Timer(timeout, expire)
    timer.daemon = True
    timer.start()
    return timer


def make_worker(app: Any, shutdown_timeout: float, **kwargs: Any) -> Any:
    """A faust.Worker whose first SIGTERM/SIGINT also arms the shutdown watchdog."""
    import faust

    class Worker(faust.Worker):  # type: ignore[misc]
        _watchdog: threading.Timer | None = None

        def _schedule_shutdown(self, signum: signal.Signals) -> None:
            if self._watchdog is None:
                log.info("signal %s: shutting down (watchdog: %.0fs)", signum.name, shutdown_timeout)
                self._watchdog = arm_watchdog(shutdown_timeout)
            super()._schedule_shutdown(signum)

    return Worker(app, **kwargs)
