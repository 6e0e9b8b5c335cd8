"""`skip_discovery_records`: Faust's autodiscovery records, not made for an app that never scans.

Every `app.agent`, `app.task`, `app.timer` and `app.page` call records its function for venusian's scan
(`faust.utils.venusian.attach`), which `app.discover()` reads when `autodiscover` is on. Recording reads
the caller's frame with `inspect.getframeinfo`: its source file through `linecache` and, to name its module,
every module in `sys.modules` through `os.path.realpath` (~800 modules by then). A Holdline worker makes a
dozen such calls before it can send its JoinGroup request, ~130 M instructions of its start (decision 0530),
and it never scans: `autodiscover` is off (`streams.app.faust_config`) and everything is registered by
`create_app` and the plug-ins explicitly.
"""

from __future__ import annotations

from typing import Any


class _NoRecords:
    """Stands in for `faust.utils.venusian` in `faust.app.base`: the same two names, nothing recorded."""

    def __init__(self, scanner: Any) -> None:
        self.Scanner = scanner  # `App.discover` still runs, and finds nothing

    @staticmethod
    def attach(*_args: Any, **_kwargs: Any) -> None:
        return None


def skip_discovery_records(autodiscover: object) -> bool:
    """Stop Faust recording decorated functions for a scan when `autodiscover` (the app setting) is off;
    whether it did. Process-wide: every Faust app of a Holdline process has autodiscover off."""
    if autodiscover:
        return False
    import faust.app.base as faust_app

    current = faust_app.venusian
    if not isinstance(current, _NoRecords):
        # The module's global, read by `App.agent`, `_task`, `service`, `page` and `command` at each call.
        setattr(faust_app, "venusian", _NoRecords(current.Scanner))  # noqa: B010
    return True
