"""Han words spelt from the syllable table built from ICU, as rigour's `ascii_text` spells them (decision
0534; `python -m bench.han_check` compares the whole block), and every other word left to ICU."""

from collections.abc import Iterator

import pytest
from rigour.text.translit import ascii_text

from matchers import han_letters, han_table
from matchers.translit import to_ascii

# Real names of the lists and of Chinese registers, with the characters ICU spells by their neighbour
# (`重庆`, `沈阳`, `藏文`, `秘鲁`), the same characters without it (`沈忠`, `藏`), traditional and simplified
# forms, a CJK compatibility ideograph (`豈`, U+F900) and a character ICU has no reading for (`㐂`).
HAN = [
    ("深圳市大疆创新科技有限公司", "shen zhen shi da jiang chuang xin ke ji you xian gong si"),
    ("商湯集團有限公司", "shang tang ji tuan you xian gong si"),
    ("旷视科技有限公司", "kuang shi ke ji you xian gong si"),
    ("曙光信息产业股份有限公司", "shu guang xin xi chan ye gu fen you xian gong si"),
    ("朝鲜联合机械贸易会社", "chao xian lian he ji xie mao yi hui she"),
    ("沈忠國際海運有限公司", "shen zhong guo ji hai yun you xian gong si"),
    ("長安海連技術有限公司", "zhang an hai lian ji shu you xian gong si"),
    ("華信船務", "hua xin chuan wu"),
    ("重庆市", "chong qing shi"),
    ("重", "zhong"),
    ("沈阳", "shen yang"),
    ("西藏文化", "xi zang wen hua"),
    ("藏", "cang"),
    ("秘鲁", "bi lu"),
    ("秘", "mi"),
    ("習近平", "xi jin ping"),
    ("金铁三", "jin tie san"),
    ("豈", "qi"),
    ("㐂", "?"),
    ("㐂北", "? bei"),
]

# Words the table does not spell: ICU takes them.
NOT_HAN = [
    "北京ひ",  # kana after the characters (`bei jinghi`: no space before a letter of another script)
    "々",  # an iteration mark: a Han letter, not an ideograph (`々々` is `??`, without a space)
    "北々",
    "〇",  # a Han number
    "北京ABC",  # Latin letters
    "北京\u3000公司",  # an ideographic space
    "Иванов",
    "",
]


@pytest.fixture(scope="module")
def built() -> han_table.HanTable:
    table = han_table.build()
    assert table is not None, f"no table for ICU {han_table.icu_version()}"
    return table


@pytest.fixture
def table(built: han_table.HanTable) -> Iterator[han_table.HanTable]:
    """The table primed as a snapshot primes it, for one test."""
    han_letters.prime(built[1], built[2], built[3], built[4])
    yield built
    han_letters.prime(0, b"", [""], {})


@pytest.mark.parametrize(("word", "spelt"), HAN)
def test_han_words_are_spelt_as_rigour_spells_them(table: han_table.HanTable, word: str, spelt: str) -> None:
    assert han_letters.han_ascii(word) == spelt
    assert ascii_text(word).lower() == spelt
    assert to_ascii(word) == spelt


@pytest.mark.parametrize("word", NOT_HAN)
def test_words_with_any_other_character_are_left_to_icu(table: han_table.HanTable, word: str) -> None:
    assert han_letters.han_ascii(word) is None


def test_table_holds_the_context_rules_icu_has(table: han_table.HanTable) -> None:
    assert table[0] in han_table.PROVEN_ICU_VERSIONS
    assert table[4] == {"藏文": "zang", "重庆": "chong", "沈阳": "shen", "秘鲁": "bi"}


@pytest.mark.parametrize(
    "text",
    ["北京 公司", "华为技术有限公司 (深圳)", "中国石油天然气集团 Sinopec", "深圳市大疆创新科技有限公司"],
)
def test_names_transliterate_as_before(table: han_table.HanTable, text: str) -> None:
    """Whole names go through `to_ascii` (cut at spaces, decision 0141) to the same letters as rigour's."""
    assert to_ascii(text) == ascii_text(text).lower()


def test_unprimed_table_leaves_every_word_to_icu() -> None:
    assert not han_letters.primed()
    assert han_letters.han_ascii("北京") is None
    assert to_ascii("北京") == "bei jing"


def test_rules_of_another_shape_build_no_table() -> None:
    assert han_table.context_pairs("::Han-Spacedhan();\n[北] > běi;\n{重}' '?庆 > chóng;") == [("重", "庆")]
    assert han_table.context_pairs("::Han-Spacedhan();\n[北] > běi;\n北京 > běijīng;") is None
    assert han_table.context_pairs("[北] > běi;") is None
