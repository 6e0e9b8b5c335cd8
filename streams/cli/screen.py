"""`holdline screen`: screen names from the command line (a table) or a JSON-lines stream (a contract)."""

from __future__ import annotations

import argparse
import io
import json
import os
import select
import stat
import sys
from collections.abc import Callable
from functools import lru_cache
from typing import Any, TextIO

from pydantic import ValidationError

from streams.cli.errors import describe_validation_error, load_screener
from streams.party_request import PartyRequest

ScreenRequest = PartyRequest  # one input line of `holdline screen --jsonl`


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("screen", help="screen names against restricted lists")
    p.add_argument("name", nargs="?", help="a name to screen (omit with --jsonl)")
    p.add_argument(
        "--list",
        dest="lists",
        action="append",
        metavar="PATH",
        help="list file or directory (repeatable; default: the built-in October 2019 list)",
    )
    p.add_argument("--jsonl", action="store_true", help="read JSON lines on stdin, write one JSON line each")
    p.add_argument("--country", help="the party's country (ISO code or English name)")
    p.add_argument("--kind", choices=["person", "org", "vessel", "aircraft"], help="the party's kind")
    p.add_argument("--threshold", type=float, help="hit threshold (default: the engine's documented default)")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr while the lists load")
    p.set_defaults(handler=run, exit_without_teardown=True)


def _error_id(line: str) -> Any:
    try:
        data = json.loads(line)
    except ValueError:
        return None
    return data.get("id") if isinstance(data, dict) else None


def name_problem(name: str, limits: Any = None) -> str | None:
    """Why `name` cannot be screened (the worker's rule, `streams.name_rule.unscreenable`), or None.

    A name empty once normalised would answer "no hit" without being looked at; an over-long one would
    cost the engine without bound. Either is an error, never a clearance.
    """
    from streams.name_rule import NameLimits, ToScreen, unscreenable
    from streams.settings import Settings

    if limits is None:
        settings = Settings()
        limits = NameLimits(settings.max_name_chars, settings.max_name_tokens)
    return unscreenable(ToScreen("name", name, None, None, {}), limits)


# `json.dumps(value, ensure_ascii=False)` without building an encoder per call (same class, same options:
# the same bytes, decision 0502).
_encode = json.JSONEncoder(ensure_ascii=False).encode


def _not_plain(value: Any) -> Any:
    raise TypeError(type(value).__name__)


# The same encoder refusing what is not plain JSON already (no `default` conversion, no NaN): a match's
# own field values written directly, which are the bytes its record (`Match.to_record`) is written as
# whenever this encoder accepts them (decision 0518).
# No circularity check either (its bookkeeping is ~13% of the encoding): the engine's explanations are
# trees, and a cycle would end in `RecursionError`, which falls back like any refusal.
_encode_plain = json.JSONEncoder(
    ensure_ascii=False, allow_nan=False, check_circular=False, default=_not_plain
).encode


def _plain_encoder() -> Callable[[Any], str]:
    """`_encode_plain` calling the standard library's C encoder directly (decision 0559).

    `JSONEncoder.encode` builds that encoder on every call (with a closure for floats the C encoder never
    calls) and joins its pieces: ~6,700 instructions a line before any value is written. Built once here
    with the same arguments `encode` passes it (no circularity markers, the non-ASCII string encoder, `": "`
    and `", "`, keys unsorted, none skipped, no NaN), it writes the same pieces; without the C encoder,
    `encode` itself."""
    from json import encoder

    make = getattr(encoder, "c_make_encoder", None)  # (not in the module's type stubs)
    if make is None:  # (a Python without `_json`)
        return _encode_plain
    iterencode = make(None, _not_plain, encoder.encode_basestring, None, ": ", ", ", False, False, False)
    join = "".join

    def encode_plain(value: Any) -> str:
        return join(iterencode(value, 0))

    return encode_plain


_encode_plain_direct = _plain_encoder()


def encode_tail(hit: bool, matches: list[Any]) -> str:
    """`_encode({"hit": hit, "matches": [m.to_record() for m in matches]})`, without building the records.

    `to_record` is pydantic's JSON-mode dump: it turns tuples into lists and enum members into their
    values, which the JSON encoder writes the same way (a list and a tuple are both an array; a `StrEnum`
    member is a string holding its value), in the fields' order. Anything else a value may hold (a date,
    a set, a model, a float that is not finite), or fields not in the model's order, makes the plain
    encoder refuse, and the line is written from the records as before."""
    fields = [m.__dict__ for m in matches]
    if all(tuple(f) == _match_fields() for f in fields):
        try:
            return _encode_plain_direct({"hit": hit, "matches": fields})
        except (TypeError, ValueError, RecursionError):
            pass
    return _encode({"hit": hit, "matches": [m.to_record() for m in matches]})


@lru_cache(maxsize=1)
def _match_fields() -> tuple[str, ...]:
    from matchers.models import Match

    return tuple(Match.model_fields)


# Distinct (name, country, kind) answers kept per run: a batch of purchase orders names the same
# suppliers again and again; each answer is screened and encoded once.
REPEAT_CACHE_SIZE = 1_000


def _json_id(value: Any) -> str:
    """`json.dumps(value, ensure_ascii=False)`; an int (the usual id) without the encoder's call."""
    if type(value) is int:  # not bool: `True` is JSON `true`
        return str(value)
    return _encode(value)


def _no_flush() -> None:
    """What waiting input means for the output: nothing to flush yet."""


def flush_when_idle(stdin: TextIO, stdout: TextIO) -> Callable[[], None]:
    """A flush for after each answer that writes only when no more input is waiting on `stdin`.

    A program talking to `holdline screen --jsonl` line by line gets each answer before it writes the
    next line (nothing is waiting, so the answer is flushed), while a batch on a pipe or from a file is
    written in buffer-sized pieces instead of a system call per line. Input without a file descriptor
    (tests' `StringIO`) is flushed after every answer, as before. Input from a regular file (`< names.jsonl`)
    always polls readable, to its end, so no answer there is ever idle: its flush does nothing, without the
    poll's system call per line (decision 0532).
    """
    try:
        fd = stdin.fileno()
        if stat.S_ISREG(os.fstat(fd).st_mode):
            return _no_flush
        poller = select.poll()
        poller.register(fd, select.POLLIN)
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return stdout.flush

    def flush() -> None:
        if not poller.poll(0):
            stdout.flush()

    return flush


def screen_jsonl(screener: Any, threshold: float, stdin: TextIO, stdout: TextIO) -> None:
    from streams.name_rule import NameLimits, ToScreen, unscreenable
    from streams.settings import Settings

    settings = Settings()
    limits = NameLimits(settings.max_name_chars, settings.max_name_tokens)
    validate = ScreenRequest.model_validate_json
    write, flush = stdout.write, flush_when_idle(stdin, stdout)

    @lru_cache(maxsize=REPEAT_CACHE_SIZE)
    def answer(name: str, country: str | None, kind: str | None) -> tuple[str | None, str]:
        """(error, "") for a name that cannot be screened, else (None, the line's JSON after its id).

        The line is `{"id": ..., "hit": ..., "matches": [...]}`: the part after the id is the same for
        every request with this name, country and kind, so it is encoded once. A screening failure
        raises, and is not cached.
        """
        why = unscreenable(ToScreen("name", name, None, None, {}), limits)  # `name_problem`'s rule
        if why is not None:
            return f"cannot screen this name: {why}", ""
        matches = screener.screen(name, country=country, kind=kind)
        return None, encode_tail(any(m.score >= threshold for m in matches), matches)[1:]

    for raw in stdin:
        line = raw.rstrip("\n")
        try:
            request = validate(line)
        except ValidationError as exc:
            problems = describe_validation_error(exc)
            record: dict[str, Any] = {"id": _error_id(line), "error": f"invalid input line: {problems}"}
        else:
            try:
                error, tail = answer(request.name, request.country, request.kind)
            except Exception as exc:  # engine boundary: a failure shows on its own line, not a crash
                record = {"id": request.id, "error": f"screening failed: {exc}"}
            else:
                if error is None:
                    write(f'{{"id": {_json_id(request.id)}, {tail}\n')
                    flush()
                    continue
                record = {"id": request.id, "error": error}
        write(_encode(record) + "\n")
        flush()
    stdout.flush()


def refuse_jsonl(error: str, stdin: TextIO, stdout: TextIO) -> None:
    """Answer each input line with an `error` object (lists unusable: nothing may be screened)."""
    for raw in stdin:
        line = raw.rstrip("\n")
        stdout.write(json.dumps({"id": _error_id(line), "error": error}, ensure_ascii=False) + "\n")
        stdout.flush()


def _print_table(name: str, matches: list, threshold: float, stdout: TextIO) -> None:
    from streams.cli.screen_table import print_table

    print_table(name, matches, threshold, stdout)


def run(args: argparse.Namespace) -> int:
    if args.jsonl == bool(args.name):
        sys.stderr.write("holdline screen: give either a NAME or --jsonl\n")
        return 2
    from matchers.compiled import background_writes_held
    from matchers.gc_pause import gc_paused
    from streams.cli.progress import Progress, describe_lists

    # The collector off for the engine's imports and the snapshot: `load_screener` collects and freezes once
    # what is alive (`settle_after_load`) before any name is screened, with the collector on (decision 0535).
    # On a cold cache the snapshot's write starts once the progress ticker's thread has stopped, so it is
    # forked (a process with a second thread would serialise it itself first: decision 0560).
    with background_writes_held(), Progress(describe_lists(args.lists), quiet=args.quiet), gc_paused():
        screener, why = load_screener(args.lists)
    if screener is None:
        sys.stderr.write(f"holdline screen: cannot screen: {why}\n")
        if args.jsonl:  # every line still gets its answer: an error, never a silent "no hit"
            refuse_jsonl(f"cannot screen: {why}", sys.stdin, sys.stdout)
        return 2
    # Held by `args` (alive in `main` until the process ends) rather than only by this frame: returning
    # from here would otherwise free the screener's million objects one by one before `exit_now` skips
    # the interpreter's teardown, and after a cold start (the snapshot's writer forked, sharing the pages)
    # copy most of the heap while doing it (decision 0548). In-process callers free it with `args`.
    args.loaded_screener = screener
    threshold = args.threshold if args.threshold is not None else screener.threshold
    if args.jsonl:
        screen_jsonl(screener, threshold, sys.stdin, sys.stdout)
        return 0
    problem = name_problem(args.name)
    if problem is not None:
        sys.stderr.write(f"holdline screen: cannot screen this name: {problem}\n")
        return 2
    matches = screener.screen(args.name, country=args.country, kind=args.kind)
    _print_table(args.name, matches, threshold, sys.stdout)
    return 0
