"""yente's `/match` on Holdline's engine: request models, query parameters and the scoring of one query.

A query's names (`name`, plus `alias`, `previousName`, `weakAlias` when given) are each screened; its
country (`country`, `nationality`, `jurisdiction`, `citizenship`, `registrationCountry`: the first given)
and its schema's kind weigh in as in the stream. A listed entity's score is its best name's. Holdline
screens names, so a query without one is refused (400), never answered with an empty "no match".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from matchers import Match
from matchers.errors import HoldlineError
from streams.api.view import SnapshotView

QUERY_NAME_PROPERTIES = ("name", "alias", "previousName", "weakAlias")
QUERY_COUNTRY_PROPERTIES = ("country", "nationality", "jurisdiction", "citizenship", "registrationCountry")
# yente's algorithm names are accepted and answered with Holdline's engine (listed in /algorithms).
ALGORITHM = "holdline"
ACCEPTED_ALGORITHMS = frozenset(
    {ALGORITHM, "best", "logic-v2", "logic-v1", "name-based", "name-qualified", "regression-v1"}
)
SCHEMA_KIND = {
    "Person": "person",
    "Organization": "org",
    "Company": "org",
    "PublicBody": "org",
    "Vessel": "vessel",
    "Airplane": "aircraft",
}


class EntityExample(BaseModel):
    """yente's `EntityExample`; fields yente clients add (`filters`, `params`...) are ignored."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    id: str | None = None
    schema_: str = Field(alias="schema")
    properties: dict[str, str | list[Any]]


class MatchRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    queries: dict[str, EntityExample | None]
    weights: dict[str, float] = Field(default_factory=dict, description="Accepted and ignored")
    config: dict[str, Any] = Field(default_factory=dict, description="Accepted and ignored")


class QueryError(HoldlineError, ValueError):
    """A query Holdline cannot screen (no name): a 400, never an empty "no match"."""


@dataclass(frozen=True)
class MatchParams:
    threshold: float
    cutoff: float
    limit: int
    include: frozenset[str]
    exclude: frozenset[str]
    exclude_ids: frozenset[str]
    dataset: str | None  # None: every loaded list


def _values(example: EntityExample, prop: str) -> list[str]:
    value = example.properties.get(prop)
    values = value if isinstance(value, list) else [value] if value is not None else []
    return [v.strip() for v in values if isinstance(v, str) and v.strip()]


def query_inputs(key: str, example: EntityExample) -> tuple[list[str], str | None, str | None]:
    names: list[str] = []
    for prop in QUERY_NAME_PROPERTIES:
        names += [n for n in _values(example, prop) if n not in names]
    if not names:
        raise QueryError(f"query {key!r} has no name: Holdline screens names (properties.name)")
    country = next((c for p in QUERY_COUNTRY_PROPERTIES for c in _values(example, p)), None)
    return names, country, SCHEMA_KIND.get(example.schema_)


def screen_names(
    view: SnapshotView, names: list[str], country: str | None, kind: str | None, floor: float
) -> list[Match]:
    """Every match of every name at or above `floor`; cached per snapshot (screening is deterministic)."""
    out: list[Match] = []
    for name in names:
        key = (name, country, kind, floor)
        matches = view.cache.get(key)
        if matches is None:
            matches = tuple(view.screener.screen(name, country=country, kind=kind, floor=floor))
            view.cache.put(key, matches)
        out.extend(matches)
    return out


def match_query(view: SnapshotView, key: str, example: EntityExample, params: MatchParams) -> dict[str, Any]:
    """yente's `EntityMatches` for one query."""
    names, country, kind = query_inputs(key, example)
    floor = min(params.cutoff, params.threshold)
    best: dict[str, list[Any]] = {}  # result id -> [best match, the query name it matched, its datasets]
    for name, match in _with_query(view, names, country, kind, floor):
        entry = view.screener.entries[match.entry_id]
        slot = best.get(view.result_key(entry))
        if slot is None:
            best[view.result_key(entry)] = [match, name, [entry.list]]
            continue
        if entry.list not in slot[2]:
            slot[2].append(entry.list)
        if match.score > slot[0].score:
            slot[0], slot[1] = match, name
    results = []
    for result_id, (match, query_name, lists) in best.items():
        datasets = [d for d in lists if d not in params.exclude]
        if params.dataset is not None and params.dataset not in datasets:
            continue
        if params.include and not params.include & set(datasets):
            continue
        if not datasets or result_id in params.exclude_ids or match.entry_id in params.exclude_ids:
            continue
        entry = view.screener.entries[match.entry_id]
        entity = view.entity(entry, datasets)
        if set(entity.get("referents") or ()) & params.exclude_ids:
            continue
        entity["score"] = match.score
        entity["match"] = match.score >= params.threshold
        entity["explanations"] = explanations(query_name, match)
        results.append(entity)
    results.sort(key=lambda r: (-r["score"], r["id"]))
    return {
        "status": 200,
        "results": results[: params.limit],
        "total": {"value": len(results), "relation": "eq"},
        "query": example.model_dump(by_alias=True),
    }


def _with_query(
    view: SnapshotView, names: list[str], country: str | None, kind: str | None, floor: float
) -> list[tuple[str, Match]]:
    return [(name, m) for name in names for m in screen_names(view, [name], country, kind, floor)]


def explanations(query_name: str, match: Match) -> dict[str, dict[str, Any]]:
    """yente's `FeatureResult`s: the name comparison, and the country and kind evidence applied to it."""
    exp = match.explanation
    aligned = ", ".join(f"{a['query']}~{a['listed']}" for a in exp.get("aligned", []))
    country, kind = exp.get("country") or {}, exp.get("kind") or {}
    return {
        "holdline_name": {
            "detail": f"aligned: {aligned or '-'}",
            "score": float(exp.get("name_score", 0.0)),
            "query": query_name,
            "candidate": match.matched,
        },
        "holdline_evidence": {
            "detail": f"country: {country.get('effect', 'none')}; kind: {kind.get('effect', 'none')}",
            "score": match.score,
            "query": None,
            "candidate": None,
        },
    }
