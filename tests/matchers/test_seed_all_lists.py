"""The seed article's parties against every list in ../shared/lists loaded together (not the built-in list
alone): every name and alias the article gives, bare distinctive names, one-typo forms and acronym forms."""

from __future__ import annotations

from pathlib import Path

import pytest

from matchers import Screener

LISTS = Path(__file__).resolve().parents[2] / ".." / "shared" / "lists"

ARTICLE_NAMES = [
    "Aksu District Public Security Bureau",
    "Aqsu District Public Security Bureau",
    "Altay Municipality Public Security Bureau",
    "Bayingolin Mongolian Autonomous Prefecture Public Security Bureau",
    "Boertala Mongolian Autonomous Prefecture Public Security Bureau",
    "Bortala Mongolian Autonomous Prefecture Public Security Bureau",
    "Changji Hui Autonomous Prefecture Public Security Bureau",
    "Dahua Technology",
    "Hami Municipality Public Security Bureau",
    "Kumul Municipality Public Security Bureau",
    "Qumul Municipality Public Security Bureau",
    "Hetian Prefecture Public Security Bureau",
    "Hikvision",
    "Kashgar Prefecture Public Security Bureau",
    "Kelamayi Municipality Public Security Bureau",
    "Kezilesu Kyrgyz Autonomous Prefecture Public Security Bureau",
    "Kizilsu Autonomous Prefecture Public Security Bureau",
    "Megvii Technology",
    "Sense Time",
    "Shihezi Municipality Public Security Bureau",
    "Tacheng Prefecture Public Security Bureau",
    "Tumushuke Municipal Public Security Bureau",
    "Tumxuk Municipal Public Security Bureau",
    "Turfan Municipality Public Security Bureau",
    "Turpan Municipality Public Security Bureau",
    "Urumqi Municipal Public Security Bureau",
    "Wujiaqu Municipality Public Security Bureau",
    "Xiamen Meiya Pico Information Co. Ltd.",
    "Xinjiang Police College",
    "Xinjiang Production and Construction Corps (XPCC) Public Security Bureau",
    "Xinjiang Uighur Autonomous Region (XUAR) People’s Government Public Security Bureau",
    "Yili Kazakh Autonomous Prefecture Public Security Bureau",
    "Ili Kazakh Autonomous Prefecture Public Security Bureau",
    "Yitu Technologies",
    "Yixin Science and Technology Co. Ltd.",
    "Yixin Technology",
    "Yuxin Technology",
    "Yuxin Science and Technology",
    "Ecguard",
    "Hangzhou Hikvision Digital Technology Co.",
    "Zhejiang Dahua Technology Co.",
    "SenseTime Group",
    "iFlytek",
]
BARE_NAMES = [
    "Megvii",
    "Yitu",
    "Dahua",
    "SenseTime",
    "Kumul PSB",
    "Qumul PSB",
    "Kumul City PSB",
]
ONE_TYPO = [
    "Hikvison",
    "Megvii Tecnology",
    "Sense Tine",
    "Dahua Technolgy",
    "Yitu Technolgies",
    "Kumul Municipalty Public Security Bureau",
    "Qumul Municipality Public Securty Bureau",
    "Xiamen Meiya Pico Informaton Co. Ltd.",
    "Altay Muncipality Public Security Bureau",
    "Urumqi Municipal Pubic Security Bureau",
    "Xinjiang Police Colege",
    "Yixin Scince and Technology Co. Ltd.",
    "Turpan Municpality Public Security Bureau",
    "Tumxuk Municipal Public Securiy Bureau",
    "Hetian Prefecture Public Security Bureu",
    "Bortala Mongolian Autonomus Prefecture Public Security Bureau",
    "Yili Kazak Autonomous Prefecture Public Security Bureau",
    "Yuxin Tehnology",
    # A bare brand with a letter undoubled or two letters swapped.
    "Megvi",
    "Dahau",
    # Cyrillic, romanised `rosteh`; the brand writes the `тех` of technology `tec`.
    "Ростех",
]
ACRONYM_FORMS = [
    "XUAR People's Government Public Security Bureau",
    "XPCC Public Security Bureau",
    "Qumul Municipal PSB",
    # The acronym typed with two letters swapped, retrieved by the listed name's initials.
    "Kumul PBS",
    "Qumul PBS",
]


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.from_paths([LISTS])


@pytest.mark.parametrize("name", ARTICLE_NAMES + BARE_NAMES + ONE_TYPO + ACRONYM_FORMS)
def test_seed_spelling_hits_against_all_lists(screener: Screener, name: str) -> None:
    matches = screener.screen(name)
    assert screener.is_hit(matches), (name, [(m.matched, m.score) for m in matches[:3]])
    # Explainable as ever: the listed spelling matched and the aligned tokens.
    assert matches[0].explanation["aligned"]
