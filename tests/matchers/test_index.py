"""The candidate step (`matchers.index`, `matchers.fuzzy_keys`, `matchers.word_spans`): which listed names
reach scoring for a query, as case tables of real names.

The index holds the BIS Entity List (about 3,300 parties, so every query competes with real neighbours)
and the listed names of the rows below, taken from the SDN, DPL and UN lists. Each row is (query, listed,
retrieved, why): whether `listed` must be among the candidates handed to the scorer. Rows assert
retrieval only, never scores or ranks, so tuning the scorer does not break them. To add a case, add a row
to the table it belongs to.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

from matchers import Screener
from matchers.aliases import derived_names
from matchers.config import MatchConfig, RetrievalConfig
from matchers.fuzzy_keys import CompactIndex, compact_forms
from matchers.index import NameIndex
from matchers.models import EntityKind, Entry, LoadedList, SourceInfo
from matchers.normalise import normalise_name
from matchers.weights import TokenStats
from matchers.word_spans import word_pairs

# The screener's retrieval floor (`Thresholds.retrieval_floor`).
FLOOR = MatchConfig().thresholds.retrieval_floor

# Listed names of the rows that are not on the Entity List (as the SDN, DPL and UN lists write them).
OTHER_LISTED = [
    ("PALESTINIAN AID COUNCIL", EntityKind.ORGANISATION),
    ("SPEED TRANSPORTATION LIMITED", EntityKind.ORGANISATION),
    ("DINRIN LIMITED", EntityKind.ORGANISATION),
    ("EP-MHJ", EntityKind.AIRCRAFT),
    ("EP-MHM", EntityKind.AIRCRAFT),
    ("YK-ATA", EntityKind.AIRCRAFT),
    ("AL-ID, Nawras", EntityKind.PERSON),
    ("Zbynek Svejnoha", EntityKind.PERSON),
    ("KIM YONG CHOL", EntityKind.PERSON),
    ("ROSTEC", EntityKind.ORGANISATION),
    ("HAMAS", EntityKind.ORGANISATION),
    ("ZAKRYTOE AKTSIONERNOE OBSHCHESTVO INFORMGAZINVEST", EntityKind.ORGANISATION),
    ("Kumul Municipality Public Security Bureau", EntityKind.ORGANISATION),
    ("PERSIAN GULF PETROCHEMICAL INDUSTRIES", EntityKind.ORGANISATION),
]


class Case(NamedTuple):
    query: str
    listed: str
    retrieved: bool
    why: str


def ids(cases: list[Case]) -> list[str]:
    return [f"{c.query} | {c.listed}" for c in cases]


@pytest.fixture(scope="module")
def index(entity_list_entries: list[Entry], entity_list_stats: TokenStats) -> NameIndex:
    """The Entity List and the rows' other listed names, weighed with the Entity List's statistics (a word
    found only among the dozen added names weighs what a word listed once does: the most)."""
    entries = entity_list_entries + [
        Entry(id=f"test:{k}", list="test", kind=kind, name=name)
        for k, (name, kind) in enumerate(OTHER_LISTED)
    ]
    return NameIndex(entries, stats=entity_list_stats)


def retrieved_names(index: NameIndex, query: str, person: bool = False) -> set[str]:
    found = index.candidates(normalise_name(query), FLOOR, person)
    return {index.entries[index.names[name_id].entry].name.upper() for name_id in found.ids}


# Damaged words: too few intact for the token postings, found by the whole-name keys.
DAMAGED = [
    Case(
        "PALESTNIANAIDCOUNCIL", "PALESTINIAN AID COUNCIL", True, "three words run together, a letter dropped"
    ),
    Case("SPEED TRNASP ORTATION LIMITED", "SPEED TRANSPORTATION LIMITED", True, "a word split and mistyped"),
    Case("DINRIN LIMITECL", "DINRIN LIMITED", True, "OCR `cl` for `d` in the legal form"),
    Case("AL-ID, Awras", "AL-ID, Nawras", True, "the first letter of a given name dropped"),
    Case("Zbyeksvejnoha", "Zbynek Svejnoha", True, "given name and surname run together, a letter dropped"),
    Case(
        "ZAKRYTOE AKTSIONERNE OBSHCHESTVO INFORMGAZINVEST",
        "ZAKRYTOE AKTSIONERNOE OBSHCHESTVO INFORMGAZINVEST",
        True,
        "a mistyped legal form no longer read as one: the words as written still agree",
    ),
    Case("Kim Yomg Chol", "KIM YONG CHOL", True, "a typo in a short word beside common ones"),
    Case("Ростех", "ROSTEC", True, "Cyrillic read as `rosteh`: one letter from the listed spelling"),
    Case("حماس", "HAMAS", True, "Arabic: consonant keys"),
    Case("Megvi", "MEGVII TECHNOLOGY", True, "a letter dropped in a bare brand"),
]
# Short codes and names: one edit of the whole compact form (symmetric deletions).
SHORT = [
    Case("EP-KHJ", "EP-MHJ", True, "one letter of a registration changed"),
    Case("YK-TAA", "YK-ATA", True, "two neighbours swapped"),
    Case("EP-MM", "EP-MHM", True, "a letter dropped"),
    Case("EP-RNHJ", "EP-MHJ", True, "OCR `rn` for `m`"),
    Case("EP-KXZ", "EP-MHJ", False, "three letters of three differ: another code"),
    # A listed registration one edit from another listed one: the exact one found, the neighbour sought too.
    Case("EP-MHM", "EP-MHJ", True, "a listed code one letter from the listed code sought"),
]
# Some words written as their initials, maybe with two letters swapped: found by the runs of initials.
ACRONYMS = [
    Case("Kumul PBS", "Kumul Municipality Public Security Bureau", True, "acronym, two letters swapped"),
    Case("Kumul MPSB", "Kumul Municipality Public Security Bureau", True, "acronym of four words"),
    Case("Kumull PBS", "Kumul Municipality Public Security Bureau", True, "the other word mistyped too"),
    Case("Acme PBS", "Kumul Municipality Public Security Bureau", False, "the initials alone: no support"),
    Case("PGPI", "PERSIAN GULF PETROCHEMICAL INDUSTRIES", False, "an acronym alone is not sought"),
]
# Names that share little with a listed name are not retrieved for it, whatever path.
UNRELATED = [
    Case("Acme Widget Traders", "PALESTINIAN AID COUNCIL", False, "nothing in common"),
    Case("Dinamo Sports Limited", "DINRIN LIMITED", False, "a legal form and a few letters in common"),
    Case("Speedy Bakery", "SPEED TRANSPORTATION LIMITED", False, "one word alike, the rest another business"),
]


@pytest.mark.parametrize(
    "case", DAMAGED + SHORT + ACRONYMS + UNRELATED, ids=ids(DAMAGED + SHORT + ACRONYMS + UNRELATED)
)
def test_candidates(index: NameIndex, case: Case) -> None:
    person = case.listed in {name for name, kind in OTHER_LISTED if kind == EntityKind.PERSON}
    found = retrieved_names(index, case.query, person)
    assert (case.listed.upper() in found) is case.retrieved, (case.why, sorted(found)[:10])


# Which query words stand for which listed words, read from the letters (what the scorer is handed for a
# name found by its whole-name keys): (query, listed, groups as "query words > listed words").
WORD_GROUPS = [
    ("palestnianaidcouncil", "palestinian aid council", {"0>0,1,2"}),
    ("speed trnasp ortation limited", "speed transportation limited", {"0>0", "1,2>1", "3>2"}),
    ("he lmisoedirdja", "helmi soedirdja", {"0,1>0,1"}),
    ("al darnai hamaz", "al darnavi hamza", {"0>0", "1>1", "2>2"}),
]


@pytest.mark.parametrize(("query", "listed", "groups"), WORD_GROUPS)
def test_word_groups(query: str, listed: str, groups: set[str]) -> None:
    pairs = word_pairs(query.split(), listed.split(), edit_cost=1.5)
    got = {",".join(map(str, p.query)) + ">" + ",".join(map(str, p.listed)) for p in pairs}
    assert got == groups
    assert all(0.0 < p.similarity <= 1.0 for p in pairs)


def test_whole_name_candidates_carry_their_word_pairs(index: NameIndex) -> None:
    found = index.candidates(normalise_name("PALESTNIANAIDCOUNCIL"), FLOOR)
    listed = [i for i in found.ids if index.names[i].text == "PALESTINIAN AID COUNCIL"]
    assert listed and found.pairs[listed[0]], "the scorer gets the words aligned"
    (pair,) = found.pairs[listed[0]]
    assert pair.query == (0,) and pair.listed == (0, 1, 2)


def test_compact_forms_ignore_spacing_and_legal_forms() -> None:
    a = normalise_name("Palestinian Aid Council Ltd")
    b = normalise_name("PALESTINIANAID COUNCIL")
    assert compact_forms(a.tokens, a.minor, a.written)[0] == compact_forms(b.tokens, b.minor, b.written)[0]


def test_whole_name_search_is_bounded() -> None:
    config = RetrievalConfig()
    names = [(f"trading{k:05d}", f"trading{k:05d}") for k in range(3000)]
    keys = CompactIndex(names, config)
    # Thousands of names share every 4-gram of the query: none is kept as a key, nothing is verified.
    assert (
        len(keys.search(("tradingco", "tradingco")))
        <= config.max_short_candidates + config.max_fuzzy_candidates
    )
    # A pasted blob is not sought at all.
    assert keys.search(("x" * 10_000, "x" * 10_000)) == []
    # One edit of a short form is found; the forms read back as indexed.
    assert (1.0, 7) in keys.search(keys.forms(7))


def test_name_of_legal_form_words_only_is_still_sought() -> None:
    """`YK` and `and` are both minor words (a Finnish legal form, a function word): such a listed code is
    found by its whole-name keys, and an empty name still finds nothing."""
    entries = [
        Entry(id="t:1", list="t", kind=EntityKind.AIRCRAFT, name="YK-AND"),
        Entry(id="t:2", list="t", kind=EntityKind.ORGANISATION, name="Global Trading Ltd"),
    ]
    info = SourceInfo(list="t", path="mem", format="test", entries=len(entries), aliases=0, content_hash="x")
    screener = Screener([LoadedList(source=info, entries=tuple(entries))])
    assert screener.candidate_ids("Yk-And") == ["t:1"]
    assert screener.is_hit(screener.screen("Yk-And"))
    assert screener.candidate_ids("") == []
    assert not screener.is_hit(screener.screen("Ltd"))


def test_listed_names_are_columns_that_read_back_and_pickle(index: NameIndex) -> None:
    """The index holds its listed names as columns (decision 0107): reading one gives its entry, text, side
    and kind; names with the same tokens written the same way share one side, whose words are the same
    string objects as every other side's; a pickled index (what a compiled snapshot holds) retrieves what
    the original does."""
    import pickle

    names = index.names
    assert len(names) == len(names.texts) == len(names.sides) == len(names.entries) == len(names.persons)
    by_tokens: dict[tuple[tuple[str, ...], tuple[bool, ...], tuple[str, ...]], object] = {}
    words: dict[str, str] = {}
    for i in range(len(names)):
        name = names[i]
        entry = index.entries[name.entry]
        written = entry.names()
        assert name.text in written or any(name.text in derived_names(n) for n in written)
        assert name.person == (entry.kind == EntityKind.PERSON)
        key = (name.side.tokens, name.side.minor, name.side.raw)
        assert by_tokens.setdefault(key, name.side) is name.side
        # The side's words as written are this name's own (`Co., Ltd.` / `Co., Limited` share no side).
        assert name.side.raw == normalise_name(name.text).raw
        for word in name.side.tokens:
            assert words.setdefault(word, word) is word
    assert len(by_tokens) < len(names)  # aliases repeated across entries share their side
    restored = pickle.loads(pickle.dumps(index, protocol=5))
    for query in ("PALESTNIANAIDCOUNCIL", "Huawei Technologies", "KIM YOMG CHOL"):
        assert retrieved_names(restored, query) == retrieved_names(index, query)


def test_listed_words_carry_their_neighbours_from_the_build() -> None:
    """Every listed word's fuzzy neighbours are worked out when the index is built (decision 0110): a
    query word that is a listed word reads them from a table, as an organisation's word and as a
    person's (nicknames), and the tables travel with a pickled index."""
    import pickle

    entries = [
        Entry(id="t:0", list="test", kind=EntityKind.ORGANISATION, name="HIKVISION DIGITAL TECHNOLOGY"),
        Entry(id="t:1", list="test", kind=EntityKind.ORGANISATION, name="HIKVISON TRADING"),
        Entry(id="t:2", list="test", kind=EntityKind.PERSON, name="GATES, Bill"),
        Entry(id="t:3", list="test", kind=EntityKind.PERSON, name="WILLIAM SMITH"),
    ]
    index = NameIndex(entries)
    assert "hikvison" in dict(index.neighbours_of("hikvision"))
    assert "hikvision" in dict(index.neighbours_of("hikvison"))
    assert "bill" in dict(index.neighbours_of("william", person=True))
    assert "bill" not in dict(index.neighbours_of("william"))
    assert "digital" not in index.neighbours  # a word whose only match is itself is not stored

    def found(idx: NameIndex, query: str, person: bool = False) -> set[str]:
        return {
            idx.entries[idx.names[i].entry].id
            for i in idx.candidates(normalise_name(query), FLOOR, person).ids
        }

    assert {"t:0", "t:1"} <= found(index, "Hikvision")
    assert "t:2" in found(index, "William Gates", person=True)
    restored = pickle.loads(pickle.dumps(index, protocol=5))
    assert restored.neighbours == index.neighbours
    assert restored.person_neighbours == index.person_neighbours
    assert found(restored, "Hikvision") == found(index, "Hikvision")


def test_dense_estimates_equal_the_dict_path_and_leave_no_trace() -> None:
    """The dense estimate (queries of common words) reuses per-thread work arrays cleared where each query
    wrote: it ranks what the dict path ranks, the same numbers, whatever queries ran before it (one that
    finds nothing, one that stops early) and in whatever order."""
    adjectives = ["Golden", "Silver", "Crimson", "Azure", "Emerald", "Ivory"]
    nouns = [
        "Dragon",
        "Phoenix",
        "Falcon",
        "Harbor",
        "Summit",
        "Meadow",
        "Orchid",
        "Anchor",
        "Beacon",
        "Canyon",
    ]
    entries = [
        Entry(id=f"t:{a}{n}", list="test", kind=EntityKind.ORGANISATION, name=f"{a} {n} Trading")
        for a in adjectives
        for n in nouns
    ]
    sparse = NameIndex(entries)
    dense = NameIndex(
        entries, stats=sparse.stats, config=MatchConfig(retrieval=RetrievalConfig(dense_postings=0))
    )
    queries = [
        "Golden Dragon Trading",
        "Golden Dragon",
        "Crimson Falcon Trade",
        "Emerald Orchid Ltd",
        "Nothing",
    ]
    for order in (queries, queries[::-1], queries):
        for query in order:
            form = normalise_name(query)
            assert dense.estimates(form, FLOOR).ranked == sparse.estimates(form, FLOOR).ranked
    assert dense.estimates(normalise_name("Golden Dragon Trading"), FLOOR).ranked  # the dense path ran


def test_dense_estimates_from_few_postings_in_a_large_index_equal_the_dict_path() -> None:
    """Among thousands of names, the few ids a query's rarest tokens hold are taken from those postings
    rather than by a pass over every name: the same names and numbers as the dict path, and nothing left
    behind for the next query (the small index above takes the pass)."""
    letters = "bcdfghjklmnpqrstvwxz"
    fillers = [
        "".join(letters[(i // 20**p) % 20] for p in range(4)).capitalize() + "ova Mining" for i in range(2400)
    ]
    entries = [
        Entry(id=f"t:{k}", list="test", kind=EntityKind.ORGANISATION, name=name)
        for k, name in enumerate(
            [
                "Golden Dragon Trading",
                "Golden Dragon Shipping",
                "Golden Phoenix Trading",
                "Silver Dragon Trading",
                "Crimson Falcon Trading",
                "Emerald Orchid Trading",
                *fillers,
            ]
        )
    ]
    sparse = NameIndex(entries)
    dense = NameIndex(
        entries, stats=sparse.stats, config=MatchConfig(retrieval=RetrievalConfig(dense_postings=0))
    )
    queries = [
        "Golden Dragon Trading",
        "Golden Dragon Trading Golden Dragon",
        "Silver Dragon",
        "Crimson Falcon Trade",
        "Bbbbova Mining",
        "Nothing",
    ]
    ranked = []
    for order in (queries, queries[::-1], queries):
        for query in order:
            form = normalise_name(query)
            found = dense.estimates(form, FLOOR).ranked
            assert found == sparse.estimates(form, FLOOR).ranked
            ranked.append(found)
    # Each name once, best first, and the same answers however the queries were ordered.
    assert all(len({name_id for _, name_id in found}) == len(found) for found in ranked)
    best = dense.estimates(normalise_name("Golden Dragon Trading"), FLOOR).ranked[0]
    assert best[0] >= 0.99 and dense.names[best[1]].entry == 0
    assert ranked[: len(queries)] == ranked[2 * len(queries) :]


def test_dense_estimates_kept_only_are_the_first_of_the_full_ranking() -> None:
    """`candidates` keeps the best `max_candidates` estimates, or every one that may be exact when there
    are more: asked for those only (`kept_only`), the dense path gives exactly the first of its full
    ranking, every possibly exact name included, and `candidates` the same names as the dict path."""
    cities = ["Lagos", "Accra", "Dakar", "Tunis", "Cairo", "Rabat", "Luanda", "Harare", "Lusaka", "Maputo"]
    names = [
        *(["Golden Dragon Lagos"] * 4),
        *(f"Golden Dragon Trading {city}" for city in cities),
        *(f"Golden Dragon {city}" for city in cities),
        *(f"{city} Trading" for city in cities * 3),
    ]
    entries = [
        Entry(id=f"t:{k}", list="test", kind=EntityKind.ORGANISATION, name=name)
        for k, name in enumerate(names)
    ]
    sparse = NameIndex(entries, config=MatchConfig(retrieval=RetrievalConfig(max_candidates=3)))
    dense = NameIndex(
        entries,
        stats=sparse.stats,
        config=MatchConfig(retrieval=RetrievalConfig(dense_postings=0, max_candidates=3)),
    )
    form = normalise_name("Golden Dragon Lagos")
    full = dense.estimates(form, FLOOR).ranked
    kept = dense.estimates(form, FLOOR, kept_only=True).ranked
    exact = sum(1 for estimate, _ in full if estimate >= 0.99)
    assert exact == 5 and len(full) > exact
    assert kept == full[:exact]
    assert dense.candidates(form, FLOOR).ids == sparse.candidates(form, FLOOR).ids == [i for _, i in kept]
    # Fewer possibly exact names than the cap: the cap's worth.
    few = normalise_name("Golden Dragon Accra")
    full = dense.estimates(few, FLOOR).ranked
    assert sum(1 for estimate, _ in full if estimate >= 0.99) == 1 and len(full) > 3
    assert dense.estimates(few, FLOOR, kept_only=True).ranked == full[:3]


def test_dense_estimates_of_a_word_with_several_listed_spellings_equal_the_dict_path() -> None:
    """A mistyped query word may be several listed spellings, some equally similar: the dense path writes
    the spellings of one similarity at once, in rising order of similarity, and each name keeps its best,
    as the dict path does (the same names and numbers)."""
    spellings = ["Harbor", "Harbour", "Harbar", "Harber", "Harbir"]
    names = [f"{s} {tail}" for s in spellings for tail in ["Logistics", "Shipping", "Logistics Shipping"]]
    # Names holding two of the spellings: each must end with the better one's similarity.
    names += [f"{a} {b} Logistics" for a in spellings for b in spellings if a < b]
    entries = [
        Entry(id=f"t:{k}", list="test", kind=EntityKind.ORGANISATION, name=name)
        for k, name in enumerate(names)
    ]
    sparse = NameIndex(entries)
    dense = NameIndex(
        entries, stats=sparse.stats, config=MatchConfig(retrieval=RetrievalConfig(dense_postings=0))
    )
    # (A low floor: the names holding two spellings explain only part of their weight with one word.)
    low = 0.3
    for query in ["Harbur Logistics", "Harbr Shipping", "Harbor Logistics", "Harbour Logistics Shipping"]:
        form = normalise_name(query)
        found = dense.estimates(form, low)
        assert found.ranked == sparse.estimates(form, low).ranked
        assert found.ranked
    two = dense.estimates(normalise_name("Harbur Logistics"), low).ranked
    assert any(name_id >= len(spellings) * 3 for _, name_id in two)  # a name holding two spellings
    similarities = set(dense.estimates(normalise_name("Harbur Logistics"), FLOOR).known[0].values())
    assert len(dense.estimates(normalise_name("Harbur Logistics"), FLOOR).known[0]) >= 3
    assert len(similarities) >= 2


def test_whole_name_keys_are_read_the_same_after_a_pickle() -> None:
    """The whole-name keys' code table is built on first use: an index pickled before its first query (a
    compiled snapshot) or after it finds the same names with the same similarities."""
    import pickle

    config = RetrievalConfig()
    texts = ["palestinianaidcouncil", "speedtransportation", "epmhj", "epmhm", "ykata", "dinrin"]
    keys = CompactIndex([(t, t) for t in texts], config)
    queries = [("palestnianaidcouncil", "palestnianaidcouncil"), ("epkhj", "epkhj"), ("yktaa", "yktaa")]
    fresh = pickle.loads(pickle.dumps(keys, protocol=5))
    before = [keys.search(q) for q in queries]
    assert [name_id for _, name_id in before[0]] == [0]
    assert {name_id for _, name_id in before[1]} == {2}
    assert [name_id for _, name_id in before[2]] == [4]
    used = pickle.loads(pickle.dumps(keys, protocol=5))
    assert [fresh.search(q) for q in queries] == before == [used.search(q) for q in queries]


def _trading_entries() -> list[Entry]:
    # Real-looking company names sharing common words (`Trading`, `Shipping`, `Group`, `Holdings`, `Marine`):
    # a rare word is read first, and the common ones, whose postings are long, are sought among the names
    # it found.
    rare = ["Hikvision", "Dahua", "Inspur", "Sugon", "Megvii", "Iflytek", "Zhongxing", "Hytera"]
    common = ["Trading", "Shipping", "Group", "Holdings", "Marine", "Logistics", "Industrial", "Energy"]
    names = [f"{place} {' '.join(common[: 2 + k % 5])}" for k, place in enumerate(rare)]
    names += [
        f"{a} {b} {c} {d}"
        for i, a in enumerate(common)
        for j, b in enumerate(common)
        for c in common[j + 1 :]
        for d in ("Company", "Partners", "Enterprise")
        if i < j
    ]
    return [
        Entry(id=f"t:{k}", list="test", kind=EntityKind.ORGANISATION, name=name)
        for k, name in enumerate(names)
    ]


@pytest.mark.parametrize(
    "query",
    [
        "Hikvision Trading Shipping",  # two lighter words: compared as strings
        "Hikvision Trading Shipping Group Holdings Marine",  # five: looked up in a dict
        "Sugon Trading Shipping Group Holdings",
        "Dahua Marine",
    ],
)
def test_lighter_words_add_the_same_however_many_are_sought(query: str) -> None:
    """The lighter words with long postings are sought in the words of each name found, by comparing
    strings when they are few and by a dict when many: either way each word found adds its weight, the
    names and estimates the dense path gives (which adds the same weights in another order, so the last
    bit may differ)."""
    entries = _trading_entries()
    sparse = NameIndex(entries)
    dense = NameIndex(
        entries, stats=sparse.stats, config=MatchConfig(retrieval=RetrievalConfig(dense_postings=0))
    )
    form = normalise_name(query)
    found = sparse.estimates(form, FLOOR).ranked
    expected = dense.estimates(form, FLOOR).ranked
    assert [name_id for _, name_id in found] == [name_id for _, name_id in expected]
    assert [estimate for estimate, _ in found] == pytest.approx(
        [estimate for estimate, _ in expected], rel=1e-12
    )
    assert found and sparse.names[found[0][1]].text.startswith(query.split()[0])


def test_estimates_are_the_same_from_a_snapshot_and_in_another_thread() -> None:
    """An index carries its per-name columns and a first thread's work lists (built with it, so a compiled
    snapshot holds them): a copy pickled before any query, one pickled after queries ran, and a second
    thread (which makes its own lists) all estimate what the original does, query after query."""
    import pickle
    import threading

    entries = _trading_entries()
    index = NameIndex(entries)
    queries = [
        "Hikvision Trading Shipping",
        "Nothing Here",
        "Trading Shipping Energy Partners",
        "Hytera Group",
    ]
    before = pickle.loads(pickle.dumps(index, protocol=5))
    expected = [index.estimates(normalise_name(q), FLOOR).ranked for q in queries]
    after = pickle.loads(pickle.dumps(index, protocol=5))
    assert [before.estimates(normalise_name(q), FLOOR).ranked for q in queries] == expected
    assert [after.estimates(normalise_name(q), FLOOR).ranked for q in queries] == expected
    other: list[list[tuple[float, int]]] = []
    worker = threading.Thread(
        target=lambda: other.extend(index.estimates(normalise_name(q), FLOOR).ranked for q in queries)
    )
    worker.start()
    worker.join()
    assert other == expected
    assert expected[0] and expected[2] and not expected[1]


def test_whole_name_keys_leave_out_forms_longer_than_a_length_byte() -> None:
    """Compact forms' lengths are held one byte each: with a configuration allowing longer forms, one of
    255 letters is still indexed and found, one of 256 is neither indexed nor sought (as any form longer
    than `max_compact_len` is), and the names beside them are found as before."""
    syllables = ["ka", "lo", "mi", "ne", "su", "ta", "vo", "ri", "pe", "zu", "ho", "ga"]
    text = "".join(syllables[(k * 7 + k // 12) % 12] for k in range(200))
    at_limit, over = text[:255], text[:256]
    keys = CompactIndex(
        [(at_limit, at_limit), (over, over), ("palestinianaidcouncil", "palestinianaidcouncil")],
        RetrievalConfig(max_compact_len=400),
    )
    assert keys.forms(1) == ("", "")
    assert (1.0, 0) in keys.search((at_limit, at_limit))
    assert all(name_id != 1 for _, name_id in keys.search((at_limit, at_limit)))
    assert keys.search((over, over)) == []
    assert [name_id for _, name_id in keys.search(("palestnianaidcouncil", "palestnianaidcouncil"))] == [2]


def test_postings_hold_each_name_in_rising_order() -> None:
    """A listed word's postings hold name ids in rising order, a name listing the word twice side by side
    (`matchers/joined_pairs.py` reads each name once by skipping the id just read)."""
    entries = [
        Entry(id=f"t:{k}", list="test", kind=EntityKind.ORGANISATION, name=name)
        for k, name in enumerate(
            [
                "China Shipbuilding China Shipbuilding Group",
                "China Merchants Group",
                "Shipbuilding China Holdings",
            ]
        )
    ]
    index = NameIndex(entries)
    for ids in index.postings.values():
        assert list(ids) == sorted(ids)
    assert list(index.postings["china"]).count(0) == 2
