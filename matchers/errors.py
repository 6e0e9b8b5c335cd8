"""The one base class of every error Holdline raises on purpose.

It lives in the engine package because `matchers` must never import `streams`, while `streams` may import
`matchers`: one base both can reach. Callers at a process boundary can catch `HoldlineError` to tell the
product's own, explained refusals from bugs.
"""

from __future__ import annotations


class HoldlineError(Exception):
    """Base of Holdline's own errors (list loading, snapshots, decisions, publications, configuration)."""
