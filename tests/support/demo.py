"""`make demo`: the whole pipeline on this machine, start to finish, in a minute.

Starts a throw-away Kafka-protocol broker (Tansu) on a free port, creates the topics, starts one
`holdline worker` on the built-in October 2019 Entity List additions, produces a few hundred sample
purchase orders and shipments, waits until every one is decided, prints the holds as a compliance
reviewer reads them and a summary by outcome (checked against the worker's /metrics), then shuts
everything down. Exit 0 only if every event was decided and the metrics agree with the topics.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from streams.cli.holds import format_hold
from streams.cli.tables import clip
from streams.samples import SampleGenerator, builtin_entries
from streams.settings import Settings, builtin_list_path
from tests.support.broker import TansuBroker
from tests.support.harness import Outputs, Pipeline, Produced, WorkerPool


def say(text: str = "") -> None:
    print(text, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.support.demo", description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=300, help="sample events to produce (default 300)")
    parser.add_argument("--seed", type=int, default=2019, help="sample seed (default 2019)")
    parser.add_argument("--rate", type=float, default=None, help="events per second (default: all at once)")
    parser.add_argument("--max-holds", type=int, default=None, help="print at most this many holds")
    args = parser.parse_args(argv)

    started = time.monotonic()
    code, undecided, agree = 1, -1, False
    with tempfile.TemporaryDirectory(prefix="holdline-demo-") as tmp, TansuBroker() as broker:
        say(f"== broker: Tansu (Kafka protocol, memory only) at {broker.url}, pid {broker.pid}")
        pipeline = Pipeline.create(broker.url, None, Path(tmp), partitions=4)
        settings = pipeline.settings
        say(f"== topics created: {', '.join((*settings.input_topics, *settings.output_topics))}")
        pool = WorkerPool()
        try:
            worker = pool.start(pipeline, [builtin_list_path()], name="worker")
            say(f"== worker pid {worker.pid} screening against {builtin_list_path().name}")
            say(f"   metrics while the demo runs: {worker.web_url}/metrics (health: /healthz)")
            health = worker.wait_ready(timeout=120)
            say(
                f"   ready: list snapshot {health.get('list_version')}, "
                f"{health.get('assigned_partitions')} partitions assigned"
            )

            samples = list(SampleGenerator(builtin_entries(), seed=args.seed).samples(args.events))
            produced = pipeline.produce(samples, rate=args.rate)
            intents = Counter(s.intent for s in samples)
            say(
                f"== produced {len(produced)} events: {intents['cleared']} ordinary, {intents['hold']} "
                f"naming a listed party (various roles and spellings), {intents['deadletter']} malformed"
            )

            outputs = pipeline.read_outputs(produced, timeout=180)
            outcomes = outputs.outcomes_of(produced)
            undecided = sum(1 for got in outcomes.values() if not got)

            holds = [doc for outcome, doc, _ in outputs.records if outcome == "hold"]
            say(f"\n== {len(holds)} holds, as a reviewer reads them on {settings.topic_hold}:\n")
            for doc in holds[: args.max_holds]:
                say(format_hold(doc))
                say()
            if args.max_holds is not None and len(holds) > args.max_holds:
                say(f"... and {len(holds) - args.max_holds} more (holdline holds tail --from-beginning)\n")

            dead = [doc for outcome, doc, _ in outputs.records if outcome == "deadletter"]
            say(f"== {len(dead)} dead-letters ({settings.topic_deadletter}), original bytes kept:")
            for doc in dead:
                src = doc.get("source") or {}
                say(
                    f"  {src.get('topic')}[{src.get('partition')}]@{src.get('offset')} "
                    f"{doc.get('reason')}: {clip(str(doc.get('error')), 100)}"
                )

            _missed(outputs, produced)
            _api_call(builtin_entries()[0].name)
            agree = _summary(outputs, produced, settings, worker.metrics())
            code = worker.terminate()
            say(f"\n== worker stopped with SIGTERM (exit {code}); stopping the broker")
        finally:
            pool.close()
    ok = undecided == 0 and agree and code == 0
    verdict = (
        "every event decided, metrics agree"
        if ok
        else (f"PROBLEM: {undecided} undecided, metrics agree={agree}, worker exit {code}")
    )
    say(f"== done in {time.monotonic() - started:.0f}s: {verdict}")
    for line in NEXT_STEPS:
        say(line)
    return 0 if ok else 1


# What a newcomer does after the demo: the demo's broker is gone, `make console` keeps one running.
NEXT_STEPS = (
    "",
    "== next: review these holds in the browser with `make console` (a broker, a worker on sample traffic",
    "   and the review console on http://127.0.0.1:6067/ with a throw-away reviewer account);",
    "   from a terminal: `holdline holds tail --from-beginning` lists them and",
    "   `holdline holds decide --event-id ID --action release|confirm --reason TEXT` decides one",
    "   (reviewer: HOLDLINE_OPERATOR). Guide: docs/console.md",
)


def _api_call(name: str) -> None:
    """The same screening over HTTP: one yente-style `/match` call (`holdline api serve`, docs/api.md)."""
    from fastapi.testclient import TestClient

    from streams.api.app import create_app
    from streams.api.settings import ApiSettings

    query = {"queries": {"q1": {"schema": "Company", "properties": {"name": [name]}}}}
    say(f"\n== over HTTP: POST /match/default {json.dumps(query)}")
    app = create_app([str(builtin_list_path())], api=ApiSettings(), no_auth=True, follow=False)
    with TestClient(app) as client:
        results = client.post("/match/default", params={"limit": 1}, json=query).json()["responses"]["q1"]
    for r in results["results"]:
        say(
            f"   {r['score']:.2f} match={r['match']} {r['caption']} ({', '.join(r['datasets'])}, "
            f"id {r['id']}); {results['total']['value']} result(s) in all"
        )


def _missed(outputs: Outputs, produced: Sequence[Produced]) -> None:
    """Sample events that named a listed party but were cleared: the spellings the engine did not catch."""
    decided = outputs.by_event_id()
    missed = [
        (lp.role, lp.written_as, lp.listed_name, lp.variant.value)
        for p in produced
        for lp in p.sample.listed
        if any(outcome == "cleared" for outcome, _ in decided.get(p.sample.event_id or "", []))
    ]
    if not missed:
        return
    say(f"\n== {len(missed)} events named a listed party in a spelling the engine did not catch (cleared):")
    for role, written, listed, variant in missed:
        say(f"  {role}: {written!r} is listed as {listed!r} ({variant})")


def _summary(
    outputs: Outputs,
    produced: Sequence[Produced],
    settings: Settings,
    metrics: dict[tuple[str, frozenset[tuple[str, str]]], float],
) -> bool:
    """Outcome counts per input topic from the output topics, beside the worker's own counters."""
    topic_of = {p.sample.event_id: p.topic for p in produced if p.sample.event_id}
    from_topics: Counter[tuple[str, str]] = Counter()
    for outcome, doc, _ in outputs.records:
        if outcome == "deadletter":
            source = (doc.get("source") or {}).get("topic")
        else:
            source = topic_of.get(doc.get("event_id", ""))
        from_topics[(str(source), outcome)] += 1
    from_metrics: Counter[tuple[str, str]] = Counter()
    for (name, labels), value in metrics.items():
        if name == "holdline_events_total":
            d = dict(labels)
            from_metrics[(d["topic"], d["outcome"])] += int(value)
    say("\n== summary by outcome (from the output topics | from /metrics holdline_events_total)")
    say(f"  {'input topic':<26} {'hold':>11} {'cleared':>11} {'deadletter':>11}")
    for topic in settings.input_topics:
        cells = [
            f"{from_topics[(topic, o)]:>4} | {from_metrics[(topic, o)]:<4}"
            for o in ("hold", "cleared", "deadletter")
        ]
        say(f"  {topic:<26} " + " ".join(f"{c:>11}" for c in cells))
    agree = +from_topics == +from_metrics
    say(f"  metrics agree with the topics: {'yes' if agree else 'NO'}")
    return agree


if __name__ == "__main__":
    sys.exit(main())
