"""Shared CLI plumbing: what a command needs before it starts (settings, keys, lists), or one clear line.

A command raises `UsageError` (streams/cli/usage_error.py) when its configuration is unusable;
`holdline` (streams/cli/main.py) prints `holdline COMMAND: reason` on one line and exits 2, so every
command fails the same way. Imports stay inside the helpers: `holdline --help` must not load the engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

if TYPE_CHECKING:
    from matchers.screener import Screener
    from streams.compliance.signing import Keyring, Signer
    from streams.readiness import ReadinessPolicy
    from streams.settings import Settings

EXIT_USAGE = 2


def load_settings(**overrides: Any) -> Settings:
    """`Settings` from the environment with the command's flags over them (`None`: flag not given)."""
    from streams.cli.usage_error import UsageError
    from streams.settings import Settings

    try:
        return Settings().with_overrides(**overrides)
    except ValidationError as exc:
        raise UsageError(f"invalid settings: {exc}") from exc


def load_signer(settings: Settings, role: str, refused: str) -> Signer:
    """This process's signing key; without one, which key to make (`role`) and what workers would refuse."""
    from streams.cli.usage_error import UsageError
    from streams.compliance.signing import KeyConfigError, configured_signer

    try:
        signer = configured_signer(settings.compliance)
    except (KeyConfigError, OSError) as exc:
        raise UsageError(str(exc)) from exc
    if signer is None:
        raise UsageError(
            "no signing key (HOLDLINE_SIGNING_KEY or HOLDLINE_SIGNING_KEY_FILE; make one with "
            f"`holdline console keygen --role {role}`): workers refuse unsigned {refused}"
        )
    return signer


def load_keyring(settings: Settings) -> Keyring:
    """The trusted public keys (`HOLDLINE_TRUSTED_KEYS`, `HOLDLINE_TRUSTED_KEYS_FILE`)."""
    from streams.cli.usage_error import UsageError
    from streams.compliance.signing import KeyConfigError, configured_keyring

    try:
        return configured_keyring(settings.compliance)
    except (KeyConfigError, OSError) as exc:
        raise UsageError(str(exc)) from exc


def load_screener(paths: list[str] | None, threshold: float | None = None) -> tuple[Screener | None, str]:
    """The screener over `paths` (default: the built-in list), or None and why it must not be used.

    The same decision as the worker's (`streams.readiness`): lists that fail to load, hold no entries or
    are stale under the hold policy give no screener, so a script can never read "no hit" from them.
    """
    from streams.readiness import load_snapshot, screening_readiness
    from streams.settings import builtin_list_path

    # Named without importing the list parsers: a warm start loads the compiled snapshot only.
    snapshot = load_snapshot(paths or [str(builtin_list_path())], threshold)
    ready = screening_readiness(snapshot, stale_policy())
    if not ready.ok or snapshot.screener is None:
        return None, ready.reason or "no restricted-party list is loaded"
    settle_without_collecting()
    return snapshot.screener, ""


def settle_without_collecting() -> None:
    """`matchers.gc_pause.settle_after_load` (what is alive frozen, young collections less often: a long
    batch on stdin screens faster) without its full collection, for a process that loads its lists once.

    The collector was off from the command's parsing to here (decision 0535), so that collection would be
    the first: a walk of every object of the lists just parsed and indexed (~0.39 s of CPU for all of
    `../shared/lists` when the cache is off; ~0.3 ms after a snapshot, frozen as it loads) to free ~1,100
    objects (~330 kB: the parsers' and the imports' discarded classes and cycles), which stay frozen instead
    until the process ends. A snapshot loaded from the cache is frozen the same way (`streams.snapshot`).
    """
    import gc

    from matchers.gc_pause import YOUNG_THRESHOLD

    gc.freeze()
    young, middle, old = gc.get_threshold()
    if 0 < young < YOUNG_THRESHOLD:
        gc.set_threshold(YOUNG_THRESHOLD, middle, old)


def describe_validation_error(exc: ValidationError) -> str:
    """One line naming each bad field, for error records a user can act on."""
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'line'}: {e['msg']}" for e in exc.errors())


def stale_policy() -> ReadinessPolicy:
    """The stale-list policy the worker applies (HOLDLINE_LIST_MAX_AGE_HOURS, HOLDLINE_LIST_STALE_HOLD)."""
    from streams.readiness import ReadinessPolicy

    compliance = load_settings().compliance
    return ReadinessPolicy(max_age=compliance.list_max_age, stale_hold=compliance.list_stale_hold)
