"""`load_paths`: formats recognised by content, folders, what is ignored (and said), and failing closed."""

from __future__ import annotations

import gzip
import json
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from matchers.lists import BUILTIN_LIST, ListLoadError, load_path, load_paths, load_sources

BIS_DOC = {
    "list_id": "test-list",
    "extracted": "2024-01-02",
    "count": 1,
    "entities": [
        {
            "name": "Acme Trading",
            "aliases": ["Acme"],
            "country": "Iran",
            "address": "Tehran, Iran",
            "status": None,
            "effective_date": None,
            "federal_register": "89 FR 1, 1/2/24",
            "notes": None,
        }
    ],
}


def write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        data = data.encode()
    path.write_bytes(data)
    return path


def test_all_shared_lists_load_and_ignored_files_are_reported(lists_dir: Path) -> None:
    result = load_sources([lists_dir])
    ids = [lst.source.list for lst in result.lists]
    assert len(ids) == len(set(ids)) == 29
    assert {"bis-entity-list", "csl-sdn", "ofac-sdn", "ofac-cons", "un-consolidated"} <= set(ids)
    ignored = {Path(i.path).name: i.reason for i in result.ignored}
    assert set(ignored) == {
        "README.md",
        "lists.json",
        "CONS_ENHANCED.ZIP",
        "cons_alt.csv",
        "cons_add.csv",
        "cons_comments.csv",
    }
    assert "duplicate" in ignored["CONS_ENHANCED.ZIP"] and "cons_prim.csv" in ignored["cons_alt.csv"]
    entry_ids = [e.id for lst in result.lists for e in lst.entries]
    assert len(entry_ids) == len(set(entry_ids))  # unique across lists


def test_format_comes_from_content_not_name(tmp_path: Path, lists_dir: Path) -> None:
    write(tmp_path / "weird.dat", json.dumps(BIS_DOC))
    shutil.copy(lists_dir / "un_2026-02" / "UN_consolidated.xml", tmp_path / "un.txt")
    write(tmp_path / "csl.bin", (lists_dir / "us_csl_2022-05" / "consolidated.csv.gz").read_bytes())
    loaded = {lst.source.list: lst for lst in load_paths([tmp_path])}
    assert loaded["test-list"].source.format == "bis-json"
    assert loaded["un-consolidated"].source.format == "un-xml"
    assert loaded["csl-sdn"].source.format == "csl-csv+gzip"
    acme = loaded["test-list"].entries[0]
    assert acme.countries == ("IR",) and acme.aliases == ("Acme",) and acme.addresses == ("Tehran, Iran",)


def test_plain_csl_csv_and_gzipped_json(tmp_path: Path, lists_dir: Path) -> None:
    plain = gzip.decompress((lists_dir / "us_csl_2022-05" / "consolidated.csv.gz").read_bytes())
    [*lists] = load_path(write(tmp_path / "consolidated.csv", plain))
    assert len(lists) == 13 and lists[0].source.format == "csl-csv"
    [bis] = load_path(write(tmp_path / "list.json.gz", gzip.compress(json.dumps(BIS_DOC).encode())))
    assert bis.source.entries == 1
    with_bom = load_path(write(tmp_path / "bom.csv", b"\xef\xbb\xbf" + plain))  # as Excel saves it
    assert sum(lst.source.entries for lst in with_bom) == sum(lst.source.entries for lst in lists)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.json", b"", "empty"),
        ("notes.txt", b"just some text\nnothing else\n", "unknown format"),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "unknown format"),
        ("truncated.json", json.dumps(BIS_DOC)[:80].encode(), "invalid JSON"),
        ("broken.csv.gz", gzip.compress(b"x" * 1000)[:20], "corrupt gzip"),
        ("other.json", b'{"records": []}', "without an 'entities' list"),
        ("short.json", json.dumps({**BIS_DOC, "count": 5}).encode(), "declares count 5"),
        ("other.xml", b"<?xml version='1.0'?><sdnList></sdnList>", "unsupported XML"),
        ("un.xml", b"<?xml version='1.0'?><CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>", "not well-formed"),
        ("archive.zip", b"PK\x03\x04broken", "corrupt zip"),
        ("sdn.csv", b'36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- \r\n', "unknown format"),
        (
            "sdn2.csv",
            b'36,"A",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n37,"B",-0-\r\n',
            "3 fields",
        ),
    ],
)
def test_bad_files_raise_naming_the_file_and_reason(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = write(tmp_path / name, content)
    with pytest.raises(ListLoadError) as caught:
        load_path(path)
    assert caught.value.path == str(path) and reason in caught.value.reason
    assert name in str(caught.value)


def test_a_bad_file_in_a_folder_fails_the_whole_load(tmp_path: Path) -> None:
    write(tmp_path / "a.json", json.dumps(BIS_DOC))
    write(tmp_path / "b.json", json.dumps(BIS_DOC)[:-3])
    with pytest.raises(ListLoadError, match=r"b\.json"):
        load_paths([tmp_path])


def test_missing_path_and_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ListLoadError, match="no such file"):
        load_paths([tmp_path / "nope.json"])
    locked = write(tmp_path / "locked.json", json.dumps(BIS_DOC))

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)  # tests run as root, where chmod 000 still reads
    with pytest.raises(ListLoadError, match=r"locked\.json: cannot read file: Permission denied"):
        load_path(locked)


def test_folder_skips_documentation_and_hidden_files_but_says_so(tmp_path: Path) -> None:
    write(tmp_path / "list.json", json.dumps(BIS_DOC))
    write(tmp_path / "README.md", "# lists\n")
    write(tmp_path / "LICENSE", "public domain\n")
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".git" / "HEAD", "ref: refs/heads/main\n")
    result = load_sources([tmp_path])
    assert [lst.source.list for lst in result.lists] == ["test-list"]
    assert {Path(i.path).name for i in result.ignored} == {"README.md", "LICENSE", ".git"}


def test_explicit_metadata_or_enhanced_xml_is_refused(lists_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(ListLoadError, match="metadata"):
        load_path(lists_dir / "us_bis_state_2026-07" / "lists.json")
    with pytest.raises(ListLoadError, match="enhanced XML is not supported"):
        load_path(lists_dir / "us_ofac_cons_2025-12" / "CONS_ENHANCED.ZIP")
    # Alone in a folder (no legacy CSV beside it) it is not silently ignored either.
    shutil.copy(lists_dir / "us_ofac_cons_2025-12" / "CONS_ENHANCED.ZIP", tmp_path)
    with pytest.raises(ListLoadError, match="not supported"):
        load_paths([tmp_path])
    with zipfile.ZipFile(tmp_path / "other.zip", "w") as archive:
        archive.writestr("list.json", json.dumps(BIS_DOC))
    with pytest.raises(ListLoadError, match="unsupported zip"):
        load_path(tmp_path / "other.zip")


def test_same_list_twice_is_an_error_but_the_same_file_twice_is_not(tmp_path: Path) -> None:
    first = write(tmp_path / "a.json", json.dumps(BIS_DOC))
    assert len(load_paths([first, tmp_path, first])) == 1
    write(tmp_path / "b.json", json.dumps(BIS_DOC))
    with pytest.raises(ListLoadError, match="already loaded"):
        load_paths([tmp_path])


def test_builtin_list_with_others(lists_dir: Path) -> None:
    loaded = load_paths([BUILTIN_LIST, lists_dir / "us_bis_state_2026-07" / "bis_meu.json"])
    assert [lst.source.list for lst in loaded] == ["bis-entity-list-2019-10", "bis-meu"]


def test_loading_everything_fits_the_start_up_budget(lists_dir: Path) -> None:
    """A guard against an accidental quadratic step, not a benchmark: the engine's whole start-up budget
    (loading and indexing) is 5 s, loading alone takes about 1.5 s of CPU."""
    start = time.process_time()
    load_paths([lists_dir])
    assert time.process_time() - start < 5.0
