"""`holdline api serve` and `holdline api token create`: the HTTP screening service and its tokens.

Without a tokens file (`HOLDLINE_API_TOKENS_FILE`) the service refuses to start unless `--no-auth` is
given, and then it binds only to loopback: an unauthenticated screening service must not be reachable from
another machine by accident.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import sys
from pathlib import Path

EXIT_USAGE = 2
DEFAULT_PORT = 8000


def register(subparsers: argparse._SubParsersAction) -> None:
    group = subparsers.add_parser("api", help="the HTTP screening service (yente-compatible /match)")
    sub = group.add_subparsers(dest="api_command", required=True, metavar="SUBCOMMAND")
    serve = sub.add_parser("serve", help="serve /match/{dataset}, /v1/screen and the probes over HTTP")
    serve.add_argument("--host", default="127.0.0.1", help="bind address (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    serve.add_argument(
        "--list",
        dest="lists",
        action="append",
        metavar="PATH",
        help="list file or directory (repeatable; default: the built-in October 2019 list)",
    )
    serve.add_argument("--no-auth", action="store_true", help="serve without bearer tokens (loopback only)")
    serve.add_argument("--workers", type=int, default=1, help="uvicorn worker processes (default 1)")
    serve.add_argument(
        "--broker", help="kafka://HOST:PORT whose control topic is followed (env HOLDLINE_BROKER)"
    )
    serve.add_argument(
        "--no-follow", action="store_true", help="do not follow snapshot publications on the control topic"
    )
    serve.add_argument("--log-level", default="info", help="uvicorn log level (default info)")
    serve.set_defaults(handler=run_serve)
    token = sub.add_parser("token", help="manage bearer tokens")
    token_sub = token.add_subparsers(dest="token_command", required=True, metavar="SUBCOMMAND")
    create = token_sub.add_parser("create", help="print a new random token once and append its hash line")
    create.add_argument("name", help="who the token is for (letters, digits, _ . @ -)")
    create.add_argument("--file", type=Path, help="tokens file (default: $HOLDLINE_API_TOKENS_FILE)")
    create.set_defaults(handler=run_token_create)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run_serve(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from streams.api.settings import ApiSettings
    from streams.api.tokens import TokenBook, TokenFileError

    try:
        api = ApiSettings()
    except ValidationError as exc:
        sys.stderr.write(f"holdline api serve: invalid settings: {exc}\n")
        return EXIT_USAGE
    if api.tokens_file is None and not args.no_auth:
        sys.stderr.write(
            "holdline api serve: no tokens file: set HOLDLINE_API_TOKENS_FILE (create tokens "
            "with `holdline api token create NAME`) or pass --no-auth (loopback only)\n"
        )
        return EXIT_USAGE
    if args.no_auth and not _loopback(args.host):
        sys.stderr.write(f"holdline api serve: --no-auth binds only to loopback, not {args.host}\n")
        return EXIT_USAGE
    if api.tokens_file is not None and not args.no_auth:
        try:
            book = TokenBook(api.tokens_file)
        except (OSError, TokenFileError) as exc:
            sys.stderr.write(f"holdline api serve: cannot read the tokens file: {exc}\n")
            return EXIT_USAGE
        if not len(book):
            sys.stderr.write(f"holdline api serve: {api.tokens_file} holds no token\n")
            return EXIT_USAGE
    if args.workers < 1:
        sys.stderr.write("holdline api serve: --workers must be >= 1\n")
        return EXIT_USAGE
    if args.broker:
        os.environ["HOLDLINE_BROKER"] = args.broker
    import uvicorn

    from streams.api.app import FOLLOW_ENV, LISTS_ENV, NO_AUTH_ENV

    os.environ[LISTS_ENV] = json.dumps(args.lists)
    os.environ[NO_AUTH_ENV] = "1" if args.no_auth else "0"
    os.environ[FOLLOW_ENV] = "0" if args.no_follow else "1"
    uvicorn.run(
        "streams.api.app:from_environment",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=args.log_level,
        access_log=False,
    )
    return 0


def run_token_create(args: argparse.Namespace) -> int:
    from streams.api.tokens import TokenFileError, create

    path = args.file or (
        Path(os.environ["HOLDLINE_API_TOKENS_FILE"]) if os.environ.get("HOLDLINE_API_TOKENS_FILE") else None
    )
    if path is None:
        sys.stderr.write("holdline api token create: give --file F or set HOLDLINE_API_TOKENS_FILE\n")
        return EXIT_USAGE
    try:
        token = create(args.name, path)
    except (OSError, TokenFileError) as exc:
        sys.stderr.write(f"holdline api token create: {exc}\n")
        return EXIT_USAGE
    print(token)
    sys.stderr.write(f"token {args.name!r} added to {path}; it is shown only once\n")
    return 0
