"""`KafkaBroker`: a throw-away single-node Apache Kafka (KRaft) for the benchmarks, shaped like `TansuBroker`.

The tests run on Tansu (tests/support/broker.py): CI installs no Java. The start-up and publish-to-hold
benchmarks can also run on the broker production deploys (`--broker kafka`), because Tansu answers a new
group's first join only after half the session timeout with no setting (decision 0527) while Kafka delays
it by `group.initial.rebalance.delay.ms`, which Compose sets to 0 and so does this broker.

The broker runs from the jars `tests/support/kafka_fetch.py` resolved into its verified cache (or from
`libs`), with Java on the PATH (or `JAVA_HOME`): one combined broker-and-controller node on 127.0.0.1,
two free ports (clients, controller), its data in a temporary folder formatted with Kafka's `StorageTool`
for a fresh cluster id, its logs in `log_path` only.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from typing import Self

from tests.support.broker import HOST, BrokerError, BrokerProcess, TansuBroker, free_port

# Beyond the single-node essentials, what makes the broker behave like Compose's (deploy/compose/compose.yaml)
# and start quickly: no topic auto-creation, the first join answered at once, one replica of the internal
# topics, and few threads on a 2-core machine shared with the workers being measured.
BROKER_DEFAULTS: dict[str, str] = {
    "auto.create.topics.enable": "false",
    "group.initial.rebalance.delay.ms": "0",
    "offsets.topic.replication.factor": "1",
    "offsets.topic.num.partitions": "4",
    "transaction.state.log.replication.factor": "1",
    "transaction.state.log.min.isr": "1",
    "transaction.state.log.num.partitions": "4",
    "num.partitions": "1",
    "num.network.threads": "2",
    "num.io.threads": "2",
    "num.recovery.threads.per.data.dir": "1",
    "log.flush.interval.messages": "9223372036854775807",
}

# log4j 1 (Kafka 3.x, through reload4j) and log4j2 (Kafka 4.x): INFO and above of the broker to the log file,
# the chatty request and state-change loggers kept at WARN.
LOG4J_PROPERTIES = """\
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File={log}
log4j.appender.file.Append=true
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.org.apache.kafka.metadata=WARN
"""
LOG4J2_PROPERTIES = """\
appender.file.type=File
appender.file.name=file
appender.file.fileName={log}
appender.file.append=true
appender.file.layout.type=PatternLayout
appender.file.layout.pattern=[%d] %p %m (%c)%n
rootLogger.level=INFO
rootLogger.appenderRef.file.ref=file
logger.request.name=kafka.request.logger
logger.request.level=WARN
logger.state.name=state.change.logger
logger.state.level=WARN
"""
HEAP = ("-Xms256m", "-Xmx1g")


def new_cluster_id() -> str:
    """A cluster id as Kafka's `random-uuid` prints it (URL-safe base64 of 16 random bytes, unpadded)."""
    return base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")


def render_server_properties(
    host: str,
    port: int,
    controller_port: int,
    data_dir: Path,
    node_id: int = 1,
    overrides: dict[str, str] | None = None,
) -> str:
    """`server.properties` of a combined (broker and controller) single-node KRaft cluster on `host`."""
    props = {
        "process.roles": "broker,controller",
        "node.id": str(node_id),
        "controller.quorum.voters": f"{node_id}@{host}:{controller_port}",
        "listeners": f"PLAINTEXT://{host}:{port},CONTROLLER://{host}:{controller_port}",
        "advertised.listeners": f"PLAINTEXT://{host}:{port}",
        "inter.broker.listener.name": "PLAINTEXT",
        "controller.listener.names": "CONTROLLER",
        "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "log.dirs": str(data_dir),
        **BROKER_DEFAULTS,
        **(overrides or {}),
    }
    return "".join(f"{key}={value}\n" for key, value in props.items())


def java_binary() -> str:
    """`$JAVA_HOME/bin/java` if set, else `java` on the PATH."""
    home = os.environ.get("JAVA_HOME")
    candidate = str(Path(home) / "bin" / "java") if home else shutil.which("java")
    if not candidate or not Path(candidate).is_file():
        raise BrokerError("Java is not installed (no `java` on the PATH, no JAVA_HOME): Kafka cannot run")
    return candidate


def java_command(java: str, libs: Path, config_dir: Path, main_class: str, *args: str) -> list[str]:
    """A Kafka tool or the broker: its classpath the cached jars, its logging set by files in `config_dir`."""
    return [
        java,
        *HEAP,
        "-XX:+UseG1GC",
        "-Djava.awt.headless=true",
        f"-Dlog4j.configuration=file:{config_dir / 'log4j.properties'}",
        f"-Dlog4j2.configurationFile={config_dir / 'log4j2.properties'}",
        f"-Dkafka.logs.dir={config_dir}",
        "-cp",
        f"{libs}/*",
        main_class,
        *args,
    ]


def preflight() -> Path:
    """Java found and the jars fetched and verified, or `BrokerError` saying which is missing: a benchmark
    calls it before measuring anything, so a machine without Kafka fails at once, not after the Tansu part."""
    from tests.support.kafka_fetch import KafkaFetchError, fetch

    java_binary()
    try:
        return fetch()
    except KafkaFetchError as exc:
        raise BrokerError(f"no Kafka jars: {exc}") from exc


class KafkaBroker(BrokerProcess):
    """Start with `with KafkaBroker() as broker:`; `broker.url` is what `holdline --broker` takes."""

    NAME = "Kafka"
    STOP_TIMEOUT = 30.0

    def __init__(
        self,
        host: str = HOST,
        startup_timeout: float = 90.0,
        libs: Path | None = None,
        overrides: dict[str, str] | None = None,
    ) -> None:
        super().__init__(host, startup_timeout, log_prefix="kafka-")
        self.libs = libs
        self.overrides = dict(overrides or {})
        self.cluster_id: str | None = None
        self._home = Path(tempfile.mkdtemp(prefix="holdline-kafka-"))
        self._java = ""
        self._libs = Path()

    def _configure(self, attempt: int) -> tuple[Path, Path]:
        """A fresh data folder and config for one start attempt: (config folder, server.properties)."""
        config_dir = self._home / f"attempt{attempt}"
        data_dir = config_dir / "data"
        data_dir.mkdir(parents=True)
        self.port = free_port(self.host)
        controller_port = free_port(self.host)
        while controller_port == self.port:
            controller_port = free_port(self.host)
        props = config_dir / "server.properties"
        props.write_text(
            render_server_properties(
                self.host, self.port, controller_port, data_dir, overrides=self.overrides
            )
        )
        for name, template in (
            ("log4j.properties", LOG4J_PROPERTIES),
            ("log4j2.properties", LOG4J2_PROPERTIES),
        ):
            (config_dir / name).write_text(template.format(log=self.log_path))
        return config_dir, props

    def start(self) -> Self:
        self._java = java_binary()
        self._libs = self.libs or preflight()
        return super().start()

    def _spawn(self, attempt: int) -> None:
        config_dir, props = self._configure(attempt)
        self.cluster_id = new_cluster_id()
        storage = ("kafka.tools.StorageTool", "format", "-t", self.cluster_id, "-c", str(props))
        fmt = subprocess.run(
            java_command(self._java, self._libs, config_dir, *storage),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=self.startup_timeout,
            check=False,
        )
        if fmt.returncode != 0:
            raise BrokerError(f"Kafka's StorageTool format failed: {(fmt.stdout + fmt.stderr)[-2000:]}")
        self._popen(java_command(self._java, self._libs, config_dir, "kafka.Kafka", str(props)))

    def _wait_ready(self) -> None:
        """Ready: the cluster lists the broker (the controller registered it), not merely an open port."""
        from kafka import KafkaAdminClient
        from kafka.errors import KafkaError

        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            self._check_alive()
            try:
                admin = KafkaAdminClient(
                    bootstrap_servers=self.bootstrap, request_timeout_ms=3000, client_id="holdline-harness"
                )
            except KafkaError:
                time.sleep(0.2)
                continue
            try:
                if admin.describe_cluster().get("brokers"):
                    admin.list_topics()
                    return
            except KafkaError:
                pass
            finally:
                admin.close()
            time.sleep(0.2)
        raise BrokerError(
            f"Kafka did not answer on {self.bootstrap} within {self.startup_timeout:.0f}s: {self._log_tail()}"
        )

    def close(self) -> None:
        super().close()
        shutil.rmtree(self._home, ignore_errors=True)


BROKERS = ("tansu", "kafka")


def make_broker(kind: str) -> KafkaBroker | TansuBroker:
    """The broker a benchmark's `--broker` names (`tansu`, the default, or `kafka`), not started."""
    if kind == "kafka":
        return KafkaBroker()
    if kind == "tansu":
        return TansuBroker()
    raise ValueError(f"unknown broker {kind!r}: one of {', '.join(BROKERS)}")
