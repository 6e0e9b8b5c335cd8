"""`lists fetch` and the versioned store, against a local HTTP server serving the real list files.

The server stands in for the agencies: it serves ../shared/lists under the official remote file names, and
can be told to fail a path (HTTP 500), cut a body short (a truncated download) or serve garbage.
"""

from __future__ import annotations

import gzip
import hashlib
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from matchers.lists.fetch import fetch
from matchers.lists.registry import OFFICIAL_SOURCES
from matchers.lists.store import SnapshotError, SnapshotStore
from streams.cli.main import main

LISTS = Path(__file__).resolve().parents[3] / ".." / "shared" / "lists"


def _official_files() -> dict[str, bytes]:
    """URL path -> body, as the agencies would serve them (the CSL uncompressed, as trade.gov does)."""
    return {
        "/trade-csl/consolidated.csv": gzip.decompress(
            (LISTS / "us_csl_2022-05" / "consolidated.csv.gz").read_bytes()
        ),
        "/ofac-sdn/SDN.CSV": (LISTS / "us_ofac_sdn_2024-05" / "sdn.csv").read_bytes(),
        **{
            f"/ofac-cons/{name.upper()}": (LISTS / "us_ofac_cons_2025-12" / name).read_bytes()
            for name in ("cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv")
        },
        "/un-consolidated/consolidated.xml": (LISTS / "un_2026-02" / "UN_consolidated.xml").read_bytes(),
    }


class Agency:
    """What the fake agency serves; tests change `files` and `faults` between fetches."""

    def __init__(self) -> None:
        self.files = _official_files()
        self.faults: dict[str, str] = {}  # path -> "500" | "truncate"
        self.requests: list[str] = []


@pytest.fixture(scope="module")
def official() -> dict[str, bytes]:
    return _official_files()


@pytest.fixture
def agency() -> Iterator[tuple[Agency, str]]:
    state = Agency()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests.append(self.path)
            fault = state.faults.get(self.path)
            body = state.files.get(self.path)
            if fault == "500":
                self.send_error(500, "upstream broke")
                return
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if fault == "truncate":
                self.wfile.write(body[: len(body) // 3])
                self.close_connection = True
                return
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    # A short poll interval: `shutdown` waits up to one interval for the serving loop to notice.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _fast(store: SnapshotStore, base: str, sources: list[str] | None = None, **kw: object):
    return fetch(store, sources, base_url=base, retries=kw.pop("retries", 0), backoff=0.0, **kw)  # type: ignore[arg-type]


def test_fetch_all_official_sources_makes_a_verified_active_snapshot(agency, tmp_path, official) -> None:
    _state, base = agency
    store = SnapshotStore(tmp_path / "store")
    result = _fast(store, base)
    snap = result.snapshot
    assert result.changed
    assert store.current() is not None and store.current().version == snap.version
    assert (tmp_path / "store" / "current").is_symlink()
    names = {s.name for s in snap.manifest.sources}
    assert names == set(OFFICIAL_SOURCES)
    by_name = {s.name: s for s in snap.manifest.sources}
    # Every file's checksum is the served bytes', and its URL is recorded.
    sdn = by_name["ofac-sdn"].files[0]
    assert sdn.sha256 == hashlib.sha256(official["/ofac-sdn/SDN.CSV"]).hexdigest()
    assert sdn.url == f"{base}/ofac-sdn/SDN.CSV"
    from matchers.lists import load_paths

    for folder, name in (("us_ofac_sdn_2024-05", "ofac-sdn"), ("un_2026-02", "un-consolidated")):
        expected = sum(len(x.entries) for x in load_paths([LISTS / folder]))
        assert by_name[name].entries == expected > 0
    assert len(by_name["ofac-cons"].files) == 4
    assert by_name["trade-csl"].entries > 14000
    # The snapshot's folders load as they are (what `holdline worker --list` is given).
    assert sum(len(x.entries) for x in load_paths(snap.list_paths())) == snap.manifest.entries
    # Fetching again with nothing changed keeps the same snapshot.
    again = _fast(store, base)
    assert not again.changed and again.snapshot.version == snap.version
    assert len(store.snapshots()) == 1


@pytest.fixture
def seeded(agency, tmp_path):
    """A store with a good snapshot of the two small sources."""
    state, base = agency
    store = SnapshotStore(tmp_path / "store")
    first = _fast(store, base, ["un-consolidated", "ofac-cons"]).snapshot
    return state, base, store, first


def _unchanged(store: SnapshotStore, first) -> None:
    assert store.current().version == first.version
    assert [s.version for s in store.snapshots()] == [first.version]
    assert list((store.root / ".incoming").iterdir()) == []  # no staging debris left behind


def test_http_500_leaves_the_previous_snapshot_active(seeded) -> None:
    state, base, store, first = seeded
    state.faults["/un-consolidated/consolidated.xml"] = "500"
    with pytest.raises(SnapshotError, match="500"):
        _fast(store, base, ["un-consolidated"], retries=1)
    assert state.requests.count("/un-consolidated/consolidated.xml") == 3  # seed + first try + one retry
    _unchanged(store, first)


def test_truncated_download_leaves_the_previous_snapshot_active(seeded) -> None:
    state, base, store, first = seeded
    state.faults["/un-consolidated/consolidated.xml"] = "truncate"
    with pytest.raises(SnapshotError, match=r"truncated|IncompleteRead"):
        _fast(store, base, ["un-consolidated"])
    _unchanged(store, first)


def test_corrupt_file_that_does_not_load_is_refused(seeded) -> None:
    state, base, store, first = seeded
    xml = state.files["/un-consolidated/consolidated.xml"]
    state.files["/un-consolidated/consolidated.xml"] = xml[: len(xml) // 2]  # whole body, broken XML
    with pytest.raises(SnapshotError, match="do not load"):
        _fast(store, base, ["un-consolidated"])
    _unchanged(store, first)


def test_one_failing_file_of_a_multi_file_source_refuses_the_whole_fetch(seeded) -> None:
    state, base, store, first = seeded
    state.faults["/ofac-cons/CONS_ALT.CSV"] = "500"
    with pytest.raises(SnapshotError):
        _fast(store, base, ["ofac-cons", "un-consolidated"])
    _unchanged(store, first)


def test_a_list_that_shrank_by_half_is_refused_unless_allowed(seeded) -> None:
    state, base, store, first = seeded
    prim = state.files["/ofac-cons/CONS_PRIM.CSV"]
    lines = prim.splitlines(keepends=True)
    state.files["/ofac-cons/CONS_PRIM.CSV"] = b"".join(lines[: len(lines) // 4])  # loads, but 1/4 left
    with pytest.raises(SnapshotError, match="truncated publication"):
        _fast(store, base, ["ofac-cons"])
    _unchanged(store, first)
    accepted = _fast(store, base, ["ofac-cons"], min_ratio=0.0).snapshot
    assert store.current().version == accepted.version != first.version


def test_partial_refresh_carries_the_other_sources_over(seeded) -> None:
    state, base, store, first = seeded
    prim = state.files["/ofac-cons/CONS_PRIM.CSV"]
    state.files["/ofac-cons/CONS_PRIM.CSV"] = prim.replace(b"HANIYA", b"HANIYAH")  # a changed entry
    new = _fast(store, base, ["ofac-cons"]).snapshot
    assert new.version != first.version
    old_un = next(s for s in first.manifest.sources if s.name == "un-consolidated")
    new_un = next(s for s in new.manifest.sources if s.name == "un-consolidated")
    assert new_un.files == old_un.files and new_un.entries == old_un.entries
    old_cons = next(s for s in first.manifest.sources if s.name == "ofac-cons")
    new_cons = next(s for s in new.manifest.sources if s.name == "ofac-cons")
    assert new_cons.files[0].sha256 != old_cons.files[0].sha256
    # The old snapshot is kept for rollback, and can be re-activated.
    assert {s.version for s in store.snapshots()} == {first.version, new.version}
    store.activate(first.version)
    assert store.current().version == first.version


def test_cli_fetch_reports_failure_and_keeps_the_snapshot(seeded, capsys) -> None:
    state, base, store, first = seeded
    state.faults["/un-consolidated/consolidated.xml"] = "500"
    code = main(
        [
            "lists",
            "fetch",
            "--store",
            str(store.root),
            "--source",
            "un-consolidated",
            "--base-url",
            base,
            "--retries",
            "0",
        ]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert "nothing changed" in err and first.version in err
    _unchanged(store, first)
    state.faults.clear()
    state.files["/un-consolidated/consolidated.xml"] = state.files[
        "/un-consolidated/consolidated.xml"
    ].replace(b"</CONSOLIDATED_LIST>", b"<!-- refreshed --></CONSOLIDATED_LIST>")
    code = main(
        ["lists", "fetch", "--store", str(store.root), "--source", "un-consolidated", "--base-url", base]
    )
    out = capsys.readouterr().out
    assert code == 0 and "active" in out
    assert store.current().version != first.version


def test_unknown_source_is_an_error(tmp_path) -> None:
    with pytest.raises(SnapshotError, match="unknown source"):
        fetch(SnapshotStore(tmp_path), ["nope"])


def test_a_snapshot_stored_by_another_writer_meanwhile_is_reused(tmp_path, monkeypatch) -> None:
    """Workers of both roles share one store and receive the same publication at the same moment: the
    second writer's rename finds the first one's identical, complete folder and must reuse it, not fail."""
    import os
    import shutil

    from matchers.lists import BUILTIN_LIST

    store = SnapshotStore(tmp_path / "store")
    files = {"builtin": {"entity_list.json": Path(BUILTIN_LIST).read_bytes()}}
    real_rename = os.rename

    def other_writer_first(src, dst):  # the other process's rename lands between our check and ours
        if Path(dst).parent == store.snapshots_dir and not Path(dst).exists():
            shutil.copytree(src, dst)
        return real_rename(src, dst)

    monkeypatch.setattr(os, "rename", other_writer_first)
    snap = store.import_files(files, origin="publication")
    assert store.current() is not None and store.current().version == snap.version
    assert list(store.incoming_dir.iterdir()) == []
