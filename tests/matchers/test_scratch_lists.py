"""The sparse estimate's work lists (`matchers.scratch_lists`): what an index keeps for its first thread
is pickled as its size and comes back as lists whose every slot is one shared object (decision 0197)."""

from __future__ import annotations

import pickle

import pytest

from matchers.scratch_lists import UNSEEN_SLOT, ZERO_SLOT, SpareWorkLists, fresh_work_lists


@pytest.mark.parametrize("size", [0, 1, 5, 1000])
def test_fresh_lists_hold_the_shared_objects(size: int) -> None:
    sums, best = fresh_work_lists(size)
    assert len(sums) == len(best) == size
    assert all(s is UNSEEN_SLOT for s in sums)
    assert all(b is ZERO_SLOT for b in best)
    assert all(s == -1.0 for s in sums) and all(b == 0.0 for b in best)


def test_a_pickled_spare_pair_comes_back_remade_not_copied() -> None:
    """A plain list of floats unpickles as one object per slot; the spare pair comes back as a fresh pair
    of the same size whose slots are the two shared objects, whatever the pickled lists held."""
    spare = SpareWorkLists(300)
    sums, best = spare.pairs[0]
    # (Written as a query would leave them mid-way: the copy must not carry this over.)
    sums[7], best[7] = 0.5, 0.9
    copied = pickle.loads(pickle.dumps([-1.0] * 300))
    assert len({id(v) for v in copied}) == 300

    loaded = pickle.loads(pickle.dumps(spare, protocol=5))
    assert isinstance(loaded, SpareWorkLists)
    assert loaded.size == 300 and len(loaded.pairs) == 1
    sums2, best2 = loaded.pairs[0]
    assert len(sums2) == len(best2) == 300
    assert {id(v) for v in sums2} == {id(UNSEEN_SLOT)}
    assert {id(v) for v in best2} == {id(ZERO_SLOT)}


def test_a_taken_pair_is_not_handed_out_twice() -> None:
    spare = SpareWorkLists(3)
    first = spare.pairs.pop()
    assert spare.pairs == []
    assert first[0] == [-1.0] * 3
