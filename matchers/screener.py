"""`Screener`: the engine's public entry point, stable for the CLI, the stream workers and re-screening."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Final

from mypy_extensions import mypyc_attr

from matchers.config import DEFAULT_CONFIG, MatchConfig
from matchers.countries import to_iso2
from matchers.digit_readings import digit_in_word, parse_table, readings
from matchers.entry_store import PackedLists, entry_tables
from matchers.evidence import country_evidence, kind_evidence
from matchers.gc_pause import gc_paused
from matchers.glued_forms import read_glued_forms
from matchers.index import NameIndex, Retrieval
from matchers.models import EntityKind, Entry, LoadedList, Match, SourceInfo
from matchers.normalise import NameForm, normalise_name
from matchers.org_types import written_as_organisation
from matchers.scoring import NameScore, QueryPlan, Side, rounded

# (Final: compiled, a final module attribute is read from a C static, not looked up in the module's dict.)
_MATCH_FIELDS: Final[frozenset[str]] = frozenset(Match.model_fields)
_FIELD_COUNT: Final = len(_MATCH_FIELDS)
_set_state: Final = object.__setattr__
# (The class and `object.__new__` in final names: compiled, `Match.__new__(Match)` is two look-ups of
# `Match` in the module's dict and a generic method look-up on the model class per match.)
_MATCH: Final = Match
_new_object: Final = object.__new__


def trusted_match(fields: dict[str, Any]) -> Match:
    """The `Match` that `model_construct` builds, for the screener's own values with every field given (the
    dict becomes the instance's, so it must be fresh and in the fields' order). `model_construct` walks each
    field's aliases and defaults on every call, and a Python-level constructor with keywords costs a visible
    share of screening a name; compiled here, this sets the same instance state directly. A missing or
    unknown field is a KeyError, not a default."""
    # (The keys compared one by one, compiled: comparing the keys view with the set is a generic comparison.)
    same = len(fields) == _FIELD_COUNT
    if same:
        for key in fields:
            if key not in _MATCH_FIELDS:
                same = False
                break
    if not same:
        raise KeyError(sorted(_MATCH_FIELDS.symmetric_difference(fields)))
    return _with_state(fields)


def match_of(
    list_id: str,
    entry_id: str,
    name: str,
    matched: str,
    score: float,
    explanation: dict[str, Any],
    kind: EntityKind,
    countries: tuple[str, ...],
    citation: str | None,
) -> Match:
    """`trusted_match` of these values, the screener's per match: its dict built here holds every field in
    order, so the keys need no check (the check is a dict walk and nine set look-ups per match)."""
    return _with_state(
        {
            "list": list_id,
            "entry_id": entry_id,
            "name": name,
            "matched": matched,
            "score": score,
            "explanation": explanation,
            "kind": kind,
            "countries": countries,
            "citation": citation,
        }
    )


def _with_state(fields: dict[str, Any]) -> Match:
    """A `Match` holding `fields` (every field, in order) as its state, as `model_construct` sets it."""
    match = _new_object(_MATCH)
    _set_state(match, "__dict__", fields)
    _set_state(match, "__pydantic_fields_set__", set(_MATCH_FIELDS))
    _set_state(match, "__pydantic_extra__", None)
    _set_state(match, "__pydantic_private__", None)
    return match


# `EntityKind.parse` by what callers pass (a few spellings of a handful of kinds): the parse is an interpreted
# classmethod, asked once per name screened. Bounded, so a stream of made-up kinds cannot grow it.
_KINDS: Final[dict[str | None, EntityKind]] = {}
_KINDS_MAX: Final = 256
# (A module constant: `EntityKind.PERSON` read per name is a global look-up and a generic attribute
# look-up on the enum class from compiled code; `parse_kind` gives members, so identity is equality.)
_PERSON: Final = EntityKind.PERSON
# (`NameForm.script` of a name written in Chinese characters: `transcription.script_of`.)
_HAN_SCRIPT: Final = "han"
_UNKNOWN: Final = EntityKind.UNKNOWN
_CRAFT: Final = frozenset({EntityKind.VESSEL, EntityKind.AIRCRAFT})


def parse_kind(kind: str | EntityKind | None) -> EntityKind:
    """`kind` as an `EntityKind` (`EntityKind.parse` for anything else), memoised by the value passed."""
    if isinstance(kind, EntityKind):
        return kind
    known = _KINDS.get(kind)
    if known is None:
        known = EntityKind.parse(kind)
        if len(_KINDS) >= _KINDS_MAX:
            _KINDS.clear()
        _KINDS[kind] = known
    return known


# The default configuration's thresholds, for callers that read them (reasons in `matchers/config.py`).
DEFAULT_THRESHOLD = DEFAULT_CONFIG.thresholds.hit
REPORT_FLOOR = DEFAULT_CONFIG.thresholds.report_floor


@mypyc_attr(serializable=True, allow_interpreted_subclasses=True)
class Screener:
    """Immutable after construction, hence safe to share across threads.

    `config` holds every tuning value (`MatchConfig()` when not given); `threshold`, when given, overrides
    its hit threshold (the setting operators change most)."""

    def __init__(
        self,
        lists: Sequence[LoadedList],
        threshold: float | None = None,
        _index: NameIndex | None = None,
        config: MatchConfig | None = None,
    ) -> None:
        self.config = config = config if config is not None else DEFAULT_CONFIG
        self._lists: tuple[LoadedList, ...] | None = tuple(lists)
        self.threshold = config.thresholds.hit if threshold is None else threshold
        entries: dict[str, Entry] = {}
        for lst in self._lists:
            for entry in lst.entries:
                entries.setdefault(entry.id, entry)
        self._entries: dict[str, Entry] | None = entries
        # Set by a compiled snapshot instead of the two above (`matchers/entry_store.py`, decision 0520).
        self._packed: PackedLists | None = None
        if _index is None:
            with gc_paused():
                _index = NameIndex(list(entries.values()), config=config)
        self._index = _index
        # Per entry by position, what screening reads of it: it never reads an entry (decision 0521).
        tables = entry_tables(_index.entries)
        self._kinds, self._countries = tables.kinds, tables.countries
        self._ids, self._list_ids, self._names, self._citations = (
            tables.ids,
            tables.lists,
            tables.names,
            tables.citations,
        )
        digest = hashlib.sha256()
        for source in sorted(self.sources, key=lambda s: (s.list, s.path)):
            digest.update(f"{source.list}:{source.content_hash};".encode())
        self.version = digest.hexdigest()[:12]

    @classmethod
    def from_paths(
        cls, paths: Iterable[str | Path], threshold: float | None = None, config: MatchConfig | None = None
    ) -> Screener:
        from matchers.lists import load_paths

        with gc_paused():
            lists = load_paths(paths)
        return cls(lists, threshold=threshold, config=config)

    # Mechanical accessors: a screener loaded from a compiled snapshot builds its lists and its entries by id
    # on first access, from the entries its snapshot keeps packed (decision 0520).
    @property
    def lists(self) -> tuple[LoadedList, ...]:
        lists = self._lists
        if lists is None:
            assert self._packed is not None
            lists = self._lists = self._packed.lists()
        return lists

    @property
    def entries(self) -> dict[str, Entry]:
        entries = self._entries
        if entries is None:
            assert self._packed is not None
            entries = self._entries = self._packed.entries()
        return entries

    @property
    def packed(self) -> PackedLists | None:
        """The entries a compiled snapshot keeps packed until read; None for a screener that was built."""
        return self._packed

    @property
    def entry_count(self) -> int:
        """`len(self.entries)`, without building the entries by id of a screener loaded from a snapshot."""
        if self._entries is None and self._packed is not None:
            return len(self._packed.store)
        return len(self.entries)

    @property
    def sources(self) -> tuple[SourceInfo, ...]:
        if self._lists is None and self._packed is not None:
            return self._packed.sources
        return tuple(lst.source for lst in self.lists)

    def screen(
        self,
        name: str,
        country: str | None = None,
        kind: str | EntityKind | None = None,
        floor: float | None = None,
    ) -> list[Match]:
        """Listed entries this party may be, best first, down to `floor` (the configured reporting floor
        when not given); `is_hit` says whether any reaches the threshold."""
        config = self.config
        if floor is None:
            floor = config.thresholds.report_floor
        query_kind = parse_kind(kind)
        # (Short legal forms glued to a word are cut where the index knows the word: `PJSCGAZPROM`.)
        form = read_glued_forms(normalise_name(name), self._index.postings, self._index.deletes)
        if not form.tokens:
            return []
        person = query_kind is _PERSON
        query_country = to_iso2(country) if country else None
        _, best = self._scored(form, person, query_country, floor)
        if config.retrieval.digit_letters and digit_in_word(name):
            # (Whether or not the normaliser's reading hit: `AY8AN` reads `ayban`, a swap from `ABYAN`.)
            self._read_digits(name, form, person, query_country, floor, best)
        if not best:
            return []
        index = self._index
        names = index.names
        countries = self._countries
        # (Words besides the legal forms of a query written as a company's, 0 otherwise: decisions 0223-0224.)
        legal_form = 0
        if (
            query_kind is _UNKNOWN
            and config.evidence.legal_form_kind
            and written_as_organisation(form.tokens, form.minor)
        ):
            legal_form = len(form.tokens) - len(form.minor)
        evidence = config.evidence
        # (Decisions 0251-0252: what tells a company written with a form from one named for a listed person.)
        partial_words = evidence.form_person_partial and legal_form <= evidence.form_person_partial_words
        by_sound = legal_form != 0 and evidence.form_person_han and form.script == _HAN_SCRIPT
        # (Decisions 0265-0266: a listed person of one word and a particle, a listed craft of one word.)
        by_particle = partial_words and evidence.form_person_particle
        one_word_craft = legal_form != 0 and partial_words and evidence.form_craft_one_word
        matches: list[Match] = []
        # Each match's sort key from the values it was built with (reading them back from the pydantic model
        # goes through its `__getattr__` hook: a few thousand instructions a match).
        keys: list[tuple[float, str]] = []
        explanations: dict[int, dict[str, Any]] = {}
        kinds = self._kinds
        person_shaped = names.person_shaped
        ids, list_ids, entry_names, citations = self._ids, self._list_ids, self._names, self._citations
        for entry_idx, (_, result, name_id) in best.items():
            listed_kind, listed_countries = kinds[entry_idx], countries[entry_idx]
            by_country = country_evidence(query_country, listed_countries, result.score, evidence)
            shaped = legal_form != 0 and person_shaped[name_id] != 0
            by_kind = kind_evidence(
                query_kind,
                listed_kind,
                result.score,
                evidence,
                legal_form,
                shaped,
                # (Asked only where the conflict can apply: a query with a form against a person.)
                (
                    (shaped or (legal_form != 0 and listed_kind == _PERSON))
                    and (
                        by_sound
                        or (partial_words and result.listed_word_left())
                        or (by_particle and result.listed_particle_left())
                    )
                )
                or (
                    one_word_craft
                    and listed_kind in _CRAFT
                    and len(result.listed.tokens) == 1
                    and not result.query_minor_aligned()
                ),
            )
            final = max(0.0, min(1.0, result.score + by_country.delta + by_kind.delta))
            if final < floor:
                continue
            matched = names.texts[name_id]
            explained = explanations.get(id(result))
            if explained is None:
                explained = explanations[id(result)] = result.explain()
            explanation = {
                "matched": matched,
                **explained,
                "country": by_country.detail,
                "kind": by_kind.detail,
                "score": rounded(final, 3),
            }
            entry_id, score = ids[entry_idx], rounded(final, 4)
            keys.append((-score, entry_id))
            # Built from trusted values: skip validation, which would cost more than the scoring.
            matches.append(
                match_of(
                    list_ids[entry_idx],
                    entry_id,
                    entry_names[entry_idx],
                    matched,
                    score,
                    explanation,
                    listed_kind,
                    listed_countries,
                    citations[entry_idx],
                )
            )
        # (Best first, then by entry id: a stable sort by the keys, as sorting the matches by them would be.)
        order = sorted(range(len(matches)), key=keys.__getitem__)
        return [matches[k] for k in order]

    def _scored(
        self, form: NameForm, person: bool, query_country: str | None, floor: float
    ) -> tuple[Retrieval, dict[int, tuple[float, NameScore, int]]]:
        """The candidates of a query and, per entry, its best alias's name score (with the score and the
        name), down to what `floor` may still report."""
        config = self.config
        index = self._index
        # (A name made of legal-form words only, `SRZ PAO`, is still sought by its whole-name keys.)
        retrieval_floor = min(floor, config.thresholds.retrieval_floor)
        found = index.candidates(form, retrieval_floor, person)
        best: dict[int, tuple[float, NameScore, int]] = {}
        if not found.ranked:
            return found, best
        query_side = Side.build(form, index.stats, config, index.letter_added)
        plan = QueryPlan(query_side, found.known, found.joins, person, config)
        # The same name listed in several lists (CSL 2022, SDN 2024...) shares one `Side`: score it once.
        scored: dict[tuple[int, bool, bool], NameScore] = {}
        # Below this a name cannot be reported whatever its country and kind add.
        evidence = config.evidence
        unreported = floor - evidence.country_bonus - evidence.kind_bonus
        self._score_ranked(found.ranked, found, plan, person, query_country, unreported, best, scored)
        if config.retrieval.second_look and not found.whole and not self._reached(best):
            # The words found names but none scored at the threshold: look again by the whole-name keys,
            # which read a word split or damaged into other listed words (`ASu port`, `GLO BAL`) as the
            # word it was (decision 0237). Scored: the names they add and those they align anew.
            first = len(found.ranked)
            index.whole_name_candidates(form, retrieval_floor, found)
            pairs_of = found.pairs
            again = [r for r in found.ranked[:first] if r[1] in pairs_of]
            again.extend(found.ranked[first:])
            if again:
                self._score_ranked(again, found, plan, person, query_country, unreported, best, scored)
        return found, best

    def _read_digits(
        self,
        name: str,
        form: NameForm,
        person: bool,
        query_country: str | None,
        floor: float,
        best: dict[int, tuple[float, NameScore, int]],
    ) -> None:
        """`name` read with its look-alike digits as each letter they may be (`AY8AN` as `AYSAN`), each entry
        keeping its best score in `best` (decision 0245)."""
        config = self.config
        table = parse_table(config.retrieval.digit_letters)
        index = self._index
        for text in readings(name, table, config.retrieval.max_digit_readings):
            other = read_glued_forms(normalise_name(text), index.postings, index.deletes)
            if not other.tokens or other.tokens == form.tokens:
                continue
            _, more = self._scored(other, person, query_country, floor)
            for entry_idx, found in more.items():
                had = best.get(entry_idx)
                if had is None or found[0] > had[0]:
                    best[entry_idx] = found

    def _reached(self, best: dict[int, tuple[float, NameScore, int]]) -> bool:
        """Whether some entry's name score is at the threshold."""
        threshold = self.threshold
        return any(score >= threshold for score, _, _ in best.values())

    def _score_ranked(
        self,
        ranked: list[tuple[float, int]],
        found: Retrieval,
        plan: QueryPlan,
        person: bool,
        query_country: str | None,
        unreported: float,
        best: dict[int, tuple[float, NameScore, int]],
        scored: dict[tuple[int, bool, bool], NameScore],
    ) -> None:
        """Score `ranked`'s names into `best` (the best alias per entry; evidence and explanations are worked
        out only for what is reported)."""
        names = self._index.names
        sides, persons, name_entries = names.sides, names.persons, names.entries
        countries = self._countries
        pairs_of = found.pairs
        for _, name_id in ranked:
            entry_idx = name_entries[name_id]
            current = best.get(entry_idx)
            if current is not None and current[0] >= 1.0:
                # A name score is a harmonic mean of two coverages, at most 1: another alias of an entry
                # already matched in full cannot replace it (a tie keeps the first).
                continue
            side, listed_person = sides[name_id], bool(persons[name_id])
            # (The query's country among the entry's: evidence for a short word's typo,
            # `typo_rules.supported_short`.)
            agrees = query_country is not None and query_country in countries[entry_idx]
            extra = pairs_of.get(name_id)
            if extra:
                # Words aligned letter by letter belong to this name, not to every name of its tokens.
                result = plan.score(side, person or listed_person, extra, agrees)
            else:
                key = (id(side), person or listed_person, agrees)
                cached = scored.get(key)
                if cached is None:
                    cached = scored[key] = plan.score(side, person or listed_person, (), agrees)
                result = cached
            if result.score < unreported:
                continue
            if current is None or result.score > current[0]:
                best[entry_idx] = (result.score, result, name_id)

    def candidate_ids(self, name: str, kind: str | EntityKind | None = None) -> list[str]:
        """Ids of the listed entries retrieved for scoring (benchmarks measure retrieval on its own)."""
        query_kind = parse_kind(kind)
        form = read_glued_forms(normalise_name(name), self._index.postings, self._index.deletes)
        if not form.tokens:
            return []
        # (As `screen` retrieves them: a second look by the whole-name keys follows the scores, 0237.)
        found, _ = self._scored(
            form, query_kind == EntityKind.PERSON, None, self.config.thresholds.report_floor
        )
        index = self._index
        return list(dict.fromkeys(index.entries[index.names.entries[i]].id for i in found.ids))

    def is_hit(self, matches: Sequence[Match]) -> bool:
        return any(m.score >= self.threshold for m in matches)

    def subset(self, entry_ids: Iterable[str]) -> Screener:
        """A screener over only these entries that weighs tokens as the full snapshot does."""
        wanted = set(entry_ids)
        entries = [e for e in self._index.entries if e.id in wanted]
        with gc_paused():
            index = NameIndex(
                entries, stats=self._index.stats, config=self.config, person_words=self._index.person_words
            )
        lists = [
            LoadedList(source=lst.source, entries=tuple(e for e in lst.entries if e.id in wanted))
            for lst in self.lists
        ]
        return Screener(lists, self.threshold, _index=index, config=self.config)
