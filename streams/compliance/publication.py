"""List snapshots published on the control topic: the files' bytes, chunked, then a closing manifest.

Publishing the content itself (not a path to a shared store) means every worker on the broker gets exactly
the same bytes wherever it runs, with no shared filesystem; the manifest's sha256 per file lets a worker
refuse an incomplete or altered publication. The control topic has ONE partition, so chunks and their
manifest arrive in order; a publication is applied only when its manifest arrives and every chunk matched.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import uuid
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from matchers.errors import HoldlineError
from matchers.lists.complete import gunzip_capped
from matchers.lists.errors import ListLoadError
from streams.compliance.signing import Signer

CHUNK_BYTES = 256 * 1024  # raw bytes per record: gzip + base64 keep a record far under Kafka's 1 MB default
MAX_PUBLICATION_BYTES = 256 * 1024 * 1024


class PublicationError(HoldlineError, ValueError):
    pass


class PublishedFile(BaseModel):
    model_config = ConfigDict(frozen=True)

    source: str
    path: str
    sha256: str
    bytes: int
    chunks: int


class PublicationManifest(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: str = "snapshot_published"
    publication_id: str
    published_at: datetime
    publisher: str
    files: list[PublishedFile]
    note: str | None = None
    lists: dict[str, int] = Field(
        default_factory=dict, description="Entries per list id, as the publisher loaded them"
    )
    allow_shrink: bool = Field(
        default=False, description="The publisher accepted dropping or shrinking lists"
    )
    signature: dict[str, Any] | None = None


class Chunk(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: str = "snapshot_chunk"
    publication_id: str
    source: str
    path: str
    index: int = Field(ge=0)
    data_b64: str


def collect_files(paths: list[Path]) -> dict[str, dict[str, bytes]]:
    """`--list` arguments -> {source name: {relative path: bytes}}; a folder keeps its inner layout.

    One source per argument, named `<n>-<basename>` so two files with the same name do not collide and
    multi-file formats (the OFAC consolidated CSVs) stay together in one folder.
    """
    out: dict[str, dict[str, bytes]] = {}
    total = 0
    for n, path in enumerate(paths, start=1):
        path = Path(path)
        if not path.exists():
            raise PublicationError(f"{path}: no such file or folder")
        source = f"{n:02d}-{path.name}"
        files: dict[str, bytes] = {}
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                files[child.relative_to(path).as_posix()] = child.read_bytes()
        else:
            files[path.name] = path.read_bytes()
        if not files:
            raise PublicationError(f"{path}: empty folder")
        total += sum(len(b) for b in files.values())
        if total > MAX_PUBLICATION_BYTES:
            raise PublicationError(f"publication larger than {MAX_PUBLICATION_BYTES} bytes")
        out[source] = files
    return out


def encode(
    files: Mapping[str, Mapping[str, bytes]],
    publisher: str,
    note: str | None = None,
    lists: Mapping[str, int] | None = None,
    allow_shrink: bool = False,
    signer: Signer | None = None,
) -> tuple[str, list[dict[str, Any]]]:
    """(publication id, records in send order: every chunk, then the manifest, signed when given a signer).

    The manifest names every file's sha256, so signing it binds the chunks too.
    """
    publication_id = f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
    records: list[dict[str, Any]] = []
    described: list[PublishedFile] = []
    for source, members in files.items():
        for path, data in members.items():
            pieces = [data[i : i + CHUNK_BYTES] for i in range(0, len(data), CHUNK_BYTES)] or [b""]
            for index, piece in enumerate(pieces):
                records.append(
                    Chunk(
                        publication_id=publication_id,
                        source=source,
                        path=path,
                        index=index,
                        data_b64=base64.b64encode(gzip.compress(piece, 6)).decode(),
                    ).model_dump(mode="json")
                )
            described.append(
                PublishedFile(
                    source=source,
                    path=path,
                    sha256=hashlib.sha256(data).hexdigest(),
                    bytes=len(data),
                    chunks=len(pieces),
                )
            )
    manifest = PublicationManifest(
        publication_id=publication_id,
        published_at=datetime.now(UTC),
        publisher=publisher,
        files=described,
        note=note,
        lists=dict(lists or {}),
        allow_shrink=allow_shrink,
    )
    record = manifest.model_dump(mode="json", exclude={"signature"})
    records.append(signer.sign(record) if signer is not None else record)
    return publication_id, records


Assembled = tuple[PublicationManifest, dict[str, dict[str, bytes]]]


class Assembler:
    """Folds control-topic records; `add` returns a complete publication when its manifest arrives."""

    def __init__(self) -> None:
        self._chunks: dict[str, dict[tuple[str, str, int], bytes]] = {}

    def add(self, record: Mapping[str, Any]) -> Assembled | None:
        kind = record.get("kind")
        if kind == "snapshot_chunk":
            chunk = Chunk.model_validate(record)
            try:
                raw = base64.b64decode(chunk.data_b64, validate=True)
                # A chunk inflates to at most CHUNK_BYTES (the byte cap alone bounds it); more is not ours.
                data = gunzip_capped(
                    f"publication {chunk.publication_id}", raw, max_bytes=CHUNK_BYTES, max_ratio=CHUNK_BYTES
                )
            except (ValueError, OSError, ListLoadError) as exc:
                raise PublicationError(f"publication {chunk.publication_id}: bad chunk: {exc}") from exc
            self._chunks.setdefault(chunk.publication_id, {})[(chunk.source, chunk.path, chunk.index)] = data
            return None
        if kind != "snapshot_published":
            return None
        manifest = PublicationManifest.model_validate(record)
        chunks = self._chunks.pop(manifest.publication_id, {})
        files: dict[str, dict[str, bytes]] = {}
        for f in manifest.files:
            try:
                data = b"".join(chunks[(f.source, f.path, i)] for i in range(f.chunks))
            except KeyError as exc:
                raise PublicationError(
                    f"publication {manifest.publication_id}: {f.source}/{f.path} is incomplete"
                ) from exc
            if hashlib.sha256(data).hexdigest() != f.sha256:
                raise PublicationError(
                    f"publication {manifest.publication_id}: {f.source}/{f.path} does not match its sha256"
                )
            files.setdefault(f.source, {})[f.path] = data
        return manifest, files

    def forget_before(self, keep: set[str]) -> None:
        """Drop partial publications that will never complete (e.g. a publisher that died mid-way)."""
        for publication_id in [p for p in self._chunks if p not in keep]:
            self._chunks.pop(publication_id, None)


def iter_complete(records: list[Mapping[str, Any]]) -> Iterator[Assembled]:
    """Complete publications in topic order (the last one is the active snapshot)."""
    assembler = Assembler()
    for record in records:
        try:
            done = assembler.add(record)
        except PublicationError:
            continue
        if done is not None:
            yield done


def shrink_problems(old: Mapping[str, int], new: Mapping[str, int], max_shrink: float) -> list[str]:
    """Why replacing lists with `old` entry counts by `new` ones looks like a mistake (empty: it does not).

    A list that disappears, or loses more than `max_shrink` of its entries, is far more often an
    incomplete download or a wrong `--list` than an agency's real change; the publisher must say so.
    """
    problems = []
    for name, count in sorted(old.items()):
        have = new.get(name, 0)
        if have == 0:
            problems.append(f"list {name} ({count} entries) is dropped")
        elif count and (count - have) / count > max_shrink:
            problems.append(
                f"list {name} shrinks from {count} to {have} entries (more than {max_shrink:.0%})"
            )
    return problems
