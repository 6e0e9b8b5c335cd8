"""Dispatch `holdline <command>` to the module that owns it.

Subcommand modules expose `register(subparsers)`; they import faust or the list loaders inside their
handlers so that `holdline screen` does not pay for the streaming stack and vice versa.
"""

from __future__ import annotations

import argparse
import gc
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


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or with `command` only that subcommand's parser (what a run of it parses: the
    same arguments, defaults and messages, without importing and registering the ten others)."""
    parser = argparse.ArgumentParser(
        prog="holdline", description="Restricted-party screening for event streams."
    )
    parser.add_argument(
        "--version", action="store_true", help="print the package, engine and Python versions and exit"
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks instead of one-line errors")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        if command is None or module_name == f"{__package__}.{command}":
            importlib.import_module(module_name).register(subparsers)
    return parser


def named_command(arguments: Sequence[str]) -> str | None:
    """The subcommand `arguments` run when they name one plainly (after `--debug` at most), else None: help,
    a mistyped command and anything unusual get the whole parser."""
    rest = list(arguments)
    while rest and rest[0] == "--debug":
        rest.pop(0)
    if rest and f"{__package__}.{rest[0]}" in COMMAND_MODULES:
        return rest[0]
    return None


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if "--version" in arguments[:1]:  # before the subcommand parsers: `holdline --version` needs none
        from streams.cli.version import version_text

        print(version_text())
        return 0
    # The command's imports (pydantic's models and schemas for `screen`) allocate tens of thousands of
    # long-lived objects and no garbage: the cyclic collector, off meanwhile, would only walk them again
    # (decision 0535, as 0529 does for the worker). On again before the command runs.
    collecting = gc.isenabled()
    gc.disable()
    try:
        parser = build_parser(named_command(arguments))
        args = parser.parse_args(arguments)
    finally:
        if collecting:
            gc.enable()
    try:
        code = args.handler(args)
    # Process boundary: a configuration the command cannot use (`UsageError`) or a broker failure becomes
    # one line and exit 2; anything else keeps its traceback. (Imported here: `--help` stays light.)
    except Exception as exc:
        from streams.cli.broker_errors import EXIT_BROKER, command_label, report_broker_failure
        from streams.cli.errors import EXIT_USAGE
        from streams.cli.usage_error import UsageError

        if isinstance(exc, UsageError):
            sys.stderr.write(f"holdline {command_label(args)}: {exc}\n")
            return EXIT_USAGE

        if args.debug or not report_broker_failure(command_label(args), exc, getattr(args, "broker", None)):
            raise
        return EXIT_BROKER
    if argv is None and getattr(args, "exit_without_teardown", False):
        exit_now(int(code or 0))
    return int(code or 0)


def exit_now(code: int) -> None:
    """End the process once its output is flushed, skipping the interpreter's teardown.

    A command that loaded a list snapshot (`holdline screen`) would otherwise spend a noticeable moment of
    CPU freeing its million objects one by one after its last line (docs/performance.md). Only for a real
    command-line run (`main()` without arguments): called in-process, `main` returns as usual.
    """
    import logging
    import os

    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a reader that went away: nothing more can be said to it
        code = code or 1
    logging.shutdown()
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main())
