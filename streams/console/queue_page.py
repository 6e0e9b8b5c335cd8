"""The queue page: one row per open hold with its evidence on one line, search, sort and paging.

Rows carry no script; `console.js` (same origin, the only script the policy allows) adds the keyboard:
`j`/`k` move between holds, `r`/`c` open the release or confirm form of the focused hold, which is also
reachable without a script through the row's links.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from streams.compliance.holds_state import HoldState
from streams.console.evidence_html import esc, evidence_inline
from streams.console.queue_view import PER_PAGE, SORTS, Page, QueueQuery


def _select(name: str, options: Sequence[tuple[str, str]], chosen: str, label: str) -> str:
    opts = "".join(
        f'<option value="{esc(v)}"{" selected" if v == chosen else ""}>{esc(t)}</option>' for v, t in options
    )
    return (
        f'<label for="f-{esc(name)}">{esc(label)}</label>'
        f'<select id="f-{esc(name)}" name="{esc(name)}">{opts}</select>'
    )


ORDERS = (("desc", "oldest / highest / Z first"), ("asc", "newest / lowest / A first"))


def _hours_field(name: str, value: str, label: str) -> str:
    return (
        f'<div><label for="f-{name}">{esc(label)}</label><input id="f-{name}" name="{name}" size="5" '
        f'inputmode="decimal" value="{esc(value)}"></div>'
    )


def filters_form(query: QueueQuery, lists: Sequence[str], roles: Sequence[str]) -> str:
    any_ = [("", "any")]
    per_page = [(str(n), str(n)) for n in PER_PAGE]
    return (
        '<form class="filters" method="get" action="/" role="search">'
        '<div class="grow"><label for="f-q">Search party, PO/shipment number or listed entry</label>'
        f'<input id="f-q" name="q" type="search" value="{esc(query.q)}" maxlength="200"></div>'
        f"<div>{_select('list', any_ + [(x, x) for x in lists], query.list, 'List')}</div>"
        f"<div>{_select('role', any_ + [(x, x) for x in roles], query.role, 'Role')}</div>"
        + _hours_field("min_age_h", query.min_age_h, "Held at least (hours)")
        + _hours_field("max_age_h", query.max_age_h, "Held at most (hours)")
        + f"<div>{_select('sort', [(s, s) for s in SORTS], query.sort, 'Sort by')}</div>"
        f"<div>{_select('order', ORDERS, query.order, 'Order')}</div>"
        f"<div>{_select('per_page', per_page, str(query.per_page), 'Per page')}</div>"
        '<div><button type="submit">Apply</button></div></form>'
    )


def pager(page: Page, query: QueueQuery, where: str) -> str:
    if page.total == 0:
        return ""
    first = (page.page - 1) * query.per_page + 1
    last = first + len(page.items) - 1
    links = []
    if page.page > 1:
        links.append(f'<a rel="prev" href="/{esc(query.link(page=page.page - 1))}">Previous page</a>')
    links.append(f"<span>Page {page.page} of {page.pages}</span>")
    if page.page < page.pages:
        links.append(f'<a rel="next" href="/{esc(query.link(page=page.page + 1))}">Next page</a>')
    return (
        f'<nav class="pager" aria-label="Pages ({where})">'
        f"<span>Showing {first}–{last} of {page.total}</span> {' '.join(links)}</nav>"
    )


def _row(state: HoldState, age: str) -> str:
    hits = state.hits()
    threshold = state.hold.get("threshold")
    threshold = float(threshold) if isinstance(threshold, int | float) else None
    eid = esc(state.event_id)
    evidence, where = "<span class=muted>no match details</span>", ""
    if hits:
        hit = hits[0]
        matches = hit.get("matches") or []
        party = hit.get("party") or {}
        if matches:
            best = matches[0]
            evidence = evidence_inline(party.get("name"), best, threshold)
            citation = f"<br>{esc(best.get('citation'))}" if best.get("citation") else ""
            where = (
                f"{esc(best.get('list'))}<br><span class=muted>{esc(best.get('entry_id'))}</span>{citation}"
            )
        more = len(matches) - 1 + sum(len(h.get("matches") or []) for h in hits[1:])
        role = f"<span class=tag>{esc(hit.get('role'))}</span>"
        country = f" <span class=muted>{esc(party.get('country'))}</span>" if party.get("country") else ""
        evidence = f"{role}{country} {evidence}" + (f" <em>+{more} more</em>" if more > 0 else "")
    return (
        f'<tr class="hold" data-event="{eid}"><td><a class="open" href="/holds/{eid}">{eid}</a><br>'
        f"<span class=muted>{esc(state.event_type)} {esc(state.business_id)}</span> "
        f"<span class=tag>{esc(state.reason)}</span>"
        f"{' <span class=tag>awaiting approval</span>' if state.pending else ''}</td>"
        f"<td>{esc(age)}</td><td>{evidence}</td>"
        f"<td>{where}</td><td class=actions>"
        f'<a class="release" href="/holds/{eid}?action=release#decide">Release…</a> '
        f'<a class="confirm" href="/holds/{eid}?action=confirm#decide">Confirm…</a></td></tr>'
    )


def queue_body(
    page: Page, query: QueueQuery, lists: Sequence[str], roles: Sequence[str], ages: dict[str, str]
) -> str:
    rows = "".join(_row(s, ages.get(s.event_id, "?")) for s in page.items)
    if not rows:
        rows = '<tr><td colspan="5">No open holds match.</td></tr>'
    table = (
        '<table class="queue"><caption class="sr">Open holds; keys: j and k move, r releases, '
        'c confirms</caption><thead><tr><th scope="col">Event</th><th scope="col">Age</th>'
        '<th scope="col">Why flagged</th><th scope="col">List / entry</th>'
        f'<th scope="col">Decide</th></tr></thead><tbody>{rows}</tbody></table>'
    )
    keys = (
        '<p class="muted keys">Keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous hold, <kbd>Enter</kbd> '
        'open, <kbd>r</kbd> release, <kbd>c</kbd> confirm. <a href="/groups">Decide by group</a></p>'
    )
    return (
        f"<h1>Open holds ({page.total})</h1>{filters_form(query, lists, roles)}{keys}"
        f"{pager(page, query, 'top')}{table}{pager(page, query, 'bottom')}"
    )


def render_queue(
    backend: Any,
    query: QueueQuery,
    reviewer: str,
    csrf: str,
    roles: Sequence[str],
    flash: str | None = None,
    error: str | None = None,
    before: str = "",
) -> str:
    """The whole queue page: filter, search, sort and page on the backend's index, render one page."""
    from streams.console.pages import age_text, layout

    index = backend.index  # kept up to date as holds arrive: nothing is summarised or sorted here
    now = datetime.now(UTC)
    page = index.select(query, now)
    ages = {s.event_id: age_text(s.held_datetime(), now) for s in page.items}
    body = before + queue_body(page, query, index.known_lists(), roles, ages)
    return layout("Open holds", body, reviewer, csrf, flash, error)
