"""Turn a name as written into comparable tokens, tagging the parts that carry no identity.

Steps, each small and testable: transliterate to ASCII (rigour), fold case and punctuation, rewrite legal
forms to rigour's generic form (`Co., Ltd.` -> `llc`, `OOO` -> `llc`, `AO` -> `jsc`), expand common
abbreviations (`Tech` -> `technology`), and lightly stem plurals so `Technologies` meets `Technology`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rigour.names.org_types import extract_org_types, replace_org_types_compare
from rigour.text.translit import ascii_text

from matchers.vocabulary import ABBREVIATIONS, LEGAL_WORDS, NAME_PREFIXES, VESSEL_PREFIX_PAIRS

# Apostrophes of every kind, and a `?` standing for a lost curly apostrophe between letters
# (`People?s`), vanish inside words so `People's` and `Peoples` agree.
_APOSTROPHES = re.compile(r"(?<=[a-z0-9])['`´’‘?](?=[a-z])")
_NON_WORD = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class NameForm:
    """A normalised name: its tokens and which of them are legal forms (near-zero identity)."""

    original: str
    tokens: tuple[str, ...]
    legal: frozenset[int]

    @property
    def key(self) -> str:
        return " ".join(self.tokens)

    def core_tokens(self) -> tuple[str, ...]:
        return tuple(t for i, t in enumerate(self.tokens) if i not in self.legal)


@lru_cache(maxsize=65536)
def _to_ascii(text: str) -> str:
    return ascii_text(text)


def fold(text: str) -> str:
    """ASCII, lower case, apostrophes dropped, every other non-alphanumeric run made one space."""
    if not text.isascii():
        text = _to_ascii(unicodedata.normalize("NFC", text))
    text = text.lower().replace("&", " and ")
    text = _APOSTROPHES.sub("", text)
    return _NON_WORD.sub(" ", text).strip()


def stem(token: str) -> str:
    """Plural folding only: enough for `technologies`/`technology`, `industries`/`industry`."""
    if len(token) > 4 and not token.isdigit():
        if token.endswith("ies"):
            return token[:-3] + "y"
        if token.endswith("s") and not token.endswith(("ss", "us", "is")):
            return token[:-1]
    return token


def _canonical(token: str) -> str:
    token = ABBREVIATIONS.get(token, token)
    return stem(token)


def normalise_name(text: str) -> NameForm:
    folded = fold(text)
    legal_forms = {generic for _, generic in extract_org_types(folded, generic=True)} if folded else set()
    if legal_forms:
        folded = replace_org_types_compare(folded, generic=True)
    tokens: list[str] = []
    legal: set[int] = set()
    raw = folded.split()
    # Honorifics and vessel prefixes (`Mr`, `M/V`) carry no identity; drop them unless they are all there is.
    if len(raw) > 2 and (raw[0], raw[1]) in VESSEL_PREFIX_PAIRS:
        raw = raw[2:]
    elif len(raw) > 1 and raw[0] in NAME_PREFIXES:
        raw = raw[1:]
    for tok in raw:
        if tok in legal_forms:
            legal.add(len(tokens))
            tokens.append(tok)
            continue
        canon = _canonical(tok)
        for part in canon.split():
            tokens.append(part)
    _tag_legal_words(tokens, legal)
    return NameForm(original=text, tokens=tuple(tokens), legal=frozenset(legal))


def _tag_legal_words(tokens: list[str], legal: set[int]) -> None:
    """`Company`, `Limited` next to a legal form (or ending the name) are part of it: `Company Limited`."""
    for i in range(len(tokens) - 1, 0, -1):
        if i in legal:
            continue
        if tokens[i] in LEGAL_WORDS and (i == len(tokens) - 1 or i + 1 in legal):
            legal.add(i)
