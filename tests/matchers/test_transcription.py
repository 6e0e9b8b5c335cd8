"""Cross-script names by sound (`matchers/transcription.py`): a Latin name against its transcription in
Hangul, katakana, Chinese characters, Hebrew, Arabic or Cyrillic. Rows are real name pairs (public
transliteration data and the lists); they assert whether two names match and by which rule, never the
exact similarity, so tuning does not break them. To add a case, add a row to its table."""

from __future__ import annotations

import pytest

from matchers.compare import compare
from matchers.config import DEFAULT_CONFIG
from matchers.normalise import normalise_name
from matchers.transcription import (
    LATIN,
    TRANSCRIPTION,
    alignment_cost,
    key_text,
    phonetic_key,
    script_of,
    transcription_similarity,
)

# (Latin, native): one name, two scripts.
SAME = [
    ("Herbert", "허버트"),  # Korean adds `-eu` after a final consonant and drops the `r`s
    ("Winterbottom", "윈터보텀"),
    ("Nathan", "ネイサン"),  # katakana has no `th`
    ("Sidonie Mattingly", "シドニー・マッティングリー"),
    ("Sampler", "サンプラー"),
    ("Niall Atta", "尼爾·阿塔"),  # Chinese phonetic characters, one syllable per character
    ("Christopher", "克里斯托弗"),
    ("Gaffney", "גפני"),  # Hebrew writes no short vowels
    ("Spies", "Шпис"),
    ("Faisal", "فيصل"),
    ("Haugwitz", "هاوجفيتس"),
    ("SHAMSUDDIN", "شمس الدین"),  # two Arabic words, the second with the article, as one Latin word
    ("NASIRUDDIN HAQQANI", "نصیر الدین حقانی"),
]

# (Latin, native): two names, whatever the first letters share.
DIFFERENT = [
    ("Herbert", "허준"),
    ("Nathan", "ナカムラ"),
    ("Niall", "尼古拉"),
    ("Gaffney", "גולדמן"),
    ("Spies", "Шапиро"),
    ("Faisal", "فريد"),
    ("Gumpert", "Гиноварт"),
]


@pytest.mark.parametrize(("latin", "native"), SAME)
def test_a_transcription_matches_its_latin_name(latin: str, native: str) -> None:
    c = compare(latin, native, "person")
    assert c.match, c.explanation


@pytest.mark.parametrize(("latin", "native"), DIFFERENT)
def test_another_name_in_another_script_does_not(latin: str, native: str) -> None:
    assert not compare(latin, native, "person").match


def test_the_explanation_names_the_rule_and_both_skeletons() -> None:
    aligned = compare("Herbert", "허버트", "person").explanation["aligned"]
    (pair,) = [a for a in aligned if a.get("rule") == TRANSCRIPTION]
    assert pair["keys"] == [
        key_text(phonetic_key("herbert")),
        key_text(phonetic_key("heo-beo-teu", "hangul")),
    ]


def test_two_latin_names_are_never_compared_by_sound() -> None:
    """`Herbert` / `Hubert` sound alike but are two spellings of two names, judged letter by letter."""
    aligned = compare("Herbert", "Heobeoteu", "person").explanation["aligned"]
    assert all(a.get("rule") != TRANSCRIPTION for a in aligned)


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("Herbert", LATIN),
        ("Mravíková", LATIN),
        ("허버트", "hangul"),
        ("シドニー・マッティングリー", "kana"),
        ("山田太郎", "han"),
        ("גפני", "hebrew"),
        ("فيصل", "arabic"),
        ("Шпис", "cyrillic"),
    ],
)
def test_the_script_a_name_was_written_in(text: str, script: str) -> None:
    assert script_of(text) == script
    assert normalise_name(text).script == script


def test_syllables_of_one_written_word_are_heard_as_one() -> None:
    form = normalise_name("尼爾·阿塔")
    assert form.raw == ("ni", "er", "a", "ta")
    assert form.words == ((0, 1), (2, 3))
    assert normalise_name("Niall Atta").words == ()


@pytest.mark.parametrize(
    ("latin", "romanised", "script"),
    [
        ("kimjongun", "gimjeongeun", "hangul"),  # Revised Romanisation's `g`, `eo`
        ("weizman", "faytsman", "arabic"),  # `ts` for `z`, `f` for `w`
        ("cisneros", "thysnyrws", "arabic"),  # Spanish `c` heard as `th`
    ],
)
def test_romanisation_conventions_sound_alike(latin: str, romanised: str, script: str) -> None:
    assert transcription_similarity(latin, romanised, script) > 0.0


def test_a_one_consonant_word_must_sound_the_same() -> None:
    assert transcription_similarity("ohl", "ol", "cyrillic") > 0.0
    assert transcription_similarity("ohl", "om", "cyrillic") == 0.0


COSTS = DEFAULT_CONFIG.transcription


@pytest.mark.parametrize(
    ("a", "b", "cost"),
    [
        ("b", "p", COSTS.voice_cost),  # told apart by voice only, either way round
        ("p", "b", COSTS.voice_cost),
        ("S", "Z", COSTS.voice_cost),  # `sh` / `zh`
        ("b", "v", COSTS.near_cost),  # the same place, another manner
        ("l", "r", COSTS.near_cost),
        ("b", "k", 1.0),
        ("a", "e", COSTS.vowel_mismatch),
        ("h", "a", COSTS.weak_cost),  # a weak sound for a vowel
        ("bpv", "f", COSTS.voice_cost),  # a symbol of several sounds costs its cheapest reading: `v` / `f`
        ("bp", "fk", COSTS.near_cost),  # `p` / `f`
        ("t", "t", 0.0),
    ],
)
def test_one_symbol_read_as_another_costs_its_cheapest_reading(a: str, b: str, cost: float) -> None:
    assert alignment_cost((a,), (b,)) == pytest.approx(cost)
