"""The name rule: which party names are screened at all, shared by the worker and `holdline screen`.

Apart from `streams.decide` (which re-exports it) so that `holdline screen --jsonl` applies the worker's
rule without importing the event and record models the worker needs (~0.05 s of CPU per process).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple


@dataclass(frozen=True)
class NameLimits:
    """Bounds on what is screened (`Settings.max_name_chars`, `max_name_tokens`); past them: unscreenable."""

    max_chars: int = 1000
    max_tokens: int = 60


class ToScreen(NamedTuple):
    """One party to screen: a schema role's party, or an `other` object with a `name` found in the event.

    A tuple: one is built per party per event, and a frozen dataclass costs several times more to build.
    """

    role: str
    name: Any  # a str for every schema role; anything for an `other` object
    country: str | None
    kind: str | None
    dump: dict[str, Any]  # the party as sent
    path: str | None = None


def unscreenable(party: ToScreen, limits: NameLimits) -> str | None:
    """Why this party's name cannot be screened, or None. Such a party is held, never cleared."""
    name = party.name
    where = party.path or party.role
    if not isinstance(name, str):
        return f"{where}: name is a {type(name).__name__}, not a string"
    if len(name) > limits.max_chars:
        return f"{where}: name of {len(name)} characters (limit {limits.max_chars})"
    # Only a name of at least 2n - 1 characters can hold n words: most never need splitting.
    if len(name) >= 2 * limits.max_tokens + 1 and (words := len(name.split())) > limits.max_tokens:
        return f"{where}: name of {words} words (limit {limits.max_tokens})"
    from matchers.normalise import normalise_name

    form = normalise_name(name)
    if len(form.minor) == len(form.tokens):  # no token but legal forms and function words: nothing to screen
        return f"{where}: name {name[:80]!r} is empty once normalised"
    return None
