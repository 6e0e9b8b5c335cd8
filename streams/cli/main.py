"""Dispatch `holdline <command>` to the module that owns it.

Subcommand modules expose `register(subparsers)`; they import faust or the list loaders inside their
handlers so that `holdline screen` does not pay for the streaming stack and vice versa.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Every subcommand module, in the order `holdline --help` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "streams.cli.screen",
    "streams.cli.compare",
    "streams.cli.lists",
    "streams.cli.produce",
    "streams.cli.holds",
    "streams.cli.worker",
    "streams.cli.topics",
    "streams.cli.schema",
    "streams.cli.console",
    "streams.cli.audit",
    "streams.cli.api",
)

EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="holdline", description="Restricted-party screening for event streams."
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    code = args.handler(args)
    return int(code or 0)


if __name__ == "__main__":
    sys.exit(main())
