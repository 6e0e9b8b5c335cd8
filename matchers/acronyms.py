"""Listed names by the initials of their words: a candidate path for a query that writes part of a listed
name as its acronym, possibly with two letters swapped (`Kumul PBS` for `Kumul Municipality Public Security
Bureau`, whose last three words give `PSB`).

The token postings cannot find such a name: the acronym is no listed word (or is another party's word:
`PBS`), so the listed name shares only the query's other words, and those explain too little of it for
the estimate. Each listed name's runs of 3-5 consecutive initials are posted here at index build; a query's
short words, as typed and with each pair of neighbouring letters swapped, are looked up, and a name is
kept only when it also holds another of the query's words (or a listed spelling the token step found for
it): an acronym alone is a few letters that thousands of names share.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from mypy_extensions import mypyc_attr

from matchers.config import RetrievalConfig
from matchers.scoring import Side, swapped


@mypyc_attr(serializable=True, allow_interpreted_subclasses=True)
class AcronymIndex:
    """Runs of initials (`psb`, `mps`, `kmp` ... of `kmpsb`) -> the listed names holding them."""

    __slots__ = ("config", "runs")

    def __init__(self, initials: Iterable[str], config: RetrievalConfig) -> None:
        self.config = config
        lo, hi = config.min_acronym_len, config.max_acronym_len
        runs: dict[str, list[int]] = defaultdict(list)
        for name_id, letters in enumerate(initials):
            if len(letters) < lo:
                continue
            seen: set[str] = set()
            for size in range(lo, min(hi, len(letters)) + 1):
                for start in range(len(letters) - size + 1):
                    run = letters[start : start + size]
                    if run not in seen:
                        seen.add(run)
                        runs[run].append(name_id)
        most = config.max_acronym_postings
        # A run this many names share identifies none of them (`sri`, `aaa`): not kept. `array`s: one
        # machine integer per posting, not an int object each.
        self.runs: dict[str, array[int]] = {
            run: array("i", ids) for run, ids in runs.items() if len(ids) <= most
        }

    def search(
        self,
        tokens: Sequence[str],
        minor: frozenset[int] | Sequence[int],
        known: Sequence[Mapping[str, float]],
        sides: Sequence[Side],
        have: set[int],
    ) -> list[int]:
        """Names not in `have` whose initials hold one of the query's short words (as typed, or with two
        letters swapped) and that hold another of its words, at most `max_acronym_candidates`."""
        config = self.config
        lo, hi = config.min_acronym_len, config.max_acronym_len
        words = [i for i in range(len(tokens)) if i not in minor]
        if len(words) < 2:
            return []
        out: list[int] = []
        runs = self.runs
        for i in words:
            tok = tokens[i]
            if not (lo <= len(tok) <= hi and tok.isalpha()):
                continue
            found: set[int] = set()
            for variant in (tok, *swapped(tok)):
                ids = runs.get(variant)
                if ids is not None:
                    found.update(ids)
            found -= have
            if not found:
                continue
            # The support: another query word, as typed or as a listed spelling the token step found.
            others = {tokens[k] for k in words if k != i}
            for k in words:
                if k != i:
                    others.update(known[k])
            for name_id in sorted(found):
                if not others.isdisjoint(sides[name_id].tokens):
                    out.append(name_id)
                    have.add(name_id)
                    if len(out) >= config.max_acronym_candidates:
                        return out
        return out
