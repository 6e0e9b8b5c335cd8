"""Worker lifecycle on a real broker: clean shutdown, crash and restart, two workers sharing a group.

What an operator relies on: SIGTERM commits what was decided (a restart does not redo it), `kill -9`
loses nothing (it may redo some work; consumers dedupe by event id), and a second worker takes over
part of the partitions without either losing events.
"""

from __future__ import annotations

import threading
import time
from collections import Counter

from streams.kafka_io import TopicReader
from streams.samples import SampleGenerator, builtin_entries
from streams.settings import builtin_list_path
from tests.support.harness import Outputs, Pipeline, Produced, WorkerPool, WorkerProcess

LIST = builtin_list_path()


def _events_total(worker: WorkerProcess) -> int:
    return int(sum(v for (name, _), v in worker.metrics().items() if name == "holdline_events_total"))


def _assert_complete(outputs: Outputs, produced: list[Produced]) -> None:
    outcomes = outputs.outcomes_of(produced)
    missing = [produced[i].sample.event_id for i, got in outcomes.items() if not got]
    assert not missing, f"{len(missing)} of {len(produced)} events lost, e.g. {missing[:3]}"
    conflicting = {i: got for i, got in outcomes.items() if len(got) > 1}
    assert not conflicting, f"redelivered events decided differently: {conflicting}"


def test_sigterm_commits_offsets_and_a_restart_does_not_reprocess(
    pipeline: Pipeline, workers: WorkerPool
) -> None:
    generator = SampleGenerator(builtin_entries(), seed=11)
    worker = workers.start(pipeline, [LIST])
    worker.wait_ready()
    first = pipeline.produce(generator.samples(60))
    _assert_complete(pipeline.read_outputs(first, quiet=0), first)

    assert worker.terminate() == 0, worker.log_tail()
    ends: Counter[tuple[str, int]] = Counter()
    for p in first:
        ends[(p.topic, p.partition)] = max(ends[(p.topic, p.partition)], p.offset + 1)
    committed = pipeline.committed()
    assert {tp: committed[tp] for tp in ends} == dict(ends), "decided events left uncommitted at shutdown"

    worker.start()
    worker.wait_ready()
    second = pipeline.produce(generator.sample() for _ in range(20))
    outputs = pipeline.read_outputs(first + second)
    _assert_complete(outputs, first + second)
    assert len(outputs.records) == len(first) + len(second), "the restarted worker redid committed work"
    deadline = time.monotonic() + 10
    while _events_total(worker) < len(second) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _events_total(worker) == len(second)


def test_kill_9_mid_stream_then_restart_loses_nothing(pipeline: Pipeline, workers: WorkerPool) -> None:
    generator = SampleGenerator(builtin_entries(), seed=13)
    samples = list(generator.samples(1500))  # 6 s of traffic at 250/s
    worker = workers.start(pipeline, [LIST])
    worker.wait_ready()

    produced: list[Produced] = []
    producer = threading.Thread(target=lambda: produced.extend(pipeline.produce(samples, rate=250)))
    producer.start()
    # Kill once decisions are flowing, while events are still being produced.
    with TopicReader(pipeline.bootstrap, pipeline.output_topics) as reader:
        seen = 0
        deadline = time.monotonic() + 30
        while seen < 100 and time.monotonic() < deadline:
            seen += len(reader.poll())
    assert seen >= 100, f"worker decided only {seen} events in 30s:\n{worker.log_tail()}"
    assert producer.is_alive(), "production ended before the crash: the test would not be mid-stream"
    worker.kill()

    worker.start()
    worker.wait_ready()
    producer.join(timeout=60)
    assert len(produced) == len(samples)
    outputs = pipeline.read_outputs(produced, timeout=120)
    _assert_complete(outputs, produced)
    assert _events_total(worker) > 0, "the restarted worker did nothing: the crash was not mid-stream"


def test_two_workers_split_the_partitions_and_lose_nothing(pipeline: Pipeline, workers: WorkerPool) -> None:
    first = workers.start(pipeline, [LIST], name="first")
    first.wait_ready()
    total = int(first.metric("holdline_assigned_partitions"))  # alone: every partition it consumes
    assert total >= 2 * pipeline.settings.partitions
    second = workers.start(pipeline, [LIST], name="second")
    second.wait_ready()
    deadline = time.monotonic() + 60
    split = (0, 0)
    while time.monotonic() < deadline:
        split = (
            int(first.metric("holdline_assigned_partitions")),
            int(second.metric("holdline_assigned_partitions")),
        )
        if sum(split) == total and min(split) > 0:
            break
        time.sleep(0.5)
    assert sum(split) == total and min(split) > 0, f"assignment {split} of {total} partitions"

    produced = pipeline.produce(SampleGenerator(builtin_entries(), seed=17).samples(200))
    outputs = pipeline.read_outputs(produced)
    _assert_complete(outputs, produced)
    deadline = time.monotonic() + 10
    while _events_total(first) + _events_total(second) < len(outputs.records) and time.monotonic() < deadline:
        time.sleep(0.2)
    done = (_events_total(first), _events_total(second))
    assert min(done) > 0, f"one worker did all the work: {done}"
    assert sum(done) == len(outputs.records)
    assert first.terminate() == 0 and second.terminate() == 0
