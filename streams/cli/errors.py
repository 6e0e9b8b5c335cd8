"""Shared CLI plumbing: loading lists with a clear message and exit code 2 on failure."""

from __future__ import annotations

import gc
import sys
from typing import TYPE_CHECKING

from pydantic import ValidationError

if TYPE_CHECKING:
    from matchers.screener import Screener


def load_screener(paths: list[str] | None) -> Screener | None:
    """The screener over `paths` (default: the built-in list), or None after printing why it failed."""
    from matchers import compiled
    from matchers.gc_pause import settle_after_load
    from matchers.lists import BUILTIN_LIST, ListLoadError
    from matchers.screener import DEFAULT_THRESHOLD, Screener

    given = paths or [str(BUILTIN_LIST)]
    try:
        # The compiled snapshot of these lists when one is cached (matchers/compiled.py), else built.
        screener, outcome = compiled.load_or_build(
            given, DEFAULT_THRESHOLD, lambda: Screener.from_paths(given), compiled.default_cache_dir(),
            background=True)
    except ListLoadError as exc:
        sys.stderr.write(f"holdline: cannot load list: {exc}\n")
        return None
    except OSError as exc:
        sys.stderr.write(f"holdline: cannot read list: {exc}\n")
        return None
    if outcome.status == "hit":
        gc.freeze()  # all alive and acyclic: the collection below need not walk it (streams/snapshot.py)
    settle_after_load()  # a long batch on stdin screens faster (see matchers/gc_pause.py)
    return screener


def describe_validation_error(exc: ValidationError) -> str:
    """One line naming each bad field, for error records a user can act on."""
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'line'}: {e['msg']}" for e in exc.errors())
