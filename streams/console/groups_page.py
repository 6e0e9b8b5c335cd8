"""Group decisions: open holds gathered by (flagged party, listed entry), decided together.

The form lists the holds the reviewer saw, each with its generation; the handler decides exactly those,
one decision per hold (same reviewer, reason and group id), and refuses per hold what a single decision
would refuse: already decided, or re-opened (a new hold generation) since the page was loaded.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from streams.console.evidence_html import esc
from streams.console.queue_view import Group, GroupPage

SHOWN = 12
GROUPS_PER_PAGE = 25  # each group carries a form listing all its holds: a page of 10,000 would be megabytes


@dataclass(frozen=True)
class MemberOutcome:
    event_id: str
    applied: bool
    message: str


def members_value(group: Group) -> str:
    """The holds the page shows, as JSON `{event id: generation}` (event ids may hold any character)."""
    return json.dumps({s.event_id: s.generation for s in group.holds}, separators=(",", ":"))


def proposals_value(group: Group, reviewer: str) -> str:
    """Four-eyes: `{event id: proposal id}` of the group's releases proposed by someone else."""
    out = {}
    for state in group.holds:
        pending = getattr(state, "pending", None)
        if pending is not None and pending.reviewer != reviewer:
            out[state.event_id] = pending.decision_id
    return json.dumps(out, separators=(",", ":")) if out else ""


def parse_members(value: str) -> dict[str, int]:
    """The form's members; anything malformed is dropped (and so never decided)."""
    try:
        data = json.loads(value)
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        k: v
        for k, v in data.items()
        if isinstance(k, str) and k and isinstance(v, int) and not isinstance(v, bool) and v > 0
    }


def parse_proposals(value: str) -> dict[str, str]:
    try:
        data = json.loads(value)
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and k and isinstance(v, str) and v}


def _approvals(group: Group, csrf: str, reviewer: str) -> str:
    """Four-eyes: approve or reject, together, the group's releases another reviewer proposed."""
    proposals = proposals_value(group, reviewer)
    if not proposals:
        return ""
    gid = esc(group.group_id)
    count = len(json.loads(proposals))
    return (
        f'<form method="post" action="/groups/{gid}/decision"><fieldset>'
        f"<legend>{count} proposed releases await a second reviewer</legend>"
        f'<input type="hidden" name="csrf_token" value="{esc(csrf)}">'
        f'<input type="hidden" name="members" value="{esc(members_value(group))}">'
        f'<input type="hidden" name="proposals" value="{esc(proposals)}">'
        f'<p><label for="ok-{gid}">Reason (recorded on each approval or rejection)</label><br>'
        f'<textarea id="ok-{gid}" name="reason" required minlength=3 maxlength=2000></textarea></p>'
        f'<p><button type="submit" name="action" value="approve">Approve {count}</button> '
        f'<button type="submit" name="action" value="reject">Reject {count}</button></p>'
        "</fieldset></form>"
    )


def _group(group: Group, csrf: str, reviewer: str = "") -> str:
    gid = esc(group.group_id)
    links = ", ".join(
        f'<a href="/holds/{esc(s.event_id)}">{esc(s.business_id or s.event_id)}</a>'
        for s in group.holds[:SHOWN]
    )
    if group.count > SHOWN:
        links += f" and {group.count - SHOWN} more"
    noun = "hold" if group.count == 1 else "holds"
    return (
        f'<section class="group" id="g-{gid}" aria-labelledby="h-{gid}">'
        f'<h2 id="h-{gid}">{esc(group.party)} <span class=muted>as</span> {esc(group.listed_name)} '
        f'<span class="tag count">{group.count} {noun}</span></h2>'
        f"<p class=muted>Listed entry <code>{esc(group.entry_id)}</code>; holds: {links}</p>"
        f'<form method="post" action="/groups/{gid}/decision"><fieldset>'
        f"<legend>Decide all {group.count} {noun} of this group</legend>"
        f'<input type="hidden" name="csrf_token" value="{esc(csrf)}">'
        f'<input type="hidden" name="members" value="{esc(members_value(group))}">'
        f'<p><input type="radio" id="rel-{gid}" name="action" value="release" required> '
        f'<label for="rel-{gid}">Release all (false positive)</label> '
        f'<input type="radio" id="con-{gid}" name="action" value="confirm"> '
        f'<label for="con-{gid}">Confirm all (true match)</label></p>'
        f'<p><label for="why-{gid}">Reason (recorded on each decision)</label><br>'
        f'<textarea id="why-{gid}" name="reason" required minlength=3 maxlength=2000></textarea></p>'
        f'<p><button type="submit">Decide {group.count} {noun}</button></p></fieldset></form>'
        f"{_approvals(group, csrf, reviewer)}</section>"
    )


def _pager(page: GroupPage, where: str) -> str:
    if page.pages <= 1:
        return ""
    first = (page.page - 1) * page.per_page + 1
    links = [f"<span>Showing groups {first}–{first + len(page.groups) - 1} of {page.total_groups}</span>"]
    if page.page > 1:
        links.append(f'<a rel="prev" href="/groups?page={page.page - 1}">Previous page</a>')
    links.append(f"<span>Page {page.page} of {page.pages}</span>")
    if page.page < page.pages:
        links.append(f'<a rel="next" href="/groups?page={page.page + 1}">Next page</a>')
    return f'<nav class="pager" aria-label="Group pages ({where})">{" ".join(links)}</nav>'


def groups_body(page: GroupPage, csrf: str, reviewer: str = "") -> str:
    sections = "".join(_group(g, csrf, reviewer) for g in page.groups) or "<p>No open holds.</p>"
    return (
        "<h1>Open holds by party and listed entry "
        f"({page.total_groups} groups, {page.total_holds} holds)</h1>"
        "<p class=muted>A group gathers the open holds where the same party was flagged as the same "
        "listed entry. Deciding a group records one decision per hold. "
        '<a href="/">Back to the queue</a></p>'
        f"{_pager(page, 'top')}{sections}{_pager(page, 'bottom')}"
    )


def outcome_body(group_id: str, action: str, outcomes: Sequence[MemberOutcome]) -> str:
    applied = sum(1 for o in outcomes if o.applied)
    rows = "".join(
        f'<tr><td><a href="/holds/{esc(o.event_id)}">{esc(o.event_id)}</a></td>'
        f"<td>{'applied' if o.applied else 'refused'}</td><td>{esc(o.message)}</td></tr>"
        for o in outcomes
    )
    return (
        f"<h1>Group decision: {esc(action)}</h1><p role=status>{applied} of {len(outcomes)} holds "
        f"decided (group <code>{esc(group_id)}</code>).</p><table><thead><tr><th scope=col>Event</th>"
        f"<th scope=col>Outcome</th><th scope=col>Detail</th></tr></thead><tbody>{rows}</tbody></table>"
        '<p><a href="/groups">Back to the groups</a> · <a href="/">Back to the queue</a></p>'
    )
