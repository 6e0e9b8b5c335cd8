"""A legal form typed with one slip at a name's end (`TLD`, `OTD`, `Snd Bhd`, `11C`), read as the form.

Normalisation reads a mistyped legal form only when the typo keeps its first letter and leaves no word of
English (`legal_spelling`), because a name's last word one edit from `ltd` may be a name of its own. The
scorer has more to go on: the word was left unaligned, every word before it belongs to the listed name,
and the listed name ends in a legal form of its own. A short word there, one edit from a legal form, is
that form mistyped; read as a name word it costs the pair as much as a missing distinctive word.
"""

from __future__ import annotations

from typing import Final

from matchers.english_words import zipf_frequency
from matchers.memos import KeyMemo
from matchers.org_types import extract_org_types
from matchers.similarity import osa_distance, typed_edit, typing_cost
from matchers.vocabulary import DIGITS_AS_LETTERS, LEGAL_SPELLINGS

# Short legal forms (3-4 letters) a slip is read in: the spellings normalisation repairs, and the forms
# normally written beside another (`Sdn Bhd`, `Cia Ltda`, `Pty Ltd`), which are read as one only when both
# are intact: `Icarus Marine (Pyty) Ltd.` is `(Pty) Ltd.` with a slip, not a word the listed name lacks
# (decision 0239).
SHORT_FORMS: Final[tuple[str, ...]] = tuple(
    sorted(form for form in LEGAL_SPELLINGS | {"sdn", "ltda", "pty"} if 3 <= len(form) <= 4)
)


# (Compiled, and read natively by compiled callers, not through `lru_cache` objects: decision 0544.)
_MISTYPED: Final = KeyMemo(4096)
_TYPED_FOR: Final = KeyMemo(4096)


def mistyped_form(token: str, most_common: float) -> bool:
    """`token` (2-4 characters, digits read as letters) is a short legal form with one edit: a letter
    struck for another, added, dropped or swapped (`tld`, `otd`, `bd`, `ssdn`, `11c`); two letters only as
    a three-letter form with one dropped (`bd` / `bhd`, `oo` / `ooo`). Words of English more common than
    `most_common` on the Zipf scale are taken as written (`pet`, `inn`, `lt`, `bd`)."""
    key = (token, most_common)
    found: bool | None = _MISTYPED.table.get(key)
    if found is None:
        found = _mistyped_form(token, most_common)
        _MISTYPED.put(key, found)
    return found


def _mistyped_form(token: str, most_common: float) -> bool:
    word = token.translate(DIGITS_AS_LETTERS)
    if not (2 <= len(word) <= 5 and word.isalpha()):
        return False
    if word in LEGAL_SPELLINGS:
        return word != token
    near = False
    for form in SHORT_FORMS:
        if len(word) == 2 and len(form) != 3:
            continue
        if abs(len(form) - len(word)) <= 1 and osa_distance(word, form, score_cutoff=1) <= 1:
            near = True
            break
    return near and zipf_frequency(word, "en") < most_common


def typed_for_form(token: str, generic: str) -> bool:
    """`token` (2-5 letters) is one edit typing makes (`similarity.typed_edit`: a slip, a key struck with
    its neighbour, a key missed) from a spelling of 3 letters or more of the legal form `generic` stands
    for (`pa` / `pao`, `oo` / `ooo`, `azao` / `zao`, `oltd` / `ltd` for `jsc` and `llc`). A listed alias
    writes its form one way (`JSC VTB BANK`) and the query another (`VTB BANK PAO`), typed with a slip."""
    key = (token, generic)
    found: bool | None = _TYPED_FOR.table.get(key)
    if found is None:
        found = _typed_for_form(token, generic)
        _TYPED_FOR.put(key, found)
    return found


def _typed_for_form(token: str, generic: str) -> bool:
    if not (2 <= len(token) <= 5 and token.isalpha()):
        return False
    return any(typed_edit(token, spelling) for spelling in _SPELLINGS_OF.get(generic, ()))


def _spellings_of() -> dict[str, tuple[str, ...]]:
    """Each generic legal form's spellings of 3 letters or more (`jsc`: `pao`, `oao`, `zao`, `pjsc`...)."""
    out: dict[str, list[str]] = {}
    for spelling in sorted(LEGAL_SPELLINGS):
        found = extract_org_types(spelling)
        if len(spelling) >= 3 and found and len(spelling) <= 5:
            out.setdefault(found[0][1], []).append(spelling)
    return {generic: tuple(spellings) for generic, spellings in out.items()}


_SPELLINGS_OF: Final[dict[str, tuple[str, ...]]] = _spellings_of()
# Print confusions read back (`cl` for `d`, `rn` for `m`, `vv` for `w`), each one slip.
_PRINT_READS: Final[tuple[tuple[str, str], ...]] = (("cl", "d"), ("rn", "m"), ("vv", "w"))


def form_typed_twice(written: str, form: str, slip_cost: float, edit_cost: float, most_common: float) -> bool:
    """`written` (2-5 characters, digits read as letters) is the short legal form `form` as the listed
    name writes it (`ltd`, `zao`: 3-4 letters) with two edits typing or print makes, priced as
    `similarity.typing_cost` prices them, two slips or a slip and another edit at most (`tl`, `lf`, `kt`
    for `ltd`; `zqp` for `zao`; `lttcl` for `ltd`, `cl` read for `d` and `t` doubled). Not a legal
    spelling of its own (another form is another kind of company), not one edit from the form as written
    (0159's, which reads `lt` as a word), and, from three letters on, no word of English more common than
    `most_common` on the Zipf scale.

    0159 read one edit only, as two edits make any two or three letters some form; here the form is the one
    the listed name has, left unaligned at its end beside the query's last word."""
    if form not in LEGAL_SPELLINGS or not 3 <= len(form) <= 4:
        return False
    word = written.translate(DIGITS_AS_LETTERS)
    if not (2 <= len(word) <= 5 and word.isalpha()) or word == form or word in LEGAL_SPELLINGS:
        return False
    most = slip_cost + edit_cost
    cost = typing_cost(word, form, slip_cost, edit_cost, True)
    for read, seen in _PRINT_READS:
        at = word.find(read)
        if at != -1:
            folded = word[:at] + seen + word[at + len(read) :]
            cost = min(cost, slip_cost + typing_cost(folded, form, slip_cost, edit_cost, True))
    if cost > most or osa_distance(word, form, score_cutoff=2) < 2:
        return False
    # (Two letters are any abbreviation to a word list, `tl`, `kt`, `lf` among them: their edits decide.)
    return len(word) == 2 or zipf_frequency(word, "en") < most_common
