"""Piece keys of the whole-name search (`matchers.fuzzy_keys`, decision 0256): a compact form cut into
`piece_edits + 1` pieces, each posted with the form's length and its place, finds every listed form at most
that many edits away (one per `piece_letters_per_edit` letters), however the edits are spread; they are asked
only when the 4-grams and the one-edit keys verified nothing, and what they add is bounded."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA, Levenshtein

from matchers import Screener
from matchers.config import DEFAULT_CONFIG, RetrievalConfig
from matchers.fuzzy_keys import CompactIndex, piece_codes, set_bits
from matchers.models import Entry, LoadedList, SourceInfo

# The piece keys alone: no one-edit keys of short forms, no 4-gram search that could verify a name first.
PIECES = replace(
    RetrievalConfig(),
    piece_edits=3,
    piece_core_only=False,
    max_short_compact=2,
    min_shared_grams=1000,
    max_piece_postings=10_000,
    piece_postings_budget=1_000_000,
    max_piece_candidates=1000,
)
FORMS = st.text(alphabet="abcdefgh", min_size=8, max_size=24)


def found(listed: list[str], query: str, config: RetrievalConfig = PIECES) -> dict[int, float]:
    keys = CompactIndex([(t, t) for t in listed], config)
    return {name_id: sim for sim, name_id in keys.search((query, query))}


def allowed(config: RetrievalConfig, listed: str) -> int:
    return min(config.piece_edits, len(listed) // config.piece_letters_per_edit)


@st.composite
def edited(draw: st.DrawFn) -> tuple[str, str]:
    """A listed form and a query up to three insertions, deletions or substitutions from it, anywhere."""
    listed = draw(FORMS)
    query = listed
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(query)))
        op = draw(st.sampled_from(("insert", "delete", "substitute")))
        letter = draw(st.sampled_from("xyz"))
        if op == "insert":
            query = query[:at] + letter + query[at:]
        elif at < len(query):
            query = query[:at] + (letter if op == "substitute" else "") + query[at + 1 :]
    return listed, query


@settings(max_examples=400, deadline=None)
@given(edited(), st.lists(FORMS, max_size=20))
def test_a_form_within_the_edits_is_found_however_they_are_spread(
    pair: tuple[str, str], others: list[str]
) -> None:
    """Every listed form within the edits allowed is found (a piece lies intact near its place), and
    nothing farther is kept."""
    listed, query = pair
    names = [listed, *others]
    got = found(names, query)
    for name_id, text in enumerate(names):
        if not 8 <= len(text) <= 24:
            continue
        if Levenshtein.distance(query, text) <= allowed(PIECES, text):
            assert name_id in got, (query, text)
    for name_id, sim in got.items():
        d = OSA.distance(query, names[name_id])
        assert d <= allowed(PIECES, names[name_id])
        assert sim == 1.0 - d / max(len(query), len(names[name_id]))


def test_typos_one_every_few_letters_leave_no_two_4grams_but_a_piece() -> None:
    """Three slips in fifteen letters, one every four, leave no 4-gram of the listed form: the 4-gram search
    cannot see it, the piece keys do."""
    listed, query = "northstarmarine", "norxhstxrmaxine"
    config = replace(RetrievalConfig(), piece_edits=3)
    assert found([listed, "southwindtrading"], query, config) == {0: 1.0 - 3 / 15}
    assert found([listed, "southwindtrading"], query, replace(config, piece_edits=0)) == {}


def test_more_edits_than_a_form_allows_are_not_kept() -> None:
    """Two edits in an eight-letter form are one per four letters: kept; three are not."""
    config = replace(RetrievalConfig(), piece_edits=3)
    assert found(["harbourx"], "hxrbxutx", config) == {}
    assert found(["harbourx"], "hxrboutx", config) == {0: 0.75}


def test_asked_only_when_the_4grams_verified_nothing() -> None:
    """A name the 4-grams verify is all the search gives: the piece keys add nothing beside it."""
    config = replace(RetrievalConfig(), piece_edits=3)
    listed = ["goldenriverholdings", "goldnerivrehodlings"]
    assert set(found(listed, "goldenriverholding", config)) == {0}


def test_names_added_are_bounded_and_closest_first() -> None:
    """At most `max_piece_candidates` names, the closest first."""
    config = replace(PIECES, max_piece_candidates=2)
    listed = ["abcdefghij", "abcdefghix", "abcdefgxyx", "abcdexyzyx"]
    keys = CompactIndex([(t, t) for t in listed], config)
    ranked = keys.search(("abcdefghij", "abcdefghij"))
    assert [name_id for _, name_id in ranked] == [0, 1]


def test_a_piece_many_forms_share_is_not_read() -> None:
    """A piece more forms share than `max_piece_postings` is not kept: a form found only by it is lost."""
    listed = [f"aaaa{c}{d}bbbb" for c in "cdefgh" for d in "cdefgh"]
    common = replace(PIECES, piece_edits=1, max_piece_postings=5)
    # Cut in two pieces: `aaaa` + `xy` and `xy` + `bbbb`; the query keeps only the common first piece.
    assert found(listed, "aaaazzqqqq", common) == {}


def test_query_keys_are_few() -> None:
    """A query of 16 letters looks up a few dozen piece keys whatever its letters."""
    assert len(piece_codes(b"abcdefghijklmnop", 3, 4, 8, 24)) <= 50
    assert piece_codes(b"abc", 3, 4, 8, 24) == set()


def test_a_second_looser_gram_search_reads_what_the_first_would_not_verify() -> None:
    """Decision 0257 (off by default): a name holding three of thirteen 4-grams read (under a quarter) is
    not verified by the first search; the second, asked because the first verified nothing, keeps names
    holding a tenth and finds it."""
    query = "abcdefghijklmnop"
    listed = ["abcdexghiykzmnop", "cdefghijklqqqqqq", "qqqqqqjklmnoqqqq"]
    off = replace(RetrievalConfig(), max_short_compact=3)
    assert found(listed, query, off) == {}
    assert found(listed, query, replace(off, loose_gram_budget=1500)) == {0: 1.0 - 6 / 32}


def test_a_written_form_other_than_the_core_is_checked_too() -> None:
    """A name's written form is checked when it is not its core form (`nordlichtgmbh` beside `nordlicht`):
    a query three slips from the written form only is found by it, and a name whose two forms are one is
    found once."""
    config = replace(PIECES, piece_letters_per_edit=4)
    keys = CompactIndex([("nordlicht", "nordlichtgmbh"), ("harbourline", "harbourline")], config)
    assert {name_id for _, name_id in keys.search(("nxrdlichtgmxh", "nxrdlichtgmxh"))} == {0}
    assert keys.search(("harboxrline", "harboxrline")) == [(1.0 - 1 / 11, 1)]


def test_the_core_form_alone_when_so_configured() -> None:
    """With `piece_core_only` the query's written form (its legal form added) is not sought: a name only it
    comes near is not found."""
    config = replace(PIECES, piece_letters_per_edit=4)
    listed = [("westfieldgmbh", "westfieldgmbh")]
    query = ("wexfield", "wexfieldgmbh")
    assert {name_id for _, name_id in CompactIndex(listed, config).search(query)} == {0}
    assert CompactIndex(listed, replace(config, piece_core_only=True)).search(query) == []


@given(st.integers(0, 0xFFFFFFFF))
def test_set_bits_counted_by_table(mask: int) -> None:
    """The byte table counts a 32-bit letter mask's bits as `int.bit_count` does."""
    assert set_bits(mask) == mask.bit_count()


@given(st.lists(FORMS, min_size=1, max_size=30), FORMS)
def test_runs_found_by_binary_search_are_the_tables(listed: list[str], query: str) -> None:
    """`find` (a binary search, what the piece keys read by) gives the runs `runs` (a table built on first
    use) does: each key's run of names, the rarest first, keys absent left out."""
    keys = CompactIndex([(t, t) for t in listed], RetrievalConfig())
    codes = {int.from_bytes(query[k : k + 4].encode(), "big") for k in range(len(query) - 3)}
    codes |= {0, 0xFFFFFFFF}
    assert keys.grams.find(codes) == keys.grams.runs(codes)
    assert keys.grams.find(set()) == []


def _screener(**retrieval: object) -> Screener:
    """Three listed companies, the piece keys on at two edits (the gate and the core form as configured), the
    4-gram and one-edit keys off: what is found beside the words is the piece keys'."""
    changed = {"piece_edits": 2, "min_shared_grams": 1000, "max_short_compact": 2, **retrieval}
    config = replace(DEFAULT_CONFIG, retrieval=replace(DEFAULT_CONFIG.retrieval, **changed))
    names = ("KORVALINE TRADING", "BELMONTE SHIPPING", "ASTRAVEL LOGISTICS")
    entries = tuple(Entry(id=f"t:{k}", list="t", name=name) for k, name in enumerate(names))
    info = SourceInfo(list="t", path="test", format="test", entries=len(entries), aliases=0, content_hash="t")
    return Screener([LoadedList(source=info, entries=entries)], config=config)


def test_asked_beside_a_word_some_listed_word_is_near() -> None:
    """Decision 0263: a damaged word beside a listed one is sought by pieces (`KXRVALXNE TRADING`); a name
    that is one damaged word, as most ordinary companies are one word no list holds and a form, is sought
    only with the gate off."""
    gated = _screener()
    assert gated.candidate_ids("KXRVALXNE TRADING") == ["t:0"]
    assert gated.candidate_ids("KXRVALXNETRADING") == []
    assert _screener(piece_beside_known=False).candidate_ids("KXRVALXNETRADING") == ["t:0"]
    # (Found by its pieces: the listed word beside it finds nothing on its own.)
    assert _screener(piece_edits=0).candidate_ids("KXRVALXNE TRADING") == []
