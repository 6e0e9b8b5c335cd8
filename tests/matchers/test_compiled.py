"""The compiled-snapshot cache: trusted only when lists, engine and checksum match; safe to write at once."""

from __future__ import annotations

import json
import multiprocessing
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from matchers import compiled
from matchers.lists import BUILTIN_LIST
from matchers.screener import DEFAULT_THRESHOLD, Screener

PATHS = [str(BUILTIN_LIST)]


def _build() -> Screener:
    return Screener.from_paths(PATHS)


def _fail_build() -> Screener:
    raise AssertionError("the cache should have been used")


def _same_results(a: Screener, b: Screener) -> None:
    for name in ("Huawei Technologies Co., Ltd.", "Hikvision", "Acme Widgets"):
        assert [m.to_record() for m in a.screen(name)] == [m.to_record() for m in b.screen(name)]
    assert a.version == b.version and a.entries.keys() == b.entries.keys()


def test_second_load_is_a_hit_with_identical_results(tmp_path: Path) -> None:
    first, outcome = compiled.load_or_build(PATHS, DEFAULT_THRESHOLD, _build, tmp_path)
    assert outcome.status == "built" and outcome.path is not None and outcome.path.is_file()
    second, again = compiled.load_or_build(PATHS, DEFAULT_THRESHOLD, _fail_build, tmp_path)
    assert again.status == "hit" and again.path == outcome.path
    _same_results(first, second)


def test_key_follows_content_not_location(tmp_path: Path) -> None:
    """A publication lands in another folder (one folder per source): same bytes, same key."""
    folder = tmp_path / "lists" / "01-entity"
    folder.mkdir(parents=True)
    shutil.copy(BUILTIN_LIST, folder / BUILTIN_LIST.name)
    assert compiled.content_key([folder]) == compiled.content_key(PATHS)
    (folder / BUILTIN_LIST.name).write_bytes(BUILTIN_LIST.read_bytes() + b"\n")
    assert compiled.content_key([folder]) != compiled.content_key(PATHS)


def test_list_content_change_is_rebuilt(tmp_path: Path) -> None:
    listed = tmp_path / "list.json"
    shutil.copy(BUILTIN_LIST, listed)
    cache = tmp_path / "cache"
    compiled.load_or_build([listed], DEFAULT_THRESHOLD, lambda: Screener.from_paths([listed]), cache)
    data = json.loads(listed.read_text())
    data["entities"] = data["entities"][:3]
    data.pop("count", None)
    listed.write_text(json.dumps(data))
    changed, outcome = compiled.load_or_build(
        [listed], DEFAULT_THRESHOLD, lambda: Screener.from_paths([listed]), cache
    )
    assert outcome.status == "built" and len(changed.entries) == 3


def test_threshold_is_part_of_the_key(tmp_path: Path) -> None:
    compiled.load_or_build(PATHS, DEFAULT_THRESHOLD, _build, tmp_path)
    other, outcome = compiled.load_or_build(
        PATHS, 0.9, lambda: Screener.from_paths(PATHS, threshold=0.9), tmp_path
    )
    assert outcome.status == "built" and other.threshold == 0.9


def test_hash_mismatch_in_header_is_rebuilt(tmp_path: Path) -> None:
    """A file at the expected name made from other lists (copied, renamed) is refused, not trusted."""
    target = compiled.cache_file(tmp_path, PATHS, DEFAULT_THRESHOLD)
    subset = _build().subset([])
    compiled.write(subset, target, key="0" * 32)
    with pytest.raises(compiled.CacheError, match="other lists"):
        compiled.read(target, key=compiled.cache_key(PATHS, DEFAULT_THRESHOLD), expect=Screener)
    screener, outcome = compiled.load_or_build(PATHS, DEFAULT_THRESHOLD, _build, tmp_path)
    assert outcome.status == "rebuilt" and "other lists" in (outcome.reason or "")
    assert len(screener.entries) == len(_build().entries) > 0
    assert compiled.load_or_build(PATHS, DEFAULT_THRESHOLD, _fail_build, tmp_path)[1].status == "hit"


def test_engine_version_mismatch_is_rebuilt(tmp_path: Path) -> None:
    key = compiled.cache_key(PATHS, DEFAULT_THRESHOLD)
    target = compiled.cache_file(tmp_path, PATHS, DEFAULT_THRESHOLD)
    compiled.write(_build(), target, key=key, engine="an-older-engine")
    with pytest.raises(compiled.CacheError, match="engine"):
        compiled.read(target, key=key, expect=Screener)
    _, outcome = compiled.load_or_build(PATHS, DEFAULT_THRESHOLD, _build, tmp_path)
    assert outcome.status == "rebuilt" and "engine" in (outcome.reason or "")


def test_engine_version_follows_the_engine_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Any change to a file of the `matchers` package gives another engine version."""
    package = Path(compiled.__file__).resolve().parent
    copy = tmp_path / "matchers"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(compiled, "__file__", str(copy / "compiled.py"))
    compiled.engine_version.cache_clear()
    try:
        before = compiled.engine_version()
        compiled.engine_version.cache_clear()
        (copy / "scoring.py").write_text((copy / "scoring.py").read_text() + "\n# changed\n")
        after = compiled.engine_version()
    finally:
        compiled.engine_version.cache_clear()
    assert before != after


def test_compiled_and_pure_builds_have_different_engine_versions(monkeypatch: pytest.MonkeyPatch) -> None:
    """A compiled class pickles another state than its pure twin: neither reads the other's snapshots."""
    from matchers import build_check

    versions = {}
    for mode in ("compiled", "pure"):
        monkeypatch.setattr(build_check, "STATE", build_check.BuildState(mode, None, ()))
        compiled.engine_version.cache_clear()
        versions[mode] = compiled.engine_version()
    compiled.engine_version.cache_clear()
    assert versions["compiled"] != versions["pure"]


@pytest.mark.parametrize("damage", ["truncated", "flipped byte", "appended", "empty", "not a cache"])
def test_damaged_file_is_detected_and_rebuilt(tmp_path: Path, damage: str) -> None:
    _, outcome = compiled.load_or_build(PATHS, DEFAULT_THRESHOLD, _build, tmp_path)
    assert outcome.path is not None
    raw = outcome.path.read_bytes()
    damaged = {
        "truncated": raw[: len(raw) * 2 // 3],
        "flipped byte": raw[:-100] + bytes([raw[-100] ^ 0xFF]) + raw[-99:],
        "appended": raw + b"\0",
        "empty": b"",
        "not a cache": b"{}",
    }[damage]
    outcome.path.write_bytes(damaged)
    with pytest.raises(compiled.CacheError):
        compiled.read(outcome.path, key=compiled.cache_key(PATHS, DEFAULT_THRESHOLD), expect=Screener)
    screener, again = compiled.load_or_build(PATHS, DEFAULT_THRESHOLD, _build, tmp_path)
    assert again.status == "rebuilt"
    _same_results(screener, _build())
    assert compiled.load_or_build(PATHS, DEFAULT_THRESHOLD, _fail_build, tmp_path)[1].status == "hit"


def _write_many(cache_dir: str, rounds: int) -> None:
    screener = Screener.from_paths(PATHS)
    key = compiled.cache_key(PATHS, DEFAULT_THRESHOLD)
    for _ in range(rounds):
        compiled.write(screener, Path(cache_dir) / f"{key}{compiled.SUFFIX}", key=key)


def _read_many(cache_dir: str, rounds: int, results: multiprocessing.Queue) -> None:
    key = compiled.cache_key(PATHS, DEFAULT_THRESHOLD)
    target = Path(cache_dir) / f"{key}{compiled.SUFFIX}"
    good = 0
    for _ in range(rounds):
        if target.is_file():
            compiled.read(target, key=key, expect=Screener)  # raises on a partial file
            good += 1
    results.put(good)


def test_concurrent_writers_leave_one_complete_file(tmp_path: Path) -> None:
    """Writers race on the same target while a reader reads it: never a partial file, no temp left."""
    ctx = multiprocessing.get_context("spawn")
    _write_many(str(tmp_path), 1)
    results = ctx.Queue()
    writers = [ctx.Process(target=_write_many, args=(str(tmp_path), 15)) for _ in range(3)]
    reader = ctx.Process(target=_read_many, args=(str(tmp_path), 30, results))
    for p in (*writers, reader):
        p.start()
    for p in (*writers, reader):
        p.join(120)
        assert p.exitcode == 0
    assert results.get(timeout=5) == 30
    expected = compiled.cache_file(tmp_path, PATHS, DEFAULT_THRESHOLD).name
    assert [p.name for p in tmp_path.iterdir()] == [expected]
    screener, outcome = compiled.load_or_build(PATHS, DEFAULT_THRESHOLD, _fail_build, tmp_path)
    assert outcome.status == "hit"
    _same_results(screener, _build())


def test_no_cache_dir_builds(tmp_path: Path) -> None:
    screener, outcome = compiled.load_or_build(PATHS, DEFAULT_THRESHOLD, _build, None)
    assert outcome.status == "off" and screener.entries


def test_default_cache_dir_from_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(compiled.ENV_CACHE_DIR, str(tmp_path / "c"))
    assert compiled.default_cache_dir() == tmp_path / "c"
    monkeypatch.setenv(compiled.ENV_CACHE_DIR, "off")
    assert compiled.default_cache_dir() is None


def test_loaded_lists_are_cached_per_source(tmp_path: Path) -> None:
    first = compiled.load_lists(PATHS, tmp_path)
    files = sorted(p.suffix for p in tmp_path.iterdir())
    assert files == [compiled.LISTS_SUFFIX]
    again = compiled.load_lists(PATHS, tmp_path)
    assert [lst.source for lst in again] == [lst.source for lst in first]
    assert [lst.entries for lst in again] == [lst.entries for lst in first]


def test_old_files_are_pruned(tmp_path: Path) -> None:
    screener = _build()
    for n in range(compiled.KEEP_FILES[compiled.SUFFIX] + 3):
        compiled.write(screener, tmp_path / f"{n:032d}{compiled.SUFFIX}", key=f"{n:032d}")
    assert len(list(tmp_path.glob(f"*{compiled.SUFFIX}"))) == compiled.KEEP_FILES[compiled.SUFFIX]


# Loads a compiled snapshot in a fresh interpreter (no country index built yet) and resolves a country name.
_PRIMED_PROBE = """
import json, sys
from pathlib import Path
from matchers import compiled, countries
from matchers.screener import Screener
target = Path(sys.argv[1])
screener = compiled.read(target, key=sys.argv[2], expect=Screener)
from rigour.territories.territory import get_index
print(json.dumps({"atlantis": countries.to_iso2("Atlantis"), "china": countries.to_iso2("China"),
                  "qxz": countries.to_iso2("QXZ"), "rigour_index_built": get_index.cache_info().currsize > 0,
                  "tables": compiled.read_header(target)["tables"]}))
"""


def _probe_country_names(target: Path, key: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _PRIMED_PROBE, str(target), key],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_a_screener_snapshot_carries_the_country_name_index(tmp_path: Path) -> None:
    """Read from a snapshot, country names and codes are looked up in the tables the snapshot carries (here
    with a name and a code added, to tell them from tables built by the reading process), and rigour's
    territory index is never built (decision 0531)."""
    from matchers import countries

    built = countries.latin_name_table()
    assert built and built.get("china") == "cn" and "atlantis" not in built
    by_code, by_identifier = countries.code_tables()
    assert by_code.get("cn") == "CN" and by_identifier.get("chn") == "CN" and "qxz" not in by_identifier
    key = compiled.cache_key(PATHS, DEFAULT_THRESHOLD)
    target = compiled.cache_file(tmp_path, PATHS, DEFAULT_THRESHOLD)
    tables = {
        "countries.latin_names": {**built, "atlantis": "cn"},
        "countries.codes": (by_code, {**by_identifier, "qxz": "CN"}),
    }
    compiled.write(_build(), target, key=key, tables=tables)
    assert _probe_country_names(target, key) == {
        "atlantis": "CN",
        "china": "CN",
        "qxz": "CN",
        "rigour_index_built": False,
        "tables": True,
    }


def test_load_or_build_writes_the_tables_and_plain_files_still_load(tmp_path: Path) -> None:
    """`load_or_build` writes screener snapshots with the tables; a file written without them (an older
    writer) still loads, its reader building the index itself; loaded-list caches carry none."""
    _, outcome = compiled.load_or_build(PATHS, DEFAULT_THRESHOLD, _build, tmp_path)
    assert outcome.path is not None and compiled.read_header(outcome.path)["tables"] is True
    key = compiled.cache_key(PATHS, DEFAULT_THRESHOLD)
    plain = tmp_path / "plain" / f"{key}{compiled.SUFFIX}"
    compiled.write(_build(), plain, key=key)
    assert _probe_country_names(plain, key) == {
        "atlantis": None,
        "china": "CN",
        "qxz": None,
        "rigour_index_built": True,
        "tables": False,
    }
    compiled.load_lists(PATHS, tmp_path)
    lists_file = next(tmp_path.glob(f"*{compiled.LISTS_SUFFIX}"))
    assert compiled.read_header(lists_file)["tables"] is False


# Loads a compiled snapshot in a fresh interpreter and transliterates Han words (decision 0534).
_HAN_PROBE = """
import json, sys
from pathlib import Path
from matchers import compiled, han_letters
from matchers.screener import Screener
from matchers.translit import to_ascii
compiled.read(Path(sys.argv[1]), key=sys.argv[2], expect=Screener)
print(json.dumps({"primed": han_letters.primed(), "beijing": to_ascii("北京"), "shanghai": to_ascii("上海")}))
"""


@pytest.mark.parametrize("same_icu", [True, False])
def test_a_screener_snapshot_carries_the_han_syllables(tmp_path: Path, same_icu: bool) -> None:
    """Read from a snapshot, Han letters are spelt from the table it carries (here one that spells `北` as
    `north`, to tell it from ICU), and any other word by ICU; a table another ICU built is not used."""
    from matchers import han_table

    version = han_table.icu_version()
    assert version is not None
    table = han_table.pack(version if same_icu else "0.0", {"北": "north", "京": "jing"}, {})
    key = compiled.cache_key(PATHS, DEFAULT_THRESHOLD)
    target = compiled.cache_file(tmp_path, PATHS, DEFAULT_THRESHOLD)
    compiled.write(_build(), target, key=key, tables={"translit.han": table})
    done = subprocess.run(
        [sys.executable, "-c", _HAN_PROBE, str(target), key], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {
        "primed": same_icu,
        "beijing": "north jing" if same_icu else "bei jing",
        "shanghai": "shang hai",
    }


def test_engine_tables_carry_the_han_syllables() -> None:
    from matchers import han_table

    tables = compiled.engine_tables()
    assert han_table.is_table(tables["translit.han"])
    assert tables["translit.han"][0] == han_table.icu_version()


_FORKED_WRITER = """
import gc, sys, threading
from pathlib import Path
from matchers import compiled
assert threading.active_count() == 1  # only a single-threaded process forks its writer
built = [[i, str(i)] for i in range(5_000)]  # containers the collector tracks
got, outcome = compiled.cached("b" * 32, lambda: built, Path(sys.argv[1]), list, background=True)
print(gc.get_freeze_count(), outcome.status, got is built)
"""


def test_the_background_writer_forks_after_freezing_what_was_built(tmp_path: Path) -> None:
    # Frozen before the fork (decision 0549): a collection in the screening process after it would write
    # into every built object's header and copy the heap the writer shares, page by page. (A fresh
    # interpreter: one with threads, like a test session may be, writes in the foreground.)
    import time

    proc = subprocess.run(
        [sys.executable, "-c", _FORKED_WRITER, str(tmp_path)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    frozen, status, same = proc.stdout.split()
    assert int(frozen) > 5_000 and status == "built" and same == "True"
    target = tmp_path / f"{'b' * 32}{compiled.SUFFIX}"
    deadline = time.monotonic() + 60
    while not target.is_file() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert compiled.read(target, key="b" * 32, expect=list) == [[i, str(i)] for i in range(5_000)]


_UNWAITED_WRITER = """
import os, sys, time
from pathlib import Path
from matchers import compiled
waits = []
real_waitpid = os.waitpid
def waitpid(pid, options):
    waits.append(options)
    return real_waitpid(pid, options)
os.waitpid = waitpid
built = [[i, str(i)] for i in range(5_000)]
got, outcome = compiled.cached("c" * 32, lambda: built, Path(sys.argv[1]), list, background=True)
pending = list(compiled._UNREAPED)
blocking_during_load = [w for w in waits if not w & os.WNOHANG]
deadline = time.monotonic() + 60
while compiled._UNREAPED and time.monotonic() < deadline:
    time.sleep(0.02)
    compiled.reap_forked()
print(outcome.status, len(pending), len(blocking_during_load), len(compiled._UNREAPED))
"""


def test_the_background_writer_is_forked_without_waiting_for_its_intermediate_process(tmp_path: Path) -> None:
    # The first answer does not wait for the child that forks the writer and exits (decision 0557): it is
    # reaped later without blocking, and the writer still writes a file that reads back equal.
    import time

    proc = subprocess.run(
        [sys.executable, "-c", _UNWAITED_WRITER, str(tmp_path)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    status, pending, blocking, left = proc.stdout.split()
    assert (status, pending, blocking, left) == ("built", "1", "0", "0")
    target = tmp_path / f"{'c' * 32}{compiled.SUFFIX}"
    deadline = time.monotonic() + 60
    while not target.is_file() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert compiled.read(target, key="c" * 32, expect=list) == [[i, str(i)] for i in range(5_000)]


def test_reaping_tolerates_a_process_waited_for_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    os.waitpid(child.pid, 0)  # someone else's `waitpid`
    pending = [child.pid]
    monkeypatch.setattr(compiled, "_UNREAPED", pending)
    compiled.reap_forked()
    assert pending == []


@pytest.mark.parametrize("name", compiled.ENGINE_LIBRARIES)
def test_library_versions_are_the_ones_importlib_metadata_reads(name: str) -> None:
    from importlib import metadata

    assert compiled.library_version(name) == metadata.version(name)


def test_a_library_version_comes_from_the_metadata_headers_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib import metadata

    class Dist:
        version = "9.9 (parsed)"

        def __init__(self, text: str | None) -> None:
            self.text = text

        def read_text(self, filename: str) -> str | None:
            return self.text if filename == "METADATA" else None

    for text, expected in [
        ("Metadata-Version: 2.1\nName: x\nVersion: 1.2.3\n\nVersion: 0.0 in the description\n", "1.2.3"),
        ("Metadata-Version: 2.1\nName: x\n\nVersion: 0.0 in the description\n", "9.9 (parsed)"),
        (None, "9.9 (parsed)"),
    ]:
        monkeypatch.setattr(metadata, "distribution", lambda _name, t=text: Dist(t))
        assert compiled.library_version("x") == expected


_HELD_WRITER = """
import json, os, sys, threading, time
from pathlib import Path
from matchers import compiled
folder = Path(sys.argv[1])
case = sys.argv[2]
writers = []
real_write = compiled.write
def write(*args, **kwargs):
    (folder / f"written-by-{os.getpid()}").write_text(str(os.nice(0)))
    return real_write(*args, **kwargs)
compiled.write = write
stop = threading.Event()
ticker = threading.Thread(target=stop.wait)  # a second thread, as `holdline screen`'s progress ticker
ticker.start()
built = [[i, str(i)] for i in range(5_000)]
inside = {}
try:
    with compiled.background_writes_held():
        got, outcome = compiled.cached("d" * 32, lambda: built, folder, list, background=True)
        inside = {"threads": threading.active_count(), "files": sorted(p.name for p in folder.iterdir()),
                  "forked": len(compiled._UNREAPED)}
        if case == "fails":
            raise KeyError("the load failed after the build")
        stop.set()
        ticker.join()
except KeyError:
    stop.set()
    ticker.join()
print(json.dumps({"pid": os.getpid(), "inside": inside, "forked": len(compiled._UNREAPED),
                  "status": outcome.status, "nice": os.nice(0)}))
"""


def _held_writer(folder: Path, case: str) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-c", _HELD_WRITER, str(folder), case], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_a_held_background_write_is_forked_once_the_other_thread_has_stopped(tmp_path: Path) -> None:
    # Decision 0560: inside the block a second thread is alive (no fork possible) and nothing is written;
    # when the block ends with this thread alone, the write is forked, not done by this process.
    import time

    out = _held_writer(tmp_path, "ends")
    assert out["status"] == "built"
    assert out["inside"] == {"threads": 2, "files": [], "forked": 0}
    assert out["forked"] == 1
    target = tmp_path / f"{'d' * 32}{compiled.SUFFIX}"
    deadline = time.monotonic() + 60
    while not target.is_file() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert compiled.read(target, key="d" * 32, expect=list) == [[i, str(i)] for i in range(5_000)]
    writers = [p for p in tmp_path.iterdir() if p.name.startswith("written-by-")]
    assert len(writers) == 1 and writers[0].name != f"written-by-{out['pid']}"
    # Behind the caller: the process that forks the writer is niced before its fork, the writer with it.
    assert int(writers[0].read_text()) >= min(19, out["nice"] + 10)


def test_a_held_background_write_is_dropped_when_the_block_fails(tmp_path: Path) -> None:
    import time

    out = _held_writer(tmp_path, "fails")
    assert out["inside"]["files"] == [] and out["forked"] == 0
    time.sleep(0.5)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_without_the_hold_a_process_with_two_threads_writes_in_the_foreground(tmp_path: Path) -> None:
    # What the hold is for (and what a worker, whose threads run on, still does): no fork, the write done
    # before `cached` returns, by the calling process.
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        built = [[i, str(i)] for i in range(100)]
        _, outcome = compiled.cached("e" * 32, lambda: built, tmp_path, list, background=True)
    finally:
        stop.set()
        other.join()
    assert outcome.status == "built"
    assert compiled.read(tmp_path / f"{'e' * 32}{compiled.SUFFIX}", key="e" * 32, expect=list) == built


def test_held_writes_in_nested_blocks_start_when_the_outer_block_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[str] = []
    monkeypatch.setattr(
        compiled,
        "_write_now_or_forked",
        lambda obj, target, key, with_tables, background: started.append(key),
    )
    with compiled.background_writes_held():
        with compiled.background_writes_held():
            compiled.cached("f" * 32, lambda: [1], tmp_path, list, background=True)
        assert started == []
    assert started == ["f" * 32]
