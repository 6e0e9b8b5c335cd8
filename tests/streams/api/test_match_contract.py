"""`/match`, `/algorithms`, `/catalog`, `/entities` held to yente's own response models (yente 5.x)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi.testclient import TestClient

from matchers.screener import DEFAULT_THRESHOLD, REPORT_FLOOR
from tests.streams.api.conftest import FTM


def ftm_targets(name: str) -> list[dict[str, Any]]:
    path = FTM / name / "entities.ftm.json"
    return [e for e in map(json.loads, path.read_text().splitlines()) if e.get("target")]


def match(
    client: TestClient,
    yente: SimpleNamespace,
    queries: dict[str, Any],
    dataset: str = "default",
    **params: Any,
) -> dict[str, Any]:
    response = client.post(f"/match/{dataset}", params=params, json={"queries": queries})
    assert response.status_code == 200, response.text
    body = response.json()
    yente.EntityMatchResponse.model_validate(body)  # drift from yente's interface fails here
    return body


def query(name: str | list[str], schema: str = "LegalEntity", **props: list[str]) -> dict[str, Any]:
    return {"schema": schema, "properties": {"name": name if isinstance(name, list) else [name], **props}}


def test_a_listed_ftm_entity_is_found_with_its_own_id_and_datasets(
    client: TestClient, yente: SimpleNamespace
) -> None:
    person = next(e for e in ftm_targets("t1") if e["schema"] == "Person")
    body = match(client, yente, {"p": query(person["caption"], "Person")})
    response = body["responses"]["p"]
    assert response["status"] == 200 and body["limit"] == 5
    top = response["results"][0]
    assert top["id"] == person["id"] and top["schema"] == "Person" and top["match"] is True
    assert top["score"] >= DEFAULT_THRESHOLD
    assert top["datasets"] == person["datasets"] and top["referents"] == person["referents"]
    assert top["properties"]["name"] == person["properties"]["name"]
    assert response["total"] == {"value": len(response["results"]), "relation": "eq"}
    assert response["query"]["properties"]["name"] == [person["caption"]]
    assert "holdline_name" in top["explanations"]


def test_each_list_is_a_dataset_and_default_is_all_of_them(
    client: TestClient, yente: SimpleNamespace
) -> None:
    catalog = client.get("/catalog")
    assert catalog.status_code == 200
    model = yente.DataCatalogModel.model_validate(catalog.json())
    names = {d.name for d in model.datasets}
    assert {"default", "eu_fsf", "ofac_sdn", "bis_entity_list", "un_consolidated"} <= names
    assert all(d.index_current for d in model.datasets)
    # A query scoped to one list only returns entities of that list.
    body = match(
        client, yente, {"q": query("Huawei Technologies", "Company")}, dataset="bis_entity_list", limit=20
    )
    results = body["responses"]["q"]["results"]
    assert results and all(r["datasets"] == ["bis_entity_list"] for r in results)
    # The list id names the same dataset.
    same = match(
        client, yente, {"q": query("Huawei Technologies", "Company")}, dataset="bis-entity-list", limit=20
    )
    assert same["responses"]["q"]["results"] == results
    everywhere = match(client, yente, {"q": query("Huawei Technologies", "Company")}, limit=50)
    assert {d for r in everywhere["responses"]["q"]["results"] for d in r["datasets"]} > {"bis_entity_list"}


def test_unknown_dataset_is_a_404_with_detail(client: TestClient, yente: SimpleNamespace) -> None:
    response = client.post("/match/no_such_list", json={"queries": {"q": query("x")}})
    assert response.status_code == 404
    yente.ErrorResponse.model_validate(response.json())


def test_more_than_100_queries_is_a_400(client: TestClient, yente: SimpleNamespace) -> None:
    queries = {f"q{i}": query(f"Company {i}") for i in range(101)}
    response = client.post("/match/default", json={"queries": queries})
    assert response.status_code == 400 and "100" in response.json()["detail"]
    body = match(client, yente, dict(list(queries.items())[:100]))
    assert len(body["responses"]) == 100


def test_limit_threshold_and_cutoff(client: TestClient, yente: SimpleNamespace) -> None:
    q = {"q": query("Huawei Technologies", "Company")}
    wide = match(client, yente, q, limit=500)["responses"]["q"]
    assert wide["total"]["value"] > 3
    narrow = match(client, yente, q, limit=2)
    assert narrow["limit"] == 2 and len(narrow["responses"]["q"]["results"]) == 2
    assert narrow["responses"]["q"]["total"]["value"] == wide["total"]["value"]
    assert client.post("/match/default", params={"limit": 501}, json={"queries": q}).status_code == 422
    # Default threshold is Holdline's, not yente's 0.70: `match` flips exactly there.
    assert all(r["match"] == (r["score"] >= DEFAULT_THRESHOLD) for r in wide["results"])
    assert all(r["score"] >= REPORT_FLOOR for r in wide["results"])
    strict = match(client, yente, q, limit=500, threshold=0.99)["responses"]["q"]["results"]
    assert all(r["match"] == (r["score"] >= 0.99) for r in strict)
    scores = sorted({r["score"] for r in wide["results"]})
    assert len(scores) > 1
    cut = (scores[0] + scores[1]) / 2
    high = match(client, yente, q, limit=500, cutoff=cut, threshold=0.99)["responses"]["q"]["results"]
    assert high and all(r["score"] >= cut for r in high) and len(high) < len(wide["results"])


def test_dataset_filters_and_excluded_ids(client: TestClient, yente: SimpleNamespace) -> None:
    q = {"q": query("Huawei Technologies", "Company")}
    wide = match(client, yente, q, limit=500)["responses"]["q"]["results"]
    only = match(client, yente, q, limit=500, include_dataset=["ofac_sdn", "bis_entity_list"])
    kept = only["responses"]["q"]["results"]
    assert kept and all({"ofac_sdn", "bis_entity_list"} & set(r["datasets"]) for r in kept)
    assert len(kept) < len(wide)
    dropped = match(client, yente, q, limit=500, exclude_dataset=["bis_entity_list"])
    assert all("bis_entity_list" not in r["datasets"] for r in dropped["responses"]["q"]["results"])
    first = wide[0]["id"]
    without = match(client, yente, q, limit=500, exclude_entity_ids=[first])["responses"]["q"]["results"]
    assert first not in {r["id"] for r in without} and len(without) == len(wide) - 1


def test_algorithms_lists_holdline_and_yente_names_are_accepted(
    client: TestClient, yente: SimpleNamespace
) -> None:
    response = client.get("/algorithms")
    model = yente.AlgorithmResponse.model_validate(response.json())
    assert [a.name for a in model.algorithms] == ["holdline"] and model.best == model.default == "holdline"
    q = {"q": query("Huawei Technologies", "Company")}
    scores = {
        algo: match(client, yente, q, algorithm=algo)["responses"]["q"]["results"][0]["score"]
        for algo in ("logic-v2", "best", "name-based", "holdline")
    }
    assert len(set(scores.values())) == 1
    assert client.post("/match/default", params={"algorithm": "nope"}, json={"queries": q}).status_code == 400


def test_a_query_without_a_name_is_refused_not_answered_empty(client: TestClient) -> None:
    response = client.post(
        "/match/default", json={"queries": {"q": {"schema": "Person", "properties": {"birthDate": ["1970"]}}}}
    )
    assert response.status_code == 400 and "no name" in response.json()["detail"]


def test_entities_by_ftm_or_entry_id(client: TestClient, yente: SimpleNamespace) -> None:
    person = next(e for e in ftm_targets("zala") if e["schema"] == "Person")
    response = client.get(f"/entities/{person['id']}")
    assert response.status_code == 200
    entity = yente.EntityResponse.model_validate(response.json())
    assert entity.id == person["id"] and set(entity.datasets) == set(person["datasets"])
    hit = match(client, yente, {"q": query("Huawei Technologies", "Company")}, dataset="bis_entity_list")
    entry_id = hit["responses"]["q"]["results"][0]["id"]
    listed = client.get(f"/entities/{entry_id}").json()
    assert listed["id"] == entry_id and listed["datasets"] == ["bis_entity_list"]
    assert client.get("/entities/no-such-id").status_code == 404


def test_ftm_entity_in_several_datasets_is_one_result(ftm_client: TestClient, yente: SimpleNamespace) -> None:
    many = max(ftm_targets("zala"), key=lambda e: len(e["datasets"]))
    body = match(ftm_client, yente, {"q": query(many["caption"], many["schema"])}, limit=50)
    results = body["responses"]["q"]["results"]
    assert [r["id"] for r in results].count(many["id"]) == 1
    found = next(r for r in results if r["id"] == many["id"])
    assert set(found["datasets"]) == set(many["datasets"])


def test_openapi_documents_the_routes(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {
        "/match/{dataset}",
        "/v1/screen",
        "/readyz",
        "/healthz",
        "/catalog",
        "/algorithms",
        "/entities/{entity_id}",
    } <= set(spec["paths"])
    assert client.get("/docs").status_code == 200


def test_ftm_samples_exist() -> None:
    assert Path(FTM / "t1" / "entities.ftm.json").is_file()


@pytest.mark.parametrize("schema", ["Person", "Company", "Organization", "LegalEntity", "Vessel"])
def test_every_schema_gives_a_valid_response(client: TestClient, yente: SimpleNamespace, schema: str) -> None:
    match(client, yente, {"q": query("Zala Aero Group", schema, country=["ru"])})
