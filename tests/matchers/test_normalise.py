"""Normalisation: the same party written the way invoices, lists and foreign scripts write it."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchers.normalise import NameForm, fold, normalise_name, unglue, words_apart
from matchers.transcription import script_of


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Xiamen Meiya Pico Information Co. Ltd.", "xiamen meiya pico information co ltd"),
        ("People?s Government", "peoples government"),
        ("People’s Government", "peoples government"),
        ("AT&T", "att"),
        ("M.T.T. Ltda.", "mtt ltda"),
        ("  SENSE   TIME  ", "sense time"),
        ("Газпром", "gazprom"),
        ("ООО Ромашка", "ooo romashka"),
        # Dotted initials are one word; a dot after a word (the common case, read without the pattern:
        # decision 0546) or between words is a space.
        ("A.B. Holdings", "ab holdings"),
        ("Co., Ltd.", "co ltd"),
        ("J. Smith & Sons", "j smith and sons"),
        ("ab.cd", "ab cd"),
        ("x.y", "xy"),
        ("E.ON", "e on"),
        ("No.5 Factory", "no 5 factory"),
        ("Www.Example.Com Ltd", "www example com ltd"),
        ("DEC.V.", "de cv"),
        ("Ö.Ä. GmbH", "oa gmbh"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # Legal forms are rewritten to one generic form.
        ("Dahua Technology Co., Ltd.", "Dahua Technology Company Limited"),
        ("Dahua Technology CO LTD", "DAHUA TECHNOLOGY CO., LTD"),
        ("Romashka LLC", "OOO Romashka"),
        ("Rostec JSC", "AO Rostec"),
        # Abbreviations and plurals.
        ("Megvii Tech", "Megvii Technology"),
        ("Yitu Technologies", "Yitu Technology"),
        ("Acme Intl Corp", "ACME International Corporation"),
        ("Yixin Sci & Tech", "Yixin Science and Technology"),
        # Vessel prefixes and honorifics carry no identity.
        ("M/V OCEAN STAR", "Ocean Star"),
        ("Mr. John Smith", "John Smith"),
    ],
)
def test_same_key(a: str, b: str) -> None:
    fa, fb = normalise_name(a), normalise_name(b)
    assert fa.core_tokens() == fb.core_tokens()


def test_legal_forms_are_tagged() -> None:
    form = normalise_name("Hikvision Co., Ltd.")
    assert form.core_tokens() == ("hikvision",)
    assert form.tokens[1:] == ("company", "llc")


def test_chinese_characters_become_pinyin_syllables() -> None:
    assert normalise_name("大华").tokens == ("da", "hua")


# The words that carry identity once a real name is normalised, and why. To add a case, add a row.
CORE_TOKENS = [
    ("ASCOTEC MINERAL AND MACHINERY GmbH", ("ascotec", "mineral", "machinery"), "German form, function word"),
    ("Ascotec Mineral & Machinery GMBH", ("ascotec", "mineral", "machinery"), "& read as and"),
    ("ООО Дельфин Алабуга", ("delfin", "alabuga"), "Cyrillic, leading Russian form"),
    ("Aktsionernoe Obshchestvo Rosoboroneksport", ("rosoboroneksport",), "Russian form written out"),
    ("PJSC Gazprom Neft", ("gazprom", "neft"), "public joint-stock form leading"),
    ("Sea Star Shipping S.A.", ("sea", "star", "shipping"), "dotted form"),
    ("华为技术有限公司", ("hua", "wei", "technology"), "Chinese company words translated, the rest pinyin"),
    ("김정은", ("gim", "jeong", "eun"), "Hangul romanised syllable by syllable"),
    ("Mr. KIM Jong Un", ("kim", "jong", "un"), "honorific dropped"),
    ("Kashgar PSB", ("kashgar", "public", "security", "bureau"), "an invoice acronym expanded"),
    ("Hikvision (Hong Kong) Limited", ("hikvision", "hong", "kong"), "brackets are spacing"),
    ("TechCamel Private Limited", ("techcamel",), "`Private Limited` is one legal form"),
    ("Rohtas Enterprises Pvt Ltd", ("rohta", "enterprise"), "`Pvt Ltd` is one legal form"),
    ("香港开理实业有限公司", ("hong", "kong", "kai", "li", "industry"), "香港 is Hong Kong, not pinyin"),
    ("PTL Ltd", ("ptl",), "a name beside a legal form is not a mistyped second one"),
    ("XXX DIAMONDSPTY LTD", ("xxx", "diamond"), "a legal form (`Pty`) run into the word before it"),
    ("Empty Vessel", ("empty", "vessel"), "a word of English ending like a legal form stays whole"),
    ("广信造船重工有限公司", ("guang", "xin", "shipbuilding", "heavy", "industry"), "造船: shipbuilding"),
    (
        "北京航星机械制造总公司",
        ("bei", "jing", "hang", "xing", "machinery", "manufacturing"),
        "总公司: a corporation",
    ),
    ("GAZPROMBANK JOKINT STOCK COMPANY", ("gazprombank",), "a typo inside a legal form of three words"),
    ("JO INT STOCKCOMPANY 103 ARSENAL", ("103", "arsenal"), "a legal form split and run together"),
    ("OBSHCGESTVO SOGRANICHENNOI OTVETSTVENNOSTYU VEGA", ("vega",), "a Russian legal form mistyped"),
    ("Point Stock Company", ("point", "stock"), "a real word beside a form is not its typo"),
    (
        "JOINT SSTOCK COMMERCIAL BANK NOVIKOMBANK",
        ("novikombank",),
        "a letter doubled inside the four-word form of Russian banks",
    ),
    (
        "图木舒克市公安局",
        ("tu", "mu", "shu", "ke", "municipal", "public", "security", "bureau"),
        "市 before 公安局 is a municipal bureau",
    ),
    ("Sertal-Llc Otkrytoe Aktsionernoe Obshchestvo", ("sertal",), "an LLC beside the phrase stays a form"),
    ("BIOESPORT S.A. DEC.V.", ("bioesport",), "`de` typed onto the dotted initials after it"),
    ("EXPORTACIONES DEL SUR, S. DER.L. DE C.V.", ("exportacione", "sur"), "the same before `R.L.`"),
    ("LAMB.S.A. TRADING", ("lamb", "trading"), "a word of a name before dotted initials is no function word"),
    ("GAZPROMBANKJOINT STOCK COMPANY", ("gazprombank",), "a legal phrase's first word typed onto the name"),
    ("INNOVATION HUBLIMITED LIABILITY COMPANY", ("innovation", "hub"), "the same, three letters left"),
    ("REPUBLIC JOINT STOCK COMPANY", ("republic",), "an English word ending in `public` stays whole"),
    ("HUBLIMITED TRADING", ("hublimited", "trading"), "no phrase follows: nothing says it is one"),
]


@pytest.mark.parametrize(("written", "core", "why"), CORE_TOKENS, ids=[row[0] for row in CORE_TOKENS])
def test_core_tokens(written: str, core: tuple[str, ...], why: str) -> None:
    assert normalise_name(written).core_tokens() == core, why


@pytest.mark.parametrize(
    "name",
    [
        "Acme Trading Co., Ltd.",
        "Huawei",
        "Общество с ограниченной ответственностью Ромашка",
        "허버트",
        "حزب الله",
    ],
)
def test_a_name_form_is_the_named_tuple_its_constructor_builds(name: str) -> None:
    """Normalisation builds its `NameForm` without the named tuple's Python `__new__`: the same object."""
    form = normalise_name(name)
    assert type(form) is NameForm
    assert form == NameForm(*form)
    assert form.script == script_of(name)


@settings(max_examples=2000, deadline=None)
@given(
    st.text(alphabet=st.sampled_from([*"abcxyz019 .,-&'/_\t\nAZ", "é", "\u00a0", "ß", "\u2019"]), max_size=24)
)
def test_words_apart_makes_what_the_pattern_makes(text: str) -> None:
    """The translation-table path of `words_apart` gives the regular expression's string, ASCII or not."""
    assert words_apart(text) == re.sub(r"[^a-z0-9]+", " ", text).strip()


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        # A legal-form word typed onto its neighbour, after or before it, or a Russian form leading it; the
        # patterns are asked only of words ending or beginning as one of their forms does (decision 0546).
        ("investmentlimited", ("investment", "limited")),
        ("limitedliability", ("limited", "liability")),
        ("openjoint", ("open", "joint")),
        ("foreksooo", ("foreks", "ooo")),
        ("romashkaltd", ("romashka", "ltd")),
        ("companytrans", ("company", "trans")),
        ("paotransneft", ("pao", "transneft")),
        ("zaoalfa", ("zao", "alfa")),
        ("ohshchestvofintender", ("obshchestvo", "fintender")),
        # Words English has, a city, too short a name, no form at an end: whole.
        ("unlimited", ("unlimited",)),
        ("accompany", ("accompany",)),
        ("openness", ("openness",)),
        ("zaozhuang", ("zaozhuang",)),
        ("ooorom", ("ooorom",)),
        ("hublimited", ("hublimited",)),
        ("limitedx", ("limitedx",)),
        ("trading", ("trading",)),
    ],
)
def test_unglue(word: str, parts: tuple[str, ...]) -> None:
    assert unglue(word) == parts


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        # A digit OCR or a hurried typist put for a letter is read as the letter; numbers and codes stay.
        ("0RANGE Ltd", "orange ltd"),
        ("Kev1n Smith", "kevin smith"),
        ("KAFOLAT8ANK", "kafolatbank"),
        ("No 5 Factory", "no 5 factory"),
        ("7618", "7618"),
        ("A1 Group", "a1 group"),
        ("B2B", "b2b"),
        ("", ""),
    ],
)
def test_fold_reads_letters_typed_as_digits(text: str, folded: str) -> None:
    assert fold(text) == folded
