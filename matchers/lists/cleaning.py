"""Repairs for the defects published list files carry in names and aliases, shared by every adapter.

The agencies' files (and the extractions of them) join several aliases into one string (`A; and B`,
`A, and B`, `A a.k.a. B`), leave `f.k.a.` clauses and even addresses inside name fields, turn curly
quotes into `?`, and contain fragments such as `HPSTAR; and` or `the following two aliases:`. Left alone
these become aliases that match nothing or, worse, match everything. Every repair and every skip is
counted by reason into a `Tally` that ends up in `SourceInfo.cleaned` / `SourceInfo.skipped`, so nothing is
dropped silently.

Alias accounting (tested on the real files): aliases kept = aliases read + `cleaned["alias_split"]` +
`cleaned["alias_from_name"]` - sum of `skipped["alias_*"]`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from rigour.names.org_types import remove_org_types

from matchers.countries import to_iso2


@dataclass
class Tally:
    """Repairs and skips by reason, for one list source."""

    cleaned: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)

    def repair(self, reason: str, count: int = 1) -> None:
        if count:
            self.cleaned[reason] += count

    def skip(self, reason: str, count: int = 1) -> None:
        if count:
            self.skipped[reason] += count


@dataclass
class CleanNames:
    name: str
    aliases: list[str]
    addresses: list[str] = field(default_factory=list)


# --- text-level repairs ----------------------------------------------------------------------------------

_WS = re.compile(r"\s+")
# `?` where the CSL export lost a non-ASCII character: an apostrophe inside a word (People?s, Xi?an), a dash
# between a word and a capital (Giprostroymost?Saint, SMT?K) and a quote at a word boundary (?Morye?).
_Q_ELISION = re.compile(r"\b([dlDL])\?(?=[A-Z])")
_Q_APOSTROPHE = re.compile(r"(?<=[A-Za-z])\?(?=[a-z])")
_Q_DASH = re.compile(r"(?<=[A-Za-z0-9])\?(?=[A-Z0-9])")
_Q_QUOTE = re.compile(r"\?+")


def squash(text: str) -> str:
    return _WS.sub(" ", text).strip()


def repair_text(text: str, tally: Tally) -> str:
    """Whitespace and lost-character repairs that apply to any name field."""
    out = squash(text)
    if out != text:
        tally.repair("whitespace")
    if "?" in out:
        fixed = _Q_ELISION.sub(r"\1'", out)
        fixed = _Q_APOSTROPHE.sub("'", fixed)
        fixed = _Q_DASH.sub("-", fixed)
        fixed = _Q_QUOTE.sub('"', fixed).replace('""', '"')
        if fixed != out:
            tally.repair("question_mark_repaired")
            out = fixed
    return out


def fix_brackets(text: str, tally: Tally) -> str:
    """Drop brackets that close nothing or are never closed (`JSC AOMZ)`, `Development (UK))`)."""
    if text.count("(") == text.count(")"):
        return text
    keep = [True] * len(text)
    stack: list[int] = []
    for i, char in enumerate(text):
        if char == "(":
            stack.append(i)
        elif char == ")":
            if stack:
                stack.pop()
            else:
                keep[i] = False
    for i in stack:
        keep[i] = False
    tally.repair("unbalanced_bracket_repaired")
    return squash("".join(c for c, k in zip(text, keep, strict=True) if k))


# --- alias clauses inside name fields ----------------------------------------------------------------------

_MARKER = r"(?:a\.k\.a\b\.?|f\.k\.a\b\.?|n\.k\.a\b\.?|formerly known as|also known as|now known as)"
# `Name (f.k.a., Other Name)`, also unterminated: `Name (a.k.a. Other Name`.
_PAREN_CLAUSE = re.compile(
    rf"\s*\(\s*{_MARKER}\s*[,:]?\s*(?P<alias>[^()]*(?:\([^()]*\)[^()]*)*)\)?\s*$", re.I
)
_INLINE_CLAUSE = re.compile(rf"\s*(?:[,;]\s*|\s+and\s+|\s+){_MARKER}\s*[,:]?\s+", re.I)
_LEADING_MARKER = re.compile(rf"^(?:{_MARKER}\s*[,:]?\s*|and\s+(?={_MARKER}))+", re.I)
_LEADING_AND = re.compile(r"^(?:and|or)\s+", re.I)
_TRAILING_JUNK = re.compile(r"(?:\s*[;,]\s*(?:and|or)|\s+and|\s*[;,])\s*$", re.I)
_SEMICOLON = re.compile(r"\s*;\s*")
_QUALIFIER = re.compile(
    r",?\s+and\s+(?:its\s+)?(?:sub-?units|subsidiaries|successors)(?:\s+and\s+(?:its\s+)?"
    r"(?:sub-?units|subsidiaries|successors))?\s*$",
    re.I,
)
_PAREN_LIST = re.compile(r"\(([^()]*;[^()]*)\)")  # `حسن غول (Hassan Ghul; Hassan Gul)`
_COMMA_AND = re.compile(r",\s+and\s+(?=[A-Z0-9\"'“])")
_STRAY_SEMI_IN_QUOTE = re.compile(r";(?=['\"”’]\s*$)")
_WRAPPING_QUOTES = re.compile(r"^[\"“](.+)[\"”]$")


def _split_clauses(text: str) -> list[str]:
    """`A; B`, `A a.k.a. B`, `A and formerly known as B`, `A (B; C)` -> [A, B(, C)] (empty pieces are
    dropped by the caller)."""
    listed = _PAREN_LIST.findall(text)
    if listed:
        text = "; ".join([_PAREN_LIST.sub(" ", text), *listed])
    pieces = [text]
    for pattern in (_SEMICOLON, _INLINE_CLAUSE):
        pieces = [part for piece in pieces for part in pattern.split(piece)]
    return pieces


def _ends_with_legal_form(text: str) -> bool:
    last = text.rstrip(" .,").rsplit(" ", 1)[-1].rsplit(",", 1)[-1].casefold()
    return bool(last) and not remove_org_types(last).strip(" .,")


def _split_comma_and(text: str) -> list[str]:
    """`X Co., Ltd., and Y` -> [X Co., Ltd., Y]; only after a legal form, so that `Optics, Fine Mechanics,
    and Physics` (a serial comma inside one name) stays whole."""
    parts: list[str] = []
    rest = text
    while True:
        for m in _COMMA_AND.finditer(rest):
            if _ends_with_legal_form(rest[: m.start()]):
                parts.append(rest[: m.start()])
                rest = rest[m.end() :]
                break
        else:
            parts.append(rest)
            return parts


# --- address text glued to an alias ------------------------------------------------------------------------

_CUT = re.compile(r"[,.;]\s+(?:and\s+)?")
_STREET = re.compile(
    r"\b(?:street|st\.|road|rd\.?|avenue|ave\.?|lane|boulevard|blvd\.?|prospekt|pr\.|ulitsa|ul\.|str\.|"
    r"highway|floor|office|building|bldg\.?|room|suite|unit|tower|box|district|address)(?=\W|$)",
    re.I,
)
_START = re.compile(
    r"^\(?\s*(?:\d|no\.?\s*\d|p\.\s*o\.|street\b|address\b|room\b|floor\b|office\b|unit\b)", re.I
)
_NUMBER = re.compile(r"(?<![\w-])\d+[A-Za-z]?(?![\w-])")


def _looks_like_address(tail: str) -> bool:
    score = 0
    score += bool(_NUMBER.search(tail))
    score += bool(_STREET.search(tail))
    score += "; and " in tail
    last = re.sub(r"[\d()]+", " ", re.split(r"[,;]", tail)[-1]).strip(" .")
    score += bool(last) and to_iso2(last) is not None
    return score >= 2


def split_address_tail(text: str) -> tuple[str, str | None]:
    """`Alias, 26 General Belov St, Moscow, Russia; and ...` -> (`Alias`, address text)."""
    if len(text) < 40:
        return text, None
    for m in _CUT.finditer(text):
        head, tail = text[: m.start()], text[m.end() :]
        if sum(c.isalpha() for c in head) < 2:
            continue
        segment = re.split(r"[,;]", tail, maxsplit=1)[0]
        strong = bool(_START.match(segment)) or bool(_STREET.match(segment))
        first = segment.split(" ", 1)[0].casefold()
        if not strong and first and not remove_org_types(first).strip(" .,"):
            continue  # `Co. Ltd. 300 Oak Way`: the legal form still belongs to the name
        starts = strong or bool(_STREET.search(segment)) or bool(_NUMBER.search(segment))
        if starts and _looks_like_address(tail):
            return head.strip(), tail.strip()
    return text, None


# --- fragments ---------------------------------------------------------------------------------------------

_LETTER = re.compile(r"[^\W\d_]")
_ALNUM = re.compile(r"[^\W_]")
_PUNCTUATED = re.compile(r"[.,]")
# `Limited Liability Company`, `S.A. de C.V.`: longer text is never only a legal form.
_LEGAL_FORM_MAX = 40
_LEGAL_FORM_WORDS = 4
_ADDRESS_SEPARATOR = re.compile(r"\s*;\s*(?:and\s+)?")


def fragment_reason(text: str) -> str | None:
    """Why `text` is not a usable name (None when it is)."""
    if not text:
        return "alias_empty"
    if _LETTER.search(text) is None:
        return "alias_no_letters"  # `40`, `07`: a number alone identifies nobody by name
    first = _ALNUM.search(text)
    if first is None or _ALNUM.search(text, first.end()) is None:
        return "alias_too_short"
    if text.endswith(":"):
        return "alias_fragment"
    if text.startswith("(") and text.endswith(")"):
        return "alias_note"
    if (
        len(text) <= _LEGAL_FORM_MAX
        and text.count(" ") < _LEGAL_FORM_WORDS
        and _PUNCTUATED.search(text)
        and not remove_org_types(text.casefold()).strip(" .,;:-'\"()&")
    ):
        return "alias_legal_form_only"  # `Co., Ltd.`; bare capitals such as `OSK OAO` are acronyms
    return None


def _is_stray_word(alias: str, primary: str) -> bool:
    """A single word split off a joined alias (`Telecom; and Technology`) that only repeats a word of the
    primary name identifies nobody on its own."""
    key = dedupe_key(alias)
    return " " not in key and key in dedupe_key(primary).split()


_WORD = re.compile(r"\w+")


def dedupe_key(text: str) -> str:
    """Case- and punctuation-insensitive identity: `ABC Co., Ltd.` and `ABC CO LTD` are the same alias."""
    return " ".join(_WORD.findall(text.casefold()))


# --- entry point -------------------------------------------------------------------------------------------


def _clean_piece(piece: str, tally: Tally) -> str:
    out = piece.strip(" ,—–")
    stripped = _LEADING_MARKER.sub("", out)
    if stripped != out:
        tally.repair("alias_marker_removed")
        out = stripped
    stripped = _LEADING_AND.sub("", out)
    if stripped != out:
        tally.repair("leading_and_removed")
        out = stripped
    stripped = _TRAILING_JUNK.sub("", out)
    if stripped != out:
        tally.repair("trailing_conjunction_removed")
        out = stripped
    m = _WRAPPING_QUOTES.match(out)
    if m and not any(q in m.group(1) for q in '"“”'):
        tally.repair("wrapping_quotes_removed")
        out = m.group(1)
    return fix_brackets(out.strip(), tally)


def _name_clauses(name: str, tally: Tally) -> tuple[str, list[str]]:
    """Split the primary name field into the name and the aliases written inside it."""
    extra: list[str] = []
    qualified = _QUALIFIER.sub("", name)
    if qualified != name:
        tally.repair("name_qualifier_removed")
        name = qualified
    m = _PAREN_CLAUSE.search(name)
    if m and m.start() > 0:
        extra.append(m.group("alias"))
        name = name[: m.start()]
        tally.repair("name_alias_clause_extracted")
    pieces = [p for p in _split_clauses(name) if p.strip(" ,;")]
    if len(pieces) > 1:
        tally.repair("name_split")
        name, extra = pieces[0], [*pieces[1:], *extra]
    stripped = _TRAILING_JUNK.sub("", name).rstrip(" :")
    if stripped != name:
        tally.repair("trailing_conjunction_removed")
        name = stripped
    return fix_brackets(name.strip(), tally), extra


# Text with none of these needs no structural repair (most names): the clause machinery is skipped, which
# keeps loading all lists well inside the engine's start-up budget.
_TRIGGERS = re.compile(r"[;?()\"“”\[\]:—–\n\t\r]|\s\s|\.[kK]\.[aA]")
_TRIGGER_WORDS = (" and ", " or ", "known as")


def needs_work(text: str) -> bool:
    if not text or text[0] in " ,.-" or text[-1] in " ,":
        return True
    if _TRIGGERS.search(text):
        return True
    lower = text.lower()
    return lower.startswith(("and ", "or ")) or any(w in lower for w in _TRIGGER_WORDS)


_ADDRESS_MIN = 40


def clean_names(name: str, aliases: list[str], tally: Tally) -> CleanNames | None:
    """Repair one entry's primary name and aliases; None when the entry has no usable name (counted)."""
    if needs_work(name):
        primary, from_name = _name_clauses(repair_text(name, tally), tally)
    else:
        primary, from_name = name, []
    addresses: list[str] = []
    if _ALNUM.search(primary) is None:  # a vessel's `P-532` or a group's `M23` is a name; `--` is not
        tally.skip("row_no_usable_name")
        tally.skip("alias_of_skipped_row", len(aliases))
        return None
    seen = {dedupe_key(primary)}
    kept: list[str] = []
    tally.repair("alias_from_name", len(from_name))
    for raw in [*from_name, *aliases]:
        if len(raw) < _ADDRESS_MIN and not needs_work(raw):
            _keep(raw, fragment_reason(raw), seen, kept, tally)
            continue
        text = _STRAY_SEMI_IN_QUOTE.sub("", repair_text(raw, tally))
        stripped = _TRAILING_JUNK.sub("", text)
        if stripped != text:
            tally.repair("trailing_conjunction_removed")
            text = stripped
        head, address = split_address_tail(text)
        if address is not None:
            tally.repair("alias_address_removed")
            addresses.extend(a for a in _ADDRESS_SEPARATOR.split(address) if a)
        pieces: list[str] = []
        for clause in _split_clauses(head):
            inner = _PAREN_CLAUSE.search(clause)
            if inner and inner.start() > 0:
                tally.repair("alias_clause_extracted")
                pieces.extend(_split_comma_and(clause[: inner.start()]))
                pieces.append(inner.group("alias"))
            else:
                pieces.extend(_split_comma_and(clause))
        pieces = [p for p in pieces if p.strip(" ,;")] or [""]
        tally.repair("alias_split", len(pieces) - 1)
        for piece in pieces:
            alias = _clean_piece(piece, tally)
            reason = fragment_reason(alias)
            if reason is None and len(pieces) > 1 and _is_stray_word(alias, primary):
                reason = "alias_fragment"
            _keep(alias, reason, seen, kept, tally)
    return CleanNames(name=primary, aliases=kept, addresses=addresses)


def _keep(alias: str, reason: str | None, seen: set[str], kept: list[str], tally: Tally) -> None:
    if reason is None:
        key = dedupe_key(alias)
        if key not in seen:
            seen.add(key)
            kept.append(alias)
            return
        reason = "alias_duplicate"
    tally.skip(reason)
