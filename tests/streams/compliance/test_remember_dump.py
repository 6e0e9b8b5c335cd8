"""An open event made from an output record's `event` (the screening worker's dump) is the open event made
by dumping the parsed event again, byte for byte."""

from __future__ import annotations

from streams.compliance.rescreen import remember
from streams.events import parse_event
from streams.processing import read_event
from streams.samples import SampleGenerator, builtin_entries


def test_remembering_from_the_records_dump_writes_the_same_open_event() -> None:
    samples = SampleGenerator(builtin_entries(), seed=5, listed_share=0.3, malformed_share=0).samples(300)
    compared = 0
    for sample in samples:
        if sample.intent == "deadletter":
            continue
        expected = "purchase_order" if sample.stream == "purchases" else "shipment"
        event = read_event(sample.value, expected)
        dump = event.model_dump(mode="json", exclude_unset=True)
        parsed = parse_event(dump)  # what the compliance consumer parses from the record's `event`
        key, plain = remember(parsed, "topic", 1)
        key_from_dump, from_dump = remember(parsed, "topic", 1, dump=dump)
        assert key == key_from_dump
        if plain is None:
            assert from_dump is None
            continue
        assert from_dump is not None
        assert from_dump.model_dump_json() == plain.model_dump_json()
        compared += 1
    assert compared > 250


def test_a_closing_event_is_forgotten_either_way() -> None:
    samples = SampleGenerator(builtin_entries(), seed=5, malformed_share=0).samples(20)
    sample = next(s for s in samples if s.intent != "deadletter")
    expected = "purchase_order" if sample.stream == "purchases" else "shipment"
    dump = read_event(sample.value, expected).model_dump(mode="json", exclude_unset=True)
    dump["status"] = "closed"
    parsed = parse_event(dump)
    assert remember(parsed)[1] is None and remember(parsed, dump=dump)[1] is None
