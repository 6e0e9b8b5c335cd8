"""The whole-name 4-gram search (`matchers.fuzzy_keys`) keeps the names a plain count keeps: its runs read as
one byte range and its names found by comparing the sorted ids with themselves shifted (decision 0116) give
what counting every name read, and ranking the counts, gives."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Indel

from matchers.config import RetrievalConfig
from matchers.fuzzy_keys import GRAM, CompactIndex

# Few letters: names share many 4-grams, so counts, ties and the verification cap all come into play.
TEXTS = st.text(alphabet="abc", min_size=5, max_size=14)
# A small cap and budget, so the ranking of the names to verify and the postings budget are exercised, and
# a low similarity floor, so which names were verified shows in what is found.
CONFIG = replace(
    RetrievalConfig(),
    max_gram_verify=3,
    gram_postings_budget=100,
    min_compact_similarity=0.3,
)


def plain_count(keys: CompactIndex, forms: tuple[str, str], config: RetrievalConfig) -> dict[int, float]:
    """The search spelled out: every name read counted in a `Counter`, the names to verify ranked by their
    counts, then by how close their length is to the query's, then by id."""
    texts = [t for t in dict.fromkeys(forms) if config.min_short_compact <= len(t) <= config.max_compact_len]
    texts = [t for t in texts if len(t) > GRAM]
    if len(texts) == 2 and texts[0] in texts[1]:
        texts = texts[1:]
    codes = sorted(
        {int.from_bytes(t[k : k + GRAM].encode(), "big") for t in texts for k in range(len(t) - 3)}
    )
    present = sorted(keys.grams.lookup(codes), key=lambda run: run[0])
    if len(present) < config.min_shared_grams:
        return {}
    used, reads = 0, 0
    for size, _ in present:
        reads += size
        if reads > config.gram_postings_budget:
            break
        used += 1
    used = max(1, used)
    if used < config.min_shared_grams:
        return {}
    counts = Counter(keys.grams.read(present[:used]).tolist())
    least = max(config.min_shared_grams, config.min_gram_share * used)
    kept = sorted(name_id for name_id, n in counts.items() if n >= least)
    if len(kept) > config.max_gram_verify:
        gap = {name_id: abs(len(keys.forms(name_id)[1]) - len(forms[1])) for name_id in kept}
        kept = sorted(kept, key=lambda name_id: (-counts[name_id], gap[name_id], name_id))
        kept = kept[: config.max_gram_verify]
    found = {}
    for name_id in kept:
        sims = [
            Indel.normalized_similarity(query, listed, score_cutoff=config.min_compact_similarity)
            for query, listed in zip(forms, keys.forms(name_id), strict=True)
            if 2 * min(len(query), len(listed)) >= config.min_compact_similarity * (len(query) + len(listed))
        ]
        if sims and max(sims):
            found[name_id] = max(sims)
    return found


@settings(max_examples=300, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=40), TEXTS)
def test_gram_search_keeps_what_a_plain_count_keeps(listed: list[str], query: str) -> None:
    keys = CompactIndex([(t, t) for t in listed], CONFIG)
    found: dict[int, float] = {}
    keys.search_grams((query, query), [query], found)
    assert found == plain_count(keys, (query, query), CONFIG)


def test_names_read_more_often_than_needed_are_verified_once() -> None:
    """A name holding every 4-gram of the query is read once per run: it is verified, and found, once."""
    config = replace(RetrievalConfig(), max_gram_verify=2)
    listed = ["abcdefghij", "abcdefghij", "abcdexxxxx", "zzzzzzzzzz"]
    keys = CompactIndex([(t, t) for t in listed], config)
    found: dict[int, float] = {}
    keys.search_grams(("abcdefghij", "abcdefghij"), ["abcdefghij"], found)
    assert found == {0: 1.0, 1: 1.0}
    assert found == plain_count(keys, ("abcdefghij", "abcdefghij"), config)
    assert math.isclose(max(found.values()), 1.0)


def test_names_to_verify_are_ranked_by_grams_shared_before_length() -> None:
    """With room to verify one name, the one holding every 4-gram of the query is verified, not the one whose
    length is closer to the query's but holds fewer of its 4-grams."""
    config = replace(RetrievalConfig(), max_gram_verify=1, min_compact_similarity=0.3)
    listed = ["abcdefgh", "abcdefghijkl" + "z" * 12, "qrstuvwxyz"]
    keys = CompactIndex([(t, t) for t in listed], config)
    found: dict[int, float] = {}
    keys.search_grams(("abcdefghijkl", "abcdefghijkl"), ["abcdefghijkl"], found)
    assert list(found) == [1]
    assert found == plain_count(keys, ("abcdefghijkl", "abcdefghijkl"), config)
