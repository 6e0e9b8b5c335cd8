"""Loading restricted-party lists, in the formats the agencies publish, into canonical entries.

`load_paths` takes files and directories. In a directory every file must be a list, except files that are
clearly not one (README, LICENSE, hidden files), metadata (`lists.json`), companion files read with their
primary (OFAC `cons_alt/add/comments.csv` with `cons_prim.csv`) and OFAC's `CONS_ENHANCED.ZIP` when the
legacy CSV of the same list sits beside it: the enhanced XML is not supported (it would load the same
list twice). Every ignored file is reported (`load_sources(...).ignored`, and logged), never silently
dropped. A file given explicitly must be a loadable list. Any unreadable, unknown or corrupt file raises
`ListLoadError` naming it: no partial load.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from matchers.gc_pause import gc_paused
from matchers.lists.errors import ListLoadError
from matchers.models import LoadedList

# The parsers (and through them rigour's territory tables) are imported by the functions that parse, not
# here: `matchers.lists.store`, `.complete` and `BUILTIN_LIST` are needed by processes that never parse a
# list, e.g. a worker before its group join or `holdline screen` on a compiled snapshot (decision 0516).
if TYPE_CHECKING:
    from matchers.lists.detect import Sniffed

__all__ = [
    "BUILTIN_LIST",
    "Ignored",
    "ListLoadError",
    "LoadResult",
    "load_path",
    "load_paths",
    "load_sources",
]

log = logging.getLogger(__name__)

BUILTIN_LIST: Path = Path(__file__).resolve().parent.parent / "data" / "entity_list_2019-10.json"

_NOT_LISTS = frozenset({"readme", "license", "licence", "copying", "notice", "changelog", "authors"})


@dataclass(frozen=True)
class Ignored:
    path: str
    reason: str


@dataclass
class LoadResult:
    lists: list[LoadedList] = field(default_factory=list)
    ignored: list[Ignored] = field(default_factory=list)


def load_paths(paths: Iterable[str | Path]) -> list[LoadedList]:
    return load_sources(paths).lists


def load_path(path: str | Path) -> list[LoadedList]:
    """One file (a CSL file yields one list per source list inside) or one directory."""
    return load_sources([path]).lists


def load_sources(paths: Iterable[str | Path]) -> LoadResult:
    # Loading allocates ~10^6 acyclic objects; with the cyclic collector running it takes twice as long.
    with gc_paused():
        return _load_sources(paths)


def _load_sources(paths: Iterable[str | Path]) -> LoadResult:
    from matchers.lists.detect import Kind, sniff

    result = LoadResult()
    files: list[Sniffed] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files.extend(_scan_directory(path, seen, result.ignored))
        elif path.is_file():
            resolved = path.resolve()
            if resolved in seen:
                continue
            seen.add(resolved)
            sniffed = sniff(path)
            _require_list(sniffed)
            files.append(sniffed)
        else:
            raise ListLoadError(path, "no such file or directory")
    owners: dict[str, str] = {}
    groups = [[s] for s in files if s.kind != Kind.FTM_JSON]
    groups += [[s for s in files if s.kind == Kind.FTM_JSON]]  # one entity set across FtM files
    for group in filter(None, groups):
        where = ", ".join(str(s.path) for s in group)
        for loaded in _load(group[0]) if len(group) == 1 else _load_ftm(group):
            other = owners.setdefault(loaded.source.list, where)
            if other != where:
                reason = f"list {loaded.source.list!r} is already loaded from {other}"
                raise ListLoadError(group[0].path, reason)
            result.lists.append(loaded)
    for item in result.ignored:
        log.info("list loading ignored %s: %s", item.path, item.reason)
    return result


def _require_list(sniffed: Sniffed) -> None:
    """A file named explicitly must be a list; say what it is instead when it is not."""
    from matchers.lists.detect import Kind

    if sniffed.kind == Kind.METADATA:
        raise ListLoadError(sniffed.path, "list metadata (no 'entities'), not a list")
    if sniffed.kind == Kind.OFAC_COMPANION:
        reason = f"OFAC companion file ({sniffed.detail}); load its primary file (cons_prim.csv, sdn.csv)"
        raise ListLoadError(sniffed.path, reason)
    if sniffed.kind == Kind.OFAC_ENHANCED_ZIP:
        reason = "OFAC enhanced XML is not supported; load the same list's legacy CSV (cons_prim.csv)"
        raise ListLoadError(sniffed.path, reason)
    if sniffed.kind == Kind.FTM_DELTA:
        raise ListLoadError(sniffed.path, _FTM_DELTA)


_FTM_DELTA = "FtM delta, not a list: apply it to a snapshot with `holdline lists apply-delta`"


def _scan_directory(directory: Path, seen: set[Path], ignored: list[Ignored]) -> list[Sniffed]:
    from matchers.lists import ofac_csv
    from matchers.lists.detect import Kind, sniff

    candidates: list[Path] = []
    for path in sorted(directory.rglob("*")):
        relative = path.relative_to(directory).parts
        hidden = next((i for i, part in enumerate(relative) if part.startswith(".")), None)
        if hidden is not None:
            if hidden == len(relative) - 1:  # report the hidden file or directory once, not its contents
                ignored.append(Ignored(str(path), "hidden file or folder"))
            continue
        if not path.is_file():
            continue
        resolved = path.resolve()
        if resolved in seen:
            continue
        seen.add(resolved)
        if path.stem.lower() in _NOT_LISTS or path.suffix.lower() == ".md":
            ignored.append(Ignored(str(path), "documentation, not a list"))
            continue
        candidates.append(path)
    sniffed = [sniff(p) for p in candidates]
    primaries = [s.path for s in sniffed if s.kind == Kind.OFAC_PRIMARY]
    companions = {
        c.resolve(): p for p in primaries for c in vars(ofac_csv.companion_paths(p)).values() if c is not None
    }
    out: list[Sniffed] = []
    for item in sniffed:
        if item.kind == Kind.METADATA:
            ignored.append(Ignored(str(item.path), "list metadata (no 'entities')"))
        elif item.kind == Kind.OFAC_COMPANION:
            primary = companions.get(item.path.resolve())
            if primary is None:
                reason = f"OFAC companion file ({item.detail}) without its primary file"
                raise ListLoadError(item.path, reason)
            ignored.append(Ignored(str(item.path), f"companion ({item.detail}) read with {primary.name}"))
        elif item.kind == Kind.FTM_DELTA:
            ignored.append(Ignored(str(item.path), _FTM_DELTA))
        elif item.kind == Kind.OFAC_ENHANCED_ZIP:
            twin = next((p for p in primaries if p.parent == item.path.parent), None)
            if twin is None:
                _require_list(item)
                continue
            reason = f"OFAC enhanced XML of the list read from {twin.name}: not supported, would duplicate it"
            ignored.append(Ignored(str(item.path), reason))
        else:
            out.append(item)
    return out


def _load_ftm(group: list[Sniffed]) -> list[LoadedList]:
    from matchers.lists import ftm_json

    try:
        return ftm_json.load_many((s.path, s.data) for s in group)
    except ListLoadError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:  # fail closed, name the file
        where = ", ".join(str(s.path) for s in group)
        raise ListLoadError(where, f"cannot load FtM entities: {exc!r}") from exc


def _load(sniffed: Sniffed) -> list[LoadedList]:
    from matchers.lists import bis_json, csl_csv, ofac_csv, un_xml
    from matchers.lists.detect import Kind

    path = sniffed.path
    try:
        if sniffed.kind == Kind.BIS_JSON:
            return [bis_json.load(path, sniffed.raw, sniffed.document)]
        if sniffed.kind == Kind.CSL_CSV:
            try:
                text = sniffed.data.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise ListLoadError(path, f"CSL CSV is not UTF-8: {exc}") from exc
            fmt = csl_csv.FORMAT + ("+gzip" if sniffed.compressed else "")
            return csl_csv.load(path, sniffed.raw, text, fmt)
        if sniffed.kind == Kind.OFAC_PRIMARY:
            return [ofac_csv.load(path, sniffed.raw, sniffed.data)]
        if sniffed.kind == Kind.UN_XML:
            return [un_xml.load(path, sniffed.data, sniffed.raw)]
        if sniffed.kind == Kind.FTM_JSON:
            return _load_ftm([sniffed])
    except ListLoadError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:  # fail closed, name the file
        raise ListLoadError(path, f"cannot load {sniffed.kind.value} list: {exc!r}") from exc
    _require_list(sniffed)
    raise ListLoadError(path, f"no loader for {sniffed.kind.value}")
