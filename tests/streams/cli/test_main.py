"""`holdline COMMAND` builds only that command's parser: the same arguments, defaults, help and errors."""

from __future__ import annotations

import argparse
import contextlib
import functools
import io

import pytest

from streams.cli.main import COMMAND_MODULES, build_parser, named_command

COMMANDS = [module.rsplit(".", 1)[1] for module in COMMAND_MODULES]


@functools.cache
def _parser(command: str | None) -> argparse.ArgumentParser:
    return build_parser(command)


def _outcome(command: str | None, arguments: list[str]) -> tuple[object, str, str]:
    """What parsing `arguments` gives: the namespace or the exit code, and what was printed."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            result: object = vars(_parser(command).parse_args(arguments))
        except SystemExit as exc:
            result = exc.code
    return result, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("command", COMMANDS)
def test_a_command_alone_parses_and_helps_as_the_whole_parser(command: str) -> None:
    for arguments in (
        [command, "--help"],
        [command],
        [command, "--no-such-flag"],
        ["--debug", command, "-h"],
    ):
        assert named_command(arguments) == command
        alone = _outcome(command, arguments)
        assert alone == _outcome(None, arguments)
        assert alone[0] != 0 or alone[1]  # help printed, an error, or a namespace


def test_screen_arguments_give_the_same_namespace() -> None:
    arguments = ["screen", "--jsonl", "--list", "a", "--list", "b", "--threshold", "0.9", "--quiet"]
    alone, whole = _outcome("screen", arguments), _outcome(None, arguments)
    assert isinstance(alone[0], dict) and alone == whole
    assert alone[0]["lists"] == ["a", "b"] and alone[0]["threshold"] == 0.9


@pytest.mark.parametrize("arguments", [[], ["-h"], ["--help"], ["scren"], ["--version"], ["--debug"]])
def test_help_a_mistyped_or_missing_command_gets_the_whole_parser(arguments: list[str]) -> None:
    assert named_command(arguments) is None


@pytest.mark.parametrize("collecting", [True, False])
def test_the_command_runs_with_the_collector_as_it_was(
    monkeypatch: pytest.MonkeyPatch, collecting: bool
) -> None:
    """Parsing (the command's imports) runs with the cyclic collector off; the command itself runs with it
    as the caller had it (decision 0535)."""
    import gc

    import streams.cli.schema as schema
    from streams.cli.main import main

    seen: list[bool] = []
    monkeypatch.setattr(schema, "run", lambda args: seen.append(gc.isenabled()) or 0)
    was = gc.isenabled()
    (gc.enable if collecting else gc.disable)()
    try:
        assert main(["schema", "hold"]) == 0
        after = gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
    assert seen == [collecting] and after is collecting
