"""`Screener`: the engine's public entry point, stable for the CLI, the stream workers and re-screening."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from matchers.countries import to_iso2
from matchers.evidence import COUNTRY_BONUS, KIND_BONUS, country_evidence, kind_evidence
from matchers.gc_pause import gc_paused
from matchers.index import NameIndex
from matchers.models import EntityKind, Entry, LoadedList, Match, SourceInfo
from matchers.normalise import normalise_name
from matchers.scoring import NameScore, QueryPlan, Side

# A match at or above this score is a hit (held). Chosen on the development set (bench/accuracy.py).
DEFAULT_THRESHOLD = 0.82
# Matches down to this score are still reported, so a reviewer sees the near misses too.
REPORT_FLOOR = 0.70
# Candidates are sought down to this score whatever the reporting floor: the estimate that picks them
# is calibrated on it (matchers/index.py ESTIMATE_CUTOFF).
RETRIEVAL_FLOOR = 0.65


class Screener:
    """Immutable after construction, hence safe to share across threads."""

    def __init__(
        self,
        lists: Sequence[LoadedList],
        threshold: float = DEFAULT_THRESHOLD,
        _index: NameIndex | None = None,
    ) -> None:
        self.lists = tuple(lists)
        self.threshold = threshold
        self.entries: dict[str, Entry] = {}
        for lst in self.lists:
            for entry in lst.entries:
                self.entries.setdefault(entry.id, entry)
        if _index is None:
            with gc_paused():
                _index = NameIndex(list(self.entries.values()))
        self._index = _index
        digest = hashlib.sha256()
        for source in sorted(self.sources, key=lambda s: (s.list, s.path)):
            digest.update(f"{source.list}:{source.content_hash};".encode())
        self.version = digest.hexdigest()[:12]

    @classmethod
    def from_paths(cls, paths: Iterable[str | Path], threshold: float = DEFAULT_THRESHOLD) -> Screener:
        from matchers.lists import load_paths

        with gc_paused():
            lists = load_paths(paths)
        return cls(lists, threshold=threshold)

    @property
    def sources(self) -> tuple[SourceInfo, ...]:
        return tuple(lst.source for lst in self.lists)

    def screen(
        self,
        name: str,
        country: str | None = None,
        kind: str | EntityKind | None = None,
        floor: float = REPORT_FLOOR,
    ) -> list[Match]:
        """Listed entries this party may be, best first; `is_hit` says whether any reaches the threshold."""
        query_kind = kind if isinstance(kind, EntityKind) else EntityKind.parse(kind)
        form = normalise_name(name)
        if len(form.minor) == len(form.tokens):
            return []
        index = self._index
        person = query_kind == EntityKind.PERSON
        found = index.candidates(form, min(floor, RETRIEVAL_FLOOR), person)
        if not found.ranked:
            return []
        query_country = to_iso2(country) if country else None
        plan = QueryPlan(Side.build(form, index.stats), found.known, found.joins, person)
        # Best alias per entry; evidence and explanations are worked out only for what is reported.
        best: dict[int, tuple[float, NameScore, int]] = {}
        # The same name listed in several lists (CSL 2022, SDN 2024...) shares one `Side`: score it once.
        scored: dict[tuple[int, bool], NameScore] = {}
        for name_id in found.ids:
            listed = index.names[name_id]
            key = (id(listed.side), person or listed.person)
            result = scored.get(key)
            if result is None:
                result = scored[key] = plan.score(listed.side, person or listed.person)
            if result.score < floor - COUNTRY_BONUS - KIND_BONUS:
                continue
            current = best.get(listed.entry)
            if current is None or result.score > current[0]:
                best[listed.entry] = (result.score, result, name_id)
        matches = []
        explanations: dict[int, dict] = {}
        for entry_idx, (_, result, name_id) in best.items():
            entry = index.entries[entry_idx]
            by_country = country_evidence(query_country, entry.countries, result.score)
            by_kind = kind_evidence(query_kind, entry.kind, result.score)
            final = max(0.0, min(1.0, result.score + by_country.delta + by_kind.delta))
            if final < floor:
                continue
            matched = index.names[name_id].text
            explained = explanations.get(id(result))
            if explained is None:
                explained = explanations[id(result)] = result.explain()
            explanation = {
                "matched": matched,
                **explained,
                "country": by_country.detail,
                "kind": by_kind.detail,
                "score": round(final, 3),
            }
            # Built from trusted values: skip validation, which would cost more than the scoring.
            matches.append(
                Match.trusted(
                    list=entry.list,
                    entry_id=entry.id,
                    name=entry.name,
                    matched=matched,
                    score=round(final, 4),
                    explanation=explanation,
                    kind=entry.kind,
                    countries=entry.countries,
                    citation=entry.citation,
                )
            )
        matches.sort(key=lambda m: (-m.score, m.entry_id))
        return matches

    def candidate_ids(self, name: str, kind: str | EntityKind | None = None) -> list[str]:
        """Ids of the listed entries retrieved for scoring (benchmarks measure retrieval on its own)."""
        query_kind = kind if isinstance(kind, EntityKind) else EntityKind.parse(kind)
        form = normalise_name(name)
        if len(form.minor) == len(form.tokens):
            return []
        found = self._index.candidates(form, RETRIEVAL_FLOOR, query_kind == EntityKind.PERSON)
        index = self._index
        return list(dict.fromkeys(index.entries[index.names[i].entry].id for i in found.ids))

    def is_hit(self, matches: Sequence[Match]) -> bool:
        return any(m.score >= self.threshold for m in matches)

    def subset(self, entry_ids: Iterable[str]) -> Screener:
        """A screener over only these entries that weighs tokens as the full snapshot does."""
        wanted = set(entry_ids)
        entries = [e for e in self._index.entries if e.id in wanted]
        with gc_paused():
            index = NameIndex(entries, stats=self._index.stats)
        lists = [
            LoadedList(source=lst.source, entries=tuple(e for e in lst.entries if e.id in wanted))
            for lst in self.lists
        ]
        return Screener(lists, self.threshold, _index=index)
