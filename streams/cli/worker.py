"""`holdline worker`: run one screening worker (a Faust worker) until SIGTERM/SIGINT.

Lists are loaded while the worker joins its consumer group, and nothing is screened before they are in;
if they cannot be loaded the worker still runs and holds every event with `screening_unavailable` (fail
closed) while `/healthz` says not ready.
`--role` splits the work between processes (`streams.app.Role`): `screening` workers only screen,
`compliance` workers run the compliance workflow; the default `all` does both in one process.
"""

from __future__ import annotations

import argparse
import gc
import logging
import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from streams.plugins import WorkerPlugin
    from streams.settings import Settings
    from streams.snapshot import SnapshotHolder

EXIT_USAGE = 2


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("worker", help="run a screening worker on the input topics")
    p.add_argument("--broker", help="kafka://HOST:PORT (env HOLDLINE_BROKER)")
    p.add_argument(
        "--list",
        dest="lists",
        action="append",
        metavar="PATH",
        help="list file or directory, repeatable (env HOLDLINE_LISTS; default: the built-in list)",
    )
    p.add_argument("--web-port", type=int, help="port of /metrics and /healthz (env HOLDLINE_WEB_PORT)")
    p.add_argument("--web-host", help="address the web server binds to (env HOLDLINE_WEB_HOST)")
    p.add_argument("--threshold", type=float, help="hold at or above this score (env HOLDLINE_THRESHOLD)")
    p.add_argument("--group-id", help="consumer group id (env HOLDLINE_GROUP_ID)")
    p.add_argument("--session-timeout", type=float, help="consumer session timeout, seconds")
    p.add_argument("--datadir", help="Faust data directory (env HOLDLINE_DATADIR)")
    p.add_argument("--loglevel", help="debug, info, warning, error (env HOLDLINE_LOGLEVEL)")
    p.add_argument(
        "--role",
        choices=("all", "screening", "compliance"),
        default="all",
        help="screening: screen the input topics only; compliance: the compliance workflow only "
        "(holds, decisions, re-screening); all: both (default)",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from streams.initial_load import pause_collector

    # No automatic collection from the first import until the initial lists are in (decision 0529); on,
    # at the latest, when the worker returns.
    collector_was_on = pause_collector()
    try:
        return _run(args, resume_collector=collector_was_on)
    finally:
        if collector_was_on:
            gc.enable()


def _run(args: argparse.Namespace, resume_collector: bool) -> int:
    from pydantic import ValidationError

    from streams.settings import Settings

    try:
        settings = Settings().with_overrides(
            broker=args.broker,
            lists=tuple(args.lists) if args.lists else None,
            web_port=args.web_port,
            web_host=args.web_host,
            threshold=args.threshold,
            group_id=args.group_id,
            session_timeout=args.session_timeout,
            datadir=args.datadir,
            loglevel=args.loglevel,
        )
    except ValidationError as exc:
        sys.stderr.write(f"holdline worker: invalid settings: {exc}\n")
        return EXIT_USAGE
    if args.role == "compliance" and not settings.compliance.compliance_workflow:
        sys.stderr.write("holdline worker: --role compliance needs HOLDLINE_COMPLIANCE_WORKFLOW=true\n")
        return EXIT_USAGE
    from streams.cli.broker_errors import require_broker

    require_broker(settings.broker, settings.bootstrap_servers, wait=10.0)
    return serve(settings, role=args.role, resume_collector=resume_collector)


def worker_plugins(settings: Settings) -> list[WorkerPlugin]:
    """The composition root's choice of extensions: the compliance workflow unless it is switched off."""
    if not settings.compliance.compliance_workflow:
        return []
    from streams.compliance.agents import CompliancePlugin

    return [CompliancePlugin()]


def _load_lists(snapshots: SnapshotHolder, settings: Settings, role: str) -> None:
    started = time.monotonic()
    snapshot = snapshots.load_initial(settings.lists, settings.threshold)
    if snapshot.loaded:
        logging.getLogger("holdline").info(
            "lists loaded in %.1fs: version %s (role %s)", time.monotonic() - started, snapshot.version, role
        )


def serve(settings: Settings, role: str = "all", *, resume_collector: bool = False) -> int:
    """Load lists (fail closed), build the app, run until a signal; the exit code of the worker.

    `resume_collector`: the caller turned the cyclic collector off for the start (`pause_collector`); it
    is turned on as the initial lists settle."""
    from streams.app import create_app
    from streams.initial_load import InitialLoad, resume_collector_when_settled
    from streams.lifecycle import make_worker
    from streams.metrics import Metrics
    from streams.snapshot import SnapshotHolder

    logging.basicConfig(
        level=settings.loglevel.upper(),
        format="[%(asctime)s] [%(process)d] [%(levelname)s] %(name)s: %(message)s",
    )
    metrics = Metrics()
    snapshots = SnapshotHolder(metrics, cache_size=settings.screen_cache_size)
    # The lists load in a thread while the consumer joins its group (the broker's join delay: decision
    # 0512); agents and the compliance workflow wait for them (`SnapshotHolder.settled`).
    snapshots.begin_initial_load()
    if resume_collector:
        resume_collector_when_settled(snapshots)  # decision 0529
    settings.datadir.mkdir(parents=True, exist_ok=True)
    holdline = create_app(
        settings, snapshots=snapshots, metrics=metrics, role=role, plugins=worker_plugins(settings)
    )
    worker = make_worker(
        holdline.app,
        settings.shutdown_timeout,
        loglevel=settings.loglevel,
        redirect_stdouts=False,
        override_logging=False,
    )
    initial = InitialLoad(lambda: _load_lists(snapshots, settings, role))
    if holdline.app.producer_only:  # no Faust consumer, no join to overlap (`--role compliance`)
        initial.start()
    else:
        initial.start_at_first_join(holdline.app)
    try:
        worker.execute_from_commandline()
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else 1
    finally:
        holdline.close()
    return 0
