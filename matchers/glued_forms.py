"""Short legal forms typed onto a query's word (`PJSCGAZPROM`, `AOAerokon`, `RUSTZAO`, `HEBRONS.A.`).

A legal form of two to four letters run together with the name it leads or ends makes a word no list
holds, and the name's own word disappears with it. The normaliser cannot cut such words: it sees no list,
and a word that starts with `ao` or ends with `as` is usually a name (`Aoyama`, `Thomas`). The index can:
a query word that is no listed word, no English word, whose one end is a legal form in rigour's vocabulary
and whose other part is a listed word, is that form and that word. Only the query is read so (listed
names are not cut: the listed word itself is the evidence), and only when the whole word is unknown, so
a listed `Aoyama` or `Bancorp` stays whole. Decision 0148.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

from matchers.english_words import zipf_frequency
from matchers.normalise import REAL_WORD_ZIPF, NameForm, canonical, fold, normalise_name
from matchers.org_types import extract_org_types
from matchers.transcription import LATIN
from matchers.vocabulary import ABBREVIATIONS, FUNCTION_WORDS

# Legal forms cut from a word are two to four letters (`ao`, `zao`, `pjsc`); longer ones are words the
# normaliser already reads (`limited`, `company`: `normalise.unglue`).
SHORTEST_FORM: Final = 2
LONGEST_FORM: Final = 4
# At a word's end at least three: two letters there are as often the word's own (`Callao`, `Baqiao`,
# `Hotelsin`) as a form (`GAZPROMBANKAO`).
SHORTEST_END_FORM: Final = 3
# What is left must be a listed word of at least this many letters (`veb`, `rust`): two letters are
# initials, which any word may end in.
SHORTEST_REST: Final = 3
# A two-letter form at a word's end is cut only from a listed word at least this long (`GAZPROMBANKAO`,
# `LOGARCHEOAG`: a space skipped before the form): a word's own last two letters leave a short rest
# (`Call-ao`, `Baqi-ao`, `Thom-as`), and seven letters or more of a listed name before a form's letters are
# that name (decision 0254).
LONG_REST_END_PAIR: Final = 7
# Names of more words are read as written: a pasted blob is not searched word by word for forms.
MOST_WORDS: Final = 12
# Words shorter than a form and a rest are never cut.
SHORTEST_WORD: Final = SHORTEST_FORM + SHORTEST_REST


# rigour's generic forms of companies: its other short forms are often a word's end (`ong`, `na`, `ii`).
COMPANY_FORMS: Final = frozenset({"jsc", "llc"})


def is_legal_form(piece: str) -> bool:
    """`piece` on its own is a company's legal form rigour knows (`ao`, `pjsc`, `sa`, `ltd`)."""
    known = _FORM_MEMO.get(piece)
    if known is None:
        if len(_FORM_MEMO) >= _FORM_MEMO_SIZE:
            _FORM_MEMO.clear()
        known = _FORM_MEMO[piece] = _legal_form(piece)
    return known


def _legal_form(piece: str) -> bool:
    if piece in FUNCTION_WORDS:
        # (`in` is a form rigour knows, and the word `Inzinc` begins with it.)
        return False
    found = extract_org_types(piece)
    return len(found) == 1 and found[0][0] == piece and found[0][1] in COMPANY_FORMS


# Pieces of two to four letters asked about: a plain dict (a compiled look-up), emptied when full.
_FORM_MEMO: Final[dict[str, bool]] = {}
_FORM_MEMO_SIZE: Final = 65536


def near_listed(word: str, postings: Mapping[str, object], deletes: Mapping[str, object]) -> bool:
    """A listed word is one edit from `word` (symmetric deletion keys): then `word` is read as its typo
    (`CHUNA` / `CHINA`, `SAMIRSA` / `SAMIRA`), not as a name with a form glued to it."""
    if word in deletes:
        return True
    for i in range(len(word)):
        key = word[:i] + word[i + 1 :]
        if key in postings or key in deletes:
            return True
    return False


def _listed(word: str, postings: Mapping[str, object]) -> bool:
    if word in postings:
        return True
    # (`canonical` changes only abbreviations and plurals.)
    return (word[-1] == "s" or word in ABBREVIATIONS) and canonical(word) in postings


def cut_glued_form(word: str, postings: Mapping[str, object]) -> tuple[str, str] | None:
    """(form, rest) or (rest, form) as written when `word` is a short legal form glued to a listed word;
    the longest form wins (`pjsc` + `gazprom`, not `pj` + ...)."""
    n = len(word)
    for size in range(min(LONGEST_FORM, n - SHORTEST_REST), SHORTEST_FORM - 1, -1):
        # (The rest first: a dictionary look-up, where asking rigour is a search of its vocabulary.)
        head, rest = word[:size], word[size:]
        if _listed(rest, postings) and is_legal_form(head):
            return head, rest
        rest, tail = word[: n - size], word[n - size :]
        if (
            (size >= SHORTEST_END_FORM or len(rest) >= LONG_REST_END_PAIR)
            and _listed(rest, postings)
            and is_legal_form(tail)
        ):
            return rest, tail
    return None


def written_as_one_name(word: str, original: str) -> bool:
    """`word` is written in the name as one capitalised word, its capital first and only there (`Campano`,
    `Cánovas`, `Şadıman`): a form glued before a name keeps its own capitals (`AOAerokon`, `PJSCGAZPROM`;
    the lists write such forms in capitals: 2,401 names against 2 in title case, `Oao Yaltinskaya`), so a
    capital and small letters after it make a surname that happens to begin as a form does (`Ca`, `Sa`),
    not `CA Mpano`. Decision 0242."""
    for written in _WRITTEN_WORDS.findall(original):
        if fold(written) == word:
            return bool(written[0].isupper() and written[1:].islower())
    return False


# A word as written, up to the characters folding drops or makes a space of.
_WRITTEN_WORDS: Final = re.compile(r"[^\W\d_]+")


def _initials_after(raw: tuple[str, ...], at: int) -> str:
    """The short word after `raw[at]`, which dotted initials fold to (`s.a.` after `hebron` -> `a`; `s.a.s.`
    -> `as`), or ''."""
    after = raw[at + 1] if at + 1 < len(raw) else ""
    return after if len(after) <= LONGEST_FORM - 1 and after.isalpha() else ""


def read_glued_forms(
    form: NameForm, postings: Mapping[str, object], deletes: Mapping[str, object]
) -> NameForm:
    """`form` with each glued short legal form cut from its word, re-normalised; `form` itself when there
    is none (the usual case: one dictionary look-up per long word)."""
    if form.script != LATIN or len(form.raw) > MOST_WORDS:
        return form
    words: list[str] = []
    raw = form.raw
    changed = False
    at = 0
    while at < len(raw):
        word = raw[at]
        cut = None
        if len(word) >= SHORTEST_WORD and word not in postings and word.isalpha():
            cut = _cut(word, raw, at, form.original, postings, deletes)
        if cut is None:
            words.append(word)
            at += 1
            continue
        changed = True
        words.append(cut[0])
        at += 1 + cut[1]
    if not changed:
        return form
    return normalise_name(" ".join(words))._replace(original=form.original)


def _cut(
    word: str,
    raw: tuple[str, ...],
    at: int,
    original: str,
    postings: Mapping[str, object],
    deletes: Mapping[str, object],
) -> tuple[str, int] | None:
    """The word as it is read, with a space where the form meets the name, and how many of the words after
    it the form took; or None."""
    # (A listed word's plural or other spelling is that word: only the dotted initials may follow it.)
    parts = None if _listed(word, postings) else cut_glued_form(word, postings)
    if parts is not None:
        if near_listed(word, postings, deletes) or near_listed(canonical(word), postings, deletes):
            return None
        if is_legal_form(parts[0]) and written_as_one_name(word, original):
            return None
        run = 0
    else:
        # A dotted form's first initial typed onto the word before it (`HEBRONS.A.`, `DISTRIECORS.A.S.`):
        # the form is that letter and the initials after it, and the word without it is listed (so it is
        # also one letter from a listed word: the initials, not the letters, say which).
        after = _initials_after(raw, at)
        if not after or not is_legal_form(word[-1] + after) or not _listed(word[:-1], postings):
            return None
        if word + "." + ".".join(after) not in original.lower():
            # (Written with its dots: `Matias A. Garcia` is a name and an initial.)
            return None
        parts = (word[:-1], word[-1] + after)
        run = 1
    if zipf_frequency(word, "en") >= REAL_WORD_ZIPF:
        return None
    return " ".join(parts), run
