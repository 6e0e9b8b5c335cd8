"""The sparse estimate's work lists (one float per listed name), pickled as their length and remade on load.

`NameIndex` keeps a first pair of such lists made with the index, so a loaded snapshot holds them and
`gc_pause.settle_after_load` freezes them with it (decision 0191). Pickled as lists, they would come back
as one float object per slot: pickle writes a float by value and never shares it, so `[-1.0] * n` unpickles
as n objects of -1.0 scattered over the heap, and every read of a slot the query has not written touches a
cold object of its own (its value read, its reference count written). Made anew when the snapshot is read,
every slot holds one of two shared objects that stay in the cache (decision 0197).

Not compiled (`build_check.COMPILED_MODULES`): a plain class with `__reduce__`, read once per query.
"""

from __future__ import annotations

from typing import Final, cast

# What a slot holds when no query has written it: its sum unseen, its best similarity none. Objects made
# once, shared by every slot and written back by each query where it wrote (a compiled `float` stored in a
# list is a new object each time).
UNSEEN_SLOT: Final[object] = -1.0
ZERO_SLOT: Final[object] = 0.0

WorkLists = tuple[list[float], list[float]]


def fresh_work_lists(size: int) -> WorkLists:
    """A pair of work lists for an index of `size` names: sums unseen, best similarities zero."""
    return cast(list[float], [UNSEEN_SLOT] * size), cast(list[float], [ZERO_SLOT] * size)


class SpareWorkLists:
    """The pairs of work lists an index keeps for the first thread that screens with it (`pairs`, popped
    once), pickled as the index's size alone: a snapshot remakes the pair when it is read, with every slot
    the shared object, rather than one float object per name."""

    __slots__ = ("pairs", "size")

    def __init__(self, size: int) -> None:
        self.size = size
        self.pairs: list[WorkLists] = [fresh_work_lists(size)]

    def __reduce__(self) -> tuple[type[SpareWorkLists], tuple[int]]:
        return SpareWorkLists, (self.size,)
