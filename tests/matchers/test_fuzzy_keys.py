"""The whole-name 4-gram search (`matchers.fuzzy_keys`) keeps the names a plain count keeps: its runs read as
one byte range and its names found by comparing the sorted ids with themselves shifted (decision 0116) give
what counting every name read over postings built here from the names themselves, and ranking the counts,
gives."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Indel

from matchers.config import RetrievalConfig
from matchers.fuzzy_keys import GRAM, CompactIndex

# Few letters: names share many 4-grams, so counts, ties and the verification cap all come into play.
TEXTS = st.text(alphabet="abc", min_size=5, max_size=14)
# Whole-name keys only (no one-edit search of short forms); a small cap and budget, so the ranking of the
# names to verify and the postings budget are exercised; a low similarity floor, so which names were
# verified shows in what is found.
CONFIG = replace(
    RetrievalConfig(),
    max_short_compact=3,
    max_gram_verify=3,
    gram_postings_budget=100,
    min_compact_similarity=0.3,
)


def grams(text: str) -> set[int]:
    return {int.from_bytes(text[k : k + GRAM].encode(), "big") for k in range(len(text) - GRAM + 1)}


def plain_count(listed: list[str], query: str, config: RetrievalConfig) -> dict[int, float]:
    """The search spelled out over postings built from `listed`: every name read counted in a `Counter`, the
    names to verify ranked by their counts, then by how close their length is to the query's, then by id."""
    runs: dict[int, list[int]] = {}
    for name_id, text in enumerate(listed):
        for code in grams(text):
            runs.setdefault(code, []).append(name_id)
    runs = {code: ids for code, ids in runs.items() if len(ids) <= config.max_gram_postings}
    present = sorted((len(runs[code]), code) for code in grams(query) if code in runs)
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
    counts = Counter(name_id for _, code in present[:used] for name_id in runs[code])
    least = max(config.min_shared_grams, config.min_gram_share * used)
    kept = sorted(name_id for name_id, n in counts.items() if n >= least)
    if len(kept) > config.max_gram_verify:
        kept = sorted(kept, key=lambda i: (-counts[i], abs(len(listed[i]) - len(query)), i))
        kept = kept[: config.max_gram_verify]
    found = {}
    for name_id in kept:
        text = listed[name_id]
        if 2 * min(len(query), len(text)) >= config.min_compact_similarity * (len(query) + len(text)):
            sim = Indel.normalized_similarity(query, text, score_cutoff=config.min_compact_similarity)
            if sim:
                found[name_id] = sim
    return found


def searched(listed: list[str], query: str, config: RetrievalConfig) -> dict[int, float]:
    keys = CompactIndex([(t, t) for t in listed], config)
    return {name_id: sim for sim, name_id in keys.search((query, query))}


@settings(max_examples=300, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=40), TEXTS)
def test_gram_search_keeps_what_a_plain_count_keeps(listed: list[str], query: str) -> None:
    assert searched(listed, query, CONFIG) == plain_count(listed, query, CONFIG)


def test_names_read_more_often_than_needed_are_verified_once() -> None:
    """A name holding every 4-gram of the query is read once per run: it is verified, and found, once."""
    config = replace(RetrievalConfig(), max_short_compact=3, max_gram_verify=2)
    listed = ["abcdefghij", "abcdefghij", "abcdexxxxx", "zzzzzzzzzz"]
    assert searched(listed, "abcdefghij", config) == {0: 1.0, 1: 1.0}
    assert plain_count(listed, "abcdefghij", config) == {0: 1.0, 1: 1.0}


def test_names_to_verify_are_ranked_by_grams_shared_before_length() -> None:
    """With room to verify one name, the one holding every 4-gram of the query is verified, not the one whose
    length is closer to the query's but holds fewer of its 4-grams."""
    config = replace(RetrievalConfig(), max_short_compact=3, max_gram_verify=1, min_compact_similarity=0.3)
    listed = ["abcdefgh", "abcdefghijkl" + "z" * 12, "qrstuvwxyz"]
    assert list(searched(listed, "abcdefghijkl", config)) == [1]
    assert searched(listed, "abcdefghijkl", config) == plain_count(listed, "abcdefghijkl", config)
