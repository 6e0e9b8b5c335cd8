"""Static group membership (`HOLDLINE_WORKER_INSTANCE_ID`, decision 0514) on the real broker.

A worker with an instance id joins as a static member (Kafka's `group.instance.id`): the broker knows it
by that id, and a worker restarted with the same id after a crash takes the old member's place and its
partitions, without a new generation (no rebalance of the group).
"""

from __future__ import annotations

import re

from streams.app import faust_config
from streams.settings import Settings, builtin_list_path
from tests.support.harness import Pipeline, WorkerPool, WorkerProcess

LIST = builtin_list_path()
JOINED = re.compile(r"Joined group '[^']+' \(generation (-?\d+)\) with member_id (\S+)")


def _joins(worker: WorkerProcess) -> list[tuple[int, str]]:
    """(generation, member id) of every group join in the worker's log, oldest first."""
    text = worker.log_path.read_text(errors="replace")
    return [(int(gen), member) for gen, member in JOINED.findall(text)]


def test_the_instance_id_reaches_the_consumer_only_when_set() -> None:
    assert faust_config(Settings())["consumer_group_instance_id"] is None
    assert faust_config(Settings(worker_instance_id="screening-0"))["consumer_group_instance_id"] == (
        "screening-0"
    )


def test_a_static_member_restarted_after_a_crash_gets_its_partitions_back_without_a_rebalance(
    pipeline: Pipeline, workers: WorkerPool, unique: str
) -> None:
    instance = f"{unique}-screening-0"
    worker = workers.start(pipeline, [LIST], extra_env={"HOLDLINE_WORKER_INSTANCE_ID": instance})
    first = worker.wait_ready()
    partitions = first["assigned_partitions"]
    assert partitions == 2 * pipeline.settings.partitions, first  # both input topics, all partitions
    [(generation, member)] = _joins(worker)
    assert member.startswith(f"{instance}-"), f"the broker did not see the instance id: {member}"

    worker.kill()  # a crash: no LeaveGroup (a static member never sends one)
    worker.start()
    again = worker.wait_ready()
    assert again["assigned_partitions"] == partitions, again
    rejoin_generation, rejoin_member = _joins(worker)[-1]
    assert rejoin_member.startswith(f"{instance}-"), rejoin_member
    assert rejoin_generation == generation, (
        f"the restart made the group rebalance (generation {generation} -> {rejoin_generation})"
    )
