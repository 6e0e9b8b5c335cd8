"""What a token must hold for a spelling rule's pattern to match it, read from the pattern, so a rule is only
run on tokens it can change.

Spelling rules (`matchers/similarity.py`) are short regular expressions run in order over every new token;
most tokens hold none of the letters a rule looks for (`shch|sch`, `yu|iu`, `[cq]`), and a token without any
of a pattern's needles cannot match it, so skipping the call changes nothing. The reading understands the
shapes the rule tables use (letters, classes of letters, alternatives, groups, anchors and lookarounds); for
any other shape it answers `None`, and the rule is always run.
"""

from __future__ import annotations

import string

_LETTERS = frozenset(string.ascii_lowercase + "'")
_QUANTIFIERS = ("?", "*", "{", "+")
_LOOKAROUNDS = ("(?<=", "(?<!", "(?=", "(?!")


def needles(pattern: str) -> frozenset[str] | None:
    """Strings one of which every match of `pattern` begins with, or None when the pattern is not read."""
    found: set[str] = set()
    for alternative in _alternatives(pattern):
        start = _start_of(alternative)
        if start is None:
            return None
        found |= start
    return frozenset(found) if found else None


def _start_of(alternative: str) -> frozenset[str] | None:
    i, n = 0, len(alternative)
    while i < n:
        if alternative[i] == "^":
            i += 1
        elif alternative.startswith(_LOOKAROUNDS, i):
            # (A lookaround matches no letters: the match begins after it.)
            close = _closing(alternative, i)
            if close is None:
                return None
            i = close + 1
        else:
            break
    if i >= n:
        return None
    c = alternative[i]
    if c in _LETTERS:
        k = i
        while k < n and alternative[k] in _LETTERS:
            k += 1
        if k < n and alternative[k] in _QUANTIFIERS:
            # (The quantified letter may repeat or be absent: the literal ends before it.)
            k -= 1
        return frozenset({alternative[i:k]}) if k > i else None
    if c == "[":
        close = alternative.find("]", i)
        letters = _class(alternative[i + 1 : close]) if close > i else None
        end = close
    elif c == "(" and not alternative.startswith("(?", i):
        group = _closing(alternative, i)
        if group is None:
            return None
        letters = needles(alternative[i + 1 : group])
        end = group
    else:
        return None
    if end + 1 < n and alternative[end + 1] in ("?", "*", "{"):
        return None  # (the element may match nothing: the match may begin with what follows)
    return letters


def class_letters(body: str) -> str:
    """A character class's letters with its ranges written out, in order (`a-z'` -> `ab...z'`)."""
    out: list[str] = []
    i = 0
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            out.extend(chr(k) for k in range(ord(body[i]), ord(body[i + 2]) + 1))
            i += 3
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


def _class(body: str) -> frozenset[str] | None:
    """`[cq]`, `[a-z]`, `[aeiouwy']`: the letters of a character class (None for a negated one)."""
    if not body or body.startswith("^") or "\\" in body:
        return None
    out = frozenset(class_letters(body))
    return out if out <= _LETTERS else None


def _closing(text: str, start: int) -> int | None:
    """The index of the parenthesis closing the one at `start` (None past an escape)."""
    depth = 0
    in_class = False
    for k in range(start, len(text)):
        c = text[k]
        if c == "\\":
            return None
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return k
    return None


def _alternatives(pattern: str) -> list[str]:
    """The pattern's top-level alternatives (not those inside groups or classes)."""
    parts: list[str] = []
    depth = 0
    in_class = False
    last = 0
    for k, c in enumerate(pattern):
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(pattern[last:k])
            last = k + 1
    parts.append(pattern[last:])
    return parts
