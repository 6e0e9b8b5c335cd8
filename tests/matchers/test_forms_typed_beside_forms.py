"""One slip in a legal form the name's other forms stand beside (decision 0253: `Trade Lmiited Company`),
and a space skipped before a two-letter form after a long listed word (decision 0254: `NORTHWINDBANKAO`).
Made-up names of the lists' shapes; which words are read as forms, which stay, and what a screener finds."""

from __future__ import annotations

import pytest

from matchers import Screener
from matchers.glued_forms import LONG_REST_END_PAIR, cut_glued_form, read_glued_forms
from matchers.index import NameIndex
from matchers.models import EntityKind, Entry, LoadedList, SourceInfo
from matchers.normalise import INNER_FORM_MIN_LEN, normalise_name

LISTED = [
    "Ostrava Foreign Trade Limited Company",
    "Kestrel Marine Engineering Limited Corp",
    "Varna Shipping Company Limited",
    "NORTHWINDBANK AO",
    "TALVERGEO AG",
    "PAC TRADING LTD",
    "Global Compass Ltd",
    "CALL AO",
    "THOM AS",
]

pytestmark = pytest.mark.unit


def entries() -> list[Entry]:
    return [
        Entry(id=f"t:{k}", list="t", kind=EntityKind.ORGANISATION, name=name) for k, name in enumerate(LISTED)
    ]


@pytest.fixture(scope="module")
def index() -> NameIndex:
    return NameIndex(entries())


@pytest.fixture(scope="module")
def screener() -> Screener:
    source = SourceInfo(list="t", path="mem", format="test", entries=len(LISTED), aliases=0, content_hash="t")
    return Screener([LoadedList(source=source, entries=tuple(entries()))])


@pytest.mark.parametrize(
    ("query", "written_right"),
    [
        ("Ostrava Foreign Trade Lmiited Company", "Ostrava Foreign Trade Limited Company"),  # letters swapped
        ("Ostrava Foreign Trade KLimited Company", "Ostrava Foreign Trade Limited Company"),  # a key added
        ("Ostrava Foreign Trade Lomited Company", "Ostrava Foreign Trade Limited Company"),  # a neighbour key
        (
            "Kestrel Marine Engineering Limted Corp",
            "Kestrel Marine Engineering Limited Corp",
        ),  # a letter missed
        ("Varna Shipping Compnay Limited", "Varna Shipping Company Limited"),
        ("Varna Shipping Corporatoin Limited", "Varna Shipping Corporation Limited"),
    ],
)
def test_a_slip_in_the_form_before_the_last_form_is_the_form(query: str, written_right: str) -> None:
    read, right = normalise_name(query), normalise_name(written_right)
    assert (read.tokens, read.minor) == (right.tokens, right.minor)


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("PAC TRADING PACO LTD", "paco"),  # four letters: one edit from `pao`, and a name's word
        ("Global Incorporate Ltd", "incorporate"),  # a word English writes, one letter from a form
        ("Lmiited Company", "lmiited"),  # no word of the name before it: the name's ends are 0159's
        ("Ostrava Lmiited Trade Company", "lmiited"),  # not beside the forms that end the name
    ],
)
def test_other_words_before_a_form_stay_as_written(query: str, word: str) -> None:
    assert word in normalise_name(query).tokens


def test_only_long_words_are_read() -> None:
    assert INNER_FORM_MIN_LEN == 5
    # (`pasc` is one letter from `pjsc`: a 4-letter code beside a form stays a code.)
    assert "pasc" in normalise_name("Varna Shipping PASC Company").tokens


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Ostrava Foreign Trade Lmiited Company", "Ostrava Foreign Trade Limited Company"),
        ("Kestrel Marine Engineering Limted Corp", "Kestrel Marine Engineering Limited Corp"),
        ("NORTHWINDBANKAO", "NORTHWINDBANK AO"),
        ("TALVERGEOAG", "TALVERGEO AG"),
    ],
)
def test_the_screener_holds_the_listed_name(screener: Screener, query: str, listed: str) -> None:
    matches = screener.screen(query)
    assert matches and matches[0].name == listed
    assert matches[0].score >= screener.threshold


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("northwindbankao", ("northwindbank", "ao")),  # a space skipped before `AO`
        ("talvergeoag", ("talvergeo", "ag")),
    ],
)
def test_a_two_letter_form_after_a_long_listed_word_is_cut(
    index: NameIndex, word: str, parts: tuple[str, str]
) -> None:
    assert len(parts[0]) >= LONG_REST_END_PAIR
    assert cut_glued_form(word, index.postings) == parts


@pytest.mark.parametrize(
    "query",
    [
        "CALLAO",  # `call` is listed, but four letters before `ao` are a word's own (a port)
        "THOMAS",  # `thom` before `as`: a given name
        "TALVERGEOXY",  # no form at the end
    ],
)
def test_a_short_rest_before_two_letters_stays_whole(index: NameIndex, query: str) -> None:
    form = normalise_name(query)
    assert read_glued_forms(form, index.postings, index.deletes) is form
