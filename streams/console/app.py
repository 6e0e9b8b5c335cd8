"""The review console: an aiohttp application over a `ConsoleBackend`.

Security model (see docs/security.md): reviewers authenticate (scrypt-hashed secrets from settings, or a
trusted proxy's identity header when configured); the reviewer on a decision is the authenticated one;
every POST must carry the session's CSRF token and, when the browser sends one, a same-origin Origin
header; cookies are HttpOnly and SameSite=Strict; pages forbid inline and foreign scripts (the one script is
the console's own keyboard file, docs/decisions/0604), framing and external resources. A refused request
changes nothing.
"""

from __future__ import annotations

import ipaddress
import logging
import math
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from streams.compliance.decisions import DecisionError, DecisionErrorCode, parse_request
from streams.console import pages, review
from streams.console.auth import Authenticator, Session, token_matches
from streams.console.backend import ConsoleBackend
from streams.console.entries import EntryDirectory
from streams.events import ROLES

log = logging.getLogger(__name__)

COOKIE = "holdline_session"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
SECURE_COOKIES: web.AppKey[bool] = web.AppKey("secure_cookies", bool)
SESSION: web.RequestKey[Any] = web.RequestKey("session", object)
LOGIN_TOKEN: web.RequestKey[str] = web.RequestKey("login_token", str)
TRUSTED_PROXIES: web.AppKey[list[Any]] = web.AppKey("trusted_proxies", list)
LOGIN_COOKIE = "holdline_login"
SET_SESSION: web.RequestKey[bool] = web.RequestKey("set_session", bool)
BACKEND: web.AppKey[Any] = web.AppKey("backend", object)
AUTH: web.AppKey[Authenticator] = web.AppKey("auth", Authenticator)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _session(request: web.Request) -> Session | None:
    return request.get(SESSION)


def _signed_in(request: web.Request) -> Session:
    """The session of a request that passed `_need_login`."""
    session = _session(request)
    if session is None:
        raise web.HTTPSeeOther("/login")
    return session


def _reviewer(request: web.Request) -> str | None:
    session = _session(request)
    return session.reviewer if session is not None else None


def _csrf(request: web.Request) -> str:
    session = _session(request)
    return session.csrf if session is not None else ""


def _from_trusted_proxy(request: web.Request) -> bool:
    networks = request.app[TRUSTED_PROXIES]
    if not networks or not request.remote:
        return False
    try:
        peer = ipaddress.ip_address(request.remote)
    except ValueError:
        return False
    return any(peer in net for net in networks)


def expected_origin(request: web.Request) -> str:
    """The origin a browser's form posts carry: the proxied one when a trusted proxy terminates TLS."""
    scheme, host = request.scheme, request.host
    if _from_trusted_proxy(request):
        forwarded = request.forwarded[0] if request.forwarded else {}
        proto = forwarded.get("proto") or request.headers.get("X-Forwarded-Proto") or ""
        fwd_host = forwarded.get("host") or request.headers.get("X-Forwarded-Host") or ""
        scheme = proto.split(",")[0].strip().lower() or scheme
        host = fwd_host.split(",")[0].strip() or host
    return f"{scheme}://{host}"


def client_address(request: web.Request) -> str:
    """Whom to slow down after failed sign-ins: the proxy's view of the client when it is trusted."""
    if _from_trusted_proxy(request):
        forwarded = request.forwarded[-1] if request.forwarded else {}
        chain = forwarded.get("for") or request.headers.get("X-Forwarded-For", "").split(",")[-1].strip()
        if chain:
            return chain
    return request.remote or ""


@web.middleware
async def security_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    auth: Authenticator = request.app[AUTH]
    session = auth.session(request.cookies.get(COOKIE))
    if auth.identity_header:
        identity = auth.proxy_identity(request.headers.get(auth.identity_header))
        if session is not None and session.reviewer != identity:  # another identity inherits nothing
            auth.logout(session.sid)
            session = None
        if session is None and identity:
            session = auth.new_session()
            session.reviewer = identity
            request[SET_SESSION] = True
    request[SESSION] = session
    if request.method not in ("GET", "HEAD") and not await _post_allowed(request, session):
        response: web.StreamResponse = web.Response(
            status=403,
            text=pages.message_page(
                "Refused",
                "Missing or invalid form token (possible cross-site request forgery); nothing was changed.",
            ),
            content_type="text/html",
        )
    else:
        try:
            response = await handler(request)
        except web.HTTPException as exc:  # redirects: answered here so the headers below are added
            response = web.Response(status=exc.status, headers=exc.headers, text=exc.text)
    secure = request.app[SECURE_COOKIES]
    if request.get(SET_SESSION):
        current = _session(request)
        if current is None:
            response.del_cookie(COOKIE, path="/")
        else:
            response.set_cookie(
                COOKIE, current.sid, httponly=True, samesite="Strict", path="/", secure=secure
            )
    if request.get(LOGIN_TOKEN):
        response.set_cookie(
            LOGIN_COOKIE,
            request[LOGIN_TOKEN],
            httponly=True,
            samesite="Strict",
            path="/login",
            secure=secure,
            max_age=3600,
        )
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"  # same-origin posts carry a real Origin
    response.headers["Cache-Control"] = "no-store"
    return response


async def _post_allowed(request: web.Request, session: Session | None) -> bool:
    origin = request.headers.get("Origin")
    if origin and origin != "null" and origin != expected_origin(request):
        log.warning("refused cross-origin POST to %s from %s", request.path, origin[:100])
        return False
    try:
        form = await request.post()
    except ValueError:
        return False
    token = form.get("csrf_token")
    token = token if isinstance(token, str) else None
    if request.path == "/login":  # before sign-in: the double-submit token of the sign-in page
        return token_matches(request.cookies.get(LOGIN_COOKIE), token)
    if not Authenticator.csrf_ok(session, token):
        log.warning("refused POST to %s without a valid CSRF token", request.path)
        return False
    return True


def _html(text: str, status: int = 200) -> web.Response:
    return web.Response(text=text, status=status, content_type="text/html")


def _need_login(request: web.Request) -> web.StreamResponse | None:
    if _reviewer(request):
        return None
    if request.method == "GET":
        raise web.HTTPSeeOther("/login")
    return _html(pages.message_page("Not signed in", "Sign in first; nothing was changed."), 401)


def _pop_flash(request: web.Request) -> str | None:
    session = _session(request)
    if session is None:
        return None
    flash, session.flash = session.flash, None
    return flash


def _login_token(request: web.Request) -> str:
    """The sign-in page's form token: the cookie's if it has one, else a new one (no server state)."""
    token = request.cookies.get(LOGIN_COOKIE) or ""
    if not (20 <= len(token) <= 100 and token.isascii()):
        token = secrets.token_urlsafe(32)
        request[LOGIN_TOKEN] = token
    return token


async def login_form(request: web.Request) -> web.StreamResponse:
    auth: Authenticator = request.app[AUTH]
    if auth.identity_header:
        if _reviewer(request):
            raise web.HTTPSeeOther("/")
        return _html(
            pages.message_page(
                "Not authenticated", "The authenticating proxy did not identify a known reviewer."
            ),
            401,
        )
    return _html(pages.login_page(_login_token(request)))


async def login(request: web.Request) -> web.StreamResponse:
    auth: Authenticator = request.app[AUTH]
    form = await request.post()
    name, secret = str(form.get("name", "")), str(form.get("secret", ""))
    if auth.identity_header:
        return _html(pages.message_page("Not available", "Sign-in is done by the proxy."), 404)
    result = await auth.login(name, secret, client_address(request))
    session = result.session
    if session is None:
        if result.retry_after > 0:
            wait = math.ceil(result.retry_after)
            text = f"Too many failed sign-ins; try again in {wait} s."
            response = _html(pages.login_page(_login_token(request), text, name), 429)
            response.headers["Retry-After"] = str(wait)
            return response
        return _html(
            pages.login_page(
                _login_token(request),
                "Unknown reviewer or wrong secret (each failure makes the next try wait longer).",
                name,
            ),
            401,
        )
    old = _session(request)
    if old is not None:
        auth.logout(old.sid)
    request[SESSION] = session
    request[SET_SESSION] = True
    log.info("reviewer %s signed in", session.reviewer)
    raise web.HTTPSeeOther("/")


async def logout(request: web.Request) -> web.StreamResponse:
    auth: Authenticator = request.app[AUTH]
    session = _session(request)
    if session is not None:
        auth.logout(session.sid)
    request[SESSION] = None
    request[SET_SESSION] = True
    raise web.HTTPSeeOther("/login")


def _hours(value: str | None) -> float | None:
    try:
        return float(value) * 3600 if value not in (None, "") else None
    except ValueError:
        return None


async def queue(request: web.Request) -> web.StreamResponse:
    if (denied := _need_login(request)) is not None:
        return denied
    backend: ConsoleBackend = request.app[BACKEND]
    session = _signed_in(request)
    notice = (
        None
        if backend.caught_up()
        else (
            "Still reading the hold state from Kafka: this list may be "
            "incomplete, and decisions wait until it has caught up."
        )
    )
    before = pages.pending_table(backend.pending_approvals(), session.reviewer or "")
    return _html(
        review.queue(
            request.app,
            request.query,
            session.reviewer or "",
            session.csrf,
            ROLES,
            flash=_pop_flash(request),
            error=notice,
            before=before,
        )
    )


async def hold_detail(request: web.Request) -> web.StreamResponse:
    if (denied := _need_login(request)) is not None:
        return denied
    backend: ConsoleBackend = request.app[BACKEND]
    event_id = request.match_info["event_id"]
    state = backend.hold(event_id)
    session = _signed_in(request)
    if state is None:
        return _html(
            pages.message_page(
                "Unknown hold", f"No hold for event {event_id}.", session.reviewer, session.csrf
            ),
            404,
        )
    return _html(
        pages.hold_page(
            state,
            backend.history(event_id),
            session.reviewer or "",
            session.csrf,
            flash=_pop_flash(request),
            entries=request.app.get(review.ENTRIES),
            action=request.query.get("action"),
        )
    )


_STATUS = {
    DecisionErrorCode.MALFORMED: 400,
    DecisionErrorCode.UNKNOWN_HOLD: 404,
    DecisionErrorCode.ALREADY_DECIDED: 409,
    DecisionErrorCode.UNAUTHENTICATED: 401,
    DecisionErrorCode.SELF_APPROVAL: 403,
    DecisionErrorCode.NOT_ALLOWED: 403,
    DecisionErrorCode.NO_PROPOSAL: 409,
    DecisionErrorCode.PENDING: 409,
    DecisionErrorCode.CHAIN_BREAK: 409,
}


async def decide(request: web.Request) -> web.StreamResponse:
    if (denied := _need_login(request)) is not None:
        return denied
    backend: ConsoleBackend = request.app[BACKEND]
    session = _signed_in(request)
    reviewer = session.reviewer or ""
    event_id = request.match_info["event_id"]
    form = await request.post()
    days = str(form.get("allow_days", "")).strip()
    raw = {
        "event_id": event_id,
        "action": form.get("action"),
        "reason": form.get("reason"),
        "allow": form.get("allow") == "1",
        "allow_days": days or None,
        "proposal_id": str(form.get("proposal_id", "")).strip() or None,
    }
    state = backend.hold(event_id)
    if not backend.caught_up():
        return _html(
            pages.message_page(
                "Not yet",
                "The console is still reading the hold state from Kafka; "
                "decide once it has caught up. Nothing was changed.",
                reviewer,
                session.csrf,
            ),
            503,
        )
    try:
        if "reviewer" in form:
            raise DecisionError(
                DecisionErrorCode.MALFORMED,
                "malformed decision: the reviewer is the signed-in one, not a form field",
            )
        decision_request = parse_request(raw)
        if state is not None and str(form.get("generation", state.generation)) != str(state.generation):
            raise DecisionError(
                DecisionErrorCode.ALREADY_DECIDED,
                "this hold changed since the page was loaded; review it again",
            )
        decision = await backend.submit(decision_request, reviewer)
    except TimeoutError as exc:  # published, but no worker has applied it yet
        session.flash = str(exc)
        raise web.HTTPSeeOther("/") from exc
    except DecisionError as exc:
        status = _STATUS.get(exc.code, 400)
        if state is None:
            return _html(pages.message_page("Refused", str(exc), reviewer, session.csrf), status)
        return _html(
            pages.hold_page(
                backend.hold(event_id) or state,
                backend.history(event_id),
                reviewer,
                session.csrf,
                error=str(exc),
                entries=request.app.get(review.ENTRIES),
            ),
            status,
        )
    log.info(
        "reviewer %s submitted %s for event %s (decision %s)",
        reviewer,
        decision.action.value,
        event_id,
        decision.decision_id,
    )
    after = backend.hold(event_id)
    if after is not None and after.pending is not None and after.pending.decision_id == decision.decision_id:
        session.flash = f"Release of {event_id} proposed; it takes effect when a second reviewer approves it."
    else:
        session.flash = f"{decision.action.value.capitalize()} of {event_id} submitted."
    raise web.HTTPSeeOther("/")


async def allowances(request: web.Request) -> web.StreamResponse:
    if (denied := _need_login(request)) is not None:
        return denied
    backend: ConsoleBackend = request.app[BACKEND]
    session = _signed_in(request)
    return _html(
        pages.allowances_page(
            backend.allowances(), session.reviewer or "", session.csrf, flash=_pop_flash(request)
        )
    )


async def revoke(request: web.Request) -> web.StreamResponse:
    if (denied := _need_login(request)) is not None:
        return denied
    backend: ConsoleBackend = request.app[BACKEND]
    session = _signed_in(request)
    form = await request.post()
    try:
        await backend.revoke(
            request.match_info["allowance_id"], session.reviewer or "", str(form.get("reason", ""))
        )
    except ValueError as exc:
        return _html(
            pages.allowances_page(backend.allowances(), session.reviewer or "", session.csrf, error=str(exc)),
            400,
        )
    session.flash = "Allowance revoked."
    raise web.HTTPSeeOther("/allowances")


def _export(kind: str, fmt: str) -> Handler:
    async def handler(request: web.Request) -> web.StreamResponse:
        if (denied := _need_login(request)) is not None:
            return denied
        backend: ConsoleBackend = request.app[BACKEND]
        text = backend.export_audit(fmt) if kind == "audit" else backend.export_allowances(fmt)
        return web.Response(
            text=text,
            content_type="text/csv" if fmt == "csv" else "application/json",
            headers={"Content-Disposition": f'attachment; filename="holdline-{kind}.{fmt}"'},
        )

    return handler


async def stylesheet(_request: web.Request) -> web.StreamResponse:
    return web.Response(text=pages.CSS + review.CSS, content_type="text/css")


async def healthz(request: web.Request) -> web.StreamResponse:
    """Readiness: 503 until the console has read the hold state to the end, since until then its queue
    may be incomplete and it refuses decisions; a load balancer should not send reviewers to it yet."""
    if not request.app[BACKEND].caught_up():
        return web.Response(status=503, text="catching up: still reading the hold state from Kafka\n")
    return web.Response(text="ok\n")


async def livez(_request: web.Request) -> web.StreamResponse:
    """Liveness: the event loop answers (a console still catching up is alive, not broken)."""
    return web.Response(text="ok\n")


async def groups(request: web.Request) -> web.StreamResponse:
    if (denied := _need_login(request)) is not None:
        return denied
    session = _signed_in(request)
    return _html(review.groups(request.app, session.reviewer or "", session.csrf, query=request.query))


async def group_decision(request: web.Request) -> web.StreamResponse:
    if (denied := _need_login(request)) is not None:
        return denied
    session = _signed_in(request)
    backend: ConsoleBackend = request.app[BACKEND]
    if not backend.caught_up():
        return _html(
            pages.message_page(
                "Not yet",
                "The console is still reading the hold state from Kafka; "
                "decide once it has caught up. Nothing was changed.",
                session.reviewer,
                session.csrf,
            ),
            503,
        )
    form = await request.post()
    text, status = await review.group_decision(
        request.app, request.match_info["group_id"], form, session.reviewer or "", session.csrf
    )
    return _html(text, status)


def parse_networks(text: str) -> list[Any]:
    """`HOLDLINE_CONSOLE_TRUSTED_PROXIES`: addresses or networks, comma-separated."""
    return [ipaddress.ip_network(item.strip(), strict=False) for item in text.split(",") if item.strip()]


def create_console(
    backend: ConsoleBackend,
    auth: Authenticator,
    secure_cookies: bool = False,
    trusted_proxies: str = "",
    entries: EntryDirectory | None = None,
) -> web.Application:
    app = web.Application(middlewares=[security_middleware], client_max_size=64 * 1024)
    review.setup(app, backend, entries)
    app[BACKEND] = backend
    app[AUTH] = auth
    app[SECURE_COOKIES] = secure_cookies
    app[TRUSTED_PROXIES] = parse_networks(trusted_proxies)
    app.router.add_get("/login", login_form)
    app.router.add_post("/login", login)
    app.router.add_post("/logout", logout)
    app.router.add_get("/", queue)
    app.router.add_get("/holds/{event_id}", hold_detail)
    app.router.add_post("/holds/{event_id}/decision", decide)
    app.router.add_get("/allowances", allowances)
    app.router.add_post("/allowances/{allowance_id}/revoke", revoke)
    for kind in ("audit", "allowances"):
        for fmt in ("csv", "json"):
            app.router.add_get(f"/{kind}.{fmt}", _export(kind, fmt))
    app.router.add_get("/groups", groups)
    app.router.add_post("/groups/{group_id}/decision", group_decision)
    app.router.add_get("/static/console.css", stylesheet)
    app.router.add_get("/static/console.js", review.script)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/livez", livez)
    return app
