"""Bounded memos keyed by one string, for the engine's hot per-word functions (decision 0545).

`functools.lru_cache` wraps a function in an object compiled code can only call generically: each call
builds an argument tuple, goes through `PyObject_Call` and the wrapper's key hashing and linked-list
bookkeeping, and returns a boxed object (~1,200 instructions a call, hit or miss; ~22,000 calls per 1,000
speed names). A `StrMemo` is a compiled object holding a dict: the function reads `memo.table.get(word)`
natively and calls its own body natively on a miss. Cleared whole when full (as `sides.TokenMemo`), so a
stream of made-up words cannot grow it past `maxsize`; `cache_clear` and `cache_info` as an `lru_cache` has
them, so `bench.speed` clears it with the others before timing names never seen.

Compiled (`build_check.COMPILED_MODULES`); imports nothing of the engine, so any engine module may use it.
"""

from __future__ import annotations

from typing import Any, NamedTuple, final


class MemoInfo(NamedTuple):
    """What `functools.lru_cache`'s `cache_info()` says about its size (benchmarks clear bounded memos)."""

    maxsize: int
    currsize: int


@final
class StrMemo:
    """Values by a string key, at most `maxsize` of them. The caller reads `table` itself (one native dict
    look-up) and stores through `put`, which clears the table first when it is full."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self.table: dict[str, Any] = {}

    def put(self, key: str, value: Any) -> None:
        table = self.table
        if len(table) >= self.maxsize:
            table.clear()
        table[key] = value

    def cache_clear(self) -> None:
        self.table.clear()

    def cache_info(self) -> MemoInfo:
        return MemoInfo(self.maxsize, len(self.table))
