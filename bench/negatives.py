"""A second set of ordinary names on no list, built by another method than `companies_dev.csv`: Faker's
company and person providers in eighteen locales, seeded, generated at run time (never committed).

Both dev and test negatives come from one file, so a rule tuned on them can fit that file's style (US
listed companies and their tickers). The issue's own negatives were built by a different method; the
margin that counts is the one on names built differently, so this set is measured beside the file's.

Split by a stable hash of the name into `tune` (looked at while choosing rules) and `held` (read once,
at the end of a round), like `bench.devset.split_of` but salted so the halves are independent of it.
Faker is pinned in the dev extra: its word lists change between versions, and so would the names.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

# Locales with a company provider of their own in Faker 40 (`en_GB` has none and would repeat `en_US`).
# Not `fa_IR`: its company names are real Iranian firms, some of them listed.
COMPANY_LOCALES = (
    "en_US",
    "en_PH",
    "de_DE",
    "fr_FR",
    "es_ES",
    "es_MX",
    "it_IT",
    "nl_NL",
    "pl_PL",
    "cs_CZ",
    "ru_RU",
    "tr_TR",
    "pt_BR",
    "id_ID",
    "vi_VN",
    "zh_CN",
    "ja_JP",
    "ko_KR",
)
DEFAULT_SEED = 15
COMPANIES_PER_LOCALE = 150
PERSONS_PER_LOCALE = 30
HALVES = ("tune", "held")


@dataclass(frozen=True)
class Negative:
    name: str
    kind: str  # `company` or `person`: what the generator was asked for
    locale: str


def half_of(name: str) -> str:
    """`tune` or `held` by a stable hash of the name (salted: independent of the dev/test split)."""
    return HALVES[hashlib.sha256(b"faker-negatives:" + name.encode("utf-8")).digest()[0] & 1]


def generate(
    seed: int = DEFAULT_SEED,
    locales: Sequence[str] = COMPANY_LOCALES,
    companies: int = COMPANIES_PER_LOCALE,
    persons: int = PERSONS_PER_LOCALE,
) -> list[Negative]:
    """Company and person names per locale, each locale its own seeded generator (adding a locale does not
    change the others' names); first occurrence of a name kept."""
    from faker import Faker

    out: dict[str, Negative] = {}
    for locale in locales:
        fake = Faker(locale)
        fake.seed_instance(f"{seed}:{locale}")
        for _ in range(companies):
            name = fake.company().strip()
            if name:
                out.setdefault(name, Negative(name, "company", locale))
        for _ in range(persons):
            name = fake.name().strip()
            if name:
                out.setdefault(name, Negative(name, "person", locale))
    return list(out.values())


def faker_negatives(half: str | None = None, seed: int = DEFAULT_SEED) -> list[Negative]:
    """The set, or one half of it (`tune`, `held`)."""
    if half is not None and half not in HALVES:
        raise ValueError(f"half must be one of {HALVES}, not {half!r}")
    return [n for n in generate(seed) if half is None or half_of(n.name) == half]
