"""The dev-set generator's transformations, on real list names: each produces a different string with the
property it claims, skips names it does not apply to, and the whole set is reproducible from its seed.

Names are picked from the real files by pattern (never by naming a listed party)."""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Callable

import pytest
from rapidfuzz.distance import OSA
from rigour.territories import lookup_territory
from rigour.text.translit import ascii_text

from bench import devset
from bench.devset import (
    LISTS_DIR,
    UN_XML,
    Corpus,
    DevSet,
    Source,
    build_corpus,
    build_devset,
    find_legal_form,
    name_key,
    tokens,
)
from matchers.lists import load_paths
from matchers.models import EntityKind, Entry, LoadedList

ENTITY_LIST = LISTS_DIR / "us_bis_state_2026-07" / "bis_entity_list.json"


@pytest.fixture(scope="module")
def lists() -> list[LoadedList]:
    return load_paths([ENTITY_LIST, UN_XML])


@pytest.fixture(scope="module")
def corpus(lists: list[LoadedList]) -> Corpus:
    return build_corpus(lists)


def sources(corpus: Corpus, pred: Callable[[Entry, str], bool], n: int = 12) -> list[Source]:
    found = [Source(e, nm) for e in corpus.entries for nm in e.names() if pred(e, nm)]
    assert len(found) >= 3, "the real lists should offer names of this shape"
    return random.Random(7).sample(found, min(n, len(found)))


def apply_until(rule: devset.Rule, src: Source, corpus: Corpus, detail: str) -> str | None:
    """Run a rule under several seeds until it takes the wanted branch (`detail` prefix)."""
    for seed in range(60):
        res = rule(src, corpus, random.Random(seed))
        if res is not None and res[1].startswith(detail):
            return res[0]
    return None


def test_legal_form_change_stays_in_family_and_keeps_the_name(corpus: Corpus) -> None:
    srcs = sources(corpus, lambda e, n: bool(re.search(r"Co\., Ltd\.?$", n)))
    for src in srcs:
        out = apply_until(devset.legal_form, src, corpus, "change")
        assert out is not None and out != src.name
        before, after = find_legal_form(src.name), find_legal_form(out)
        assert before is not None and after is not None
        assert after.family == before.family == "co_ltd"
        assert after.core == before.core


def test_legal_form_removal_leaves_a_distinctive_multiword_name(corpus: Corpus) -> None:
    srcs = sources(corpus, lambda e, n: bool(re.search(r"\b(Co\., Ltd\.|LLC|JSC|Limited)$", n)), n=30)
    removed = 0
    for src in srcs:
        out = apply_until(devset.legal_form, src, corpus, "remove")
        if out is not None:
            removed += 1
            assert len(tokens(out)) >= 2 and corpus.distinctive(out)
            assert src.name.startswith(out) and len(out) < len(src.name)
        else:  # removal refused: what would be left is too short or generic to identify anyone
            core = find_legal_form(src.name)
            assert core is not None and not corpus.distinctive(core.core)
    assert removed >= 3


def test_legal_form_is_added_only_to_company_names(corpus: Corpus) -> None:
    companies = sources(corpus, lambda e, n: find_legal_form(n) is None and "Technology" in n.split())
    for src in companies:
        out = apply_until(devset.legal_form, src, corpus, "add")
        assert out is not None and src.name in out and find_legal_form(out) is not None
    person = next(e for e in corpus.entries if e.kind == EntityKind.PERSON)
    assert devset.legal_form(Source(person, person.name), corpus, random.Random(0)) is None


def test_abbreviation_shortens_and_expands_common_words(corpus: Corpus) -> None:
    for src in sources(corpus, lambda e, n: re.search(r"\bTechnology\b", n) is not None):
        out = apply_until(devset.abbreviation, src, corpus, "Technology->")
        assert out is not None
        assert "technology" not in tokens(out) and ("tech" in tokens(out) or "sci" in tokens(out))
    for src in sources(corpus, lambda e, n: re.search(r"(?<![\w-])Tech(?![\w-])", n) is not None, n=5):
        out = apply_until(devset.abbreviation, src, corpus, "Tech->")
        assert out is not None and "tech" not in tokens(out)
        assert {"technology", "technologies"} & set(tokens(out))


def test_places_come_from_the_lists_own_addresses(corpus: Corpus) -> None:
    assert len(corpus.places) > 50
    address_text = " ".join(a for e in corpus.entries for a in e.addresses)
    assert all(p in address_text for p in corpus.places)
    # A name that starts with a listed place loses it; the rest still identifies the party.
    starts = sources(corpus, lambda e, n: n.split()[0] in corpus.places and len(n.split()) >= 4)
    dropped = 0
    for src in starts:
        res = devset.place(src, corpus, random.Random(0))
        if res and res[1] == "drop":
            dropped += 1
            assert src.name.endswith(res[0]) and corpus.distinctive(res[0])
    assert dropped >= 3
    # One without a place gains one the entry's own addresses (else its country) name.
    plain = sources(
        corpus,
        lambda e, n: n.split()[0] not in corpus.places and bool(e.countries) and "Technology" in n.split(),
    )
    for src in plain:
        res = devset.place(src, corpus, random.Random(0))
        if res is not None:
            added = res[0][: -len(src.name)].strip()
            assert res[0].endswith(src.name) and added.lower() in {p.lower() for p in corpus.places}


def test_typo_is_one_edit_in_a_long_token_of_a_long_name(corpus: Corpus) -> None:
    for src in sources(corpus, lambda e, n: len(n) >= 12 and re.search(r"[A-Za-z]{6,}", n) is not None):
        res = devset.typo(src, corpus, random.Random(3))
        assert res is not None
        assert OSA.distance(res[0].lower(), src.name.lower()) == 1
        changed = [w for w, v in zip(src.name.split(), res[0].split(), strict=False) if w != v]
        assert len(changed) <= 1 and all(len(w) >= 6 for w in changed)
    short = next(Source(e, n) for e in corpus.entries for n in e.names() if 4 <= len(n) < 12)
    assert devset.typo(short, corpus, random.Random(0)) is None


def test_spacing_only_moves_spaces(corpus: Corpus) -> None:
    for src in sources(corpus, lambda e, n: devset.is_latin(n) and len(n.split()) >= 2):
        res = devset.spacing(src, corpus, random.Random(5))
        if res is None:
            continue
        assert res[0] != src.name and res[0].replace(" ", "") == src.name.replace(" ", "")


def test_case_and_punctuation_keep_the_letters(corpus: Corpus) -> None:
    def letters(s: str) -> str:
        return re.sub(r"[^a-z]", "", re.sub(r"\band\b|&", "", s.lower()))

    for src in sources(corpus, lambda e, n: devset.is_latin(n)):
        res = devset.case_punct(src, corpus, random.Random(2))
        assert res is not None and res[0] != src.name and letters(res[0]) == letters(src.name)


def test_name_order_swaps_surname_and_given_names_of_persons(corpus: Corpus) -> None:
    for src in sources(
        corpus, lambda e, n: e.kind == EntityKind.PERSON and len(n.split()) >= 2 and devset.is_latin(n)
    ):
        res = devset.name_order(src, corpus, random.Random(4))
        assert res is not None and res[0] != src.name
        assert sorted(tokens(res[0])) == sorted(tokens(src.name))
        assert tokens(res[0]) != tokens(src.name)
    org = next(e for e in corpus.entries if e.kind == EntityKind.ORGANISATION)
    assert devset.name_order(Source(org, org.name), corpus, random.Random(0)) is None


def test_cyrillic_is_a_russian_spelling_that_transliterates_back(corpus: Corpus) -> None:
    from rapidfuzz import fuzz

    for src in sources(corpus, lambda e, n: e.kind == EntityKind.PERSON and devset.is_latin(n)):
        res = devset.cyrillic(src, corpus, random.Random(0))
        assert res is not None
        assert not re.search(r"[A-Za-z]", res[0]) and re.search(r"[А-Яа-яЁё]", res[0])
        back = ascii_text(res[0]).lower()  # `Ри Джае Ил` -> `ri dzhae il`: close, not equal
        assert len(tokens(back)) == len(tokens(src.name))
        assert fuzz.token_sort_ratio(back, ascii_text(src.name).lower()) >= 50, (src.name, res[0], back)
    assert devset.to_cyrillic("Shcherbakov Zhukov") == "Щербаков Жуков"


def test_chinese_characters_read_back_as_the_listed_pinyin(corpus: Corpus) -> None:
    glossary = {phrase for phrase, _ in devset.CHINESE_GLOSSARY}
    made = 0
    for src in sources(corpus, lambda e, n: "CN" in e.countries and devset.is_latin(n), n=80):
        res = devset.chinese(src, corpus, random.Random(0))
        if res is None:
            continue
        made += 1
        assert re.fullmatch(r"[\u4e00-\u9fff]+", res[0]), res
        reading = ascii_text(res[0]).lower().replace(" ", "")
        for word in tokens(src.name.replace("'", "")):
            if word not in glossary:  # a pinyin word: its characters read as the same syllables
                assert word in reading, (src.name, res[0], reading)
    assert made >= 10
    elsewhere = [e for e in corpus.entries if e.countries and not set(e.countries) & devset.CHINESE_COUNTRIES]
    foreign = Source(elsewhere[0], elsewhere[0].name)
    assert devset.chinese(foreign, corpus, random.Random(0)) is None


def test_original_script_queries_are_the_un_names_in_their_own_script(corpus: Corpus) -> None:
    variants = devset.original_script_variants(corpus, random.Random(0), limit=30)
    assert len(variants) == 30
    for v in variants:
        assert not devset.is_latin(v.query) and devset.is_latin(v.source)
        assert any(i.startswith("un-") for i in v.expected)


@pytest.fixture(scope="module")
def small_set(lists: list[LoadedList], corpus: Corpus) -> DevSet:
    return build_devset(lists, seed=11, n_sources=150, corpus=corpus)


def test_devset_is_reproducible_from_its_seed(
    lists: list[LoadedList], corpus: Corpus, small_set: DevSet
) -> None:
    again = build_devset(lists, seed=11, n_sources=150, corpus=corpus)
    other = build_devset(lists, seed=12, n_sources=150, corpus=corpus)
    assert again.variants == small_set.variants
    assert [v.query for v in other.variants] != [v.query for v in small_set.variants]


def test_every_variant_expects_every_entry_carrying_the_same_name(corpus: Corpus, small_set: DevSet) -> None:
    assert len(small_set.counts()) >= 8  # most transformations are represented even in a small set
    carriers: dict[str, set[str]] = {}
    for e in corpus.entries:
        for n in e.names():
            carriers.setdefault(name_key(n), set()).add(e.id)
    for v in small_set.variants:
        assert v.query != v.source and v.source_id in v.expected
        assert carriers[name_key(v.source)] <= set(v.expected)
        if v.country is not None:  # hints, when given, are correct (an ISO code or the English name)
            entry = next(e for e in corpus.entries if e.id == v.source_id)
            code = v.country if len(v.country) == 2 else lookup_territory(v.country).ftm_country.upper()
            assert code in entry.countries


def test_negatives_are_all_the_ordinary_company_names(small_set: DevSet) -> None:
    with devset.NEGATIVES_CSV.open(encoding="utf-8", newline="") as fh:
        names = {row["name"].strip() for row in csv.DictReader(fh)}
    assert len(names) > 3000
    assert set(small_set.negatives) == names and len(small_set.negatives) == len(names)
