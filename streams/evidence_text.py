"""The engine's explanation of a match, in words: one reading shared by `holdline holds tail`, `holdline
screen` and the review console, so a reviewer meets the same wording on a terminal and in the browser.

The engine explains a match as aligned token pairs with a similarity and the listed token's weight (how
rare it is among listed names), the tokens left over on either side, and the country and kind effects.
`read_evidence` turns that into words: how each pair matched (exact, typo, sound, transliteration,
acronym, joined/split, abbreviation, word form) and whether the listed word is distinctive or common;
`evidence_line` is the one line the command line prints and the console shows beside the names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rigour.text import levenshtein, metaphone

# Listed-token weights (1.0 = the rarest token of the listed name) and what a reviewer calls them.
WEIGHT_WORDS: tuple[tuple[float, str], ...] = ((0.6, "distinctive"), (0.25, "ordinary"), (0.0, "common"))
VOWELS = frozenset("aeiouy")


@dataclass(frozen=True)
class WordMatch:
    """One aligned pair: the query's word(s), the listed word(s), how and how much they matched."""

    query: str
    listed: str
    how: str
    similarity: float | None
    weight: float | None

    @property
    def weight_word(self) -> str:
        return weight_word(self.weight)


@dataclass(frozen=True)
class Evidence:
    words: tuple[WordMatch, ...] = ()
    extra: tuple[str, ...] = ()  # query words the listed name does not have
    missing: tuple[str, ...] = ()  # listed words the query does not have
    effects: tuple[str, ...] = ()  # "country CN agrees", "kind person conflicts"
    other: tuple[str, ...] = field(default=())  # an explanation of another shape: its scalar fields


def weight_word(weight: float | None) -> str:
    if weight is None:
        return "unweighted"
    return next(word for floor, word in WEIGHT_WORDS if weight >= floor)


def _skeleton(token: str) -> str:
    return "".join(c for c in token if c not in VOWELS)


def _is_acronym(short: str, long: str) -> bool:
    words = long.split()
    return len(words) > 1 and short.replace(" ", "") == "".join(w[0] for w in words)


def how_matched(query: str, listed: str) -> str:
    """How two aligned tokens matched, told from the tokens themselves (the engine records only a score)."""
    if query == listed:
        return "exact"
    if _is_acronym(query, listed) or _is_acronym(listed, query):
        return "acronym"
    if query.replace(" ", "") == listed.replace(" ", "") or (" " in query) != (" " in listed):
        return "joined/split"
    distance = levenshtein(query, listed)
    if distance == 1:  # one letter wrong, missing or extra: Hikvison / Hikvision
        return "typo"
    if _skeleton(query) == _skeleton(listed):  # Muhammad / Mohammed: several vowels written differently
        return "transliteration"
    if distance <= max(1, min(len(query), len(listed)) // 4):
        return "typo"
    shorter, longer = sorted((query, listed), key=len)
    if len(shorter) >= 3 and longer.startswith(shorter):
        return "abbreviation"  # Tech / Technology, Intl / International
    prefix = next((i for i, (a, b) in enumerate(zip(query, listed, strict=False)) if a != b), len(shorter))
    if prefix >= max(5, int(0.7 * len(shorter))):
        return "word form"  # Technologies / Technology
    if metaphone(query) == metaphone(listed):
        return "sound"
    return "similar"


def read_evidence(explanation: Any) -> Evidence:
    if not isinstance(explanation, dict):
        return Evidence(other=(str(explanation),) if explanation else ())
    words = []
    aligned = explanation.get("aligned")
    for pair in aligned if isinstance(aligned, list) else []:
        if not isinstance(pair, dict):
            continue
        q, lst = str(pair.get("query", "")), str(pair.get("listed", ""))
        sim, weight = pair.get("similarity"), pair.get("weight")
        words.append(
            WordMatch(
                q,
                lst,
                how_matched(q, lst),
                sim if isinstance(sim, int | float) else None,
                weight if isinstance(weight, int | float) else None,
            )
        )
    extra, missing = (
        tuple(map(str, t)) if isinstance(t := explanation.get(key), list) else ()
        for key in ("unmatched_query", "unmatched_listed")
    )
    effects = []
    for key in ("country", "kind"):
        detail = explanation.get(key)
        if isinstance(detail, dict) and detail.get("effect") not in (None, "none"):
            effects.append(f"{key} {detail.get('query')} {detail['effect']}s")
    other: tuple[str, ...] = ()
    if not words and not extra and not missing and not effects:
        other = tuple(
            f"{k}={v}" for k, v in explanation.items() if isinstance(v, str | int | float) and k != "matched"
        )
    return Evidence(tuple(words), extra, missing, tuple(effects), other)


def word_text(word: WordMatch) -> str:
    if word.how == "exact":
        return word.query
    sim = f" {word.similarity:.2f}" if word.similarity is not None else ""
    return f"{word.query}~{word.listed} ({word.how}{sim})"


def evidence_line(explanation: Any) -> str:
    """One line: which words lined up (and how), which did not, the country and kind effects."""
    ev = read_evidence(explanation)
    parts: list[str] = []
    if ev.words:
        parts.append("words " + ", ".join(word_text(w) for w in ev.words))
    if ev.extra:
        parts.append("extra " + " ".join(ev.extra))
    if ev.missing:
        parts.append("missing " + " ".join(ev.missing))
    parts += ev.effects
    return "; ".join(parts or ev.other)
