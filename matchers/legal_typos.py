"""Legal forms damaged beyond one edit: a closed vocabulary read with a wider budget.

A legal form (`Ltd`, `OAO`, `JSC`) is one of a few dozen spellings, not a name: a word at the end of a
name that holds a short form's letters in order with a key or two struck beside them (`LGRTD` for `LTD`,
`OWAO` for `OAO`) cannot be read as another party's name the way a word two edits from a listed name
can. Reading it as the form costs no false positives on names: the word weighed almost nothing as the
form, and weighs almost nothing still. Words of ordinary English are taken as written (`lated`).
"""

from __future__ import annotations

from itertools import combinations
from typing import Final

from rapidfuzz.distance import OSA

from matchers.config import DEFAULT_CONFIG
from matchers.keyboard import NEIGHBOURS


def struck_beside(word: str, form: str, most: int) -> bool:
    """`word` is `form` with at most `most` letters added inside it, each a doubled letter or a keyboard
    neighbour of a letter of the form beside it (keys struck at once): `lgrtd` / `ltd`, `owao` / `oao`."""
    extra = len(word) - len(form)
    if not 0 < extra <= most or word[0] != form[0] or word[-1] != form[-1]:
        return False
    for added in combinations(range(1, len(word) - 1), extra):
        kept = [k for k in range(len(word)) if k not in added]
        if "".join(word[k] for k in kept) == form and all(_beside(word, k, kept) for k in added):
            return True
    return False


def _beside(word: str, k: int, kept: list[int]) -> bool:
    """The added letter at `k` doubles or neighbours the form's letter before or after it."""
    near = NEIGHBOURS.get(word[k], "")
    before = max(m for m in kept if m < k)
    after = min(m for m in kept if m > k)
    return any(word[m] == word[k] or word[m] in near for m in (before, after))


def damaged_form(word: str, forms: tuple[str, ...], most: int) -> str:
    """The 3-4 letter legal form `word` holds with up to `most` keys struck beside its letters
    (`struck_beside`), or `word` itself. Callers check the word is no English word afterwards. (Two edits
    in a longer form were tried: `Corporativo`, a listed name's word, read as `corporation`.)"""
    for form in forms:
        if form[0] == word[0] and form[-1] == word[-1] and len(form) <= 4 and struck_beside(word, form, most):
            return form
    return word


# The default configuration's budget, for normalisation (which has no `MatchConfig`).
SHORT_FORM_KEYS: Final = DEFAULT_CONFIG.similarity.legal_form_keys
PHRASE_LETTERS_PER_EDIT: Final = DEFAULT_CONFIG.similarity.legal_phrase_letters
PHRASE_WORD_LETTERS: Final = DEFAULT_CONFIG.similarity.legal_phrase_word_letters
LETTER_DROPPED_FROM: Final = DEFAULT_CONFIG.similarity.legal_letter_dropped_from


# Legal-form words long enough that one typo leaves them the form (`obshchrestvo`, `companny`), which a
# name is typed onto or after (`OBSHCHRESTVOINFORMGAZINVEST`, `NOVIKOMBANKAKTSIONERNOE`).
GLUED_WORDS: Final[tuple[str, ...]] = tuple(
    sorted(
        "limited company corporation incorporated liability obshchestvo aktsionernoe zakrytoe otkrytoe "
        "publichnoe ogranichennoi otvetstvennostyu".split(),
        key=len,
        reverse=True,
    )
)
# The rest of the word must be a word of its own.
MIN_REST: Final = 4


_BY_FIRST: Final[dict[str, tuple[str, ...]]] = {
    c: tuple(form for form in GLUED_WORDS if form[0] == c) for c in {form[0] for form in GLUED_WORDS}
}
_SHORTEST: Final = min(map(len, GLUED_WORDS))
_LONGEST: Final = max(map(len, GLUED_WORDS))


def glued_form(word: str) -> tuple[str, str] | None:
    """A legal-form word with at most one typo glued before or after a name (`ohshchestvofintender` ->
    (`obshchestvo`, `fintender`), `novikombankaktsionernoe` -> (`novikombank`, `aktsionernoe`)): the two
    parts in order, the form spelt right, or None. The cut closest to the form wins (`compannyaurus` is
    `company` + `aurus`, not `compann` + `yaurus`)."""
    n = len(word)
    if n < _SHORTEST - 1 + MIN_REST:
        return None
    # (edits, the form's last letter missed: a typo inside it is likelier than at the cut)
    best: tuple[tuple[int, bool], str, str] | None = None
    for form in _BY_FIRST.get(word[0], ()):
        size = len(form)
        for cut in (size, size - 1, size + 1):
            if n - cut < MIN_REST:
                continue
            head = word[:cut]
            edits = (OSA.distance(head, form, score_cutoff=1), head[-1] != form[-1])
            if edits[0] <= 1 and (best is None or edits < best[0]):
                best = (edits, form, word[cut:])
    for cut in range(_SHORTEST - 1, min(_LONGEST + 1, n - MIN_REST) + 1):
        for form in _BY_FIRST.get(word[n - cut], ()):
            if abs(len(form) - cut) > 1:
                continue
            edits = (OSA.distance(word[n - cut :], form, score_cutoff=1), False)
            if edits[0] <= 1 and (best is None or edits < best[0]):
                best = (edits, word[: n - cut], form)
    return (best[1], best[2]) if best is not None else None


def near_legal_word(word: str) -> bool:
    """`word` is a long legal-form word with at most one typo (`zaorytoe` / `zakrytoe`)."""
    return any(
        abs(len(form) - len(word)) <= 1 and OSA.distance(word, form, score_cutoff=1) <= 1
        for form in GLUED_WORDS
    )
