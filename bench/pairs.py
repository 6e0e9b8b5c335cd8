"""Labelled name pairs for `holdline compare`, built from public data only (../shared): transliteration
pairs, the real lists' own aliases and original-script names, person names re-ordered or shortened,
nicknames, vessel prefixes, and hard negatives (same surname or given name, shared generic words).

Each pair: {"a", "b", "kind": person|org|vessel, "label": bool, "category", "variant", "note"}.
`variant` is False for list aliases that do not look like a spelling of the same name (a former name, a
cover name): the list says same entity, so they stay positives, but `bench/pairs_f1.py` also reports F1
on the name-variant subset without them.

Hard-negative policy: two names are a negative only when a whole name part differs (another given name,
another surname, another distinctive company word). One-letter differences (`Ivanov`/`Ivanova`,
`Mohammad`/`Muhammad`) are never negatives: a screener must surface them, and the lists themselves spell
one person both ways.

    .venv/bin/python bench/pairs.py --stats [--out pairs.jsonl]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict
from rapidfuzz import fuzz
from rigour.text.translit import ascii_text

from bench.devset import (
    DEFAULT_SEED,
    LEGAL_TOKENS,
    RULES,
    SHARED,
    Corpus,
    Source,
    build_corpus,
    is_latin,
    load_lists,
    load_negatives,
    looks_like_org,
    name_key,
    tokens,
    un_original_names,
)
from bench.errors import ERROR_RULES
from matchers.models import EntityKind, Entry, LoadedList

TRANSLIT = SHARED / "names" / "translit"
WIKIDATA_SCRIPTS = ("arabic", "chinese", "hebrew", "katakana", "korean", "russian")
# How a full name's parts are joined in each script when written natively.
SCRIPT_JOINER = {"chinese": "·", "katakana": "・"}

Kind = Literal["person", "org", "vessel"]


class Pair(BaseModel):
    model_config = ConfigDict(frozen=True)

    a: str
    b: str
    kind: Kind
    label: bool
    category: str
    variant: bool = True
    note: str = ""


# Default sizes per category; positives and negatives each sum to about half.
POSITIVE_SIZES = {
    "reorder": 350,
    "nickname": 200,
    "translit": 400,
    "list_script": 200,
    "list_alias": 350,
    "vessel": 150,
    "org_variant": 350,
    "error_model": 400,
}
NEGATIVE_SIZES = {
    "person_same_surname": 350,
    "person_same_given": 300,
    "nickname_neg": 150,
    "org_generic": 450,
    "vessel_neg": 150,
    "translit_neg": 300,
    "random": 300,
}


# --------------------------------------------------------------------------------------------------
# Helpers.
# --------------------------------------------------------------------------------------------------
# A transcription row: the Latin name, its native spelling, and whatever else the source gives.
Row = TypeVar("Row", bound=tuple[Any, ...])


def title(text: str) -> str:
    return re.sub(r"[A-Za-z]+", lambda m: m.group(0).capitalize(), text)


def restyle(text: str, rng: random.Random) -> str:
    return rng.choice([text, text, text.upper(), title(text)])


def kind_of(entry: Entry, name: str) -> Kind | None:
    if entry.kind == EntityKind.PERSON:
        return "person"
    if entry.kind == EntityKind.VESSEL:
        return "vessel"
    if entry.kind == EntityKind.ORGANISATION or looks_like_org(Source(entry, name)):
        return "org"
    return None


def split_person(name: str) -> tuple[list[str], list[str]] | None:
    """(given names, surname parts) of a Latin person name, `SURNAME, Given` or `Given Surname`."""
    if not is_latin(name) or name.count(",") > 1 or re.search(r"[0-9()]", name):
        return None
    if "," in name:
        sur, giv = (p.strip() for p in name.split(","))
        given, surname = giv.split(), sur.split()
    else:
        words = name.split()
        given, surname = words[:-1], words[-1:]
    if not given or not surname or any(len(w.strip(".")) == 0 for w in given + surname):
        return None
    return given, surname


def persons(corpus: Corpus) -> list[tuple[Entry, str, list[str], list[str]]]:
    out = []
    for e in corpus.entries:
        if e.kind != EntityKind.PERSON:
            continue
        for n in e.names():
            parts = split_person(n)
            if parts:
                out.append((e, n, *parts))
    return out


def render_person(given: Sequence[str], surname: Sequence[str], style: str) -> str:
    g, s = " ".join(given), " ".join(surname)
    if style == "comma":
        return f"{s.upper()}, {title(g)}"
    if style == "surname_first":
        return f"{s} {g}"
    return f"{g} {s}"


def related(a: str, b: str, corpus: Corpus) -> bool:
    """Does an alias look like a spelling of the name (a shared uncommon word, a close string, an
    acronym)? `KOREA TRADE BANK` for `FOREIGN TRADE BANK OF THE DPRK` does not: only common words shared."""
    ta = [t for t in tokens(a) if t not in LEGAL_TOKENS]
    tb = [t for t in tokens(b) if t not in LEGAL_TOKENS]
    if not ta or not tb:
        return False
    common = 5 * corpus.rare_df
    if {t for t in ta if len(t) >= 4 and corpus.df[t] <= common} & set(tb):
        return True
    sa, sb = " ".join(ta), " ".join(tb)
    squashed = fuzz.ratio("".join(sorted(ta)), "".join(sorted(tb)))
    if fuzz.token_sort_ratio(sa, sb) >= 70 or fuzz.ratio(sa.replace(" ", ""), sb.replace(" ", "")) >= 70:
        return True
    if squashed >= 70:
        return True
    initials_a, initials_b = "".join(t[0] for t in ta), "".join(t[0] for t in tb)
    return (len(tb) == 1 and tb[0] == initials_a) or (len(ta) == 1 and ta[0] == initials_b)


# --------------------------------------------------------------------------------------------------
# Public transliteration data.
# --------------------------------------------------------------------------------------------------
def wikidata_pairs(script: str) -> list[tuple[str, str, int]]:
    path = TRANSLIT / "netransliteration_wikidata" / f"wd_{script}_20"
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3 and parts[0].isalpha() and len(parts[0]) >= 3:
                out.append((parts[0], parts[1].replace(" ", ""), int(parts[2] or 0)))
    return out


def ar2en_pairs() -> list[tuple[str, str]]:
    path = TRANSLIT / "google_transliteration" / "ar2en.txt"
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.strip().split("\t")
            if len(parts) == 2 and parts[1].isalpha() and len(parts[1]) >= 3:
                out.append((parts[1], parts[0]))
    return out


def watchman_pairs() -> list[tuple[str, str]]:
    path = TRANSLIT / "watchman_cross_script" / "cross_script_pairs.csv"
    with path.open(encoding="utf-8") as fh:
        rows = [r for r in csv.reader(line for line in fh if line.strip() and not line.startswith("#"))]
    return [(r[1].strip(), r[0].strip()) for r in rows if len(r) >= 2]


# --------------------------------------------------------------------------------------------------
# Positive generators.
# --------------------------------------------------------------------------------------------------
def gen_reorder(corpus: Corpus, rng: random.Random, n: int) -> Iterable[Pair]:
    people = persons(corpus)
    rng.shuffle(people)
    for _, name, given, surname in people[: n * 3]:
        ops = ["order"]
        if len(given) >= 2:
            ops += ["drop_middle", "middle_initial"]
        ops += ["first_initial"] if len(given[0].strip(".")) > 3 else []
        chosen = rng.sample(ops, min(len(ops), rng.choice([1, 2])))
        if "drop_middle" in chosen and "first_initial" in chosen:
            chosen.remove("first_initial")  # `TURCHAK, A`: a surname and a letter identify no one
        g, s = list(given), list(surname)
        if "drop_middle" in chosen:
            g.pop(rng.randrange(1, len(g)))
        elif "middle_initial" in chosen:
            i = rng.randrange(1, len(g))
            g[i] = g[i][0] + "."
        if "first_initial" in chosen:
            g[0] = g[0][0] + rng.choice([".", ""])
        style = rng.choice(["given_first", "surname_first", "comma"] if "order" in chosen else ["comma"])
        if style == "comma" and "," in name and g == list(given):
            style = "given_first"
        b = restyle(render_person(g, s, style), rng)
        if name_key(b) != name_key(name) or "order" in chosen:
            yield Pair(a=name, b=b, kind="person", label=True, category="reorder", note="+".join(chosen))


def _nick_tables() -> tuple[dict[str, list[str]], dict[str, set[str]]]:
    from nicknames import name_triplets

    nicks: dict[str, list[str]] = defaultdict(list)
    direct: dict[str, set[str]] = defaultdict(set)
    for t in name_triplets():
        if t.relationship == "has_nickname":
            nicks[t.name1].append(t.name2)
            direct[t.name1].add(t.name2)
            direct[t.name2].add(t.name1)
    # Two hops: `Chris` and `Kristy` are both short for `Christina`, so neither is a negative for the other.
    related_names: dict[str, set[str]] = defaultdict(set)
    for name, near in direct.items():
        related_names[name] = set(near).union(*(direct[n] for n in near))
    return {k: sorted(v) for k, v in nicks.items()}, related_names


def gen_nickname(corpus: Corpus, rng: random.Random, n: int) -> Iterable[Pair]:
    nicks, _ = _nick_tables()
    people = [p for p in persons(corpus) if p[2][0].lower() in nicks]
    rng.shuffle(people)
    surnames = [" ".join(p[3]) for p in persons(corpus)]
    made = 0
    for _, name, given, surname in people:
        nick = rng.choice(nicks[given[0].lower()])
        b = render_person([nick.capitalize(), *given[1:]], surname, rng.choice(["given_first", "comma"]))
        made += 1
        yield Pair(
            a=name,
            b=restyle(b, rng),
            kind="person",
            label=True,
            category="nickname",
            note=f"{given[0]}->{nick}",
        )
    canon = sorted(nicks)
    for _ in range(max(0, n - made)):  # too few listed persons with English given names: list surnames
        c = rng.choice(canon)
        s = rng.choice(surnames)
        yield Pair(
            a=f"{c.capitalize()} {title(s)}",
            b=f"{rng.choice(nicks[c]).capitalize()} {title(s)}",
            kind="person",
            label=True,
            category="nickname",
            note="synthetic",
        )


def _translit_full(rows: list[tuple[str, str, int]], script: str, rng: random.Random) -> tuple[str, str]:
    k = rng.choice([1, 2, 2])
    picked = rng.sample(rows, k)
    en = " ".join(r[0].capitalize() for r in picked)
    native = SCRIPT_JOINER.get(script, " ").join(r[1] for r in picked)
    if script == "russian":
        native = " ".join(w.capitalize() for w in native.split())
    return en, native


def gen_translit(corpus: Corpus, rng: random.Random, n: int) -> Iterable[Pair]:
    for en, native in watchman_pairs():
        yield Pair(a=en, b=native, kind="person", label=True, category="translit", note="watchman")
    ar = ar2en_pairs()
    for _ in range(n // 8):
        picked = rng.sample(ar, rng.choice([1, 2]))
        yield Pair(
            a=" ".join(p[0].capitalize() for p in picked),
            b=" ".join(p[1] for p in picked),
            kind="person",
            label=True,
            category="translit",
            note="ar2en",
        )
    per_script = max(1, (n - n // 8 - 20) // len(WIKIDATA_SCRIPTS))
    for script in WIKIDATA_SCRIPTS:
        rows = [r for r in wikidata_pairs(script) if r[2] >= 2]
        for _ in range(per_script):
            en, native = _translit_full(rows, script, rng)
            yield Pair(a=en, b=native, kind="person", label=True, category="translit", note=f"wd-{script}")


def gen_list_script(corpus: Corpus, rng: random.Random, n: int) -> Iterable[Pair]:
    rows = un_original_names()
    rng.shuffle(rows)
    for latin, original, kind in rows[:n]:
        yield Pair(a=latin, b=original, kind=kind, label=True, category="list_script", note="un-original")


def gen_list_alias(corpus: Corpus, rng: random.Random, n: int) -> Iterable[Pair]:
    rows = []
    for e in corpus.entries:
        kind = kind_of(e, e.name)
        if kind is None or not e.aliases:
            continue
        for alias in e.aliases:
            if name_key(alias) != name_key(e.name) and len(tokens(alias)) >= 1 and len(alias) >= 3:
                rows.append((e.name, alias, kind))
    rng.shuffle(rows)
    for a, b, kind in rows[:n]:
        yield Pair(a=a, b=b, kind=kind, label=True, category="list_alias", variant=related(a, b, corpus))


VESSEL_PREFIXES = ("M/V", "MV", "MT", "M.V.", "M/T", "MV.", "M.T.")


def _vessel_names(corpus: Corpus) -> list[tuple[Entry, str]]:
    return [
        (e, n)
        for e in corpus.entries
        if e.kind == EntityKind.VESSEL
        for n in e.names()
        if is_latin(n) and len(tokens(n)) >= 1
    ]


def gen_vessel(corpus: Corpus, rng: random.Random, n: int) -> Iterable[Pair]:
    vessels = _vessel_names(corpus)
    rng.shuffle(vessels)
    for _, name in vessels[:n]:
        b = f"{rng.choice(VESSEL_PREFIXES)} {restyle(name, rng)}"
        if rng.random() < 0.25:
            b = b.replace(" ", "  ", 1).replace("-", " ")
        yield Pair(a=name, b=b, kind="vessel", label=True, category="vessel", note=b.split()[0])


def gen_org_variant(corpus: Corpus, rng: random.Random, n: int) -> Iterable[Pair]:
    names = [
        (e, nm)
        for e in corpus.entries
        for nm in e.names()
        if kind_of(e, nm) == "org" and is_latin(nm) and len(tokens(nm)) >= 2
    ]
    rng.shuffle(names)
    rules = ("legal_form", "abbreviation", "case_punct", "spacing", "typo")
    made = 0
    for e, nm in names:
        if made >= n:
            return
        rule = rng.choice(rules)
        res = RULES[rule](Source(e, nm), corpus, rng)
        if res is None:
            continue
        made += 1
        yield Pair(a=nm, b=res[0], kind="org", label=True, category="org_variant", note=f"{rule}:{res[1]}")


def gen_error_model(corpus: Corpus, rng: random.Random, n: int) -> Iterable[Pair]:
    """A listed name and the same name through the data-entry error model (bench/errors.py): typos in any
    token, OCR confusions, joins and splits anywhere, up to three stacked edits."""
    names = [(e, nm, kind_of(e, nm)) for e in corpus.entries for nm in e.names() if is_latin(nm)]
    rng.shuffle(names)
    kinds = list(ERROR_RULES)
    made = 0
    for _, nm, kind in names:
        if made >= n:
            return
        if kind is None:
            continue
        rule = rng.choice(kinds)
        res = ERROR_RULES[rule](nm, rng)
        if res is None:
            continue
        made += 1
        yield Pair(a=nm, b=res[0], kind=kind, label=True, category="error_model", note=f"{rule}:{res[1]}")


# --------------------------------------------------------------------------------------------------
# Negative generators.
# --------------------------------------------------------------------------------------------------
def _distinct_name_part(x: str, y: str, related_names: dict[str, set[str]]) -> bool:
    """A whole part differs: not a spelling variant, an initial or a nickname of the other."""
    x, y = ascii_text(x).lower().strip("."), ascii_text(y).lower().strip(".")
    if len(x) < 2 or len(y) < 2 or (x[0] == y[0] and (len(x) == 1 or len(y) == 1)):
        return False
    if y in related_names.get(x, ()) or x in related_names.get(y, ()):
        return False
    if x.startswith(y) or y.startswith(x):  # `Ab` / `Abram`: a short form as far as anyone can tell
        return False
    return fuzz.ratio(x, y) < 70


def _entry_keys(e: Entry) -> set[str]:
    return {name_key(n) for n in e.names()}


def _maybe_same(e1: Entry, n1: str, e2: Entry, n2: str) -> bool:
    """Could two listed names be one party (one entry, a shared name, or one name inside the other,
    as `CUI NGUDJOLO` inside `NGUDJOLO, Matthieu Cui`)? Such pairs are never negatives."""
    if e1.id == e2.id or _entry_keys(e1) & _entry_keys(e2):
        return True
    t1 = {t for t in tokens(n1) if t not in LEGAL_TOKENS}
    t2 = {t for t in tokens(n2) if t not in LEGAL_TOKENS}
    return t1 <= t2 or t2 <= t1


def gen_person_same(corpus: Corpus, rng: random.Random, n: int, same: str) -> Iterable[Pair]:
    """Two different listed persons sharing a surname (or a first given name) but not the other part."""
    _, related_names = _nick_tables()
    people = persons(corpus)
    groups: dict[str, list[tuple[Entry, str, list[str], list[str]]]] = defaultdict(list)
    for p in people:
        key = " ".join(tokens(" ".join(p[3]))) if same == "surname" else " ".join(tokens(p[2][0]))
        if len(key) >= 3:
            groups[key].append(p)
    keys = sorted(k for k, v in groups.items() if len({p[0].id for p in v}) >= 2)
    made = 0
    for _ in range(n * 20):
        if made >= n or not keys:
            return
        grp = groups[rng.choice(keys)]
        (e1, n1, g1, s1), (e2, n2, g2, s2) = rng.sample(grp, 2)
        if _maybe_same(e1, n1, e2, n2):
            continue
        if same == "surname":
            ok = _distinct_name_part(g1[0], g2[0], related_names)
        else:
            ok = _distinct_name_part(" ".join(s1), " ".join(s2), related_names) and not (
                set(tokens(" ".join(s1))) & set(tokens(" ".join(s2)))
            )
        if not ok:
            continue
        made += 1
        yield Pair(a=n1, b=restyle(n2, rng), kind="person", label=False, category=f"person_same_{same}")


def gen_nickname_neg(corpus: Corpus, rng: random.Random, n: int) -> Iterable[Pair]:
    """Same surname, a different English given name that is no nickname of it (William / Walter)."""
    nicks, related_names = _nick_tables()
    canon = sorted(nicks)
    by_initial: dict[str, list[str]] = defaultdict(list)
    for c in canon:
        by_initial[c[0]].append(c)
    surnames = [" ".join(p[3]) for p in persons(corpus)]
    made = 0
    while made < n:
        c = rng.choice(canon)
        other = rng.choice(by_initial[c[0]])
        a_given = rng.choice([c, rng.choice(nicks[c])])
        if not (
            _distinct_name_part(c, other, related_names)
            and _distinct_name_part(a_given, other, related_names)
        ):
            continue
        s = title(rng.choice(surnames))
        made += 1
        yield Pair(
            a=f"{a_given.capitalize()} {s}",
            b=f"{other.capitalize()} {s}",
            kind="person",
            label=False,
            category="nickname_neg",
            note=f"{a_given}/{other}",
        )


def _org_profile(corpus: Corpus, name: str) -> tuple[tuple[str, ...], frozenset[str]]:
    toks = [t for t in tokens(name) if not t.isdigit()]
    generic = tuple(sorted({t for t in toks if corpus.df[t] > corpus.rare_df or t in LEGAL_TOKENS}))
    distinct = frozenset(t for t in toks if t not in generic and len(t) >= 3)
    return generic, distinct


def gen_org_generic(corpus: Corpus, rng: random.Random, n: int, negatives: Sequence[str]) -> Iterable[Pair]:
    """Different organisations sharing their generic words (`Altay ... Public Security Bureau` vs
    `Hami ... Public Security Bureau`): from the lists, and listed vs ordinary company names."""
    groups: dict[tuple[str, ...], list[tuple[Entry, str, frozenset[str]]]] = defaultdict(list)
    for e in corpus.entries:
        for nm in e.names():
            if kind_of(e, nm) != "org" or not is_latin(nm):
                continue
            generic, distinct = _org_profile(corpus, nm)
            if len(generic) >= 2 and distinct:
                groups[generic].append((e, nm, distinct))
    keys = sorted(k for k, v in groups.items() if len({x[0].id for x in v}) >= 2)
    made, want = 0, n * 2 // 3
    for _ in range(want * 20):
        if made >= want or not keys:
            break
        (e1, n1, d1), (e2, n2, d2) = rng.sample(groups[rng.choice(keys)], 2)
        if d1 & d2 or _maybe_same(e1, n1, e2, n2):
            continue
        if any(fuzz.ratio(x, y) >= 80 for x in d1 for y in d2):
            continue  # distinctive words this close may be one spelling of the same name
        made += 1
        yield Pair(a=n1, b=n2, kind="org", label=False, category="org_generic", note="lists")
    # Listed organisation vs ordinary company with the same generic words and nothing distinctive shared.
    by_generic: dict[str, list[tuple[str, frozenset[str]]]] = defaultdict(list)
    for g, members in groups.items():
        for _, nm, d in members:
            for t in g:
                if t not in LEGAL_TOKENS:
                    by_generic[t].append((nm, d))
    negs = list(negatives)
    rng.shuffle(negs)
    for neg in negs:
        if made >= n:
            return
        generic, distinct = _org_profile(corpus, neg)
        shared = [t for t in generic if t not in LEGAL_TOKENS and t in by_generic]
        if not shared or not distinct:
            continue
        nm, d = rng.choice(by_generic[rng.choice(shared)])
        if d & distinct or any(fuzz.ratio(x, y) >= 80 for x in d for y in distinct):
            continue
        made += 1
        yield Pair(a=nm, b=neg, kind="org", label=False, category="org_generic", note="list-vs-ordinary")


def gen_vessel_neg(corpus: Corpus, rng: random.Random, n: int) -> Iterable[Pair]:
    vessels = _vessel_names(corpus)
    by_token: dict[str, list[tuple[Entry, str]]] = defaultdict(list)
    for e, nm in vessels:
        for t in set(tokens(nm)):
            if t.isalpha() and len(t) >= 3:
                by_token[t].append((e, nm))
    keys = sorted(k for k, v in by_token.items() if len({x[0].id for x in v}) >= 2)
    made = 0
    for _ in range(n * 20):
        if made >= n or not keys:
            return
        (e1, n1), (e2, n2) = rng.sample(by_token[rng.choice(keys)], 2)
        if _maybe_same(e1, n1, e2, n2):
            continue
        t1, t2 = set(tokens(n1)), set(tokens(n2))
        rest1 = [t for t in t1 - t2 if t.isalpha() and len(t) >= 3]
        rest2 = [t for t in t2 - t1 if t.isalpha() and len(t) >= 3]
        if not rest1 or not rest2 or any(fuzz.ratio(x, y) >= 75 for x in rest1 for y in rest2):
            continue
        made += 1
        yield Pair(a=n1, b=restyle(n2, rng), kind="vessel", label=False, category="vessel_neg")
    # Fewer sharing pairs than asked: the rest are distinct vessels without a shared word.
    for _ in range(n - made):
        (e1, n1), (e2, n2) = rng.sample(vessels, 2)
        if not _maybe_same(e1, n1, e2, n2) and fuzz.ratio(n1, n2) < 60:
            yield Pair(a=n1, b=n2, kind="vessel", label=False, category="vessel_neg", note="unrelated")


def mismatched_rows(rows: Sequence[Row], n: int, rng: random.Random) -> Iterator[tuple[Row, Row, bool]]:
    """`n` (row, another row, near) from transcription rows (Latin name first, native spelling second):
    every other one near (same first two letters, Latin names `fuzz.ratio` < 75), the rest far (< 50)."""
    by_prefix: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        by_prefix[r[0][:2]].append(r)
    made = 0
    while made < n:
        r1 = rng.choice(rows)
        near = made % 2 == 0
        r2 = rng.choice(by_prefix[r1[0][:2]] if near else rows)
        if r2[1] == r1[1] or fuzz.ratio(r1[0], r2[0]) >= (75 if near else 50):
            continue
        made += 1
        yield r1, r2, near


def gen_translit_neg(corpus: Corpus, rng: random.Random, n: int) -> Iterable[Pair]:
    """A Latin name against another name's native spelling; half of them near (same first letters)."""
    per_script = max(1, n // len(WIKIDATA_SCRIPTS))
    for script in WIKIDATA_SCRIPTS:
        rows = [r for r in wikidata_pairs(script) if r[2] >= 2]
        for r1, r2, near in mismatched_rows(rows, per_script, rng):
            native = r2[1].capitalize() if script == "russian" else r2[1]
            yield Pair(
                a=r1[0].capitalize(),
                b=native,
                kind="person",
                label=False,
                category="translit_neg",
                note=f"wd-{script}:{r1[0]}/{r2[0]}" + (":near" if near else ""),
            )


def gen_random(corpus: Corpus, rng: random.Random, n: int) -> Iterable[Pair]:
    pool: dict[str, list[tuple[Entry, str]]] = defaultdict(list)
    for e in corpus.entries:
        k = kind_of(e, e.name)
        if k and is_latin(e.name):
            pool[k].append((e, e.name))
    kinds = [k for k in ("person", "org", "vessel") if len(pool[k]) >= 2]
    made = 0
    while made < n:
        k = rng.choice(kinds)
        (e1, n1), (e2, n2) = rng.sample(pool[k], 2)
        if _maybe_same(e1, n1, e2, n2):
            continue
        made += 1
        yield Pair(a=n1, b=n2, kind=k, label=False, category="random")  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------------
def build_pairs(
    lists: Sequence[LoadedList], seed: int = DEFAULT_SEED, scale: float = 1.0, corpus: Corpus | None = None
) -> list[Pair]:
    """Deterministic for a seed and the same lists; about half positives, half negatives."""
    rng = random.Random(seed)
    corpus = corpus or build_corpus(lists)
    negatives = load_negatives()
    size = {k: max(1, round(v * scale)) for k, v in {**POSITIVE_SIZES, **NEGATIVE_SIZES}.items()}
    gens: list[tuple[str, Callable[[], Iterable[Pair]]]] = [
        ("reorder", lambda: gen_reorder(corpus, rng, size["reorder"])),
        ("nickname", lambda: gen_nickname(corpus, rng, size["nickname"])),
        ("translit", lambda: gen_translit(corpus, rng, size["translit"])),
        ("list_script", lambda: gen_list_script(corpus, rng, size["list_script"])),
        ("list_alias", lambda: gen_list_alias(corpus, rng, size["list_alias"])),
        ("vessel", lambda: gen_vessel(corpus, rng, size["vessel"])),
        ("org_variant", lambda: gen_org_variant(corpus, rng, size["org_variant"])),
        ("error_model", lambda: gen_error_model(corpus, rng, size["error_model"])),
        ("person_same_surname", lambda: gen_person_same(corpus, rng, size["person_same_surname"], "surname")),
        ("person_same_given", lambda: gen_person_same(corpus, rng, size["person_same_given"], "given")),
        ("nickname_neg", lambda: gen_nickname_neg(corpus, rng, size["nickname_neg"])),
        ("org_generic", lambda: gen_org_generic(corpus, rng, size["org_generic"], negatives)),
        ("vessel_neg", lambda: gen_vessel_neg(corpus, rng, size["vessel_neg"])),
        ("translit_neg", lambda: gen_translit_neg(corpus, rng, size["translit_neg"])),
        ("random", lambda: gen_random(corpus, rng, size["random"])),
    ]
    out: list[Pair] = []
    seen: set[tuple[str, str, str]] = set()
    for category, gen in gens:
        count = 0
        for p in gen():
            if count >= size[category]:
                break
            key = (p.a, p.b, p.kind)
            if p.a.strip() and p.b.strip() and p.a != p.b and key not in seen:
                seen.add(key)
                out.append(p)
                count += 1
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the labelled pair set for `holdline compare`.")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every category's size")
    parser.add_argument("--out", type=Path, help="write pairs as JSON lines")
    parser.add_argument("--stats", action="store_true")
    args = parser.parse_args(argv)
    pairs = build_pairs(load_lists(), seed=args.seed, scale=args.scale)
    pos = sum(p.label for p in pairs)
    print(
        f"seed {args.seed}: {len(pairs)} pairs, {pos} positive, {len(pairs) - pos} negative", file=sys.stderr
    )
    if args.stats:
        counts = Counter((p.category, p.label) for p in pairs)
        for (cat, label), c in sorted(counts.items()):
            examples = [p for p in pairs if p.category == cat][:3]
            print(f"  {cat:22s} {'+' if label else '-'} {c:5d}", file=sys.stderr)
            for p in examples:
                print(f"      [{p.kind}] {p.a!r} | {p.b!r}  {p.note}", file=sys.stderr)
    if args.out:
        with args.out.open("w", encoding="utf-8") as fh:
            for p in pairs:
                fh.write(json.dumps(p.model_dump(), ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
