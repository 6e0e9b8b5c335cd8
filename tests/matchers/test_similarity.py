"""Token similarity: typos and transliteration variants align, different short names do not."""

from typing import NamedTuple

import pytest
from rapidfuzz.distance import OSA

from matchers import DEFAULT_THRESHOLD
from matchers.config import DEFAULT_CONFIG
from matchers.normalise import normalise_name
from matchers.similarity import (
    abjad_similarity,
    consonant_key,
    fat_finger,
    skeleton,
    sound,
    token_similarity,
    typed_edit,
    typing_cost,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("hikvision", "hikvison"),  # a dropped letter in a long token
        ("technology", "technolgy"),
        ("kumul", "qumul"),  # one sound, two spellings
        ("aksu", "aqsu"),
        ("mohammed", "muhammad"),
        ("ali", "aly"),
        ("petrov", "petrow"),
    ],
)
def test_variants_align(a: str, b: str) -> None:
    assert token_similarity(a, b) >= 0.7


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("john", "jane"),
        ("hami", "altay"),
        ("lanzhou", "urumqi"),
        ("ali", "alo"),  # short and not the same sound
        ("123", "124"),  # numbers must be equal
        ("tumushuke", "shihezi"),
    ],
)
def test_different_tokens_do_not_align(a: str, b: str) -> None:
    assert token_similarity(a, b) == 0.0


def test_initials_only_for_people() -> None:
    assert token_similarity("j", "john", person=True) > 0
    assert token_similarity("j", "john", person=False) == 0


# Case tables of the errors and spellings issue 10's error model names (bench/errors.py), on real listed
# names. Rows assert whether two tokens align and by which key, never the exact similarity, so that
# tuning does not break them. To add a case, add a row to the table it belongs to.


class Pair(NamedTuple):
    written: str
    listed: str
    why: str


def pair_ids(rows: list[Pair]) -> list[str]:
    return [f"{r.written} | {r.listed}" for r in rows]


KEYBOARD_TYPOS = [
    Pair("hikvisiom", "hikvision", "m for n, the next key"),
    Pair("technoligy", "technology", "i for o, the next key"),
    Pair("rosoboronexpirt", "rosoboronexport", "i for o in a long word"),
    Pair("flowmetet", "flowmeter", "t for r"),
    Pair("sevensyar", "sevenstar", "y for t"),
    Pair("megbii", "megvii", "b for v"),
    Pair("dshua", "dahua", "s for a in a five-letter word"),
]

TRANSPOSITIONS = [
    Pair("hikvisoin", "hikvision", "two letters swapped"),
    Pair("sevenstra", "sevenstar", "last two swapped"),
    Pair("iflyetk", "iflytek", "two letters swapped in a brand"),
    Pair("huaewi", "huawei", "two vowels swapped"),
    Pair("mevgii", "megvii", "consonants swapped"),
]


# A slip (two neighbours swapped, a letter doubled or dropped from a double) costs less than another edit
# of the same length: `Trnasoil` is `Transoil` more surely than `Trinsoil` is.
SLIPS = [
    Pair(
        "trnasoil",
        "transoil",
        "two neighbours swapped",
    ),
    Pair("atrrilor", "atrilor", "a letter doubled"),
    Pair("jetborne", "jettborne", "a double typed once more"),
    Pair("accotesg", "accotest", "a key struck for its neighbour"),
]


@pytest.mark.parametrize("row", SLIPS, ids=pair_ids(SLIPS))
def test_a_slip_costs_less_than_another_edit(row: Pair) -> None:
    other = row.written.replace(row.written[2], "q", 1)  # one substitution, same length
    assert token_similarity(row.written, row.listed) > token_similarity(other, row.listed), row.why


# Two slips in one long word: each priced as a slip, not as two edits of any kind (`similarity.typing_cost`).
TWO_SLIPS = [
    Pair("nimobiluim", "inmobilium", "two pairs of neighbours swapped (a split word rejoined)"),
    Pair("spaceedsat", "spacesat", "a letter doubled and a key struck beside it"),
    Pair("cpongrses", "congress", "a key struck beside its neighbour and a double typed once"),
]


@pytest.mark.parametrize("row", TWO_SLIPS, ids=pair_ids(TWO_SLIPS))
def test_two_slips_cost_less_than_two_other_edits(row: Pair) -> None:
    edits = OSA.distance(row.written, row.listed)
    assert edits == 2, row.why
    others = 1.0 - DEFAULT_CONFIG.similarity.edit_cost * edits / max(len(row.written), len(row.listed))
    assert token_similarity(row.written, row.listed) > others, row.why
    assert token_similarity(row.written, row.listed) >= DEFAULT_CONFIG.similarity.min_token, row.why


def test_typing_cost_prices_each_edit_by_its_kind() -> None:
    assert typing_cost("trnasoil", "transoil", 1.0, 1.5) == 1.0  # a swap
    assert typing_cost("trinsoil", "transoil", 1.0, 1.5) == 1.5  # `i` is no neighbour of `a`
    assert typing_cost("atrrilor", "atrilor", 1.0, 1.5) == 1.0  # a letter doubled
    assert typing_cost("jetborne", "jettborne", 1.0, 1.5) == 1.0  # a double typed once
    assert typing_cost("nimobiluim", "inmobilium", 1.0, 1.5) == 2.0
    assert typing_cost("abc", "abc", 1.0, 1.5) == 0.0


# A letter added beside a key it neighbours: two keys struck at once (`similarity.fat_finger`).
FAT_FINGERS = [
    Pair("sdedoy", "sedoy", "`d` beside `s` and `e`"),
    Pair("alrfa", "alfa", "`r` beside `f`"),
    Pair("cnoloc", "cnooc", "`l` beside `o`"),
]


@pytest.mark.parametrize("row", FAT_FINGERS, ids=pair_ids(FAT_FINGERS))
def test_a_key_struck_with_its_neighbour_is_a_fat_finger(row: Pair) -> None:
    assert fat_finger(row.written, row.listed), row.why
    assert not fat_finger(row.listed, row.written)  # the added letter is on the written side


def test_a_letter_added_far_from_its_neighbours_is_no_fat_finger() -> None:
    assert not fat_finger("youxin", "yuxin")  # `o` is beside neither `y` nor `u`
    assert not fat_finger("sedqoy", "sedoy")  # `q` is far from `d` and `o`
    assert not fat_finger("sedoy", "sedoy")
    assert not fat_finger("sdedpoy", "sedoy")  # two letters added


# One edit typing makes (`similarity.typed_edit`): a slip, a key struck with its neighbour, a key missed.
TYPED_EDITS = [
    Pair("dhua", "dahua", "a key missed"),
    Pair("trnasoil", "transoil", "two neighbouring letters swapped"),
    Pair("sdedoy", "sedoy", "a key struck with its neighbour"),
    Pair("atrrilor", "atrilor", "a letter doubled"),
]


@pytest.mark.parametrize("row", TYPED_EDITS, ids=pair_ids(TYPED_EDITS))
def test_an_edit_typing_makes_is_a_typed_edit(row: Pair) -> None:
    assert typed_edit(row.written, row.listed), row.why


def test_edits_typing_seldom_makes_are_no_typed_edit() -> None:
    assert not typed_edit("eason", "cason")  # `e` and `c` are far apart on the keyboard
    assert not typed_edit("youxin", "yuxin")  # a letter added beside no neighbour
    assert not typed_edit("dua", "dahua")  # two keys missed
    assert not typed_edit("dahua", "dahua")


def test_a_letter_far_on_the_keyboard_is_no_slip() -> None:
    assert token_similarity("accotesg", "accotest") > token_similarity("accotesp", "accotest")


def test_words_with_digits_keep_their_numbers() -> None:
    assert token_similarity("cheapxshop4you", "cheapshop4you") > 0.0  # a letter typo around the number
    assert token_similarity("cheapshop5you", "cheapshop4you") == 0.0  # another number
    assert token_similarity("7618", "7619") == 0.0  # hull numbers one digit apart are two vessels
    assert token_similarity("ab4", "ac4") == 0.0  # too few letters to tell a typo from another code


@pytest.mark.parametrize(
    "row", KEYBOARD_TYPOS + TRANSPOSITIONS, ids=pair_ids(KEYBOARD_TYPOS + TRANSPOSITIONS)
)
def test_one_slip_of_the_hand_aligns(row: Pair) -> None:
    similarity = token_similarity(row.written, row.listed)
    assert 0.0 < similarity < 1.0, row.why
    assert token_similarity(row.listed, row.written) == similarity  # either side may carry the slip


def test_one_edit_weighs_less_in_a_shorter_word() -> None:
    """One edit in five letters is a fifth of the word; in nine letters, a ninth."""
    assert token_similarity("dshua", "dahua") < token_similarity("hikvisiom", "hikvision")
    assert token_similarity("hikvisiom", "hikvision") < token_similarity("rosoboronexpirt", "rosoboronexport")


OCR_CONFUSIONS = [
    Pair("gazprornbank", "gazprombank", "rn read for m"),
    Pair("muhammacl", "muhammad", "cl read for d"),
    Pair("aimaz", "almaz", "i read for l"),
    Pair("kaiashnikov", "kalashnikov", "i read for l in a long word"),
    Pair("rnin", "min", "rn read for m in a short word"),
    Pair("clon", "don", "cl read for d in a short word"),
    Pair("iena", "lena", "1 read as i for l in a short word"),
]

SHORT_MISPRINTS = OCR_CONFUSIONS[4:]


@pytest.mark.parametrize("row", SHORT_MISPRINTS, ids=pair_ids(SHORT_MISPRINTS))
def test_a_short_misprint_is_as_sure_as_a_skeleton(row: Pair) -> None:
    # A typist does not make these: unlike a short typo (`kin`/`kim`), a misprint alone may reach a hit.
    assert token_similarity(row.written, row.listed) >= DEFAULT_THRESHOLD, row.why


@pytest.mark.parametrize("row", OCR_CONFUSIONS, ids=pair_ids(OCR_CONFUSIONS))
def test_ocr_confusions_align(row: Pair) -> None:
    assert token_similarity(row.written, row.listed) > 0.0, row.why


@pytest.mark.parametrize("row", OCR_CONFUSIONS[:3], ids=pair_ids(OCR_CONFUSIONS[:3]))
def test_ocr_confusions_share_a_skeleton(row: Pair) -> None:
    assert skeleton(row.written) == skeleton(row.listed), row.why


TRANSLITERATIONS = [
    Pair("dzhulio", "julio", "Russian dzh for j"),
    Pair("evgeniia", "yevgeniya", "two romanisations of Евгения"),
    Pair("cvetkov", "tsvetkov", "ts or c for ц"),
    Pair("schukin", "shchukin", "shch or sch for щ"),
    Pair("tehnopromeksport", "tekhnopromeksport", "h or kh for х"),
    Pair("hodorkovsky", "khodorkovsky", "h or kh at the start"),
    Pair("iurii", "yuri", "iu or yu for ю"),
    Pair("alexandr", "aleksandr", "x or ks"),
    Pair("altai", "altay", "i or y"),
]


@pytest.mark.parametrize("row", TRANSLITERATIONS, ids=pair_ids(TRANSLITERATIONS))
def test_transliterations_share_a_skeleton(row: Pair) -> None:
    assert skeleton(row.written) == skeleton(row.listed), row.why
    assert token_similarity(row.written, row.listed) > 0.0


SOUNDS = [
    Pair("stefen", "stephen", "ph sounds f"),
    Pair("filips", "philips", "ph sounds f at the start"),
    Pair("qumul", "kumul", "q sounds k"),
    Pair("smyth", "smith", "y sounds i"),
]


@pytest.mark.parametrize("row", SOUNDS, ids=pair_ids(SOUNDS))
def test_same_sound_aligns(row: Pair) -> None:
    assert sound(row.written) == sound(row.listed), row.why
    assert token_similarity(row.written, row.listed) > 0.0


DIFFERENT = [
    Pair("kin", "kim", "three letters: one edit is another name"),
    Pair("zta", "zte", "a three-letter code"),
    Pair("gazpromneft", "gazprom", "another company that starts the same"),
    Pair("thompson", "tomson", "two edits: too far apart"),
]


@pytest.mark.parametrize("row", DIFFERENT, ids=pair_ids(DIFFERENT))
def test_different_names_do_not_align(row: Pair) -> None:
    assert token_similarity(row.written, row.listed) == 0.0, row.why


ABJAD = [
    Pair("محمد", "mohamed", "short vowels are not written in Arabic"),
    Pair("حماس", "hamas", "a listed organisation"),
    Pair("حسن", "hassan", "a doubled consonant written once"),
    Pair("خالد", "khalid", "kh for خ"),
    Pair("عمر", "omar", "ain carries no Latin letter"),
    Pair("أسامة", "usama", "ta marbuta read as a"),
    Pair("شتيكل", "stickel", "a European name in Arabic script"),
]


@pytest.mark.parametrize("row", ABJAD, ids=pair_ids(ABJAD))
def test_abjad_names_align_by_consonants(row: Pair) -> None:
    form = normalise_name(row.written)
    assert form.abjad and len(form.tokens) == 1
    (token,) = form.tokens
    assert consonant_key(token) == consonant_key(row.listed), row.why
    assert abjad_similarity(token, row.listed) > 0.0


@pytest.mark.parametrize(
    "row",
    [
        Pair("محمد", "ahmad", "one consonant more: Muhammad is not Ahmad"),
        Pair("حسن", "hamas", "other consonants"),
    ],
    ids=["محمد | ahmad", "حسن | hamas"],
)
def test_abjad_names_with_other_consonants_do_not_align(row: Pair) -> None:
    (token,) = normalise_name(row.written).tokens
    assert abjad_similarity(token, row.listed) == 0.0, row.why
