"""The second recall set (bench/positives.py, read by bench/recall_other.py): listed names perturbed by the
`typo` library's operations, the same variants on every run for a seed, the tuning half drawn only from
dev-split entries and the held half only from test-split entries, each variant labelled with what was done
to which listed name."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from bench.devset import Corpus, build_corpus, name_key, split_of
from bench.positives import (
    OPERATIONS,
    SAME_AS_OTHER,
    SAME_AS_SOURCE,
    Positive,
    PositiveSet,
    generate,
    not_counted,
    perturb,
)
from bench.recall_other import MISS_GROUPS, miss_group, number_changed, read, reference_sample
from matchers import Screener
from matchers.models import EntityKind, Entry, LoadedList, SourceInfo

ORG, PERSON = EntityKind.ORGANISATION, EntityKind.PERSON
# (id, list, kind, name, aliases): real listed names; the ids put each on a known side of the dev/test split.
ENTRIES = [
    ("tiny:1", "bis-entity-list", ORG, "Beijing Institute of Technology", ()),
    ("tiny:2", "bis-entity-list", ORG, "Rosoboronexport", ("Rosoboroneksport",)),
    ("tiny:4", "bis-entity-list", ORG, "Beijing University of Aeronautics and Astronautics", ()),
    ("tiny:3", "bis-entity-list", ORG, "Shenzhen Hikvision Digital Technology Co., Ltd.", ()),
    ("tiny:5", "bis-entity-list", ORG, "Moscow Institute of Physics and Technology", ()),
    ("tiny:7", "ofac-sdn", PERSON, "BOUT, Viktor Anatolijevitch", ()),
    ("tiny:9", "ofac-sdn", PERSON, "HADDAD, Mohammad Abdullah", ()),
    ("tiny:6", "ofac-sdn", PERSON, "KADYROV, Ramzan Akhmatovich", ()),
    ("tiny:10", "ofac-sdn", PERSON, "PRIGOZHIN, Yevgeniy Viktorovich", ()),
    ("tiny:8", "ofac-sdn", ORG, "ROSOBORONEXPORT", ()),
    ("tiny:13", "ofac-sdn", ORG, "JOINT STOCK COMPANY ALFA-BANK", ()),
]


def tiny_lists() -> list[LoadedList]:
    out = []
    for name in ("bis-entity-list", "ofac-sdn"):
        entries = tuple(
            Entry(id=i, list=lst, kind=kind, name=nm, aliases=al)
            for i, lst, kind, nm, al in ENTRIES
            if lst == name
        )
        info = SourceInfo(
            list=name, path="test", format="test", entries=len(entries), aliases=0, content_hash=name
        )
        out.append(LoadedList(source=info, entries=entries))
    return out


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return build_corpus(tiny_lists())


def test_the_tiny_lists_have_entries_on_both_sides_of_the_split() -> None:
    assert {split_of(i) for i, *_ in ENTRIES} == {"dev", "test"}


def test_the_same_seed_gives_the_same_variants_whatever_the_global_random_state(corpus: Corpus) -> None:
    random.seed(1)
    first = generate(corpus, "tune", seed=3, n_sources=20)
    random.seed(2)
    state = random.getstate()
    again = generate(corpus, "tune", seed=3, n_sources=20)
    assert random.getstate() == state  # the library's seeding of `random` is undone
    assert first == again
    assert generate(corpus, "tune", seed=4, n_sources=20) != first


def test_the_halves_are_disjoint_by_entry_and_by_split(corpus: Corpus) -> None:
    tune = generate(corpus, "tune", seed=3, n_sources=20).positives
    held = generate(corpus, "held", seed=3, n_sources=20).positives
    assert tune and held
    assert {split_of(p.entry_id) for p in tune} == {"dev"}
    assert {split_of(p.entry_id) for p in held} == {"test"}
    assert not {p.entry_id for p in tune} & {p.entry_id for p in held}
    with pytest.raises(ValueError):
        generate(corpus, "test")


def test_every_list_and_kind_of_a_half_is_drawn_with_one_to_three_operations(corpus: Corpus) -> None:
    tune = generate(corpus, "tune", seed=3, n_sources=20).positives
    assert {(p.list, p.kind) for p in tune} == {
        ("bis-entity-list", "organisation"),
        ("ofac-sdn", "person"),
        ("ofac-sdn", "organisation"),
    }
    assert {len(p.ops) for p in tune} == {1, 2, 3}
    assert set(Counter(op for p in tune for op in p.ops)) <= set(OPERATIONS)


def test_the_labels_name_the_entry_the_source_and_every_entry_of_the_same_name(corpus: Corpus) -> None:
    names = {i: {nm, *al} for i, _, _, nm, al in ENTRIES}
    lists = {i: lst for i, lst, *_ in ENTRIES}
    for p in generate(corpus, "tune", seed=5, n_sources=20).positives:
        assert p.source in names[p.entry_id]
        assert p.list == lists[p.entry_id]
        assert p.query != p.source
        assert not_counted(p.query, p.source, corpus) is None
        assert p.entry_id in p.expected
        if p.source == "Rosoboronexport":  # the same party in two lists: either entry is a find
            assert set(p.expected) == {"tiny:2", "tiny:8"}


NAME = "HADDAD, Mohammad Abdullah Hassan"


def _one_removed(longer: str, shorter: str) -> bool:
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


# What each operation may do to a string: the check a label must pass.
CHECKS = {
    "char_swap": lambda s, o: len(o) == len(s) and sorted(o.lower()) == sorted(s.lower()),
    "missing_char": lambda s, o: _one_removed(s, o),
    "extra_char": lambda s, o: _one_removed(o, s),
    "nearby_char": lambda s, o: len(o) == len(s) and sum(a != b for a, b in zip(s, o, strict=True)) == 1,
    "similar_char": lambda s, o: len(o) == len(s) and sum(a != b for a, b in zip(s, o, strict=True)) == 1,
    "skipped_space": lambda s, o: any(s[:i] + s[i + 1 :] == o for i, c in enumerate(s) if c == " "),
    "random_space": lambda s, o: o.replace(" ", "") == s.replace(" ", "") and o.count(" ") > s.count(" "),
    "repeated_char": lambda s, o: any(o == s[:i] + s[i] + s[i:] for i in range(len(s))),
    "unichar": lambda s, o: any(s[i] == s[i + 1] and o == s[:i] + s[i + 1 :] for i in range(len(s) - 1)),
}


@pytest.mark.parametrize("op", list(OPERATIONS))
def test_every_operation_changes_the_string_as_its_label_says(op: str) -> None:
    outs = {perturb(NAME, op, ("test", k)) for k in range(12)}
    assert None not in outs
    assert NAME not in outs
    assert all(CHECKS[op](NAME, out) for out in outs if out is not None)
    assert len(outs) > 1  # the library's draws differ between keys


@pytest.mark.parametrize(
    ("op", "text"),
    [("skipped_space", "Rosoboronexport"), ("unichar", "Rosoboronexport"), ("char_swap", "-")],
)
def test_an_operation_that_cannot_apply_gives_nothing(op: str, text: str) -> None:
    assert perturb(text, op, "test") is None


@pytest.mark.parametrize(
    ("query", "source", "reason"),
    [
        ("ROSOBORONEXPORT", "Rosoboronexport", SAME_AS_SOURCE),
        ("Technology Beijing Institute of", "Beijing Institute of Technology", SAME_AS_SOURCE),
        ("Rosoboroneksport", "Rosoboronexport", SAME_AS_OTHER),
        ("Rosoboronexpotr", "Rosoboronexport", None),
        ("Beijing Institute of Tehcnology", "Beijing Institute of Technology", None),
    ],
)
def test_a_variant_that_is_a_listed_name_is_not_counted(
    corpus: Corpus, query: str, source: str, reason: str | None
) -> None:
    assert not_counted(query, source, corpus) == reason


def test_no_counted_variant_is_a_listed_name_and_the_rest_are_counted(corpus: Corpus) -> None:
    pset = generate(corpus, "held", seed=7, n_sources=20)
    assert all(name_key(p.query) not in corpus.by_key for p in pset.positives)
    assert set(pset.dropped) <= {SAME_AS_SOURCE, SAME_AS_OTHER}


def _positive(query: str, source: str, entry_id: str, ops: tuple[str, ...]) -> Positive:
    return Positive(query, source, entry_id, "bis-entity-list", "organisation", ops, (entry_id,))


def test_the_reading_counts_hits_retrieval_and_misses_by_group() -> None:
    screener = Screener(tiny_lists())
    pset = PositiveSet(
        seed=0,
        half="tune",
        positives=(
            _positive("Rosoboronexpotr", "Rosoboronexport", "tiny:2", ("char_swap",)),
            _positive(
                "Beijing Insitute of Tecnology", "Beijing Institute of Technology", "tiny:1", ("x", "y")
            ),
            _positive("Qwerty Zxcvbn Plarf", "Moscow Institute of Physics and Technology", "tiny:5", ("x",)),
        ),
        dropped={SAME_AS_SOURCE: 1},
    )
    r = read(screener, pset, show=5)
    assert r["all"]["n"] == 3
    assert r["all"]["missed"] == 1
    assert r["all"]["recall"] == pytest.approx(2 / 3)
    assert r["n_ops"]["1"]["n"] == 2 and r["n_ops"]["2"]["recall"] == 1.0
    assert sum(b["n"] for b in r["list"].values()) == 3
    assert [m["query"] for m in r["misses"]] == ["Qwerty Zxcvbn Plarf"]
    assert r["misses"][0]["retrieved"] is False
    assert r["dropped"] == {SAME_AS_SOURCE: 1}


def test_a_generated_half_read_end_to_end_finds_most_single_edits(corpus: Corpus) -> None:
    screener = Screener(tiny_lists())
    r = read(screener, generate(corpus, "tune", seed=3, n_sources=20), show=0)
    assert r["errors"] == 0
    assert r["n_ops"]["1"]["recall"] >= 0.75
    assert sum(b["n"] for b in r["n_ops"].values()) == r["all"]["n"]


@pytest.mark.parametrize(
    ("source", "query", "ops", "group"),
    [
        ("SEA STAR III", "SEA STAR II", ("missing_char",), "a number changed"),
        ("EP-MND", "EPP-MKD", ("repeated_char", "nearby_char", "nearby_char"), "< 4 letters per operation"),
        ("SHAMIM", "HSAM IM", ("random_space", "char_swap"), "< 4 letters per operation"),
        ("COLLECTION CONCEPT S.A.", "COLLECTION CONCEPT .A.", ("missing_char",), "a legal form damaged"),
        ("The Handle Group Co.", "TheHandle Group Co.", ("skipped_space",), "words glued"),
        ("VTB BANK", "TB BANK", ("missing_char",), "a word of <= 3 letters damaged"),
        ("Skoltech", "8koltech", ("similar_char",), "a look-alike character"),
        ("Laval Electronics", "Laval Electronic s", ("random_space",), "a stray space"),
        ("Daesong Trading", "Daesong Tradign", ("char_swap",), "keyboard edits in longer words"),
    ],
)
def test_a_miss_is_grouped_by_what_was_done_to_which_word(
    source: str, query: str, ops: tuple[str, ...], group: str
) -> None:
    assert group in MISS_GROUPS
    assert miss_group(_positive(query, source, "tiny:1", ops)) == group


def test_the_variants_keep_single_spaces() -> None:
    outs = [perturb(NAME, "random_space", ("spaces", k)) for k in range(20)]
    assert all(out is not None and not re.search(r"\s{2}", out) for out in outs)


@pytest.mark.parametrize(
    ("source", "query", "changed"),
    [
        ("SEA STAR III", "SEA STAR II", True),
        ("FU YUAN YU 7865", "FU YUAN YU 8765", True),
        ("GENAVA 11", "GENAV A1", True),
        ("SEA STAR III", "SEA STRA III", False),
        ("Xi Jinping", "Xi Jinpign", False),
        ("Rosoboronexport", "Rosoboronexpotr", False),
    ],
)
def test_a_number_changed_is_told_from_a_slip_in_the_words(source: str, query: str, changed: bool) -> None:
    assert number_changed(_positive(query, source, "tiny:1", ("x",))) is changed


def test_the_reference_scores_the_same_sample_beside_the_engine() -> None:
    lists = tiny_lists()
    screener = Screener(lists)
    pset = PositiveSet(
        seed=0,
        half="tune",
        positives=(
            _positive("Rosoboronexpotr", "Rosoboronexport", "tiny:2", ("char_swap",)),
            _positive("Qwerty Zxcvbn Plarf", "Moscow Institute of Physics and Technology", "tiny:5", ("x",)),
        ),
        dropped={},
    )
    ref = reference_sample(lists, screener, pset, 5)
    assert ref["groups"]["all"]["n"] == 2
    assert ref["groups"]["all"]["holdline"] == 0.5
    assert ref["groups"]["1 ops"]["n"] == 2
    assert 0.0 <= ref["groups"]["all"]["reference"] <= 0.5  # nobody finds the name typed over
    assert set(ref["only_reference"]) <= set(MISS_GROUPS)
    assert all(e["query"] != "Rosoboronexpotr" for e in ref["only_reference_examples"])  # the engine finds it
