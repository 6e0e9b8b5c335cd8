"""The compiled engine answers exactly as its Python sources do: the same names screened by this checkout's
build and by the sources (`HOLDLINE_PURE=1`, the stale guard's own mechanism), each in a fresh interpreter,
give the same matches, scores and explanations."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from matchers import build_check
from tests.support.python_probe import run_probe

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
LISTS = [
    SHARED / "lists" / "us_bis_state_2026-07" / "bis_entity_list.json",
    SHARED / "lists" / "us_ofac_sdn_2024-05" / "sdn.csv",
]
COMPANIES = SHARED / "names" / "companies_dev.csv"

# Screens a few hundred names drawn by fixed rules (listed names as written, with a letter dropped, two
# letters swapped, words run together; ordinary company names; names in other scripts) and prints every
# result with its explanation and the build it ran on.
_SCREEN = """
import csv, json, sys
from matchers import Screener, build_check
lists, companies = json.loads(sys.argv[1]), sys.argv[2]
screener = Screener.from_paths(lists)
listed = [n for e in list(screener.entries.values())[::97] for n in e.names()[:1]]
names = []
for i, name in enumerate(listed[:150]):
    names.append(name)
    k = 1 + i % max(1, len(name) - 2)
    names.append(name[:k] + name[k + 1:] if i % 3 == 0 else
                 name[:k] + name[k + 1:k + 2] + name[k] + name[k + 2:] if i % 3 == 1 else
                 name.replace(" ", "", 1))
with open(companies, newline="") as fh:
    names += [row["name"] for row in csv.DictReader(fh)][::40]
names += ["Ростех", "حزب الله", "华为技术有限公司", "Megvii", "Kumul PSB", "Hikvisoin Digital", "Dahau"]
out = []
for name in names:
    out.append([name, [m.to_record() for m in screener.screen(name)]])
print(json.dumps({"build": build_check.STATE.mode, "results": out}, sort_keys=True))
"""


def _screen(**env: str) -> dict[str, object]:
    environ = {k: v for k, v in os.environ.items() if k != build_check.ENV_PURE}
    environ.update(env, HOLDLINE_CACHE_DIR="off")
    result: dict[str, object] = run_probe(
        _SCREEN, json.dumps([str(p) for p in LISTS]), str(COMPANIES), env=environ, timeout=240
    )[0]
    return result


def test_the_build_and_the_sources_give_identical_results() -> None:
    built = _screen()
    pure = _screen(HOLDLINE_PURE="1")
    assert built["build"] == build_check.STATE.mode and pure["build"] == "pure"
    built_results, pure_results = built["results"], pure["results"]
    assert isinstance(built_results, list) and isinstance(pure_results, list)
    assert len(built_results) > 300
    assert sum(1 for _, matches in built_results if matches) > 150, "most names must find something"
    differing = [b[0] for b, p in zip(built_results, pure_results, strict=True) if b != p]
    assert not differing, f"{len(differing)} names answered differently, e.g. {differing[:5]}"


def test_engine_classes_built_from_interpreted_code_are_initialised_and_round_trip_through_pickle() -> None:
    """mypyc's picklable native classes skip `__init__` in `__new__`; called from Python they must still run
    it (decision 0113: a `GenericStats()` or `Screener(lists)` with no attribute set was the failure)."""
    import pickle

    from matchers.compare import compare
    from matchers.lists import BUILTIN_LIST, load_paths
    from matchers.screener import Screener
    from matchers.weights import GenericStats, TokenStats

    generic = GenericStats()
    assert generic.weight("limited") < generic.weight("hikvision") and generic.n_names == 1
    stats = TokenStats.from_names([["hikvision", "digital"], ["dahua", "digital"]])
    screener = Screener(load_paths([BUILTIN_LIST]))
    for obj in (generic, stats, screener):
        copy = pickle.loads(pickle.dumps(obj, protocol=5))
        assert type(copy) is type(obj)
    again = pickle.loads(pickle.dumps(screener, protocol=5))
    assert [m.to_record() for m in again.screen("Hikvision")] == [
        m.to_record() for m in screener.screen("Hikvision")
    ]
    assert again.screen("Hikvision") and compare("SMITH, John", "John Smith", "person").score > 0.9


# What a fresh interpreter has imported after one statement, and which build the guard chose.
_LAZY_PROBE = """
import json, sys, warnings
warnings.simplefilter("always")
exec(sys.argv[1])
from matchers import build_check
heavy = ("matchers.screener", "matchers.index", "matchers.scoring", "matchers.lists.bis_json", "wordfreq",
         "numpy", "rapidfuzz", "rigour")
print(json.dumps({"mode": build_check.STATE.mode, "reason": build_check.STATE.reason,
                  "imported": sorted(m for m in heavy if m in sys.modules)}))
"""


def _lazy_probe(statement: str, package_root: Path | None = None) -> tuple[dict[str, object], str]:
    environ = {k: v for k, v in os.environ.items() if k != build_check.ENV_PURE}
    if package_root is not None:
        environ["PYTHONPATH"] = str(package_root)
    result: dict[str, object]
    result, stderr = run_probe(_LAZY_PROBE, statement, env=environ, cwd=package_root)
    return result, stderr


@pytest.mark.parametrize(
    "statement",
    [
        "import matchers",
        "import matchers.errors",
        "from matchers.config import DEFAULT_CONFIG",
        "from matchers.models import Match",
        "from matchers import MatchConfig, EntityKind",
        "from matchers.lists import BUILTIN_LIST, ListLoadError",
        "from matchers.lists.store import SnapshotStore",
        "from matchers.lists.complete import gunzip_capped",
        "from matchers.compiled import cached_verifier",
    ],
)
def test_the_engine_package_imports_the_screener_only_when_asked(statement: str) -> None:
    """Decision 0516: a worker imports these before its group join; the engine proper waits for the lists."""
    state, _ = _lazy_probe(statement)
    assert state["imported"] == []
    assert state["mode"] == build_check.STATE.mode  # the guard ran all the same


def test_public_names_resolve_on_first_use_to_the_engines_own_objects() -> None:
    import matchers
    from matchers import config, models, screener

    assert set(matchers.__all__) <= set(dir(matchers))
    expected = {
        "DEFAULT_THRESHOLD": screener.DEFAULT_THRESHOLD,
        "Screener": screener.Screener,
        "Match": models.Match,
        "Entry": models.Entry,
        "EntityKind": models.EntityKind,
        "LoadedList": models.LoadedList,
        "SourceInfo": models.SourceInfo,
        "MatchConfig": config.MatchConfig,
    }
    assert set(expected) == set(matchers.__all__)
    for name, value in expected.items():
        assert getattr(matchers, name) is value, name
    with pytest.raises(AttributeError, match="no attribute 'Screenr'"):
        matchers.Screenr  # noqa: B018


def test_asking_for_the_screener_imports_the_engine() -> None:
    state, _ = _lazy_probe("from matchers import Screener")
    imported = state["imported"]
    assert isinstance(imported, list)
    assert {"matchers.screener", "matchers.index", "matchers.scoring", "numpy", "rapidfuzz"} <= set(imported)
    # wordfreq is imported by a build or an unusual word only, not by the engine's import (decision 0518).
    assert "wordfreq" not in imported


def test_the_stale_guard_runs_before_a_submodule_imported_first(tmp_path: Path) -> None:
    """`import matchers.scoring` as the process's first engine import still runs `build_check.activate()`
    (the package's `__init__` runs before any submodule), so an edited source is what runs."""
    shutil.copytree(
        build_check.PACKAGE_DIR, tmp_path / "matchers", ignore=shutil.ignore_patterns("__pycache__")
    )
    scoring = tmp_path / "matchers" / "scoring.py"
    scoring.write_text(scoring.read_text() + "\nEDITED = True\n")
    state, stderr = _lazy_probe("import matchers.scoring; assert matchers.scoring.EDITED", tmp_path)
    assert state["mode"] == "pure"
    if build_check.STATE.compiled:  # a build exists to be stale: it is named, once
        assert stderr.count("StaleBuildWarning") == 1 and "scoring.py" in stderr
