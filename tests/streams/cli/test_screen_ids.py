"""`holdline screen --jsonl` echoes each request's id exactly as `json.dumps` wrote it (decision 0502)."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from streams.cli.screen import _json_id

ids = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)


@given(ids)
def test_an_id_is_written_as_json_dumps_writes_it(value: object) -> None:
    assert _json_id(value) == json.dumps(value, ensure_ascii=False)


def test_booleans_stay_json_booleans() -> None:
    assert (_json_id(True), _json_id(False), _json_id(0), _json_id(-7)) == ("true", "false", "0", "-7")
