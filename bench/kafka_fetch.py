"""Resolve the pinned Apache Kafka release's server jars into the verified cache the `--broker kafka`
benchmarks run from (tests/support/kafka_fetch.py says where from and how they are checked).

    .venv/bin/python -m bench.kafka_fetch [--version 3.9.1] [--from-dist DIR] [--root DIR]
"""

from __future__ import annotations

import sys

from tests.support.kafka_fetch import main

if __name__ == "__main__":
    sys.exit(main())
