"""Turn a name as written into comparable tokens, tagging the parts that carry no identity.

Steps, each small and testable: transliterate to ASCII (rigour), fold case and punctuation, expand
invoice abbreviations (`Tech` -> `technology`, `S&T` -> `science and technology`), rewrite legal forms
to rigour's generic form (`Co., Ltd.` -> `llc`, `OOO` -> `llc`, `AO` -> `jsc`), and fold plurals so
`Technologies` meets `Technology`. Legal forms and function words (`of`, `and`) are *minor* tokens:
they are kept for display and alignment but carry almost no identity.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Final, NamedTuple, final

from matchers.config import DEFAULT_CONFIG
from matchers.english_words import zipf_frequency
from matchers.legal_typos import (
    LETTER_DROPPED_FROM,
    PHRASE_LETTERS_PER_EDIT,
    PHRASE_WORD_LETTERS,
    SHORT_FORM_KEYS,
    damaged_form,
    glued_form,
    near_legal_word,
)
from matchers.memos import StrMemo
from matchers.org_types import (
    broken_form_initials,
    is_form_initials,
    read_legal_forms,
    spaced_form_initials,
)
from matchers.pattern_needles import needles
from matchers.similarity import NEIGHBOURS, may_be_one_edit, osa_distance, typing_cost
from matchers.transcription import LATIN, is_pinyin_syllable, script_of, written_words
from matchers.translit import to_ascii
from matchers.vocabulary import (
    ABBREVIATIONS,
    FUNCTION_WORDS,
    HAN_ORG_WORDS,
    LEGAL_PHRASES,
    LEGAL_SPELLINGS,
    LEGAL_WORDS,
    NAME_PREFIXES,
    PHRASE_ABBREVIATIONS,
    VESSEL_PREFIX_PAIRS,
)

# Apostrophes of every kind, and a `?` standing for a lost curly apostrophe between letters
# (`People?s`), vanish inside words so `People's` and `Peoples` agree.
_APOSTROPHES: Final = re.compile(r"(?<=[a-z0-9])['`´’‘?](?=[a-z])")
_NON_WORD: Final = re.compile(r"[^a-z0-9]+")
# Initialisms are one word however they are punctuated: `M.T.T.`, `L.L.C`, `AT&T`, `C&I`.
_DOTTED_INITIALS: Final = re.compile(r"\b[a-z](?:\.[a-z])+\b\.?")
# A function word typed onto the dotted initials after it (`DEC.V.` for `DE C.V.`, `DER.L.` for `DE R.L.`),
# or a word onto the dotted legal form after it (`INTERNATIONALS.A.`, `BONITOPTOS.R.O.`, decision 0217):
# the space dropped, the initials' first letter left glued to the word (`Lamb.S.A.` is no such word).
_GLUED_INITIALS: Final = re.compile(r"\b([a-z0-9]*[a-z])(?=([a-z](?:\.[a-z])+)\b)")
# Initials closing a name typed with spaces and no dots (`S A DE C V`, `S A`), not hyphens (`A-K-S` is a
# name written so): what `org_types.spaced_form_initials` reads as a form's.
_SPACED_INITIALS_END: Final = re.compile(r"(?:^|\s)[a-z](?:\s+(?:de\s+)?[a-z])+[\s.,]*$", re.IGNORECASE)
_AMPERSAND_INITIALS: Final = re.compile(r"\b([a-z]{1,2}) ?& ?([a-z]{1,2})\b")
# Any of the phrase abbreviations, anywhere: an alternation matches where one of its alternatives does.
_ANY_PHRASE_ABBREVIATION: Final = re.compile(
    "|".join(f"(?:{pattern.pattern})" for pattern, _ in PHRASE_ABBREVIATIONS)
)
# A word of letters with a digit an OCR pass or a hurried typist put for a letter (`0RANGE`, `Kev1n`,
# `KAFOLAT8ANK`): at least two letters, more letters than digits, and only digits that look like letters.
_OCR_WORD: Final = re.compile(r"\b(?=[a-z0-9]*[a-z][a-z0-9]*[a-z])[a-z]*[0158][a-z0-9]*\b")
_OCR_DIGITS: Final = str.maketrans("0158", "oisb")


def written_in_cyrillic(text: str) -> bool:
    """Cyrillic letters: a name written so has no one Latin spelling, so a listed romanisation that differs
    from ours by the rules of romanising (`Rostekh`/`Rostec`) is its spelling, not a typo."""
    # (Most names are ASCII, which holds no Cyrillic letter: one scan in C rather than the pattern's.)
    return not text.isascii() and bool(_CYRILLIC.search(text))


def is_registration(text: str) -> bool:
    """A registration-shaped code: a prefix of one or two characters, a hyphen, two to five letters or digits
    (`EP-MHJ`, `YK-ATA`, `UR-CKZ`: aircraft registrations, whose blocks are allotted per operator)."""
    return bool(_REGISTRATION.match(text.strip()))


def written_in_han(text: str) -> bool:
    """Chinese characters: their company words are translated one by one (`研究所` -> `research institute`),
    so which generic words a name carries is the translator's choice, not the party's."""
    return not text.isascii() and bool(_HAN.search(text))


class NameForm(NamedTuple):
    """A normalised name: canonical tokens, the tokens as written (for joins), and the minor ones."""

    original: str
    tokens: tuple[str, ...]
    raw: tuple[str, ...]
    minor: frozenset[int]
    # Written in an abjad (Arabic, Hebrew): short vowels were never there to transliterate.
    abjad: bool = False
    # The folded words as written, run together, before legal forms and abbreviations are rewritten: what
    # a whole-name lookup compares when the words themselves are damaged (`matchers/fuzzy_keys.py`).
    written: str = ""
    # The script the name was written in (`matchers/transcription.py`): a name romanised from another
    # script is compared with a Latin one by sound, not spelling.
    script: str = LATIN
    # Which raw tokens each written word became, when a word was romanised into several (Hangul and
    # Chinese syllables: `허버트` -> `heo beo teu`); empty when every word is one token.
    words: tuple[tuple[int, ...], ...] = ()
    # Which ends of the name were read as a legal form from a word one typo from one (`PNO Etalon`, `OKO
    # Sertal`: `pao`, `oao`), not written as a form: 1 the first word, 2 the last, 3 both. Which form was
    # meant is then a guess among those one edit away (decision 0267).
    typed_ends: int = 0

    @property
    def key(self) -> str:
        return " ".join(self.tokens)

    def core_tokens(self) -> tuple[str, ...]:
        return tuple(t for i, t in enumerate(self.tokens) if i not in self.minor)


_HAN: Final = re.compile(r"[\u3400-\u9fff]")
_REGISTRATION: Final = re.compile(r"[A-Za-z0-9]{1,2}-[A-Za-z0-9]{2,5}")
_CYRILLIC: Final = re.compile(r"[\u0400-\u04ff]")
_ABJAD: Final = re.compile(r"[\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_HANGUL: Final = re.compile(r"(?<=[\uac00-\ud7a3])(?=[\uac00-\ud7a3])")
_HAN_WORDS: Final = re.compile("|".join(sorted(map(re.escape, HAN_ORG_WORDS), key=len, reverse=True)))


def translate_han(text: str) -> str:
    """Chinese company vocabulary (`有限公司`, `技术`) in the English the lists use."""
    return _HAN_WORDS.sub(lambda m: f" {HAN_ORG_WORDS[m.group(0)]} ", text)


def fold(text: str) -> str:
    """ASCII, lower case, apostrophes dropped, every other non-alphanumeric run made one space."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        if _HAN.search(text):
            text = translate_han(text)
        # Arabic's ta marbuta ends a word in `-a` (`Usama`, `Hamza`), not `-t`.
        text = text.replace("\u0629", "a")
        # Japanese and Chinese write foreign names with a middle dot between the parts.
        text = text.replace("\u30fb", " ").replace("\u00b7", " ")
        # Korean names are written without spaces; their syllables are romanised one by one.
        text = _HANGUL.sub(" ", text)
        text = to_ascii(text)
    text = text.lower()
    if "&" in text or "'" in text or "/" in text or "-" in text:
        # (One search for them all first: a substitution that finds nothing leaves the text as it was, so when
        # no pattern matches anywhere, none of them changes it, and most names hold none.)
        if _ANY_PHRASE_ABBREVIATION.search(text):
            for pattern, replacement in PHRASE_ABBREVIATIONS:
                text = pattern.sub(replacement, text)
        if "&" in text:
            text = _AMPERSAND_INITIALS.sub(r"\1\2", text)
    if "." in text:
        if _glued_initials(text):
            text = _GLUED_INITIALS.sub(_unglued_initials, text)
        if _letter_dot_letter(text):
            text = _DOTTED_INITIALS.sub(lambda m: m.group(0).replace(".", "") + " ", text)
    if "&" in text:
        text = text.replace("&", " and ")
    if not text.isascii() or "'" in text or "`" in text or "?" in text:
        # (The pattern's other apostrophes are not ASCII.)
        text = _APOSTROPHES.sub("", text)
    text = words_apart(text)
    if _holds_digit(text):
        text = _OCR_WORD.sub(_ocr_letters, text)
    return text


def _holds_digit(text: str) -> bool:
    """A digit in `text`, which `words_apart` made of `a`-`z`, `0`-`9` and single spaces: its letters and
    digits, spaces dropped, are not all letters (one search of `[0-9]` costs four times as much; 0546)."""
    return bool(text) and not text.replace(" ", "").isalpha()


# Every byte but a lower-case ASCII letter or a digit made a space (`words_apart`).
_SPACED: Final = bytes(c if 97 <= c <= 122 or 48 <= c <= 57 else 32 for c in range(256))


def words_apart(text: str) -> str:
    """`_NON_WORD.sub(" ", text).strip()`: the runs of lower-case letters and digits, one space between.
    For ASCII text (nearly every name by now) a byte translation table and a split make the same string in
    about half the regular expression's time (`str.translate` is slower than the expression)."""
    if not text.isascii():
        return _NON_WORD.sub(" ", text).strip()
    return b" ".join(text.encode("ascii").translate(_SPACED).split()).decode("ascii")


def _glued_initials(text: str) -> bool:
    """A dot between two letters with a letter before them and a dot after (`dec.v.`): what
    `_GLUED_INITIALS` needs, found by the dots alone (most names hold a few, `co., ltd.`)."""
    at = text.find(".", 2)
    while at != -1 and at + 2 < len(text):
        if (
            text[at + 2] == "."
            and text[at + 1].isalpha()
            and text[at - 1].isalpha()
            and text[at - 2].isalpha()
        ):
            return True
        at = text.find(".", at + 1)
    return False


def _letter_dot_letter(text: str) -> bool:
    """A dot between two letters `a`-`z` (`m.t.t`), without which `_DOTTED_INITIALS` matches nothing: most
    names with a dot hold it after a word (`co., ltd.`), and a substitution that finds nothing is ~7,000
    instructions for the same text (0546)."""
    at = text.find(".", 1)
    while at != -1 and at + 1 < len(text):
        if "a" <= text[at - 1] <= "z" and "a" <= text[at + 1] <= "z":
            return True
        at = text.find(".", at + 1)
    return False


def _unglued_initials(m: re.Match[str]) -> str:
    word = m.group(1)
    if word in FUNCTION_WORDS or is_form_initials(m.group(2).replace(".", "")):
        return word + " "
    return word


def _ocr_letters(m: re.Match[str]) -> str:
    word = m.group(0)
    digits = sum(c.isdigit() for c in word)
    if digits * 2 >= len(word) or any(c.isdigit() and c not in "0158" for c in word):
        return word
    return word.translate(_OCR_DIGITS)


def stem(token: str) -> str:
    """Plural folding only: enough for `technologies`/`technology`, `systems`/`system`."""
    if len(token) > 5 and token[-1] == "s" and not token.isdigit():
        if token.endswith("ies"):
            return token[:-3] + "y"
        if token.endswith("s") and not token.endswith(("ss", "us", "is")):
            return token[:-1]
    return token


def canonical(token: str) -> str:
    return stem(ABBREVIATIONS.get(token, token))


def _strip_prefix(words: list[str]) -> list[str]:
    """Honorifics and vessel prefixes (`Mr`, `M/V`) carry no identity, unless they are all there is."""
    if len(words) > 2 and (words[0], words[1]) in VESSEL_PREFIX_PAIRS:
        return words[2:]
    if len(words) > 1 and words[0] in NAME_PREFIXES:
        return words[1:]
    return words


# A name has a few words; past this many the words considered are the distinct ones, first come first,
# so screening cost is bounded whatever is pasted into a name field (`"trading " * 10000`).
MAX_NAME_WORDS: Final = 48
# Names longer than this are normalised without the cache, which would otherwise hold every blob.
MAX_CACHED_NAME: Final = 512


# (Per-text memos read natively from compiled code, not `lru_cache` objects: `matchers/memos.py`, 0545.)
_FORMS: Final = StrMemo(131072)


def normalise_name(text: str) -> NameForm:
    """Cached for names of ordinary length: lists repeat names across sources, and streams repeat parties
    across events."""
    if len(text) > MAX_CACHED_NAME:
        return _normalise(text)
    found: NameForm | None = _FORMS.table.get(text)
    if found is None:
        found = _normalise(text)
        _FORMS.put(text, found)
    return found


def _normalise(text: str) -> NameForm:
    if len(text) > MAX_CACHED_NAME:
        # Repeated words of a pasted blob dropped before any per-character work.
        text = " ".join(dict.fromkeys(text.split()))
    raw_words = _strip_prefix(fold(text).split())
    if len(raw_words) > MAX_NAME_WORDS:
        raw_words = list(dict.fromkeys(raw_words))[:MAX_NAME_WORDS]
    written = "".join(raw_words)
    if not text.isascii() and _syllables_only(text):
        # Syllables romanised one by one (`엘세` -> `el se`) are no words: `se` is no legal form, `la` no
        # function word, `sha` no misspelt `spa`.
        raw = tuple(raw_words)
        return _non_latin_form(text, raw, raw, frozenset(), written)
    if len(raw_words) > 2 and len(raw_words[-1]) == 1 and _SPACED_INITIALS_END.search(text):
        # (A form's initials typed with spaces, `S A DE C V`: decision 0221.)
        raw_words = spaced_form_initials(raw_words)
    if len(raw_words) > 2 and len(raw_words[-1]) <= 2 and len(raw_words[-2]) <= 2:
        # (A dotted form with one part missed, doubled or mistyped, `S..L.`, `5.A.`: decision 0243.)
        raw_words = broken_form_initials(raw_words, text)
    if any(len(w) >= _MIN_GLUED_FORM for w in raw_words):
        # (A shorter word is never unglued: only the longer ones consult the memo.)
        unglued: list[str] = []
        for w in raw_words:
            if len(w) >= _MIN_GLUED_FORM:
                unglued.extend(unglue(w))
            else:
                unglued.append(w)
        raw_words = unglued
    if len(raw_words) > 1:
        raw_words = rejoin_legal_words(raw_words)
        if _phrase_start_glued(raw_words):
            raw_words = unglue_phrase_starts(raw_words)
    if any(_phrases_of(w) is not None for w in raw_words):
        raw_words = repair_legal_phrases(raw_words)
    typed_ends = 0
    if len(raw_words) > 1:
        # A mistyped legal form at one end, unless the other end is one already: `PTL Ltd` is a name
        # (`PTL`) and a legal form, not two legal forms.
        first, last = raw_words[0], raw_words[-1]
        if len(raw_words) > 2 or last not in LEGAL_SPELLINGS:
            raw_words[0] = legal_spelling(first)
            if raw_words[0] != first:
                typed_ends |= 1
        if len(raw_words) > 2 or first not in LEGAL_SPELLINGS:
            raw_words[-1] = legal_spelling(last)
            if raw_words[-1] != last:
                typed_ends |= 2
        if len(raw_words) > 2 and raw_words[-1] in LEGAL_SPELLINGS:
            repair_form_before_form(raw_words)
    expanded = " ".join(ABBREVIATIONS.get(w, w) for w in raw_words)
    expanded, legal_forms = read_legal_forms(expanded)
    tokens: list[str] = []
    minor: set[int] = set()
    for word in expanded.split():
        if word in legal_forms or word in FUNCTION_WORDS:
            minor.add(len(tokens))
            tokens.append(word)
        else:
            tokens.append(stem(word))
    _tag_legal_words(tokens, minor)
    # The as-written tokens line up with the canonical ones when no legal form merged words; when one did
    # (`Limited Liability Company` -> `llc`), the words around it are still compared as written (a typo in
    # `Technologiexs` is judged against `technologies`, not against the stem `technology`).
    raw = tuple(raw_words) if len(raw_words) == len(tokens) else _written_around_forms(raw_words, tokens)
    if text.isascii():
        return _name_form(text, tuple(tokens), raw, frozenset(minor), False, written, LATIN, (), typed_ends)
    return _non_latin_form(text, tuple(tokens), raw, frozenset(minor), written, typed_ends)


def _name_form(
    original: str,
    tokens: tuple[str, ...],
    raw: tuple[str, ...],
    minor: frozenset[int],
    abjad: bool,
    written: str,
    script: str,
    words: tuple[tuple[int, ...], ...],
    typed_ends: int = 0,
) -> NameForm:
    """`NameForm(...)` with every field, in order, as the named tuple's own `__new__` builds it: that
    `__new__` is Python code, run once per name even from compiled code."""
    return _new_tuple(NameForm, (original, tokens, raw, minor, abjad, written, script, words, typed_ends))


_new_tuple: Final = tuple.__new__


def _non_latin_form(
    text: str,
    tokens: tuple[str, ...],
    raw: tuple[str, ...],
    minor: frozenset[int],
    written: str,
    typed_ends: int = 0,
) -> NameForm:
    script = script_of(text)
    words = _words(text, raw, script) if script != LATIN and len(raw) > 1 else ()
    return _name_form(text, tokens, raw, minor, bool(_ABJAD.search(text)), written, script, words, typed_ends)


def _words(text: str, raw: tuple[str, ...], script: str) -> tuple[tuple[int, ...], ...]:
    groups = _word_groups(text, raw)
    if script == "han" and groups:
        # Company words translated from the characters (`technology`) split the syllables around them.
        groups = _split_groups(groups, lambda i: is_pinyin_syllable(raw[i]))
    return groups


_SYLLABARIES: Final = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3\u3040-\u30ff]")


def _syllables_only(text: str) -> bool:
    """Written in Hangul, kana, or Chinese characters without company vocabulary: romanised syllable by
    syllable, with no Latin words among them."""
    if _SYLLABARIES.search(text):
        return True
    return bool(_HAN.search(text)) and not _HAN_WORDS.search(text) and not _LATIN_LETTERS.search(text)


_LATIN_LETTERS: Final = re.compile(r"[A-Za-z]")


_FOLDED_WORDS: Final = StrMemo(65536)


def _fold_word(word: str) -> tuple[str, ...]:
    found: tuple[str, ...] | None = _FOLDED_WORDS.table.get(word)
    if found is None:
        found = tuple(fold(word).split())
        _FOLDED_WORDS.put(word, found)
    return found


def _word_groups(text: str, raw: tuple[str, ...]) -> tuple[tuple[int, ...], ...]:
    """The raw tokens of each written word, when they line up with the name's (legal forms and repairs can
    merge or split words; then there are no groups)."""
    groups: list[tuple[int, ...]] = []
    at = 0
    words = written_words(text)
    if len(words) == 1:
        return (tuple(range(len(raw))),)
    for word in words:
        parts = _fold_word(word)
        if not parts:
            continue
        if parts != raw[at : at + len(parts)]:
            return ()
        groups.append(tuple(range(at, at + len(parts))))
        at += len(parts)
    if at != len(raw) or len(groups) == len(raw):
        return ()
    return tuple(groups)


def _split_groups(
    groups: tuple[tuple[int, ...], ...], keep: Callable[[int], bool]
) -> tuple[tuple[int, ...], ...]:
    """Groups cut where `keep` fails."""
    out: list[tuple[int, ...]] = []
    for group in groups:
        run: list[int] = []
        for i in group:
            if keep(i):
                run.append(i)
            elif run:
                out.append(tuple(run))
                run = []
        if run:
            out.append(tuple(run))
    return tuple(out)


def _written_around_forms(raw_words: list[str], tokens: list[str]) -> tuple[str, ...]:
    written = read_legal_forms(" ".join(raw_words))[0].split()
    return tuple(written) if len(written) == len(tokens) else tuple(tokens)


# Legal-form words typed onto their neighbour (`Investmentlimited`, `LIMITEDLIABILITY`, `OPENJOINT`,
# `FOREKSOOO`): the other part must be a word of its own (>= 4 letters).
_GLUED_AFTER: Final = re.compile(
    r"^([a-z]{4,})(limited|company|liability|corporation|incorporated|llc|ltd|ooo|gmbh|jsc|ojsc|pjsc|cjsc"
    r"|otvetstvennostyu|obshchestvo|pty|sdnbhd|bhd|plc|llp|pvt|sarl|srl)$"
)
_GLUED_BEFORE: Final = re.compile(
    r"^(limited|joint|open|closed|public|company|stock|obshchestvo|ogranichennoi|aktsionernoe|zakrytoe"
    r"|otkrytoe|publichnoe)([a-z]{4,})$"
)
_MIN_GLUED: Final = 8
# A Russian legal form of three letters typed onto the name it leads (`PAOTRANSNEFT`, `ZAOALFA`,
# `OOOROMASHKA`): no listed word begins so, and the rest must be a word (>= 4 letters) and no pinyin
# syllable (`Zaozhuang` is a city); a typo of a legal word is that word (`ZAORYTOE` for `ZAKRYTOE`).
_GLUED_FORM_BEFORE: Final = re.compile(r"^(ooo|oao|zao|pao)([a-z]{4,})$")


@final
class _Anchored:
    """A `^...$` pattern, asked only of words beginning or ending with letters one of its matches must
    begin or end with (read from the pattern: `pattern_needles` for the start, the last group's plain
    alternatives for the end): most words are no glued form, and a match attempt is ~1,800 instructions,
    the test a slice and a set look-up (0546). A shape not read is always matched."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        starts = needles(pattern.pattern)
        self.heads: frozenset[str] | None = (
            frozenset(n[:_ENDS] for n in starts)
            if starts and pattern.pattern.startswith("^") and min(map(len, starts)) >= _ENDS
            else None
        )
        last = _LAST_GROUP.search(pattern.pattern)
        ends = last.group(1).split("|") if last is not None else []
        self.tails: frozenset[str] | None = (
            frozenset(e[-_ENDS:] for e in ends) if ends and min(map(len, ends)) >= _ENDS else None
        )

    def match(self, word: str) -> re.Match[str] | None:
        heads, tails = self.heads, self.tails
        if heads is not None and word[:_ENDS] not in heads:
            return None
        # (`$` matches before a final newline too: such a word is matched as written.)
        if tails is not None and word[-_ENDS:] not in tails and not word.endswith("\n"):
            return None
        return self.pattern.match(word)


# What a word is tested by (its first or last three letters), and a pattern's last group of plain
# alternatives before its end.
_ENDS: Final = 3
_LAST_GROUP: Final = re.compile(r"\(([a-z]+(?:\|[a-z]+)*)\)\$$")
_GLUED_AFTER_WORD: Final = _Anchored(_GLUED_AFTER)
_GLUED_BEFORE_WORD: Final = _Anchored(_GLUED_BEFORE)
_GLUED_FORM_BEFORE_WORD: Final = _Anchored(_GLUED_FORM_BEFORE)
_MIN_GLUED_FORM: Final = 7


_UNGLUED: Final = StrMemo(65536)


def unglue(word: str) -> tuple[str, ...]:
    """`limitedliability` -> (`limited`, `liability`), `paotransneft` -> (`pao`, `transneft`), with one
    typo in a long form's word (`legal_typos.glued_form`: `ohshchestvofintender`); a word English has
    (`unlimited`, `accompany`, `openness`) stays whole. (Each part is shorter than the word: the recursion
    ends within its letters.)"""
    found: tuple[str, ...] | None = _UNGLUED.table.get(word)
    if found is None:
        found = _unglue(word)
        _UNGLUED.put(word, found)
    return found


def _unglue(word: str) -> tuple[str, ...]:
    if len(word) < _MIN_GLUED_FORM or not word.isalpha():
        return (word,)
    form = _GLUED_FORM_BEFORE_WORD.match(word)
    if form is not None and not is_pinyin_syllable(form.group(2)) and not near_legal_word(word):
        return (form.group(1), *unglue(form.group(2)))
    if len(word) < _MIN_GLUED:
        return (word,)
    m = _GLUED_AFTER_WORD.match(word) or _GLUED_BEFORE_WORD.match(word)
    parts = (m.group(1), m.group(2)) if m is not None else glued_form(word)
    if parts is None or zipf_frequency(word, "en") >= REAL_WORD_ZIPF:
        return (word,)
    left, right = parts
    return (*unglue(left), *unglue(right))


# A legal phrase's first word typed onto the word before it, the phrase going on after (`GAZPROMBANKJOINT
# STOCK COMPANY`, `HUBLIMITED LIABILITY COMPANY`): the words that follow are the phrase's, and say it is one.
_PHRASE_NEXT: Final[dict[str, frozenset[str]]] = {
    first: frozenset(words[1] for words in LEGAL_PHRASES if words[0] == first)
    for first in {words[0] for words in LEGAL_PHRASES if len(words[0]) >= 4}
}
_PHRASE_START_ENDS: Final = frozenset(first[-4:] for first in _PHRASE_NEXT)
_PHRASE_SECONDS: Final = frozenset(second for following in _PHRASE_NEXT.values() for second in following)
# What is left of the word must be a word of three letters or more (`HUB`, `VTB`).
_MIN_BEFORE_PHRASE: Final = 3


def _phrase_start_glued(words: list[str]) -> bool:
    """A phrase's second word after a word ending like its first: what `unglue_phrase_starts` needs, found
    by a set look-up per word (the slice only beside a phrase's second word)."""
    for i in range(1, len(words)):
        if words[i - 1][-4:] in _PHRASE_START_ENDS and _near_second(words[i], _PHRASE_SECONDS):
            return True
    return False


def _near_second(word: str, seconds: frozenset[str]) -> bool:
    """`word` is one of a phrase's second words, or one of five letters or more with one typo (`stocok`,
    `stocm`: the phrase's next word typed as carelessly as the glued one; decision 0218): the length from
    which a typed phrase's words take a typo each (`legal_phrase_word_letters`), off with it."""
    if word in seconds:
        return True
    return (
        PHRASE_WORD_LETTERS > 0
        and len(word) >= PHRASE_WORD_LETTERS - 1
        and any(
            len(second) >= PHRASE_WORD_LETTERS
            and abs(len(second) - len(word)) <= 1
            and osa_distance(word, second, score_cutoff=1) <= 1
            for second in seconds
        )
    )


def unglue_phrase_starts(words: list[str]) -> list[str]:
    """`gazprombankjoint stock company` -> `gazprombank joint stock company`: a word ending in a legal
    phrase's first word, followed by the phrase's second word, and itself no English word (`republic
    joint stock`), is the name and the phrase."""
    out: list[str] = []
    for i, word in enumerate(words):
        if i + 1 < len(words) and word[-4:] in _PHRASE_START_ENDS:
            for first, following in _PHRASE_NEXT.items():
                if (
                    len(word) - len(first) >= _MIN_BEFORE_PHRASE
                    and word.endswith(first)
                    and _near_second(words[i + 1], following)
                    and zipf_frequency(word, "en") < REAL_WORD_ZIPF
                ):
                    out.extend((word[: -len(first)], first))
                    break
            else:
                out.append(word)
        else:
            out.append(word)
    return out


# Legal-form words a stray space may split (`Limi ted`, `AKTSION ERNOE`): rejoined before forms are read.
_SPLITTABLE_LEGAL: Final = frozenset(
    "limited company corporation incorporated liability aktsionernoe obshchestvo ogranichennoi "
    "otvetstvennostyu zakrytoe otkrytoe publichnoe gesellschaft sociedad responsabilidad limitada anonima "
    "anonim sirketi".split()
)


def rejoin_legal_words(words: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(words):
        if (
            i + 1 < len(words)
            and words[i] + words[i + 1] in _SPLITTABLE_LEGAL
            and words[i] not in _SPLITTABLE_LEGAL
            and words[i + 1] not in _SPLITTABLE_LEGAL
        ):
            out.append(words[i] + words[i + 1])
            i += 2
        else:
            out.append(words[i])
            i += 1
    return out


_PHRASES: Final = tuple(
    ("".join(words), words, len("".join(words)) // PHRASE_LETTERS_PER_EDIT) for words in LEGAL_PHRASES
)
_SLIP_COST: Final = DEFAULT_CONFIG.similarity.slip_cost
_EDIT_COST: Final = DEFAULT_CONFIG.similarity.edit_cost


def _phrase_edits(compact: str, words: tuple[str, ...], word_by_word: bool) -> float:
    """The edits a phrase's damage may make: one per seven letters (`legal_phrase_letters`); typed word for
    word (as many words as the phrase, none split or run together), one per word of five letters or more
    (`legal_phrase_word_letters`) when that is more (decision 0218). (Not across a split: `JOINT STOCK CO.
    SCAN` would read `co scan` as `company`.)"""
    edits = len(compact) / PHRASE_LETTERS_PER_EDIT
    if word_by_word and PHRASE_WORD_LETTERS:
        edits = max(edits, float(sum(len(w) >= PHRASE_WORD_LETTERS for w in words)))
    return edits


def _phrase_budget(compact: str, words: tuple[str, ...], word_by_word: bool) -> tuple[float, int]:
    cost = _EDIT_COST * _phrase_edits(compact, words, word_by_word)
    return cost, int(cost / _SLIP_COST)


def _phrase_budgets(word_by_word: bool) -> tuple[tuple[float, int], ...]:
    return tuple(_phrase_budget(compact, words, word_by_word) for compact, words, _ in _PHRASES)


# What a phrase's damage may cost in all, its edits priced as typing prices them (a slip of typing at
# `slip_cost`, another edit at `edit_cost`): `edit_cost` per edit `_phrase_edits` allows, and the most
# slips that budget pays for; the second when the words typed are as many as the phrase's.
_PHRASE_BUDGETS: Final = _phrase_budgets(False)
_WORD_BY_WORD_BUDGETS: Final = _phrase_budgets(True)
# The phrases holding a word that begins so (its first four letters): a damaged phrase keeps most of them.
_PHRASES_BY_PREFIX: Final[dict[str, frozenset[int]]] = {
    prefix: frozenset(n for n, words in enumerate(LEGAL_PHRASES) if any(w[:4] == prefix for w in words))
    for prefix in {w[:4] for words in LEGAL_PHRASES for w in words if len(w) >= 4}
}
_LONGEST_PHRASE: Final = max(len(compact) for compact, _, _ in _PHRASES)


def _slipped_heads(prefix: str) -> set[str]:
    """`prefix` typed with one letter added that doubles a letter beside it or is a key beside one of them
    (`jooi`, `jpoi` for `join`): the five letters a word so typed begins with."""
    out: set[str] = set()
    for k in range(len(prefix) + 1):
        beside = prefix[max(0, k - 1) : k + 1]
        for letter in {*beside, *(near for c in beside for near in NEIGHBOURS.get(c, ""))}:
            out.add(prefix[:k] + letter + prefix[k:])
    return out


# ... and by the first five letters of a word typed with a slip where it begins (`jooint`, `joointstock`).
def _by_slipped_head() -> dict[str, frozenset[int]]:
    table: dict[str, frozenset[int]] = {}
    for prefix, found in _PHRASES_BY_PREFIX.items():
        for head in _slipped_heads(prefix):
            table[head] = table.get(head, frozenset()) | found
    return table


_PHRASES_BY_SLIPPED_HEAD: Final = _by_slipped_head()


def _phrases_of(word: str) -> frozenset[int] | None:
    """The phrases holding a word that begins as `word` does, or would but for a letter doubled or a key
    struck beside its neighbour in its first five (`jooint`, `joointstock`)."""
    found = _PHRASES_BY_PREFIX.get(word[:4])
    if found is None and len(word) >= 5:
        found = _PHRASES_BY_SLIPPED_HEAD.get(word[:5])
    return found


def _starts_phrase(word: str, first: str) -> bool:
    """`word` may be the phrase's first word as typed: split (`jo`, `obshces`), glued (`jointstock`), or
    within two edits or half its letters (`oint`, `losed`, `litmd`). A name before the form is none of
    these (`NSG, Obshchestvo s ...`, `GAZ-OIL Open Joint Stock Company` keep `NSG` and `OIL`)."""
    most = max(2, len(first) // 2)
    n, m = len(word), len(first)
    # (Two strings are at least as many edits apart as their lengths differ: the distances that bound
    # rules out are not asked for, decision 0196.)
    if (
        first.startswith(word)
        or word.startswith(first)
        or (abs(n - m) <= most and osa_distance(word, first, score_cutoff=most) <= most)
    ):
        return True
    # (The first part of a split first word, or the first word glued to the next, with a typo: `obshces
    # tvo`, `ottkryt oe`, `jjointtock company`.)
    for k in range(n - 1, n + 2):
        part = first[:k]
        if (
            abs(n - len(part)) <= 1
            and may_be_one_edit(word, part)
            and osa_distance(word, part, score_cutoff=1) <= 1
        ):
            return True
    for k in range(m - 1, m + 2):
        part = word[:k]
        if (
            abs(len(part) - m) <= 1
            and may_be_one_edit(part, first)
            and osa_distance(part, first, score_cutoff=1) <= 1
        ):
            return True
    return False


def repair_legal_phrases(words: list[str]) -> list[str]:
    """A legal form of several words with a typo, a stray space or two words run together (`jokint stock
    company`, `jo int stockcompany`, `obshcgestvo s ogranichennoi`) is that form: its letters, spaces
    aside, are at most one edit per seven letters from it (`legal_phrase_letters`). Its words are then read
    as a legal form like any other instead of counting as words the listed name lacks. A real word in place
    of one of the form's (`Point Stock Company`) is a name beside a form, not a typo of it, and a legal form
    beside the phrase is a form of its own (`Sertal-LLC OAO` keeps its `LLC`)."""
    out: list[str] = []
    phrases_of = [_phrases_of(w) for w in words]
    i = 0
    while i < len(words):
        # (cost, -words covered, last word, phrase): the closest form first, then the longest.
        best: tuple[float, int, int, tuple[str, ...]] | None = None
        joined = ""
        candidates: set[int] = set()
        # (Whether this word may start a phrase, asked once per first word rather than once per extent:
        # phrases share first words, `joint`, `limited`.)
        starts: dict[str, bool] = {}
        for k in range(i, len(words)):
            joined += words[k]
            if len(joined) > _LONGEST_PHRASE + 2:
                break
            more = phrases_of[k]
            if more:
                candidates.update(more)
            for n in candidates:
                compact, phrase, allowed = _PHRASES[n]
                budget, slips = _WORD_BY_WORD_BUDGETS[n] if k - i + 1 == len(phrase) else _PHRASE_BUDGETS[n]
                if abs(len(compact) - len(joined)) > slips:
                    continue
                may_start = starts.get(phrase[0])
                if may_start is None:
                    may_start = starts[phrase[0]] = _starts_phrase(words[i], phrase[0])
                if not may_start:
                    continue
                edits = osa_distance(joined, compact, score_cutoff=slips)
                if edits > slips:
                    continue
                # (Edits priced as typing prices them: `jooint stock ocmpajny` is two slips and a letter
                # added, within the budget of 17 letters as two plain edits are; decision 0171.)
                cost = _EDIT_COST * edits
                if edits > allowed:
                    cost = typing_cost(joined, compact, _SLIP_COST, _EDIT_COST)
                    if cost > budget:
                        continue
                if best is None or (cost, i - k) < best[:2]:
                    best = (cost, i - k, k, phrase)
        if best is not None:
            window = words[i : best[2] + 1]
            others = [w for w in window if w not in best[3]]
            # (A word that is the form's own with a letter dropped is the form mistyped, English or not:
            # `Join Tock Company`, `Federal Stat Unitary Enterprise`, `Ope Joint Stock`; 0216, 0218.)
            substituted = len(window) == len(best[3]) and all(
                zipf_frequency(w, "en") >= REAL_WORD_ZIPF and not _letter_dropped(w, p)
                for w, p in zip(window, best[3], strict=True)
                if w not in best[3]
            )
            # (A legal form or function word beside the phrase is a word of its own: `Sertal-LLC OAO`.)
            beside = any(w in LEGAL_SPELLINGS or w in FUNCTION_WORDS for w in others)
            if tuple(window) != best[3] and not substituted and not beside:
                out.extend(best[3])
                i = best[2] + 1
                continue
        out.append(words[i])
        i += 1
    return out


def _letter_dropped(word: str, form_word: str) -> bool:
    """`word` is `form_word` (four letters or more, `legal_letter_dropped_from`) with one letter missed:
    `tock`/`stock`, `ope`/`open`."""
    return (
        len(form_word) >= LETTER_DROPPED_FROM
        and len(form_word) == len(word) + 1
        and any(form_word[:k] + form_word[k + 1 :] == word for k in range(len(form_word)))
    )


# Words at least this frequent in English are taken as written, never as a mistyped legal form.
REAL_WORD_ZIPF: Final = 2.5
_LEGAL_SPELLINGS_SORTED: Final = tuple(sorted(LEGAL_SPELLINGS))
_LONGEST_LEGAL: Final = max(map(len, LEGAL_SPELLINGS))
# A word inside a name is read as a mistyped legal form only from this length (decision 0253): three or
# four letters one edit from a short form are codes (`PAC`, `INCA`, `ZAP`), five or more are the long
# forms' words mistyped (`Lmiited`, `Compnay`, `Corporatoin`).
INNER_FORM_MIN_LEN: Final = 5
_LONGEST_SHORT: Final = 4
_SHORT_FORMS: Final = tuple(form for form in _LEGAL_SPELLINGS_SORTED if len(form) <= _LONGEST_SHORT)
_SHORT_ENDS: Final = frozenset((form[0], form[-1]) for form in _SHORT_FORMS)
_LEGAL_KEYS: Final = frozenset(
    key for form in LEGAL_SPELLINGS for key in (form, *(form[:i] + form[i + 1 :] for i in range(len(form))))
)


_LEGAL_READ: Final = StrMemo(65536)


def legal_spelling(word: str) -> str:
    """A leading or trailing word one typo away from a legal form is that form (`lgd` -> `ltd`,
    `gbmh` -> `gmbh`); three-letter words only by a substitution or a swap, as `inca` is not `inc`. Two
    keys struck beside a short form's letters are read too (`legal_typos.damaged_form`: `lgrtd` -> `ltd`)."""
    found: str | None = _LEGAL_READ.table.get(word)
    if found is None:
        found = _legal_spelling(word)
        _LEGAL_READ.put(word, found)
    return found


def _legal_spelling(word: str) -> str:
    if word in LEGAL_SPELLINGS or not 3 <= len(word) <= _LONGEST_LEGAL + 1 or not word.isalpha():
        return word
    # One edit apart means a shared deletion key (SymSpell): most words share none, at a few lookups.
    near = word in _LEGAL_KEYS
    if not near:
        for i in range(len(word)):
            if word[:i] + word[i + 1 :] in _LEGAL_KEYS:
                near = True
                break
    if not near:
        if (
            len(word) < 5
            or len(word) > _LONGEST_SHORT + SHORT_FORM_KEYS
            or (word[0], word[-1]) not in _SHORT_ENDS
        ):
            return word
        # (The letters first: an English word look-up costs tens of microseconds.)
        form = damaged_form(word, _SHORT_FORMS, SHORT_FORM_KEYS)
        return form if form == word or zipf_frequency(word, "en") < REAL_WORD_ZIPF else word
    if zipf_frequency(word, "en") >= REAL_WORD_ZIPF:
        # A word of its own (`corps`, `inca`), not a mistyped form.
        return word
    for form in _LEGAL_SPELLINGS_SORTED if near else ():
        if (
            abs(len(form) - len(word)) > 1
            or not may_be_one_edit(word, form)
            or osa_distance(word, form, score_cutoff=1) > 1
        ):
            continue
        if min(len(form), len(word)) < 4 and len(form) != len(word) and not _doubled(word, form):
            # (A letter doubled is a slip, `ppao`, `lltd`; another letter added makes a word, `inca`.)
            continue
        if len(word) == 3 and word[0] != form[0]:
            continue
        return form
    return damaged_form(word, _SHORT_FORMS, SHORT_FORM_KEYS)


def repair_form_before_form(raw_words: list[str]) -> None:
    """The word before the legal forms that end a name, one typo from a long legal form, is that form
    (`Trade Lmiited Company`, `Industries Limted Corp`): a form's words are typed together, and a slip in
    the first of two was left as a name word, since `legal_spelling` reads only the name's ends. Words of
    `INNER_FORM_MIN_LEN` letters or more only (`PAC Ltd` keeps `PAC`, one letter from `pao`), and a word
    of the name must stay before it. `raw_words` ends in a legal spelling (decision 0253)."""
    k = len(raw_words) - 2
    while k >= 1 and raw_words[k] in LEGAL_SPELLINGS:
        k -= 1
    if k >= 1 and len(raw_words[k]) >= INNER_FORM_MIN_LEN:
        raw_words[k] = legal_spelling(raw_words[k])


def _doubled(word: str, form: str) -> bool:
    """`word` is `form` with one letter doubled (`ppao`, `ltdd`)."""
    return len(word) == len(form) + 1 and any(
        word[k] == word[k + 1] and word[:k] + word[k + 1 :] == form for k in range(len(word) - 1)
    )


def _tag_legal_words(tokens: list[str], minor: set[int]) -> None:
    """`Company`, `Limited` next to a legal form (or ending the name) are part of it: `Company Limited`."""
    for i in range(len(tokens) - 1, 0, -1):
        if i in minor:
            continue
        if tokens[i] in LEGAL_WORDS and (i == len(tokens) - 1 or i + 1 in minor):
            minor.add(i)
