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


@final
class KeyMemo:
    """Values by any hashable key (a tuple of strings), at most `maxsize` of them: `StrMemo` for functions
    of several arguments (decision 0544). The caller builds the key, reads `table` itself and stores
    through `put`."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self.table: dict[Any, Any] = {}

    def put(self, key: object, value: Any) -> None:
        table = self.table
        if len(table) >= self.maxsize:
            table.clear()
        table[key] = value

    def cache_clear(self) -> None:
        self.table.clear()

    def cache_info(self) -> MemoInfo:
        return MemoInfo(self.maxsize, len(self.table))


# Configurations a `ConfigMemo` keeps tables for at once; a new one past them clears them all (tuning runs
# many configurations in one process, each asked for a while: none grows the memo past its bound).
MAX_CONFIGS = 8


@final
class ConfigMemo:
    """Values by a key, kept apart by the configuration they were worked out with (decision 0544).

    `lru_cache` keyed a function by its configuration argument too, hashing it on every call; a frozen
    dataclass's generated `__hash__` is interpreted Python building a tuple of every field. Here the caller
    asks for the configuration's table only when it is not the one `last` holds (an identity test: a
    screener passes one configuration object for its whole life); equal configurations share one table, as
    they shared `lru_cache` entries. Each table holds at most `maxsize` values (cleared whole when full)."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self.last: object = None
        self.table: dict[Any, Any] = {}
        self.tables: dict[object, dict[Any, Any]] = {}

    def table_for(self, config: object) -> dict[Any, Any]:
        """The table of `config`'s values, made `table` (the one `put` fills) until another is asked for."""
        tables = self.tables
        table = tables.get(config)
        if table is None:
            if len(tables) >= MAX_CONFIGS:
                tables.clear()
            table = tables[config] = {}
        self.last = config
        self.table = table
        return table

    def put(self, table: dict[Any, Any], key: object, value: Any) -> None:
        """Store in `table`, the one the value was looked up in (the work between may have asked for
        another configuration's)."""
        if len(table) >= self.maxsize:
            table.clear()
        table[key] = value

    def cache_clear(self) -> None:
        for table in self.tables.values():
            table.clear()

    def cache_info(self) -> MemoInfo:
        return MemoInfo(self.maxsize, sum(len(table) for table in self.tables.values()))
