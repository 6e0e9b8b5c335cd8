"""One way for every command to say it cannot reach the Kafka broker: one line, exit code 2.

Without this each command failed in its client's own way: Faust printed a 66-line traceback, kafka-python
raised `NoBrokersAvailable` after half a minute, aiokafka a `KafkaConnectionError`. Commands call
`require_broker` before they build a client (a TCP connect per bootstrap address, retried for a few
seconds), and `holdline` turns a `BrokerUnreachable` or a client's connection error that still escapes
into the same line; `--debug` shows the traceback instead.
"""

from __future__ import annotations

import socket
import sys
import time
from typing import TextIO

from matchers.errors import HoldlineError

EXIT_BROKER = 2
# Connection failures of the Kafka clients, by module and class name so that `holdline screen` never
# imports a Kafka client just to recognise their errors.
CLIENT_CONNECTION_ERRORS = frozenset(
    {
        ("kafka.errors", "NoBrokersAvailable"),
        ("kafka.errors", "KafkaConnectionError"),
        ("kafka.errors", "KafkaTimeoutError"),
        ("aiokafka.errors", "KafkaConnectionError"),
        ("aiokafka.errors", "KafkaTimeoutError"),
    }
)


class BrokerUnreachable(HoldlineError):
    """No bootstrap address of the broker accepted a connection."""

    def __init__(self, address: str, detail: str) -> None:
        super().__init__(f"cannot reach the Kafka broker at {address} ({detail})")
        self.address = address
        self.detail = detail


def _host_port(server: str) -> tuple[str, int]:
    host, _, port = server.rpartition(":")
    return host.strip("[]") or "localhost", int(port or 9092)


def require_broker(address: str, servers: list[str], wait: float = 3.0, connect_timeout: float = 1.0) -> None:
    """Return once one of `servers` accepts a TCP connection; `BrokerUnreachable` after `wait` seconds."""
    deadline = time.monotonic() + wait
    detail = "no bootstrap address"
    while True:
        for server in servers:
            try:
                host, port = _host_port(server)
                with socket.create_connection((host, port), timeout=connect_timeout):
                    return
            except (OSError, ValueError) as exc:
                detail = f"{server}: {getattr(exc, 'strerror', None) or exc}"
        if time.monotonic() >= deadline:
            raise BrokerUnreachable(address, detail)
        time.sleep(0.3)


def command_label(args: object) -> str:
    """`holds tail`, `topics create`: the command and its action, as the user typed them."""
    words = [str(getattr(args, "command", "") or "")]
    words += [
        str(value)
        for key, value in sorted(vars(args).items())
        if key.endswith("_command") and isinstance(value, str)
    ]
    return " ".join(w for w in words if w)


def is_broker_failure(exc: BaseException) -> bool:
    if isinstance(exc, BrokerUnreachable):
        return True
    return any((cls.__module__, cls.__name__) in CLIENT_CONNECTION_ERRORS for cls in type(exc).__mro__)


def broker_message(command: str, exc: BaseException, address: str | None = None) -> str:
    """The one line: which address, what went wrong, what to check."""
    where = getattr(exc, "address", None) or address or "the configured broker"
    detail = getattr(exc, "detail", None) or f"{type(exc).__name__}: {exc}"
    return (
        f"holdline {command}: cannot reach the Kafka broker at {where} ({detail}); check that it is "
        "running and that --broker or HOLDLINE_BROKER names it (kafka://HOST:PORT)"
    )


def report_broker_failure(
    command: str, exc: BaseException, address: str | None = None, stream: TextIO | None = None
) -> bool:
    """Print the one line for a broker failure and return True; False (nothing printed) for anything else."""
    if not is_broker_failure(exc):
        return False
    (stream or sys.stderr).write(broker_message(command, exc, address) + "\n")
    return True
