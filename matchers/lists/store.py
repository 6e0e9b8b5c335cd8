"""A versioned local store of list files.

Screening against a half-written or failed download is worse than screening against yesterday's list, so a
snapshot only becomes `current` after every file arrived whole and the loaders read it back, and activation
is a rename: a reader sees the old snapshot or the new one, never a mix.

Layout of a store::

    STORE/snapshots/<version>/manifest.json
    STORE/snapshots/<version>/lists/<source>/<file>
    STORE/current -> snapshots/<version>        (relative symlink, replaced atomically)
    STORE/.incoming/                            (staging; same filesystem, so activation is a rename)
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, Field

from matchers.errors import HoldlineError
from matchers.models import LoadedList

MANIFEST = "manifest.json"
CURRENT = "current"
# A refreshed list that lost more than a fifth of its entries is far more likely a truncated or broken
# publication than a real delisting wave (agencies delist a handful of entries per notice); it is
# refused unless the operator says otherwise (`lists fetch --allow-shrink` or `--min-ratio`).
DEFAULT_MIN_RATIO = 0.8
DEFAULT_KEEP = 10


class SnapshotError(HoldlineError, RuntimeError):
    """A fetch or snapshot could not be made; the previously active snapshot is untouched."""


class FileRecord(BaseModel):
    path: str = Field(description="Path inside the snapshot's lists/ folder")
    sha256: str
    bytes: int
    url: str | None = None
    fetched_at: datetime


class SourceRecord(BaseModel):
    name: str
    files: list[FileRecord]
    entries: int = Field(description="Entries the loaders read from this source when it was verified")
    lists: dict[str, int] = Field(default_factory=dict, description="Entries per list id")


class Manifest(BaseModel):
    version: str
    created_at: datetime
    origin: str = Field(description="How the snapshot was made: 'fetch', 'publish', 'import'")
    sources: list[SourceRecord]

    @property
    def entries(self) -> int:
        return sum(s.entries for s in self.sources)


class Snapshot(BaseModel):
    """An activated, verified snapshot on disk."""

    path: Path
    manifest: Manifest

    @property
    def version(self) -> str:
        return self.manifest.version

    def list_paths(self) -> list[Path]:
        """One folder per source: what `load_paths` and `holdline worker --list` take."""
        return [self.path / "lists" / s.name for s in self.manifest.sources]

    def age_seconds(self, now: datetime | None = None) -> float:
        now = now or datetime.now(UTC)
        return max(0.0, (now - self.manifest.created_at).total_seconds())


Verifier = Callable[[Sequence[Path]], list[LoadedList]]


def default_verifier(paths: Sequence[Path]) -> list[LoadedList]:
    """Load the staged files. Hosts pass `matchers.compiled.cached_verifier` instead, so a worker importing
    a publication does not parse again what the publisher already parsed (list loading stays below the
    compiled cache: no import cycle)."""
    from matchers.lists import load_paths

    return load_paths(paths)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(root: Path) -> None:
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            with open(Path(dirpath) / name, "rb") as fh:
                os.fsync(fh.fileno())
        _fsync_dir(Path(dirpath))


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _safe_relpath(rel: str) -> Path:
    """Refuse absolute paths and `..` so published or fetched names cannot escape the snapshot folder."""
    path = Path(rel)
    if path.is_absolute() or not path.parts or any(p in ("..", "") for p in path.parts):
        raise SnapshotError(f"unsafe file name in snapshot: {rel!r}")
    return path


class SnapshotStore:
    """The versioned store; safe against crashes at any point (staging folders are simply abandoned)."""

    def __init__(
        self, root: str | Path, verifier: Verifier = default_verifier, keep: int = DEFAULT_KEEP
    ) -> None:
        self.root = Path(root)
        self.verifier = verifier
        self.keep = keep

    @property
    def snapshots_dir(self) -> Path:
        return self.root / "snapshots"

    @property
    def incoming_dir(self) -> Path:
        return self.root / ".incoming"

    def _ensure(self) -> None:
        self.snapshots_dir.mkdir(parents=True, exist_ok=True)
        self.incoming_dir.mkdir(parents=True, exist_ok=True)

    # --- reading -------------------------------------------------------------------------------------
    def current(self) -> Snapshot | None:
        link = self.root / CURRENT
        if not link.exists():
            return None
        target = link.resolve()
        return self._read(target)

    def get(self, version: str) -> Snapshot | None:
        path = self.snapshots_dir / version
        return self._read(path) if (path / MANIFEST).is_file() else None

    def snapshots(self) -> list[Snapshot]:
        """Every complete snapshot, oldest first."""
        if not self.snapshots_dir.is_dir():
            return []
        found = [self._read(p) for p in self.snapshots_dir.iterdir() if (p / MANIFEST).is_file()]
        return sorted(found, key=lambda s: s.manifest.created_at)

    @staticmethod
    def _read(path: Path) -> Snapshot:
        manifest = Manifest.model_validate_json((path / MANIFEST).read_text(encoding="utf-8"))
        return Snapshot(path=path, manifest=manifest)

    # --- writing -------------------------------------------------------------------------------------
    def create(
        self,
        staged: Path,
        files: Mapping[str, list[FileRecord]],
        origin: str,
        min_ratio: float = DEFAULT_MIN_RATIO,
        activate: bool = True,
    ) -> Snapshot:
        """Verify a staged `lists/` tree, then move it into place and (by default) make it current.

        `staged` is a folder under `.incoming` holding `lists/<source>/...`; it is removed on failure.
        """
        try:
            previous = self.current()
            sources: list[SourceRecord] = []
            for name, records in files.items():
                loaded = self._verify(staged / "lists" / name, name)
                per_list: dict[str, int] = {}
                for lst in loaded:
                    per_list[lst.source.list] = per_list.get(lst.source.list, 0) + len(lst.entries)
                count = sum(per_list.values())
                if previous is not None and min_ratio > 0:
                    before = next((s.entries for s in previous.manifest.sources if s.name == name), 0)
                    if before and count < before * min_ratio:
                        raise SnapshotError(
                            f"source {name}: {count} entries against {before} in the active snapshot "
                            f"(below {min_ratio:.0%}); refusing what looks like a truncated publication"
                        )
                sources.append(SourceRecord(name=name, files=records, entries=count, lists=per_list))
            digest = hashlib.sha256()
            for src in sorted(sources, key=lambda s: s.name):
                for rec in sorted(src.files, key=lambda r: r.path):
                    digest.update(f"{src.name}/{rec.path}:{rec.sha256}\n".encode())
            now = datetime.now(UTC)
            version = f"{now:%Y%m%dT%H%M%S}Z-{digest.hexdigest()[:10]}"
            manifest = Manifest(version=version, created_at=now, origin=origin, sources=sources)
            (staged / MANIFEST).write_text(manifest.model_dump_json(indent=2), encoding="utf-8")
            _fsync_tree(staged)
            final = self.snapshots_dir / version
            try:
                os.rename(staged, final)
                _fsync_dir(self.snapshots_dir)
            except OSError as exc:
                # Same content within the same second, stored by this or another process sharing the
                # store (a worker of each role receiving one publication): a rename is atomic, so an
                # existing folder is complete; reuse it rather than refuse the publication.
                if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST) or not (final / MANIFEST).is_file():
                    raise
                shutil.rmtree(staged, ignore_errors=True)
        except BaseException:  # clean-up, re-raised: nothing half-stored stays behind
            shutil.rmtree(staged, ignore_errors=True)
            raise
        if activate:
            self.activate(version)
        return self._read(final)

    def _verify(self, path: Path, name: str) -> list[LoadedList]:
        try:
            loaded = self.verifier([path])
        except Exception as exc:  # the verifier is a plug-in boundary: whatever a bad file raises, refuse it
            raise SnapshotError(f"source {name}: the downloaded files do not load: {exc}") from exc
        if not any(lst.entries for lst in loaded):
            raise SnapshotError(f"source {name}: the downloaded files hold no entries")
        return loaded

    def activate(self, version: str) -> None:
        """Point `current` at `version` with one rename (readers never see a missing link)."""
        target = self.snapshots_dir / version
        if not (target / MANIFEST).is_file():
            raise SnapshotError(f"no complete snapshot {version} in {self.root}")
        tmp_link = self.root / f".{CURRENT}.{os.getpid()}.{time.monotonic_ns()}"
        os.symlink(Path("snapshots") / version, tmp_link)
        os.replace(tmp_link, self.root / CURRENT)
        _fsync_dir(self.root)
        self.prune()

    def prune(self) -> None:
        """Keep the newest `keep` snapshots and always the current one."""
        current = self.current()
        snaps = self.snapshots()
        for snap in snaps[: max(0, len(snaps) - self.keep)]:
            if current is None or snap.path.resolve() != current.path.resolve():
                shutil.rmtree(snap.path, ignore_errors=True)

    def stage(self) -> Path:
        self._ensure()
        return Path(tempfile.mkdtemp(prefix="stage-", dir=self.incoming_dir))

    def import_files(
        self,
        sources: Mapping[str, Mapping[str, bytes]],
        origin: str,
        min_ratio: float = 0.0,
        activate: bool = True,
    ) -> Snapshot:
        """Make a snapshot from file contents (`{source: {relative path: bytes}}`), e.g. a publication."""
        staged = self.stage()
        records: dict[str, list[FileRecord]] = {}
        try:
            now = datetime.now(UTC)
            for source, files in sources.items():
                _safe_relpath(source)
                records[source] = []
                for rel, data in files.items():
                    dest = staged / "lists" / source / _safe_relpath(rel)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    dest.write_bytes(data)
                    records[source].append(
                        FileRecord(
                            path=rel, sha256=hashlib.sha256(data).hexdigest(), bytes=len(data), fetched_at=now
                        )
                    )
        except BaseException:  # clean-up, re-raised: nothing half-stored stays behind
            shutil.rmtree(staged, ignore_errors=True)
            raise
        return self.create(staged, records, origin=origin, min_ratio=min_ratio, activate=activate)


def link_or_copy(src: str, dst: str) -> str:
    """Snapshots are immutable, so unchanged files can be hard links (a copy where links are refused)."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)
    return dst


def same_files(manifest: Manifest, records: Mapping[str, list[FileRecord]]) -> bool:
    before = {(s.name, f.path, f.sha256) for s in manifest.sources for f in s.files}
    after = {(name, f.path, f.sha256) for name, recs in records.items() for f in recs}
    return before == after


def manifest_summary(snapshot: Snapshot) -> dict[str, object]:
    """A small JSON-able description for logs and CLI output."""
    return {
        "version": snapshot.version,
        "created_at": snapshot.manifest.created_at.isoformat(),
        "origin": snapshot.manifest.origin,
        "path": str(snapshot.path),
        "entries": snapshot.manifest.entries,
        "sources": {
            s.name: {"entries": s.entries, "files": [f.path for f in s.files]}
            for s in snapshot.manifest.sources
        },
    }


def dumps_summary(snapshot: Snapshot) -> str:
    return json.dumps(manifest_summary(snapshot), indent=2)
