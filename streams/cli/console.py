"""`holdline console`: the compliance team's review console (a small service beside the workers).

`holdline console serve` folds the hold state and output topics and serves the review pages on
127.0.0.1 (unless told otherwise); `holdline console hash-secret` makes a reviewer account entry for
`HOLDLINE_REVIEWERS`.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from streams.console.auth import Authenticator
    from streams.settings import ComplianceSettings, Settings

EXIT_FAILED = 1
EXIT_USAGE = 2


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("console", help="the review console for the compliance team")
    sub = p.add_subparsers(dest="console_command", required=True, metavar="ACTION")
    serve = sub.add_parser("serve", help="serve the review console")
    serve.add_argument("--broker", help="kafka://HOST:PORT (env HOLDLINE_BROKER)")
    serve.add_argument("--host", help="bind address (env HOLDLINE_CONSOLE_HOST; default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (env HOLDLINE_CONSOLE_PORT; default 6067)")
    serve.set_defaults(handler=run_serve)
    secret = sub.add_parser("hash-secret", help="print a `name:scrypt$...` entry for HOLDLINE_REVIEWERS")
    secret.add_argument("--name", required=True, help="the reviewer's account name")
    secret.set_defaults(handler=run_hash_secret)
    keygen = sub.add_parser("keygen", help="make an Ed25519 key pair for signing decisions or publications")
    keygen.add_argument(
        "--key-id",
        required=True,
        help="the key's id (for a reviewer key: the reviewer's name, recorded on decisions)",
    )
    keygen.add_argument(
        "--role",
        action="append",
        required=True,
        choices=("console", "reviewer", "publisher"),
        help="what the key may sign (repeatable)",
    )
    keygen.add_argument(
        "--private-out",
        type=Path,
        help="write the private key to this file (mode 600) instead of standard output",
    )
    keygen.set_defaults(handler=run_keygen)


def run_hash_secret(args: argparse.Namespace) -> int:
    from streams.console.auth import AuthConfigError, hash_secret

    if sys.stdin.isatty():
        secret = getpass.getpass("secret: ")
        if getpass.getpass("again: ") != secret:
            sys.stderr.write("holdline console hash-secret: the two secrets differ\n")
            return EXIT_USAGE
    else:
        secret = sys.stdin.readline().rstrip("\n")
    name = args.name.strip()
    if not name or any(c in name for c in ":,"):
        sys.stderr.write("holdline console hash-secret: a name must be non-empty, without ':' or ','\n")
        return EXIT_USAGE
    try:
        print(f"{name}:{hash_secret(secret)}")
    except AuthConfigError as exc:
        sys.stderr.write(f"holdline console hash-secret: {exc}\n")
        return EXIT_USAGE
    return 0


def run_keygen(args: argparse.Namespace) -> int:
    """Private key to its holder only; the public line goes to every verifier's HOLDLINE_TRUSTED_KEYS."""
    import os

    from streams.compliance.signing import Role, Signer

    key_id = args.key_id.strip()
    if not key_id or any(c in key_id for c in ":,\n"):
        sys.stderr.write("holdline console keygen: a key id must be non-empty, without ':' or ','\n")
        return EXIT_USAGE
    signer = Signer.generate(key_id)
    public = signer.public_text([Role(r) for r in dict.fromkeys(args.role)])
    if args.private_out:
        fd = os.open(args.private_out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(signer.private_text() + "\n")
        print(f"# private key written to {args.private_out} (HOLDLINE_SIGNING_KEY_FILE)")
    else:
        print("# private: HOLDLINE_SIGNING_KEY for its holder only")
        print(signer.private_text())
    print("# public: add to HOLDLINE_TRUSTED_KEYS of every worker and console")
    print(public)
    return 0


def run_serve(args: argparse.Namespace) -> int:
    import asyncio
    import logging

    from streams.cli.errors import load_keyring, load_settings, load_signer
    from streams.cli.usage_error import UsageError
    from streams.console.auth import AuthConfigError, Authenticator, parse_reviewers

    overrides = {k: v for k, v in {"console_host": args.host, "console_port": args.port}.items() if v}
    settings = load_settings(broker=args.broker, compliance=overrides)
    compliance = settings.compliance
    try:
        reviewers = parse_reviewers(compliance.reviewers.get_secret_value())
    except AuthConfigError as exc:
        raise UsageError(f"invalid settings: {exc}") from exc
    load_signer(settings, "console", "decisions")
    trusted = len(load_keyring(settings))
    try:
        compliance.four_eyes_actions()
        from streams.console.app import parse_networks

        parse_networks(compliance.console_trusted_proxies)
    except ValueError as exc:
        raise UsageError(f"invalid keys: {exc}") from exc
    if not trusted:
        sys.stderr.write(
            "holdline console: no trusted keys (HOLDLINE_TRUSTED_KEYS or "
            "HOLDLINE_TRUSTED_KEYS_FILE): the console could not tell genuine decisions and "
            "allowances from forged ones\n"
        )
        return EXIT_USAGE
    if not reviewers and not compliance.console_identity_header:
        sys.stderr.write(
            "holdline console: no reviewer accounts (HOLDLINE_REVIEWERS; make entries with "
            "`holdline console hash-secret`) and no trusted proxy header "
            "(HOLDLINE_CONSOLE_IDENTITY_HEADER): nobody could sign in\n"
        )
        return EXIT_USAGE
    from streams.cli.broker_errors import require_broker

    require_broker(settings.broker, settings.bootstrap_servers)
    logging.basicConfig(
        level=logging.INFO, format="[%(asctime)s] [%(process)d] [%(levelname)s] %(name)s: %(message)s"
    )
    auth = Authenticator(
        reviewers,
        idle_seconds=compliance.console_session_minutes * 60,
        identity_header=compliance.console_identity_header,
    )
    try:
        asyncio.run(_serve(settings, compliance, auth))
    except KeyboardInterrupt:
        pass
    except Exception as exc:  # process boundary: the service's last word, one line, exit 1
        sys.stderr.write(f"holdline console: {type(exc).__name__}: {exc}\n")
        return EXIT_FAILED
    return 0


async def _serve(settings: Settings, compliance: ComplianceSettings, auth: Authenticator) -> None:
    import asyncio
    import signal

    from aiohttp import web

    from streams.console.app import create_console
    from streams.console.entries import EntryDirectory
    from streams.console.kafka_backend import KafkaBackend
    from streams.settings import builtin_list_path

    backend = KafkaBackend(settings, compliance)
    await backend.start()
    entries = EntryDirectory(list(settings.lists) or [builtin_list_path()])
    app = create_console(
        backend,
        auth,
        secure_cookies=compliance.console_secure_cookies,
        trusted_proxies=compliance.console_trusted_proxies,
        entries=entries,
    )
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    host, port = compliance.console_host, compliance.console_port
    site = web.TCPSite(runner, host, port)
    await site.start()
    print(f"review console on http://{host}:{port}/", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
        await backend.stop()
