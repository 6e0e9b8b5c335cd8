"""Pause the cyclic garbage collector while building large, acyclic structures.

Loading and indexing all lists allocates millions of small objects; each allocation burst triggers full
collections that re-scan everything built so far, so the build time grows with what is already built.
Nothing built here forms reference cycles, so reference counting alone frees it
(docs/decisions/0002-freeze-the-snapshot.md).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# Young collections every 10,000 net allocations instead of 700: screening a name allocates a few
# hundred short-lived containers, and the default makes the collector run every few names.
YOUNG_THRESHOLD = 10_000


def settle_after_load() -> None:
    """Once a snapshot is built: freeze what is alive and collect the young generation less often.

    A loaded snapshot is hundreds of thousands of long-lived objects; every full collection would walk
    them again, stopping every thread, and the allocations of screening trigger one every few thousand
    names. Frozen objects are still freed by reference counting; only the cycle search skips them.
    Process-wide, so it is called by the programs that screen (worker, `holdline screen`, benchmarks),
    not by the library.
    """
    gc.collect()
    gc.freeze()
    young, middle, old = gc.get_threshold()
    if 0 < young < YOUNG_THRESHOLD:
        gc.set_threshold(YOUNG_THRESHOLD, middle, old)
