"""What the compliance consumer reads of each record on the cleared topic.

Every output the screening workers write is read back by the compliance consumer; a cleared record
(most of them) is needed only for its event (the open event to remember) and the list version it was
screened on, and whether it is a reviewer's release (`decision_ref`). `ClearedEcho` validates those and
skips building the rest (the parties screened, the screening's metadata): about half the cost of reading
the whole record as `ReceivedCleared`. Anything that is not a plain cleared record is read whole.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from streams.records import ReceivedCleared, ReceivedHold, read_decision_record


class ClearedEcho(BaseModel):
    """The fields of a cleared record the compliance workflow uses."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    decision: Literal["cleared"]
    event_id: str
    list_version: str | None
    event: dict[str, Any]
    decision_ref: Any = None  # a reviewer's release carries it: the event is done


def read_output(value: bytes, cleared_topic: bool) -> ReceivedHold | ReceivedCleared | ClearedEcho:
    """A record of the hold or cleared topic; `pydantic.ValidationError` when it is neither.

    On the cleared topic a cleared record is read as `ClearedEcho`; anything else there (a hold written
    to the wrong topic, a record the light read refuses) is read whole and judged as before.
    """
    if cleared_topic:
        try:
            return ClearedEcho.model_validate_json(value)
        except ValidationError:
            pass
    return read_decision_record(value)


def released(record: ReceivedHold | ReceivedCleared | ClearedEcho) -> bool:
    """A reviewer's release (a cleared record with `decision_ref`): the event needs no remembering."""
    if isinstance(record, ClearedEcho):
        return bool(record.decision_ref)
    return bool((record.model_extra or {}).get("decision_ref"))
