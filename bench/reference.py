"""The field's reference on the same queries: OpenSanctions' LogicV2 (PyPI `nomenklatura`, dev extra) over
rapidfuzz candidates, scored at yente's 0.70, as yente runs it (a search index proposes, the matcher
scores). The candidates are the listed names closest by `token_sort_ratio` over every name and alias.

Used by `bench/accuracy.py`; not part of the engine.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from followthemoney import model
from followthemoney.proxy import EntityProxy
from nomenklatura.matching import get_algorithm
from nomenklatura.matching.types import ScoringConfig
from rapidfuzz import fuzz, process, utils

from matchers.countries import to_iso2
from matchers.models import EntityKind, Entry, LoadedList

REFERENCE_THRESHOLD = 0.70  # yente's default match threshold
CANDIDATES = 10  # names proposed per query, as a search index's top hits
_SCHEMA = {
    EntityKind.PERSON: "Person",
    EntityKind.ORGANISATION: "Organization",
    EntityKind.VESSEL: "Vessel",
    EntityKind.AIRCRAFT: "Airplane",
}
_CHUNK = 256


def _entity(schema: str, ident: str, name: str, countries: Sequence[str]) -> EntityProxy:
    entity = model.make_entity(schema)
    entity.id = ident
    entity.add("name", name)
    for country in countries:
        if schema != "Vessel" and schema != "Airplane":
            entity.add("country", country.lower(), quiet=True)
    return entity


class Reference:
    """Every listed name once, pre-processed for rapidfuzz; entities built lazily per candidate."""

    def __init__(self, lists: Sequence[LoadedList]) -> None:
        entries: dict[str, Entry] = {}
        for lst in lists:
            for entry in lst.entries:
                entries.setdefault(entry.id, entry)
        self.rows: list[tuple[Entry, str]] = [
            (entry, name) for entry in entries.values() for name in dict.fromkeys(entry.names())
        ]
        self.choices = [utils.default_process(name) for _, name in self.rows]
        self.algorithm = get_algorithm("logic-v2")
        self.config = ScoringConfig.defaults()

    def scores(self, queries: Sequence[tuple[str, str | None, str | None]]) -> list[dict[str, float]]:
        """Per query (name, country, kind): the best LogicV2 score of each listed entry proposed."""
        out: list[dict[str, float]] = []
        for start in range(0, len(queries), _CHUNK):
            chunk = queries[start : start + _CHUNK]
            matrix = process.cdist(
                [utils.default_process(q) for q, _, _ in chunk],
                self.choices,
                scorer=fuzz.token_sort_ratio,
                dtype=np.uint8,
                workers=-1,
            )
            top = np.argpartition(-matrix.astype(np.int16), CANDIDATES, axis=1)[:, :CANDIDATES]
            for offset, ((name, country, kind), row) in enumerate(zip(chunk, top, strict=True)):
                query_kind = EntityKind.parse(kind)
                iso = to_iso2(country) if country else None
                # Distinct ids per query and per listed name: the matcher memoises what it derives from an
                # entity by its id.
                schema = _SCHEMA.get(query_kind, "LegalEntity")
                query = _entity(schema, f"query-{start + offset}", name, [iso] if iso else [])
                best: dict[str, float] = {}
                for k in row.tolist():
                    entry, listed = self.rows[k]
                    result = _entity(
                        _SCHEMA.get(entry.kind, "LegalEntity"), f"name-{k}", listed, sorted(entry.countries)
                    )
                    score = float(self.algorithm.compare(query, result, self.config).score)
                    if score > best.get(entry.id, -1.0):
                        best[entry.id] = score
                out.append(best)
        return out
