"""`holdline schema`: the JSON Schemas of the input events and the output records (the contracts)."""

from __future__ import annotations

import argparse
import json

NAMES = ("purchase_order", "shipment", "hold", "cleared", "deadletter")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("schema", help="print the JSON Schemas of input events and output records")
    p.add_argument("name", nargs="?", choices=NAMES, help="only this schema (default: all)")
    p.set_defaults(handler=run)


def schemas() -> dict[str, dict[str, dict]]:
    from streams.events import event_schemas
    from streams.records import record_schemas

    return {"inputs": event_schemas(), "outputs": record_schemas()}


def run(args: argparse.Namespace) -> int:
    everything = schemas()
    if args.name:
        flat = {**everything["inputs"], **everything["outputs"]}
        print(json.dumps(flat[args.name], indent=2))
    else:
        print(json.dumps(everything, indent=2))
    return 0
