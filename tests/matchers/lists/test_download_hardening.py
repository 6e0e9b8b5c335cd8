"""Downloads are verified before they are activated: whole files only, bounded inflation, safe XML.

A local HTTP server stands in for an agency that sends no Content-Length (so a cut body looks complete
to HTTP), gzip-encodes its answers, or serves hostile XML.
"""

from __future__ import annotations

import gzip
import http.server
import shutil
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from matchers import Screener
from matchers.lists import ListLoadError, load_paths
from matchers.lists.complete import gunzip_capped
from matchers.lists.download import download
from matchers.lists.fetch import fetch
from matchers.lists.store import SnapshotError, SnapshotStore
from streams.cli.main import main
from streams.snapshot import list_data_time

LISTS = Path(__file__).resolve().parents[3] / ".." / "shared" / "lists"
SDN = (LISTS / "us_ofac_sdn_2024-05" / "sdn.csv").read_bytes()
UN = (LISTS / "un_2026-02" / "UN_consolidated.xml").read_bytes()


class Served:
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.gzip_encoded: set[str] = set()


@pytest.fixture
def server() -> Iterator[tuple[Served, str]]:
    state = Served()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"  # the body ends when the connection closes: no Content-Length

        def do_GET(self) -> None:
            body = state.files.get(self.path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            if self.path in state.gzip_encoded:
                self.send_header("Content-Encoding", "gzip")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def _fetch(store: SnapshotStore, base: str, source: str, **kw: object):
    return fetch(store, [source], base_url=base, retries=0, backoff=0.0, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("cut", [0.6, 0.3])
def test_a_csv_cut_short_without_content_length_is_refused(server, tmp_path: Path, cut: float) -> None:
    state, base = server
    state.files["/ofac-sdn/SDN.CSV"] = SDN[: int(len(SDN) * cut)]
    store = SnapshotStore(tmp_path / "store")
    with pytest.raises(SnapshotError, match=r"newline|field"):
        _fetch(store, base, "ofac-sdn")
    assert store.current() is None


def test_the_whole_csv_without_content_length_is_accepted(server, tmp_path: Path) -> None:
    state, base = server
    state.files["/ofac-sdn/SDN.CSV"] = SDN
    snapshot = _fetch(SnapshotStore(tmp_path / "store"), base, "ofac-sdn").snapshot
    assert snapshot.manifest.entries > 10_000


def test_xml_cut_before_its_closing_root_is_refused(server, tmp_path: Path) -> None:
    state, base = server
    state.files["/un-consolidated/consolidated.xml"] = UN[: len(UN) - 30]
    with pytest.raises(SnapshotError, match="not well-formed"):
        _fetch(SnapshotStore(tmp_path / "store"), base, "un-consolidated")


def test_a_gzip_encoded_response_is_inflated_and_stored_as_the_list(server, tmp_path: Path) -> None:
    state, base = server
    state.files["/un-consolidated/consolidated.xml"] = gzip.compress(UN)
    state.gzip_encoded.add("/un-consolidated/consolidated.xml")
    snapshot = _fetch(SnapshotStore(tmp_path / "store"), base, "un-consolidated").snapshot
    [stored] = [p for p in snapshot.list_paths()[0].iterdir() if p.is_file()]
    assert stored.read_bytes() == UN


def test_a_gzip_encoded_bomb_is_refused_while_downloading(server, tmp_path: Path) -> None:
    state, base = server
    state.files["/bomb.xml"] = gzip.compress(b"<" * (64 * 1024 * 1024), 9)  # ~64 KB on the wire
    state.gzip_encoded.add("/bomb.xml")
    with pytest.raises(SnapshotError, match="inflates"):
        download(f"{base}/bomb.xml", tmp_path / "bomb.xml")
    with pytest.raises(SnapshotError, match="inflates past"):
        download(f"{base}/bomb.xml", tmp_path / "bomb.xml", max_bytes=1024 * 1024)


def test_a_gz_list_file_that_inflates_too_far_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "consolidated.csv.gz"
    bomb.write_bytes(gzip.compress(b"a" * (40 * 1024 * 1024), 9))
    with pytest.raises(ListLoadError, match="decompression bomb"):
        load_paths([bomb])
    with pytest.raises(ListLoadError, match="inflates past"):
        gunzip_capped(bomb, bomb.read_bytes(), max_bytes=1024 * 1024)
    assert gunzip_capped(bomb, gzip.compress(b"abc") + gzip.compress(b"def")) == b"abcdef"
    with pytest.raises(ListLoadError, match="truncated"):
        gunzip_capped(bomb, gzip.compress(SDN)[:5000])


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<CONSOLIDATED_LIST dateGenerated="2026-02-01T00:00:00"><ENTITIES><ENTITY><FIRST_NAME>&lol4;</FIRST_NAME>
</ENTITY></ENTITIES></CONSOLIDATED_LIST>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<CONSOLIDATED_LIST dateGenerated="2026-02-01T00:00:00"><ENTITIES><ENTITY><FIRST_NAME>&secret;</FIRST_NAME>
</ENTITY></ENTITIES></CONSOLIDATED_LIST>
"""


@pytest.mark.parametrize("body", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion-laughs", "external-entity"])
def test_hostile_xml_is_refused(tmp_path: Path, body: bytes) -> None:
    path = tmp_path / "consolidated.xml"
    path.write_bytes(body)
    with pytest.raises(ListLoadError, match="unsafe"):
        load_paths([path])


def test_json_cut_short_is_refused(tmp_path: Path) -> None:
    whole = (LISTS / "us_bis_state_2026-07" / "bis_meu.json").read_bytes()
    path = tmp_path / "bis_meu.json"
    path.write_bytes(whole[: len(whole) * 9 // 10])
    with pytest.raises(ListLoadError, match="JSON"):
        load_paths([path])


def test_fetch_refuses_a_shrink_beyond_the_configured_ratio(server, tmp_path: Path, capsys) -> None:
    state, base = server
    state.files["/ofac-sdn/SDN.CSV"] = SDN
    store = tmp_path / "store"
    assert (
        main(
            [
                "lists",
                "fetch",
                "--store",
                str(store),
                "--source",
                "ofac-sdn",
                "--base-url",
                base,
                "--retries",
                "0",
            ]
        )
        == 0
    )
    lines = SDN.splitlines(keepends=True)
    state.files["/ofac-sdn/SDN.CSV"] = b"".join(lines[: len(lines) * 7 // 10])  # whole rows, 70% left
    fetch_args = [
        "lists",
        "fetch",
        "--store",
        str(store),
        "--source",
        "ofac-sdn",
        "--base-url",
        base,
        "--retries",
        "0",
    ]
    assert main(fetch_args) == 1, "the default refuses losing more than a fifth"
    assert "truncated publication" in capsys.readouterr().err
    assert main([*fetch_args, "--min-ratio", "0.95"]) == 1
    assert main([*fetch_args, "--min-ratio", "1.5"]) == 2
    assert main([*fetch_args, "--min-ratio", "0.6"]) == 0
    state.files["/ofac-sdn/SDN.CSV"] = b"".join(lines[: len(lines) // 10])
    assert main([*fetch_args, "--allow-shrink"]) == 0


def test_a_lists_age_is_its_own_date_not_the_files_mtime(tmp_path: Path, server) -> None:
    copied = tmp_path / "un" / "consolidated.xml"
    copied.parent.mkdir()
    shutil.copy(LISTS / "un_2026-02" / "UN_consolidated.xml", copied)  # a fresh mtime
    dated = list_data_time(Screener.from_paths([copied]))
    assert dated is not None and dated < datetime(2026, 3, 1, tzinfo=UTC)
    # No date in the file (OFAC CSV, undated folder): unknown, unless a store's manifest recorded the fetch.
    plain = tmp_path / "plain" / "sdn.csv"
    plain.parent.mkdir()
    plain.write_bytes(SDN)
    assert list_data_time(Screener.from_paths([plain])) is None
    state, base = server
    state.files["/ofac-sdn/SDN.CSV"] = SDN
    before = datetime.now(UTC)
    snapshot = _fetch(SnapshotStore(tmp_path / "store"), base, "ofac-sdn").snapshot
    fetched = list_data_time(Screener.from_paths(snapshot.list_paths()))
    assert fetched is not None and before <= fetched <= datetime.now(UTC)
