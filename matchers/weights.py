"""How much identity a token carries, learned from the loaded lists rather than written by hand.

A token found in few listed names (`hikvision`, `kumul`) decides a match; one found in hundreds
(`public`, `security`, `technology`) barely moves it; legal forms (`llc`, `jsc`) count for almost nothing.
Place names are learned from the lists' own address fields so a leading city (`Zhejiang Dahua ...`)
can be discounted when, and only when, a distinctive token already anchors the match.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

from mypy_extensions import mypyc_attr

from matchers import english_words
from matchers.config import DEFAULT_CONFIG, WeightsConfig
from matchers.letters import known_grams
from matchers.normalise import fold, stem
from matchers.vocabulary import ADDRESS_WORDS, GENERIC_ORG_WORDS, PLACE_TYPE_WORDS, POLITICAL_WORDS

_DEFAULT = DEFAULT_CONFIG.weights
# The default configuration's values, for callers that read them (the reasons are in `matchers/config.py`).
MINOR_WEIGHT = _DEFAULT.minor
_ADDRESS_SPLIT = re.compile(r"[,;()]")


@mypyc_attr(serializable=True, allow_interpreted_subclasses=True)
class TokenStats:
    """Document frequencies over listed names, turned into weights in [0, 1]."""

    def __init__(
        self,
        df: Counter[str],
        n_names: int,
        places: frozenset[str],
        config: WeightsConfig = _DEFAULT,
        grams: frozenset[str] = frozenset(),
    ) -> None:
        self.config = config
        self.df = df
        # Letter trigrams of the listed words and of English (`matchers/letters.py`); empty: none known.
        self.grams = grams
        self.n_names = max(n_names, 1)
        self.places = places
        self._idf_max = math.log((self.n_names + 1) / 1.5)
        self._cache: dict[str, float] = {}
        self._list_cache: dict[str, float] = {}

    @classmethod
    def from_names(
        cls,
        token_lists: Iterable[Iterable[str]],
        addresses: Iterable[Sequence[str]] = (),
        config: WeightsConfig = _DEFAULT,
    ) -> TokenStats:
        df: Counter[str] = Counter()
        n = 0
        for tokens in token_lists:
            n += 1
            df.update(set(tokens))
        return cls(df, n, places_from_addresses(addresses, config), config, known_grams(df))

    def weight(self, token: str) -> float:
        w = self._cache.get(token)
        if w is None:
            w = min(self.list_weight(token), language_weight(token, self.config))
            self._cache[token] = w
        return w

    def list_weight(self, token: str) -> float:
        df = self.df.get(token, 0)
        if df <= 1:
            return 1.0
        w = self._list_cache.get(token)
        if w is None:
            idf = math.log((self.n_names + 1) / (df + 0.5))
            w = self._list_cache[token] = max(0.03, min(1.0, (idf / self._idf_max) ** 2))
        return w

    def is_place(self, token: str) -> bool:
        """`token` names a place; so do two words joined by a space (`huai khwang`, `virgin island`): a
        place of two words, one of which alone is no place."""
        return token in self.places

    def is_descriptor(self, token: str) -> bool:
        """A word many listed names use (`technology`, `bureau`): it describes, it does not name."""
        return self.list_weight(token) <= self.config.descriptor_list_weight


@mypyc_attr(serializable=True, allow_interpreted_subclasses=True)
class GenericStats(TokenStats):
    """Weights without a corpus (pairwise compare): generic organisation words are light."""

    def __init__(self, config: WeightsConfig = _DEFAULT) -> None:
        super().__init__(Counter(), 1, frozenset(), config)

    def is_descriptor(self, token: str) -> bool:
        return token in GENERIC_ORG_WORDS

    def weight(self, token: str) -> float:
        if token in GENERIC_ORG_WORDS:
            return self.config.generic_org_word
        if token.isdigit():
            return self.config.number
        return language_weight(token, self.config)


def english_frequencies_loaded() -> bool:
    """Whether the word-frequency table is in memory: a worker loads it before forking so every
    screening process inherits it instead of loading its own."""
    return english_words.loaded()


def unwritten(token: str) -> bool:
    """No English text holds `token`, however rarely (wordfreq's table reaches one word in a billion, brand
    names and foreign words included: `aegon`, `soja`): a string nobody writes on purpose in English."""
    return english_words.frequency(token) is None


def language_weight(token: str, config: WeightsConfig = _DEFAULT) -> float:
    """Common words of ordinary English carry less identity than coined names (`Megvii`)."""
    frequency = english_words.frequency(token)
    if not frequency:
        return 1.0
    zipf = math.log10(frequency * 1e9)
    return max(config.common_word_floor, min(1.0, 1.0 - (zipf - config.rare_zipf) * config.zipf_slope))


def places_from_addresses(
    addresses: Iterable[Sequence[str]], config: WeightsConfig = _DEFAULT
) -> frozenset[str]:
    """Place names: short address segments (`Hangzhou`, `Dubai Marina`, `Baqiao District`) that recur
    across listed parties, plus the world's countries and provinces. Street lines, buildings and
    everyday words (`Hope`, `King`) are not places a name is prefixed with."""
    counts: Counter[str] = Counter()
    for entry_addresses in addresses:
        found: set[str] = set()
        for address in entry_addresses:
            for segment in _ADDRESS_SPLIT.split(address):
                if segment.count(" ") > 3:
                    continue
                tokens = [t for t in fold(segment).split() if t.isalpha()]
                kind = len(tokens) >= 2 and tokens[-1] in PLACE_TYPE_WORDS
                if kind:
                    # (`Baqiao District`, `Huai Khwang district`: the place, without the word for its kind.)
                    tokens = tokens[:-1]
                if 1 <= len(tokens) <= 2 and not any(t in ADDRESS_WORDS or len(t) < 3 for t in tokens):
                    stems = [stem(t) for t in tokens]
                    if len(stems) == 2:
                        # (`Huai Khwang`, `Rural Damascus`: a place of two words, one of them no place alone.)
                        found.add(" ".join(stems))
                    if len(stems) == 1 or not kind:
                        # (Not the words of a three-word segment one by one: `Innovation Hub district`.)
                        found.update(stems)
        counts.update(found)
    # Address segments are noisier than gazetteers (`Global` Village, `Republic` Plaza): an everyday
    # word among them is not taken for a place.
    places = {
        t
        for t, n in counts.items()
        if n >= config.min_place_entries and language_weight(t, config) > config.address_word
    }
    places |= {t for t in _world_places() if " " in t or language_weight(t, config) > config.everyday_word}
    return frozenset(places)


def _large_cities(min_population: int = 100_000) -> list[str]:
    """Cities of 100,000 people or more, from the GeoNames `cities15000` table the `geotext` package
    ships (read directly: geotext's own matcher is not needed)."""
    import importlib.util

    spec = importlib.util.find_spec("geotext")
    if spec is None or spec.origin is None:
        return []
    table = Path(spec.origin).parent / "data" / "cities15000.txt"
    cities = []
    with table.open(encoding="utf-8") as rows:
        for row in rows:
            fields = row.split("\t")
            if len(fields) > 14 and fields[14].isdigit() and int(fields[14]) >= min_population:
                cities.append(fields[2])
    return cities


@cache
def _world_places() -> frozenset[str]:
    """First words of country, province and city names (`Zhejiang` Sheng, `Moskovskaya` oblast, `Wuhan`)."""
    import pycountry

    names = [s.name for s in pycountry.subdivisions] + [c.name for c in pycountry.countries]
    names += _large_cities()
    out = set()
    for name in names:
        words = [t for t in fold(name).split() if t.isalpha()]
        tokens = [t for t in words if len(t) >= 4]
        if tokens and tokens[0] not in ADDRESS_WORDS and tokens[0] not in POLITICAL_WORDS:
            out.add(stem(tokens[0]))
        if len(words) >= 2 and not (
            ADDRESS_WORDS.intersection(words[:2]) or POLITICAL_WORDS.intersection(words[:2])
        ):
            # (Two-word names, `Virgin Islands`, `San Antonio`: read as one place, never word by word.)
            out.add(f"{stem(words[0])} {stem(words[1])}")
    return frozenset(out)
