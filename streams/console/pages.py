"""Server-rendered HTML of the review console: no JavaScript, no external resources, everything escaped.

Every value that came from an event, a list or a reviewer goes through `esc`; the pages are plain forms
that work in any browser, and the Content-Security-Policy set by the app forbids scripts altogether.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from html import escape
from typing import Any

from streams.compliance.allowlist import Allowance
from streams.compliance.audit import AuditEntry
from streams.compliance.holds_state import HoldState
from streams.console.entries import EntryDirectory, entry_panel
from streams.console.evidence_html import details, evidence_table, score_bar

CSS = """
body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1b1f23;background:#f6f8fa}
header{background:#24292f;color:#fff;padding:.6em 1em;display:flex;gap:1.5em;align-items:center}
header a{color:#fff}header form{margin-left:auto}main{padding:1em}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid #d0d7de;padding:.35em .5em;
vertical-align:top;text-align:left}th{background:#eaeef2}.score{font-weight:bold}.muted{color:#57606a}
.err{background:#ffebe9;border:1px solid #ff8182;padding:.6em}.ok{background:#dafbe1;border:1px solid #4ac26b;
padding:.6em}fieldset{background:#fff;border:1px solid #d0d7de;margin:1em 0}pre{white-space:pre-wrap;
background:#fff;border:1px solid #d0d7de;padding:.6em;max-height:20em;overflow:auto}
.filters{display:flex;gap:1em;align-items:end;margin-bottom:1em}.tag{background:#ddf4ff;border-radius:1em;
padding:0 .5em}button{padding:.3em .9em}textarea{width:100%;min-height:4em}
"""


def esc(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def age_text(held: datetime | None, now: datetime | None = None) -> str:
    if held is None:
        return "?"
    seconds = max(0, int(((now or datetime.now(UTC)) - held).total_seconds()))
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def layout(
    title: str,
    body: str,
    reviewer: str | None = None,
    csrf: str | None = None,
    flash: str | None = None,
    error: str | None = None,
) -> str:
    nav = ""
    if reviewer:
        nav = (
            f'<a href="/">Open holds</a><a href="/allowances">Allow-list</a>'
            f'<a href="/audit.csv">Audit CSV</a><a href="/audit.json">Audit JSON</a>'
            f'<form method="post" action="/logout"><span>{esc(reviewer)}</span> '
            f'<input type="hidden" name="csrf_token" value="{esc(csrf)}"><button>Log out</button></form>'
        )
    notes = ""
    if flash:
        notes += f'<p class="ok" role="status">{esc(flash)}</p>'
    if error:
        notes += f'<p class="err" role="alert">{esc(error)}</p>'
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        f"<title>{esc(title)} · Holdline review</title>"
        '<link rel="stylesheet" href="/static/console.css">'
        '<script src="/static/console.js" defer></script></head><body>'
        f"<header><strong>Holdline review</strong>{nav}</header><main>{notes}{body}</main></body></html>"
    )


def login_page(csrf: str, error: str | None = None, name: str = "") -> str:
    body = (
        '<h1>Sign in</h1><form method="post" action="/login">'
        f'<input type="hidden" name="csrf_token" value="{esc(csrf)}">'
        '<p><label>Reviewer <input name="name" autocomplete="username" '
        f'value="{esc(name)}" required></label></p>'
        '<p><label>Secret <input name="secret" type="password" autocomplete="current-password" required>'
        '</label></p><p><button type="submit">Sign in</button></p></form>'
    )
    return layout("Sign in", body, error=error)


def _explanation(explanation: Any) -> str:
    if not isinstance(explanation, dict):
        return esc(explanation)
    items = []
    for key, value in explanation.items():
        text = value if isinstance(value, str | int | float) else json.dumps(value, default=str)
        items.append(f"{esc(key)}: {esc(str(text)[:160])}")
    return "<br>".join(items)


def _select(name: str, options: Iterable[str], chosen: str | None, label: str) -> str:
    opts = '<option value="">any</option>' + "".join(
        f'<option value="{esc(o)}"{" selected" if o == chosen else ""}>{esc(o)}</option>' for o in options
    )
    return f'<label>{esc(label)}<br><select name="{esc(name)}">{opts}</select></label>'


def _whose(state: HoldState, reviewer: str) -> str:
    mine = state.pending is not None and state.pending.reviewer == reviewer
    return "yours: another reviewer must approve it" if mine else "awaits a second reviewer"


def pending_table(pending: Sequence[HoldState], reviewer: str) -> str:
    if not pending:
        return ""
    rows = "".join(
        f'<tr><td><a href="/holds/{esc(s.event_id)}">{esc(s.event_id)}</a></td>'
        f"<td>{esc(s.pending.reviewer if s.pending else '')}</td>"
        f"<td>{esc(s.pending.reason if s.pending else '')}</td>"
        f"<td>{'allow-list too' if s.pending and s.pending.allow else 'release'}</td>"
        f"<td>{_whose(s, reviewer)}</td></tr>"
        for s in pending
    )
    return (
        f"<h2>Pending approvals ({len(pending)})</h2><table><thead><tr><th>Event</th><th>Proposed by</th>"
        f"<th>Reason</th><th>What</th><th></th></tr></thead><tbody>{rows}</tbody></table>"
    )


def queue_page(
    holds: Sequence[HoldState],
    reviewer: str,
    csrf: str,
    lists: Sequence[str],
    roles: Sequence[str],
    chosen: dict[str, str],
    flash: str | None = None,
    error: str | None = None,
    pending: Sequence[HoldState] = (),
) -> str:
    filters = (
        '<form class="filters" method="get" action="/">'
        + _select("list", lists, chosen.get("list"), "List")
        + _select("role", roles, chosen.get("role"), "Role")
        + f'<label>Held at least (hours)<br><input name="min_age_h" size=5 '
        f'value="{esc(chosen.get("min_age_h", ""))}"></label>'
        + f'<label>Held at most (hours)<br><input name="max_age_h" size=5 '
        f'value="{esc(chosen.get("max_age_h", ""))}"></label><button>Filter</button></form>'
    )
    rows = []
    for state in holds:
        hits = state.hits() or [{"role": "-", "party": {}, "matches": []}]
        for i, hit in enumerate(hits):
            party = hit.get("party") or {}
            matches = hit.get("matches") or [{}]
            best = matches[0]
            first = i == 0
            event_cell = (
                (
                    f'<td rowspan="{len(hits)}"><a href="/holds/{esc(state.event_id)}">'
                    f"{esc(state.event_id)}</a><br><span class=muted>{esc(state.event_type)} "
                    f"{esc(state.business_id)}</span><br>"
                    f"<span class=tag>{esc(state.reason)}</span>"
                    f"{'<br><span class=tag>awaiting approval</span>' if state.pending else ''}</td>"
                    f'<td rowspan="{len(hits)}">{age_text(state.held_datetime())}</td>'
                )
                if first
                else ""
            )
            rows.append(
                f"<tr>{event_cell}<td>{esc(party.get('name'))}<br><span class=muted>"
                f"{esc(party.get('country'))}</span></td><td>{esc(hit.get('role'))}</td>"
                f"<td>{esc(best.get('name'))}<br><span class=muted>as {esc(best.get('matched'))}</span></td>"
                f"<td>{esc(best.get('list'))}<br><span class=muted>{esc(best.get('entry_id'))}</span></td>"
                f"<td>{esc(best.get('citation'))}</td>"
                f"<td class=score>{esc(_score(best.get('score')))}</td>"
                f"<td>{_explanation(best.get('explanation'))}"
                f"{'<br><em>+' + str(len(matches) - 1) + ' more</em>' if len(matches) > 1 else ''}</td></tr>"
            )
    table = (
        "<table><thead><tr><th>Event</th><th>Age</th><th>Flagged party</th><th>Role</th>"
        "<th>Listed entry</th><th>List</th><th>Citation</th><th>Score</th><th>Why</th></tr></thead>"
        f"<tbody>{''.join(rows) or '<tr><td colspan=9>No open holds.</td></tr>'}</tbody></table>"
    )
    body = f"{pending_table(pending, reviewer)}<h1>Open holds ({len(holds)})</h1>{filters}{table}"
    return layout("Open holds", body, reviewer, csrf, flash, error)


def _score(value: Any) -> str:
    return f"{value:.2f}" if isinstance(value, int | float) else ""


def _match_section(
    match: dict[str, Any], threshold: float | None, entries: EntryDirectory | None, list_version: str | None
) -> str:
    matched = match.get("matched")
    alias = f" <span class=muted>as {esc(matched)}</span>" if matched and matched != match.get("name") else ""
    bar = score_bar(match.get("score"), threshold)
    return (
        f'<section class="match"><h3>{esc(match.get("name"))}{alias} {bar}</h3>'
        f"{evidence_table(match)}{entry_panel(match, entries, list_version)}</section>"
    )


def hold_page(
    state: HoldState,
    history: Sequence[AuditEntry],
    reviewer: str,
    csrf: str,
    flash: str | None = None,
    error: str | None = None,
    entries: EntryDirectory | None = None,
    action: str | None = None,
) -> str:
    hits_html = []
    threshold = state.hold.get("threshold")
    threshold = float(threshold) if isinstance(threshold, int | float) else None
    for hit in state.hits():
        party = hit.get("party") or {}
        sections = "".join(
            _match_section(m, threshold, entries, state.list_version) for m in hit.get("matches") or []
        )
        hits_html.append(
            f"<h2>{esc(hit.get('role'))}: {esc(party.get('name'))} <span class=muted>"
            f"{esc(party.get('country'))} {esc(party.get('address'))}</span></h2>{sections}"
        )
    if state.status.value == "open" and state.pending is not None:
        p = state.pending
        own = p.reviewer == reviewer
        what = "release and allow-list" if p.allow else "release"
        form = (
            f'<form id="decide" method="post" action="/holds/{esc(state.event_id)}/decision"><fieldset>'
            f"<legend>Proposed {what} by {esc(p.reviewer)}: awaiting a second reviewer</legend>"
            f"<p>{esc(p.reason)}</p>"
            f'<input type="hidden" name="csrf_token" value="{esc(csrf)}">'
            f'<input type="hidden" name="generation" value="{state.generation}">'
            f'<input type="hidden" name="proposal_id" value="{esc(p.decision_id)}">'
            '<p><label>Reason<br><textarea name="reason" required minlength=3 maxlength=2000>'
            "</textarea></label></p><p>"
            + (
                "<em>You proposed it: another reviewer must approve it.</em> "
                if own
                else '<button type=submit name="action" value="approve">Approve</button> '
            )
            + '<button type=submit name="action" value="reject">Reject</button></p></fieldset></form>'
        )
    elif state.status.value == "open":
        release = " checked" if action == "release" else ""
        confirm = " checked" if action == "confirm" else ""
        form = (
            f'<form id="decide" method="post" action="/holds/{esc(state.event_id)}/decision"><fieldset>'
            f"<legend>Decide (as {esc(reviewer)})</legend>"
            f'<input type="hidden" name="csrf_token" value="{esc(csrf)}">'
            f'<input type="hidden" name="generation" value="{state.generation}">'
            f'<p><label><input type="radio" name="action" value="release" required{release}> Release '
            "(false positive: the event goes on to cleared)</label><br>"
            f'<label><input type="radio" name="action" value="confirm"{confirm}> Confirm '
            "(true match: the event is blocked)</label></p>"
            '<p><label>Reason<br><textarea name="reason" required minlength=3 maxlength=2000>'
            "</textarea></label></p>"
            '<p><label><input type="checkbox" name="allow" value="1"> On release, allow-list these '
            "party/entry pairs</label> <label>for "
            '<input name="allow_days" size=4 inputmode=numeric> days '
            "(empty: until the entry changes or it is revoked)</label></p>"
            "<p><button type=submit>Submit decision</button></p></fieldset></form>"
        )
    else:
        decision = state.decision
        form = (
            f"<p class=ok>{esc(state.status.value)} by {esc(decision.reviewer if decision else '?')}: "
            f"{esc(decision.reason if decision else '')}</p>"
        )
    history_rows = "".join(
        f"<tr><td>{esc(e.at)}</td><td>{esc(e.step.value)}</td><td>{esc(e.actor)}</td>"
        f"<td>{esc(e.reason)}</td><td>{esc(e.list_version)}</td>"
        f"<td>{details('Detail', e.detail) if e.detail else ''}</td></tr>"
        for e in history
    )
    body = (
        f"<h1>Hold {esc(state.event_id)} <span class=tag>{esc(state.status.value)}</span></h1>"
        f"<p>{esc(state.event_type)} {esc(state.business_id)} · held {esc(state.held_at)} "
        f"({age_text(state.held_datetime())} ago) · reason <strong>{esc(state.reason)}</strong> · list "
        f"version {esc(state.list_version)} · hold #{state.generation}</p>"
        f"{''.join(hits_html)}{form}<h2>History</h2><table><thead><tr><th>When</th><th>Step</th><th>By</th>"
        f"<th>Reason</th><th>List version</th><th>Detail</th></tr></thead><tbody>{history_rows}</tbody>"
        f"</table><h2>Event</h2>{details('The event as received (JSON)', state.hold.get('event'))}"
    )
    return layout(f"Hold {state.event_id}", body, reviewer, csrf, flash, error)


def allowances_page(
    allowances: Sequence[Allowance],
    reviewer: str,
    csrf: str,
    flash: str | None = None,
    error: str | None = None,
) -> str:
    rows = []
    for a in allowances:
        status = (
            "revoked"
            if a.revoked_at
            else ("expired" if a.expires_at and a.expires_at <= datetime.now(UTC) else "active")
        )
        revoke = ""
        if status == "active":
            revoke = (
                f'<form method="post" action="/allowances/{esc(a.allowance_id)}/revoke">'
                f'<input type="hidden" name="csrf_token" value="{esc(csrf)}">'
                '<input name="reason" placeholder="reason" required minlength=3> '
                "<button>Revoke</button>"
                "</form>"
            )
        rows.append(
            f"<tr><td>{esc(a.party_name)} <span class=muted>{esc(a.country)}</span></td>"
            f"<td>{esc(a.entry_id)}<br><span class=muted>hash {esc(a.entry_hash)}</span></td>"
            f"<td>{esc(a.reviewer)}: {esc(a.reason)}</td><td>{esc(a.created_at.isoformat())}</td>"
            f"<td>{esc(a.expires_at.isoformat() if a.expires_at else 'entry change')}</td>"
            f"<td>{esc(status)}</td><td>{revoke}</td></tr>"
        )
    body = (
        "<h1>Allow-list</h1><p class=muted>An allowance lapses when the listed entry changes, when it "
        'expires, or when revoked. <a href="/allowances.csv">CSV</a> · '
        '<a href="/allowances.json">JSON</a>'
        "</p><table><thead><tr><th>Party</th><th>Entry</th><th>Released by</th><th>Created</th>"
        "<th>Until</th><th>Status</th><th></th></tr></thead>"
        f"<tbody>{''.join(rows) or '<tr><td colspan=7>No allowances.</td></tr>'}</tbody></table>"
    )
    return layout("Allow-list", body, reviewer, csrf, flash, error)


def message_page(title: str, text: str, reviewer: str | None = None, csrf: str | None = None) -> str:
    return layout(title, f"<h1>{esc(title)}</h1><p>{esc(text)}</p>", reviewer, csrf)
