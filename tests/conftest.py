"""Shared fixtures: one real Kafka-protocol broker (Tansu) per session, unique names per test; test markers.

Following the faust-streaming testing guide, each outbound dependency has its own fixture: `broker` (the
Kafka-protocol broker), `pipeline` (this test's topics, group and settings on it) and `workers` (worker
processes, stopped and reported on at teardown). Integration tests talk to a REAL broker on a free
loopback port, never a fixed one, and fail (never skip) when it cannot start.

Every test gets its kind markers from what it needs, so no test has to remember to mark itself: `broker`
(it uses the broker fixture, directly or through `pipeline`, `workers` or a fixture built on them),
`browser` (it drives Chromium), `deploy` (under tests/deploy/), `slow` (listed in `SLOW` below: it
starts processes or servers, loads whole lists, runs hypothesis' examples or waits on purpose), and
`unit` when none of these applies (docs/testing.md, decision 0026). `pytest -m unit` runs the fast ones;
`pytest -m slow` the slow ones without a broker; `pytest -m "not broker and not browser"` everything
without a broker; `make test` runs them all.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from tests.support.broker import TansuBroker
from tests.support.harness import Pipeline, WorkerPool, unique_name

# Hypothesis' per-example deadline measures the machine, not the code: on a shared, loaded CI host one
# slow example fails a property that holds. Properties are checked by their assertions alone.
settings.register_profile("holdline", deadline=None)
settings.load_profile("holdline")


@pytest.fixture(scope="session", autouse=True)
def compiled_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Compiled snapshots of this session go to a folder of its own (inherited by worker processes), not
    to the user's cache; a test that needs no cache or another folder sets HOLDLINE_CACHE_DIR itself."""
    import os

    from matchers.compiled import ENV_CACHE_DIR

    folder = tmp_path_factory.mktemp("compiled-cache")
    previous = os.environ.get(ENV_CACHE_DIR)
    os.environ[ENV_CACHE_DIR] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop(ENV_CACHE_DIR, None)
    else:
        os.environ[ENV_CACHE_DIR] = previous


@pytest.fixture(scope="session")
def broker() -> Iterator[TansuBroker]:
    with TansuBroker() as running:
        yield running


@pytest.fixture
def unique(request: pytest.FixtureRequest) -> str:
    """A name prefix no other test uses (topics, consumer groups) on the shared broker."""
    return unique_name(request.node.name)


@pytest.fixture
def pipeline(broker: TansuBroker, unique: str, tmp_path: Path) -> Pipeline:
    """This test's own input/output topics (created) and consumer group on the shared broker."""
    return Pipeline.create(broker.url, unique, tmp_path)


@pytest.fixture
def workers(request: pytest.FixtureRequest) -> Iterator[WorkerPool]:
    """Starts `holdline worker` processes; kills leftovers at teardown and prints their logs on failure."""
    pool = WorkerPool()
    yield pool
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    pool.close(show_logs=failed)


TESTS = Path(__file__).resolve().parent
BROKER_FIXTURES = {"broker", "pipeline", "workers"}
BROWSER_FIXTURES = {"chromium"}
# Tests without a broker or a browser that are still not unit tests, by module (or module::test), with why:
# they start processes or servers, load whole list files, or wait on purpose. A test moves here when
# `pytest -m unit --durations=20` shows it above about a tenth of a second (docs/testing.md).
SLOW: dict[str, str] = {
    # `holdline` or Python started as a subprocess (what is tested is the process: start-up, exit codes,
    # a tty, what a fresh interpreter imports).
    "streams/cli/test_cli_ux.py": "subprocesses, and a broker address that never answers",
    "streams/cli/test_lazy_imports.py": "a fresh interpreter per command (what it imports at start)",
    "streams/cli/test_screen_cli.py": "subprocesses",
    "streams/cli/test_screen_fails_closed.py": "subprocesses",
    "streams/cli/test_screen_jsonl_perf.py": "`holdline screen --jsonl` in a subprocess",
    "streams/cli/test_screen_interactive.py::test_each_answer_arrives_while_the_writer_waits_for_it": (
        "`holdline screen --jsonl` as a co-process"
    ),
    "streams/api/test_auth_and_limits.py": "`holdline api serve` in a subprocess",
    "streams/api/test_fail_closed_and_screen.py::test_v1_screen_answers_what_screen_jsonl_writes": (
        "`holdline screen --jsonl` in a subprocess"
    ),
    "streams/test_lifecycle.py": "a Python subprocess per watchdog, waiting for it on purpose",
    "test_layout.py::test_importing_the_engine_imports_no_stream_or_http_client": "a fresh interpreter",
    "matchers/test_build_check.py::test_the_copy_runs_as_this_checkout_does": "a fresh interpreter",
    "matchers/test_build_check.py::test_an_edited_source_is_imported_from_source_with_one_warning": (
        "a fresh interpreter"
    ),
    "matchers/test_build_check.py::test_holdline_pure_imports_every_engine_module_from_source_silently": (
        "a fresh interpreter"
    ),
    "matchers/test_compiled_build.py": "two fresh interpreters, each indexing two whole lists",
    # Screening child processes forked (the pool's own behaviour: fork, pipes, kill, restart).
    "streams/test_screening_pool.py": "forks screening child processes",
    "streams/test_screening_pool_perf.py": "forks screening child processes",
    # Whole list files loaded (the shared lists hold about 36,000 entries).
    "streams/cli/test_lists_cli.py::test_json_for_the_whole_folder": "all shared lists",
    "streams/test_snapshot.py::test_a_compiled_snapshots_entries_are_counted_per_list_without_reading_one": (
        "two whole lists, indexed and compiled"
    ),
    "streams/cli/test_lists_cli.py::test_table_for_several_lists_shows_skips_repairs_and_ignored_files": (
        "two whole lists"
    ),
    "streams/compliance/test_compliance_publication.py::test_round_trip_of_a_multi_chunk_file_and_a_folder": (
        "the OFAC lists published in chunks, stored and loaded"
    ),
    "matchers/test_seed_all_lists.py": "all shared lists",
    "matchers/test_short_typo_country.py": "all shared lists",
    "matchers/test_cross_script_and_generic.py": "all shared lists",
    "matchers/lists/test_list_loading.py": "all shared lists",
    "matchers/lists/test_csl_csv.py": "the whole CSL file",
    "bench/test_devset.py": "builds the accuracy dev set from all shared lists",
    "bench/test_positives.py::test_the_reference_scores_the_same_sample_beside_the_engine": (
        "loads nomenklatura's LogicV2 and its name tables"
    ),
    "bench/test_translit_dev.py::test_google_tuning_rows_leave_out_every_name_the_pair_set_drew": (
        "builds the pair set from all shared lists"
    ),
    "bench/test_translit_dev.py::test_un_tuning_rows_are_the_originals_the_pair_set_left_out": (
        "builds the pair set from all shared lists"
    ),
    # Local servers and waiting on purpose: timeouts, concurrent processes, hypothesis' examples,
    # decompression bombs.
    "matchers/test_compiled.py::test_concurrent_writers_leave_one_complete_file": "concurrent processes",
    "matchers/test_compiled.py::test_a_screener_snapshot_carries_the_country_name_index": "an interpreter",
    "matchers/test_compiled.py::test_load_or_build_writes_the_tables_and_plain_files_still_load": (
        "a fresh interpreter"
    ),
    "matchers/test_english_words.py::test_zipf_frequency_is_wordfreqs_for_every_plain_word_of_the_table": (
        "wordfreq's own look-up of every word of its English table (seconds)"
    ),
    "matchers/test_english_words.py::test_a_snapshot_carries_the_table_and_screens_without_wordfreq": (
        "a fresh interpreter"
    ),
    "matchers/lists/test_download_hardening.py": "local HTTP servers and decompression bombs",
    "streams/test_input_bounds.py::test_a_batch_hanging_in_the_child_and_in_the_fallback_thread_is_held": (
        "waits for two batch timeouts"
    ),
    "streams/test_input_bounds.py::test_a_hung_batch_in_the_worker_thread_is_held_by_the_timeout": (
        "waits for a batch timeout"
    ),
    "streams/test_screening_first_perf.py": "screening batches that take their time on purpose",
    "streams/test_probes.py::test_the_probe_sees_a_blocked_loop": "blocks the event loop on purpose",
    (
        "streams/test_initial_load.py::"
        "test_the_first_join_starts_the_load_and_neither_a_later_join_nor_the_fallback_runs_it_again"
    ): "waits out the join head start and the fallback timer",
    "streams/test_initial_load.py::test_with_no_join_the_fallback_starts_the_load": "waits for a timer",
    "streams/cli/test_topics_schema_cli.py::test_topics_create_reports_an_unreachable_broker": (
        "waits for a broker that never answers"
    ),
    (
        "streams/console/test_console_security.py::"
        "test_failed_sign_ins_back_off_exponentially_per_address_and_per_account"
    ): "waits out the sign-in back-off",
    "streams/test_fuzz_route.py": "hypothesis' examples",
    "streams/console/test_queue_index.py": "hypothesis' examples (sequences of holds and decisions)",
    # A third-party start-up cost that only these tests pay.
    "matchers/test_countries.py::test_names_in_other_scripts_go_through_transliteration": (
        "builds ICU's transliterator (seconds, once per process)"
    ),
    "matchers/test_countries.py::test_agrees_with_rigour_on_its_own_names": (
        "every territory name in every script: builds ICU's transliterator"
    ),
}

# Fixtures that make every test using them slow.
SLOW_FIXTURES: dict[str, str] = {
    "yente": "fetches yente's wheel with pip (decision 0401)",
    "client": "the API over every shared list (tests/streams/api/conftest.py)",
    "agency": "a local HTTP server serving the real list files (tests/matchers/lists/test_snapshots.py)",
}


def _is_slow(item: pytest.Item) -> bool:
    module = item.path.resolve().relative_to(TESTS).as_posix()
    name = item.name.split("[")[0]
    fixtures = set(getattr(item, "fixturenames", ()))
    return module in SLOW or f"{module}::{name}" in SLOW or bool(fixtures & SLOW_FIXTURES.keys())


def kinds_of(item: pytest.Item) -> set[str]:
    """The kind markers of a test, from what it needs; `unit` only when it needs none of the others."""
    fixtures = set(getattr(item, "fixturenames", ()))
    kinds = set()
    if fixtures & BROWSER_FIXTURES:
        kinds.add("browser")
    if fixtures & BROKER_FIXTURES:
        kinds.add("broker")
    if item.path.resolve().is_relative_to(TESTS / "deploy"):
        kinds.add("deploy")
    if not kinds and _is_slow(item):
        kinds.add("slow")
    return kinds or {"unit"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        for kind in sorted(kinds_of(item)):
            item.add_marker(kind)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> object:
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
