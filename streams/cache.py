"""`PartyCache`: screening results of recently seen parties, for one list snapshot.

Procurement streams name the same suppliers, forwarders and carriers over and over; screening each of
them once per snapshot instead of once per event is most of the worker's throughput. The cache lives
inside an `ActiveSnapshot`, so a new list version starts with an empty cache and a decision never mixes
versions. Screening is deterministic for a snapshot, so a cached result is the result.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


class PartyCache:
    """A thread-safe LRU map; `maxsize` 0 disables it (every lookup misses, nothing is kept)."""

    def __init__(
        self, maxsize: int, on_hit: Callable[[], Any] | None = None, on_miss: Callable[[], Any] | None = None
    ) -> None:
        self.maxsize = maxsize
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._on_hit = on_hit
        self._on_miss = on_miss
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
                self.hits += 1
            else:
                self.misses += 1
        if value is not None and self._on_hit:
            self._on_hit()
        elif value is None and self._on_miss:
            self._on_miss()
        return value

    def put(self, key: Hashable, value: Any) -> None:
        if self.maxsize <= 0 or value is None:
            return
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def __len__(self) -> int:
        return len(self._data)
