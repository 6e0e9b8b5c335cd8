"""`holdline compare --jsonl`: decide labelled or unlabelled name pairs, one JSON line each.

It compares the two names of each line with each other and loads no list, so there is no snapshot whose
readiness (`streams.readiness`) could be in doubt: its answers never depend on a list being loaded.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Literal, TextIO

from pydantic import BaseModel, ConfigDict, ValidationError

from streams.cli.errors import describe_validation_error


class CompareRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    a: str
    b: str
    kind: Literal["person", "org", "vessel", "organisation", "organization", "aircraft"] | None = None


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("compare", help="compare name pairs read as JSON lines on stdin")
    p.add_argument("--jsonl", action="store_true", required=True, help="read and write JSON lines")
    p.add_argument("--threshold", type=float, help="match threshold (default: the engine's default)")
    p.set_defaults(handler=run)


def compare_jsonl(stdin: TextIO, stdout: TextIO, threshold: float | None) -> None:
    from matchers.compare import COMPARE_THRESHOLD, compare

    for raw in stdin:
        line = raw.rstrip("\n")
        try:
            req = CompareRequest.model_validate_json(line)
        except ValidationError as exc:
            problems = describe_validation_error(exc)
            record: dict[str, Any] = {"error": f"invalid input line: {problems}"}
        else:
            result = compare(req.a, req.b, req.kind, threshold=threshold or COMPARE_THRESHOLD)
            record = result.to_record()
        stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        stdout.flush()


def run(args: argparse.Namespace) -> int:
    compare_jsonl(sys.stdin, sys.stdout, args.threshold)
    return 0
