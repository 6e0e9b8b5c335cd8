"""`holdline lists apply-delta`: fold OpenSanctions delta files into the active snapshot of a local store.

OpenSanctions publishes each change of a dataset as `entities.delta.json` (lines `{"op": "ADD"|"MOD"|"DEL",
"entity": {...}}`) listed by a `delta.json` index (`{"versions": {VERSION: URL}}`). Applying one rewrites
the FtM files of the active snapshot into a new snapshot (verified and activated like a fetch), so the
previous snapshot stays whole if anything fails. With `--publish` the new snapshot goes to every worker on
the broker; a worker's swap diffs entries by content hash, so re-screening of open events runs on exactly
the entries the delta changed (streams/compliance/rescreen.py).

The snapshot made records the last version applied (`origin: delta:<version>`); given an index, only the
newer versions are applied. An index's versions are read from `<index folder>/<version>/entities.delta.json`
(the layout OpenSanctions' URLs have); fetching them over HTTP is left to the operator's mirror job.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EXIT_FAILED = 1
EXIT_USAGE = 2
DELTA_ORIGIN = "delta:"


def add_apply_delta_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("apply-delta", help="apply OpenSanctions FtM delta files to the active snapshot")
    p.add_argument(
        "deltas",
        nargs="+",
        type=Path,
        metavar="DELTA",
        help="entities.delta.json files (applied in the order given) or delta.json indexes",
    )
    p.add_argument(
        "--store", type=Path, help="store folder (env HOLDLINE_LIST_STORE; default ~/.holdline/lists)"
    )
    p.add_argument(
        "--allow-shrink",
        action="store_true",
        help="accept a delta that removes more than half of a source's entries",
    )
    p.add_argument(
        "--publish",
        action="store_true",
        help="publish the new snapshot to the workers on the broker (like `lists publish`)",
    )
    p.add_argument("--broker", help="kafka://HOST:PORT for --publish (env HOLDLINE_BROKER)")
    p.add_argument("--json", action="store_true", help="print the outcome as JSON")
    p.set_defaults(handler=run_apply_delta)


@dataclass(frozen=True)
class DeltaFile:
    version: str | None
    path: Path


def delta_files(given: list[Path], applied: str | None) -> list[DeltaFile]:
    """Delta files in application order; an index contributes its versions newer than `applied`."""
    from matchers.lists import ListLoadError
    from matchers.lists.detect import Kind, sniff

    out: list[DeltaFile] = []
    for path in given:
        if path.is_file() and path.stat().st_size == 0:
            out.append(DeltaFile(None, path))  # an empty delta: a version that changed nothing
            continue
        sniffed = sniff(path)
        if sniffed.kind == Kind.FTM_DELTA:
            out.append(DeltaFile(None, path))
            continue
        versions = sniffed.document.get("versions") if isinstance(sniffed.document, dict) else None
        if not isinstance(versions, dict):
            raise ListLoadError(path, "neither an FtM delta file nor a delta.json index")
        for version in sorted(versions):
            if applied is not None and version <= applied:
                continue
            out.append(DeltaFile(version, path.parent / version / "entities.delta.json"))
    return out


def apply_to_snapshot(store: Any, deltas: list[DeltaFile], min_ratio: float) -> dict[str, Any]:
    """Make and activate the snapshot with the deltas applied; returns what changed."""
    from matchers import Screener
    from matchers.lists import ftm_json
    from matchers.lists.detect import Kind, sniff
    from matchers.lists.store import SnapshotError
    from streams.compliance.rescreen import snapshot_delta

    current = store.current()
    if current is None:
        raise SnapshotError(f"no active snapshot in {store.root}")
    files: dict[str, dict[str, bytes]] = {}
    ftm: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}
    for source in current.manifest.sources:
        files[source.name] = {}
        for record in source.files:
            path = current.path / "lists" / source.name / record.path
            data = path.read_bytes()
            files[source.name][record.path] = data
            if data.strip() and sniff(path).kind == Kind.FTM_JSON:
                ftm[(source.name, record.path)] = ftm_json.read_entities(path, data)
    if not ftm:
        raise SnapshotError(f"snapshot {current.version} holds no FtM entities file to apply a delta to")
    counts = {"ADD": 0, "MOD": 0, "DEL": 0}
    version = None
    for delta in deltas:
        data = delta.path.read_bytes() if delta.path.is_file() else None
        if data is None:
            raise SnapshotError(f"delta {delta.version or delta.path}: {delta.path} is missing")
        for op in ftm_json.read_delta(delta.path, data) if data.strip() else []:
            counts[op.op] += 1
            owner = next((k for k, ents in ftm.items() if op.entity_id in ents), next(iter(ftm)))
            ftm[owner] = ftm_json.apply_delta(ftm[owner], [op])
        version = delta.version or version
    for (source, rel), entities in ftm.items():
        files[source][rel] = ftm_json.dumps(entities)
    applied = version or current_version(current.manifest.origin)
    origin = f"{DELTA_ORIGIN}{applied}" if applied else "delta"
    old = Screener.from_paths(current.list_paths())
    snapshot = store.import_files(files, origin=origin, min_ratio=min_ratio)
    new = Screener.from_paths(snapshot.list_paths())
    change = snapshot_delta(old, new)
    return {
        "snapshot": snapshot.version,
        "previous": current.version,
        "applied_version": applied,
        "operations": counts,
        "entries": {
            "added": len(change.added),
            "changed": len(change.changed),
            "removed": len(change.removed),
        },
        "rescreen_entries": list(change.screen_ids),
        "list_paths": [str(p) for p in snapshot.list_paths()],
    }


def current_version(origin: str) -> str | None:
    return origin.removeprefix(DELTA_ORIGIN) if origin.startswith(DELTA_ORIGIN) else None


def run_apply_delta(args: argparse.Namespace) -> int:
    from matchers.lists import ListLoadError
    from matchers.lists.store import DEFAULT_MIN_RATIO, SnapshotError, SnapshotStore
    from streams.cli.lists_lifecycle import _default_store

    store = SnapshotStore(args.store or _default_store())
    current = store.current()
    if current is None:
        sys.stderr.write(
            f"holdline lists apply-delta: no active snapshot in {store.root} (run `lists fetch` "
            "or import one first)\n"
        )
        return EXIT_USAGE
    try:
        deltas = delta_files(args.deltas, current_version(current.manifest.origin))
        if not deltas:
            print(f"unchanged: snapshot {current.version} already has every version of the index")
            return 0
        outcome = apply_to_snapshot(store, deltas, 0.0 if args.allow_shrink else DEFAULT_MIN_RATIO)
    except (ListLoadError, SnapshotError, OSError, ValueError) as exc:
        sys.stderr.write(
            f"holdline lists apply-delta: {exc}\nholdline lists apply-delta: nothing changed; "
            f"snapshot {current.version} stays active\n"
        )
        return EXIT_FAILED
    if args.publish:
        code = _publish(args.broker, [Path(p) for p in outcome["list_paths"]], outcome)
        if code:
            return code
    if args.json:
        print(json.dumps({k: v for k, v in outcome.items() if k != "list_paths"}, indent=2))
    else:
        ops, entries = outcome["operations"], outcome["entries"]
        print(
            f"snapshot {outcome['snapshot']} active (was {outcome['previous']}): {ops['ADD']} added, "
            f"{ops['MOD']} modified, {ops['DEL']} deleted entities; entries {entries['added']} added, "
            f"{entries['changed']} changed, {entries['removed']} removed"
        )
    return 0


def _publish(broker: str | None, paths: list[Path], outcome: dict[str, Any]) -> int:
    import getpass

    from kafka.errors import KafkaError

    from matchers.errors import HoldlineError
    from streams.cli.errors import load_settings
    from streams.cli.lists_lifecycle import _send, _verify_lists
    from streams.compliance.publication import collect_files, encode
    from streams.compliance.signing import configured_signer

    settings = load_settings(broker=broker)
    compliance = settings.compliance
    signer = configured_signer(compliance)
    if signer is None:
        sys.stderr.write(
            "holdline lists apply-delta: no signing key (HOLDLINE_SIGNING_KEY, a publisher "
            "key): workers refuse unsigned publications; snapshot "
            f"{outcome['snapshot']} is active locally but was not published\n"
        )
        return EXIT_FAILED
    note = f"OpenSanctions delta {outcome['applied_version'] or ''}".strip()
    publication_id, records = encode(
        collect_files(paths),
        publisher=signer.key_id or getpass.getuser(),
        note=note,
        lists=_verify_lists(paths, settings.threshold),
        signer=signer,
    )
    try:
        _send(settings, compliance.topic_control, publication_id, records)
    except (KafkaError, OSError, HoldlineError) as exc:  # the broker's errors, as one line
        sys.stderr.write(
            f"holdline lists apply-delta: broker {settings.broker}: {type(exc).__name__}: "
            f"{exc}; snapshot {outcome['snapshot']} is active locally but was not published\n"
        )
        return EXIT_FAILED
    outcome["publication"] = publication_id
    return 0
