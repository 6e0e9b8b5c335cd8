"""Compiled snapshots: a built `Screener` (entries and index) cached on disk, so a process loads it instead
of parsing and indexing every list again.

A cache file is found by its key, made of three things, and trusted only when all three match again:
- the *content* of the list files (sha256 of every file under each given path, by path relative to it,
  so a worker that receives a publication finds the file the publisher compiled from the same bytes);
- the *engine version*: a hash of every file of the `matchers` package plus the versions of the
  libraries that shape the index, so any engine change invalidates every cache (the file is a pickle of
  the engine's own objects; it is never read by another engine);
- the hit threshold and the engine's tuning (`MatchConfig.digest()`): another configuration builds
  another index.
The file carries its key and a checksum of its payload in a header; a file whose header does not match
what the reader computed, or whose payload does not match its checksum (truncated, corrupted), is
rebuilt, never trusted. Writers write a temporary file beside the target and rename it into place, so
concurrent writers and readers only ever see complete files.

The payload is a pickle (protocol 5, out-of-band buffers for numpy arrays): the cache directory must be
as protected as the code, since unpickling runs whatever the file says (it is created mode 0700). The
checksum (CRC-32) detects damage, not tampering: the folder's permissions are what keep others out.
Listed entries, their kinds and the index's name sides are pickled with reducers that rebuild them without
a Python-level constructor each (`_SnapshotPickler`, decision 0518).
"""

from __future__ import annotations

import contextlib
import copyreg
import gc
import hashlib
import io
import json
import logging
import os
import pickle
import struct
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar

from matchers.entry_store import entry_from_state
from matchers.errors import HoldlineError
from matchers.gc_pause import gc_paused

if TYPE_CHECKING:
    from matchers.config import MatchConfig
    from matchers.models import LoadedList
    from matchers.screener import Screener

T = TypeVar("T")

log = logging.getLogger(__name__)

MAGIC = b"HOLDLINE-COMPILED-1\n"
# 3: CRC-32 checksum (`crc32` in the header), entries, kinds and name sides pickled by `_SnapshotPickler`.
# 4: a screener's entries packed, read on first use (`matchers/entry_store.py`, decision 0520).
# 5: a screener's kinds and countries per entry beside them, so only reported entries are read (0521).
# 6: the configuration's groups pickled by their class and values (compiled native classes, decision 0185).
# 7: the whole-name keys without their per-name written lengths as a numpy array (decision 0187).
# 8: a name index's per-name columns and first work lists, the whole-name keys' lengths as bytes (0191).
# 9: the whole-name keys without the written forms' lengths as a numpy array: the bytes of lengths rank the
#    names to verify (decision 0193).
# 10: a name index's first work lists pickled as their length and remade on load (decision 0197).
# 11: the whole-name keys with their piece keys (decision 0256).
FORMAT = 11
SUFFIX = ".screener"
LISTS_SUFFIX = ".lists"
# Old compiled files (other engine versions or list contents) kept per cache directory, newest first:
# whole snapshots, and loaded sources (a snapshot store verifies each source apart).
KEEP_FILES = {SUFFIX: 6, LISTS_SUFFIX: 24}
# Temporary files older than this were left by a writer that died: removed by the next writer.
STALE_TEMP_SECONDS = 3600.0
# Libraries whose behaviour is baked into the index (normalisation, weights, places, arrays).
ENGINE_LIBRARIES = (
    "rapidfuzz",
    "rigour",
    "wordfreq",
    "nicknames",
    "pycountry",
    "geotext",
    "numpy",
    "pydantic",
)
ENV_CACHE_DIR = "HOLDLINE_CACHE_DIR"
_HEADER_LEN = struct.Struct("<Q")
_READ_CHUNK = 1 << 20


class CacheError(HoldlineError, ValueError):
    """A cache file that must not be used (it is rebuilt)."""


@dataclass(frozen=True)
class Outcome:
    """How a screener was obtained: `hit` (cache), `built` (and written), `rebuilt` (cache refused:
    `reason` says why), `off` (no cache directory); `seconds` is the time to get the screener."""

    status: str
    path: Path | None
    seconds: float
    reason: str | None = None


def default_cache_dir() -> Path | None:
    """`HOLDLINE_CACHE_DIR` (`off` or empty: no cache), else `$XDG_CACHE_HOME/holdline`, else
    `~/.cache/holdline`."""
    env = os.environ.get(ENV_CACHE_DIR)
    if env is not None:
        return None if env.strip().lower() in {"", "off", "none", "0"} else Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "holdline"


@cache
def engine_version() -> str:
    """A hash of the engine's files and its libraries' versions: any change gives another version.

    The files include the compiled modules, and the build the process runs (compiled or pure) is named too:
    a compiled class pickles another state than its pure twin, so neither reads the other's snapshots."""
    from matchers.build_check import STATE

    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    digest.update(
        f"python {sys.version_info[0]}.{sys.version_info[1]} pickle {pickle.HIGHEST_PROTOCOL}\n".encode()
    )
    digest.update(f"build {STATE.mode}\n".encode())
    for path in sorted(root.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file() or path.suffix in {".pyc", ".pyo"}:
            continue
        digest.update(f"{path.relative_to(root).as_posix()}\n".encode())
        digest.update(bytes.fromhex(_hash_file(path)))
    for name in ENGINE_LIBRARIES:
        try:
            version = library_version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name}=={version}\n".encode())
    return digest.hexdigest()[:20]


def library_version(name: str) -> str:
    """`importlib.metadata.version(name)`, read from the distribution's metadata headers directly.

    `metadata.version` parses the whole metadata file with the `email` package (a README included) to
    read one header: ~1.5 ms a library, eight of them in every process's cache key. The `Version` header
    is in the header block, before the first empty line; a file without one is asked the usual way."""
    dist = metadata.distribution(name)
    text = dist.read_text("METADATA") or dist.read_text("PKG-INFO") or ""
    for line in text.splitlines():
        if not line:
            break
        if line.startswith("Version:"):
            return line[len("Version:") :].strip()
    return dist.version


def _hash_file(path: Path) -> str:
    """sha256 of a file's bytes (`hashlib.file_digest`: read into one reused buffer)."""
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def content_key(paths: Sequence[str | Path]) -> str:
    """The lists' content, independent of where they sit: per given path, its files by relative path.

    A file given directly counts as a folder holding only it, which is how a publication arrives on a
    worker (one folder per source). Every file counts, including those the loaders ignore: a different
    folder is a different key, at worst a needless rebuild.
    """
    digest = hashlib.sha256()
    for given in paths:
        root = Path(given)
        if root.is_file():
            members = [(root.name, root)]
        elif root.is_dir():
            members = [(p.relative_to(root).as_posix(), p) for p in sorted(root.rglob("*")) if p.is_file()]
        else:
            raise FileNotFoundError(f"{root}: no such file or directory")
        digest.update(f"root {len(members)}\n".encode())
        for rel, path in members:
            digest.update(f"{rel}\0{_hash_file(path)}\n".encode())
    return digest.hexdigest()[:32]


def cache_key(paths: Sequence[str | Path], threshold: float, config: MatchConfig | None = None) -> str:
    from matchers.config import DEFAULT_CONFIG

    tuning = (config if config is not None else DEFAULT_CONFIG).digest()
    digest = hashlib.sha256(f"{content_key(paths)}:{engine_version()}:{threshold!r}:{tuning}".encode())
    return digest.hexdigest()[:32]


def cache_file(
    cache_dir: Path, paths: Sequence[str | Path], threshold: float, config: MatchConfig | None = None
) -> Path:
    return cache_dir / f"{cache_key(paths, threshold, config)}{SUFFIX}"


# --- first-use tables ------------------------------------------------------------------------------------
def engine_tables() -> dict[str, Any]:
    """Tables the engine otherwise builds on a process's first names from its libraries' data alone (so
    pinned by the engine version), carried in every screener snapshot: the Latin-script country-name
    index (~50 ms to build, ~5 ms to unpickle, decision 0517), wordfreq's English word frequencies, its
    words sorted in one string (~0.2 s to import wordfreq and build, ~20 ms from the snapshot, decision
    0518), rigour's answers for territory codes (decision 0531: its territory index is otherwise built
    on the first country hint), and the syllables of Han letters as ICU spells them (decision 0534: ICU
    otherwise builds its Han-Latin rules, ~90 ms, on the first Chinese name)."""
    from matchers import countries, english_words, han_table

    tables: dict[str, Any] = {}
    latin = countries.latin_name_table()
    if latin is not None:
        tables["countries.latin_names"] = latin
    words = english_words.stored()
    if words is not None:
        tables["english_words.sorted"] = words
    tables["countries.codes"] = countries.code_tables()
    han = han_table.build()
    if han is not None:
        tables["translit.han"] = han
    return tables


def prime_engine_tables(tables: dict[str, Any]) -> None:
    from matchers import countries, english_words, han_letters, han_table

    latin = tables.get("countries.latin_names")
    if isinstance(latin, dict):
        countries.prime_latin_name_table(latin)
    han: Any = tables.get("translit.han")
    # (Only under the ICU that built it: another one may spell a character otherwise.)
    if han_table.is_table(han) and han[0] == han_table.icu_version():
        han_letters.prime(han[1], han[2], han[3], han[4])
    codes = tables.get("countries.codes")
    if isinstance(codes, tuple) and len(codes) == 2 and all(isinstance(t, dict) for t in codes):
        countries.prime_code_tables(codes)
    english_words.prime(tables.get("english_words.sorted"))


# --- pickling ------------------------------------------------------------------------------------------
def _reduce_entry(entry: Any) -> Any:
    if entry.__pydantic_extra__ is not None or entry.__pydantic_private__:  # (not an `Entry` today)
        return entry.__reduce_ex__(5)
    return entry_from_state, (type(entry), entry.__dict__, entry.__pydantic_fields_set__)


def _reduce_member(member: Any) -> str:
    """An enum member by its qualified name: one global reference, memoised, instead of calling the enum
    with its value for every entry."""
    return f"{type(member).__qualname__}.{member.name}"


def _reduce_named_tuple(value: tuple[Any, ...]) -> Any:
    """A named tuple through `tuple.__new__` (C) instead of the class's generated `__new__` (Python)."""
    return tuple.__new__, (type(value), tuple(value))


def _entry_dumps(state: Any) -> bytes:
    out = io.BytesIO()
    _SnapshotPickler(out, protocol=5).dump(state)
    return out.getvalue()


def _reduce_screener(screener: Any) -> Any:
    """A screener with its entries packed (`matchers/entry_store.py`, decision 0520): its lists and its
    entries by id are left to be built on first access, and its index reads the same store. A screener
    whose lists are not exactly its index's entries (an id listed twice), or already packed, is pickled as
    it is."""
    from matchers.entry_store import PackedLists

    reduced = screener.__reduce_ex__(5)
    func, args, state, *rest = reduced
    if not isinstance(state, dict):
        return reduced
    if state.get("_packed") is not None:  # loaded from a snapshot: written packed again, whatever was read
        return (func, args, {**state, "_lists": None, "_entries": None}, *rest)
    if state.get("_lists") is None or state.get("_entries") is None:
        return reduced
    index = state["_index"]
    index_state = index.__getstate__()  # mypyc's attributes, or the instance dict of the pure build
    if not isinstance(index_state, dict) or "entries" not in index_state:
        return reduced
    packed = PackedLists.pack(state["_lists"], index_state["entries"], _entry_dumps)
    if packed is None:
        return reduced
    # The same index reading the store: a shallow twin, pickled in the original's place.
    index_cls: Any = type(index)
    lazy_index = index_cls.__new__(index_cls)
    lazy_state = {**index_state, "entries": packed.store}
    if hasattr(lazy_index, "__setstate__"):
        lazy_index.__setstate__(lazy_state)
    else:
        lazy_index.__dict__.update(lazy_state)
    lazy = {**state, "_lists": None, "_entries": None, "_packed": packed, "_index": lazy_index}
    return (func, args, lazy, *rest)


@cache
def _dispatch_table() -> dict[type, Callable[[Any], Any]]:
    from matchers.models import EntityKind, Entry
    from matchers.scoring import Side
    from matchers.screener import Screener

    table: dict[type, Callable[[Any], Any]] = dict(copyreg.dispatch_table)
    table[Entry] = _reduce_entry
    table[EntityKind] = _reduce_member
    table[Side] = _reduce_named_tuple
    table[Screener] = _reduce_screener
    return table


class _SnapshotPickler(pickle.Pickler):
    """Pickles the engine's most numerous objects by cheaper reducers; everything else as pickle does."""

    def __init__(self, file: io.BytesIO, **kwargs: Any) -> None:
        super().__init__(file, **kwargs)
        self.dispatch_table = _dispatch_table()


# --- writing ---------------------------------------------------------------------------------------------
def write(
    obj: object,
    target: Path,
    *,
    key: str,
    engine: str | None = None,
    tables: dict[str, Any] | None = None,
) -> Path:
    """Serialise `obj` (a `Screener`, or loaded lists) to `target` atomically (temporary file, fsync,
    rename). `tables` (`engine_tables()` for a screener) ride along and are primed when it is read."""
    buffers: list[pickle.PickleBuffer] = []
    with_tables = tables is not None
    content = (obj, tables) if with_tables else obj
    out = io.BytesIO()
    with gc_paused():
        _SnapshotPickler(out, protocol=5, buffer_callback=buffers.append).dump(content)
    payload = out.getbuffer()
    raws = [b.raw() for b in buffers]
    checksum = zlib.crc32(payload)
    for raw in raws:
        checksum = zlib.crc32(raw, checksum)
    header = json.dumps(
        {
            "format": FORMAT,
            "key": key,
            "engine": engine or engine_version(),
            "type": type(obj).__name__,
            "tables": with_tables,
            "payload_bytes": len(payload),
            "buffers": [raw.nbytes for raw in raws],
            "crc32": checksum,
            "created_at": time.time(),
        },
        sort_keys=True,
    ).encode()
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(MAGIC)
            fh.write(_HEADER_LEN.pack(len(header)))
            fh.write(header)
            fh.write(payload)
            for raw in raws:
                fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    # Clean-up, re-raised: whatever stops the write (an interrupt too) leaves no temporary file.
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _prune(target.parent, keep=target)
    return target


def _prune(directory: Path, keep: Path) -> None:
    """Bound the cache: the newest `KEEP_FILES` files of a kind, and no temporary file of a dead writer."""
    now = time.time()
    try:
        files = [p for p in directory.iterdir() if p.suffix == keep.suffix and p != keep]
        temps = [p for p in directory.iterdir() if p.name.startswith(".") and p.suffix == ".tmp"]
    except OSError:
        return
    for tmp in temps:
        with contextlib.suppress(OSError):
            if now - tmp.stat().st_mtime > STALE_TEMP_SECONDS:
                tmp.unlink()
    dated: list[tuple[float, Path]] = []
    for path in files:
        with contextlib.suppress(OSError):
            dated.append((path.stat().st_mtime, path))
    for _, path in sorted(dated, reverse=True)[KEEP_FILES.get(keep.suffix, 6) - 1 :]:
        with contextlib.suppress(OSError):
            path.unlink()


# --- reading ---------------------------------------------------------------------------------------------
def read_header(path: Path) -> dict[str, Any]:
    with path.open("rb") as fh:
        return _read_header(fh, path)


def _read_header(fh: BinaryIO, path: Path) -> dict[str, Any]:
    if fh.read(len(MAGIC)) != MAGIC:
        raise CacheError(f"{path}: not a compiled snapshot")
    raw_len = fh.read(_HEADER_LEN.size)
    if len(raw_len) != _HEADER_LEN.size:
        raise CacheError(f"{path}: truncated header")
    (length,) = _HEADER_LEN.unpack(raw_len)
    if length > 1 << 20:
        raise CacheError(f"{path}: implausible header length {length}")
    raw = fh.read(length)
    try:
        header = json.loads(raw)
    except ValueError as exc:
        raise CacheError(f"{path}: unreadable header: {exc}") from exc
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise CacheError(f"{path}: unknown format")
    return header


def read(path: Path, *, key: str, expect: type, engine: str | None = None) -> Any:
    """The object in `path`; `CacheError` unless key, engine version, checksum and type match."""
    engine = engine or engine_version()
    with path.open("rb") as fh:
        header = _read_header(fh, path)
        if header.get("key") != key:
            raise CacheError(f"{path}: compiled from other lists (key {header.get('key')}, wanted {key})")
        if header.get("engine") != engine:
            raise CacheError(f"{path}: compiled by engine {header.get('engine')}, this is {engine}")
        sizes = [int(n) for n in header.get("buffers", [])]
        payload_len = int(header.get("payload_bytes", -1))
        if payload_len < 0:
            raise CacheError(f"{path}: no payload length")
        start = fh.tell()
        # Checked in chunks, then unpickled from the file: the payload is never held whole in memory.
        checksum = 0
        remaining = payload_len
        chunk = bytearray(_READ_CHUNK)
        view = memoryview(chunk)
        while remaining > 0:
            got = fh.readinto(view[: min(_READ_CHUNK, remaining)])
            if not got:
                break
            checksum = zlib.crc32(view[:got], checksum)
            remaining -= got
        view.release()
        buffers: list[bytearray] = []
        for size in sizes:
            buffer = bytearray(size)
            if fh.readinto(buffer) != size:
                remaining = -1
                break
            checksum = zlib.crc32(buffer, checksum)
            buffers.append(buffer)
        if remaining != 0 or fh.read(1):
            raise CacheError(f"{path}: payload length differs from its header (truncated or appended)")
        if checksum != header.get("crc32"):
            raise CacheError(f"{path}: checksum mismatch (corrupted)")
        fh.seek(start)
        try:
            with gc_paused():
                screener = pickle.load(fh, buffers=buffers)
                if header.get("tables"):
                    screener, tables = screener
                    prime_engine_tables(tables)
        # Input boundary: a file that passed its checksum can still fail to unpickle with any error (its
        # classes' reducers run: another library version, a bug); it becomes a `CacheError`, i.e. a rebuild.
        except Exception as exc:
            raise CacheError(f"{path}: cannot unpickle: {type(exc).__name__}: {exc}") from exc
    if not isinstance(screener, expect):
        raise CacheError(f"{path}: holds a {type(screener).__name__}, not a {expect.__name__}")
    return screener


def cached(
    key: str,
    build: Callable[[], T],
    cache_dir: Path | None,
    expect: type,
    suffix: str = SUFFIX,
    background: bool = False,
    with_tables: bool = False,
) -> tuple[T, Outcome]:
    """The object cached under `key` when a valid file holds it, else `build()` and cache it.

    With `background`, the file is written by a forked child when this process has a single thread, so a
    cold start pays for building only, not for serialising too. With `with_tables`, the engine's
    first-use tables are written beside the object, and primed when it is read (`engine_tables`).

    Never fails because of the cache: an unreadable or refused file is rebuilt, an unwritable directory
    only logged. Errors of `build()` itself propagate (the caller fails closed).
    """
    started = time.perf_counter()
    reap_forked()
    if cache_dir is None:
        return build(), Outcome("off", None, time.perf_counter() - started)
    target = cache_dir / f"{key}{suffix}"
    reason: str | None = None
    if target.is_file():
        try:
            found = read(target, key=key, expect=expect)
        except (CacheError, OSError) as exc:
            reason = str(exc)
            log.warning("compiled snapshot refused, rebuilding: %s", reason)
        else:
            return found, Outcome("hit", target, time.perf_counter() - started)
    built = build()
    held: list[_HeldWrite] | None = getattr(_HOLD, "writes", None)
    if background and held is not None:
        held.append(_HeldWrite(built, target, key, with_tables))
    else:
        _write_now_or_forked(built, target, key, with_tables, background)
    return built, Outcome("rebuilt" if reason else "built", target, time.perf_counter() - started, reason)


def _write_now_or_forked(obj: object, target: Path, key: str, with_tables: bool, background: bool) -> None:
    """Write `target` from a forked child when asked and possible here, else in this process."""
    if background and _write_in_child(obj, target, key, with_tables):
        return
    try:
        write(obj, target, key=key, tables=engine_tables() if with_tables else None)
    except OSError as exc:
        log.warning("cannot write the compiled snapshot %s: %s", target, exc)


@dataclass(frozen=True)
class _HeldWrite:
    """A background write asked for inside `background_writes_held`, started when the block ends."""

    obj: object
    target: Path
    key: str
    with_tables: bool


# Per thread: the background writes the current thread holds (`background_writes_held`), if it holds any.
_HOLD = threading.local()


@contextlib.contextmanager
def background_writes_held() -> Iterator[None]:
    """Hold the background writes `cached(..., background=True)` asks for in this thread until the block ends.

    A process with a second thread never forks its writer (a forked child would inherit the locks that
    thread holds) and so writes the snapshot itself, serialising it before it goes on. A command whose load
    runs beside a thread it stops right after (`holdline screen`'s progress ticker on a terminal) wraps
    both in this block: the write starts when the block ends normally, from a forked child if only this
    thread is left, as it would have without the ticker (decision 0560). A block left by an exception
    writes nothing: the next process builds and writes again.
    """
    outer: list[_HeldWrite] | None = getattr(_HOLD, "writes", None)
    writes: list[_HeldWrite] = []
    _HOLD.writes = writes
    try:
        yield
    finally:
        _HOLD.writes = outer
    for held in writes:
        if outer is not None:  # an enclosing block starts it
            outer.append(held)
        else:
            _write_now_or_forked(held.obj, held.target, held.key, held.with_tables, background=True)


def load_or_build(
    paths: Sequence[str | Path],
    threshold: float,
    build: Callable[[], Screener],
    cache_dir: Path | None,
    background: bool = False,
    config: MatchConfig | None = None,
) -> tuple[Screener, Outcome]:
    """The compiled snapshot of `paths` (a `Screener`) from the cache, else `build()` it and cache it.
    `config` is the configuration `build()` uses (the default when None): part of the key."""
    from matchers.screener import Screener

    if cache_dir is None:
        return cached("", build, None, Screener)
    try:
        key = cache_key(paths, threshold, config)
    except OSError:  # the loaders will say what is wrong with the paths
        return cached("", build, None, Screener)
    return cached(key, build, cache_dir, Screener, background=background, with_tables=True)


# The forked writers' intermediate processes not waited for yet (`_write_in_child`).
_UNREAPED: list[int] = []


def reap_forked() -> None:
    """Wait, without blocking, for the intermediate processes of earlier background writes that have ended.

    Each exits right after forking its writer; until it is waited for, it is a zombie (an entry in the
    process table, no memory). A process that writes again, or loads again (`cached`), reaps them then; a
    command-line run ends first."""
    for pid in list(_UNREAPED):
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:  # already waited for by someone else (a `waitpid(-1)` elsewhere)
            done = pid
        if done:
            _UNREAPED.remove(pid)


def _write_in_child(obj: object, target: Path, key: str, with_tables: bool = False) -> bool:
    """Write `target` from a detached grandchild process; False when that is not possible here.

    Forking a process with other threads could copy a lock another thread holds, so only a
    single-threaded process does it. The grandchild only serialises and writes, then exits without
    running any cleanup of the parent's (`os._exit`).
    """
    if not hasattr(os, "fork") or threading.active_count() != 1:
        return False
    # What is alive now (the screener just built) is frozen before the fork, as the collector's
    # documentation advises: a collection after the fork (the caller's `settle_after_load`) would otherwise
    # write into the header of every tracked object and so copy most of the heap page by page while the
    # first answer waits (decision 0549). Not collected first: that walk (~0.4 s for all of
    # `../shared/lists`) would free only the build's ~1,100 garbage objects (~330 kB), left frozen instead.
    # The programs that fork here (single-threaded: a CLI run, a service's first load) freeze the screener
    # right after anyway; a process with threads (the worker, a service's reloads) never forks here.
    gc.freeze()
    reap_forked()
    try:
        child = os.fork()
    except OSError:
        return False
    if child:
        # The child exits once it has forked the writer (left to init), but that takes it a fork of this
        # whole heap and an exit: not waited for here, where the first answer would wait too (decision
        # 0557); reaped by the next call of `reap_forked`, or with this process.
        _UNREAPED.append(child)
        return True
    code = 0
    try:
        # Behind the process that goes on screening from here on, this one's fork of the heap and exit
        # included (they run while the caller answers its first name), and so the writer too (decision 0560).
        os.nice(10)
        if os.fork() == 0:
            try:
                # Off the caller's pipes (a reader waiting for EOF would wait for this write).
                null = os.open(os.devnull, os.O_RDWR)
                for fd in (0, 1, 2):
                    os.dup2(null, fd)
                write(obj, target, key=key, tables=engine_tables() if with_tables else None)
            except BaseException:  # process boundary: a forked writer reports only through its exit code
                code = 1
    except BaseException:  # process boundary: this fork must never return into the caller's code
        code = 1
    finally:
        os._exit(code)


def load_lists(paths: Sequence[str | Path], cache_dir: Path | None) -> list[LoadedList]:
    """`matchers.lists.load_paths`, cached by content: what a snapshot store verifies a source with."""
    from matchers.lists import load_paths

    try:
        digest = hashlib.sha256(f"lists:{content_key(paths)}:{engine_version()}".encode())
        key = digest.hexdigest()[:32]
    except OSError:
        return load_paths(paths)
    loaded, _ = cached(key, lambda: load_paths(paths), cache_dir, list, suffix=LISTS_SUFFIX)
    return loaded


def compile_paths(
    paths: Sequence[str | Path],
    threshold: float,
    cache_dir: Path | None = None,
    config: MatchConfig | None = None,
) -> tuple[Screener, Outcome]:
    """Compile `paths` into the cache now, each source's loaded lists too (`holdline lists publish` and
    `lists fetch`): a worker importing the publication then verifies and loads it from the cache."""
    from matchers.lists import load_paths
    from matchers.screener import Screener

    directory = cache_dir if cache_dir is not None else default_cache_dir()

    def build() -> Screener:
        per_source = [load_lists([p], directory) for p in paths]
        lists = [lst for loaded in per_source for lst in loaded]
        if len({lst.source.list for lst in lists}) != len(lists):  # the loaders name the duplicate
            lists = load_paths(paths)
        return Screener(lists, threshold=threshold, config=config)

    return load_or_build(paths, threshold, build, directory, config=config)


def cached_verifier(paths: Sequence[Path]) -> list[LoadedList]:
    """A `SnapshotStore` verifier that reads and fills the default cache folder."""
    return load_lists(paths, default_cache_dir())
