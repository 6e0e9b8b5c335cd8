"""`make console`: try the review console on this machine, without Docker, in one command.

Starts the bundled Kafka-protocol test broker (Tansu) on a free port, creates the topics, starts one
`holdline worker` on the built-in list, produces sample purchase orders and shipments (some naming
listed parties, so there are holds to review), then `holdline console serve` with a throw-away reviewer
account whose secret is made up for this run and printed once. Runs until Ctrl-C (or `--for SECONDS`),
then stops everything; nothing outlives it (the broker keeps its records in memory).
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path

from streams.compliance.signing import Role, Signer
from streams.console.auth import hash_secret
from streams.samples import SampleGenerator, builtin_entries
from streams.settings import builtin_list_path
from tests.support.broker import TansuBroker, free_port
from tests.support.harness import Pipeline, WorkerPool

REVIEWER = "reviewer"


def say(text: str = "") -> None:
    print(text, flush=True)


def wait_http(url: str, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the console exited with {proc.returncode} before serving")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the console did not answer on {url} within {timeout:.0f}s")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.support.console_demo", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--events", type=int, default=300, help="sample events to produce (default 300)")
    parser.add_argument("--seed", type=int, default=2019, help="sample seed (default 2019)")
    parser.add_argument("--port", type=int, default=6067, help="console port (default 6067; 0: a free one)")
    parser.add_argument(
        "--for",
        dest="duration",
        type=float,
        default=None,
        metavar="SECONDS",
        help="stop after this many seconds (default: run until Ctrl-C)",
    )
    parser.add_argument(
        "--broker", help="use this running broker instead of starting one (kafka://HOST:PORT)"
    )
    parser.add_argument("--prefix", help="with --broker: topic and group names of their own (tests)")
    args = parser.parse_args(argv)
    # Ctrl-C is how this demo stops. A process started by a non-interactive shell's background job (a CI
    # runner, `nohup ... &`) inherits SIGINT ignored, and Python then raises no KeyboardInterrupt.
    signal.signal(signal.SIGINT, signal.default_int_handler)

    port = args.port or free_port()
    secret = secrets.token_urlsafe(12)
    with ExitStack() as stack:
        tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="holdline-console-"))
        broker_url = args.broker or stack.enter_context(TansuBroker()).url
        say(f"== broker: {'given' if args.broker else 'Tansu (Kafka protocol, memory only)'} at {broker_url}")
        pipeline = Pipeline.create(broker_url, args.prefix, Path(tmp), partitions=2)
        pool = WorkerPool()
        console: subprocess.Popen[bytes] | None = None
        try:
            # Decisions are signed (docs/security.md): a key for the console, one for a terminal operator;
            # the worker and the console trust both. Made for this run, gone with its folder.
            console_key, operator_key = Signer.generate("console"), Signer.generate("operator")
            operator_file = Path(tmp) / "operator.key"
            operator_file.write_text(operator_key.private_text() + "\n")
            operator_file.chmod(0o600)
            keys = {
                "HOLDLINE_TRUSTED_KEYS": ",".join(
                    [console_key.public_text([Role.CONSOLE]), operator_key.public_text([Role.REVIEWER])]
                )
            }
            worker = pool.start(pipeline, [builtin_list_path()], name="worker", extra_env=keys)
            worker.wait_ready(timeout=120)
            say(f"== worker pid {worker.pid} ready ({worker.web_url}/metrics)")
            samples = list(SampleGenerator(builtin_entries(), seed=args.seed).samples(args.events))
            pipeline.produce(samples)
            say(f"== produced {len(samples)} sample events; the worker holds those naming listed parties")
            env = {
                **os.environ,
                **pipeline.worker_env(),
                **keys,
                "HOLDLINE_SIGNING_KEY": console_key.private_text(),
                "HOLDLINE_REVIEWERS": f"{REVIEWER}:{hash_secret(secret)}",
            }
            log = open(Path(tmp) / "console.log", "wb")  # noqa: SIM115 - closed with the process below
            console = subprocess.Popen(
                [sys.executable, "-m", "streams.cli.main", "console", "serve", "--port", str(port)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
            )
            url = f"http://127.0.0.1:{port}/"
            wait_http(url + "healthz", console)
            say("")
            say(f"== review console: open {url}")
            say(f"   sign in as {REVIEWER!r} with secret {secret!r} (made up for this run, shown only here)")
            say(
                f"   from a terminal: HOLDLINE_BROKER={broker_url} HOLDLINE_OPERATOR=operator "
                f"HOLDLINE_SIGNING_KEY_FILE={operator_file} "
                "holdline holds decide --event-id ID --action release --reason TEXT"
            )
            say("   Ctrl-C stops the console, the worker and the broker")
            deadline = time.monotonic() + args.duration if args.duration is not None else None
            while deadline is None or time.monotonic() < deadline:
                if console.poll() is not None:
                    say(f"the console exited with {console.returncode}; see {log.name}")
                    return 1
                time.sleep(0.5)
        except KeyboardInterrupt:
            say("\n== stopping")
        finally:
            if console is not None and console.poll() is None:
                console.terminate()
                try:
                    console.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    console.kill()
            pool.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
