"""End to end on a real broker: a mixed batch through one `holdline worker`, checked record by record.

One worker run serves the module (starting a worker and joining its group costs seconds); every test
then checks one promise about the same run: exactly one outcome per event, the right one, with the
evidence, keyed by business id, and `/metrics` telling the same story as the topics.
"""

from __future__ import annotations

import base64
import json
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from matchers import Screener
from streams.events import parse_event
from streams.samples import ROBUST_VARIANTS, Defect, SampleGenerator, Variant, builtin_entries
from streams.settings import builtin_list_path
from tests.support.broker import TansuBroker
from tests.support.harness import Outputs, Pipeline, Produced, WorkerPool, WorkerProcess, unique_name

SEED = 20191009
N_EVENTS = 160


@dataclass
class Run:
    pipeline: Pipeline
    worker: WorkerProcess
    produced: list[Produced]
    outputs: Outputs
    metrics: dict[tuple[str, frozenset[tuple[str, str]]], float]
    oracle: Screener


def _expected_hold(screener: Screener, value: bytes) -> bool:
    """The engine's own verdict, in process: does any party of this event hit?"""
    event = parse_event(json.loads(value))
    return any(
        screener.is_hit(screener.screen(p.name, country=p.country, kind=p.kind)) for _, p in event.parties()
    )


def _events_total(metrics: dict[tuple[str, frozenset[tuple[str, str]]], float]) -> Counter[tuple[str, str]]:
    out: Counter[tuple[str, str]] = Counter()
    for (name, labels), value in metrics.items():
        if name == "holdline_events_total":
            d = dict(labels)
            out[(d["topic"], d["outcome"])] += int(value)
    return out


@pytest.fixture(scope="module")
def run(broker: TansuBroker, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    pipeline = Pipeline.create(broker.url, unique_name("mixed"), tmp_path_factory.mktemp("mixed"))
    pool = WorkerPool()
    try:
        worker = pool.start(pipeline, [builtin_list_path()])
        worker.wait_ready()
        samples = list(SampleGenerator(builtin_entries(), seed=SEED).samples(N_EVENTS))
        produced = pipeline.produce(samples)
        outputs = pipeline.read_outputs(produced, timeout=90)
        # Counters move when the broker acknowledges each output record: allow them a moment to settle.
        deadline = time.monotonic() + 15
        metrics = worker.metrics()
        while sum(_events_total(metrics).values()) < len(outputs.records) and time.monotonic() < deadline:
            time.sleep(0.3)
            metrics = worker.metrics()
        yield Run(pipeline, worker, produced, outputs, metrics, Screener.from_paths([builtin_list_path()]))
    finally:
        pool.close(show_logs=False)


def test_the_batch_covers_every_role_spelling_and_defect(run: Run) -> None:
    """Guards the test's premise: the sample really is mixed."""
    samples = [p.sample for p in run.produced]
    roles = {lp.role for s in samples for lp in s.listed}
    assert roles == {
        "buyer",
        "supplier",
        "ship_to",
        "end_user",
        "shipper",
        "consignee",
        "notify_party",
        "forwarder",
        "carrier",
    }
    assert {lp.variant for s in samples for lp in s.listed} == set(Variant)
    assert {s.defect for s in samples if s.defect} == set(Defect)
    assert sum(1 for s in samples if s.intent == "cleared") >= 50


def test_every_event_ends_in_exactly_one_output_topic(run: Run) -> None:
    outcomes = run.outputs.outcomes_of(run.produced)
    missing = [run.produced[i].sample for i, got in outcomes.items() if not got]
    assert not missing, f"{len(missing)} events have no outcome, e.g. {missing[0].value[:200]!r}"
    ambiguous = {i: got for i, got in outcomes.items() if len(got) != 1}
    assert not ambiguous, f"events with several outcomes: {ambiguous}"
    # One worker, no restart: not even duplicates.
    assert len(run.outputs.records) == len(run.produced)
    by_id = run.outputs.by_event_id()
    assert all(len(by_id[p.sample.event_id]) == 1 for p in run.produced if p.sample.intent != "deadletter")


def test_malformed_input_is_dead_lettered_with_its_original_bytes(run: Run) -> None:
    dead = run.outputs.deadletters_by_source()
    for p in run.produced:
        if p.sample.intent != "deadletter":
            assert (p.topic, p.partition, p.offset) not in dead
            continue
        [record] = dead[(p.topic, p.partition, p.offset)]
        assert record["decision"] == "deadletter"
        assert base64.b64decode(record["payload_b64"]) == p.sample.value
        assert record["error"], record
        assert record["source"] == {"topic": p.topic, "partition": p.partition, "offset": p.offset}
        if p.sample.defect in (
            Defect.MISSING_PARTY_NAME,
            Defect.WRONG_TYPES,
            Defect.BAD_TIMESTAMP,
            Defect.UNKNOWN_EVENT_TYPE,
        ):
            assert record.get("event_id") == p.sample.event_id, "a readable event id must be kept"


def test_decisions_are_the_engines_and_the_samples_intent(run: Run) -> None:
    by_id = run.outputs.by_event_id()
    wrong = []
    for p in run.produced:
        s = p.sample
        if s.intent == "deadletter":
            continue
        [(outcome, record)] = by_id[s.event_id]
        expected = "hold" if _expected_hold(run.oracle, s.value) else "cleared"
        if outcome != expected or record["decision"] != outcome:
            wrong.append((s.event_id, outcome, expected, s.party_names))
        if s.intent == "cleared":
            assert outcome == "cleared", f"ordinary parties held: {s.party_names} -> {record.get('hits')}"
        if s.robust:
            assert outcome == "hold", f"listed party not held: {[lp.written_as for lp in s.listed]}"
    assert not wrong, f"pipeline and engine disagree: {wrong}"


def test_listed_parties_are_held_in_their_role_with_the_listed_entry(run: Run) -> None:
    """Spellings any screener must catch (exact, alias, case, legal form, spacing) are held, in their role.

    City-prefixed names are held when the engine says so (checked above against the engine itself).
    """
    by_id = run.outputs.by_event_id()
    for p in run.produced:
        for listed in p.sample.listed:
            if listed.variant not in ROBUST_VARIANTS:
                continue
            [(outcome, record)] = by_id[p.sample.event_id]
            assert outcome == "hold", f"{listed.written_as!r} ({listed.variant}) as {listed.role} was cleared"
            hits = {h["role"]: h for h in record["hits"]}
            assert listed.role in hits, f"hold does not name role {listed.role}: {record['hits']}"
            entry_ids = [m["entry_id"] for m in hits[listed.role]["matches"]]
            assert listed.entry_id in entry_ids, (listed, entry_ids)


def test_hold_records_carry_the_evidence(run: Run) -> None:
    holds = [(doc, raw) for outcome, doc, raw in run.outputs.records if outcome == "hold"]
    assert holds
    for doc, _ in holds:
        assert doc["decision"] == "hold" and doc["reason"] == "match"
        assert doc["event_type"] in ("purchase_order", "shipment")
        assert doc["list_version"] == run.oracle.version
        assert doc["screened_at"]
        assert doc["hits"]
        for hit in doc["hits"]:
            assert hit["role"] and hit["party"]["name"]
            assert hit["matches"]
            for match in hit["matches"]:
                assert set(match) >= {"list", "entry_id", "name", "matched", "score", "explanation"}
                assert match["entry_id"] in run.oracle.entries
                entry = run.oracle.entries[match["entry_id"]]
                assert match["name"] == entry.name and match["matched"] in entry.names()
                assert match["list"] == entry.list
                assert run.oracle.threshold <= match["score"] <= 1.0
                assert isinstance(match["explanation"], dict) and match["explanation"]


def test_cleared_records_name_the_list_version_and_parties(run: Run) -> None:
    cleared = [doc for outcome, doc, _ in run.outputs.records if outcome == "cleared"]
    assert cleared
    for doc in cleared:
        assert doc["decision"] == "cleared" and doc["screened_at"]
        assert doc["list_version"] == run.oracle.version


def test_decisions_are_keyed_by_business_id(run: Run) -> None:
    """All records of one PO or shipment share a key, hence a partition and an order."""
    sample_key = {p.sample.event_id: p.sample.key for p in run.produced if p.sample.event_id}
    for outcome, doc, raw in run.outputs.records:
        if outcome == "deadletter":
            continue
        business_id = doc["po_number"] if doc["event_type"] == "purchase_order" else doc["shipment_id"]
        assert raw.key == business_id.encode() == sample_key[doc["event_id"]]


def test_metrics_agree_with_the_topics(run: Run) -> None:
    topic_of = {p.sample.event_id: p.topic for p in run.produced if p.sample.event_id}
    from_topics: Counter[tuple[str, str]] = Counter()
    for outcome, doc, _ in run.outputs.records:
        source = doc["source"]["topic"] if outcome == "deadletter" else topic_of[doc["event_id"]]
        from_topics[(source, outcome)] += 1
    from_metrics = _events_total(run.metrics)
    assert +from_metrics == +from_topics
    # The zero series exist from the start (rates and alerts work before the first event).
    for topic in run.pipeline.settings.input_topics:
        for outcome in ("hold", "cleared", "deadletter"):
            series = ("holdline_events_total", frozenset({("topic", topic), ("outcome", outcome)}))
            assert series in run.metrics
    roles = {
        dict(labels)["role"]: v
        for (name, labels), v in run.metrics.items()
        if name == "holdline_parties_screened_total"
    }
    assert roles["carrier"] > 0 and roles["buyer"] > 0
    assert run.metrics[("holdline_lists_loaded", frozenset())] == 1.0
    # Alone in its group, the worker holds every partition of the input topics (and of any other topic
    # it consumes, e.g. the compliance workflow's).
    assert run.metrics[("holdline_assigned_partitions", frozenset())] >= 2 * run.pipeline.settings.partitions


def test_fail_closed_when_the_list_cannot_be_read(
    pipeline: Pipeline, workers: WorkerPool, tmp_path: Path
) -> None:
    broken = tmp_path / "entity_list.json"
    broken.write_text('{"entities": [ this is not JSON')
    worker = workers.start(pipeline, [broken])
    health = worker.wait_ready(need_lists=False)
    assert health["lists_loaded"] is False
    status, _ = worker.health()
    assert status == 503, "a worker that cannot screen must not report ready"

    samples = list(SampleGenerator(builtin_entries(), seed=7).samples(40))
    produced = pipeline.produce(samples)
    outputs = pipeline.read_outputs(produced, timeout=60)
    outcomes = outputs.outcomes_of(produced)
    assert all(outcomes.values()), "events were dropped"
    by_id = outputs.by_event_id()
    for p in produced:
        if p.sample.intent == "deadletter":
            assert outcomes[produced.index(p)] == {"deadletter"}
            continue
        [(outcome, record)] = by_id[p.sample.event_id]
        assert outcome == "hold", "an event that could not be screened was cleared"
        assert record["reason"] == "screening_unavailable"
        assert record["list_version"] is None
    assert outputs.counts()["cleared"] == 0
    assert worker.metric("holdline_lists_loaded") == 0.0
    assert worker.terminate() == 0
