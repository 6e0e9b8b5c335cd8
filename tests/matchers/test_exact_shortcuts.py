"""Shortcuts that skip work without changing an answer (decisions 0194-0196): phonetic keys read from the
longest spelling a letter begins and from a table of vowel qualities, phrase abbreviations searched for once
before they are substituted, legal-phrase starts not compared where lengths rule them out. Each table row is
a real spelling with what the engine gave for it before the shortcut (main at 4020454); a shortcut that
changed an answer fails its row."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from matchers.normalise import fold, normalise_name
from matchers.similarity import may_be_one_edit
from matchers.transcription import LATIN, key_text, phonetic_key
from matchers.vocabulary import PHRASE_ABBREVIATIONS

# (token as romanised, script, its skeleton): clusters of three and four letters (`tsch`, `shch`), vowel
# runs of one to four letters, and the scripts that write vowels loosely (Korean, Japanese, pinyin).
KEYS = [
    ("schwarzkopf", LATIN, "S[wv]ar[zs]kopf"),
    ("tschaikowsky", LATIN, "tS[ae]ko[wv]ske"),
    ("shchukin", LATIN, "Soken"),
    ("aaliyah", LATIN, "aleyah"),
    ("queiroz", LATIN, "kwero[zs]"),
    ("yeoung", LATIN, "y[eo]ng"),
    ("heo-beo-teu", "hangul", "h[aeo][bpv][aeo]t[aeo]"),
    ("ge-o-reu-gi", "hangul", "[gk]eo[rl][aeo][gk]e"),
    ("ma-kku-su", "kana", "mak[aeo]s[aeo]"),
    ("ke-li-si-tuo-fu", "han", "[kg][aeo][lr]ese[td]o[fv]o"),
    ("muhammad", "arabic", "m[aeo]h[aeo]m[aeo]d"),
    ("dzhugashvili", "cyrillic", "jogaS[vw]ele"),
]


@pytest.mark.parametrize(("token", "script", "key"), KEYS)
def test_a_phonetic_key_is_the_one_it_was(token: str, script: str, key: str) -> None:
    assert key_text(phonetic_key(token, script)) == key


# (as written, folded): each phrase abbreviation, and names with the characters that send a name to them
# (`&`, `'`, `/`, `-`) but none of them.
FOLDS = [
    ("Beijing S&T Co", "beijing science and technology co"),
    ("Shenzhen Sci-Tech Ltd", "shenzhen science and technology ltd"),
    ("Sci & Tech Imp & Exp Co", "science and technology import and export co"),
    ("Dalian I/E Trading", "dalian import and export trading"),
    ("Acme Int'l Corp", "acme international corp"),
    ("Nat'l Iranian Oil", "national iranian oil"),
    ("C & I Leasing", "ci leasing"),
    ("Rolls-Royce plc", "rolls royce plc"),
    ("O'Brien & Sons", "obrien and sons"),
    ("Hewlett-Packard / HP", "hewlett packard hp"),
]


@pytest.mark.parametrize(("text", "folded"), FOLDS)
def test_a_name_folds_as_it_did(text: str, folded: str) -> None:
    assert fold(text) == folded


_ANY = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _ in PHRASE_ABBREVIATIONS))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="scitehmpxnalr&/'- ", max_size=24))
def test_the_abbreviations_change_a_text_only_where_one_of_them_is_found(text: str) -> None:
    # (What `fold` relies on to skip them: one search of their alternation finds whether any would match.)
    changed = text
    for pattern, replacement in PHRASE_ABBREVIATIONS:
        changed = pattern.sub(replacement, changed)
    if _ANY.search(text) is None:
        assert changed == text
    else:
        assert any(pattern.search(text) for pattern, _ in PHRASE_ABBREVIATIONS)


# (as written, tokens): legal forms of several words typed with a typo, a stray space or two words run
# together, and the names beside a form that must stay names.
PHRASES = [
    ("Jokint Stock Company Gazprom", ("jsc", "gazprom")),
    ("Jo Int Stockcompany Rosneft", ("jsc", "rosneft")),
    ("Obshcgestvo s Ogranichennoi Otvetstvennostyu Romashka", ("llc", "romashka")),
    ("NSG, Obshchestvo s ogranichennoi otvetstvennostyu", ("nsg", "llc")),
    ("Point Stock Company", ("point", "stock", "company")),
    ("Limted Liability Company Alfa", ("llc", "alfa")),
    ("Sertal-LLC OAO", ("sertal", "llc", "jsc")),
]


@pytest.mark.parametrize(("text", "tokens"), PHRASES)
def test_a_mistyped_legal_phrase_is_read_as_it_was(text: str, tokens: tuple[str, ...]) -> None:
    assert normalise_name(text).tokens == tokens


_WORDS = st.text(alphabet="abcd", max_size=6)


@settings(max_examples=2000, deadline=None)
@given(_WORDS, _WORDS)
def test_words_one_edit_apart_are_never_ruled_out(a: str, b: str) -> None:
    # (A four-letter alphabet makes near words common: every way one edit can leave the first letters.)
    if OSA.distance(a, b) <= 1:
        assert may_be_one_edit(a, b)


# (a, b, one edit apart): a swap, a letter added or dropped or replaced at the start, and words that differ
# from their first letters on.
EDITS = [
    ("ltd", "tld", True),
    ("xltd", "ltd", True),
    ("ltd", "xltd", True),
    ("ltd", "ktd", True),
    ("obshchestvo", "nsg", False),
    ("jsc", "oao", False),
    ("gmbh", "bhgm", False),
]


@pytest.mark.parametrize(("a", "b", "near"), EDITS)
def test_the_first_letters_rule_out_what_they_can(a: str, b: str, near: bool) -> None:
    assert (OSA.distance(a, b) <= 1) == near
    if near:
        assert may_be_one_edit(a, b)
    else:
        assert not may_be_one_edit(a, b)
