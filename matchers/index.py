"""Candidate retrieval: find the few listed names worth scoring without comparing against all of them.

Three lookups over the listed names' token vocabulary: exact tokens, tokens within a small edit
distance (a symmetric-deletion index, as in SymSpell), and tokens written with or without a space
(`Sense Time`/`SenseTime`). Postings are read only for the query's heaviest tokens: a listed name that
shares none of them cannot explain enough of the query to reach the reporting floor.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from matchers.models import EntityKind, Entry
from matchers.normalise import NameForm, normalise_name
from matchers.scoring import Side
from matchers.similarity import MIN_FUZZY_LEN, token_similarity
from matchers.weights import LEGAL_FORM_WEIGHT, TokenStats

# Fraction of the query's weight a candidate can miss and still be worth scoring.
MISSABLE_WEIGHT = 0.5
MAX_CANDIDATES = 24


@dataclass(frozen=True, slots=True)
class IndexedName:
    entry: int
    text: str
    side: Side
    total_weight: float
    tokens: frozenset[str]
    person: bool


def _deletions(token: str) -> list[str]:
    return [token[:i] + token[i + 1 :] for i in range(len(token))]


class NameIndex:
    """Immutable once built, so concurrent readers need no lock."""

    def __init__(self, entries: Sequence[Entry], stats: TokenStats | None = None) -> None:
        self.entries = tuple(entries)
        forms: list[tuple[int, str, NameForm]] = []
        for idx, entry in enumerate(self.entries):
            seen: set[str] = set()
            for text in entry.names():
                form = normalise_name(text)
                if form.tokens and form.key not in seen:
                    seen.add(form.key)
                    forms.append((idx, text, form))
        addresses = (a for e in self.entries for a in e.addresses)
        self.stats = stats or TokenStats.from_names((f.core_tokens() for _, _, f in forms), addresses)
        self.names: list[IndexedName] = []
        postings: dict[str, list[int]] = defaultdict(list)
        joined: dict[str, set[int]] = defaultdict(set)
        for idx, text, form in forms:
            side = Side.build(form, self.stats)
            name_id = len(self.names)
            person = self.entries[idx].kind == EntityKind.PERSON
            self.names.append(IndexedName(idx, text, side, sum(side.weights), frozenset(form.tokens), person))
            for i, tok in enumerate(form.tokens):
                if i not in form.legal:
                    postings[tok].append(name_id)
            for a, b in zip(form.tokens, form.tokens[1:], strict=False):
                joined[a + b].add(name_id)
        self.postings = dict(postings)
        self.joined = dict(joined)
        deletes: dict[str, list[str]] = defaultdict(list)
        for tok in self.postings:
            if len(tok) >= MIN_FUZZY_LEN and tok.isalpha():
                for d in _deletions(tok):
                    deletes[d].append(tok)
        self.deletes = dict(deletes)

    def _vocab_matches(self, token: str, person: bool) -> list[tuple[str, float]]:
        """Listed tokens this query token may be, with their similarity."""
        out: list[tuple[str, float]] = []
        if token in self.postings:
            out.append((token, 1.0))
        if len(token) >= MIN_FUZZY_LEN and token.isalpha():
            seen = {token}
            for key in (token, *_deletions(token)):
                for cand in self.deletes.get(key, ()):
                    if cand not in seen:
                        seen.add(cand)
                        sim = token_similarity(token, cand, person)
                        if sim > 0.0:
                            out.append((cand, sim))
            # The query carries one extra letter: its deletion is a listed token.
            for cand in _deletions(token):
                if cand in self.postings and cand not in seen:
                    seen.add(cand)
                    sim = token_similarity(token, cand, person)
                    if sim > 0.0:
                        out.append((cand, sim))
        return out

    def candidates(self, form: NameForm, floor: float, person: bool = False) -> list[int]:
        """Ids of listed names that could reach `floor`, most promising first."""
        tokens = form.tokens
        # Per query token: the weight it carries, the listed tokens it may be, and the listed names
        # in which it is two listed tokens written together.
        options: list[tuple[float, list[tuple[str, float]], set[int]]] = []
        for i, tok in enumerate(tokens):
            if i in form.legal:
                continue
            matches = self._vocab_matches(tok, person)
            for k in (i - 1, i):
                if 0 <= k < len(tokens) - 1 and k not in form.legal and k + 1 not in form.legal:
                    pair = tokens[k] + tokens[k + 1]
                    if pair in self.postings:
                        matches.append((pair, 1.0))
            weight = max((self.stats.weight(t) for t, _ in matches), default=self.stats.weight(tok))
            options.append((weight, matches, self.joined.get(tok, set())))
        if not options:
            return []
        total = sum(w for w, _, _ in options) + LEGAL_FORM_WEIGHT * len(form.legal)
        options.sort(key=lambda o: o[0], reverse=True)
        pool: set[int] = set()
        covered = 0.0
        for weight, matches, ids in options:
            for tok, _ in matches:
                pool.update(self.postings[tok])
            pool.update(ids)
            covered += weight
            if covered > MISSABLE_WEIGHT * total:
                break
        if not pool:
            return []
        # Cheap upper bound of each candidate's score from shared tokens, to keep the few worth aligning.
        ranked: list[tuple[float, int]] = []
        for name_id in pool:
            name = self.names[name_id]
            got = 0.0
            for weight, matches, ids in options:
                best = 0.0
                for tok, sim in matches:
                    if sim > best and tok in name.tokens:
                        best = sim
                if ids and name_id in ids:
                    best = 1.0
                got += weight * best
            if got <= 0.0:
                continue
            cov_q = min(1.0, got / total)
            cov_l = min(1.0, got / name.total_weight) if name.total_weight else 0.0
            bound = 2 * cov_q * cov_l / (cov_q + cov_l)
            # Place discounts and joined tokens can lift the real score above this estimate.
            if bound >= floor * 0.6:
                ranked.append((bound, name_id))
        ranked.sort(reverse=True)
        return [name_id for _, name_id in ranked[:MAX_CANDIDATES]]

    def restricted(self, entry_ids: Iterable[int]) -> list[int]:
        keep = set(entry_ids)
        return [i for i, n in enumerate(self.names) if n.entry in keep]
