"""Names in other scripts to lower-case ASCII, exactly as rigour's `ascii_text` spells them, piece by piece
where that is known to give the same letters.

rigour transliterates a whole string and memoises whole strings; the cost grows with the characters (a
Cyrillic letter costs ~15 µs in its ICU4X rules, a word 60-250 µs) and names share words, not whole strings:
a legal form (`Общество с ограниченной ответственностью`), a patronymic, a city. So the text is cut at runs of
ASCII spaces and punctuation and each piece is transliterated once per process, when the cut cannot change
the letters: the text holds at most one script besides Latin, one whose output was compared piece by piece
against the whole string on every name of the shared data (`python -m bench.translit_check`, decision 0141);
every non-ASCII piece takes the same route through rigour (its own rules for the scripts it admits,
`normality`'s ICU chain for the rest: a string mixing the two goes through ICU whole); no piece begins with a
combining mark; and ICU's route is cut at spaces only (its Chinese rules space a syllable off punctuation
beside it, and it deletes symbols a break kept as written would keep). Any other text is transliterated
whole, as before.

A piece of Russian letters only is spelt from a table (`matchers/russian_letters.py`, decision 0180), and a
piece of accented Latin letters by their decomposition (`matchers/latin_letters.py`, decision 0181), instead
of rigour's ICU4X rules, which cost ~1 M instructions a word; a piece of Han characters by a syllable
table built from ICU (`matchers/han_letters.py`, decision 0534) once a snapshot primed it, instead of ICU's
Han-Latin rules, which cost ~90 ms to build in every process. The table gives the letters, not ICU's capitals
(`Shch` or `SHCH` by the neighbours), so everything here is lower case: normalisation lower-cases the result
at once.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

from rigour.text.scripts import text_scripts
from rigour.text.translit import ascii_text, should_ascii

from matchers.han_letters import han_ascii
from matchers.latin_letters import latin_ascii
from matchers.russian_letters import russian_ascii

# Scripts whose transliteration was found identical whole and piece by piece on every name of the data
# (decision 0141). Scripts written without spaces between words (Thai, Lao, Khmer, Japanese kana) and any
# other script take the whole-string path.
PIECEWISE_SCRIPTS: Final = frozenset(
    {"Latin", "Cyrillic", "Greek", "Armenian", "Georgian", "Hangul", "Arabic", "Hebrew", "Han"}
)
# Where the text is cut: runs of ASCII spaces and punctuation (`, `, `-`, `" (`), kept as written.
BREAKS: Final = re.compile(r"([\x20-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]+)")


@lru_cache(maxsize=65536)
def _whole(text: str) -> str:
    return ascii_text(text).lower()


@lru_cache(maxsize=65536)
def piece(text: str) -> tuple[bool, str]:
    """A piece of a name: (whether rigour's own rules take it, its ASCII in lower case)."""
    russian = russian_ascii(text)
    if russian is not None:
        # (Russian and Latin letters are rigour's own rules' to take: `should_ascii` admits both.)
        return True, russian
    latin = latin_ascii(text)
    if latin is not None:
        return True, latin
    han = han_ascii(text)
    if han is not None:
        # (Han is not among the scripts rigour's own rules take: ICU's route, as `should_ascii` says.)
        return False, han
    return bool(should_ascii(text)), ascii_text(text).lower()


def to_ascii(text: str) -> str:
    """`rigour.text.translit.ascii_text(text).lower()`, memoised per piece between spaces and punctuation
    where that is exact."""
    parts = BREAKS.split(text)
    if len(parts) == 1:
        # (One piece: shared with the names that hold it as a word, and with the per-word folds.)
        return piece(text)[1]
    cut = by_pieces(text, parts)
    return _whole(text) if cut is None else cut


def by_pieces(text: str, parts: list[str] | None = None) -> str | None:
    """The text transliterated piece by piece, or None when cutting it at its breaks is not known to give
    the whole string's letters. `parts`: the text split at `BREAKS` (pieces and the breaks between)."""
    scripts = text_scripts(text)
    if not scripts <= PIECEWISE_SCRIPTS or len(scripts - {"Latin"}) > 1:
        return None
    if parts is None:
        parts = BREAKS.split(text)
    out: list[str] = []
    route: bool | None = None
    for k, part in enumerate(parts):
        if k % 2 or part.isascii():
            # (A break, or a piece of ASCII letters and digits: kept as written, in lower case.)
            out.append(part.lower())
            continue
        if unicodedata.combining(part[0]):
            return None
        own, ascii_piece = piece(part)
        if route is None:
            route = own
        elif route != own:
            return None
        out.append(ascii_piece)
    if route is None:
        return text.lower()
    if not route and any(parts[k].strip(" ") for k in range(1, len(parts), 2)):
        # (ICU's Chinese rules space a syllable off the punctuation beside it, `wu (` for `務(`, and
        # delete the symbols among them: its route is cut at spaces only.)
        return None
    return "".join(out)
