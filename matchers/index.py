"""Candidate retrieval: find the few listed names worth scoring without comparing against all of them.

Lookups over the listed names' token vocabulary: exact tokens, tokens within a small edit distance
(a symmetric-deletion index, as in SymSpell), the same sound or transliteration skeleton, and tokens
written with or without a space (`Sense Time`/`SenseTime`). Postings are read only for the query's
rarest tokens, enough of them to hold half its weight: a listed name that shares none of them cannot
explain enough of the query to reach the reporting floor. The lighter tokens then add to the names
found, and a cheap estimate keeps the few worth aligning in full.
"""

from __future__ import annotations

import threading
from array import array
from collections import defaultdict
from collections.abc import Sequence
from sys import intern
from typing import Final, NamedTuple, cast, final, overload

import numpy as np
import numpy.typing as npt
from mypy_extensions import mypyc_attr

from matchers.acronyms import AcronymIndex
from matchers.aliases import derived_names
from matchers.config import DEFAULT_CONFIG, MatchConfig
from matchers.damaged_forms import mistyped_form
from matchers.first_letters import FIRST_QUERY_MAX, first_letter_neighbours, first_letter_table
from matchers.fuzzy_keys import CompactIndex, compact_forms
from matchers.joined_pairs import typo_join_candidates
from matchers.models import EntityKind, Entry
from matchers.normalise import NameForm, canonical, is_registration, normalise_name
from matchers.person_shapes import PersonWords
from matchers.scoring import Pair, Side
from matchers.scratch_lists import UNSEEN_SLOT, ZERO_SLOT, SpareWorkLists, WorkLists, fresh_work_lists
from matchers.similarity import (
    consonant_key,
    name_group,
    respell,
    similarity_with_keys,
    skeleton,
    sound,
)
from matchers.vocabulary import ABBREVIATIONS
from matchers.weights import TokenStats
from matchers.word_spans import word_pairs

# The default configuration's candidate cap, for callers that read it (reasons in `matchers/config.py`).
MAX_CANDIDATES: Final = DEFAULT_CONFIG.retrieval.max_candidates

# An estimate at least this high may be an exact match: `candidates` keeps every such name beyond its cap.
EXACT_ESTIMATE: Final = 0.99


class IndexedName(NamedTuple):
    """One listed name or alias (a tuple: tens of thousands are kept, and pickled into compiled snapshots)."""

    entry: int
    text: str
    side: Side
    person: bool


class ListedNames(Sequence[IndexedName]):
    """Every listed name by id, held as parallel columns (entry numbers in an `array`, the sides shared
    between names with the same tokens): tens of thousands of tuples and integers fewer to keep and to
    unpickle from a compiled snapshot. Indexing builds the `IndexedName` a caller reads."""

    __slots__ = ("entries", "person_shaped", "persons", "sides", "texts")

    def __init__(self) -> None:
        self.entries = array("i")
        self.texts: list[str] = []
        self.sides: list[Side] = []
        self.persons = bytearray()
        # Names of no stated kind that read as a person's (`person_shapes`, decision 0229).
        self.person_shaped = bytearray()

    def append(self, entry: int, text: str, side: Side, person: bool, person_shaped: bool = False) -> None:
        self.entries.append(entry)
        self.texts.append(text)
        self.sides.append(side)
        self.persons.append(person)
        self.person_shaped.append(person_shaped)

    def __len__(self) -> int:
        return len(self.texts)

    @overload
    def __getitem__(self, i: int) -> IndexedName: ...
    @overload
    def __getitem__(self, i: slice) -> list[IndexedName]: ...
    def __getitem__(self, i: int | slice) -> IndexedName | list[IndexedName]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        return IndexedName(self.entries[i], self.texts[i], self.sides[i], bool(self.persons[i]))


@final
class Retrieval:
    """Candidates for one query, and per query token (and joined span) the listed tokens it may be.

    (A plain class rather than a dataclass: compiled, a dataclass's `__init__` is the interpreted one the
    `dataclasses` module writes, run once per query.)"""

    __slots__ = ("joins", "known", "pairs", "ranked", "whole")

    def __init__(
        self,
        ranked: list[tuple[float, int]],
        known: list[dict[str, float]],
        joins: dict[tuple[int, ...], dict[str, float]],
        pairs: dict[int, list[Pair]] | None = None,
    ) -> None:
        self.ranked = ranked
        self.known = known
        self.joins = joins
        # Per name found by its whole-name keys: its words aligned with the query's letter by letter.
        self.pairs: dict[int, list[Pair]] = {} if pairs is None else pairs
        # Whether the whole-name keys were consulted (`NameIndex.whole_name_candidates`).
        self.whole = False

    @property
    def ids(self) -> list[int]:
        return [name_id for _, name_id in self.ranked]


def _shared_side(side: Side, shared: list[dict[tuple[object, ...], tuple[object, ...]]]) -> Side:
    """The same side with its strings interned and its small tuples shared with other names' equal ones
    (`(False, False, True)`, `(1.0, 0.03)`): most names repeat a few shapes, and one object each is less
    memory and less to unpickle from a compiled snapshot. One table per field, so `(0, 1)` of one field
    never stands for `(False, True)` of another."""
    fields: list[object] = []
    for value, table in zip(side, shared, strict=True):
        if isinstance(value, str):
            value = intern(value)
        elif isinstance(value, tuple):
            if value and isinstance(value[0], str):
                value = tuple(intern(v) for v in value)
            value = table.setdefault(value, value)
        fields.append(value)
    return Side._make(fields)


# Options ordered by insertion up to this many (a compiled loop), by `sorted` beyond (a pasted blob).
_FEW_OPTIONS: Final = 16

# The lighter tokens with long postings sought in a name's words by string comparisons up to this many.
_FEW_LIGHTER: Final = 3


def _heaviest_first(
    options: list[tuple[float, float, list[tuple[str, float]], tuple[int, ...]]],
) -> list[int]:
    """The options' positions by weight, heaviest first, equal weights in their order: what
    `sorted(..., key=weight, reverse=True)` gives (stable), by a compiled insertion of the few a name has
    instead of a key function called through the generic path."""
    n = len(options)
    if n > _FEW_OPTIONS:
        return sorted(range(n), key=lambda k: options[k][0], reverse=True)
    order: list[int] = []
    for k in range(n):
        weight = options[k][0]
        j = len(order)
        # (After every equal weight: the order of equals is kept.)
        while j > 0 and options[order[j - 1]][0] < weight:
            j -= 1
        order.insert(j, k)
    return order


def _deletions(token: str) -> list[str]:
    return [token[:i] + token[i + 1 :] for i in range(len(token))]


# A listed token's vocabulary matches: the words, then their similarities (one tuple per token).
Neighbours = tuple[str | float, ...]


def _pack(matches: list[tuple[str, float]], floats: dict[float, float]) -> Neighbours:
    # (Equal similarities share one float object: pickle then writes each once.)
    return (*(t for t, _ in matches), *(floats.setdefault(sim, sim) for _, sim in matches))


def _unpack(packed: Neighbours) -> list[tuple[str, float]]:
    # A compiled loop over the few pairs: no slices, and no `zip` called through the generic path.
    n = len(packed) // 2
    return [(cast(str, packed[i]), cast(float, packed[n + i])) for i in range(n)]


# Postings at least this long are kept as arrays from the start (~800 tokens, ~0.7 MB with every list).
_ARRAYS_FROM: Final = 32

# Per thread, the dense estimate's work arrays by index size (a few: a screener and its delta subsets),
# zeroed between queries by clearing what each query wrote rather than allocating a megabyte per query.
_SCRATCH: Final = threading.local()
_SCRATCH_SIZES: Final = 4


# The dense estimate takes the names it found from their postings rather than from a pass over every name
# when the postings hold fewer ids than one in this many of the index's names (a pass costs ~2 instructions
# a name; the postings' way ~30 an id and a few numpy calls).
_SCATTER_BELOW: Final = 16

_Scratch = tuple[
    npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.bool_], npt.NDArray[np.int64]
]


def _scratch(size: int) -> _Scratch:
    arrays: dict[int, _Scratch] = getattr(_SCRATCH, "arrays", None) or {}
    found = arrays.get(size)
    if found is None:
        if len(arrays) >= _SCRATCH_SIZES:
            arrays.clear()
        found = arrays[size] = (
            np.zeros(size),
            np.zeros(size),
            np.zeros(size, dtype=bool),
            np.zeros(size, dtype=np.int64),
        )
        _SCRATCH.arrays = arrays
    return found


# Per thread, the sparse estimate's sums and best similarities by index size, as lists: `UNSEEN_SLOT` and
# `ZERO_SLOT` where no query wrote, put back by each query where it wrote (`matchers/scratch_lists.py`).
def _sparse_scratch(size: int, spare: list[WorkLists]) -> WorkLists:
    """This thread's pair of lists for an index of `size` names: the index's own spare pair for the first
    thread to ask (made with the index, or when its snapshot is read, so a loaded snapshot's is frozen with
    it, decisions 0191 and 0197), a new pair for any other."""
    lists: dict[int, WorkLists] = getattr(_SCRATCH, "lists", None) or {}
    found = lists.get(size)
    if found is None:
        if len(lists) >= _SCRATCH_SIZES:
            lists.clear()
        try:
            # (`list.pop` is atomic: two threads never share a pair.)
            found = spare.pop()
        except IndexError:
            found = fresh_work_lists(size)
        lists[size] = found
        _SCRATCH.lists = lists
    return found


@mypyc_attr(serializable=True, allow_interpreted_subclasses=True)
class NameIndex:
    """Immutable once built, so concurrent readers need no lock."""

    def __init__(
        self,
        entries: Sequence[Entry],
        stats: TokenStats | None = None,
        config: MatchConfig = DEFAULT_CONFIG,
        person_words: PersonWords | None = None,
    ) -> None:
        self.config = config
        # A tuple when built; a compiled snapshot's lazily read entries when loaded (decision 0520).
        self.entries: Sequence[Entry] = tuple(entries)
        forms: list[tuple[int, str, NameForm]] = []
        for idx, entry in enumerate(self.entries):
            seen: set[tuple[str, ...]] = set()
            names = entry.names()
            for text in [*names, *(alias for name in names for alias in derived_names(name))]:
                form = normalise_name(text)
                if form.tokens and form.tokens not in seen:
                    seen.add(form.tokens)
                    forms.append((idx, text, form))
        addresses = (e.addresses for e in self.entries)
        # Rarity counts listed parties, not names: an entry's aliases repeating its own distinctive
        # token (`Hikvision`, `Hangzhou Hikvision ...`) must not make that token look common.
        per_entry: dict[int, set[str]] = defaultdict(set)
        for idx, _, form in forms:
            per_entry[idx].update(form.core_tokens())
        self.stats = stats or TokenStats.from_names(per_entry.values(), addresses, config.weights)
        # (A subset is given its parent's, so it reads listed names as the full snapshot does.)
        if person_words is None:
            person_words = PersonWords.from_entries(
                ((self.entries[idx].kind, words) for idx, words in per_entry.items()), config.evidence
            )
        self.person_words = person_words
        unknown = EntityKind.UNKNOWN
        # Whether the statistics' vocabulary is this index's listed tokens (not a parent's, as a subset's).
        self._own_vocabulary = stats is None
        self.names = ListedNames()
        postings: dict[str, list[int]] = defaultdict(list)
        joined: dict[str, list[int]] = defaultdict(list)
        # Keyed by the words as written too: the scorer reads them (`PAO` and `JSC` are both `jsc`).
        sides: dict[tuple[tuple[str, ...], frozenset[int], tuple[str, ...]], Side] = {}
        shared: list[dict[tuple[object, ...], tuple[object, ...]]] = [{} for _ in Side._fields]
        compacts: list[tuple[str, str]] = []
        totals, extras = array("d"), array("d")
        floor = config.scoring.unmatched_floor
        for idx, text, form in forms:
            compacts.append(compact_forms(form.tokens, form.minor, form.written))
            side = sides.get((form.tokens, form.minor, form.raw))
            if side is None:
                side = sides[(form.tokens, form.minor, form.raw)] = _shared_side(
                    Side.build(form, self.stats, config), shared
                )
            name_id = len(self.names)
            kind = self.entries[idx].kind
            person = kind == EntityKind.PERSON
            shaped = kind == unknown and self.person_words.reads_as_person(form.tokens, form.minor)
            totals.append(sum(side.weights))
            extras.append(
                sum(max(0.0, floor - w) for w, m in zip(side.weights, side.minor, strict=True) if not m)
            )
            self.names.append(idx, text, side, person, shaped)
            for i, tok in enumerate(side.tokens):
                if i not in form.minor:
                    postings[tok].append(name_id)
            for a, b in zip(form.raw, form.raw[1:], strict=False):
                joined[intern(a + b)].append(name_id)
        # Tuples, not lists: no spare capacity, a smaller header, and read-only as the index is.
        self.postings = {tok: tuple(ids) for tok, ids in postings.items()}
        # The long postings as arrays for the dense estimate, made here rather than on a process's first
        # queries (the short ones are made on first use; all are kept).
        self._arrays: dict[str, np.ndarray] = {
            tok: np.array(ids, dtype=np.int64)
            for tok, ids in self.postings.items()
            if len(ids) >= _ARRAYS_FROM
        }
        # Per name: its tokens' total weight, and what the scorer adds when they go unmatched (`array`s: one
        # number per name, not a float object each).
        self._totals = np.frombuffer(totals, dtype=np.float64)
        self._extras = np.frombuffer(extras, dtype=np.float64)
        self._name_totals, self._name_extras = totals, extras
        # The same two columns as lists, read by index per name found (`_sparse_estimates`), and the sparse
        # estimate's work lists for the first thread that screens: made here, not on the first query, so
        # they are in a compiled snapshot and frozen with it when loaded (`gc_pause.settle_after_load`).
        # Made after the freeze, four lists as long as the index were walked by every collection of the
        # cycle collector that reached them (decision 0191).
        self._columns: tuple[list[float], list[float]] = (totals.tolist(), extras.tolist())
        self._spare_scratch = SpareWorkLists(len(self.names))
        # First letters of listed tokens: most strings are ruled out as listed tokens by one lookup.
        self.prefixes = frozenset(tok[:3] for tok in self.postings)
        self.joined = {pair: tuple(ids) for pair, ids in joined.items()}
        deletes: dict[str, list[str]] = defaultdict(list)
        keys: dict[str, list[str]] = defaultdict(list)
        sounds: dict[str, list[str]] = defaultdict(list)
        self.skeletons: dict[str, str] = {}
        min_edit_len, min_short_edit_len = (
            config.similarity.min_edit_len,
            config.similarity.min_short_edit_len,
        )
        max_edit_token_len = config.retrieval.max_edit_token_len
        for tok in self.postings:
            if not tok.isalpha():
                continue
            keys[respell(tok)].append(tok)
            key = self.skeletons[tok] = skeleton(tok)
            keys[key].append(tok)
            if len(tok) >= min_edit_len - 1:
                sounds[sound(tok)].append(tok)
            if min_short_edit_len + 1 <= len(tok) <= max_edit_token_len:
                # Short words keep their first letter (the similarity requires it): fewer, shorter lists.
                for d in _deletions(tok) if len(tok) >= min_edit_len - 1 else _deletions(tok)[1:]:
                    deletes[d].append(tok)
        # Spellings the normaliser rewrites (`municipality` -> `municipal`): a typo of the long spelling
        # (`Municipalty`) is compared with it, and stands for the listed canonical token.
        self.spelled_as: dict[str, str] = {}
        for written, replaced in ABBREVIATIONS.items():
            target = canonical(written)
            if written != target and " " not in replaced and target in self.postings and written.isalpha():
                self.spelled_as[written] = target
                if min_short_edit_len + 1 <= len(written) <= max_edit_token_len:
                    for d in _deletions(written):
                        deletes[d].append(written)
        # Most deletion keys lead to one listed token: stored as that (interned) string, not a tuple of one.
        self.deletes: dict[str, str | tuple[str, ...]] = {
            d: toks[0] if len(toks) == 1 else tuple(toks) for d, toks in deletes.items()
        }
        consonants: dict[str, list[str]] = defaultdict(list)
        for tok in self.postings:
            if tok.isalpha() and len(tok) >= 3:
                key = consonant_key(tok)
                if len(key) >= 2:
                    consonants[key].append(tok)
        self.consonants = {key: tuple(toks) for key, toks in consonants.items()}
        # Listed short words by their letters after the first: a query word's first letter mistyped
        # (`Enft` / `Neft`) is sought here for retrieval only (decision 0219).
        self.first_letters = first_letter_table(self.postings)
        # Query token -> its vocabulary matches. A plain dict: concurrent readers may both compute an
        # entry, which is harmless, and the GIL keeps each dict operation atomic.
        self._vocab_cache: dict[tuple[str, bool], tuple[tuple[str, float], ...]] = {}
        self.keys = {key: tuple(toks) for key, toks in keys.items()}
        self.sounds = {key: tuple(toks) for key, toks in sounds.items()}
        self.neighbours, self.person_neighbours = self._listed_neighbours()
        # Whole-name keys, for names whose words are too damaged for the token postings.
        self.compact = CompactIndex(compacts, config.retrieval)
        # Runs of listed names' initials, for a query writing some of their words as an acronym.
        self.acronyms = AcronymIndex((side.initials for side in self.names.sides), config.retrieval)

    @property
    def letter_added(self) -> dict[str, str | tuple[str, ...]] | None:
        """The deletion table as `short_typos.lone_neighbour` reads it (a string -> the listed words it is
        with one letter deleted), when it holds every word of the statistics' vocabulary a dropped letter
        can be sought in; None otherwise (a subset weighing by its parent's vocabulary, a configuration
        whose deletion keys leave some of those lengths out)."""
        similar, scoring = self.config.similarity, self.config.scoring
        shortest, longest = scoring.lone_dropped_len + 1, scoring.lone_dropped_max_len + 1
        covered = (
            shortest >= similar.min_short_edit_len + 1
            and shortest >= similar.min_edit_len - 1
            and longest <= self.config.retrieval.max_edit_token_len
        )
        return self.deletes if self._own_vocabulary and covered else None

    def _postings_array(self, token: str) -> np.ndarray:
        array = self._arrays.get(token)
        if array is None:
            array = self._arrays[token] = np.array(self.postings[token], dtype=np.int64)
        return array

    def _dense_estimates(
        self,
        options: list[tuple[float, float, list[tuple[str, float]], tuple[int, ...]]],
        essential: list[int],
        total: float,
        cutoff: float,
        kept_only: bool = False,
    ) -> list[tuple[float, int]]:
        """The same estimate as the dict path, over arrays of every listed name: for queries made of
        common words, where thousands of names share the query's rarest tokens (with `kept_only`, the
        best of them only: `_ranked`)."""
        got, best, marked, slots = _scratch(len(self.names))
        marking = False
        found: list[np.ndarray] = []
        touched_all: list[np.ndarray] = []
        # The names of the option whose similarities are in `best` (put back to zero after it).
        pending: np.ndarray | None = None
        try:
            for k, (weight, _, matches, ids) in enumerate(options):
                spans = [self._postings_array(tok) for tok, _ in matches]
                sims = [sim for _, sim in matches]
                if ids:
                    spans.append(np.array(ids, dtype=np.int64))
                    sims.append(1.0)
                if not spans:
                    continue
                positive = min(sims) > 0.0
                if len(spans) == 1 and positive:
                    # One listed spelling: every name it holds gains the same, and all of them hold it.
                    touched = spans[0]
                    touched_all.append(touched)
                    # (Fancy `+=` writes each name once, however often it is listed.)
                    got[touched] += weight * sims[0]
                    if k in essential:
                        found.append(touched)
                    continue
                # Every listed spelling's postings at once, each name keeping its best similarity.
                if positive:
                    # In rising order of similarity, and written so: each name ends with its best (later
                    # writes win). Spellings of one similarity lie side by side and are written at once (a
                    # word has dozens of listed spellings, most of a few similarities; decision 0543).
                    rising = sorted(range(len(spans)), key=sims.__getitem__)
                    touched = np.concatenate([spans[j] for j in rising])
                    touched_all.append(touched)
                    pending = touched
                    start = stop = 0
                    n_spans, j = len(rising), 0
                    while j < n_spans:
                        sim = sims[rising[j]]
                        while j < n_spans and sims[rising[j]] == sim:
                            stop += len(spans[rising[j]])
                            j += 1
                        best[touched[start:stop]] = sim
                        start = stop
                else:
                    touched = np.concatenate(spans) if len(spans) > 1 else spans[0]
                    touched_all.append(touched)
                    pending = touched
                    np.maximum.at(best, touched, np.repeat(sims, [len(at) for at in spans]))
                got[touched] += weight * best[touched]
                if k in essential:
                    found.append(touched if positive else touched[best[touched] > 0.0])
                best[touched] = 0.0
                pending = None
            if not found:
                return []
            # Names holding an essential token, once each (in any order: `_ranked` orders them fully).
            if sum(len(at) for at in found) * _SCATTER_BELOW <= len(marked):
                # Few: each id writes its place in the postings read, and is kept where its place is read
                # back (its last mention). `slots` needs no clearing: every place read was written first.
                every = np.concatenate(found) if len(found) > 1 else found[0]
                places = np.arange(len(every))
                slots[every] = places
                held = every[slots[every] == places]
            else:
                # Many: marked, then read off in one pass over every name.
                marking = True
                for at in found:
                    marked[at] = True
                held = marked.nonzero()[0]
            # With enough of the query's weight.
            ids_found = held[got[held] >= total * cutoff / (2 - cutoff)]
            if not len(ids_found):
                return []
            return self._ranked(ids_found, got[ids_found], total, cutoff, kept_only)
        finally:
            # Back to zeros for the next query: only what this one wrote.
            for at in touched_all:
                got[at] = 0.0
            if pending is not None:
                best[pending] = 0.0
            if marking:
                for at in found:
                    marked[at] = False

    def _ranked(
        self, ids: np.ndarray, got: np.ndarray, total: float, cutoff: float, kept_only: bool = False
    ) -> list[tuple[float, int]]:
        """(estimate, name id) of the names reaching `cutoff`, best first (ties: the higher id first, as
        sorting the tuples in reverse does): the estimate of the sparse path, over arrays, each step the
        same IEEE operation in the same order. With `kept_only`, the first as many as `candidates` keeps
        (`_kept`, counted here over the arrays): the thousands of names a common query reaches are then
        never made into tuples to be cut off and freed (decision 0543)."""
        cov_q = np.minimum(got / total, 1.0)
        name_total = self._totals[ids]
        left = np.clip(1.0 - got / name_total, 0.0, None)
        cov_l = np.minimum(got / (name_total + self._extras[ids] * left), 1.0)
        estimate = 2 * cov_q * cov_l / (cov_q + cov_l)
        keep = estimate >= cutoff
        estimate, ids = estimate[keep], ids[keep]
        order = np.lexsort((ids, estimate))[::-1]
        if kept_only:
            exact = int(np.count_nonzero(estimate >= EXACT_ESTIMATE))
            order = order[: max(self.config.retrieval.max_candidates, exact)]
        return list(zip(estimate[order].tolist(), ids[order].tolist(), strict=True))

    def _listed_token(self, written: str, prefix_listed: bool = False) -> str | None:
        """The listed token a string written as one word is, if any (`sensetime`, `technologies`).
        `prefix_listed`: the caller has found its first three letters among the listed tokens' already."""
        if written in self.postings:
            return written
        if not prefix_listed and written[:3] not in self.prefixes:
            return None
        token = canonical(written)
        return token if token != written and token in self.postings else None

    def _listed_neighbours(self) -> tuple[dict[str, Neighbours], dict[str, Neighbours]]:
        """Per listed token, its vocabulary matches as an organisation's word and as a person's, when they
        are more than the token itself: most query words are listed words, and one dict lookup then
        replaces their search for neighbours (deletions, skeletons, sounds, similarities). Each is one
        tuple (the words, then their similarities, equal numbers one object), shared by the two tables
        where they agree (most words): fewer objects to hold and to unpickle from a compiled snapshot."""
        common = self.config.retrieval.common_token_weight
        organisations: dict[str, Neighbours] = {}
        persons: dict[str, Neighbours] = {}
        floats: dict[float, float] = {}
        for tok in self.postings:
            near = self._near(tok, True)
            as_person = self._judge(tok, True, True, near)
            as_organisation = (
                [(tok, 1.0)] if self.stats.list_weight(tok) < common else self._judge(tok, False, True, near)
            )
            packed = _pack(as_person, floats) if len(as_person) > 1 else None
            if packed is not None:
                persons[tok] = packed
            if len(as_organisation) > 1:
                shared = packed if as_organisation == as_person else None
                organisations[tok] = shared if shared is not None else _pack(as_organisation, floats)
        return organisations, persons

    def neighbours_of(self, token: str, person: bool = False) -> list[tuple[str, float]]:
        """A listed token's vocabulary matches (itself first), as tabled when the index was built; [] for a
        token the lists do not have."""
        if token not in self.postings:
            return []
        packed = (self.person_neighbours if person else self.neighbours).get(token)
        return [(token, 1.0)] if packed is None else _unpack(packed)

    def _vocab_matches(self, token: str, person: bool) -> list[tuple[str, float]]:
        """Listed tokens this query token may be, with their similarity: a listed token's are read from
        the tables built with the index; other tokens' are sought and memoised (parties repeat)."""
        if token in self.postings:
            packed = (self.person_neighbours if person else self.neighbours).get(token)
            return [(token, 1.0)] if packed is None else _unpack(packed)
        key = (token, person)
        cached = self._vocab_cache.get(key)
        if cached is None:
            if len(self._vocab_cache) >= self.config.retrieval.vocab_cache_size:
                self._vocab_cache.clear()
            cached = self._vocab_cache[key] = tuple(self._find_vocab_matches(token, person))
        return list(cached)

    def _find_vocab_matches(self, token: str, person: bool) -> list[tuple[str, float]]:
        listed = token in self.postings
        if (
            listed
            and not person
            and self.stats.list_weight(token) < self.config.retrieval.common_token_weight
        ):
            # A word hundreds of listed names share (`technology`): its misspellings in the lists
            # would add next to nothing to any score.
            return [(token, 1.0)]
        return self._judge(token, person, listed, self._near(token, listed))

    def _near(self, token: str, listed: bool) -> list[str] | None:
        """Listed tokens (and long spellings the normaliser rewrites) worth comparing with `token`, in the
        order they are judged; None when the token is looked up as written only (digits, too long)."""
        retrieval, similar = self.config.retrieval, self.config.similarity
        max_edit_token_len, min_edit_len = retrieval.max_edit_token_len, similar.min_edit_len
        if not token.isalpha() or len(token) > max_edit_token_len:
            return None
        near: list[str] = [*self.keys.get(respell(token), ()), *self.keys.get(skeleton(token), ())]
        if min_edit_len - 1 <= len(token) <= max_edit_token_len:
            # Same sound: only plausible spellings (same first letter, similar length) are compared.
            first, size = token[0], len(token)
            near.extend(
                t for t in self.sounds.get(sound(token), ()) if t[0] == first and abs(len(t) - size) <= 2
            )
        if min_edit_len - 1 <= len(token) <= max_edit_token_len:
            keys = (token, *_deletions(token))
        elif len(token) >= similar.min_short_edit_len and (
            not listed or self.stats.list_weight(token) >= retrieval.short_lookup_weight
        ):
            # A short word is looked up by one edit unless the lists have it as written and often: a
            # common listed short word (`kim`, `ali`) is most likely what was meant.
            keys = (token, *_deletions(token)[1:])
        else:
            keys = ()
        if keys:
            # Symmetric deletions: one edit on either side (SymSpell).
            deletes, postings = self.deletes, self.postings
            for d in keys:
                hit = deletes.get(d)
                if hit is not None:
                    if type(hit) is str:
                        near.append(hit)
                    else:
                        near.extend(hit)
                if d in postings:
                    near.append(d)
        return near

    def _judge(
        self, token: str, person: bool, listed: bool, near: list[str] | None
    ) -> list[tuple[str, float]]:
        """The candidates of `_near` (and, for a person, the given name's nicknames) that are `token`
        by the similarity, with it: the vocabulary matches of one query token."""
        out: list[tuple[str, float]] = [(token, 1.0)] if listed else []
        if near is None:
            return out
        similar = self.config.similarity
        if person:
            near = [*near, *name_group(token)]
        key = skeleton(token)
        seen = {token}
        spelled: dict[str, float] = {}
        for cand in near:
            if cand in seen:
                continue
            seen.add(cand)
            if cand in self.postings:
                sim = similarity_with_keys(token, cand, person, key, self.skeletons.get(cand), similar)
                if sim > 0.0:
                    out.append((cand, sim))
            elif cand in self.spelled_as:
                sim = similarity_with_keys(token, cand, person, key, None, similar)
                target = self.spelled_as[cand]
                if sim > spelled.get(target, 0.0):
                    spelled[target] = sim
        if spelled:
            have = dict(out)
            out.extend((t, sim) for t, sim in spelled.items() if sim > have.get(t, 0.0))
        return out

    def _abjad_matches(
        self,
        form: NameForm,
        found: list[tuple[int, str, list[tuple[str, float]]]],
        joins: dict[tuple[int, ...], dict[str, float]],
        joined_at: dict[int, list[tuple[str, float]]],
    ) -> None:
        """A name written in an abjad (Arabic, Hebrew) lacks its short vowels: listed tokens with the same
        consonants may be it (`حماس` -> `hmas` -> HAMAS), and so may two of its words written together
        (`حزب الله` -> HIZBALLAH)."""
        abjad = self.config.similarity.abjad
        most = self.config.retrieval.max_abjad_candidates
        for _, tok, matches in found:
            have = {t for t, sim in matches if sim >= abjad}
            matches.extend(
                (cand, abjad)
                for cand in self.consonants.get(consonant_key(tok), ())[:most]
                if cand not in have
            )
        raw = form.raw
        for k in range(len(raw) - 1):
            if k in form.minor or k + 1 in form.minor:
                continue
            key = consonant_key(raw[k] + raw[k + 1])
            cands = self.consonants.get(key, ())[:most]
            if cands and len(key) >= self.config.retrieval.min_abjad_join_key:
                joins.setdefault((k, k + 1), {}).update(dict.fromkeys(cands, abjad))
                for i in (k, k + 1):
                    joined_at.setdefault(i, []).extend((c, abjad) for c in cands)
        # Joined spans found here reach the per-token options through `joined_at` (read next).

    def candidates(self, form: NameForm, floor: float, person: bool = False) -> Retrieval:
        """Listed names that could reach `floor`, most promising first, with what the scorer can reuse."""
        found = self.estimates(form, floor, person, kept_only=True)
        found.ranked = found.ranked[: self._kept(found.ranked)]
        retrieval = self.config.retrieval
        code = retrieval.registration_neighbours and len(form.raw) == 2 and is_registration(form.original)
        if not found.ranked or found.ranked[0][0] < retrieval.fuzzy_below or code:
            # Too little found by the words: the name may be there with its words damaged. (A registration
            # alone is always sought one edit away: its typo is often another listed code, `EP-PUS` for
            # `EP-PUA`.)
            self.whole_name_candidates(form, floor, found)
        return found

    def whole_name_candidates(self, form: NameForm, floor: float, found: Retrieval) -> None:
        """Add to `found` the names its whole-name keys find (compact forms, initials, two listed words run
        together with a typo), each with its words aligned letter by letter; sets `found.whole`. Asked by
        `candidates` when the words found too little, and by the screener when what they found scored
        below the threshold (decision 0237)."""
        found.whole = True
        have = {name_id for _, name_id in found.ranked}
        # Some words written as their (maybe slipped) acronym: `Kumul PBS` (`matchers/acronyms.py`).
        sides = self.names.sides
        found.ranked.extend(
            (floor, name_id)
            for name_id in self.acronyms.search(form.tokens, form.minor, found.known, sides, have)
        )
        forms = compact_forms(form.tokens, form.minor, form.written)
        similar = self.config.similarity
        short = (similar.min_edit_len, similar.short_edit)
        known = found.known
        # Query words no listed word is near (a damaged word, or a word no list holds).
        unread = [not known[i] and i not in form.minor for i in range(len(form.tokens))]
        # The piece keys only for a name with such a word, when so configured (decision 0256), and beside it
        # a word some listed word is near, when so configured (decision 0263).
        retrieval = self.config.retrieval
        pieces = True in unread or not retrieval.piece_unread_only
        if pieces and retrieval.piece_edits > 0 and retrieval.piece_beside_known:
            pieces = any(known[i] for i in range(len(form.tokens)) if i not in form.minor)
        for sim, name_id in self.compact.search(forms, pieces):
            if name_id not in have:
                found.ranked.append((sim, name_id))
            side = self.names.sides[name_id]
            pairs = [
                p
                for p in word_pairs(form.raw, side.raw, similar.edit_cost, (form.tokens, side.tokens), short)
                # A word the token step already compared with this listed word: its judgement stands.
                if len(p.query) > 1 or len(p.listed) > 1 or side.tokens[p.listed[0]] not in known[p.query[0]]
            ]
            if pairs:
                found.pairs[name_id] = pairs
        # Two listed words run together with a typo in either (`CHIINASHIPHUILDING`).
        if True in unread:
            have.update(name_id for _, name_id in found.ranked)
            for sim, name_id, pair in typo_join_candidates(
                form.tokens, unread, self.postings, self.deletes, sides, self.config, self.skeletons
            ):
                if name_id not in have:
                    found.ranked.append((sim, name_id))
                found.pairs.setdefault(name_id, []).append(pair)

    def _kept(self, ranked: list[tuple[float, int]]) -> int:
        """How many of the best estimates `candidates` keeps: the configured cap, or more when more names
        may match exactly (a common name, `Santos`, is listed many times: all of them are kept)."""
        exact = 0
        for estimate, _ in ranked:
            if estimate < EXACT_ESTIMATE:
                break
            exact += 1
        return max(self.config.retrieval.max_candidates, exact)

    def estimates(
        self, form: NameForm, floor: float, person: bool = False, kept_only: bool = False
    ) -> Retrieval:
        """(estimated score, name id) of the names sharing the query's heaviest tokens, best first; with
        `kept_only`, the dense path ranks only the names `candidates` keeps (decision 0543)."""
        config = self.config
        retrieval = config.retrieval
        missable = retrieval.missable_weight
        tokens = form.tokens
        # Per query token: its weight, the weight it may be discounted to (a leading place may be an
        # added city), the listed tokens it may be, and the listed names where it is two listed tokens
        # written together.
        options: list[tuple[float, float, list[tuple[str, float]], tuple[int, ...]]] = []
        known: list[dict[str, float]] = [{} for _ in tokens]
        # Written apart, listed together: `Sense Time`, pinyin syllables `jiu tian ke`.
        joins: dict[tuple[int, ...], dict[str, float]] = {}
        joined_at: dict[int, list[tuple[str, float]]] = {}
        raw = form.raw
        prefixes = self.prefixes
        for span in (2, 3):
            for k in range(len(tokens) - span + 1):
                if len(raw[k]) >= 3 and raw[k][:3] not in prefixes:
                    continue
                shortest = len(raw[k])
                for w in raw[k + 1 : k + span]:
                    if len(w) < shortest:
                        shortest = len(w)
                if shortest >= retrieval.long_split_part:
                    # Two long words written apart are two words, not one split.
                    continue
                written = "".join(raw[k : k + span])
                # (Split and mistyped, `Petro Chemcal`, is for the whole-name keys.)
                # (A first word of three letters or more was found among the prefixes above: it is the
                # run's first three letters.)
                joined = self._listed_token(written, len(raw[k]) >= 3)
                if joined is not None:
                    joins[tuple(range(k, k + span))] = {joined: 1.0}
                    for i in range(k, k + span):
                        joined_at.setdefault(i, []).append((joined, 1.0))
        found = [
            (i, tok, self._vocab_matches(tok, person)) for i, tok in enumerate(tokens) if i not in form.minor
        ]
        if form.abjad:
            self._abjad_matches(form, found, joins, joined_at)
        if not joins and not any(m for _, _, m in found) and not any(self.joined.get(t) for t in raw):
            # Nothing listed looks like any part of this name (most names against a small delta list).
            return Retrieval([], known, joins)
        form_zipf = config.scoring.mistyped_form_zipf
        first_edit = retrieval.first_letter_edit
        last = len(tokens) - 1
        for i, tok, matches in found:
            # (A compiled loop, not `dict(matches)`, whose generic path costs more than these few pairs.)
            seen: dict[str, float] = {}
            for listed, sim in matches:
                seen[listed] = sim
            known[i] = seen
            matches.extend(joined_at.get(i, ()))
            in_postings = tok in self.postings
            if first_edit and not in_postings and len(tok) <= FIRST_QUERY_MAX:
                # A word no list holds, its first letter mistyped (`Enft`, `tate`, `HSC`): the listed words
                # it may be are read for the estimate, not offered to the scorer as aligned (decision 0219).
                matches.extend(
                    (listed, first_edit)
                    for listed in first_letter_neighbours(tok, self.postings, self.first_letters)
                )
            if in_postings or not matches:
                weight = self.stats.weight(tok)
            else:
                # A spelling the lists do not have weighs what its closest listed spelling weighs
                # (`Mohamaad` is as common as `Mohammad`), as it will when aligned.
                # From an abjad, equally similar spellings are equally likely: the rarest is kept so a rare
                # party (`hmas` -> HAMAS) is not outranked by a common name of the same consonants.
                sign = 1.0 if form.abjad else -1.0
                weight = self.stats.weight(
                    max(matches, key=lambda m: (m[1], sign * self.stats.weight(m[0])))[0]
                )
            may_be_added_place = i < config.scoring.leading_place_tokens and self.stats.is_place(tok)
            least = weight * config.weights.place_discount if may_be_added_place else weight
            if (
                not in_postings
                and (i == 0 or i == last)
                and form_zipf
                and len(tok) <= 5
                and mistyped_form(tok, form_zipf)
            ):
                # A legal form typed with one edit into a word no list holds (`KTD`, `KOOO`, `SJC`), where
                # forms stand (a name's first or last word), may be read as the form, which weighs what a
                # form weighs: the name's other words must then be read to find it (decision 0215).
                least = config.weights.minor
            options.append((weight, least, matches, self.joined.get(form.raw[i], ())))
        if not any(matches or ids for _, _, matches, ids in options):
            return Retrieval([], known, joins)
        # The least the query can weigh: what a listed name must explain part of to be worth scoring.
        total = sum(least for _, least, _, _ in options) + config.weights.minor * len(form.minor)
        # Rarest first (short postings); the bound counts what each token may be discounted to.
        order = _heaviest_first(options)
        essential, covered = [], 0.0
        for k in order:
            if covered > missable * total:
                break
            essential.append(k)
            covered += options[k][1]
        reads = sum(len(self.postings[tok]) for k in essential for tok, _ in options[k][2])
        if reads > retrieval.dense_postings:
            ranked = self._dense_estimates(
                options, essential, total, floor * retrieval.estimate_cutoff, kept_only
            )
            return Retrieval(ranked, known, joins)
        ranked = self._sparse_estimates(options, order, total, floor * retrieval.estimate_cutoff)
        return Retrieval(ranked, known, joins)

    def _sparse_estimates(
        self,
        options: list[tuple[float, float, list[tuple[str, float]], tuple[int, ...]]],
        order: list[int],
        total: float,
        cutoff: float,
    ) -> list[tuple[float, int]]:
        """Term at a time over the heaviest tokens (every name worth scoring shares one of them), then the
        lighter tokens add to the names found. Sums go into per-thread lists as long as the index
        (`UNSEEN_SLOT` where this query wrote nothing), the names found into `touched`, in the order a dict
        would hold them: a list read and write per posting instead of a dict probe, insert and resize,
        with every sum the same additions in the same order."""
        acc, best = _sparse_scratch(len(self.names), self._spare_scratch.pairs)
        touched: list[int] = []
        marked: list[int] = []
        try:
            enough = self.config.retrieval.missable_weight * total
            rest = self._heavier(options, order, enough, acc, best, touched, marked)
            if not touched:
                return []
            self._lighter(options, rest, acc, best, touched, marked)
            # With the listed side fully explained, the estimate 2qL/(q+L) is 2q/(q+1): below the cutoff
            # unless the query's share q reaches cutoff/(2 - cutoff). Most names fall out here.
            least_got = total * cutoff / (2 - cutoff)
            name_totals, name_extras = self._columns
            ranked: list[tuple[float, int]] = []
            for name_id in touched:
                got = acc[name_id]
                if got < least_got:
                    continue
                cov_q = got / total if got < total else 1.0
                # The scorer floors unmatched tokens' weight; assume the unmatched share of the name is
                # as heavy as what is left of its weight.
                name_total = name_totals[name_id]
                if got < name_total:
                    name_total += name_extras[name_id] * (1.0 - got / name_total)
                cov_l = got / name_total if got < name_total else 1.0
                # Place discounts, acronyms and joined tokens can lift the real score above this estimate.
                estimate = 2 * cov_q * cov_l / (cov_q + cov_l)
                if estimate >= cutoff:
                    ranked.append((estimate, name_id))
            ranked.sort(reverse=True)
            return ranked
        finally:
            # Back to unseen for the next query: only what this one wrote.
            # (Compiled code stores a `float` by making a new float object each time: the shared ones here.)
            acc_stored, best_stored = cast(list[object], acc), cast(list[object], best)
            unseen, zero = UNSEEN_SLOT, ZERO_SLOT
            for name_id in touched:
                acc_stored[name_id] = unseen
            for name_id in marked:
                best_stored[name_id] = zero

    def _heavier(
        self,
        options: list[tuple[float, float, list[tuple[str, float]], tuple[int, ...]]],
        order: list[int],
        enough: float,
        acc: list[float],
        best: list[float],
        touched: list[int],
        marked: list[int],
    ) -> list[int]:
        """The heavier tokens' postings summed into `acc` until `enough` of the query's weight is read or
        the names found are crowded; the tokens left, in order."""
        crowded = self.config.retrieval.crowded
        postings = self.postings
        covered = 0.0
        rest: list[int] = []
        # The same lists, written with objects as they are: a posting's int object, and one float object per
        # token rather than one per name (compiled code stores a `float` or an `int` it has read as a new
        # object each time).
        acc_stored, best_stored = cast(list[object], acc), cast(list[object], best)
        touched_stored, marked_stored = cast(list[object], touched), cast(list[object], marked)
        zero = ZERO_SLOT
        for k in order:
            weight, least, matches, ids = options[k]
            if covered > enough or len(touched) > crowded:
                # Enough names share the heavier tokens: the lighter ones only add to those.
                rest.append(k)
                continue
            covered += least
            first = not touched
            if len(matches) == 1 and not ids:
                # The common case, one listed token: no per-name maximum to take.
                tok, sim = matches[0]
                gain = weight * sim
                gain_object: object = gain
                for item in cast(tuple[object, ...], postings[tok]):
                    name_id = cast(int, item)
                    got = acc[name_id]
                    if got < 0.0:
                        touched_stored.append(item)
                        acc_stored[name_id] = gain_object
                    elif not first:
                        # (A name listing the token twice adds it twice, once the first token is read.)
                        acc[name_id] = got + gain
                continue
            # Each name's best similarity among the listed spellings (`marked` the names, once each).
            for tok, sim in matches:
                sim_object: object = sim
                for item in cast(tuple[object, ...], postings[tok]):
                    name_id = cast(int, item)
                    b = best[name_id]
                    if b == 0.0:
                        marked_stored.append(item)
                        best_stored[name_id] = sim_object
                    elif sim > b:
                        best_stored[name_id] = sim_object
            for name_id in ids:
                if best[name_id] == 0.0:
                    marked.append(name_id)
                best[name_id] = 1.0
            for item in marked_stored:
                name_id = cast(int, item)
                sim = best[name_id]
                best_stored[name_id] = zero
                got = acc[name_id]
                if got < 0.0:
                    touched_stored.append(item)
                    acc[name_id] = weight * sim
                else:
                    acc[name_id] = got + weight * sim
            marked.clear()
        return rest

    def _lighter(
        self,
        options: list[tuple[float, float, list[tuple[str, float]], tuple[int, ...]]],
        rest: list[int],
        acc: list[float],
        best: list[float],
        touched: list[int],
        marked: list[int],
    ) -> None:
        """The lighter tokens add to the names already found (`acc` at or above zero)."""
        postings = self.postings
        # (Objects stored as they are, as in `_heavier`.)
        best_stored, marked_stored = cast(list[object], best), cast(list[object], marked)
        zero = ZERO_SLOT
        found = len(touched)
        lighter: dict[str, list[tuple[int, float]]] = {}
        joined_ids: list[tuple[int, tuple[int, ...]]] = []
        for k in rest:
            weight, _, matches, ids = options[k]
            if sum(len(postings[tok]) for tok, _ in matches) > 4 * found:
                # Long postings: test the names found for these tokens instead (below).
                for tok, sim in matches:
                    # (Not `setdefault(tok, [])`: its compiled form makes the empty list through the
                    # generic path on every call.)
                    at = lighter.get(tok)
                    if at is None:
                        lighter[tok] = [(k, sim)]
                    else:
                        at.append((k, sim))
                if ids:
                    joined_ids.append((k, ids))
                continue
            # Short postings: walk them, each name found keeping its best spelling (once per name).
            for tok, sim in matches:
                sim_object: object = sim
                for item in cast(tuple[object, ...], postings[tok]):
                    name_id = cast(int, item)
                    if acc[name_id] >= 0.0:
                        b = best[name_id]
                        if b == 0.0:
                            marked_stored.append(item)
                            best_stored[name_id] = sim_object
                        elif sim > b:
                            best_stored[name_id] = sim_object
            for name_id in ids:
                if acc[name_id] >= 0.0:
                    if best[name_id] == 0.0:
                        marked.append(name_id)
                    best[name_id] = 1.0
            for name_id in marked:
                acc[name_id] += weight * best[name_id]
                best_stored[name_id] = zero
            marked.clear()
        if lighter or joined_ids:
            sides = self.names.sides
            # A few tokens are sought by comparing strings (most differ in length, a few instructions each)
            # rather than by a dict look-up per word of every name found; many, in the dict.
            few = len(lighter) <= _FEW_LIGHTER
            keys, values = list(lighter), list(lighter.values())
            for name_id in touched:
                # (Made only for a name holding one of them: most names found hold none.)
                bests: dict[int, float] | None = None
                if lighter:
                    for tok in sides[name_id].tokens:
                        hits: list[tuple[int, float]] | None = None
                        if few:
                            for j in range(len(keys)):
                                if keys[j] == tok:
                                    hits = values[j]
                                    break
                        else:
                            hits = lighter.get(tok)
                        if hits:
                            if bests is None:
                                bests = {}
                            for k, sim in hits:
                                if sim > bests.get(k, 0.0):
                                    bests[k] = sim
                for k, ids in joined_ids:
                    if name_id in ids:
                        if bests is None:
                            bests = {}
                        bests[k] = 1.0
                if bests:
                    acc[name_id] += sum(options[k][0] * sim for k, sim in bests.items())
