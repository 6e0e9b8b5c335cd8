"""Engine steps added for data-entry errors, as case tables of real name spellings: OCR digits, legal
forms with a typo, one edit in a short token, and the bound on what a pasted blob costs."""

from __future__ import annotations

import pytest

from matchers.normalise import MAX_NAME_WORDS, legal_spelling, normalise_name
from matchers.similarity import token_similarity


@pytest.mark.parametrize(
    ("written", "tokens"),
    [
        ("0RANGE VOLUNTEERS", ("orange", "volunteers")),
        ("KAFOLAT8ANK", ("kafolatbank",)),
        ("Kev1n Chen", ("kevin", "chen")),
        # Numbers stay numbers: vessel names, hull numbers, codes with more digits than letters.
        ("FU YUAN YU 7618", ("fu", "yuan", "yu", "7618")),
        ("NORD STREAM 2 AG", ("nord", "stream", "2", "ag")),
        ("T80 Service", ("t80", "service")),
    ],
)
def test_ocr_digits(written: str, tokens: tuple[str, ...]) -> None:
    assert normalise_name(written).raw[: len(tokens)] == tokens


@pytest.mark.parametrize(
    ("word", "read_as"),
    [
        ("lgd", "ltd"),
        ("gbmh", "gmbh"),
        ("limmited", "limited"),
        ("pmjsc", "pjsc"),
        # A letter of a three-letter form doubled: a slip, unlike another letter added (`inca`).
        ("ppao", "pao"),
        ("ltdd", "ltd"),
        # Keys struck beside a short form's letters (`CO LGRTD`, `NMZ OWAO`, `VTB CAPITAL HOLDING DCJSC`).
        ("lgrtd", "ltd"),
        ("owao", "oao"),
        ("okjsc", "ojsc"),
        # ... not other letters, and not past the form's first and last letters.
        ("incas", "incas"),
        ("lated", "lated"),
        ("altd", "altd"),
        # Words of their own are never taken for a mistyped form.
        ("corps", "corps"),
        ("inca", "inca"),
        ("ltd", "ltd"),
    ],
)
def test_legal_spelling(word: str, read_as: str) -> None:
    assert legal_spelling(word) == read_as


def test_mistyped_legal_form_is_minor() -> None:
    form = normalise_name("ASCOTEC MINERAL AND MACHINERY GBMH")
    assert form.minor == normalise_name("ASCOTEC MINERAL AND MACHINERY GMBH").minor


@pytest.mark.parametrize(
    ("a", "b", "matches"),
    [
        ("yomg", "yong", True),  # Kim Yomg Chol
        ("krim", "karim", True),
        ("naser", "nasser", True),
        ("hama", "hamad", True),
        # Another first letter, or two edits: another name.
        ("nsb", "nab", False),
        ("imt", "mit", False),
        ("yong", "yang", True),
        # Respellings hold between spoken words, not codes.
        ("aly", "ali", True),
        ("npk", "npc", False),
    ],
)
def test_one_edit_in_short_tokens(a: str, b: str, matches: bool) -> None:
    assert (token_similarity(a, b) > 0.0) is matches


def test_skeleton_needs_comparable_lengths() -> None:
    assert token_similarity("a" * 300, "yaya") == 0.0


def test_repeated_words_are_bounded() -> None:
    assert normalise_name("trading " * 10000).tokens == ("trading",)
    many = " ".join(f"word{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}x" for i in range(500))
    assert len(normalise_name(many).tokens) == MAX_NAME_WORDS


@pytest.mark.parametrize(
    ("written", "raw"),
    [
        # A Russian legal form of three letters typed onto the name it leads.
        ("PAOTRANSNEFT", ("pao", "transneft")),
        ("ZAOALFA", ("zao", "alfa")),
        ("OOOROMASHKA", ("ooo", "romashka")),
        ("OAOIntegral", ("oao", "integral")),
        # Not before a pinyin syllable, nor before fewer than four letters.
        ("Zaozhuang Mining", ("zaozhuang", "mining")),
        ("Paolo Rossi", ("paolo", "rossi")),
    ],
)
def test_glued_russian_forms(written: str, raw: tuple[str, ...]) -> None:
    assert normalise_name(written).raw == raw


def test_damaged_state_enterprise_form_is_repaired() -> None:
    damaged = "FDERALNOE GOSUDARSTVENNOE UNKTARNOE PREDPRIYATIE NAUCHNO PROIZVODSTVENNOE OBEDINENIE OPTIKW"
    intact = "FEDERALNOE GOSUDARSTVENNOE UNITARNOE PREDPRIYATIE NAUCHNO PROIZVODSTVENNOE OBEDINENIE OPTIKA"
    assert normalise_name(damaged).tokens[1:5] == normalise_name(intact).tokens[1:5]
    # A short word before a long phrase is a name, not part of the form.
    assert normalise_name("NSG, OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU").tokens == ("nsg", "llc")


@pytest.mark.parametrize(
    ("written", "same_as"),
    [
        # A long legal-form word with a typo glued before or after the name.
        ("AKTSIONERNOE OHSHCHESTVOFINTENDER", "AKTSIONERNOE OBSHCHESTVO FINTENDER"),
        ("NOVIKOMBANKAKTSIONERNOE OBSHCHESTVO", "NOVIKOMBANK AKTSIONERNOE OBSHCHESTVO"),
        ("LIMITED LIABILITY COMPANNYAURUS", "LIMITED LIABILITY COMPANY AURUS"),
        # A legal phrase with stacked typos, a split word with a typo, a typo in its first word.
        ("EXCELLENCE LITMD LIABILITY COMPANY", "EXCELLENCE LIMITED LIABILITY COMPANY"),
        ("Aktsionernoe Obshces fyvo Institut Stroiproekt", "Aktsionernoe Obshchestvo Institut Stroiproekt"),
        ("OTTKRYT OE AKTSIONERNOE OBSHCHESTVO SBERBANK ROSSII", "OAO SBERBANK ROSSII"),
        ("KHOLDING VTB KAPITAL ZAORYTOE AKTSIONERNOE OBSHCHESTVO", "KHOLDING VTB KAPITAL ZAO"),
        ("JJointtock Company Polimer", "Joint Stock Company Polimer"),
        # A name before the phrase stays a name.
        ("GAZ-OIL OPEN JOINT STOCK COMPANY", "GAZ OIL OJSC"),
    ],
)
def test_damaged_legal_forms_read_as_forms(written: str, same_as: str) -> None:
    assert normalise_name(written).tokens == normalise_name(same_as).tokens
