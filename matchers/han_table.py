"""The syllable table of `matchers/han_letters.py`, built from ICU itself: every Han letter spelt alone by the
chain rigour's `ascii_text` runs it through, and the pairs ICU's Han-Latin rules spell otherwise.

Built when a compiled snapshot is written (`matchers.compiled.engine_tables`, ~1.5 s: ICU's Han-Latin rules
compiled, then ~98,000 characters spelt once each), never on the screening path. The table is built only
when the ICU in use is one the table was proven on (`PROVEN_ICU_VERSIONS`: `python -m bench.han_check`
compares every character, every pair of its kinds of characters and random runs with rigour) and its Han-Latin
rules have the shape that proof relies on: one syllable per character set, and context rules
`{X}' '?Y > syllable;` only (a character before another one). Anything else, and no table is built: every
Han word stays ICU's. The table names the ICU version it was built with; a process running another one
does not prime it (`matchers.compiled.prime_engine_tables`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

# ICU versions on which the table was compared with rigour character by character, pair by pair and on
# random runs (decision 0534). Another version may spell or space differently: no table, ICU as before.
PROVEN_ICU_VERSIONS = frozenset({"72.1"})
# Every ideographic Han letter: what the table may hold (a character ICU spells as anything but one syllable
# or `?` alone is left out). ICU's spacing rules put a space after an ideograph only, so the letters that
# are not ideographs (`々`: `々々` is `??`, `北々` is `bei ?`) and the symbols and numbers of the script
# (radicals, `〇`) are left to ICU.
HAN_LETTERS = "[[:sc=Han:]&[:L:]&[:Ideographic:]]"
HAN_LATIN = "Han-Latin"
# What ICU's Han-Latin rules may hold: the spacing transliterator first, one syllable per set of characters,
# and a character spelt otherwise before another (`{重}' '?庆 > chóng;`).
_FIRST_RULE = "::Han-Spacedhan();"
_SET_RULE = re.compile(r"\[[^\]]*\] > [^;{}\[\]]*;")
_CONTEXT_RULE = re.compile(r"\{(.)\}' '\?(.) > [^;{}\[\]]*;")
_SPELT = re.compile(r"[a-z]+|\?")
# Characters of the table checked against rigour's `ascii_text` itself while building (every `_SAMPLE`th, and
# the context pairs): the chain is built here as normality builds it, and must spell as rigour does.
_SAMPLE = 499

HanTable = tuple[str, int, bytes, list[str], dict[str, str]]


def icu_version() -> str | None:
    """The version of the ICU library PyICU runs, None without PyICU."""
    try:
        import icu
    except ImportError:
        return None
    return str(icu.ICU_VERSION)


def context_pairs(rules: str) -> list[tuple[str, str]] | None:
    """The (character, next character) pairs of Han-Latin's context rules, or None when the rules hold any
    other kind of rule than a set's syllable and such a pair."""
    lines = [line for line in rules.splitlines() if line.strip()]
    if not lines or lines[0] != _FIRST_RULE:
        return None
    pairs: list[tuple[str, str]] = []
    for line in lines[1:]:
        if _SET_RULE.fullmatch(line):
            continue
        context = _CONTEXT_RULE.fullmatch(line)
        if context is None:
            return None
        pairs.append((context.group(1), context.group(2)))
    return pairs


@cache
def build() -> HanTable | None:
    """(ICU version, start, codes, syllables, context) for `han_letters.prime`, or None when this ICU is not
    one the table is proven on or its rules have another shape. Built once per process (it depends on ICU
    alone): a process writing several snapshots pays for it once."""
    version = icu_version()
    if version is None or version not in PROVEN_ICU_VERSIONS:
        return None
    import icu
    from normality.transliteration import ASCII_SCRIPT
    from rigour.text.translit import ascii_text, maybe_ascii

    pairs = context_pairs(icu.Transliterator.createInstance(HAN_LATIN).toRules(False))
    if pairs is None:
        return None
    chain = icu.Transliterator.createInstance(ASCII_SCRIPT)

    def spell(text: str) -> str:
        # (rigour's `ascii_text`: its own rules, then normality's chain, then `?` for what is left; without
        # normality's memo, which ~98,000 characters would fill with what screening never asks for.)
        out = str(maybe_ascii(text))
        if not out.isascii():
            out = str(chain.transliterate(out))
            if not out.isascii():
                out = out.encode("ascii", "replace").decode("ascii")
        return out.lower()

    spelt: dict[str, str] = {}
    for letter in icu.UnicodeSet(HAN_LETTERS):
        text = str(letter)
        if len(text) != 1:
            continue
        syllable = spell(text)
        if _SPELT.fullmatch(syllable):
            spelt[text] = syllable
    if not spelt:
        return None
    context: dict[str, str] = {}
    for first, second in pairs:
        if first not in spelt or second not in spelt:
            return None
        pair = spell(first + second).split(" ")
        if len(pair) != 2 or pair[1] != spelt[second] or not _SPELT.fullmatch(pair[0]):
            return None
        context[first + second] = pair[0]
    if not _agrees(spelt, context, lambda text: str(ascii_text(text)).lower()):
        return None
    return pack(version, spelt, context)


def _agrees(spelt: dict[str, str], context: dict[str, str], rigour: Callable[[str], str]) -> bool:
    letters = sorted(spelt)
    for letter in letters[::_SAMPLE]:
        if rigour(letter) != spelt[letter]:
            return False
    return all(rigour(pair) == f"{first} {spelt[pair[1]]}" for pair, first in context.items())


def pack(version: str, spelt: dict[str, str], context: dict[str, str]) -> HanTable:
    """The table in the form the snapshot carries: two bytes per code point from the first letter's."""
    syllables = ["", *sorted(set(spelt.values()))]
    if len(syllables) > 0xFFFF:
        raise ValueError("more syllables than two bytes index")
    index = {syllable: k for k, syllable in enumerate(syllables)}
    start = min(ord(c) for c in spelt)
    end = max(ord(c) for c in spelt)
    codes = bytearray(2 * (end - start + 1))
    for letter, syllable in spelt.items():
        at = 2 * (ord(letter) - start)
        codes[at] = index[syllable] & 0xFF
        codes[at + 1] = index[syllable] >> 8
    return version, start, bytes(codes), syllables, dict(context)


def is_table(value: Any) -> bool:
    """Whether `value` has the shape `build` returns (a snapshot's table, before priming it)."""
    return (
        isinstance(value, tuple)
        and len(value) == 5
        and isinstance(value[0], str)
        and isinstance(value[1], int)
        and isinstance(value[2], bytes)
        and isinstance(value[3], list)
        and all(isinstance(s, str) for s in value[3])
        and isinstance(value[4], dict)
    )
