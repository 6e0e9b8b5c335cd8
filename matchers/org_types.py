"""rigour's legal-form rewriting (`rigour.names.org_types`), generic forms, called as its public functions
call it.

`extract_org_types` and `replace_org_types_compare` are Python wrappers that turn their flag enums into
integers on every call before handing the text to rigour's Rust core; normalisation calls them once or
twice per name, and for a name without a legal form the wrapper costs as much as the search itself. The
integers are worked out once here and the core is called directly, after checking at import that both
routes give the same answers on a few names; if they differ, or rigour's core has moved, the public
wrappers are used (same answers, slower). Decision 0162.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from rigour.names import org_types as _public
from rigour.text.normalize import Cleanup, Normalize

# The public wrappers' defaults, which normalisation has always used.
_FLAGS: Final = int(Normalize.CASEFOLD)
_CLEANUP: Final = int(Cleanup.Noop)
# Names with and without legal forms, generic and specific: the import-time check that both routes agree.
_PROBES = (
    "acme trading co ltd",
    "obshchestvo s ogranichennoi otvetstvennostyu romashka",
    "zhejiang dahua technology co llc",
    "joint stock company star",
    "john smith",
    "",
)

Extract = Callable[[str, int, int, bool], list[tuple[str, str]]]
Replace = Callable[[str, int, int, bool], str]


def _public_extract(text: str, flags: int, cleanup: int, generic: bool) -> list[tuple[str, str]]:
    return _public.extract_org_types(text, Normalize(flags), Cleanup(cleanup), generic)


def _public_replace(text: str, flags: int, cleanup: int, generic: bool) -> str:
    return _public.replace_org_types_compare(text, Normalize(flags), Cleanup(cleanup), generic)


def _routes() -> tuple[Extract, Replace, bool]:
    """rigour's core functions when they answer as the public wrappers do, else the wrappers; and whether
    the core is used."""
    try:
        from rigour import _core

        extract: Extract = _core.extract_org_types
        replace: Replace = _core.replace_org_types_compare
        for text in _PROBES:
            for generic in (True, False):
                found = extract(text, _FLAGS, _CLEANUP, generic)
                rewritten = replace(text, _FLAGS, _CLEANUP, generic)
                if found != _public.extract_org_types(text, generic=generic):
                    raise ValueError(text)
                if rewritten != _public.replace_org_types_compare(text, generic=generic):
                    raise ValueError(text)
    except (ImportError, AttributeError, TypeError, ValueError):
        return _public_extract, _public_replace, False
    return extract, replace, True


_EXTRACT, _REPLACE, DIRECT = _routes()


def extract_org_types(text: str) -> list[tuple[str, str]]:
    """`rigour.names.org_types.extract_org_types(text, generic=True)`: (matched text, generic form) pairs."""
    return _EXTRACT(text, _FLAGS, _CLEANUP, True)


def replace_org_types_compare(text: str) -> str:
    """`rigour.names.org_types.replace_org_types_compare(text, generic=True)`."""
    return _REPLACE(text, _FLAGS, _CLEANUP, True)
