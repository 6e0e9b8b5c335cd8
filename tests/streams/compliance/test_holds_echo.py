"""A hold-state record this process wrote is applied, when read back, as the state it was encoded from;
anything else is validated as before."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from streams.compliance.holds_state import HoldsBook, HoldState, encode_state
from streams.compliance.processor import fold_hold, process_hold
from streams.metrics import Metrics
from streams.processing import Inbound, Processor
from streams.records import ReceivedHold, read_decision_record
from streams.samples import SampleGenerator, builtin_entries
from streams.settings import Settings, builtin_list_path
from streams.snapshot import SnapshotHolder


@pytest.fixture(scope="module")
def holds() -> list[ReceivedHold]:
    settings = Settings()
    holder = SnapshotHolder(freeze_gc=False)
    holder.load([builtin_list_path()], settings.threshold)
    processor = Processor(settings, holder, Metrics())
    topic = {"purchases": settings.topic_purchases, "shipments": settings.topic_shipments}
    samples = SampleGenerator(builtin_entries(), seed=3, listed_share=0.5, malformed_share=0).samples(200)
    msgs = [Inbound(topic[s.stream], 0, i, s.key, s.value) for i, s in enumerate(samples)]
    out = [
        read_decision_record(o.value) for o in processor.route_many(msgs) if o.topic == settings.topic_hold
    ]
    return [r for r in out if isinstance(r, ReceivedHold)]


def _written(book: HoldsBook, hold: ReceivedHold) -> tuple[str, bytes]:
    (out,) = process_hold(book, hold)
    raw = json.dumps(out.value, default=str).encode()
    state = book.get(out.key)
    assert state is not None
    book.wrote(out.key, raw, state)
    return out.key, raw


def test_an_own_write_read_back_is_the_state_validation_would_give(holds: list[ReceivedHold]) -> None:
    assert len(holds) > 20
    for hold in holds:
        book = HoldsBook()
        key, raw = _written(book, hold)
        written = book.get(key)
        book.apply_state_record(key, raw)
        assert book.get(key) is written  # applied without validating again
        assert HoldState.model_validate_json(raw) == written  # and it is what validating gives


def test_bytes_that_differ_are_validated_and_end_the_shortcut_for_that_key(holds: list[ReceivedHold]) -> None:
    book = HoldsBook()
    key, raw = _written(book, holds[0])
    with pytest.raises(ValidationError):
        book.apply_state_record(key, b'{"not": "a hold state"}')
    book.apply_state_record(key, raw)  # no longer expected: validated, an equal state
    assert book.get(key) == HoldState.model_validate_json(raw)
    book.apply_state_record(key, None)
    assert book.get(key) is None


def test_a_state_record_is_encoded_from_the_state_as_its_dump_would_be(holds: list[ReceivedHold]) -> None:
    """The worker encodes a state with pydantic-core directly: the same JSON value as the dict dump through
    `json.dumps`, read back (by this process or any other) as the same state."""
    book = HoldsBook()
    for hold in holds:
        state = fold_hold(book, hold, lambda entry_id: f"hash-of-{entry_id}")
        assert state is not None and book.get(hold.event_id) is state
        raw = encode_state(state)
        assert json.loads(raw) == json.loads(json.dumps(state.model_dump(mode="json"), default=str))
        assert HoldState.model_validate_json(raw) == state
        assert state.entry_hashes and all(v.startswith("hash-of-") for v in state.entry_hashes.values())
        other = HoldsBook()
        other.apply_state_record(hold.event_id, raw)
        assert other.get(hold.event_id) == state
    assert fold_hold(book, holds[0]) is None  # the same hold again brings nothing new
