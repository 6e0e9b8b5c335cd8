"""`matchers.org_types`: rigour's legal-form rewriting called directly gives what its public wrappers give,
and is the route taken here (the import-time check passed)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rigour.names.org_types import extract_org_types as public_extract
from rigour.names.org_types import replace_org_types_compare as public_replace

from matchers.org_types import DIRECT, extract_org_types, replace_org_types_compare

# Words of legal forms in several languages, their parts, and ordinary name words.
WORDS = (
    "co ltd llc inc corp company limited liability corporation incorporated gmbh ag sa de cv srl sarl plc "
    "llp pvt pte bhd sdn jsc ojsc pjsc cjsc oao zao pao ooo obshchestvo s ogranichennoi otvetstvennostyu "
    "aktsionernoe zakrytoe otkrytoe publichnoe joint stock open closed public private group holding "
    "trading acme star dahua huawei technology john smith and of the kg mbh as ab oy nv bv spa"
).split()


def test_the_direct_route_is_taken() -> None:
    assert DIRECT


@given(st.lists(st.sampled_from(WORDS), max_size=8))
def test_same_answers_as_rigours_wrappers(words: list[str]) -> None:
    text = " ".join(words)
    assert extract_org_types(text) == public_extract(text, generic=True)
    assert replace_org_types_compare(text) == public_replace(text, generic=True)


def test_a_name_with_and_without_a_form() -> None:
    assert extract_org_types("acme trading co ltd") == [("co ltd", "llc")]
    assert replace_org_types_compare("acme trading co ltd") == "acme trading llc"
    assert extract_org_types("john smith") == []
