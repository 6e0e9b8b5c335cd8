"""`holdline lists fetch` and `holdline lists publish`: refreshing restricted lists and rolling them out.

The `lists` group itself lives in `streams/cli/lists.py`; it adds these two subcommands by calling
`add_fetch_parser` and `add_publish_parser`.

- fetch: download the agencies' official files into a versioned local store (`matchers.lists.store`);
  a failed or partial download leaves the previously active snapshot in place (exit 1).
- publish: make the given files the active snapshot of every worker on a broker, by publishing their
  bytes on the control topic (`streams.compliance.publication`); workers verify, load and swap.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from streams.settings import Settings

EXIT_FAILED = 1
EXIT_USAGE = 2


class _SourceNames:
    """The official source names, read when argparse first needs them: importing the registry imports the
    engine, which `holdline --help` and every other command must not pay for."""

    def _names(self) -> list[str]:
        from matchers.lists.registry import OFFICIAL_SOURCES

        return sorted(OFFICIAL_SOURCES)

    def __contains__(self, name: object) -> bool:
        return name in self._names()

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())


def add_fetch_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("fetch", help="download the official list files into the versioned local store")
    p.add_argument(
        "--store", type=Path, help="store folder (env HOLDLINE_LIST_STORE; default ~/.holdline/lists)"
    )
    p.add_argument(
        "--source",
        action="append",
        choices=_SourceNames(),
        metavar="NAME",
        help="fetch only this source (repeatable): %(choices)s",
    )
    p.add_argument(
        "--base-url", help="fetch `<URL>/<source>/<file>` instead of the agencies' URLs (mirrors, tests)"
    )
    p.add_argument("--timeout", type=float, default=60.0, help="seconds per request (default 60)")
    p.add_argument("--retries", type=int, default=2, help="retries per file after a failure (default 2)")
    p.add_argument(
        "--allow-shrink",
        action="store_true",
        help="accept a source however many entries it lost since the active snapshot",
    )
    p.add_argument(
        "--min-ratio",
        type=float,
        metavar="RATIO",
        help="refuse a source left with fewer than RATIO x its entries in the active snapshot "
        "(0..1; default 0.8)",
    )
    p.add_argument("--json", action="store_true", help="print the new snapshot's manifest summary as JSON")
    p.set_defaults(handler=run_fetch)


def add_publish_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("publish", help="make list files the active snapshot of every worker on a broker")
    p.add_argument("--broker", help="kafka://HOST:PORT (env HOLDLINE_BROKER)")
    p.add_argument(
        "--list",
        dest="lists",
        action="append",
        type=Path,
        default=[],
        metavar="PATH",
        help="list file or folder (repeatable)",
    )
    p.add_argument(
        "--from-store",
        type=Path,
        metavar="DIR",
        help="publish the active snapshot of a local store (as made by `lists fetch`)",
    )
    p.add_argument("--note", help="free text kept with the publication (e.g. the Federal Register notice)")
    p.add_argument(
        "--allow-shrink",
        action="store_true",
        help="publish even though a list of the active publication is dropped or shrinks by more "
        "than HOLDLINE_PUBLICATION_MAX_SHRINK (recorded, signed, in the publication)",
    )
    p.set_defaults(handler=run_publish)


def run_fetch(args: argparse.Namespace) -> int:
    from matchers.compiled import cached_verifier
    from matchers.lists.fetch import fetch
    from matchers.lists.store import DEFAULT_MIN_RATIO, SnapshotError, SnapshotStore, manifest_summary

    store_dir = args.store or _default_store()
    if args.retries < 0 or args.timeout <= 0:
        sys.stderr.write("holdline lists fetch: --retries must be >= 0 and --timeout > 0\n")
        return EXIT_USAGE
    min_ratio = DEFAULT_MIN_RATIO if args.min_ratio is None else args.min_ratio
    if not 0.0 <= min_ratio <= 1.0:
        sys.stderr.write("holdline lists fetch: the minimum ratio must be between 0 and 1\n")
        return EXIT_USAGE
    store = SnapshotStore(store_dir, verifier=cached_verifier)
    try:
        result = fetch(
            store,
            args.source,
            base_url=args.base_url,
            timeout=args.timeout,
            retries=args.retries,
            min_ratio=0.0 if args.allow_shrink else min_ratio,
        )
    except SnapshotError as exc:
        current = store.current()
        kept = f"snapshot {current.version} stays active" if current else "no snapshot is active yet"
        sys.stderr.write(f"holdline lists fetch: {exc}\nholdline lists fetch: nothing changed; {kept}\n")
        return EXIT_FAILED
    _compile(result.snapshot.list_paths())
    summary = manifest_summary(result.snapshot)
    if args.json:
        print(json.dumps({**summary, "changed": result.changed}, indent=2))
    elif result.changed:
        print(f"snapshot {summary['version']} active in {store_dir} ({summary['entries']} entries)")
        sources = summary["sources"]
        assert isinstance(sources, dict)  # manifest_summary's shape
        for name, info in sources.items():
            print(f"  {name}: {info['entries']} entries ({', '.join(info['files'])})")
    else:
        print(f"unchanged: snapshot {summary['version']} stays active")
    return 0


def run_publish(args: argparse.Namespace) -> int:
    from kafka.errors import KafkaError

    from matchers.errors import HoldlineError
    from matchers.lists.store import SnapshotStore
    from streams.cli.errors import load_settings, load_signer
    from streams.compliance.publication import PublicationError, collect_files, encode, shrink_problems

    paths: list[Path] = list(args.lists)
    if args.from_store:
        current = SnapshotStore(args.from_store).current()
        if current is None:
            sys.stderr.write(f"holdline lists publish: no active snapshot in {args.from_store}\n")
            return EXIT_USAGE
        paths += current.list_paths()
    if not paths:
        sys.stderr.write("holdline lists publish: give at least one --list PATH (or --from-store DIR)\n")
        return EXIT_USAGE
    settings = load_settings(broker=args.broker)
    compliance = settings.compliance
    from matchers.lists import ListLoadError

    signer = load_signer(settings, "publisher", "publications; nothing was published")
    try:
        counts = _verify_lists(paths, settings.threshold)
        files = collect_files(paths)
    except (PublicationError, ListLoadError, OSError, ValueError) as exc:
        sys.stderr.write(f"holdline lists publish: {exc}; nothing was published\n")
        return EXIT_USAGE
    entries = sum(counts.values())
    try:
        active = _active_counts(settings, compliance.topic_control)
    except (KafkaError, OSError, HoldlineError) as exc:  # the broker's errors, as one line
        sys.stderr.write(f"holdline lists publish: broker {settings.broker}: {type(exc).__name__}: {exc}\n")
        return EXIT_FAILED
    problems = shrink_problems(active or {}, counts, compliance.publication_max_shrink)
    if problems and not args.allow_shrink:
        sys.stderr.write(
            "holdline lists publish: refused: " + "; ".join(problems) + " compared with the "
            "active publication (give --allow-shrink if this is meant); nothing was published\n"
        )
        return EXIT_USAGE
    publication_id, records = encode(
        files,
        publisher=signer.key_id,
        note=args.note,
        lists=counts,
        allow_shrink=args.allow_shrink,
        signer=signer,
    )
    try:
        _send(settings, compliance.topic_control, publication_id, records)
    except (KafkaError, OSError, HoldlineError) as exc:  # the broker's errors, as one line
        sys.stderr.write(f"holdline lists publish: broker {settings.broker}: {type(exc).__name__}: {exc}\n")
        return EXIT_FAILED
    print(
        f"published {publication_id}: {len(files)} source(s), {entries} entries, {len(records)} records on "
        f"{compliance.topic_control}"
    )
    return 0


def _verify_lists(paths: list[Path], threshold: float) -> dict[str, int]:
    """Entries per list id; refuses what the loaders cannot read (workers would fail closed on it).

    Loading compiles the snapshot into the cache (`matchers.compiled`), where workers sharing the cache
    directory find it when the publication arrives instead of parsing and indexing again.
    """
    from collections import Counter

    from matchers import compiled

    screener, _ = compiled.compile_paths(paths, threshold)
    counts = Counter(entry.list for lst in screener.lists for entry in lst.entries)
    if not counts:
        raise ValueError("the lists hold no entries")
    return dict(counts)


def _active_counts(settings: Settings, topic: str) -> dict[str, int] | None:
    """Entries per list of the latest publication on the control topic (None: nothing published yet)."""
    from streams.cli.holds_decide import read_all

    latest: dict[str, int] | None = None
    try:
        records = read_all(settings, [topic], quiet=1.0)
    except LookupError:
        return None
    for rec in records:
        try:
            value = json.loads(rec.value or b"")
        except ValueError:
            continue
        if (
            isinstance(value, dict)
            and value.get("kind") == "snapshot_published"
            and isinstance(value.get("lists"), dict)
        ):
            latest = {str(k): int(v) for k, v in value["lists"].items()}
    return latest


def _compile(paths: list[Path]) -> None:
    """Compile the fetched snapshot now, so the next worker or `holdline screen` on it starts fast."""
    from matchers import compiled
    from streams.settings import Settings

    try:
        compiled.compile_paths(paths, Settings().threshold)
    # Engine boundary: compiling is an optional step after the snapshot was stored and verified; whatever
    # fails, a process builds it when loading.
    except Exception as exc:
        sys.stderr.write(f"holdline lists fetch: snapshot not compiled: {type(exc).__name__}: {exc}\n")


def _send(settings: Settings, topic: str, key: str, records: list[dict[str, Any]]) -> None:
    from kafka import KafkaProducer

    from streams.security import kafka_python_config

    producer = KafkaProducer(
        bootstrap_servers=settings.bootstrap_servers,
        client_id="holdline-publish",
        acks="all",
        batch_size=1,
        linger_ms=0,
        max_request_size=2 * 1024 * 1024,
        **kafka_python_config(settings),
    )
    try:
        for record in records:
            producer.send(topic, key=key.encode(), value=json.dumps(record).encode()).get(timeout=30)
        producer.flush(timeout=30)
    finally:
        producer.close(timeout=10)


def _default_store() -> Path:
    from streams.cli.errors import load_settings

    return load_settings().compliance.list_store
