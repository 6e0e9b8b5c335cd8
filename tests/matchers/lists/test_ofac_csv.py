"""OFAC legacy CSV on the real files: `sdn.csv` alone, `cons_prim.csv` with its companion files."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from matchers.lists import ListLoadError, load_path
from matchers.models import EntityKind, Entry, LoadedList

SDN = "us_ofac_sdn_2024-05/sdn.csv"
CONS = "us_ofac_cons_2025-12"


@pytest.fixture(scope="module")
def sdn(lists_dir: Path) -> LoadedList:
    [loaded] = load_path(lists_dir / SDN)
    return loaded


@pytest.fixture(scope="module")
def cons(lists_dir: Path) -> LoadedList:
    [loaded] = load_path(lists_dir / CONS / "cons_prim.csv")
    return loaded


def entry(loaded: LoadedList, ent_num: str) -> Entry:
    return next(e for e in loaded.entries if e.id == f"{loaded.source.list}:{ent_num}")


def test_sdn_counts(sdn: LoadedList, lists_dir: Path) -> None:
    s = sdn.source
    assert (s.list, s.format, s.snapshot) == ("ofac-sdn", "ofac-legacy-csv", "2024-05")
    assert s.entries == 14965  # every row, including vessels named `P-532`
    text = (lists_dir / SDN).read_text(encoding="cp1252")
    written = len(re.findall(r"\b[afn]\.k\.a\.,?\s*'", text))
    removed = sum(n for reason, n in s.skipped.items() if reason.startswith("alias_"))
    assert s.aliases == written - removed
    assert s.skipped["alias_truncated"] == 3  # cut off by the 1,000-character Remarks limit


def test_sdn_aliases_come_from_remarks_even_with_apostrophes(sdn: LoadedList) -> None:
    assert entry(sdn, "306").aliases == ("BNC",)
    # `a.k.a. 'KATA'IB ...'` is not cut at the inner apostrophe.
    assert any("KATA'IB HIZBALLAH FI AL-IRAQ" in e.aliases for e in sdn.entries)
    ebano = entry(sdn, "4243")  # f.k.a. names are aliases too
    assert set(ebano.aliases) == {"ANA I", "SAND SWAN"}


def test_sdn_kinds_programs_and_countries(sdn: LoadedList) -> None:
    kinds = Counter(e.kind for e in sdn.entries)
    assert kinds[EntityKind.PERSON] == 6854 and kinds[EntityKind.VESSEL] == 851
    assert kinds[EntityKind.AIRCRAFT] == 376 and kinds[EntityKind.ORGANISATION] == 6884
    tug = entry(sdn, "4238")
    assert tug.kind == EntityKind.VESSEL and tug.countries == ("CU",)  # the vessel flag
    assert tug.programs == ("CUBA",) and tug.citation == "OFAC SDN ent_num 4238 [CUBA]"
    multi = next(e for e in sdn.entries if len(e.programs) > 1)
    assert all("[" not in p and "]" not in p for p in multi.programs)


def test_cons_reads_its_companion_files(cons: LoadedList, lists_dir: Path) -> None:
    s = cons.source
    assert (s.list, s.entries) == ("ofac-cons", 442)
    alt_rows = [
        line
        for line in (lists_dir / CONS / "cons_alt.csv").read_text("cp1252").splitlines()
        if line.strip() not in ("", "\x1a")
    ]
    assert len(alt_rows) == 1073
    # Every alias row of cons_alt.csv is an alias (a few repeat one already given in the Remarks).
    assert s.aliases >= 1073 - s.skipped.get("alias_duplicate", 0)
    zahhar = entry(cons, "9647")
    assert "AL ZAHAR, Mahmoud Khaled" in zahhar.aliases  # from cons_alt.csv
    assert "ZAHAR, Mahmoud" in zahhar.aliases  # from the Remarks
    assert zahhar.countries == ("PS",) and zahhar.addresses == ("Region: Gaza",)  # cons_add.csv
    assert zahhar.programs == ("SDGT", "NS-PLC")
    # cons_comments.csv continues cut Remarks: the alias written there is found.
    assert "RUSAG" in entry(cons, "17014").aliases


def test_content_hash_covers_the_companions(cons: LoadedList, lists_dir: Path, tmp_path: Path) -> None:
    for name in ("cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv"):
        (tmp_path / name).write_bytes((lists_dir / CONS / name).read_bytes())
    [same] = load_path(tmp_path / "cons_prim.csv")
    assert same.source.content_hash == cons.source.content_hash
    alt = (tmp_path / "cons_alt.csv").read_bytes()
    (tmp_path / "cons_alt.csv").write_bytes(alt.replace(b"HANIYYA, Ismaeel", b"HANIYYEH, Ismaeel"))
    [changed] = load_path(tmp_path / "cons_prim.csv")
    assert changed.source.content_hash != cons.source.content_hash
    assert "HANIYYEH, Ismaeel" in entry(changed, "9639").aliases


def test_corrupt_companion_fails_the_whole_list(lists_dir: Path, tmp_path: Path) -> None:
    for name in ("cons_prim.csv", "cons_alt.csv"):
        (tmp_path / name).write_bytes((lists_dir / CONS / name).read_bytes())
    (tmp_path / "cons_alt.csv").write_bytes(b'9639,9150,"aka"\r\n')
    with pytest.raises(ListLoadError, match=r"cons_alt\.csv.*3 fields, expected 5"):
        load_path(tmp_path / "cons_prim.csv")


def test_companion_given_alone_is_an_error(lists_dir: Path) -> None:
    with pytest.raises(ListLoadError, match="companion"):
        load_path(lists_dir / CONS / "cons_alt.csv")
