"""Listed entries as a compiled snapshot carries them: one pickle per entry, unpickled on first use.

A screener needs a listed entry only for what it reports (its id, list, names, countries and kind, after the
scoring): a process that loads the snapshot of every list to screen one name, or ten thousand, reads a
fraction of the 36,000 entries. Unpickling all of them with the index cost a quarter of the snapshot's
load (decision 0520); kept as bytes, each costs a few microseconds the first time it is read, and nothing
before. `Screener.lists` and `Screener.entries` are built from the store on first access
(`matchers/screener.py`), the index reads it by position. What the evidence weighs before deciding whether
an entry is reported (its kind and countries) and what a match names (id, list, primary name, citation) are
kept apart in flat tables (`entry_tables`), so screening reads no entry at all (decision 0521).
"""

from __future__ import annotations

import pickle
from array import array
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, overload

if TYPE_CHECKING:
    from matchers.models import EntityKind, Entry, LoadedList, SourceInfo

_new_object = object.__new__


def _dumps(value: Any) -> bytes:
    return pickle.dumps(value, protocol=5)


_set_state = object.__setattr__


def entry_from_state(cls: type[Any], fields: dict[str, Any], fields_set: set[str]) -> Any:
    """A listed entry from its fields: the state pydantic's `__setstate__` sets, without the call to it and
    the state dict around it (the snapshot's reducer and the store's first read both rebuild entries so)."""
    entry: Any = _new_object(cls)
    _set_state(entry, "__dict__", fields)
    _set_state(entry, "__pydantic_fields_set__", fields_set)
    _set_state(entry, "__pydantic_extra__", None)
    _set_state(entry, "__pydantic_private__", None)
    return entry


def _entry_state(entry: Entry) -> tuple[Any, ...] | None:
    """What rebuilds `entry` exactly (pydantic's instance state), or None when it holds more than its
    fields (extra or private values: not an `Entry` today), which the store does not keep."""
    if entry.__pydantic_extra__ is not None or entry.__pydantic_private__:
        return None
    return (entry.__dict__, entry.__pydantic_fields_set__)


class EntryTables(NamedTuple):
    """Per entry by position, what screening reads of it: the evidence it weighs for every candidate near the
    reporting floor (kind, countries) and what a reported match names (id, list, primary name, citation)."""

    kinds: tuple[EntityKind, ...]
    countries: tuple[tuple[str, ...], ...]
    ids: tuple[str, ...]
    lists: tuple[str, ...]
    names: tuple[str, ...]
    citations: tuple[str | None, ...]


def entry_tables(entries: Sequence[Entry]) -> EntryTables:
    """The screener's tables of `entries`, so that screening never reads (in a loaded snapshot: unpickles) an
    entry (decision 0521). Equal country tuples, list ids and citations are one object each: the tables
    cost a pointer per entry and field in memory, and a memo reference in the snapshot where the value
    was written before (the primary names are the index's own name texts)."""
    shared: dict[object, Any] = {}
    kinds: list[EntityKind] = []
    countries: list[tuple[str, ...]] = []
    ids: list[str] = []
    lists: list[str] = []
    names: list[str] = []
    citations: list[str | None] = []
    for entry in entries:
        kinds.append(entry.kind)
        countries.append(shared.setdefault(entry.countries, entry.countries))
        ids.append(entry.id)
        lists.append(shared.setdefault(entry.list, entry.list))
        names.append(entry.name)
        citations.append(shared.setdefault(entry.citation, entry.citation))
    return EntryTables(
        tuple(kinds), tuple(countries), tuple(ids), tuple(lists), tuple(names), tuple(citations)
    )


class EntryStore(Sequence["Entry"]):
    """Entries by position, each kept as its pickled state until read; read ones are kept.

    Safe to share between threads: two threads reading the same entry for the first time may each unpickle
    it, and one of the two equal objects is kept; nothing else changes after construction."""

    __slots__ = ("_blob", "_loaded", "_offsets")

    def __init__(self, blob: bytes, offsets: array[int]) -> None:
        if len(offsets) < 1 or offsets[0] != 0 or offsets[-1] != len(blob):
            raise ValueError("entry store: offsets do not cover the blob")
        self._blob = blob
        self._offsets = offsets
        self._loaded: list[Entry | None] = [None] * (len(offsets) - 1)

    @classmethod
    def pack(cls, entries: Sequence[Entry], dumps: Callable[[Any], bytes] = _dumps) -> EntryStore | None:
        """The store of `entries` (each state written by `dumps`), or None when one of them cannot be kept
        this way."""
        parts: list[bytes] = []
        offsets = array("q", [0])
        size = 0
        for entry in entries:
            state = _entry_state(entry)
            if state is None:
                return None
            part = dumps(state)
            parts.append(part)
            size += len(part)
            offsets.append(size)
        store = cls(b"".join(parts), offsets)
        store._loaded = list(entries)  # the objects packed are the objects read in this process
        return store

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self._blob, self._offsets))

    def __len__(self) -> int:
        return len(self._loaded)

    @overload
    def __getitem__(self, i: int) -> Entry: ...
    @overload
    def __getitem__(self, i: slice) -> list[Entry]: ...
    def __getitem__(self, i: int | slice) -> Entry | list[Entry]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        entry = self._loaded[i]
        if entry is None:
            if i < 0:
                i += len(self._loaded)
            entry = self._loaded[i] = self._load(i)
        return entry

    def _load(self, i: int) -> Entry:
        from matchers.models import Entry

        fields, fields_set = pickle.loads(self._blob[self._offsets[i] : self._offsets[i + 1]])
        entry: Entry = entry_from_state(Entry, fields, fields_set)
        return entry

    def __iter__(self) -> Iterator[Entry]:
        for i in range(len(self._loaded)):
            yield self[i]

    def loaded(self) -> int:
        """How many entries have been read (tests and benchmarks)."""
        return sum(e is not None for e in self._loaded)


class PackedLists:
    """A screener's lists as its snapshot carries them: their sources, and their entries in one store,
    list after list (`bounds[i]` to `bounds[i + 1]` are list i's). Holds only lists whose entries all have
    distinct ids, so the store in that order is also the screener's entries by id and its index's."""

    __slots__ = ("bounds", "sources", "store")

    def __init__(self, sources: tuple[SourceInfo, ...], bounds: tuple[int, ...], store: EntryStore) -> None:
        self.sources = sources
        self.bounds = bounds
        self.store = store

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.sources, self.bounds, self.store))

    @classmethod
    def pack(
        cls, lists: Sequence[LoadedList], indexed: Sequence[Entry], dumps: Callable[[Any], bytes] = _dumps
    ) -> PackedLists | None:
        """The packed form of `lists`, or None unless the index's entries are exactly the lists' entries
        in order (no id listed twice): then one store serves all three views."""
        flat = [entry for lst in lists for entry in lst.entries]
        if len(flat) != len(indexed) or any(a is not b for a, b in zip(flat, indexed, strict=True)):
            return None
        if len({entry.id for entry in flat}) != len(flat):
            return None
        store = EntryStore.pack(flat, dumps)
        if store is None:
            return None
        bounds = [0]
        for lst in lists:
            bounds.append(bounds[-1] + len(lst.entries))
        return cls(tuple(lst.source for lst in lists), tuple(bounds), store)

    def lists(self) -> tuple[LoadedList, ...]:
        from matchers.models import LoadedList

        store, bounds = self.store, self.bounds
        return tuple(
            LoadedList.model_construct(source=source, entries=tuple(store[bounds[i] : bounds[i + 1]]))
            for i, source in enumerate(self.sources)
        )

    def entries(self) -> dict[str, Entry]:
        return {entry.id: entry for entry in self.store}
