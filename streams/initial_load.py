"""When a worker loads its lists: inside the group join's wait, not before it (decision 0512).

Loading the compiled snapshot is ~0.65 s of CPU that holds the GIL (`pickle.load`), so a loading thread
started beside Faust's own start only delays that start. Started when the consumer begins its first
join (Faust's `on_partitions_revoked`, sent before every join, the first included), it runs while the
worker waits for the broker's answer: half the session timeout on Tansu, `group.initial.rebalance.delay.ms`
on Kafka for a new group, the running members' rejoin for a joining one. A timer starts it anyway if no
join has begun by then (the broker is slow to answer), and a worker with no Faust consumer (`--role
compliance`) starts it at once.

The cyclic garbage collector is off from the worker's first import until the initial load is in (decision
0529): a start-up allocates hundreds of thousands of long-lived objects (modules, classes, Faust's app,
the engine's tables) and hardly any garbage, so each automatic collection only walks what was just built
(~0.1 s of CPU before `/readyz`, three full collections among them). The load ends with a collection and a
freeze (`settle_after_load`); the collector is on again as the load settles, whether the lists loaded or
not, and before `settled()` returns: the screening processes, forked after that, never inherit it off.
"""

from __future__ import annotations

import asyncio
import gc
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from streams.snapshot import SnapshotHolder

# After the join has begun, the loop sends the JoinGroup request before the loading thread takes the GIL.
JOIN_HEADSTART_SECONDS = 0.05
FALLBACK_SECONDS = 5.0


def pause_collector() -> bool:
    """Turn the cyclic collector off for the start (`resume_collector_when_settled` turns it on again);
    whether it was on."""
    was_on = gc.isenabled()
    gc.disable()
    return was_on


def resume_collector_when_settled(snapshots: SnapshotHolder) -> None:
    """Turn the collector on as `snapshots`' initial load settles: after the load, loaded or failed, and
    before `settled()` returns, so nothing screens, and no screening process is forked, with it off."""
    snapshots.after_initial_load(gc.enable)


class InitialLoad:
    """Runs `load` once, in a thread of its own, at the first of: `start()`, the consumer's first join,
    the fallback timer."""

    def __init__(self, load: Callable[[], None]) -> None:
        self._load = load
        self._lock = threading.Lock()
        self._started = False

    @property
    def started(self) -> bool:
        return self._started

    def start(self) -> bool:
        """Start the load unless it has started already; whether this call started it."""
        with self._lock:
            if self._started:
                return False
            self._started = True
        threading.Thread(target=self._load, name="holdline-initial-load", daemon=True).start()
        return True

    def start_at_first_join(self, app: Any, fallback: float = FALLBACK_SECONDS) -> None:
        """Start it when `app`'s consumer begins its first join, or after `fallback` seconds."""

        async def on_join(_sender: Any, *_args: Any, **_kwargs: Any) -> None:
            if not self._started:
                asyncio.get_running_loop().call_later(JOIN_HEADSTART_SECONDS, self.start)

        app.on_partitions_revoked.connect(on_join)
        timer = threading.Timer(fallback, self.start)
        timer.daemon = True
        timer.start()
