"""Country values (ISO codes or English names, as lists and callers write them) -> ISO 3166-1 alpha-2.

`rigour.territories` knows the codes, names, historic names and even capital cities of every territory. Its
name index, however, is built on the first name lookup by transliterating ~28,000 names in every script, which
costs about a second: too much for the list-loading budget. We build the same index over the names that are
ASCII once accents are folded (NFKD, which is what rigour's transliteration does for them) and hand any other
text (Cyrillic, Arabic, Chinese... queries) to rigour's own lookup. Results agree with `lookup_territory`
(tested) except for ASCII spellings of names whose letters NFKD cannot fold (ɛ, ŋ, ø...: local-language names
of African and Nordic countries), which are not country values English-language lists use.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterator
from functools import cache, lru_cache

from rigour.territories import get_territories, get_territory, lookup_by_identifier, lookup_territory
from rigour.territories.territory import Territory
from rigour.territories.util import clean_code

log = logging.getLogger(__name__)

# Codes rigour uses for things that are not a country a party can be located in.
_NOT_COUNTRIES = frozenset({"eu", "un", "zz", "ip"})


@lru_cache(maxsize=16384)
def to_iso2(value: str | None) -> str | None:
    """Upper-case ISO alpha-2 for a code (alpha-2/alpha-3) or an English country name; None when unknown.

    Lists qualify country names (`North Korea (DPRK)`, `Turkey (Turkiye)`, `Crimea Region of Ukraine`): when
    the whole text is not a country, the text without its bracketed part, the bracketed part, then what
    follows a final `of` are tried."""
    if value is None:
        return None
    text = " ".join(value.split())
    if not text:
        return None
    code = _lookup(text)
    if code is not None:
        return code
    candidates: list[str] = []
    if "(" in text:
        outside = _BRACKETED.sub(" ", text).strip()
        candidates += [outside, *_BRACKETED.findall(text)]
    if " of " in text:
        candidates.append(text.rsplit(" of ", 1)[1])
    for candidate in candidates:
        code = _lookup(" ".join(candidate.split())) if candidate.strip() else None
        if code is not None:
            return code
    return None


_BRACKETED = re.compile(r"\(([^()]*)\)")


def _lookup(text: str) -> str | None:
    by_code, by_identifier = _code_tables()
    if len(text) <= 3:
        found = by_identifier.get(clean_code(text))  # `lookup_by_identifier(text)`, answered
        if found is not None:
            return found or None
    key = _latin_key(text)
    if key is None:
        territory = lookup_territory(text)
        return _alpha2(territory) if territory is not None else None
    index = _latin_name_index()
    if index is None:
        territory = lookup_territory(text)
        return _alpha2(territory) if territory is not None else None
    code = index.get(key)
    return (by_code.get(clean_code(code)) or None) if code is not None else None  # `get_territory(code)`


def _alpha2(territory: Territory) -> str | None:
    """Sub-national territories (`ru-mow`, `ua-cri`) resolve to their country; historic blocs have none."""
    current: Territory | None = territory
    while current is not None:
        code = current.code
        if len(code) == 2:
            return None if code in _NOT_COUNTRIES else code.upper()
        current = current.parent
    return None


def _latin_key(text: str) -> str | None:
    """rigour's normalised lookup key for text that is ASCII once accents are folded; None for other text."""
    if not text.isascii():
        chars: list[str] = []
        for char in unicodedata.normalize("NFKD", text):
            if char.isascii():
                chars.append(char)
            elif char in _DROPPED or unicodedata.combining(char):
                continue
            elif char.isalnum():
                return None  # a letter NFKD cannot fold (ß, ł, Cyrillic...): needs transliteration
            else:
                chars.append(" ")  # dashes, curly quotes...: separators, as rigour treats them
        text = "".join(chars)
    return _ascii_key(text)


_DROPPED = frozenset("’ʻ")  # apostrophes rigour deletes rather than turning into a space
_SKIP = str.maketrans("", "", ".()[],;:_-/'")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def _ascii_key(text: str) -> str:
    """`rigour.territories.util.normalize_territory_name` for ASCII text (equivalence is tested), minus its
    per-call transliteration attempt."""
    return _NON_ALNUM.sub(" ", text.casefold().translate(_SKIP)).strip()


def _territory_names() -> Iterator[tuple[str, list[str], list[str], list[str]]]:
    """(code, strong names, weak names, places) per territory, from rigour's own data file."""
    from rigour._core import territories_jsonl
    from rigour.data import iter_jsonl_text

    for data in iter_jsonl_text(territories_jsonl()):
        strong = [*data.get("names_strong", []), data["name"], data.get("full_name", data["name"])]
        yield data["code"], strong, list(data.get("names_weak", [])), list(data.get("places", []))


# The index as carried by a compiled snapshot (`matchers.compiled`, whose engine version pins rigour's
# version): a process loaded from one looks names up at once instead of building the index again.
_PRIMED_INDEX: dict[str, str] | None = None


def latin_name_table() -> dict[str, str] | None:
    """The Latin-script name index, built if not yet (mechanical accessor for the compiled snapshot)."""
    return _latin_name_index()


def prime_latin_name_table(table: dict[str, str]) -> None:
    """Use `table` (what `latin_name_table()` gave in a process with the same engine) as the index."""
    global _PRIMED_INDEX
    _PRIMED_INDEX = table
    _latin_name_index.cache_clear()


# What `to_iso2` answers for a territory code (`get_territory`) and for an identifier (`lookup_by_identifier`:
# codes, alpha-3 codes, Wikidata ids), by rigour's cleaned key: the alpha-2 code, or "" for a territory that
# is no country's (a bloc, a placeholder: found, so no name is tried after it). rigour answers both from a
# territory index it builds on its first call (~55 M instructions: its data decompressed and 619 JSON
# lines parsed), which a process loaded from a compiled snapshot skips (decision 0531).
CodeTables = tuple[dict[str, str], dict[str, str]]
_PRIMED_CODES: CodeTables | None = None


def code_tables() -> CodeTables:
    """(by code, by identifier), built from rigour if not yet (mechanical accessor for the snapshot)."""
    return _code_tables()


def prime_code_tables(tables: CodeTables) -> None:
    """Use `tables` (what `code_tables()` gave in a process with the same engine) for code look-ups."""
    global _PRIMED_CODES
    _PRIMED_CODES = tables
    _code_tables.cache_clear()
    to_iso2.cache_clear()


@cache
def _code_tables() -> CodeTables:
    """rigour's own answers for every key its two code indexes can hold (each territory's code, other
    codes, alpha-3 code and Wikidata ids): a key outside these is in neither index, so rigour finds nothing
    for it either."""
    if _PRIMED_CODES is not None:
        return _PRIMED_CODES
    keys: set[str] = set()
    for territory in get_territories():
        keys.update((territory.code, *territory.other_codes, *territory.other_qids))
        if territory.alpha3:
            keys.add(territory.alpha3)
        if territory.qid:
            keys.add(territory.qid)
    by_code: dict[str, str] = {}
    by_identifier: dict[str, str] = {}
    for key in sorted(keys):
        for table, lookup in ((by_code, get_territory), (by_identifier, lookup_by_identifier)):
            found = lookup(key)
            if found is not None:
                table[clean_code(key)] = _alpha2(found) or ""
    return by_code, by_identifier


@cache
def _latin_name_index() -> dict[str, str] | None:
    """Normalised Latin-script name -> territory code, with rigour's precedence: strong > weak > place."""
    if _PRIMED_INDEX is not None:
        return _PRIMED_INDEX
    try:
        rows = list(_territory_names())
    except (ImportError, KeyError, AttributeError) as exc:  # rigour's data layout changed: use its lookup
        log.warning("rigour territory data unavailable (%s); using rigour.lookup_territory", exc)
        return None
    tiers: list[dict[str, str]] = [{}, {}, {}]
    for code, strong, weak, places in rows:
        for tier, names in zip(tiers, (strong, weak, places), strict=True):
            for name in names:
                key = _latin_key(name)
                if key:
                    tier[key] = code
    strong_map, weak_map, place_map = tiers
    return {**place_map, **weak_map, **strong_map}
