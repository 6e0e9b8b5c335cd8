"""The engine's evidence as HTML: one line per match on the queue, the word-by-word table on a hold page.

The words come from `streams.evidence_text` (the reading `holdline holds tail` prints), so the console and
the terminal say the same thing. Names are shown as written, each word marked matched (`<mark>`),
unmatched (`<del>`, a word the other name lacks) or neither (a legal form the engine set aside). The score
is an inline SVG bar with the threshold drawn on it: no script and no inline style, so the console's
Content-Security-Policy stays as strict as it is. Everything from an event or a list goes through `esc`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from html import escape
from typing import Any

from rigour.text import ascii_text

from streams.evidence_text import Evidence, evidence_line, read_evidence

WORD = re.compile(r"\S+")


def esc(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def _fold(word: str) -> str:
    return "".join(c for c in ascii_text(word).casefold() if c.isalnum())


def _vocabulary(tokens: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for token in tokens:
        out.add(_fold(token.replace(" ", "")))
        out.update(_fold(t) for t in token.split())
    out.discard("")
    return out


def marked_name(name: str, matched: set[str], unmatched: set[str]) -> str:
    """`name` as written, its words marked by what the engine made of them."""
    parts: list[str] = []
    last = 0
    for m in WORD.finditer(name):
        parts.append(esc(name[last : m.start()]))
        word = m.group(0)
        folded = _fold(word)
        if folded and (folded in matched or any(t.startswith(folded) and len(folded) >= 3 for t in matched)):
            parts.append(f"<mark>{esc(word)}</mark>")
        elif folded and folded in unmatched:
            parts.append(f'<del title="not in the other name">{esc(word)}</del>')
        else:
            parts.append(esc(word))
        last = m.end()
    parts.append(esc(name[last:]))
    return "".join(parts)


def score_bar(score: Any, threshold: float | None) -> str:
    """An SVG bar 0..1 with a tick at the threshold; the numbers are in its accessible name and beside it."""
    if not isinstance(score, int | float):
        return ""
    width = max(0.0, min(1.0, float(score))) * 100
    label = f"score {score:.2f}" + (f", threshold {threshold:.2f}" if threshold is not None else "")
    tick = ""
    if threshold is not None:
        x = max(0.0, min(1.0, threshold)) * 100
        tick = f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="12" class="thr"></line>'
    return (
        f'<span class="scorebar"><svg viewBox="0 0 100 12" width="80" height="12" role="img" '
        f'aria-label="{esc(label)}"><rect width="100" height="12" class="track"></rect>'
        f'<rect width="{width:.1f}" height="12" class="fill"></rect>{tick}</svg> '
        f"<strong>{score:.2f}</strong></span>"
    )


def _names(evidence: Evidence) -> tuple[set[str], set[str], set[str], set[str]]:
    q_hit = _vocabulary(w.query for w in evidence.words)
    l_hit = _vocabulary(w.listed for w in evidence.words)
    return q_hit, _vocabulary(evidence.extra), l_hit, _vocabulary(evidence.missing)


def evidence_inline(party_name: Any, match: dict[str, Any], threshold: float | None) -> str:
    """The queue's one line: both names marked, the score bar, the effects and the words as the CLI says."""
    evidence = read_evidence(match.get("explanation"))
    q_hit, q_miss, l_hit, l_miss = _names(evidence)
    listed = match.get("matched") or match.get("name") or ""
    effects = "".join(f' <span class="effect">{esc(e)}</span>' for e in evidence.effects)
    return (
        f'<span class="names">{marked_name(str(party_name or ""), q_hit, q_miss)} '
        f'<span aria-hidden="true">≈</span><span class="sr">matches</span> '
        f"{marked_name(str(listed), l_hit, l_miss)}</span> {score_bar(match.get('score'), threshold)}"
        f"{effects}"
    )


def evidence_table(match: dict[str, Any]) -> str:
    """Word by word: query word, listed word, how they matched, the listed word's weight in words."""
    evidence = read_evidence(match.get("explanation"))
    rows = [
        f"<tr><td>{esc(w.query)}</td><td>{esc(w.listed)}</td><td>{esc(w.how)}"
        + (
            f" <span class=muted>({w.similarity:.2f})</span>"
            if w.similarity is not None and w.how != "exact"
            else ""
        )
        + f"</td><td>{esc(w.weight_word)}"
        + (f" <span class=muted>({w.weight:.2f})</span>" if w.weight is not None else "")
        + "</td></tr>"
        for w in evidence.words
    ]
    rows += [
        f"<tr><td>{esc(t)}</td><td>—</td><td>only in the flagged party's name</td><td></td></tr>"
        for t in evidence.extra
    ]
    rows += [
        f"<tr><td>—</td><td>{esc(t)}</td><td>only in the listed name</td><td></td></tr>"
        for t in evidence.missing
    ]
    table = ""
    if rows:
        table = (
            '<table class="align"><caption>How the words lined up</caption><thead><tr>'
            '<th scope="col">Flagged party word</th><th scope="col">Listed word</th>'
            '<th scope="col">How they matched</th><th scope="col">Weight</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
    effects = "".join(f"<li>{esc(e)}</li>" for e in evidence.effects)
    return (
        f'<p class="why">Why: {esc(evidence_line(match.get("explanation")))}</p>{table}'
        + (f'<ul class="effects">{effects}</ul>' if effects else "")
        + details("Engine explanation (JSON)", match.get("explanation"))
    )


def details(summary: str, value: Any) -> str:
    """Raw data only behind a disclosure, for the reviewer who needs the engine's own numbers."""
    text = json.dumps(value, indent=2, sort_keys=True, default=str, ensure_ascii=False)
    return f"<details><summary>{esc(summary)}</summary><pre>{esc(text)}</pre></details>"


CSS = """
mark{background:#fff8c5;color:#1b1f23;border-bottom:2px solid #9a6700;padding:0 .1em}
del{color:#82071e;text-decoration:line-through}
.scorebar svg{vertical-align:middle}.scorebar .track{fill:#d0d7de}.scorebar .fill{fill:#0969da}
.scorebar .thr{stroke:#1b1f23;stroke-width:2}
.effect{background:#ddf4ff;color:#0a3069;border-radius:1em;padding:0 .5em;margin-left:.3em}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
table.align{width:auto;margin:.5em 0}caption{text-align:left;font-weight:bold;padding:.3em 0}
details{margin:.5em 0}summary{cursor:pointer;color:#0550ae}
"""
