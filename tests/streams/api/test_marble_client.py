"""A client that behaves like Marble's yente client: what it sends and the only fields it reads."""

from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any

import httpx
from fastapi.testclient import TestClient

from matchers.screener import DEFAULT_THRESHOLD


class MarbleLikeClient:
    """Sends `algorithm`, `threshold` and `cutoff` as fractions, repeated `include_dataset`,
    `exclude_entity_ids`, and queries keyed by UUID with list-valued `properties.name` plus the extra
    `filters`/`params` fields its own query type carries; keeps only `match: true` results."""

    def __init__(self, http: TestClient, datasets: list[str], threshold: float) -> None:
        self.http = http
        self.datasets = datasets
        self.threshold = threshold

    def screen(
        self, names: list[str], exclude: list[str] = ()
    ) -> tuple[dict[str, list[dict[str, Any]]], dict[str, int], int, dict[str, Any]]:
        keys = {str(uuid.uuid4()): name for name in names}
        queries = {
            key: {
                "schema": "Thing",
                "properties": {"name": [name]},
                "filters": {"datasets": self.datasets},
                "params": {"fuzziness": 0.5},
            }
            for key, name in keys.items()
        }
        params = httpx.QueryParams(
            [
                ("algorithm", "logic-v2"),
                ("threshold", str(self.threshold)),
                ("cutoff", "0.5"),
                *[("include_dataset", d) for d in self.datasets],
                *[("exclude_entity_ids", e) for e in exclude],
            ]
        )
        response = self.http.post(f"/match/default?{params}", json={"queries": queries})
        response.raise_for_status()
        body = response.json()
        hits = {keys[k]: [r for r in v["results"] if r["match"]] for k, v in body["responses"].items()}
        totals = {keys[k]: v["total"]["value"] for k, v in body["responses"].items()}
        return hits, totals, body["limit"], body


def test_marble_like_client(client: TestClient, yente: SimpleNamespace) -> None:
    marble = MarbleLikeClient(client, ["ofac_sdn", "bis_entity_list"], threshold=0.9)
    hits, totals, limit, body = marble.screen(["Huawei Technologies", "Northwind Garden Supplies"])
    yente.EntityMatchResponse.model_validate(body)
    assert limit == 5
    assert hits["Huawei Technologies"] and all(r["score"] >= 0.9 for r in hits["Huawei Technologies"])
    assert all(set(r["datasets"]) & {"ofac_sdn", "bis_entity_list"} for r in hits["Huawei Technologies"])
    assert totals["Huawei Technologies"] >= len(hits["Huawei Technologies"])
    assert hits["Northwind Garden Supplies"] == []
    # A decided false positive is excluded by id and no longer comes back.
    first = hits["Huawei Technologies"][0]["id"]
    again, totals_again, _, _ = marble.screen(["Huawei Technologies"], exclude=[first])
    assert first not in {r["id"] for r in again["Huawei Technologies"]}
    assert totals_again["Huawei Technologies"] == totals["Huawei Technologies"] - 1


def test_marble_threshold_is_the_clients_not_holdlines(client: TestClient) -> None:
    """`match` follows the fraction the client sends; Holdline's own default applies only without one."""
    loose = MarbleLikeClient(client, ["bis_entity_list"], threshold=0.5)
    strict = MarbleLikeClient(client, ["bis_entity_list"], threshold=0.999)
    loose_hits, totals, _, body = loose.screen(["Huawei Device Trading"])
    strict_hits, _, _, _ = strict.screen(["Huawei Device Trading"])
    scores = [r["score"] for r in next(iter(body["responses"].values()))["results"]]
    assert scores and max(scores) < DEFAULT_THRESHOLD  # a near miss by Holdline's default...
    assert len(loose_hits["Huawei Device Trading"]) == totals["Huawei Device Trading"]  # ...a match at 0.5
    assert strict_hits["Huawei Device Trading"] == []
