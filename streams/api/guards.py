"""What every request passes before a route: size limit, bearer token, per-token rate limit, and metrics.

One plain ASGI middleware rather than FastAPI dependencies or `BaseHTTPMiddleware`: it runs on every request
of a service that must answer a single-party `/match` in a few milliseconds, and it also has to see the
requests that never reach a route (401, 413, 429, 404) to count them. Labels hold the route template and
the status only: never a party name, a token or a raw path.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

import orjson
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from matchers.errors import HoldlineError
from streams.api.tokens import TokenBook

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
Headers = list[tuple[bytes, bytes]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

OPEN_PATHS = frozenset({"/healthz", "/readyz", "/docs", "/docs/oauth2-redirect", "/openapi.json"})
ROUTES = (
    "/match/{dataset}",
    "/entities/{id}",
    "/v1/screen",
    "/algorithms",
    "/catalog",
    "/readyz",
    "/healthz",
    "/metrics",
    "/docs",
    "/openapi.json",
)
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.0075, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0)


def route_label(path: str) -> str:
    """The route template a path belongs to; anything else is `other` (no unbounded label values)."""
    if path.startswith("/match/"):
        return "/match/{dataset}"
    if path.startswith("/entities/"):
        return "/entities/{id}"
    return path if path in ROUTES else "other"


class ApiMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry
        self.requests = Counter(
            "holdline_api_requests_total",
            "HTTP requests by route template and status",
            ["route", "status"],
            registry=registry,
        )
        self.latency = Histogram(
            "holdline_api_request_duration_seconds",
            "HTTP request latency by route template",
            ["route"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.queries = Counter(
            "holdline_api_queries_total",
            "Parties screened over HTTP by route template",
            ["route"],
            registry=registry,
        )
        self.ready = Gauge(
            "holdline_api_ready",
            "1 while the service may screen (snapshot loaded, not held stale)",
            registry=registry,
        )
        self.snapshot_info = Gauge(
            "holdline_api_snapshot_info", "The list snapshot served (value 1)", ["version"], registry=registry
        )
        self.swaps = Counter("holdline_api_snapshot_swaps_total", "Snapshots made active", registry=registry)


@dataclass
class Bucket:
    tokens: float
    at: float = field(default_factory=time.monotonic)


class RateLimiter:
    """A token bucket per caller (per process: with N uvicorn workers a caller may get N times the rate)."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = float(burst)
        self._buckets: dict[str, Bucket] = {}

    def allow(self, caller: str) -> float:
        """0 when the request may go on; otherwise the seconds until it could."""
        now = time.monotonic()
        bucket = self._buckets.get(caller)
        if bucket is None:
            bucket = self._buckets[caller] = Bucket(self.burst, now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.at) * self.rate)
        bucket.at = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0.0
        return (1.0 - bucket.tokens) / self.rate


class PayloadTooLarge(HoldlineError):
    """A request body grew past the limit while it was read (no Content-Length, or a false one)."""


class Guard:
    def __init__(
        self, app: ASGIApp, metrics: ApiMetrics, tokens: TokenBook | None, limiter: RateLimiter, max_body: int
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.tokens = tokens
        self.limiter = limiter
        self.max_body = max_body
        self._children: dict[tuple[str, int], Any] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        path: str = scope["path"]
        route = route_label(path)
        status = [500]

        async def send_status(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            refused = self._refuse(scope, path)
            if refused is not None:
                await _json(send_status, *refused)
                return
            try:
                await self.app(scope, self._limited(scope, receive), send_status)
            except PayloadTooLarge:
                await _json(send_status, 413, {"detail": f"request body larger than {self.max_body} bytes"})
        finally:
            self._count(route, status[0], time.perf_counter() - started)

    def _count(self, route: str, status: int, seconds: float) -> None:
        key = (route, status)
        children = self._children.get(key)
        if children is None:
            children = self._children[key] = (
                self.metrics.requests.labels(route=route, status=str(status)),
                self.metrics.latency.labels(route=route),
            )
        children[0].inc()
        children[1].observe(seconds)

    def _refuse(self, scope: Scope, path: str) -> tuple[int, dict[str, Any], Headers] | None:
        headers = dict(scope.get("headers") or ())
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body:
            return 413, {"detail": f"request body larger than {self.max_body} bytes"}, []
        if path in OPEN_PATHS:
            return None
        caller = "anonymous"
        if self.tokens is not None:
            auth = headers.get(b"authorization", b"").decode("latin-1")
            scheme, _, token = auth.partition(" ")
            token = token.strip()
            name = self.tokens.name_of(token) if scheme.lower() == "bearer" and token else None
            if name is None:
                return (
                    401,
                    {"detail": "a valid `Authorization: Bearer <token>` header is required"},
                    [(b"www-authenticate", b'Bearer realm="holdline"')],
                )
            caller = name
            scope.setdefault("state", {})["token_name"] = name
        wait = self.limiter.allow(caller)
        if wait > 0:
            return (
                429,
                {"detail": f"rate limit of token {caller!r} exceeded"},
                [(b"retry-after", str(max(1, round(wait))).encode())],
            )
        return None

    def _limited(self, scope: Scope, receive: Receive) -> Receive:
        seen = 0
        limit = self.max_body

        async def wrapped() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise PayloadTooLarge
            return message

        return wrapped


async def _json(send: Send, status: int, body: dict[str, Any], headers: Headers | None = None) -> None:
    payload = orjson.dumps(body)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})
