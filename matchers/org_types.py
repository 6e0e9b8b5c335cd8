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

from matchers.vocabulary import ABBREVIATIONS, DIGITS_AS_LETTERS, FUNCTION_WORDS

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


_ROUTES: Final = _routes()
# (Final names: compiled code reads them from C statics, not from the module's dict per call.)
_EXTRACT: Final = _ROUTES[0]
_REPLACE: Final = _ROUTES[1]
DIRECT: Final = _ROUTES[2]


def extract_org_types(text: str) -> list[tuple[str, str]]:
    """`rigour.names.org_types.extract_org_types(text, generic=True)`: (matched text, generic form) pairs."""
    return _EXTRACT(text, _FLAGS, _CLEANUP, True)


def replace_org_types_compare(text: str) -> str:
    """`rigour.names.org_types.replace_org_types_compare(text, generic=True)`."""
    return _REPLACE(text, _FLAGS, _CLEANUP, True)


# Function words rigour's table also holds as one-word legal forms (`at`, Ukraine's `AT`; `in`): a
# preposition inside a name (`State Unitary Enterprise in the Republic of Crimea`, `Agrokredit-in Form`)
# joins its words and is read as one, not as a second legal form. A form is written where names write
# forms, at an end (`AT Ukrnafta`, `LLC 2050 AT`); `in`, English's commonest preposition, is written as a
# form by no listed name and is never read as one (`In Siratel`, `Mu'in`). Decision 0217.
FUNCTION_FORMS: Final = frozenset(w for w in FUNCTION_WORDS if _EXTRACT(w, _FLAGS, _CLEANUP, True))
_NEVER_FORMS: Final = frozenset({"in"}) & FUNCTION_FORMS
# Lebanon's joint-stock company (`Société Anonyme Libanaise`, `S.A.L.`), which rigour's table lacks: its
# dotted initials are a form's for ungluing a word typed onto them (`CAPITALS.A.L.`), but `SAL` stays a
# word. Read as the form, it cost more than it gained on dev (decision 0217: the word is what tells two
# short Lebanese names apart, `ZR GROUP SAL HOLDING`, and a split changes what stands before it).
_SAL: Final = "sal"


# The generic forms rigour writes (`replace_org_types_compare`) that only an organisation bears: a name
# written with one of them, at either end, is a company's (`evidence.kind_evidence`, decision 0223).
# `corporation` and `company` are the engine's own spellings of `Corp`, `Co`.
ORGANISATION_FORMS: Final = frozenset(
    {"llc", "jsc", "lp", "gp", "llp", "coop", "ngo", "corporation", "company"}
)


def written_as_organisation(tokens: tuple[str, ...], minor: frozenset[int]) -> bool:
    """A legal form read at the first or last word of a name that has a word besides its minor ones."""
    last = len(tokens) - 1
    if last < 1 or len(minor) > last:
        return False
    return (0 in minor and tokens[0] in ORGANISATION_FORMS) or (
        last in minor and tokens[last] in ORGANISATION_FORMS
    )


def read_legal_forms(text: str) -> tuple[str, set[str]]:
    """`text` (folded words) with its legal forms replaced by their generic forms
    (`replace_org_types_compare`) and the generic forms found; the prepositions rigour also lists as
    forms are left as words inside a name (`FUNCTION_FORMS`)."""
    if not text:
        return text, set()
    found = _EXTRACT(text, _FLAGS, _CLEANUP, True)
    if not found:
        return text, set()
    for matched, _ in found:
        if matched in FUNCTION_FORMS:
            return _around_function_words(text)
    return _REPLACE(text, _FLAGS, _CLEANUP, True), {generic for _, generic in found}


def _around_function_words(text: str) -> tuple[str, set[str]]:
    """Forms read in the runs of words between the function words that are no form where they stand."""
    words = text.split()
    last = len(words) - 1
    out: list[str] = []
    forms: set[str] = set()
    run: list[str] = []
    for i, word in enumerate([*words, ""]):
        kept = i <= last and word in FUNCTION_FORMS and (word in _NEVER_FORMS or 0 < i < last)
        if i <= last and not kept:
            run.append(word)
            continue
        if run:
            part = " ".join(run)
            found = _EXTRACT(part, _FLAGS, _CLEANUP, True)
            if found:
                forms.update(generic for _, generic in found)
                part = _REPLACE(part, _FLAGS, _CLEANUP, True)
            out.append(part)
            run = []
        if i <= last:
            out.append(word)
    return " ".join(out), forms


def is_form_initials(letters: str) -> bool:
    """`letters` (a dotted form's, dots dropped: `sa`, `sro`, `sal`) are a legal form on their own."""
    return letters == _SAL or bool(_EXTRACT(letters, _FLAGS, _CLEANUP, True))


# The words a legal form's initials stand around when written out (`S. DE R.L. DE C.V.`).
_BETWEEN_INITIALS: Final = frozenset({"de"})


def spaced_form_initials(words: list[str]) -> list[str]:
    """`geofarma s a de c v` -> `geofarma sa de cv`: a legal form's initials typed with spaces and no dots
    (`S A DE C V`, `S DE R L DE C V`, `S A`), as a clerk or a system that strips punctuation writes them,
    closing a name. Dotted, `fold` makes each run of initials one word; spaced, every letter was a word of
    its own and the form a row of one-letter words the listed name lacks. The letters (two or more, with
    `de` between) are joined run by run when what they make is, whole, one legal form by rigour's table:
    other trailing initials stay letters (`M Y M`, `Z O O` after `SP`, a person's `A S` is `as` only
    where the table says so, as its dotted `A.S.` already is). Decision 0221."""
    n = len(words)
    start = n
    while start > 1 and (_letter(words[start - 1]) or words[start - 1] in _BETWEEN_INITIALS):
        start -= 1
    for first in range(start, n - 1):
        if not _letter(words[first]):
            continue
        joined: list[str] = []
        letters = 0
        previous_letter = False
        for word in words[first:]:
            letter = _letter(word)
            if letter and previous_letter:
                joined[-1] += word
            else:
                joined.append(word)
            letters += letter
            previous_letter = letter
        text = " ".join(joined)
        found = _EXTRACT(text, _FLAGS, _CLEANUP, True)
        if letters >= 2 and len(found) == 1 and found[0][0] == text:
            return [*words[:first], *joined]
    return words


def _letter(word: str) -> bool:
    return len(word) == 1 and word.isalpha()


# A dotted form's parts are one or two characters (`S.`, `RR.`, `DE`); a run of such words closes a name.
_PART_LETTERS: Final = 2
# Joined letters edited only from this many on: two letters one edit from a form are any two letters.
_EDITED_FROM: Final = 3
# A letter struck for another only from four letters on: three letters with one struck are any short form
# (`S.WA.`, `SX.A` read `spa`, another company's form than the listed `S.A.`).
_STRUCK_FROM: Final = 4
# No legal form's initials run past this many letters (`sderldecv`, nine): a longer run is a name's own
# letters, and its one-edit candidates (about 50 per letter, each asked of rigour) are not sought.
_MOST_LETTERS: Final = 10
_ALPHABET: Final = "abcdefghijklmnopqrstuvwxyz"


def broken_form_initials(words: list[str], text: str) -> list[str]:
    """`petropark s l` (`S..L.`) -> `petropark srl`, `lacno s rr o` (`S.RR.O.`) -> `lacno sro`, `grupo w 5
    a` (`5.A.`) -> `grupo w sa`, `masa facil s de cv` (`S.. DE C.V.`) -> `masa facil sadecv`: a dotted
    legal form with one part missed, doubled or mistyped, closing a name. `fold` joins a dotted form's
    initials into one word only while dots alternate with single letters; one slip in them leaves a row
    of one- and two-letter words no listed name holds, and the pair fell to 0.6-0.8 however exact the
    name's own words were.

    The run of such words at the end (two or more, a word of the name before them) is read as a form when
    its letters, joined, are one edit from one legal form by rigour's table (a letter added, struck for
    another from four letters on, two swapped, or dropped where it doubles its neighbour): from three
    letters on, with the first and last letter kept and no letter added, struck or swapped inside a part
    that is a form or an abbreviation alone (`c sa` is not `cia`); two letters only where the dots show a
    part was missed (`S..L.`). The name must be written with dots, or the run hold a digit, read as the
    letter it prints as (`5.A.` is `sa`, as is a form split in two, `L TD`): initials spaced without dots
    are decision 0221's, and a person's `H A F` or `Oo Oo` stays letters. Single letters that are a form as
    they stand (`S. C. S.`), or a run the table reads whole as written (`sa de cv`), are left as they are:
    this reads slips, not spellings. The shortest end that reads is taken. Decision 0243."""
    n = len(words)
    start = n
    while start > 1 and len(words[start - 1]) <= _PART_LETTERS:
        start -= 1
    if n - start < 2:
        return words
    dotted = "." in text
    for first in range(start, n - 1):
        if _one_form(" ".join(words[first:])):
            return words
    parts: list[tuple[int, str, bool]] = []
    for first in range(n - 2, start - 1, -1):
        written = "".join(words[first:])
        if len(written) > _MOST_LETTERS:
            break
        joined = written.translate(DIGITS_AS_LETTERS)
        if not joined.isalpha():
            continue
        if _initials(joined):
            # Initials that are a form as they stand, spaced or dotted (`S. C. S.`), are decision 0221's to
            # read; a digit printed for a letter or a form's word split (`L TD`) is a slip.
            slip = joined != written or (first == n - 2 and _PART_LETTERS in (len(words[-2]), len(words[-1])))
            return [*words[:first], joined] if slip else words
        parts.append((first, joined, dotted or joined != written))
    for first, joined, slipped in parts:
        form = _near_form(joined, _kept(words[first:]), ".." in text) if slipped else ""
        if form:
            return [*words[:first], form]
    return words


def _one_form(text: str) -> bool:
    found = _EXTRACT(text, _FLAGS, _CLEANUP, True)
    return len(found) == 1 and found[0][0] == text


def _initials(letters: str) -> bool:
    return letters != _SAL and letters not in FUNCTION_WORDS and _one_form(letters)


def _kept(part: list[str]) -> frozenset[int]:
    """Positions of the joined letters inside a part that is a legal form or an abbreviation alone (`sa`,
    `cv`, `co`): not edited."""
    kept: set[int] = set()
    at = 0
    for word in part:
        if len(word) >= 2 and (word in ABBREVIATIONS or _initials(word)):
            kept.update(range(at, at + len(word)))
        at += len(word)
    return frozenset(kept)


def _near_form(letters: str, kept: frozenset[int], part_missed: bool) -> str:
    """The legal form one edit from `letters` (a letter added, struck for another, two swapped, or dropped
    where it doubles its neighbour; the first and last kept, none inside `kept`), or ''; two letters take
    only a letter added, where a part was missed between dots."""
    n = len(letters)
    if n < _EDITED_FROM and not part_missed:
        return ""
    candidates: list[str] = []
    for at in range(1, n):
        if not (at - 1 in kept and at in kept):
            candidates.extend(letters[:at] + c + letters[at:] for c in _ALPHABET)
    if n >= _EDITED_FROM:
        for at in range(1, n - 1):
            if letters[at] in (letters[at - 1], letters[at + 1]):
                # (A letter dropped only where it doubles its neighbour, in a form too: `s rr o`, `sr ll`.
                # `S. EN C.` is Colombia's partnership spelt right, not `snc` with a letter added.)
                candidates.append(letters[:at] + letters[at + 1 :])
            if at not in kept and n >= _STRUCK_FROM:
                candidates.extend(letters[:at] + c + letters[at + 1 :] for c in _ALPHABET if c != letters[at])
        for at in range(1, n - 2):
            if at not in kept and at + 1 not in kept:
                candidates.append(letters[:at] + letters[at + 1] + letters[at] + letters[at + 2 :])
    for candidate in candidates:
        if _initials(candidate):
            return candidate
    return ""
