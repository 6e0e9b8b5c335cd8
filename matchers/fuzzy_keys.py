"""Whole-name keys: a second way to find a listed name when its words are too damaged for token postings.

A name typed with two or three errors (`PALESTNIANAIDCOUNCIL`, `SPEED TRNASP ORTATION`, `EP-KHJ` for
`EP-MHJ`) keeps few intact words, so the token index has little to look up. Written without its spaces
(its *compact* form) it is still most of the listed name's letters in order: joins and splits vanish, and
each typo breaks only the few character n-grams around it. Each name has two compact forms: its core
tokens run together, and its words as written run together (before legal forms and abbreviations are
rewritten, which a damaged word escapes). Two keys over them:

- **character 4-grams** with a count threshold, read rarest first within a budget of postings (the rare
  n-grams are the ones that identify a name, and the budget bounds a query's cost whatever it holds);
- **symmetric deletions** (SymSpell, one edit) of short compact forms, where n-grams are too few: codes
  and registrations (`EP-MHJ`), bare short names.

What either finds is verified by the edit similarity of the two compact forms, so only names that are
most of the query's letters reach scoring.
"""

from __future__ import annotations

import math
import zlib
from array import array
from collections.abc import Collection, Iterable, Sequence
from typing import Final, cast

import numpy as np
import numpy.typing as npt
from mypy_extensions import mypyc_attr
from rapidfuzz.distance import OSA, Indel

from matchers.config import RetrievalConfig

# Print and OCR confusions folded out of compact forms, on both sides (`rn`/`m`, `cl`/`d`, `vv`/`w`):
# the similarity of the token step reads these alike too.
_OCR_FOLDS: Final[tuple[tuple[str, str], ...]] = (("rn", "m"), ("cl", "d"), ("vv", "w"))
GRAM: Final = 4
# rapidfuzz's functions held in final names (compiled, read from C statics, not looked up per call).
_OSA_DISTANCE: Final = OSA.distance
_INDEL_SIMILARITY: Final = Indel.normalized_similarity


def _fold(text: str) -> str:
    for seen, read in _OCR_FOLDS:
        if seen in text:
            text = text.replace(seen, read)
    return text


def compact_forms(tokens: Sequence[str], minor: Collection[int], written: str) -> tuple[str, str]:
    """A name's two compact forms, print confusions folded: its core tokens run together (legal forms
    and function words left out, so `Co., Ltd.` and `Company Limited` agree), and its words as written
    run together (a mistyped legal form or a stemmed word is still most of the letters typed:
    `DINRIN LIMITECL`, `Awras`/`Nawras`). Joins and splits change neither."""
    core = "".join(t for i, t in enumerate(tokens) if i not in minor)
    return _fold(core), _fold(written)


def _deletions(text: str) -> list[str]:
    return [text[:i] + text[i + 1 :] for i in range(len(text))]


def _gram_codes(data: bytes) -> npt.NDArray[np.uint32]:
    """Every 4-gram of an ASCII string as one 32-bit number (its four bytes): a gram table of numbers is a
    sorted array, not a dictionary of strings."""
    b = np.frombuffer(data, dtype=np.uint8).astype(np.uint32)
    if len(b) < GRAM:
        return np.zeros(0, dtype=np.uint32)
    shift = np.uint32(8)
    out: npt.NDArray[np.uint32] = (((b[:-3] << shift | b[1:-2]) << shift | b[2:-1]) << shift) | b[3:]
    return out


def _key_code(key: str) -> int:
    # A stable 32-bit hash (the table is pickled into compiled snapshots, so `hash()` would not do); two
    # keys sharing a code only bring a candidate the edit check then rejects.
    return zlib.crc32(key.encode())


def _pieces(length: int, parts: int) -> list[tuple[int, int]]:
    """(start, size) of the `parts` pieces a form of `length` letters is cut into: as even as they go, the
    longer ones last."""
    base, extra = divmod(length, parts)
    out: list[tuple[int, int]] = []
    start = 0
    for place in range(parts):
        size = base + (1 if place >= parts - extra else 0)
        out.append((start, size))
        start += size
    return out


# FNV-1a's 32-bit prime and offset basis (the piece keys' codes).
_FNV_PRIME: Final = 0x01000193
_FNV_BASIS: Final = 0x811C9DC5


def _piece_code(data: bytes, start: int, size: int, length: int, place: int) -> int:
    # The piece's letters hashed (FNV-1a) from a start value of the form's length and the piece's place: one
    # 32-bit code, stable across processes (the table is pickled into compiled snapshots). Plain integer steps
    # over the bytes: compiled, a slice and a call into zlib per code cost more than the few letters
    # (decision 0262). Two pieces sharing a code only bring a name the edit check then rejects.
    code = _FNV_BASIS ^ (length << 8 | place)
    for k in range(start, start + size):
        code = ((code ^ data[k]) * _FNV_PRIME) & 0xFFFFFFFF
    return code


def piece_edits_of(length: int, edits: int, per_edit: int) -> int:
    """The edits a listed form of `length` letters is sought within: `edits`, and one per `per_edit`
    letters (two slips in eight letters are a typist's, three are another name)."""
    return min(edits, length // per_edit)


def piece_codes(data: bytes, edits: int, per_edit: int, shortest: int, longest: int) -> set[int]:
    """The piece keys a query's compact form looks up: for each listed length within the edits that length
    allows of its own, each piece's letters at every start where the piece can stand in a form that many
    edits away (the window of PassJoin's multi-match-aware selection: piece `place` has moved at most
    `place` letters by the edits before it, and the length difference less what the edits after it can make
    up)."""
    n = len(data)
    codes: set[int] = set()
    for length in range(max(shortest, n - edits), min(longest, n + edits) + 1):
        allowed = piece_edits_of(length, edits, per_edit)
        delta = n - length
        if abs(delta) > allowed:
            continue
        for place, (start, size) in enumerate(_pieces(length, allowed + 1)):
            left = max(start - place, start + delta - (allowed - place), 0)
            right = min(start + place, start + delta + (allowed - place), n - size)
            for at in range(left, right + 1):
                codes.add(_piece_code(data, at, size, length, place))
    return codes


def letter_mask(text: str) -> int:
    """The letters (and digits) a form holds, one bit each (by the code's last five bits: a digit shares its
    bit with a letter, which only lets more names through)."""
    mask = 0
    for ch in text:
        mask |= 1 << (ord(ch) & 31)
    return mask & ~1


# Set bits of every byte value: four look-ups count a letter mask's (compiled, a `bytes` item is a plain
# integer, where `int.bit_count` is a method call).
_ONES: Final = bytes(bin(k).count("1") for k in range(256))


def set_bits(mask: int) -> int:
    """Set bits of a 32-bit `mask` (a `Final` table is a C static once compiled)."""
    ones = _ONES
    return ones[mask & 255] + ones[mask >> 8 & 255] + ones[mask >> 16 & 255] + ones[mask >> 24]


def _letter_masks(blob: bytes, offsets: array[int], same: Sequence[bool] = ()) -> bytes:
    """`letter_mask` of every form in the blob, four bytes each (little-endian). A written form that is its
    name's core form (`same`, per name) has bit 0 set, which no letter's mask holds: it is checked once."""
    data = np.frombuffer(blob, dtype=np.uint8)
    n_forms = len(offsets) - 1
    if not len(data) or not n_forms:
        return bytes(4 * n_forms)
    bits = np.left_shift(np.uint32(1), (data & np.uint8(31)).astype(np.uint32))
    starts = np.array(offsets[:-1], dtype=np.int64)
    stops = np.array(offsets[1:], dtype=np.int64) - 1
    masks = np.bitwise_or.reduceat(bits, np.minimum(starts, len(data) - 1))
    # An empty form's segment is only its separator; the separator's bit (0) is no letter's.
    masks[stops <= starts] = 0
    masks &= np.uint32(0xFFFFFFFE)
    if len(same):
        masks[1::2] |= np.array(same, dtype=np.uint32)[: len(masks[1::2])]
    return masks.astype("<u4").tobytes()


_CHUNK: Final = 4096

# The longest compact form kept: lengths are held one byte each (`CompactIndex`).
_LONGEST_FORM: Final = 255


def _longest_form(config: RetrievalConfig) -> int:
    """The longest compact form indexed and sought: the configuration's, at most `_LONGEST_FORM`."""
    return min(config.max_compact_len, _LONGEST_FORM)


def _pairs(keys: npt.NDArray[np.uint32], ids: npt.NDArray[np.int64]) -> npt.NDArray[np.uint64]:
    """(key, name id) as one sortable 64-bit number each, sorted and without repeats."""
    pairs: npt.NDArray[np.uint64] = np.unique(
        (keys.astype(np.uint64) << np.uint64(32)) | ids.astype(np.uint64)
    )
    return pairs


@mypyc_attr(serializable=True, allow_interpreted_subclasses=True)
class _Postings:
    """Sorted 32-bit keys, each with its run of name ids in one flat array (CSR)."""

    def __init__(self, pairs: npt.NDArray[np.uint64], most: int) -> None:
        pairs.sort()  # in place: by key, then name id
        keys = (pairs >> np.uint64(32)).astype(np.uint32)
        firsts = (
            np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
            if len(keys)
            else np.zeros(0, dtype=np.int64)
        )
        sizes = np.diff(np.concatenate((firsts, [len(keys)])))
        # A key hundreds of names share (`tion`, `bank`) identifies none of them: not kept.
        keep = sizes <= most
        self.codes: npt.NDArray[np.uint32] = keys[firsts[keep]]
        del keys
        self.sizes: npt.NDArray[np.int64] = sizes[keep].astype(np.int64)
        # Where each key's run starts (a Python `array`: runs are read one key at a time).
        self.starts = array("q", (np.cumsum(self.sizes) - self.sizes).tolist())
        ids = (pairs[np.repeat(keep, sizes)] & np.uint64(0xFFFFFFFF)).astype("<i4")
        # (`runs` packs a run's size and start in one integer: the start must fit in 32 bits.)
        assert len(ids) < 1 << 32
        # The name ids as the bytes of 32-bit integers: a query joins the byte ranges of its runs and makes
        # one array of them, rather than a numpy view per run.
        self.ids = ids.tobytes()

        # Code -> its run as one number (`size << 32 | start`), built on first use (a compiled snapshot is
        # written before any query, so it stays as small and as quick to load): a query holds a few dozen
        # codes, each one dict lookup instead of a binary search in numpy, and the runs it finds sort by
        # size then code as plain integers.
        self._where: dict[int, int] | None = None

    def runs(self, codes: Iterable[int]) -> list[int]:
        """The runs of the codes present (`size << 32 | start`, in any order of `codes`), smallest run
        first and, among runs of one size, in code order (the runs lie in the flat array in code order, so
        starts rise with codes): the order a stable sort by size of the runs in code order gives, with no
        key function and no tuples."""
        where = self._where
        if where is None:
            starts = np.frombuffer(self.starts, dtype=np.int64)
            where = self._where = dict(
                zip(self.codes.tolist(), ((self.sizes << np.int64(32)) | starts).tolist(), strict=True)
            )
        # Read and kept as the objects they are: compiled code would unbox each integer and box it again
        # (a new object each time) for the look-up and the append.
        table = cast(dict[object, object], where)
        found: list[object] = []
        for code in cast(Iterable[object], codes):
            run = table.get(code)
            if run is not None:
                found.append(run)
        found.sort()
        return cast(list[int], found)

    def find(self, codes: Iterable[int]) -> list[int]:
        """What `runs` gives, by a binary search of the sorted codes rather than the table `runs` builds on
        first use: for keys few queries ask (the piece keys, decision 0262), whose table would be built by
        the first that does (tens of thousands of entries, a few megabytes) for a few look-ups each. (Four
        numpy calls for all the codes: for a few dozen, numpy's work per call is what they cost.)"""
        have = self.codes
        n = len(have)
        wanted = sorted(codes)
        if not wanted or not n:
            return []
        at = have.searchsorted(np.array(wanted, dtype=np.uint32))
        np.minimum(at, n - 1, out=at)
        got: list[int] = have[at].tolist()
        places: list[int] = at.tolist()
        sizes, starts = self.sizes, self.starts
        found: list[int] = []
        for k in range(len(wanted)):
            if got[k] == wanted[k]:
                j = places[k]
                start: int = starts[j]
                found.append(int(sizes[j]) << 32 | start)
        found.sort()
        return found

    def read(self, runs: list[int]) -> npt.NDArray[np.int32]:
        """The name ids of these runs (as `runs` gives them), one after the other: a new array the caller
        may change (it views a `bytearray` of its own, so it is writable with no copy)."""
        ids = self.ids
        parts = []
        for run in runs:
            start = run & 0xFFFFFFFF
            parts.append(ids[4 * start : 4 * (start + (run >> 32))])
        return np.frombuffer(bytearray().join(parts), "<i4")


def _most_shared(started: list[int], names: list[int], lengths: bytes, target: int, most: int) -> list[int]:
    """The `most` names sharing the most 4-grams with the query, among equals those whose written form is
    as long as the query's (`PAO TRANSNEFT` before the dozens of `TRANSNEFT ...` subsidiaries holding the
    same n-grams), then by id: what `np.lexsort((gap, -counts))` over the names in id order gives.

    `started` holds, in rising order, the id of every run of `least_shared` equal ids in the sorted hits
    (`names` is it without repeats): a name read `c` times starts `c - least_shared + 1` of them, so the
    runs a name starts rank the names as their counts do, with no count read back from the hits by two
    binary searches. Each rank is one integer, fewer runs started, then the length gap, then the name's
    place in `names` (its id's order), in fields just wide enough: a list of small integers sorts with no
    key function, no tuples and one-digit comparisons. (A few dozen names, where numpy's calls cost more
    than the work.)"""
    n_started = len(started)
    # (The query's written form may be longer than any listed one: the gap's field fits it.)
    place_bits = len(names).bit_length()
    gap_shift = place_bits
    rank_shift = place_bits + max(target, 255).bit_length()
    keys: list[int] = []
    k = 0
    for j in range(len(names)):
        name_id = names[j]
        first = k
        while k < n_started and started[k] == name_id:
            k += 1
        gap = abs(lengths[2 * name_id + 1] - target)
        keys.append(((n_started - (k - first)) << rank_shift) | (gap << gap_shift) | j)
    keys.sort()
    mask = (1 << place_bits) - 1
    return [names[key & mask] for key in keys[:most]]


@mypyc_attr(serializable=True, allow_interpreted_subclasses=True)
class CompactIndex:
    """4-gram postings and short-form deletion keys over the listed names' compact forms, by name id, and
    the forms themselves (one bytes blob) for the edit check. Immutable once built."""

    def __init__(self, forms: Sequence[tuple[str, str]], config: RetrievalConfig) -> None:
        self.config = config
        longest = _longest_form(config)
        texts = [t if len(t) <= longest else "" for pair in forms for t in pair]
        self._blob = "\0".join(texts).encode("ascii", "replace")
        lengths = [len(t) for t in texts]
        # One byte a form (none is longer than 255 letters): compiled code reads a `bytes` item as a plain
        # integer, where an `array` item goes through the generic item access and a new int object.
        self._lengths = bytes(lengths)
        # Python ints on indexing (an `array`), as the edit check reads a few forms per query.
        self._offsets = array("q", [0])
        for n in lengths:
            self._offsets.append(self._offsets[-1] + n + 1)
        # 4-grams of every form, a few thousand names at a time (bounded temporary arrays).
        chunks = []
        for first in range(0, len(forms), _CHUNK):
            last = min(len(forms), first + _CHUNK)
            start, stop = self._offsets[2 * first], self._offsets[2 * last]
            data = self._blob[start : stop - 1] if stop > start else b""
            codes = _gram_codes(data)
            if not len(codes):
                continue
            owner = np.repeat(
                np.arange(first, last, dtype=np.int64),
                np.diff(np.array(self._offsets[2 * first : 2 * last + 1 : 2], dtype=np.int64)).astype(
                    np.int64
                ),
            )[: len(codes)]
            # A gram across a separator is no gram of a name.
            window = np.frombuffer(data, dtype=np.uint8)
            clean = np.ones(len(codes), dtype=bool)
            for shift in range(GRAM):
                clean &= window[shift : shift + len(codes)] != 0
            chunks.append(_pairs(codes[clean], owner[clean]))
        grams = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.uint64)
        del chunks
        self.grams = _Postings(grams, config.max_gram_postings)
        del grams
        short_keys: list[int] = []
        short_ids: list[int] = []
        for name_id, pair in enumerate(forms):
            keys: set[str] = set()
            for text in pair:
                if config.min_short_compact <= len(text) <= config.max_short_compact:
                    keys.add(text)
                    keys.update(_deletions(text))
            short_keys.extend(_key_code(k) for k in keys)
            short_ids.extend([name_id] * len(keys))
        self._short = _Postings(
            _pairs(np.array(short_keys, dtype=np.uint32), np.array(short_ids, dtype=np.int64)),
            config.max_gram_postings,
        )
        # Each form of `min_piece_form`-`max_piece_form` letters cut into `piece_edits + 1` pieces: a form at
        # most that many edits away keeps one of them intact near its place (decision 0256).
        piece_keys: list[int] = []
        piece_ids: list[int] = []
        edits = config.piece_edits
        if edits > 0:
            shortest, longest = config.min_piece_form, min(config.max_piece_form, longest)
            for name_id, pair in enumerate(forms):
                keys_of: set[int] = set()
                for text in pair:
                    length = len(text)
                    if shortest <= length <= longest:
                        data = text.encode("ascii", "replace")
                        parts = piece_edits_of(length, edits, config.piece_letters_per_edit) + 1
                        for place, (start, size) in enumerate(_pieces(length, parts)):
                            keys_of.add(_piece_code(data, start, size, length, place))
                piece_keys.extend(keys_of)
                piece_ids.extend([name_id] * len(keys_of))
        # Each form's letters, for the piece keys' check (`letter_mask`).
        same = [texts[k] == texts[k + 1] for k in range(0, len(texts), 2)] if edits > 0 else []
        self._masks = _letter_masks(self._blob, self._offsets, same) if edits > 0 else b""
        self._pieces = _Postings(
            _pairs(np.array(piece_keys, dtype=np.uint32), np.array(piece_ids, dtype=np.int64)),
            config.max_piece_postings,
        )

    def forms(self, name_id: int) -> tuple[str, str]:
        """A listed name's two compact forms (core, as written)."""
        offsets, k = self._offsets, 2 * name_id
        a, b, c = offsets[k], offsets[k + 1], offsets[k + 2]
        return self._blob[a : b - 1].decode(), self._blob[b : c - 1].decode()

    def search(self, forms: tuple[str, str], pieces: bool = True) -> list[tuple[float, int]]:
        """(similarity of the compact forms, name id) of listed names the query may be, best first: one
        edit from a short form, or most letters shared with a longer one; failing both, and with `pieces`,
        a few edits from a form of `min_piece_form`-`max_piece_form` letters."""
        config = self.config
        texts = [
            t for t in dict.fromkeys(forms) if config.min_short_compact <= len(t) <= _longest_form(config)
        ]
        if not texts:
            return []
        ranked: list[tuple[float, int]] = []
        shorts = [t for t in texts if len(t) <= config.max_short_compact + 1]
        if shorts:
            close: dict[int, float] = {}
            self._search_short(shorts, close)
            ranked = sorted(((sim, name_id) for name_id, sim in close.items()), reverse=True)
            ranked = ranked[: config.max_short_candidates]
        longer = [t for t in texts if len(t) > GRAM]
        if longer:
            alike: dict[int, float] = {}
            self.search_grams(forms, longer, alike)
            if not alike and not ranked and config.loose_gram_budget > 0:
                # Nothing verified: once more, reading further and keeping names that hold fewer of the
                # query's rare 4-grams (decision 0257).
                self.search_grams(forms, longer, alike, loose=True)
            have = {name_id for _, name_id in ranked}
            more = sorted(((sim, i) for i, sim in alike.items() if i not in have), reverse=True)
            ranked.extend(more[: config.max_fuzzy_candidates])
        if not ranked and pieces and config.piece_edits > 0:
            # Nothing verified by 4-grams or one edit: a name two or three edits away, its typos spread so
            # that no two 4-grams survive, still keeps one of its pieces (decision 0256).
            pieced: dict[int, float] = {}
            sought = [t for t in texts if t == forms[0]] if config.piece_core_only else texts
            self.search_pieces(sought, pieced)
            ranked = sorted(((sim, i) for i, sim in pieced.items()), reverse=True)
            ranked = ranked[: config.max_piece_candidates]
        return ranked

    def search_pieces(self, texts: list[str], found: dict[int, float]) -> None:
        """Names whose compact form is at most `piece_edits` edits (and one per `piece_letters_per_edit`
        letters) from one of `texts`, found by a piece kept intact (decision 0256), each with its similarity
        (`1 - edits / longer length`)."""
        config = self.config
        edits = config.piece_edits
        shortest, longest = config.min_piece_form, min(config.max_piece_form, _longest_form(config))
        per_edit = config.piece_letters_per_edit
        codes: set[int] = set()
        for text in texts:
            if shortest - edits <= len(text) <= longest + edits:
                codes |= piece_codes(text.encode("ascii", "replace"), edits, per_edit, shortest, longest)
        if not codes:
            return
        table = self._pieces
        present = table.find(codes)
        budget, reads, n_used = config.piece_postings_budget, 0, 0
        for run in present:
            reads += run >> 32
            if reads > budget:
                break
            n_used += 1
        if not n_used:
            return
        named: set[int] = set(table.read(present[:n_used]).tolist())
        # Most names read share a piece by chance: a letter one form holds and the other does not costs an
        # edit, so the letters each form holds rule them out before any edit distance is worked out.
        queries = [(text, len(text), letter_mask(text)) for text in texts]
        lengths, masks, blob, offsets = self._lengths, self._masks, self._blob, self._offsets
        distance = _OSA_DISTANCE
        for name_id in named:
            for form in (2 * name_id, 2 * name_id + 1):
                n_listed = lengths[form]
                if not shortest <= n_listed <= longest:
                    continue
                k = 4 * form
                held = masks[k] | masks[k + 1] << 8 | masks[k + 2] << 16 | masks[k + 3] << 24
                if held & 1:
                    # The written form is the core form, checked just before.
                    continue
                allowed = piece_edits_of(n_listed, edits, per_edit)
                listed = ""
                for text, n_text, mask in queries:
                    if abs(n_text - n_listed) > allowed:
                        continue
                    if set_bits(mask & ~held) > allowed or set_bits(held & ~mask) > allowed:
                        continue
                    if not listed:
                        start: int = offsets[form]
                        listed = blob[start : start + n_listed].decode()
                    # (A swap of neighbours is one edit: the `typo` library's and a typist's.)
                    d = distance(text, listed, score_cutoff=allowed)
                    if d <= allowed:
                        sim = 1.0 - d / max(n_text, n_listed)
                        if sim > found.get(name_id, 0.0):
                            found[name_id] = sim

    def _search_short(self, texts: list[str], found: dict[int, float]) -> None:
        keys = {k for text in texts for k in (text, *_deletions(text))}
        table = self._short
        ids: list[int] = table.read(table.runs({_key_code(k) for k in keys})).tolist()
        named = set(ids)
        # (Read once: a module attribute is a dict look-up each time it is named.)
        distance = _OSA_DISTANCE
        for name_id in named:
            core, written = self.forms(name_id)
            # (Most names are written as their core words: the same form is compared once.)
            for listed in (core,) if core == written else (core, written):
                for text in texts:
                    # One edit, a swap of neighbours included (`YK-TAA` / `YK-ATA`).
                    if listed and distance(text, listed, score_cutoff=1) <= 1:
                        sim = 1.0 - (text != listed) / max(len(text), len(listed))
                        if sim > found.get(name_id, 0.0):
                            found[name_id] = sim

    def search_grams(
        self, forms: tuple[str, str], texts: list[str], found: dict[int, float], loose: bool = False
    ) -> None:
        config = self.config
        budget = config.loose_gram_budget if loose else config.gram_postings_budget
        share = config.loose_gram_share if loose else config.min_gram_share
        most_verified = config.loose_gram_verify if loose else config.max_gram_verify
        grams = self.grams
        # The core form is most often part of the written one: its grams are then read once.
        if len(texts) == 2 and texts[0] in texts[1]:
            texts = texts[1:]
        # Each 4-gram as the number of its four bytes, rolled along the text: plain integer steps, no slice
        # and call per gram.
        codes: set[int] = set()
        for text in texts:
            data = text.encode("ascii", "replace")
            code = 0
            for k in range(len(data)):
                code = ((code << 8) | data[k]) & 0xFFFFFFFF
                if k >= GRAM - 1:
                    codes.add(code)
        # Rarest first, within the budget: the rare n-grams are what identifies the name (runs of one size in
        # code order). At least one is read, however long its run.
        present = grams.runs(codes)
        if len(present) < config.min_shared_grams:
            return
        reads, n_used = 0, 0
        for run in present:
            reads += run >> 32
            if reads > budget:
                break
            n_used += 1
        n_used = max(1, n_used)
        if n_used < config.min_shared_grams:
            return
        # The names holding the most of the query's rare n-grams: at least `min_shared_grams` of them and
        # `min_gram_share` of those read (a true name keeps most of them whatever its errors). (A count is at
        # least a number when it is at least that number rounded up.)
        least_shared = max(1, math.ceil(max(config.min_shared_grams, share * n_used)))
        # Sorted, a name read `least_shared` times or more starts a run of that many equal ids: one
        # comparison of the array with itself shifted finds them all, without counting every name read.
        # (Methods of the array rather than numpy's functions: the same operations without their Python-level
        # wrappers.)
        # (`read` gives a writable array of its own: sorted in place.)
        hits = grams.read(present[:n_used])
        hits.sort()
        n_hits = len(hits)
        if n_hits < least_shared:
            return
        # (A boolean mask picks them in one indexing: no `nonzero` call.)
        head = hits[: n_hits - least_shared + 1]
        starts = head[head == hits[least_shared - 1 :]]
        if not len(starts):
            return
        # A name read more often than `least_shared` starts several such runs, side by side (`hits` is
        # sorted): once each, by a compiled pass over the few ids rather than four numpy calls. (Typed:
        # numpy's `tolist` is `Any` to mypy, and an `Any` loop variable makes every step a generic
        # operation in compiled code.)
        started: list[int] = starts.tolist()
        verify: list[int] = []
        last = -1
        for name_id in started:
            if name_id != last:
                verify.append(name_id)
                last = name_id
        lengths = self._lengths
        if len(verify) > most_verified:
            verify = _most_shared(started, verify, lengths, len(forms[1]), most_verified)
        core, written = forms
        n_core, n_written = len(core), len(written)
        least = config.min_compact_similarity
        similarity = _INDEL_SIMILARITY
        blob, offsets = self._blob, self._offsets
        for name_id in verify:
            # Lengths alone bound the similarity (2 * shorter / both): most names fall out unread.
            a = lengths[2 * name_id]
            b = lengths[2 * name_id + 1]
            fits_core = 2 * min(a, n_core) >= least * (a + n_core)
            fits_written = 2 * min(b, n_written) >= least * (b + n_written)
            if not fits_core and not fits_written:
                continue
            # Only the forms whose lengths fit are cut from the blob and decoded. The blob holds each form
            # and a separator: one offset read, the other two from the lengths. (Typed: an `array` item is
            # `Any`, and the arithmetic on it would be generic.)
            start: int = offsets[2 * name_id]
            middle = start + a + 1
            sim_core = sim_written = 0.0
            listed_core = ""
            if fits_core:
                listed_core = blob[start : middle - 1].decode()
                sim_core = similarity(core, listed_core, score_cutoff=least)
            if fits_written:
                stop = middle + b + 1
                listed_written = blob[middle : stop - 1].decode()
                if fits_core and written == core and listed_written == listed_core:
                    # The same two forms compared again (a query and a name both written as their core
                    # words, most of them): the same similarity (decision 0543).
                    sim_written = sim_core
                else:
                    sim_written = similarity(written, listed_written, score_cutoff=least)
            sim = max(sim_core, sim_written)
            if sim:
                found[name_id] = sim
