"""Commands import only what they use: no faust outside the worker, no engine for help and schemas."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.python_probe import run_probe

PROBE = """
import contextlib, io, json, sys
from streams.cli.main import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
    main(sys.argv[1:])
heavy = ("faust", "aiokafka", "kafka", "numpy", "rapidfuzz", "matchers.index", "matchers.screener")
print(json.dumps(sorted(m for m in heavy if m in sys.modules)))
"""


def _imported(*argv: str, stdin: str = "") -> list[str]:
    imported: list[str] = run_probe(PROBE, *argv, stdin=stdin)[0]
    return imported


@pytest.mark.parametrize("argv", [("--help",), ("schema",), ("schema", "hold"), ("lists", "--help")])
def test_help_and_schema_import_neither_faust_nor_the_engine(argv: tuple[str, ...]) -> None:
    assert _imported(*argv) == []


def test_screen_imports_the_engine_but_not_faust() -> None:
    imported = _imported("screen", "--jsonl", stdin='{"id": 1, "name": "Hikvision"}\n')
    assert "matchers.screener" in imported
    assert not {"faust", "aiokafka", "kafka"} & set(imported)


def test_invalid_fetch_source_still_lists_the_sources() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "streams.cli.main", "lists", "fetch", "--source", "nope"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2
    assert "invalid choice: 'nope'" in proc.stderr and "'ofac-sdn'" in proc.stderr


def test_builtin_list_path_is_the_engines_builtin_list() -> None:
    from matchers.lists import BUILTIN_LIST
    from streams.settings import builtin_list_path

    assert builtin_list_path() == Path(BUILTIN_LIST).resolve() and builtin_list_path().is_file()


def test_warm_screen_imports_neither_the_list_parsers_nor_prometheus_nor_the_worker(tmp_path: Path) -> None:
    """A warm start loads the compiled snapshot: parsing lists and serving metrics are other commands'."""
    from matchers.compiled import ENV_CACHE_DIR, SUFFIX

    probe = PROBE.replace(
        "heavy = (",
        'heavy = ("prometheus_client", "matchers.lists.bis_json", "matchers.lists.store", "wordfreq", '
        '"streams.decide", "streams.records", ',
    )
    env = {**os.environ, ENV_CACHE_DIR: str(tmp_path)}

    def imported() -> list[str]:
        modules: list[str] = run_probe(
            probe, "screen", "--jsonl", stdin='{"id": 1, "name": "Hikvision"}\n', env=env
        )[0]
        return modules

    assert "matchers.lists.bis_json" in imported()  # cold: parses the built-in list, compiles it
    # The snapshot's writer is niced behind everything else: on a loaded 2-core machine (load ~10) it takes
    # more than a minute even for the built-in list (decision 0561).
    deadline = time.monotonic() + 600
    while not any(p.suffix == SUFFIX for p in tmp_path.iterdir()) or any(
        p.suffix == ".tmp" for p in tmp_path.iterdir()
    ):
        assert time.monotonic() < deadline, "no compiled snapshot written"
        time.sleep(0.1)
    warm = imported()
    assert "matchers.screener" in warm
    # Nor wordfreq (its table comes with the snapshot, decision 0518), nor the worker's event and record
    # models (the name rule is `streams.name_rule`), nor the list store when no manifest is in sight.
    assert not {
        "prometheus_client",
        "matchers.lists.bis_json",
        "matchers.lists.store",
        "wordfreq",
        "streams.decide",
        "streams.records",
    } & set(warm)


# What `holdline worker` builds before Faust starts and the consumer sends its JoinGroup
# (`streams.cli.worker.serve` up to `execute_from_commandline`), with the compliance plug-in.
WORKER_PROBE = """
import json, sys
from streams.app import create_app
from streams.cli.worker import worker_plugins
from streams.lifecycle import make_worker
from streams.metrics import Metrics
from streams.settings import Settings
from streams.snapshot import SnapshotHolder
settings = Settings().with_overrides(broker="kafka://127.0.0.1:9")
metrics = Metrics()
snapshots = SnapshotHolder(metrics, cache_size=settings.screen_cache_size)
holdline = create_app(settings, snapshots=snapshots, metrics=metrics, role=sys.argv[1],
                      plugins=worker_plugins(settings))
make_worker(holdline.app, settings.shutdown_timeout, loglevel="warning", redirect_stdouts=False,
            override_logging=False)
heavy = ("matchers.screener", "matchers.index", "matchers.scoring", "matchers.normalise",
         "matchers.countries", "matchers.lists.bis_json", "wordfreq", "numpy", "rapidfuzz", "rigour")
print(json.dumps(sorted(m for m in heavy if m in sys.modules)))
holdline.close()
"""


@pytest.mark.parametrize("role", ["all", "screening", "compliance"])
def test_a_worker_imports_the_engine_only_after_it_has_asked_to_join(role: str, tmp_path: Path) -> None:
    """Decision 0516: the engine's imports (wordfreq, numpy, the index) run with the lists, while the
    broker answers the join, not before the request goes out."""
    env = {**os.environ, "HOLDLINE_DATADIR": str(tmp_path), "HOLDLINE_COMPLIANCE_WORKFLOW": "true"}
    assert run_probe(WORKER_PROBE, role, env=env)[0] == []
