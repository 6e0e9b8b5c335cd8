"""Run the real pipeline around a broker: topics, worker processes, sample traffic and its outcome.

Shared by the end-to-end tests, `make demo` and the pipeline benchmark so that all three exercise the
product the same way: `holdline worker` as a separate process (signals, restarts and crashes are real),
records produced and read with a plain client, results checked against `/metrics`.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from streams.kafka_io import Producer, Record, read_until
from streams.samples import Sample
from streams.settings import ComplianceSettings, Settings
from tests.support.broker import free_port

# Short enough that group joins (Tansu waits half the session timeout) and failover stay quick.
TEST_SESSION_TIMEOUT = 6.0
TEST_COMMIT_INTERVAL = 0.5


def unique_name(label: str) -> str:
    """A topic-prefix / group id no other run on the same broker uses."""
    base = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")[:40]
    return f"t-{base}-{uuid.uuid4().hex[:8]}"


@dataclass(frozen=True)
class Produced:
    sample: Sample
    topic: str
    partition: int
    offset: int


@dataclass
class Outputs:
    """What the worker(s) wrote, indexed the ways tests and the demo look things up."""

    records: list[tuple[str, dict[str, Any], Record]] = field(default_factory=list)  # (outcome, json, raw)

    @classmethod
    def from_records(cls, settings: Settings, raw: Iterable[Record]) -> Outputs:
        outcome_of = {
            settings.topic_hold: "hold",
            settings.topic_cleared: "cleared",
            settings.topic_deadletter: "deadletter",
        }
        out = cls()
        for rec in raw:
            try:
                doc = json.loads(rec.value or b"")
            except ValueError:
                doc = {"unparseable": (rec.value or b"")[:200].decode("utf-8", "replace")}
            out.records.append((outcome_of.get(rec.topic, rec.topic), doc, rec))
        return out

    def by_event_id(self) -> dict[str, list[tuple[str, dict[str, Any]]]]:
        found: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
        for outcome, doc, _ in self.records:
            if outcome != "deadletter" and doc.get("event_id"):
                found[doc["event_id"]].append((outcome, doc))
        return found

    def deadletters_by_source(self) -> dict[tuple[str, int, int], list[dict[str, Any]]]:
        found: dict[tuple[str, int, int], list[dict[str, Any]]] = defaultdict(list)
        for outcome, doc, _ in self.records:
            if outcome == "deadletter":
                src = doc.get("source") or {}
                found[(src.get("topic"), src.get("partition"), src.get("offset"))].append(doc)
        return found

    def outcomes_of(self, produced: Sequence[Produced]) -> dict[int, set[str]]:
        """Per produced record (by index): the set of outcomes it got (more than one is a bug)."""
        ids = self.by_event_id()
        dead = self.deadletters_by_source()
        result: dict[int, set[str]] = {}
        for i, p in enumerate(produced):
            got: set[str] = set()
            if (p.topic, p.partition, p.offset) in dead:
                got.add("deadletter")
            if p.sample.intent != "deadletter" and p.sample.event_id in ids:
                got.update(outcome for outcome, _ in ids[p.sample.event_id])
            result[i] = got
        return result

    def counts(self) -> Counter[str]:
        return Counter(outcome for outcome, _, _ in self.records)


def topic_defaults() -> dict[str, str]:
    """Every `topic_*` setting the product has, with its default name."""
    out: dict[str, str] = {}
    for cls in (Settings, ComplianceSettings):
        for name, info in cls.model_fields.items():
            if name.startswith("topic_") and isinstance(info.default, str):
                out[name] = info.default
    return out


class Pipeline:
    """One set of topics and one consumer group on a broker, with the settings a worker needs for them.

    With a prefix, EVERY topic the product uses (inputs, outputs, the compliance workflow's) is renamed,
    so runs sharing a broker never see each other's records or groups.
    """

    def __init__(self, settings: Settings, datadir: Path, env: Mapping[str, str]) -> None:
        self.settings = settings
        self.datadir = datadir
        self.env = dict(env)

    @classmethod
    def create(
        cls,
        broker_url: str,
        prefix: str | None,
        datadir: Path,
        partitions: int = 4,
        session_timeout: float = TEST_SESSION_TIMEOUT,
        commit_interval: float = TEST_COMMIT_INTERVAL,
        create: bool = True,
    ) -> Pipeline:
        """`prefix` None: the product's own topic names and group (the demo); else names of their own."""
        env = {
            "HOLDLINE_BROKER": broker_url,
            "HOLDLINE_PARTITIONS": str(partitions),
            "HOLDLINE_SESSION_TIMEOUT": str(session_timeout),
            "HOLDLINE_COMMIT_INTERVAL": str(commit_interval),
            "HOLDLINE_LAG_INTERVAL": "1.0",
            "HOLDLINE_DATADIR": str(datadir / "faust"),
            "HOLDLINE_LIST_STORE": str(datadir / "list-store"),
            # Test-broker workaround for the CLI's producers (see `streams.kafka_io.Producer`).
            "HOLDLINE_PRODUCER_ONE_RECORD_PER_BATCH": "true",
        }
        if prefix:
            env["HOLDLINE_GROUP_ID"] = prefix
            env.update(
                {
                    f"HOLDLINE_{name.upper()}": f"{prefix}.{default}"
                    for name, default in topic_defaults().items()
                }
            )
        fields = Settings.model_fields
        settings = Settings.model_validate(
            {
                k[len("HOLDLINE_") :].lower(): v
                for k, v in env.items()
                if k[len("HOLDLINE_") :].lower() in fields
            }
        )
        pipeline = cls(settings, datadir, env)
        if create:
            pipeline.create_topics()
        return pipeline

    def create_topics(self) -> None:
        """With `holdline topics create`, so the topics are exactly those the product declares."""
        proc = subprocess.run(
            [sys.executable, "-m", "streams.cli.main", "topics", "create"],
            capture_output=True,
            text=True,
            env={**os.environ, **self.env},
            timeout=120,
            check=False,
        )
        if proc.returncode != 0:
            raise RuntimeError(
                f"holdline topics create failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}"
            )

    @property
    def bootstrap(self) -> str:
        return ",".join(self.settings.bootstrap_servers)

    @property
    def output_topics(self) -> list[str]:
        return list(self.settings.output_topics)

    def worker_env(self) -> dict[str, str]:
        return dict(self.env)

    def topic_for(self, sample: Sample) -> str:
        s = self.settings
        return s.topic_purchases if sample.stream == "purchases" else s.topic_shipments

    def produce(self, samples: Iterable[Sample], rate: float | None = None) -> list[Produced]:
        """Send samples (one record per batch, see `kafka_io.Producer`), optionally paced at `rate`/s."""
        pending = []
        interval = 1.0 / rate if rate else 0.0
        start = time.monotonic()
        with Producer(self.bootstrap, one_record_per_batch=True) as producer:
            for i, sample in enumerate(samples):
                if interval:
                    delay = start + i * interval - time.monotonic()
                    if delay > 0:
                        time.sleep(delay)
                pending.append((sample, producer.send(self.topic_for(sample), sample.value, sample.key)))
            producer.flush()
            done = []
            for sample, future in pending:
                meta = future.get(timeout=30)
                done.append(Produced(sample, meta.topic, meta.partition, meta.offset))
        return done

    def read_outputs(
        self, produced: Sequence[Produced] = (), timeout: float = 90.0, quiet: float = 1.0
    ) -> Outputs:
        """Output records once every produced record has an outcome (or `timeout` passes), then `quiet`."""
        progress = _Completion(self.settings, produced)
        raw = read_until(self.bootstrap, self.output_topics, progress.complete, timeout=timeout, quiet=quiet)
        return Outputs.from_records(self.settings, raw)

    def wait_committed(self, produced: Sequence[Produced], timeout: float = 90.0) -> bool:
        """Until the group committed past every produced record (True), or `timeout` passed (False).

        Cheap enough to poll while a worker drains a backlog, unlike reading its outputs, which would
        compete with it for the CPU (the benchmark measures the worker, not its reader).
        """
        wanted: dict[tuple[str, int], int] = {}
        for p in produced:
            wanted[(p.topic, p.partition)] = max(wanted.get((p.topic, p.partition), 0), p.offset + 1)
        return self.wait_committed_to(wanted, timeout)

    def wait_committed_to(self, wanted: Mapping[tuple[str, int], int], timeout: float = 90.0) -> bool:
        """Until the group's committed offset of each (topic, partition) reached the given one."""
        deadline = time.monotonic() + timeout
        while True:
            committed = self.committed()
            if all(committed.get(tp, -1) >= end for tp, end in wanted.items()):
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.5)

    def committed(self) -> dict[tuple[str, int], int]:
        """The group's committed offsets on the input topics (-1: none)."""
        from kafka import KafkaConsumer, TopicPartition

        consumer = KafkaConsumer(
            bootstrap_servers=self.bootstrap, group_id=self.settings.group_id, enable_auto_commit=False
        )
        try:
            out = {}
            for topic in self.settings.input_topics:
                for p in sorted(consumer.partitions_for_topic(topic) or ()):
                    offset = consumer.committed(TopicPartition(topic, p))
                    out[(topic, p)] = -1 if offset is None else int(offset)
            return out
        finally:
            consumer.close()


class _Completion:
    """Whether every produced record has an outcome yet, parsing each output record once."""

    def __init__(self, settings: Settings, produced: Sequence[Produced]) -> None:
        self.outcome_of = {
            settings.topic_hold: "hold",
            settings.topic_cleared: "cleared",
            settings.topic_deadletter: "deadletter",
        }
        self.by_position: dict[tuple[str, int, int], set[int]] = defaultdict(set)
        self.by_event_id: dict[str, set[int]] = defaultdict(set)
        for i, p in enumerate(produced):
            self.by_position[(p.topic, p.partition, p.offset)].add(i)
            if p.sample.intent != "deadletter" and p.sample.event_id:
                self.by_event_id[p.sample.event_id].add(i)
        self.pending = set(range(len(produced)))
        self.read = 0

    def complete(self, raw: list[Record]) -> bool:
        for rec in raw[self.read :]:
            try:
                doc = json.loads(rec.value or b"")
            except ValueError:
                continue
            if not isinstance(doc, dict):
                continue
            if self.outcome_of.get(rec.topic) == "deadletter":
                src = doc.get("source") or {}
                self.pending -= self.by_position.get(
                    (src.get("topic"), src.get("partition"), src.get("offset")), set()
                )
            elif rec.topic in self.outcome_of and doc.get("event_id"):
                self.pending -= self.by_event_id.get(doc["event_id"], set())
        self.read = len(raw)
        return not self.pending


def parse_metrics(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    from prometheus_client.parser import text_string_to_metric_families

    out: dict[tuple[str, frozenset[tuple[str, str]]], float] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            out[(sample.name, frozenset(sample.labels.items()))] = float(sample.value)
    return out


class WorkerProcess:
    """`holdline worker` in a process of its own, as an operator would run it."""

    def __init__(
        self,
        pipeline: Pipeline,
        lists: Sequence[str | Path],
        name: str = "worker",
        extra_env: Mapping[str, str] | None = None,
        log_dir: Path | None = None,
        argv: Sequence[str] | None = None,
    ) -> None:
        """`argv`: run this command instead of `holdline worker` (the benchmark's pass-through)."""
        self.pipeline = pipeline
        self.argv = list(argv) if argv else None
        self.lists = [str(p) for p in lists]
        self.name = name
        self.extra_env = dict(extra_env or {})
        log_dir = log_dir or Path(tempfile.mkdtemp(prefix="holdline-worker-"))
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = log_dir / f"{name}.log"
        self.web_port: int | None = None
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    def start(self) -> WorkerProcess:
        if self.proc is not None and self.proc.poll() is None:
            raise RuntimeError(f"{self.name} is already running")
        self.starts += 1
        self.web_port = free_port()
        env = {
            **os.environ,
            **self.pipeline.worker_env(),
            **self.extra_env,
            "HOLDLINE_DATADIR": str(self.pipeline.datadir / f"{self.name}-data"),
            "HOLDLINE_WEB_PORT": str(self.web_port),
            "PYTHONUNBUFFERED": "1",
        }
        cmd = [
            sys.executable,
            "-m",
            "streams.cli.main",
            "worker",
            "--broker",
            self.pipeline.settings.broker,
            "--web-port",
            str(self.web_port),
        ]
        for path in self.lists:
            cmd += ["--list", path]
        if self.argv:
            cmd = self.argv
        with open(self.log_path, "ab") as log:
            log.write(f"\n==== start #{self.starts}: {' '.join(cmd)}\n".encode())
            self.proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
            )
        return self

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def http_get(self, path: str, timeout: float = 2.0) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.web_url + path, timeout=timeout) as resp:
                return int(resp.status), resp.read()
        except urllib.error.HTTPError as exc:
            return int(exc.code), exc.read()

    def health(self) -> tuple[int, dict[str, Any]]:
        status, body = self.http_get("/healthz")
        return status, json.loads(body or b"{}")

    def metrics(self) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
        status, body = self.http_get("/metrics")
        if status != 200:
            raise RuntimeError(f"{self.name} /metrics answered {status}")
        return parse_metrics(body.decode())

    def metric(self, name: str, **labels: str) -> float:
        """One sample's value (0.0 when absent)."""
        return self.metrics().get((name, frozenset(labels.items())), 0.0)

    def wait_ready(self, timeout: float = 60.0, need_lists: bool = True) -> dict[str, Any]:
        """Until `/healthz` is ready (or, with `need_lists=False`, partitions are assigned)."""
        deadline = time.monotonic() + timeout
        last: Any = "no answer"
        while time.monotonic() < deadline:
            if not self.running():
                raise RuntimeError(
                    f"{self.name} exited with {self.proc.returncode if self.proc else None}:\n"
                    f"{self.log_tail()}"
                )
            try:
                status, body = self.health()
                last = body
                if status == 200 or (not need_lists and body.get("assigned_partitions", 0) > 0):
                    return body
            except (OSError, ValueError) as exc:
                last = repr(exc)
            time.sleep(0.25)
        raise TimeoutError(
            f"{self.name} not ready after {timeout:.0f}s (last /healthz: {last}):\n{self.log_tail()}"
        )

    def terminate(self, timeout: float = 30.0) -> int:
        """SIGTERM and wait for a clean exit; returns the exit code."""
        if self.proc is None:
            return 0
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return int(self.proc.wait(timeout=timeout))
        except subprocess.TimeoutExpired:
            self.kill()
            raise TimeoutError(
                f"{self.name} ignored SIGTERM for {timeout:.0f}s:\n{self.log_tail()}"
            ) from None

    def kill(self) -> None:
        """SIGKILL: a crash, no chance to commit or close anything."""
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def log_tail(self, limit: int = 6000) -> str:
        with contextlib.suppress(OSError):
            return self.log_path.read_text(errors="replace")[-limit:]
        return "(no log)"


class WorkerPool:
    """Worker processes of one test or run, all stopped on `close()` whatever happened."""

    def __init__(self) -> None:
        self.workers: list[WorkerProcess] = []

    def start(
        self,
        pipeline: Pipeline,
        lists: Sequence[str | Path],
        name: str | None = None,
        extra_env: Mapping[str, str] | None = None,
        argv: Sequence[str] | None = None,
    ) -> WorkerProcess:
        worker = WorkerProcess(
            pipeline,
            lists,
            name=name or f"worker{len(self.workers) + 1}",
            extra_env=extra_env,
            log_dir=pipeline.datadir / "logs",
            argv=argv,
        )
        self.workers.append(worker)
        return worker.start()

    def close(self, show_logs: bool = False) -> None:
        for worker in self.workers:
            if worker.running():
                with contextlib.suppress(Exception):
                    worker.terminate(timeout=15)
            worker.kill()
            if show_logs:
                sys.stderr.write(f"\n---- {worker.name} log ({worker.log_path}) ----\n{worker.log_tail()}\n")


def decode_payload(deadletter: Mapping[str, Any]) -> bytes:
    return base64.b64decode(deadletter.get("payload_b64") or "")
