"""Development set for the screener: spelling variants of real listed names, plus ordinary negatives.

The accuracy target is checked on a held-out set built the same way, so this generator must stay
*general*: every rule works on any listed name (legal forms, abbreviations, places taken from the lists'
own address fields, typos, spacing, case, name order, script) and no rule names a listed party. A variant
counts as found when the screener returns ANY entry whose names normalise to the source name's key
(lists overlap: the same party appears in the CSL, the SDN and the Entity List under several ids).

Run `python bench/devset.py --stats` to see what a seed produces; `--out FILE` writes it as JSON lines.
"""

from __future__ import annotations

import argparse
import csv
import functools
import hashlib
import json
import math
import random
import re
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict
from rigour.names import extract_org_types
from rigour.territories import get_territory, lookup_territory
from rigour.text.translit import ascii_text

from bench.errors import ERROR_RULES
from matchers.models import EntityKind, Entry, LoadedList

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
LISTS_DIR = SHARED / "lists"
NEGATIVES_CSV = SHARED / "names" / "companies_dev.csv"
UN_XML = LISTS_DIR / "un_2026-02" / "UN_consolidated.xml"

DEFAULT_SEED = 20260701
DEFAULT_SOURCES = 2000

TRANSFORMS = (
    "legal_form",
    "abbreviation",
    "place",
    "typo",
    "spacing",
    "case_punct",
    "name_order",
    "cyrillic",
    "chinese",
    "original_script",
    "combo",
    *ERROR_RULES,
)
SPLITS = ("dev", "test")


class Variant(BaseModel):
    """One positive query: what the screener is asked, and which listed entries count as found."""

    model_config = ConfigDict(frozen=True)

    query: str
    transform: str
    detail: str
    source: str
    source_id: str
    list: str
    kind: str | None = None
    country: str | None = None
    expected: tuple[str, ...]


class DevSet(BaseModel):
    model_config = ConfigDict(frozen=True)

    seed: int
    variants: tuple[Variant, ...]
    negatives: tuple[str, ...]

    def counts(self) -> dict[str, int]:
        return dict(sorted(Counter(v.transform for v in self.variants).items()))


# --------------------------------------------------------------------------------------------------
# Legal forms: families of spellings that mean the same thing; a change stays within the family.
# --------------------------------------------------------------------------------------------------
LEGAL_FAMILIES: dict[str, tuple[str, ...]] = {
    "co_ltd": ("Co., Ltd.", "Company Limited", "CO LTD", "Co. Ltd", "Co., Limited", "Co Ltd"),
    "ltd": ("Ltd.", "Limited", "LTD", "Ltd"),
    "llc": (
        "LLC",
        "L.L.C.",
        "Limited Liability Company",
        "OOO",
        "Obshchestvo s Ogranichennoi Otvetstvennostyu",
    ),
    "jsc": ("JSC", "Joint Stock Company", "AO", "Joint-Stock Company", "Aktsionernoe Obshchestvo"),
    "ojsc": ("OJSC", "OAO", "Open Joint Stock Company", "Otkrytoe Aktsionernoe Obshchestvo"),
    "pjsc": ("PJSC", "PAO", "Public Joint Stock Company", "Publichnoe Aktsionernoe Obshchestvo"),
    "cjsc": ("CJSC", "ZAO", "Closed Joint Stock Company", "Zakrytoe Aktsionernoe Obshchestvo"),
    "gmbh": ("GmbH", "GMBH", "G.m.b.H.", "Gesellschaft mit beschraenkter Haftung"),
    "ag": ("AG", "Aktiengesellschaft"),
    "inc": ("Inc.", "Inc", "Incorporated", "INC"),
    "corp": ("Corporation", "Corp.", "Corp"),
    "plc": ("PLC", "P.L.C.", "Public Limited Company"),
    "sa": ("S.A.", "SA"),
    "sarl": ("SARL", "S.A.R.L.", "S.a r.l."),
    "llp": ("LLP", "L.L.P."),
    "pvt_ltd": ("Pvt. Ltd.", "Private Limited", "Pvt Ltd", "(Pvt.) Ltd."),
    "pte_ltd": ("Pte. Ltd.", "Pte Ltd", "Private Limited"),
    "sdn_bhd": ("Sdn. Bhd.", "Sdn Bhd", "SDN BHD"),
    "bv": ("B.V.", "BV"),
    "fze": ("FZE", "F.Z.E."),
    "fzco": ("FZCO", "FZ Co"),
    "ltd_sti": ("Ltd. Sti.", "Limited Sirketi", "LTD STI"),
    "as": ("A.S.", "Anonim Sirketi"),
    "co": ("Co.", "Company", "Co"),
}
# Forms a country's companies typically carry, for adding one where the list gives none.
LEGAL_BY_COUNTRY: dict[str, tuple[str, ...]] = {
    "CN": ("co_ltd", "co_ltd", "ltd"),
    "HK": ("ltd", "co_ltd"),
    "TW": ("co_ltd", "ltd"),
    "RU": ("llc", "jsc", "ojsc"),
    "BY": ("llc", "jsc", "ojsc"),
    "KZ": ("llc", "jsc"),
    "UA": ("llc", "jsc"),
    "DE": ("gmbh", "ag"),
    "AT": ("gmbh",),
    "CH": ("ag", "gmbh", "sa"),
    "US": ("inc", "llc", "corp"),
    "GB": ("ltd", "plc"),
    "TR": ("ltd_sti", "as"),
    "AE": ("fze", "llc", "fzco"),
    "IN": ("pvt_ltd",),
    "PK": ("pvt_ltd",),
    "SG": ("pte_ltd",),
    "MY": ("sdn_bhd",),
    "FR": ("sarl", "sa"),
    "NL": ("bv",),
}
DEFAULT_LEGAL = ("ltd", "co", "llc", "co_ltd")
# Long spellings mostly lead the name (Russian style), short ones mostly trail it.
LEADING_FORMS = frozenset({"OOO", "AO", "OAO", "PAO", "ZAO", "JSC", "LLC", "OJSC", "PJSC", "CJSC"})


@functools.lru_cache(maxsize=200_000)
def _squash(text: str) -> str:
    return "".join(re.findall(r"[a-z0-9]+", ascii_text(text).lower()))


# Spellings are recognised however they are punctuated or spaced: `Co., Ltd.` = `CO LTD` = `Co Ltd`.
_FORM_KEYS: dict[str, str] = {}
for _fam, _spellings in LEGAL_FAMILIES.items():
    for _s in _spellings:
        _FORM_KEYS.setdefault(_squash(_s), _fam)
# Every ending and beginning of a form's key, to skip names that cannot carry a form without a lookup.
_KEY_ENDS = frozenset(k[i:] for k in _FORM_KEYS for i in range(len(k)))
_KEY_STARTS = frozenset(k[:i] for k in _FORM_KEYS for i in range(1, len(k) + 1))
_MAX_FORM_WORDS = max(len(s.split()) for ss in LEGAL_FAMILIES.values() for s in ss)
LEGAL_TOKENS = frozenset(
    t for ss in LEGAL_FAMILIES.values() for s in ss for t in re.findall(r"[a-z0-9]+", ascii_text(s).lower())
)


def family_of(form_text: str) -> str | None:
    return _FORM_KEYS.get(_squash(form_text))


@dataclass(frozen=True)
class LegalForm:
    position: str  # 'prefix' | 'suffix'
    family: str
    text: str
    core: str  # the name without the form


def find_legal_form(name: str) -> LegalForm | None:
    """The longest legal form trailing (else leading) the name, if the rest is not empty."""
    words = name.split()
    if len(words) < 2:
        return None
    for k in range(min(_MAX_FORM_WORDS, len(words) - 1), 0, -1) if _squash(words[-1]) in _KEY_ENDS else ():
        tail = " ".join(words[-k:])
        fam = family_of(tail)
        if fam and _squash(tail):
            return LegalForm("suffix", fam, tail.strip(" ,"), " ".join(words[:-k]).rstrip(" ,"))
    for k in range(min(_MAX_FORM_WORDS, len(words) - 1), 0, -1) if _squash(words[0]) in _KEY_STARTS else ():
        head = " ".join(words[:k])
        fam = family_of(head)
        if fam and _squash(head):
            return LegalForm("prefix", fam, head.strip(" ,"), " ".join(words[k:]).strip(" ,"))
    return None


# --------------------------------------------------------------------------------------------------
# Abbreviations: (full phrase, abbreviations); applied in either direction.
# --------------------------------------------------------------------------------------------------
ABBREVIATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Science and Technology", ("Sci & Tech", "Sci-Tech", "S&T")),
    ("Technology", ("Tech",)),
    ("Technologies", ("Tech", "Techs")),
    ("International", ("Intl", "Int'l")),
    ("Corporation", ("Corp", "Corp.")),
    ("Group", ("Grp",)),
    ("Company", ("Co", "Co.")),
    ("Industrial", ("Ind", "Indl")),
    ("Industries", ("Inds", "Ind")),
    ("Industry", ("Ind",)),
    ("Manufacturing", ("Mfg",)),
    ("Engineering", ("Eng", "Engg")),
    ("Electronics", ("Elec", "Electr")),
    ("Electronic", ("Elec",)),
    ("Equipment", ("Equip", "Eqpt")),
    ("Development", ("Dev", "Devt")),
    ("Institute", ("Inst",)),
    ("University", ("Univ",)),
    ("Department", ("Dept",)),
    ("Association", ("Assn", "Assoc")),
    ("Management", ("Mgmt",)),
    ("National", ("Natl", "Nat'l")),
    ("Services", ("Svcs", "Servs")),
    ("Systems", ("Sys",)),
    ("Holdings", ("Hldgs",)),
    ("Brothers", ("Bros",)),
    ("Research", ("Res",)),
    ("Academy", ("Acad",)),
    ("Import and Export", ("Imp & Exp", "Import & Export")),
    ("Trading", ("Trdg",)),
    ("Investment", ("Invt",)),
    ("Laboratory", ("Lab",)),
    ("Center", ("Ctr",)),
    ("Centre", ("Ctr",)),
)

# Words that make an untyped name look like an organisation (for adding a legal form or a place).
ORG_WORDS = frozenset(
    """company co corporation corp group technology technologies tech institute research industry industries
    industrial trading trade enterprise enterprises plant factory center centre bureau academy university
    bank shipping engineering electronics electronic systems services equipment international development
    holding holdings logistics import export aviation aerospace energy scientific science laboratory
    association organization organisation ministry department office limited ltd llc inc jsc ooo ao gmbh
    manufacturing chemical chemicals petroleum oil gas machinery instruments materials communication
    communications network networks software semiconductor microelectronics zavod""".split()
)
# Words of a trading company, where an added legal form is plausible (not a ministry, army or bureau).
COMPANY_WORDS = ORG_WORDS - frozenset(
    """bureau academy university association organization organisation ministry department office institute
    center centre laboratory""".split()
)
ENGLISH_WORDS = ORG_WORDS | frozenset(
    """of the and for state joint stock public security scientific production design federal national
    russian military defense defence ministry general main""".split()
)
FUNCTION_WORDS = frozenset("of the and for de la le du des del da di y et und in at on to by van von".split())
CYRILLIC_COUNTRIES = frozenset({"RU", "BY", "UA", "KZ", "KG", "TJ", "UZ", "BG", "RS", "MK", "MN", "MD", "AM"})
PLACE_NOISE = frozenset(
    """road street st avenue ave floor building bldg tower plaza center centre park zone block room lane
    square area estate garden gardens house office unit industrial new central district no the and of
    village town city province region highway bay north south east west development economic technology
    science high tech free port international airport ground first second third bld bldg blvd apt suite
    sector phase plot boulevard blvd km""".split()
)
ADDRESS_TAIL = 3  # address segments, from the end, where district, city and province are written
PLACES_PER_COUNTRY = 30  # a country's most listed places are its cities and provinces, not its streets
SPLIT_MIN_DF = 10  # both halves of a split word must be common words of the lists (`SHEN ZHEN`)
PLACE_SUFFIXES = re.compile(
    r"\b(province|city|district|municipality|oblast|region|prefecture|county|state|krai|kray|raion)\b\.?",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------------------------------
# Keys, tokens and the corpus-wide statistics every rule needs.
# --------------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=500_000)
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[a-z0-9]+", ascii_text(text).lower()))


def tokens(text: str) -> list[str]:
    return list(_tokens(text))


def strip_legal_forms(name: str) -> str:
    for _ in range(2):
        found = find_legal_form(name)
        if found is None or not tokens(found.core):
            break
        name = found.core
    return name


def name_key(name: str) -> str:
    """Names with the same key are the same name for screening: case, script, punctuation, word order and
    leading/trailing legal form aside. Any entry carrying a name with the source's key is a correct answer."""
    return " ".join(sorted(tokens(strip_legal_forms(name))))


def is_latin(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isascii() or "LATIN" in unicodedata.name(c, "") for c in letters)


@dataclass(frozen=True)
class Source:
    entry: Entry
    name: str


@dataclass
class Corpus:
    """Statistics over all lists, computed once: who carries which key, how common each token is, and
    which place names the lists' own addresses use."""

    entries: list[Entry]
    by_key: dict[str, set[str]]
    df: Counter[str]
    n_names: int
    places: dict[str, Counter[str]]  # place name -> entries listing it, per country
    places_by_country: dict[str, list[str]]  # the most listed places of each country, most listed first
    english: frozenset[str] = frozenset()  # business English, from the ordinary company names
    rare_df: int = field(init=False)

    def __post_init__(self) -> None:
        self.rare_df = max(20, int(0.002 * self.n_names))

    def expected(self, name: str) -> tuple[str, ...]:
        return tuple(sorted(self.by_key.get(name_key(name), ())))

    def is_place(self, text: str) -> bool:
        return text.lower() in self.place_keys

    @property
    def place_keys(self) -> set[str]:
        cached = getattr(self, "_place_keys", None)
        if cached is None:
            cached = {p.lower() for p in self.places}
            self._place_keys = cached
        return cached

    def distinctive(self, text: str) -> bool:
        """At least two tokens, one of them rare and not a place or a legal form: a query that still
        identifies a party rather than a generic phrase like `Municipal Public Security Bureau`."""
        toks = [t for t in tokens(text) if t not in LEGAL_TOKENS]
        if len(toks) < 2:
            return False
        return any(
            len(t) >= 3
            and t.isalpha()
            and self.df[t] <= self.rare_df
            and t not in self.place_keys
            and t not in self.english  # `Sea Port`: rare in the lists, common in any company register
            for t in toks
        )


def _address_places(addresses: Iterable[str]) -> set[str]:
    """Candidate places: the last few segments of an address (district, city, province, country), never
    its first lines (buildings, streets)."""
    found: set[str] = set()
    for address in addresses:
        for line in address.split(";"):
            segs = [x for x in line.split(",") if re.search(r"[A-Za-z]", x)]
            for seg in segs[-ADDRESS_TAIL:]:
                seg = PLACE_SUFFIXES.sub("", seg).strip(" .")
                if not re.fullmatch(r"[A-Z][a-z]{2,}(?: [A-Z][a-z]{2,})?", seg):
                    continue
                if any(w.lower() in PLACE_NOISE for w in seg.split()):
                    continue
                found.add(seg)
    return found


def build_corpus(lists: Sequence[LoadedList], negatives_path: Path = NEGATIVES_CSV) -> Corpus:
    entries = sorted((e for lst in lists for e in lst.entries), key=lambda e: e.id)
    by_key: dict[str, set[str]] = defaultdict(set)
    df: Counter[str] = Counter()
    n_names = 0
    place_entries: dict[str, set[str]] = defaultdict(set)
    place_countries: dict[str, Counter[str]] = defaultdict(Counter)
    for e in entries:
        for n in e.names():
            n_names += 1
            by_key[name_key(n)].add(e.id)
            df.update(set(tokens(n)))
        for p in _address_places(e.addresses):
            place_entries[p].add(e.id)
            place_countries[p].update(e.countries)
    places: dict[str, Counter[str]] = {}
    for p, ids in place_entries.items():
        if len(ids) < 3:  # recurring segments are places; one-off segments are street lines
            continue
        terr = lookup_territory(p)
        if terr is not None and "-" not in terr.code:  # a country, not a city or province
            continue
        places[p] = place_countries[p]
    by_country: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for p in sorted(places):
        for c, count in places[p].items():
            by_country[c].append((-count, p))
    top = {c: [p for _, p in sorted(ps)[:PLACES_PER_COUNTRY]] for c, ps in by_country.items()}
    english = ENGLISH_WORDS | {t for n in load_negatives(negatives_path) for t in tokens(n) if len(t) >= 3}
    return Corpus(entries, dict(by_key), df, n_names, places, top, frozenset(english))


# --------------------------------------------------------------------------------------------------
# Transformations. Each takes a source, the corpus and the RNG, and returns (query, detail) or None
# when it does not apply. They never return the source unchanged.
# --------------------------------------------------------------------------------------------------
Rule = Callable[[Source, Corpus, random.Random], "tuple[str, str] | None"]


def _style_like(text: str, like: str) -> str:
    letters = [c for c in like if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 1:
        return text.upper()
    if letters and all(c.islower() for c in letters):
        return text.lower()
    return text


def looks_like_org(src: Source) -> bool:
    if src.entry.kind == EntityKind.ORGANISATION:
        return True
    if src.entry.kind != EntityKind.UNKNOWN:
        return False
    return find_legal_form(src.name) is not None or any(t in ORG_WORDS for t in tokens(src.name))


def legal_form(src: Source, corpus: Corpus, rng: random.Random) -> tuple[str, str] | None:
    """Change the legal form within its family, drop it, or add one typical of the entry's country."""
    if not is_latin(src.name) or not looks_like_org(src):
        return None
    found = find_legal_form(src.name)
    if found is None:
        if not any(t in COMPANY_WORDS for t in tokens(src.name)):
            return None
        fams = DEFAULT_LEGAL
        for c in src.entry.countries:
            fams = LEGAL_BY_COUNTRY.get(c, fams)
        fam = rng.choice(fams)
        spellings = LEGAL_FAMILIES[fam]
        form = rng.choice(spellings if fams is not DEFAULT_LEGAL else spellings[:3])
        if form in LEADING_FORMS and rng.random() < 0.5:
            return f"{_style_like(form, src.name)} {src.name}", f"add:{fam}:prefix"
        sep = ", " if rng.random() < 0.3 else " "
        return f"{src.name}{sep}{_style_like(form, src.name)}", f"add:{fam}"
    options = ["change", "remove"] if corpus.distinctive(found.core) else ["change"]
    op = rng.choice(options)
    if op == "remove":
        return found.core, f"remove:{found.family}"
    others = [s for s in LEGAL_FAMILIES[found.family] if tokens(s) != tokens(found.text)]
    if not others:
        return None
    new = _style_like(rng.choice(others), found.text)
    if found.position == "prefix":
        return f"{new} {found.core}", f"change:{found.family}"
    sep = rng.choice([" ", ", "])
    return f"{found.core}{sep}{new}", f"change:{found.family}"


def _case_like(text: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return text.upper()
    if like.islower():
        return text.lower()
    if like[:1].isupper():
        return text[:1].upper() + text[1:]
    return text


def abbreviation(src: Source, corpus: Corpus, rng: random.Random) -> tuple[str, str] | None:
    """Abbreviate a common word (`Technology`->`Tech`) or spell an abbreviation out; all occurrences."""
    if not is_latin(src.name):
        return None
    options: list[tuple[re.Pattern[str], Callable[[str], str], str]] = []
    for full, abbrs in ABBREVIATIONS:
        full_re = re.compile(r"\b" + r"\s+".join(re.escape(w) for w in full.split()) + r"\b", re.IGNORECASE)
        if full_re.search(src.name):
            short = rng.choice(abbrs)
            options.append((full_re, lambda m, s=short: _case_like(s, m.group(0)), f"{full}->{short}"))
        for short in abbrs:
            short_re = re.compile(
                r"(?<![\w&'-])" + re.escape(short.rstrip(".")) + r"\.?(?![\w&'-])", re.IGNORECASE
            )
            if short_re.search(src.name) and not re.fullmatch(r"co\.?", short, re.IGNORECASE):
                options.append((short_re, lambda m, f=full: _case_like(f, m.group(0)), f"{short}->{full}"))
    if not options:
        return None
    pattern, repl, detail = rng.choice(options)
    out = pattern.sub(repl, src.name)
    if out == src.name or len(tokens(out)) < 2:
        return None
    return out, detail


def _place_in(place_name: str, country: str) -> bool:
    """False for a place known to lie elsewhere: an Iranian front company's Dubai office does not make
    `Abu Dhabi` an Iranian place to put before an Iranian name."""
    terr = lookup_territory(place_name)
    return terr is None or (terr.ftm_country or "").upper() == country


def place(src: Source, corpus: Corpus, rng: random.Random) -> tuple[str, str] | None:
    """Drop a leading city/province, or add one the entry's own addresses (else its country) name."""
    if not is_latin(src.name) or not looks_like_org(src):
        return None
    words = src.name.split()
    for n in (2, 1):
        if len(words) > n + 1:
            lead = " ".join(words[:n])
            lead_clean = PLACE_SUFFIXES.sub("", lead).strip(" ,.")
            if lead_clean and corpus.is_place(lead_clean):
                rest = " ".join(words[n:])
                if rest.lower().startswith(("province ", "city ", "municipal ")):
                    rest = rest.split(" ", 1)[1]
                if corpus.distinctive(rest):
                    return rest, "drop"
                return None
    found = find_legal_form(src.name)
    if found is not None and found.position == "prefix":
        return None  # `Zhejiang OOO Romashka` is no way anyone writes a name
    if found is None and not any(t in COMPANY_WORDS for t in tokens(src.name)):
        return None  # a place leads company names (`Zhejiang Dahua`), not armed groups or ministries
    core = found.core if found is not None else src.name
    if len([t for t in tokens(core) if t not in LEGAL_TOKENS]) < 2 or not corpus.distinctive(core):
        return None  # the place would outweigh the name: `Moscow ACME`, `Isfahan General Electronic`
    first = words[0].strip(",.()")
    if first.lower() in corpus.place_keys or lookup_territory(first) is not None:
        return None  # already led by a place or a country name
    own = sorted(p for p in _address_places(src.entry.addresses) if p in corpus.places)
    pool = own
    if not pool:
        pool = sorted(
            {p for c in src.entry.countries for p in corpus.places_by_country.get(c, []) if _place_in(p, c)}
        )
    pool = [p for p in pool if p.lower() not in src.name.lower()]
    if not pool:
        return None
    new = _style_like(rng.choice(pool), src.name)
    return f"{new} {src.name}", "add:own-address" if own else "add:country"


KEYBOARD = {
    c: n
    for c, n in zip(
        "qwertyuiopasdfghjklzxcvbnm",
        [
            "wa",
            "qes",
            "wrd",
            "etf",
            "ryg",
            "tuh",
            "yij",
            "uok",
            "ipl",
            "ol",
            "qsz",
            "awdxz",
            "sefc",
            "drgv",
            "fthb",
            "gyjn",
            "hukm",
            "jilm",
            "kop",
            "zsc",
            "xdv",
            "cfb",
            "vgn",
            "bhm",
            "njk",
        ],
        strict=False,
    )
}


def typo(src: Source, corpus: Corpus, rng: random.Random) -> tuple[str, str] | None:
    """One edit in a token of >= 6 letters of a name of >= 12 characters."""
    if len(src.name) < 12 or not is_latin(src.name):
        return None
    spans = [m for m in re.finditer(r"[A-Za-z]{6,}", src.name) if m.group(0).lower() not in LEGAL_TOKENS]
    if not spans:
        return None
    m = rng.choice(spans)
    word = m.group(0)
    upper = word.isupper()
    op = rng.choice(["substitute", "insert", "delete", "transpose"])
    i = rng.randrange(len(word))

    def near(c: str) -> str:
        return rng.choice(KEYBOARD.get(c.lower(), "etaoin"))

    def case_as(c: str, like: str) -> str:
        return c.upper() if like.isupper() else c.lower()

    # Letters keep the case of the position they land on, so `Smith` never becomes `SMith` or `sMith`.
    if op == "substitute":
        new = word[:i] + case_as(near(word[i]), word[i]) + word[i + 1 :]
    elif op == "insert":
        if i == 0 and word[0].isupper() and not upper:
            new = near(word[0]).upper() + word[0].lower() + word[1:]
        else:
            new = word[:i] + case_as(near(word[i]), word[i]) + word[i:]
    elif op == "delete":
        new = word[:i] + word[i + 1 :]
        if i == 0 and word[0].isupper():
            new = new[:1].upper() + new[1:]
    else:
        pairs = [j for j in range(len(word) - 1) if word[j].lower() != word[j + 1].lower()]
        if not pairs:
            return None
        j = rng.choice(pairs)
        a, b = word[j], word[j + 1]
        new = word[:j] + case_as(b, a) + case_as(a, b) + word[j + 2 :]
    if new.lower() == word.lower():
        return None
    return src.name[: m.start()] + new + src.name[m.end() :], f"{op}:{word}->{new}"


def spacing(src: Source, corpus: Corpus, rng: random.Random) -> tuple[str, str] | None:
    """Join two words (`Sense Time`->`SenseTime`) or split one (`SenseTime`->`Sense Time`)."""
    if not is_latin(src.name):
        return None
    options: list[tuple[str, str]] = []
    # Words of any legal form rigour knows (`BVBA`, `Sdn Bhd`) and function words are never glued on.
    form_words = {t for text, _ in extract_org_types(src.name) for t in tokens(text)}
    for m in re.finditer(r"(?<![\w.&'-])([A-Za-z]{2,}) ([A-Za-z]{2,})(?![\w&'-])", src.name):
        a, b = m.group(1), m.group(2)
        if {a.lower(), b.lower()} & (LEGAL_TOKENS | form_words | FUNCTION_WORDS):
            continue
        options.append((src.name[: m.start()] + a + b + src.name[m.end() :], f"join:{a}{b}"))
    for m in re.finditer(r"[A-Za-z]{7,}", src.name):
        word = m.group(0)
        # Split where a writer would: a camel-case hump, or between two parts that are words of the lists
        # themselves (`SHENZHEN` -> `SHEN ZHEN`), never at an arbitrary letter.
        cuts = [k for k in range(3, len(word) - 2) if word[k].isupper() and word[k - 1].islower()]
        if not cuts:
            low = word.lower()
            cuts = [
                k
                for k in range(3, len(word) - 2)
                if corpus.df[low[:k]] >= SPLIT_MIN_DF
                and corpus.df[low[k:]] >= SPLIT_MIN_DF
                and low[:k] not in LEGAL_TOKENS
            ]
        if cuts:
            k = rng.choice(cuts)
            split = word[:k] + " " + word[k:]
            options.append((src.name[: m.start()] + split + src.name[m.end() :], f"split:{split}"))
    if not options:
        return None
    return rng.choice(options)


def case_punct(src: Source, corpus: Corpus, rng: random.Random) -> tuple[str, str] | None:
    """Change case and punctuation only: the letters and their order stay."""
    if not is_latin(src.name):
        return None
    case_ops: dict[str, Callable[[str], str]] = {
        "upper": str.upper,
        "lower": str.lower,
        "title": lambda s: re.sub(r"[A-Za-z]+", lambda m: m.group(0).capitalize(), s),
    }
    punct_ops: dict[str, Callable[[str], str]] = {
        "punct_to_space": lambda s: re.sub(r"\s+", " ", re.sub(r"[.,'\"()/-]", " ", s)).strip(),
        "drop_punct": lambda s: re.sub(r"\s+", " ", re.sub(r"[.,'\"()]", "", s)).strip(),
        "hyphenate": lambda s: re.sub(r"(?<=[A-Za-z]) (?=[A-Za-z])", "-", s, count=1),
        "and_amp": lambda s: re.sub(r"\s&\s", " and ", s) if "&" in s else re.sub(r"\band\b", "&", s),
    }
    plans = [[c] for c in case_ops] + [[p] for p in punct_ops] + [[c, p] for c in case_ops for p in punct_ops]
    rng.shuffle(plans)
    allops = case_ops | punct_ops
    for plan in plans:
        out, done = src.name, []
        for op in plan:
            changed = allops[op](out)
            if changed != out:
                out, done = changed, [*done, op]
        if out != src.name and out.strip() and len(done) == len(plan):
            return out, "+".join(done)
    return None


def name_order(src: Source, corpus: Corpus, rng: random.Random) -> tuple[str, str] | None:
    """`SMITH, John` <-> `John Smith` for persons."""
    if src.entry.kind != EntityKind.PERSON or not is_latin(src.name):
        return None
    if src.name.count(",") == 1:
        surname, given = (p.strip() for p in src.name.split(","))
        if not surname or not given:
            return None
        out = f"{given} {surname}"
        if rng.random() < 0.5:
            out = re.sub(r"[A-Za-z]+", lambda m: m.group(0).capitalize(), out)
        return out, "surname_first->given_first"
    words = src.name.split()
    if len(words) < 2 or "," in src.name:
        return None
    surname = words[-1]
    out = (
        f"{surname.upper()}, {' '.join(words[:-1])}"
        if rng.random() < 0.5
        else f"{surname} {' '.join(words[:-1])}"
    )
    return out, "given_first->surname_first"


# A common Russian romanisation (BGN/PCGN-like) run backwards: what a Russian writer would type.
_CYR_MULTI = (
    ("shch", "щ"),
    ("zh", "ж"),
    ("kh", "х"),
    ("ts", "ц"),
    ("ch", "ч"),
    ("sh", "ш"),
    ("yu", "ю"),
    ("ya", "я"),
    ("yo", "ё"),
    ("ye", "е"),
    ("iy", "ий"),
    ("yy", "ый"),
)
_CYR_SINGLE = {
    "a": "а",
    "b": "б",
    "v": "в",
    "g": "г",
    "d": "д",
    "e": "е",
    "z": "з",
    "i": "и",
    "k": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "p": "п",
    "r": "р",
    "s": "с",
    "t": "т",
    "u": "у",
    "f": "ф",
    "h": "х",
    "c": "к",
    "j": "дж",
    "q": "к",
    "w": "в",
    "x": "кс",
    "'": "ь",
}
_VOWELS = set("aeiouy")


def to_cyrillic(text: str) -> str:
    out_words = []
    for word in re.findall(r"[A-Za-z']+|[^A-Za-z']+", text):
        if not re.match(r"[A-Za-z]", word):
            out_words.append(word)
            continue
        w = word.lower()
        res = []
        i = 0
        while i < len(w):
            for lat, cyr in _CYR_MULTI:
                if w.startswith(lat, i):
                    res.append(cyr)
                    i += len(lat)
                    break
            else:
                ch = w[i]
                prev = w[i - 1] if i else ""
                if ch == "y":
                    res.append("й" if prev in _VOWELS else "ы")
                elif ch == "e" and i == 0:
                    res.append("э")
                elif ch == "c" and i + 1 < len(w) and w[i + 1] in "eiy":
                    res.append("ц")
                else:
                    res.append(_CYR_SINGLE.get(ch, ""))
                i += 1
        cyr = "".join(res)
        out_words.append(cyr[:1].upper() + cyr[1:])
    return "".join(out_words)


_CYR_FORMS = {"llc": "ООО", "jsc": "АО", "ojsc": "ОАО", "pjsc": "ПАО", "cjsc": "ЗАО"}


def cyrillic(src: Source, corpus: Corpus, rng: random.Random) -> tuple[str, str] | None:
    """The name as a Russian writer spells it: persons of any country, organisations of Cyrillic-writing
    countries whose names are not English words."""
    if not is_latin(src.name) or re.search(r"[0-9]", src.name):
        return None  # `24X7` stays Latin in any script: nothing to transliterate
    name = src.name
    prefix = ""
    if src.entry.kind == EntityKind.PERSON:
        pass
    elif set(src.entry.countries) & CYRILLIC_COUNTRIES and looks_like_org(src):
        found = find_legal_form(name)
        if found is not None:
            name = found.core
            prefix = _CYR_FORMS.get(found.family, "")
        # An English word spelt letter by letter in Cyrillic is no name a Russian writer would use.
        if any(t in corpus.english or t.rstrip("s") in corpus.english for t in tokens(name)):
            return None
    else:
        return None
    core = to_cyrillic(re.sub(r"[\"']", "", ascii_text(name))).strip()
    if len(tokens(core)) < 1 or len(re.findall(r"\w", core)) < 4:
        return None
    out = f"{prefix} «{core}»" if prefix and rng.random() < 0.5 else f"{prefix} {core}".strip()
    return out, "ru-translit"


# --- Chinese characters: how a Chinese counterparty writes a listed pinyin name (`浙江大华技术有限公司`).
# Pinyin words become characters that read as that syllable (chosen among the 3,755 common characters of
# GB 2312 level 1, so `ascii_text` reads them back as the same pinyin); common English business words
# become their usual Chinese; anything else (a brand, an English word) makes the rule not apply.
CHINESE_COUNTRIES = frozenset({"CN", "HK", "TW", "MO"})
CHINESE_GLOSSARY: tuple[tuple[str, str], ...] = (
    ("science and technology", "科技"),
    ("import and export", "进出口"),
    ("public security bureau", "公安局"),
    ("co ltd", "有限公司"),
    ("company limited", "有限公司"),
    ("hong kong", "香港"),
    ("heavy industry", "重工"),
    ("technology", "技术"),
    ("technologies", "技术"),
    ("tech", "科技"),
    ("science", "科学"),
    ("sciences", "科学"),
    ("electronics", "电子"),
    ("electronic", "电子"),
    ("information", "信息"),
    ("communication", "通信"),
    ("communications", "通信"),
    ("network", "网络"),
    ("intelligent", "智能"),
    ("equipment", "设备"),
    ("industry", "工业"),
    ("industrial", "实业"),
    ("machinery", "机械"),
    ("group", "集团"),
    ("company", "公司"),
    ("co", "公司"),
    ("corporation", "总公司"),
    ("corp", "公司"),
    ("limited", "有限公司"),
    ("ltd", "有限公司"),
    ("international", "国际"),
    ("trading", "贸易"),
    ("trade", "贸易"),
    ("development", "发展"),
    ("research", "研究"),
    ("institute", "研究所"),
    ("academy", "研究院"),
    ("university", "大学"),
    ("engineering", "工程"),
    ("materials", "材料"),
    ("material", "材料"),
    ("semiconductor", "半导体"),
    ("microelectronics", "微电子"),
    ("aviation", "航空"),
    ("aerospace", "航天"),
    ("shipbuilding", "造船"),
    ("digital", "数字"),
    ("software", "软件"),
    ("optical", "光学"),
    ("automation", "自动化"),
    ("energy", "能源"),
    ("new", "新"),
    ("power", "电力"),
    ("chemical", "化工"),
    ("investment", "投资"),
    ("holding", "控股"),
    ("holdings", "控股"),
    ("bureau", "局"),
    ("municipal", "市"),
    ("city", "市"),
    ("province", "省"),
    ("county", "县"),
    ("china", "中国"),
    ("instruments", "仪器"),
    ("instrument", "仪器"),
    ("precision", "精密"),
    ("systems", "系统"),
    ("system", "系统"),
    ("computer", "计算机"),
    ("laboratory", "实验室"),
    ("center", "中心"),
    ("centre", "中心"),
    ("manufacturing", "制造"),
    ("products", "制品"),
    ("textile", "纺织"),
    ("logistics", "物流"),
    ("shipping", "航运"),
    ("biotechnology", "生物技术"),
    ("medical", "医疗"),
    ("of", ""),
    ("and", ""),
    ("the", ""),
)
# Syllables that are also everyday English words: in an English-language list name they are English.
PINYIN_LOOKALIKES = frozenset(
    "an ban bin die fan gang hang he long ma man men pan ran she sun tan tie ca".split()
)
# English words split into pinyin end in syllables names rarely use (`fu tu re`, `ma chi ne`); an English
# word of the ordinary company names that splits into any of the wider set (`da ta`, `o pen`) is English.
ENGLISH_TAILS = frozenset("re me ne te se ce e o er".split())
ENGLISH_SYLLABLES = ENGLISH_TAILS | frozenset("a e o le ke ta ti ri bi di mo la na mi pe ca er".split())


@functools.lru_cache(maxsize=1)
def pinyin_characters() -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = defaultdict(list)
    for cp in range(0x4E00, 0x9FA6):
        ch = chr(cp)
        try:
            code = ch.encode("gb2312")
        except UnicodeEncodeError:
            continue
        if 0xB0 <= code[0] <= 0xD7:  # GB 2312 level 1: the common characters
            reading = ascii_text(ch).strip().lower()
            if reading.isalpha():
                table[reading].append(ch)
    return {k: tuple(v) for k, v in table.items()}


def pinyin_syllables(word: str) -> list[str] | None:
    """Split a word into pinyin syllables (fewest pieces), or None when it is not pinyin."""
    table = pinyin_characters()
    w = word.lower()
    best: list[list[str] | None] = [[]] + [None] * len(w)
    for end in range(1, len(w) + 1):
        for start in range(max(0, end - 6), end):
            prev = best[start]
            if (
                prev is not None
                and w[start:end] in table
                and (best[end] is None or len(prev) + 1 < len(best[end]))
            ):
                best[end] = [*prev, w[start:end]]
    return best[len(w)]


def chinese(src: Source, corpus: Corpus, rng: random.Random) -> tuple[str, str] | None:
    """The name in Chinese characters, for parties of China, Hong Kong, Taiwan and Macau."""
    if not is_latin(src.name) or not set(src.entry.countries) & CHINESE_COUNTRIES:
        return None
    is_person = src.entry.kind == EntityKind.PERSON
    if not is_person and not looks_like_org(src):
        return None
    name = src.name
    if is_person and name.count(",") == 1:  # `WANG, Wei` is written surname first: 王伟
        surname, given = name.split(",")
        name = f"{surname} {given}"
    words = tokens(name.replace("'", ""))
    if not is_person and "of" in words:  # `Beijing Institute of X Engineering` -> 北京 X工程 研究所
        at = words.index("of")
        left, right = words[:at], words[at + 1 :]
        lead = 0
        while lead < len(left) and left[lead] not in {p for p, _ in CHINESE_GLOSSARY}:
            lead += 1
        words = left[:lead] + right + left[lead:]
    table = pinyin_characters()
    out: list[str] = []
    pinyin_words = 0
    i = 0
    while i < len(words):
        for phrase, zh in CHINESE_GLOSSARY:
            n = phrase.count(" ") + 1
            if " ".join(words[i : i + n]) == phrase and not is_person:
                out.append(zh)
                i += n
                break
        else:
            word = words[i]
            syllables = pinyin_syllables(word) if word not in PINYIN_LOOKALIKES else None
            if not syllables or ENGLISH_TAILS & set(syllables):
                return None
            if word in corpus.english and ENGLISH_SYLLABLES & set(syllables):
                return None
            out.extend(rng.choice(table[s]) for s in syllables)
            pinyin_words += 1
            i += 1
    if not pinyin_words:
        return None  # only generic words: nothing would identify the party
    return "".join(out), f"pinyin-words:{pinyin_words}"


RULES: dict[str, Rule] = {
    "legal_form": legal_form,
    "abbreviation": abbreviation,
    "place": place,
    "typo": typo,
    "spacing": spacing,
    "case_punct": case_punct,
    "name_order": name_order,
    "cyrillic": cyrillic,
    "chinese": chinese,
}
COMBINABLE = ("legal_form", "abbreviation", "place", "typo", "case_punct", "name_order", "spacing")
# Pairs that stack two edits on the same letters or glue an added place onto the name (`ZhejiangDahua`,
# `ISSAMSHMAMOUT`): no one writes a name that way.
NOT_COMBINED = frozenset(
    {frozenset({"place", "spacing"}), frozenset({"typo", "spacing"}), frozenset({"name_order", "spacing"})}
)


# --------------------------------------------------------------------------------------------------
# Sampling.
# --------------------------------------------------------------------------------------------------
def split_of(key: str) -> str:
    """`dev` or `test` by a stable hash of a listed entry's id (or a negative name): tuning sees only
    `dev`, and the same id lands on the same side on every machine and run."""
    return SPLITS[hashlib.sha256(key.encode("utf-8")).digest()[0] & 1]


def error_model_variant(src: Source, corpus: Corpus, rng: random.Random) -> Variant | None:
    """One data-entry error class (bench/errors.py), drawn uniformly, applied to a Latin-script name."""
    if not is_latin(src.name):
        return None
    kinds = list(ERROR_RULES)
    rng.shuffle(kinds)
    for kind in kinds:
        res = ERROR_RULES[kind](src.name, rng)
        if res is not None:
            return _variant(src, res[0], kind, res[1], corpus, rng)
    return None


def eligible_source(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return len(letters) >= 4 and len(letters) >= 0.6 * len(name.replace(" ", "")) and is_latin(name)


def eligible_sources(corpus: Corpus, split: str | None = None) -> list[Source]:
    out: list[Source] = []
    for e in corpus.entries:
        if split is not None and split_of(e.id) != split:
            continue
        for nm in dict.fromkeys(e.names()):
            if eligible_source(nm):
                out.append(Source(e, nm))
    return out


def stratified_sources(corpus: Corpus, n: int, rng: random.Random, split: str | None = None) -> list[Source]:
    """Sample (entry, name) pairs over (list, kind) strata, sqrt-proportional so the small lists count."""
    strata: dict[tuple[str, str], list[Source]] = defaultdict(list)
    for src in eligible_sources(corpus, split):
        strata[(src.entry.list, src.entry.kind.value)].append(src)
    keys = sorted(strata)
    weights = {k: math.sqrt(len(strata[k])) for k in keys}
    total = sum(weights.values())
    out: list[Source] = []
    for k in keys:
        take = min(len(strata[k]), max(1, round(n * weights[k] / total)))
        out.extend(rng.sample(strata[k], take))
    rng.shuffle(out)
    return out


def _hints(entry: Entry, rng: random.Random) -> tuple[str | None, str | None]:
    kind = None
    if entry.kind in (EntityKind.PERSON, EntityKind.ORGANISATION) and rng.random() < 0.5:
        kind = "person" if entry.kind == EntityKind.PERSON else "org"
    country = rng.choice(sorted(entry.countries)) if entry.countries and rng.random() < 0.5 else None
    if country is not None and rng.random() < 0.3:  # callers send English names as well as ISO codes
        territory = get_territory(country.lower())
        country = territory.name if territory is not None else country
    return kind, country


def _variant(
    src: Source, query: str, transform: str, detail: str, corpus: Corpus, rng: random.Random
) -> Variant | None:
    query = re.sub(r"\s+", " ", query).strip()
    if not query or query == src.name.strip():
        return None
    kind, country = _hints(src.entry, rng)
    expected = tuple(sorted(set(corpus.expected(src.name)) | {src.entry.id}))
    return Variant(
        query=query,
        transform=transform,
        detail=detail,
        source=src.name,
        source_id=src.entry.id,
        list=src.entry.list,
        kind=kind,
        country=country,
        expected=expected,
    )


def un_original_names(path: Path = UN_XML) -> list[tuple[str, str, str]]:
    """(Latin name, original-script name, `person`|`org`) of UN records that give both, read straight
    from the XML so the benchmarks do not depend on what the adapter keeps."""
    if not path.exists():
        return []
    out: list[tuple[str, str, str]] = []
    for rec in ET.parse(path).getroot().iter():
        if rec.tag not in ("INDIVIDUAL", "ENTITY"):
            continue
        original = (rec.findtext("NAME_ORIGINAL_SCRIPT") or "").strip()
        parts = [
            (rec.findtext(t) or "").strip()
            for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
        ]
        latin = " ".join(p for p in parts if p)
        if original and latin and not is_latin(original):
            out.append((latin, original, "person" if rec.tag == "INDIVIDUAL" else "org"))
    return out


def original_script_variants(
    corpus: Corpus, rng: random.Random, limit: int, path: Path = UN_XML, split: str | None = None
) -> list[Variant]:
    """UN records give the party's name in its own script: that name is the query, the Latin one the
    source."""
    found: list[tuple[str, str, Entry]] = []
    for latin, original, _ in un_original_names(path):
        ids = corpus.expected(latin)
        if not ids:
            continue
        entry = next((e for e in corpus.entries if e.id == ids[0]), None)
        if entry is not None and (split is None or split_of(entry.id) == split):
            found.append((original, latin, entry))
    rng.shuffle(found)
    out = []
    for original, latin, entry in found[:limit]:
        v = _variant(Source(entry, latin), original, "original_script", "un-original", corpus, rng)
        if v is not None:
            out.append(v)
    return out


def build_devset(
    lists: Sequence[LoadedList],
    seed: int = DEFAULT_SEED,
    n_sources: int = DEFAULT_SOURCES,
    negatives_path: Path = NEGATIVES_CSV,
    corpus: Corpus | None = None,
    split: str | None = None,
    error_model: bool = True,
) -> DevSet:
    """Deterministic for a seed and the same lists: sorted inputs, one RNG, no set-order dependence.

    `split` keeps only listed entries (and negative names) whose stable hash falls on that side;
    `error_model=False` leaves out the data-entry error classes (bench/errors.py), giving the set the
    speed benchmark has always used."""
    rng = random.Random(seed)
    corpus = corpus or build_corpus(lists, negatives_path)
    sources = stratified_sources(corpus, n_sources, rng, split)
    applicable = {
        s: [t for t, rule in RULES.items() if rule(s, corpus, random.Random(0)) is not None] for s in sources
    }
    freq = Counter(t for ts in applicable.values() for t in ts)
    variants: list[Variant] = []
    for src in sources:
        ts = applicable[src]
        if not ts:
            continue
        # Rare-to-apply rules are picked more often so every transformation gets a usable count.
        k = min(len(ts), rng.choice([1, 1, 2]))
        chosen: list[str] = []
        pool = list(ts)
        for _ in range(k):
            w = [1.0 / freq[t] for t in pool]
            t = rng.choices(pool, weights=w)[0]
            chosen.append(t)
            pool.remove(t)
        for t in chosen:
            res = RULES[t](src, corpus, rng)
            if res is not None:
                v = _variant(src, res[0], t, res[1], corpus, rng)
                if v is not None:
                    variants.append(v)
        err = error_model_variant(src, corpus, rng) if error_model else None
        if err is not None:
            variants.append(err)
        combinable = [t for t in ts if t in COMBINABLE]
        if len(combinable) >= 2 and rng.random() < 0.12:
            a, b = rng.sample(combinable, 2)
            if frozenset({a, b}) in NOT_COMBINED:
                continue
            if b == "name_order":  # reorder the listed name as written, before its commas are gone
                a, b = b, a
            first = RULES[a](src, corpus, rng)
            if first is not None:
                second = RULES[b](Source(src.entry, first[0]), corpus, rng)
                if second is not None:
                    v = _variant(src, second[0], "combo", f"{a}:{first[1]}|{b}:{second[1]}", corpus, rng)
                    if v is not None:
                        variants.append(v)
    # Rules that few sampled names admit (Chinese characters need a Chinese party) are topped up from the
    # whole pool, so every transformation is measured on enough variants.
    minimum = max(20, n_sources // 15)
    have = Counter(v.transform for v in variants)
    taken = set(sources)
    pool = [s for s in eligible_sources(corpus, split) if s not in taken]
    rng.shuffle(pool)
    for t, rule in RULES.items():
        need = minimum - have[t]
        for src in pool:
            if need <= 0:
                break
            res = rule(src, corpus, rng)
            v = _variant(src, res[0], t, res[1], corpus, rng) if res is not None else None
            if v is not None:
                variants.append(v)
                need -= 1
    variants.extend(original_script_variants(corpus, rng, limit=max(50, n_sources // 8), split=split))
    unique: dict[str, Variant] = {}
    for v in variants:
        unique.setdefault(v.query, v)
    negatives = [n for n in load_negatives(negatives_path) if split is None or split_of(n) == split]
    return DevSet(seed=seed, variants=tuple(unique.values()), negatives=tuple(negatives))


def code_version() -> str:
    """The commit the benchmark ran on, `+dirty` when the engine has uncommitted changes (read-only git)."""
    root = Path(__file__).resolve().parents[1]
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "matchers"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return head + ("+dirty" if dirty else "")


def load_negatives(path: Path = NEGATIVES_CSV) -> list[str]:
    with path.open(newline="", encoding="utf-8") as fh:
        names = [row["name"].strip() for row in csv.DictReader(fh)]
    return list(dict.fromkeys(n for n in names if n))


def load_lists(directory: Path = LISTS_DIR) -> list[LoadedList]:
    from matchers.lists import load_paths

    return load_paths([directory])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--sources", type=int, default=DEFAULT_SOURCES, help="listed names to vary")
    parser.add_argument("--out", type=Path, help="write variants and negatives as JSON lines")
    parser.add_argument("--stats", action="store_true", help="print counts and examples per transformation")
    args = parser.parse_args(argv)
    dev = build_devset(load_lists(), seed=args.seed, n_sources=args.sources)
    print(f"seed {dev.seed}: {len(dev.variants)} variants, {len(dev.negatives)} negatives", file=sys.stderr)
    if args.stats:
        for t, c in dev.counts().items():
            print(f"  {t:16s} {c:5d}", file=sys.stderr)
            for v in [v for v in dev.variants if v.transform == t][:4]:
                print(f"      {v.source!r} -> {v.query!r}  [{v.detail}]", file=sys.stderr)
    if args.out:
        with args.out.open("w", encoding="utf-8") as fh:
            for v in dev.variants:
                fh.write(json.dumps({"type": "variant", **v.model_dump()}, ensure_ascii=False) + "\n")
            for n in dev.negatives:
                fh.write(json.dumps({"type": "negative", "query": n}, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
