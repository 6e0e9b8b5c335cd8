"""`bench.startup --broker` and `bench.publish_rehold --broker`: which brokers a run measures on, and what
the worker's log says about the group join (read to split the broker's hold from the worker's share)."""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path

import pytest

from bench import publish_rehold, startup
from bench.startup import WorkerTimes, group_steps_after, lists_in_after, parse_brokers


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("tansu", ("tansu",)),
        ("kafka", ("kafka",)),
        ("tansu,kafka", ("tansu", "kafka")),
        (" Kafka , tansu ", ("kafka", "tansu")),
        ("kafka,kafka", ("kafka",)),
    ],
)
def test_the_broker_option_names_brokers_in_order_each_once(text: str, kinds: tuple[str, ...]) -> None:
    assert parse_brokers(text) == kinds


@pytest.mark.parametrize("text", ["", " , ", "redpanda", "tansu,zookeeper"])
def test_an_unknown_or_empty_broker_is_refused(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        parse_brokers(text)


def test_the_benchmarks_refuse_an_unknown_broker_before_starting_anything(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exc:
        startup.main(["--worker-only", "--broker", "redpanda"])
    assert exc.value.code == 2
    assert "unknown broker(s) redpanda" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        publish_rehold.main(["--broker", "redpanda"])
    assert exc.value.code == 2
    assert "invalid choice: 'redpanda'" in capsys.readouterr().err


def _line(epoch: float, offset: float, text: str) -> str:
    stamp = datetime.datetime.fromtimestamp(epoch + offset)
    return f"[{stamp:%Y-%m-%d %H:%M:%S},{stamp.microsecond // 1000:03d}] [1] [INFO] {text}\n"


def test_the_group_steps_are_read_from_the_workers_log(tmp_path: Path) -> None:
    epoch = 1_800_000_000.0
    log = "".join(
        [
            _line(epoch, 0.4, "[^Worker]: Starting..."),
            _line(epoch, 0.8, "(Re-)joining group holdline-x"),
            _line(epoch, 3.81, "Joined group 'holdline-x' (generation 1) with member_id aiokafka-1"),
            _line(epoch, 3.85, "Elected group leader -- performing partition assignments using faust"),
            _line(epoch, 3.9, "Successfully synced group holdline-x with generation 1"),
            _line(epoch, 2.45, "lists loaded in 1.6s: version cd3e5d64a052 (role all)"),
            _line(epoch, 5.2, "(Re-)joining group holdline-x"),  # a later rebalance: not the first join
        ]
    )
    assert group_steps_after(log, epoch) == (0.8, 3.81, 3.9)
    assert lists_in_after(log, epoch) == 2.45
    assert group_steps_after("no group lines\n", epoch) == (None, None, None)
    snapshot_only = _line(epoch, 2.1, "streams.snapshot: lists loaded in 0.86s (compiled snapshot: hit)")
    assert lists_in_after(snapshot_only, epoch) is None  # the snapshot read, not the load with its callbacks


def test_start_to_healthz_less_the_brokers_hold_never_falls_below_readyz() -> None:
    held = WorkerTimes(web=1.0, ready=1.6, ready_cpu=1.2, assigned=4.2, join_sent=0.8, joined=3.8, synced=3.9)
    assert held.broker_hold == pytest.approx(3.0)
    assert held.without_hold == pytest.approx(1.6)  # the lists load was the later of the two
    slow_after = WorkerTimes(web=1.0, ready=1.0, ready_cpu=1.0, assigned=4.5, join_sent=0.8, joined=3.8)
    assert slow_after.without_hold == pytest.approx(1.5)
    unknown = WorkerTimes(web=1.0, ready=1.0, ready_cpu=1.0, assigned=4.5)
    assert unknown.broker_hold is None and unknown.without_hold == 4.5
