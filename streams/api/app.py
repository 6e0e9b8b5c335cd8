"""The FastAPI application: yente's `/match` family, `/v1/screen`, probes and metrics.

Responses are serialised with orjson straight from dicts (no response-model validation per request: the
contract tests validate them against yente's own models instead). Screening runs on the event loop for a
request of a few names (a thread hop would cost more than the screening) and in a worker thread for
batches, so probes stay answered while a 1,000-party batch is screened.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import orjson
from fastapi import Body, FastAPI, HTTPException, Query, Request
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from pydantic import ValidationError

from matchers.screener import REPORT_FLOOR
from streams.api.guards import ApiMetrics, Guard, RateLimiter
from streams.api.matching import (
    ACCEPTED_ALGORITHMS,
    ALGORITHM,
    MatchParams,
    MatchRequest,
    QueryError,
    match_query,
)
from streams.api.settings import DEFAULT_LIMIT, MAX_LIMIT, MAX_PARTIES, MAX_QUERIES, ApiSettings
from streams.api.state import ApiState, ControlFollower
from streams.api.tokens import TokenBook
from streams.api.view import DEFAULT_DATASET, SnapshotView
from streams.party_request import PartyRequest as Party
from streams.settings import ComplianceSettings, Settings

log = logging.getLogger(__name__)
T = TypeVar("T")
SCREEN_EXAMPLE = {
    "parties": [{"id": "po-1/supplier", "name": "Acme Trading Co", "country": "CN", "kind": "org"}]
}
INLINE_NAMES = 4  # requests with more names than this are screened in a worker thread


class JSON(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


def unavailable(state: ApiState) -> SnapshotView:
    """The snapshot to screen with, or a 503 with the reason (never an empty "no match")."""
    reason = state.unavailable()
    if reason is not None or state.view is None:
        raise HTTPException(503, detail=f"screening unavailable: {reason}")
    return state.view


async def run_screening(names: int, work: Callable[[], T]) -> T:
    try:
        if names <= INLINE_NAMES:
            return work()
        return await asyncio.get_running_loop().run_in_executor(None, work)
    except (HTTPException, QueryError):
        raise
    # Engine boundary: any engine failure is a 503 with its reason, never a "no match".
    except Exception as exc:
        log.exception("screening failed")
        raise HTTPException(503, detail=f"screening failed: {type(exc).__name__}: {exc}") from exc


def create_app(
    lists: list[str] | None = None,
    *,
    settings: Settings | None = None,
    compliance: ComplianceSettings | None = None,
    api: ApiSettings | None = None,
    no_auth: bool = False,
    follow: bool | None = None,
    registry: CollectorRegistry | None = None,
) -> FastAPI:
    """The service; `lists` as `holdline screen --list` (the built-in list when None)."""
    from matchers.lists import BUILTIN_LIST

    settings = settings or Settings()
    compliance = compliance or settings.compliance
    api = api or ApiSettings()
    if api.tokens_file is None and not no_auth:
        raise ValueError("no tokens file (HOLDLINE_API_TOKENS_FILE): refusing to start without --no-auth")
    tokens = TokenBook(Path(api.tokens_file)) if api.tokens_file is not None and not no_auth else None
    state = ApiState(settings, compliance)
    metrics = ApiMetrics(registry or CollectorRegistry())
    follow = api.follow_control if follow is None else follow
    paths = lists or [str(BUILTIN_LIST)]

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await asyncio.get_running_loop().run_in_executor(None, state.load, paths)
        follower = ControlFollower(state) if follow else None
        if follower is not None:
            follower.start()
        try:
            yield
        finally:
            if follower is not None:
                await follower.stop()

    description = (
        "Restricted-party screening over HTTP: yente-compatible `/match` and Holdline's own "
        "`/v1/screen`. Every loaded list is a dataset; `default` is all of them."
    )
    app = FastAPI(
        title="Holdline screening API",
        version="1",
        lifespan=lifespan,
        default_response_class=JSON,
        description=description,
    )
    app.state.api = state
    app.state.metrics = metrics

    @app.get("/healthz", tags=["probes"])
    async def healthz() -> dict[str, Any]:
        """The process answers (liveness); says nothing about the lists."""
        return {"status": "ok"}

    @app.get("/readyz", tags=["probes"])
    async def readyz() -> Response:
        """200 while screening may answer; 503 with the reason before a snapshot loads or while it is held."""
        reason = state.unavailable()
        if reason is not None:
            return JSON({"status": "unavailable", "detail": reason}, status_code=503)
        view = state.view
        assert view is not None
        return JSON(
            {
                "status": "ok",
                "version": view.version,
                "entries": len(view.screener.entries),
                "datasets": len(view.datasets),
                "publication": state.publication,
            }
        )

    @app.get("/metrics", tags=["probes"])
    async def prometheus() -> Response:
        ready = state.unavailable() is None
        metrics.ready.set(1 if ready else 0)
        metrics.snapshot_info.clear()
        if state.view is not None:
            metrics.snapshot_info.labels(version=state.view.version).set(1)
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    @app.get("/algorithms", tags=["matching"])
    async def algorithms() -> dict[str, Any]:
        """yente's algorithm list: Holdline's engine, whatever name (yente's included) a client asks for."""
        aliases = ACCEPTED_ALGORITHMS - {ALGORITHM}
        url = "https://github.com/holdline/holdline/blob/main/docs/api.md"
        docs = {
            "name": ALGORITHM,
            "description": "Holdline's name-matching engine (token alignment weighted by rarity, country and "
            f"kind evidence). Also answers to: {', '.join(sorted(aliases))}.",
            "config": {},
            "features": {
                "holdline_name": {
                    "description": "Aligned name tokens weighted by their rarity in the lists",
                    "coefficient": 1.0,
                    "url": url,
                },
                "holdline_evidence": {
                    "description": "Country and kind agreement applied to the name score",
                    "coefficient": 1.0,
                    "url": url,
                },
            },
        }
        entry = {
            "name": ALGORITHM,
            "description": docs["description"],
            "features": docs["features"],
            "docs": docs,
        }
        return {"algorithms": [entry], "default": ALGORITHM, "best": ALGORITHM}

    @app.get("/catalog", tags=["data"])
    async def catalog() -> dict[str, Any]:
        """Every loaded list as a dataset, plus the `default` collection of all of them."""
        view = unavailable(state)
        datasets = [
            {
                "name": d.name,
                "title": d.title,
                "version": d.version,
                "index_version": d.version,
                "load": True,
                "entity_count": d.entries,
            }
            for d in view.datasets.values()
        ]
        datasets.append(
            {
                "name": DEFAULT_DATASET,
                "title": "Every loaded list",
                "version": view.version,
                "index_version": view.version,
                "load": False,
                "children": sorted(view.datasets),
                "entity_count": len(view.screener.entries),
            }
        )
        return {
            "datasets": datasets,
            "current": [d["name"] for d in datasets],
            "outdated": [],
            "index_stale": False,
        }

    @app.get("/entities/{entity_id}", tags=["data"])
    async def entity(entity_id: str) -> dict[str, Any]:
        view = unavailable(state)
        found = view.lookup(entity_id)
        if found is None:
            raise HTTPException(404, detail=f"No such entity: {entity_id}")
        return view.entity(*found)

    @app.post("/match/{dataset}", tags=["matching"])
    async def match(
        request: Request,
        dataset: str,
        body: Annotated[MatchRequest, Body()],
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Results per query")] = DEFAULT_LIMIT,
        threshold: Annotated[
            float | None,
            Query(
                ge=0.0,
                le=1.0,
                description=(
                    "Score at which a result is a match (`match: true`); default: Holdline's threshold "
                    "(0.82), not yente's 0.70"
                ),
            ),
        ] = None,
        cutoff: Annotated[
            float,
            Query(
                ge=0.0,
                le=1.0,
                description=("Results scoring below this are not returned (capped at `threshold`)"),
            ),
        ] = REPORT_FLOOR,
        algorithm: Annotated[
            str,
            Query(
                description=f"Accepted: {', '.join(sorted(ACCEPTED_ALGORITHMS))}; always Holdline's engine"
            ),
        ] = ALGORITHM,
        include_dataset: Annotated[list[str] | None, Query()] = None,
        exclude_dataset: Annotated[list[str] | None, Query()] = None,
        exclude_entity_ids: Annotated[list[str] | None, Query()] = None,
    ) -> Response:
        """yente 5.x `POST /match/{dataset}`: up to 100 queries (FtM entity examples) per request."""
        if algorithm.lower().strip() not in ACCEPTED_ALGORITHMS:
            raise HTTPException(400, detail=f"Invalid algorithm: {algorithm}")
        view = unavailable(state)
        scope = None if dataset == DEFAULT_DATASET else view.list_of(dataset)
        if dataset != DEFAULT_DATASET and scope is None:
            raise HTTPException(404, detail=f"No such dataset: {dataset}")
        queries = {k: v for k, v in body.queries.items() if v is not None}
        if len(body.queries) > MAX_QUERIES:
            raise HTTPException(400, detail=f"Too many queries in one batch (limit: {MAX_QUERIES})")
        if not queries:
            raise HTTPException(400, detail="No queries provided.")
        params = MatchParams(
            threshold=view.screener.threshold if threshold is None else threshold,
            cutoff=cutoff,
            limit=limit,
            include=frozenset(view.list_of(d) or d for d in include_dataset or ()),
            exclude=frozenset(view.list_of(d) or d for d in exclude_dataset or ()),
            exclude_ids=frozenset(exclude_entity_ids or ()),
            dataset=scope,
        )

        def work() -> dict[str, Any]:
            return {key: match_query(view, key, example, params) for key, example in queries.items()}

        try:
            responses = await run_screening(len(queries), work)
        except QueryError as exc:
            raise HTTPException(400, detail=str(exc)) from exc
        metrics.queries.labels(route="/match/{dataset}").inc(len(queries))
        return JSON({"responses": responses, "limit": limit}, headers={"x-batch-size": str(len(responses))})

    @app.post("/v1/screen", tags=["holdline"])
    async def screen(body: Annotated[dict[str, Any], Body(examples=[SCREEN_EXAMPLE])]) -> Response:
        """Holdline's batch form: `parties` are `holdline screen --jsonl` input lines (at most 1,000); each
        result is the line that command would write (`id`, `hit`, `matches`, or `id` and `error`)."""
        parties = body.get("parties")
        if not isinstance(parties, list):
            raise HTTPException(422, detail="`parties` must be a list of {id, name, country, kind}")
        if len(parties) > MAX_PARTIES:
            raise HTTPException(400, detail=f"Too many parties in one request (limit: {MAX_PARTIES})")
        view = unavailable(state)
        screener = view.screener

        def work() -> list[dict[str, Any]]:
            out: list[dict[str, Any]] = []
            for item in parties:
                try:
                    req = Party.model_validate(item)
                except ValidationError as exc:
                    problems = "; ".join(
                        f"{'.'.join(map(str, e['loc'])) or 'line'}: {e['msg']}" for e in exc.errors()
                    )
                    out.append(
                        {
                            "id": item.get("id") if isinstance(item, dict) else None,
                            "error": f"invalid party: {problems}",
                        }
                    )
                    continue
                matches = screener.screen(req.name, country=req.country, kind=req.kind)
                out.append(
                    {
                        "id": req.id,
                        "hit": screener.is_hit(matches),
                        "matches": [m.to_record() for m in matches],
                    }
                )
            return out

        results = await run_screening(len(parties), work)
        metrics.queries.labels(route="/v1/screen").inc(len(parties))
        return JSON({"results": results, "list_version": view.version, "threshold": screener.threshold})

    app.add_middleware(
        Guard,
        metrics=metrics,
        tokens=tokens,
        limiter=RateLimiter(api.rate_per_second, api.rate_burst),
        max_body=api.max_body_bytes,
    )
    return app


LISTS_ENV = "HOLDLINE_API_SERVE_LISTS"
NO_AUTH_ENV = "HOLDLINE_API_SERVE_NO_AUTH"
FOLLOW_ENV = "HOLDLINE_API_SERVE_FOLLOW"


def from_environment() -> FastAPI:
    """The factory each uvicorn worker process calls (`--workers N`): `holdline api serve` passes its
    arguments through the environment, which the worker processes inherit."""
    import json
    import os

    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    lists = json.loads(os.environ.get(LISTS_ENV) or "null")
    follow = os.environ.get(FOLLOW_ENV)
    return create_app(
        lists, no_auth=os.environ.get(NO_AUTH_ENV) == "1", follow=None if follow is None else follow == "1"
    )
