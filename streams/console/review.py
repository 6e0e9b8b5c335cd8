"""The review pages' glue to the app: the paged queue, groups, group decisions and the keyboard script.

`app.py` owns sessions, CSRF and the security headers and calls these with the signed-in reviewer; this
module owns what the pages show, so the security code and the review views change apart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any

from aiohttp import web

from streams.console import pages
from streams.console.entries import EntryDirectory
from streams.console.evidence_html import CSS as EVIDENCE_CSS
from streams.console.group_decide import decide_group
from streams.console.groups_page import (
    GROUPS_PER_PAGE,
    groups_body,
    outcome_body,
    parse_members,
    parse_proposals,
)
from streams.console.queue_page import render_queue
from streams.console.queue_view import QueueQuery

ENTRIES: web.AppKey[EntryDirectory] = web.AppKey("entries", EntryDirectory)
REVIEW_BACKEND: web.AppKey[Any] = web.AppKey("review_backend", object)

SCRIPT = resources.files("streams.console").joinpath("console.js").read_text(encoding="utf-8")

CSS = (
    EVIDENCE_CSS
    + """
.filters{flex-wrap:wrap}.filters label{display:block;font-size:.9em}.filters .grow{flex:1 1 16em}
.filters input[type=search]{width:100%;box-sizing:border-box}
.pager{display:flex;gap:1em;align-items:center;margin:.5em 0}
tr.hold.focused{outline:3px solid #0969da;outline-offset:-3px}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,
summary:focus-visible{outline:3px solid #0969da;outline-offset:2px}
.actions a{white-space:nowrap}kbd{border:1px solid #8c959f;border-radius:3px;padding:0 .3em;background:#fff}
section.group,section.match{background:#fff;border:1px solid #d0d7de;padding:.5em 1em;margin:1em 0}
section.entry table{width:auto}section.entry th{width:9em}code{font-size:.95em}
a{color:#0550ae}
"""
)


def setup(app: web.Application, backend: Any, entries: EntryDirectory | None) -> None:
    app[REVIEW_BACKEND] = backend
    if entries is not None:
        app[ENTRIES] = entries.start()


def queue(
    app: web.Application,
    query: Mapping[str, str],
    reviewer: str,
    csrf: str,
    roles: Sequence[str],
    flash: str | None = None,
    error: str | None = None,
    before: str = "",
) -> str:
    """`before`: HTML above the queue (the pending four-eyes approvals)."""
    return render_queue(
        app[REVIEW_BACKEND],
        QueueQuery.parse(query),
        reviewer,
        csrf,
        roles,
        flash,
        error,
        before,
    )


def groups(
    app: web.Application,
    reviewer: str,
    csrf: str,
    error: str | None = None,
    query: Mapping[str, str] | None = None,
) -> str:
    """The groups page (`?page=N`, 25 groups a page, the largest first)."""
    try:
        number = int((query or {}).get("page", "1"))
    except ValueError:
        number = 1
    found = app[REVIEW_BACKEND].index.group_page(number, GROUPS_PER_PAGE)
    return pages.layout("Groups", groups_body(found, csrf, reviewer), reviewer, csrf, error=error)


async def group_decision(
    app: web.Application, group_id: str, form: Mapping[str, Any], reviewer: str, csrf: str
) -> tuple[str, int]:
    """The result page and status of deciding the holds the group form listed."""
    if "reviewer" in form:
        return groups(
            app, reviewer, csrf, "The reviewer is the signed-in one, not a form field; nothing was changed."
        ), 400
    members = parse_members(str(form.get("members", "")))
    if not members:
        return groups(app, reviewer, csrf, "The form named no holds; nothing was changed."), 400
    fields = {"action": form.get("action"), "reason": form.get("reason")}
    proposals = parse_proposals(str(form.get("proposals", "")))
    outcomes = await decide_group(app[REVIEW_BACKEND], members, fields, reviewer, group_id, proposals)
    text = pages.layout(
        "Group decision", outcome_body(group_id, str(fields["action"]), outcomes), reviewer, csrf
    )
    return text, 200 if any(o.applied for o in outcomes) else 409


async def script(_request: web.Request) -> web.StreamResponse:
    return web.Response(text=SCRIPT, content_type="application/javascript")
