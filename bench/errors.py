"""Error model of data entry: what a clerk, an OCR pass or a form field does to a listed name.

Every rule works on any Latin-script name and names no listed party. Classes are reported separately
by `bench/accuracy.py`:

- `typo_short` / `typo_long`: one keyboard-neighbour substitution, insertion, deletion, transposition,
  doubled or dropped double letter, in any token of 3-5 (short) or >= 6 (long) letters, whatever the
  other tokens are (given names, legal forms included);
- `ocr`: one optical confusion (`O`/`0`, `l`/`1`, `I`/`1`, `S`/`5`, `B`/`8`, `m`/`rn`, `rn`/`m`,
  `cl`/`d`, `vv`/`w`);
- `join`: two adjacent words run together anywhere (given name and surname, a word and its legal form
  or preposition: `Groupltd`, `Bureauof`);
- `split`: one word of >= 5 letters split at any inner position (`Engin Eering`);
- `multi2` / `multi3`: two or three of the above, drawn independently, stacked on the same name
  (a later edit may land on a word an earlier one touched, as in `PETERhhall`).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _neighbours() -> dict[str, str]:
    pos = {c: (r, i) for r, row in enumerate(KEYBOARD_ROWS) for i, c in enumerate(row)}
    out: dict[str, str] = {}
    for c, (r, i) in pos.items():
        near = []
        for dr, di in ((0, -1), (0, 1), (-1, 0), (-1, 1), (1, -1), (1, 0)):
            rr, ii = r + dr, i + di
            if 0 <= rr < len(KEYBOARD_ROWS) and 0 <= ii < len(KEYBOARD_ROWS[rr]):
                near.append(KEYBOARD_ROWS[rr][ii])
        out[c] = "".join(near)
    return out


NEIGHBOURS = _neighbours()
# (seen, written): what an OCR pass reads instead; lower-case forms, the case of the source is kept.
OCR_CONFUSIONS = (
    ("o", "0"),
    ("0", "o"),
    ("l", "1"),
    ("i", "1"),
    ("1", "l"),
    ("s", "5"),
    ("b", "8"),
    ("m", "rn"),
    ("rn", "m"),
    ("cl", "d"),
    ("d", "cl"),
    ("w", "vv"),
)
TYPO_OPS = ("substitute", "insert", "delete", "transpose", "double", "undouble")

Edit = Callable[[str, random.Random], "tuple[str, str] | None"]


def _case_as(c: str, like: str) -> str:
    return c.upper() if like.isupper() else c.lower()


def _words(name: str, least: int) -> list[re.Match[str]]:
    return [m for m in re.finditer(r"[A-Za-z]+", name) if len(m.group(0)) >= least]


def edit_word(word: str, op: str, rng: random.Random) -> str | None:
    """One keyboard edit of `word`; None when the operation does not apply (no double letter...)."""
    i = rng.randrange(len(word))

    def near(c: str) -> str:
        return _case_as(rng.choice(NEIGHBOURS.get(c.lower(), "etaoin")), c)

    if op == "substitute":
        return word[:i] + near(word[i]) + word[i + 1 :]
    if op == "insert":
        return word[:i] + near(word[i]) + word[i:]
    if op == "delete":
        return word[:i] + word[i + 1 :]
    if op == "transpose":
        pairs = [j for j in range(len(word) - 1) if word[j].lower() != word[j + 1].lower()]
        if not pairs:
            return None
        j = rng.choice(pairs)
        return word[:j] + _case_as(word[j + 1], word[j]) + _case_as(word[j], word[j + 1]) + word[j + 2 :]
    if op == "double":
        return word[: i + 1] + word[i] + word[i + 1 :]
    if op == "undouble":
        pairs = [j for j in range(len(word) - 1) if word[j].lower() == word[j + 1].lower()]
        if not pairs:
            return None
        j = rng.choice(pairs)
        return word[:j] + word[j + 1 :]
    raise ValueError(op)


def typo_in(name: str, rng: random.Random, least: int, most: int | None = None) -> tuple[str, str] | None:
    spans = [m for m in _words(name, least) if most is None or len(m.group(0)) <= most]
    if not spans:
        return None
    m = rng.choice(spans)
    word = m.group(0)
    ops = list(TYPO_OPS)
    rng.shuffle(ops)
    for op in ops:
        new = edit_word(word, op, rng)
        if new is not None and new.lower() != word.lower() and len(new) >= 2:
            return name[: m.start()] + new + name[m.end() :], f"{op}:{word}->{new}"
    return None


def typo_short(name: str, rng: random.Random) -> tuple[str, str] | None:
    return typo_in(name, rng, 3, 5)


def typo_long(name: str, rng: random.Random) -> tuple[str, str] | None:
    return typo_in(name, rng, 6)


def ocr(name: str, rng: random.Random) -> tuple[str, str] | None:
    options = []
    low = name.lower()
    for seen, written in OCR_CONFUSIONS:
        for m in re.finditer(re.escape(seen), low):
            # Within a word of >= 3 letters, as OCR errors are read in words.
            left = re.search(r"[A-Za-z0-9]*$", name[: m.start()])
            right = re.match(r"[A-Za-z0-9]*", name[m.end() :])
            span = (
                (left.group(0) if left else "")
                + name[m.start() : m.end()]
                + (right.group(0) if right else "")
            )
            if len(span) >= 3 and any(c.isalpha() for c in span):
                options.append((m.start(), m.end(), seen, written))
    if not options:
        return None
    start, end, seen, written = rng.choice(options)
    like = name[start:end]
    new = "".join(_case_as(c, like[min(k, len(like) - 1)]) for k, c in enumerate(written))
    return name[:start] + new + name[end:], f"{seen}->{written}"


def join(name: str, rng: random.Random) -> tuple[str, str] | None:
    gaps = [m for m in re.finditer(r"(?<=[A-Za-z])[ ]+(?=[A-Za-z])", name)]
    if not gaps:
        return None
    m = rng.choice(gaps)
    # Half the time the second word loses its capital, as when a field is typed without the space bar.
    right = name[m.end() :]
    if rng.random() < 0.5 and right[:1].isupper() and not name[: m.start()].isupper():
        right = right[:1].lower() + right[1:]
    out = name[: m.start()] + right
    a = re.search(r"[A-Za-z]+$", name[: m.start()])
    b = re.match(r"[A-Za-z]+", name[m.end() :])
    return out, f"join:{a.group(0) if a else ''}+{b.group(0) if b else ''}"


def split(name: str, rng: random.Random) -> tuple[str, str] | None:
    spans = _words(name, 5)
    if not spans:
        return None
    m = rng.choice(spans)
    word = m.group(0)
    k = rng.randrange(2, len(word) - 1)
    new = word[:k] + " " + word[k:]
    return name[: m.start()] + new + name[m.end() :], f"split:{new}"


SINGLE: dict[str, Edit] = {
    "typo_short": typo_short,
    "typo_long": typo_long,
    "ocr": ocr,
    "join": join,
    "split": split,
}
# The stacking mix: typing errors most often, spacing next, OCR least.
LETTERS_PER_EDIT = 6
STACK_WEIGHTS = {"typo_short": 3, "typo_long": 3, "ocr": 1, "join": 2, "split": 2}


def stacked(name: str, rng: random.Random, n: int) -> tuple[str, str] | None:
    """`n` independent edits, each drawn from the mix and applied to the name as the previous left it.

    A name gets at most one edit per `LETTERS_PER_EDIT` letters: past that it is another name."""
    if sum(c.isalpha() for c in name) < LETTERS_PER_EDIT * n:
        return None
    out, details = name, []
    kinds = list(STACK_WEIGHTS)
    weights = [STACK_WEIGHTS[k] for k in kinds]
    for _ in range(n * 4):
        if len(details) == n:
            break
        kind = rng.choices(kinds, weights=weights)[0]
        res = SINGLE[kind](out, rng)
        if res is not None and res[0] != out:
            out = res[0]
            details.append(f"{kind}:{res[1]}")
    if len(details) < n:
        return None
    return out, "|".join(details)


def multi2(name: str, rng: random.Random) -> tuple[str, str] | None:
    return stacked(name, rng, 2)


def multi3(name: str, rng: random.Random) -> tuple[str, str] | None:
    return stacked(name, rng, 3)


ERROR_RULES: dict[str, Edit] = {**SINGLE, "multi2": multi2, "multi3": multi3}
