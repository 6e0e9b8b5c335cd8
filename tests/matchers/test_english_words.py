"""wordfreq's English table and `zipf_frequency` without wordfreq on the screening path: the same values."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import wordfreq

from matchers import compiled, english_words
from matchers.lists import BUILTIN_LIST
from matchers.screener import DEFAULT_THRESHOLD, Screener
from tests.support.python_probe import run_probe


@pytest.fixture
def fresh_table() -> Iterator[None]:
    """Each test starts with no table in memory and leaves wordfreq's own for the tests after it."""
    english_words.reset()
    yield
    english_words.reset()


def test_the_table_is_wordfreqs_own(fresh_table: None) -> None:
    assert english_words.frequencies() is wordfreq.get_frequency_dict("en", "best")


def test_zipf_frequency_is_wordfreqs_for_every_plain_word_of_the_table() -> None:
    table = english_words.frequencies()
    plain = [w for w in table if w.isascii() and w.isalpha() and w.islower()]
    assert len(plain) > 100_000
    differ = [w for w in plain if english_words.zipf_frequency(w, "en") != wordfreq.zipf_frequency(w, "en")]
    assert differ == []


@pytest.mark.parametrize(
    "word",
    [
        "zzqxv",
        "hikvision",
        "megvii",
        "a",
        "technology",
        "the",
        "Technology",
        "3d",
        "co2",
        "o'neil",
        "naïve",
        "tech-nology",
        "",
        "北京",
        "ÅBO",
    ],
)
def test_zipf_frequency_of_other_words_is_wordfreqs(word: str) -> None:
    for minimum in (0.0, 1.5):
        assert english_words.zipf_frequency(word, "en", minimum=minimum) == wordfreq.zipf_frequency(
            word, "en", minimum=minimum
        )
    assert english_words.zipf_frequency(word, "de") == wordfreq.zipf_frequency(word, "de")


def test_the_stored_form_answers_every_word_as_wordfreqs_table(fresh_table: None) -> None:
    original = wordfreq.get_frequency_dict("en", "best")
    stored = english_words.stored()
    assert stored is not None and len(stored[0]) > 100
    english_words.reset()
    assert english_words.prime(stored) and english_words.loaded()
    assert all(english_words.frequency(word) == frequency for word, frequency in original.items())
    for absent in ("", "zzqxvw", "\uffff", "hikvisionx", "a" * 40):
        assert absent not in original and english_words.frequency(absent) is None
    sample = [w for w in list(original)[::50] if w.isascii() and w.isalpha() and w.islower()]
    assert all(english_words.zipf_frequency(w, "en") == wordfreq.zipf_frequency(w, "en") for w in sample)


@pytest.mark.parametrize(
    "stored",
    [
        None,
        {"a": 1.0},
        [(0.5, "a")],
        ((0.5,), "a"),
        ((1,), "a", b"\0\0"),
        ((0.5,), "a\nb", b"\0\0"),
        ((0.5,), ["a"], b"\0\0"),
    ],
)
def test_prime_refuses_what_stored_does_not_make(fresh_table: None, stored: object) -> None:
    assert not english_words.prime(stored)
    assert not english_words.loaded()
    assert english_words.frequencies() is wordfreq.get_frequency_dict("en", "best")


def test_prime_keeps_a_table_already_loaded(fresh_table: None) -> None:
    loaded = english_words.frequencies()
    assert english_words.prime(((0.5,), "onlyword", b"\0\0"))
    assert english_words.frequencies() is loaded and english_words.frequency("onlyword") is None


_PROBE = """
import json, sys
from pathlib import Path
from matchers import compiled, english_words
from matchers.screener import Screener
screener = compiled.read(Path(sys.argv[1]), key=sys.argv[2], expect=Screener)
records = [m.to_record() for m in screener.screen("Huawei Technologies Co., Ltd.", country="CN")]
print(json.dumps({"wordfreq": "wordfreq" in sys.modules, "loaded": english_words.loaded(),
                  "technology": english_words.frequencies().get("technology"), "records": records}))
"""


def test_a_snapshot_carries_the_table_and_screens_without_wordfreq(tmp_path: Path) -> None:
    paths = [str(BUILTIN_LIST)]
    screener = Screener.from_paths(paths)
    key = compiled.cache_key(paths, DEFAULT_THRESHOLD)
    target = compiled.cache_file(tmp_path, paths, DEFAULT_THRESHOLD)
    compiled.write(screener, target, key=key, tables=compiled.engine_tables())
    probe, _ = run_probe(_PROBE, str(target), key)
    expected = [m.to_record() for m in screener.screen("Huawei Technologies Co., Ltd.", country="CN")]
    assert probe == {
        "wordfreq": False,
        "loaded": True,
        "technology": wordfreq.get_frequency_dict("en", "best")["technology"],
        "records": expected,
    }


def test_every_word_lies_between_the_starts_of_its_first_two_letters(fresh_table: None) -> None:
    stored = english_words.stored()
    assert stored is not None
    words = stored[1].split(english_words.SEPARATOR)
    starts = english_words.bucket_starts(words)
    assert len(starts) == 26 * 26 + 1 and starts == sorted(starts)
    letters = "abcdefghijklmnopqrstuvwxyz"
    paired = 0
    for at, word in enumerate(words):
        if len(word) >= 2 and word[0] in letters and word[1] in letters:
            k = letters.index(word[0]) * 26 + letters.index(word[1])
            assert starts[k] <= at < starts[k + 1], word
            paired += 1
    assert paired > 200_000
    # Words in no bucket (one letter, an apostrophe, a digit, an accent) are found by the whole search.
    english_words.reset()
    assert english_words.prime(stored)
    for word in ("a", "i", "o'neil", "3d", "naïve", "zz", "zzz", "aa"):
        assert english_words.frequency(word) == wordfreq.get_frequency_dict("en", "best").get(word), word
