"""Which listed names of no stated kind read as a person's, learned from the names the lists do type.

A third of the listed entries state no kind (the Entity List, the debarred and non-proliferation lists:
`Belov, Alexander`, `Nikolai Bragin`, `ALI KOURANI`), so the conflict a company written with a legal form
meets against a listed person (decision 0223) never reached them, and an ordinary company named for a
surname rose on the surname alone (`ЗАО «Белов»` / `Belov, Alexander` 0.873). The lists say which words
name persons: the ones their typed persons bear again and again (`alexander` in 147 typed persons and 2
organisations, `ali` 565 and 17, `nikolai`, patronymics, `jr`) and their typed organisations seldom.
A name of no kind written as a few plain words, one of them such a given name and none an organisation's
word (`trading`, `star`, `group`), reads as a person's. Built with the index from its own entries, so the
snapshot carries it and loading costs nothing; rigour's person tagger answers more names but costs 6 s and
390 MB on its first call (decision 0226). Decision 0229.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from matchers.config import DEFAULT_CONFIG, EvidenceConfig
from matchers.models import EntityKind


class PersonWords:
    """The words the lists' typed persons bear (`given`) and their typed organisations' (`organisation`),
    each counted once per listed entry. Kept whole by a subset of the index, so a rescreen reads listed
    names as the full snapshot does."""

    __slots__ = ("given", "max_words", "organisation")

    def __init__(self, given: frozenset[str], organisation: frozenset[str], max_words: int) -> None:
        self.given = given
        self.organisation = organisation
        self.max_words = max_words

    @classmethod
    def from_entries(
        cls,
        entries: Iterable[tuple[EntityKind, Iterable[str]]],
        config: EvidenceConfig = DEFAULT_CONFIG.evidence,
    ) -> PersonWords:
        """From each listed entry's kind and the words of its names (every name and alias, legal forms
        left out), counted once per entry."""
        persons: Counter[str] = Counter()
        organisations: Counter[str] = Counter()
        for kind, words in entries:
            if kind == EntityKind.PERSON:
                persons.update(set(words))
            elif kind == EntityKind.ORGANISATION:
                organisations.update(set(words))
        ratio = config.person_word_ratio
        given = frozenset(
            w
            for w, n in persons.items()
            if n >= config.person_word_entries and n >= ratio * organisations.get(w, 0)
        )
        # A word typed organisations bear at least as often as half the persons that bear it.
        organisation = frozenset(
            w
            for w, n in organisations.items()
            if n >= config.organisation_word_entries and 2 * n > persons.get(w, 0)
        )
        return cls(given, organisation, config.person_shape_max_words)

    def reads_as_person(self, tokens: tuple[str, ...], minor: frozenset[int]) -> bool:
        """Two to `max_words` plain words, no legal form or other minor word, at least one of them a
        given name the typed persons bear and none a word of the typed organisations."""
        if minor or not 2 <= len(tokens) <= self.max_words:
            return False
        given = False
        for token in tokens:
            if not token.isalpha() or token in self.organisation:
                return False
            given = given or token in self.given
        return given
