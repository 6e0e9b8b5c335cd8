"""Spelling rules run as plain string steps where a rule's pattern is one `re` need not run.

The spelling keys (`similarity.skeleton`, `similarity.consonant_key`) rewrite every new token with a dozen
or more short rules, and each `Pattern.sub` costs thousands of instructions however short the token. Most of
the rules are one of four shapes that a loop over the token's characters, compiled with the engine, does
exactly as `re` does:

- **alternatives of letters** (`shch|sch`, `yu|iu`, a class `[cq]`): at each position the first
  alternative found there is replaced and the scan goes on after it, as `re`'s leftmost, first-alternative
  matching does (not the longest; `iiy` with `iy|yy|ii|ij` is `iy`);
- **alternatives at the start** (`^ye|^ie`): only the start is tried;
- **a run of one character** (`(.)\\1+` -> `\\1`): every run made one character (`.` does not match a
  newline, so a token holding one takes the pattern);
- **a letter dropped between two classes** (`(?<=[a-z])h(?![aeiou])` -> ``): each place the letter
  follows a letter of the first class and no letter of the second follows it, judged on the token as it
  was before the step (lookarounds read the string, not what the substitution made).

Any other pattern runs as written. `tests/matchers/test_spelling_steps.py` compares every table's steps
with its patterns on generated tokens and the listed words.
"""

from __future__ import annotations

import re
from typing import Any, Final

from matchers.pattern_needles import class_letters

# What a step is (`Step`'s first field).
PATTERN: Final = 0
LETTERS: Final = 1
ALTERNATIVES: Final = 2
AT_START: Final = 3
RUNS: Final = 4
DROPPED: Final = 5

# (kind, pattern, replacement, needles, alternatives): `needles`, for a pattern run as written, what a token
# must hold for it to match (empty: always run); `alternatives`, for the other kinds, what is replaced.
Step = tuple[int, "re.Pattern[str] | str", Any, tuple[str, ...], tuple[str, ...]]

_ALTERNATION = re.compile(r"[a-z']+(?:\|[a-z']+)+")
_START_ALTERNATION = re.compile(r"\^[a-z']+(?:\|\^[a-z']+)*")
_CLASS = re.compile(r"\[[a-z']+\]")
_RUN = r"(.)\1+"
_DROPPED = re.compile(r"\(\?<=\[((?:[a-z']|[a-z]-[a-z])+)\]\)([a-z])\(\?!\[([a-z']+)\]\)")


def plan(rules: tuple[tuple[re.Pattern[str] | str, Any, tuple[str, ...]], ...]) -> tuple[Step, ...]:
    """The steps of a rule table (`similarity._compile`'s form): each rule with the cheapest kind that
    does exactly what its pattern does."""
    steps: list[Step] = []
    for pattern, replacement, first in rules:
        if isinstance(pattern, str):
            steps.append((LETTERS, pattern, replacement, (), (pattern,)))
            continue
        text = pattern.pattern
        plain = isinstance(replacement, str) and "\\" not in replacement and pattern.flags == re.UNICODE
        if plain and _ALTERNATION.fullmatch(text):
            steps.append((ALTERNATIVES, pattern, replacement, (), tuple(text.split("|"))))
        elif plain and _CLASS.fullmatch(text):
            steps.append((ALTERNATIVES, pattern, replacement, (), tuple(dict.fromkeys(text[1:-1]))))
        elif plain and _START_ALTERNATION.fullmatch(text):
            steps.append((AT_START, pattern, replacement, (), tuple(a[1:] for a in text.split("|"))))
        elif text == _RUN and replacement == r"\1" and pattern.flags == re.UNICODE:
            steps.append((RUNS, pattern, replacement, (), ()))
        elif replacement == "" and pattern.flags == re.UNICODE and (dropped := _DROPPED.fullmatch(text)):
            before, letter, not_after = dropped.groups()
            steps.append((DROPPED, pattern, replacement, (), (class_letters(before), letter, not_after)))
        else:
            steps.append((PATTERN, pattern, replacement, first, ()))
    return tuple(steps)


def rewrite(token: str, steps: tuple[Step, ...]) -> str:
    """Apply the steps in order: each sees what the earlier ones made."""
    for kind, pattern, replacement, first, alternatives in steps:
        if kind == LETTERS:
            letters = alternatives[0]
            if letters in token:
                token = token.replace(letters, replacement)
        elif kind == ALTERNATIVES:
            token = _alternatives(token, alternatives, replacement)
        elif kind == AT_START:
            for alternative in alternatives:
                if token.startswith(alternative):
                    token = replacement + token[len(alternative) :]
                    break
        elif kind == RUNS:
            token = _runs(token) if "\n" not in token else _sub(pattern, replacement, token)
        elif kind == DROPPED:
            token = _dropped(token, alternatives[0], alternatives[1], alternatives[2])
        elif not first or _holds_any(token, first):
            token = _sub(pattern, replacement, token)
    return token


def _sub(pattern: re.Pattern[str] | str, replacement: Any, token: str) -> str:
    assert not isinstance(pattern, str)
    out: str = pattern.sub(replacement, token)
    return out


def _holds_any(token: str, needles: tuple[str, ...]) -> bool:
    return any(needle in token for needle in needles)


def _alternatives(token: str, alternatives: tuple[str, ...], replacement: str) -> str:
    """`re.sub("a|b|...", replacement, token)` for alternatives of plain letters: the leftmost place any
    alternative is found, the first alternative found there, then on after it. (Most tokens hold none of a
    step's alternatives: that is asked first, by `in`, before any position is sought or list made.)"""
    for alternative in alternatives:
        if alternative in token:
            break
    else:
        return token
    parts: list[str] = []
    i = 0
    while True:
        best = -1
        found = ""
        for alternative in alternatives:
            at = token.find(alternative, i)
            if at != -1 and (best == -1 or at < best):
                best = at
                found = alternative
        if best == -1:
            break
        parts.append(token[i:best])
        parts.append(replacement)
        i = best + len(found)
    if not parts:
        return token
    parts.append(token[i:])
    return "".join(parts)


def _runs(token: str) -> str:
    """Every run of one character made one (`re.sub(r"(.)\\1+", r"\\1", token)` for a token without a
    newline)."""
    n = len(token)
    i = 1
    while i < n and token[i] != token[i - 1]:
        i += 1
    if i >= n:
        return token
    parts: list[str] = [token[:i]]
    previous = token[i - 1]
    for ch in token[i:]:
        if ch != previous:
            parts.append(ch)
            previous = ch
    return "".join(parts)


def _dropped(token: str, before: str, letter: str, not_after: str) -> str:
    """`letter` removed wherever it follows a character of `before` and precedes none of `not_after`."""
    at = token.find(letter, 1)
    if at == -1:
        return token
    parts: list[str] = []
    kept = 0
    n = len(token)
    while at != -1:
        if token[at - 1] in before and (at + 1 >= n or token[at + 1] not in not_after):
            parts.append(token[kept:at])
            kept = at + 1
        at = token.find(letter, at + 1)
    if not parts:
        return token
    parts.append(token[kept:])
    return "".join(parts)
