"""`fetch`: download the chosen official sources and activate a snapshot holding them."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from dataclasses import dataclass

from matchers.lists.download import download_with_retries
from matchers.lists.registry import OFFICIAL_SOURCES, official_url
from matchers.lists.store import (
    DEFAULT_MIN_RATIO,
    FileRecord,
    Snapshot,
    SnapshotError,
    SnapshotStore,
    link_or_copy,
    same_files,
)


@dataclass
class FetchResult:
    snapshot: Snapshot
    changed: bool  # False when every fetched file was byte-identical to the active snapshot's


def fetch(
    store: SnapshotStore,
    sources: Iterable[str] | None = None,
    base_url: str | None = None,
    timeout: float = 60.0,
    retries: int = 2,
    backoff: float = 2.0,
    min_ratio: float = DEFAULT_MIN_RATIO,
) -> FetchResult:
    """Download the chosen official sources and activate a new snapshot holding them.

    Sources not fetched this time are carried over from the active snapshot, so a partial refresh never
    drops a list. Any failure raises `SnapshotError` and leaves the active snapshot as it was.
    """
    names = list(sources) if sources else list(OFFICIAL_SOURCES)
    unknown = [n for n in names if n not in OFFICIAL_SOURCES]
    if unknown:
        raise SnapshotError(f"unknown source(s) {', '.join(unknown)}; known: {', '.join(OFFICIAL_SOURCES)}")
    previous = store.current()
    staged = store.stage()
    records: dict[str, list[FileRecord]] = {}
    try:
        for name in names:
            source = OFFICIAL_SOURCES[name]
            folder = staged / "lists" / name
            folder.mkdir(parents=True)
            records[name] = [
                download_with_retries(
                    official_url(source, f, base_url), folder / f.filename, timeout, retries, backoff
                )
                for f in source.files
            ]
        if previous is not None:
            for src in previous.manifest.sources:
                if src.name in records:
                    continue
                shutil.copytree(
                    previous.path / "lists" / src.name,
                    staged / "lists" / src.name,
                    copy_function=link_or_copy,
                )
                records[src.name] = list(src.files)
        if previous is not None and same_files(previous.manifest, records):
            shutil.rmtree(staged, ignore_errors=True)
            return FetchResult(snapshot=previous, changed=False)
    except BaseException:  # clean-up, re-raised: a failed or interrupted fetch leaves no staging folder
        shutil.rmtree(staged, ignore_errors=True)
        raise
    snapshot = store.create(staged, records, origin="fetch", min_ratio=min_ratio)
    return FetchResult(snapshot=snapshot, changed=True)
