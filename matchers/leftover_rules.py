"""Alignment rules for words the first alignment left over on both sides: one typo apart (`Tld` / `Ltd`,
`Bni` / `Bin`), a split word whose pieces are both left over (`ORGA NIIZATION`), a piece rejoined with its
aligned neighbour (`CO MPNAY`, `NUCLEADCORP`).

Each rule takes one `alignment.Alignment` (the two sides, the chosen pairs, the aligned positions
`matched_q`, `matched_l`: position to similarity, and the configuration), sets the pairs and positions it
re-reads for the rules after it, and returns only what is its own; `scoring._score_alignment` runs them in
order. Moved out of `scoring.py` with their bodies unchanged (decision 0209); one state object rather than
six arguments each (decision 0542).
"""

from __future__ import annotations

from matchers.alignment import Alignment
from matchers.config import MatchConfig
from matchers.damaged_forms import form_typed_twice, mistyped_form, typed_for_form
from matchers.pair import Pair
from matchers.sides import Side
from matchers.similarity import (
    max_edits,
    may_be_one_edit,
    osa_distance,
    skeleton,
    stacked_slips,
    token_similarity,
)
from matchers.split_pieces import rejoined_leftovers
from matchers.transcription import LATIN
from matchers.vocabulary import DIGITS_AS_LETTERS, FUNCTION_WORDS


def leftover_pairs(state: Alignment) -> list[Pair]:
    """Tokens left unaligned on both sides, one typo apart: `Tld`/`Ltd`, `LLLC`, `qand`/`and` beside a
    listed legal form or function word, and short words (`Bni`/`Bin`, `Wto`/`Two`) when the rest of the
    names agree. The index proposes neither (a legal form is no listed word; short words are looked up
    only by edits keeping their first letter), and an unexplained typo of `Ltd` must not weigh like a
    word the listed name lacks."""
    q, lst, pairs, config = state.q, state.lst, state.pairs, state.config
    used_q, used_l = state.matched_q, state.matched_l
    n_l = len(lst.tokens)
    q_raw, q_minor = q.raw, q.minor
    scoring = config.scoring
    left_q = [
        i
        for i in range(len(q.tokens))
        if i not in used_q and not q_minor[i] and (q_raw[i].isalpha() or _letter_printed(q_raw[i]))
    ]
    if not left_q:
        return []
    l_minor, l_raw = lst.minor, lst.raw
    by_class = scoring.form_class_typos
    agree: bool | None = None
    extra: list[Pair] = []
    sim_form = scoring.leftover_similarity
    as_written = scoring.short_form_typo_as_written
    in_place = scoring.short_form_slip_in_place
    form_letter = scoring.form_letter_in_place
    # (A name romanised from another script keeps the skeleton's reading: `في` is `fi` for `in`.)
    latin = q.script == LATIN
    for j in range(n_l):
        if j in used_l:
            continue
        minor = l_minor[j]
        if not minor:
            if agree is None:
                # The rest agrees: a distinctive word aligned (nearly) exactly.
                agree = any(
                    p.similarity >= scoring.leftover_agree
                    for p in pairs
                    if not all(l_minor[k] for k in p.listed)
                )
            if not agree:
                continue
        b = l_raw[j]
        if not b.isalpha():
            continue
        for i in left_q:
            a = q_raw[i]
            if (
                minor
                and form_letter
                and latin
                and _letter_of_form(a, b)
                and _in_order(pairs, i, j)
                and _word_agrees(pairs, lst, scoring.leftover_agree)
            ):
                # (A letter of a two-letter form or abbreviation, where it stands: `C., Ltd.`, decision 0244.)
                extra.append(Pair((i,), (j,), sim_form))
                left_q.remove(i)
                break
            if not a.isalpha():
                continue
            if minor and by_class and _form_typed_where_it_stands(q, lst, i, j, config):
                extra.append(Pair((i,), (j,), scoring.leftover_similarity))
                left_q.remove(i)
                break
            shorter = min(len(a), len(b))
            # (A long word carries as many edits as the token step allows it, `Manufzacturring`: common
            # listed words are looked up exactly only, so their typos are met here.)
            allowed = 2 if minor and shorter >= 3 else max(1, max_edits(shorter))
            # (A listed form of three letters or fewer: its edits counted as written, and the word standing
            # where the form stands among the aligned words, decision 0225.)
            short_form = minor and as_written and len(b) <= 3 and latin
            if abs(len(a) - len(b)) > max(1 + minor, allowed):
                continue
            if shorter < (2 if minor else 3) and not (len(a) == 2 and len(b) == 3):
                # (Two letters for a listed three, one dropped: `TE` for `TEA`, beside agreeing words.)
                continue
            # (Within one edit only, two words whose first letters rule it out are two edits apart as the
            # distance bounded at one reports them: the call is spared, decision 0196.)
            if allowed == 1 and not may_be_one_edit(a, b):
                edits = written = 2
            else:
                edits = written = osa_distance(a, b, score_cutoff=allowed)
            if edits > 1 and not short_form:
                edits = min(edits, osa_distance(skeleton(a), skeleton(b), score_cutoff=allowed))
            if edits > allowed:
                if minor:
                    if _form_typed_twice(q, lst, i, j, pairs, config):
                        extra.append(Pair((i,), (j,), sim_form))
                        left_q.remove(i)
                        break
                    continue
                # (Two slips in one word, `Tardee` / `Trade`: priced as slips, `stacked_slips`.)
                stacked = stacked_slips(a, b, config.similarity, q.unknown[i])
                if stacked <= 0.0:
                    continue
                extra.append(Pair((i,), (j,), stacked))
                left_q.remove(i)
                break
            if (
                short_form
                and (
                    edits > 1
                    or (in_place and 0 < i < len(q.tokens) - 1 and lst.tokens[j] not in FUNCTION_WORDS)
                )
                and not _in_order(pairs, i, j)
            ):
                # (One edit too, for a legal form, when the word stands inside the query: a word across
                # the agreeing words is the query's own, `Inmobiliaria Pla S.L.N.E` / `PLM INMOBILIARIA
                # C.A.`; at an end it is a form the alias writes at the other end, `Rdiofizika IAO` / `OAO
                # Radiofizika` (decision 0233). A function word repeats in a name, `thd` / `the`.)
                continue
            sim = scoring.leftover_similarity
            if not minor and shorter >= 6:
                guess = 1.0 - config.similarity.edit_cost * edits / max(len(a), len(b))
                # (Two edits or more as the token step would judge the two words, when it reaches them.)
                sim = max(
                    sim, guess if written <= 1 else token_similarity(a, b, False, config.similarity) or guess
                )
            extra.append(Pair((i,), (j,), sim))
            left_q.remove(i)
            break
        if not left_q:
            break
    if extra:
        state.pairs = pairs + tuple(extra)
        for p in extra:
            used_q[p.query[0]] = used_l[p.listed[0]] = p.similarity
    return extra


def _letter_printed(word: str) -> bool:
    """A letter and a digit printed for one (`c0`, `a0`): two characters that read as two letters."""
    return len(word) == 2 and not word.isalpha() and word.translate(DIGITS_AS_LETTERS).isalpha()


def _letter_of_form(written: str, form: str) -> bool:
    """`written` is the two-letter listed word `form` (`co`, `ao`, `sa`) with one letter missed (`c`, `o`)
    or a digit printed for a letter (`c0`); function words (`of`, `de`) are not forms and repeat in names."""
    if len(form) != 2 or form in FUNCTION_WORDS:
        return False
    if len(written) == 1:
        return written in form
    return written != form and written.translate(DIGITS_AS_LETTERS) == form


# A word of this many letters at least, aligned, says the names agree beyond a code's letters.
_WORD_LETTERS = 4


def _word_agrees(pairs: tuple[Pair, ...], lst: Side, agree: float) -> bool:
    """A listed word of four letters or more, no legal form, aligned (nearly) exactly: a name's word, not a
    registration code's letters (`EP-MHA`, where `ep` is also a form, is not `P-MHA`)."""
    minor, raw = lst.minor, lst.raw
    for p in pairs:
        if p.similarity >= agree:
            for k in p.listed:
                if not minor[k] and len(raw[k]) >= _WORD_LETTERS:
                    return True
    return False


def _in_order(pairs: tuple[Pair, ...], i: int, j: int) -> bool:
    """Query word `i` and listed word `j` stand on the same side of every aligned pair: a short form typed
    twice over (`POLO` for `OOO` at the end, `bad` for `and` between the same words) stands where the form
    stands; a word at the other end of the name (`Wagner-May` / `PMC Wagner`: `may` for `mil`) is a word
    the query adds."""
    return all((p.query[0] < i) == (p.listed[0] < j) for p in pairs)


def split_pieces_rejoined(state: Alignment) -> None:
    """Two neighbouring query words left over that are one listed word left over, split beside a typo
    (`ORGA NIIZATION`): paired with it as one word (`split_pieces.rejoined_leftovers`, decision 0210),
    when a distinctive word of the two names already agrees, as `leftover_pairs` asks."""
    q, lst, pairs, config = state.q, state.lst, state.pairs, state.config
    matched_q, matched_l = state.matched_q, state.matched_l
    q_minor, l_minor, unknown = q.minor, lst.minor, q.unknown
    left_q: list[int] = []
    # (Two neighbours left over, one of them a word no listed name holds: looked for first, as cheaply as
    # it can be, since most candidates leave words over and few hold such a pair.)
    adjacent = False
    previous = -2
    for i in range(len(q.tokens)):
        if i in matched_q or q_minor[i]:
            continue
        if previous == i - 1 and (unknown[i] or unknown[previous]):
            adjacent = True
        left_q.append(i)
        previous = i
    if not adjacent:
        return
    # (A listed legal word too, `holding`, `limited`: split, its pieces still count as two words.)
    left_l = [j for j in range(len(lst.tokens)) if j not in matched_l]
    agree = config.scoring.leftover_agree
    agreed = False
    for p in pairs:
        if p.similarity >= agree:
            for k in p.listed:
                if not l_minor[k]:
                    agreed = True
    if not agreed:
        return
    found = rejoined_leftovers(q.raw, q.unknown, left_q, lst.raw, left_l, config)
    if not found:
        return
    extra = []
    for i, j, sim in found:
        extra.append(Pair((i, i + 1), (j,), sim))
        matched_q[i] = matched_q[i + 1] = matched_l[j] = sim
    state.pairs = pairs + tuple(extra)


def _form_typed_where_it_stands(q: Side, lst: Side, i: int, j: int, config: MatchConfig) -> bool:
    """Query word `i`, the name's first or last, is one typed edit from a spelling of the legal form that
    listed token `j` stands for, at the same end of the listed name (`PA TRANSNEFT` / `JSC TRANSNEFT`: `pao`;
    `OO RPP` / `LLC RPP`: `ooo`; `EXIMBANK OF RUSSIA SAO` / `... JSC`: `zao`). Aliases write a party's form
    several ways and the index offers the query's best-scoring alias, not the one it typed (`PAO
    TRANSNEFT`): the form the listed name has, where it has it, is what the word was typed for. A last word
    `_mistyped_forms` reads (`Sdn Hbd`) is left to it, which reads the words before it too (decision 0179)."""
    if i == 0:
        where = j == 0
    else:
        where = (
            i == len(q.tokens) - 1
            and j == len(lst.tokens) - 1
            and not mistyped_form(q.tokens[i], config.scoring.mistyped_form_zipf)
        )
    return where and typed_for_form(q.raw[i], lst.tokens[j])


def _form_typed_twice(
    q: Side, lst: Side, i: int, j: int, pairs: tuple[Pair, ...], config: MatchConfig
) -> bool:
    """The query's last word `i` and the listed name's last word `j`, a short legal form, both left over:
    `i` is that form with two edits of typing or print (`Raybeam Optronics Co. Tl` / `... Co. Ltd`), and
    two words of the names aligned (nearly) exactly besides (`damaged_forms.form_typed_twice`)."""
    scoring = config.scoring
    if not scoring.form_typed_twice or i != len(q.tokens) - 1 or j != len(lst.tokens) - 1:
        return False
    # (Two of the names' words agree besides: one everyday word and a damaged form are no evidence,
    # `Global Tl` / `Global Ltd`.)
    l_minor = lst.minor
    agree = 0
    for p in pairs:
        if p.similarity >= scoring.leftover_agree and not all(l_minor[k] for k in p.listed):
            agree += 1
    if agree < 2:
        return False
    similar = config.similarity
    return form_typed_twice(
        q.raw[i], lst.raw[j], similar.slip_cost, similar.edit_cost, scoring.mistyped_form_zipf
    )


def rejoined_pieces(state: Alignment) -> None:
    """A word split with a typo besides (`CO MPNAY`, `Alex nder`, `Inst itutde`) or joined with one
    (`NUCLEADCORP`): the alignment pairs the piece that holds the word's start (`co` read `company`,
    `alex` one edit from `aleksandr`) and leaves the rest over, a word no listed name holds, weighing as a
    word the other name lacks. When that piece written beside its aligned neighbour is the neighbour's
    counterpart within the typo budget of a word that long, and nearer it than the neighbour alone, the
    two are one word: the pair is replaced by one spanning both, at the similarity of the rejoined
    letters."""
    q, lst, pairs, config = state.q, state.lst, state.pairs, state.config
    matched_q, matched_l = state.matched_q, state.matched_l
    unknown = q.unknown
    if True not in unknown:
        return
    q_minor, q_raw = q.minor, q.raw
    left_q: list[int] = []
    # (A query word no listed name holds, aligned below 1 beside a listed word left over: a join.)
    joined_left = False
    for k in range(len(unknown)):
        if unknown[k]:
            sim_k = matched_q.get(k)
            if sim_k is None:
                if not q_minor[k]:
                    left_q.append(k)
            elif sim_k < 1.0:
                joined_left = True
    joined_left = joined_left and len(matched_l) < len(lst.tokens)
    if not left_q and not joined_left:
        return
    # (Pairs of one word each, by query word: the only ones a piece can join.)
    single: dict[int, int] = {}
    for at, p in enumerate(pairs):
        if len(p.query) == 1 and len(p.listed) == 1 and not p.rule:
            single[p.query[0]] = at
    fuzzy = (
        [i for i, at in single.items() if unknown[i] and pairs[at].similarity < 1.0] if joined_left else []
    )
    if not (left_q and single) and not fuzzy:
        return
    similar = config.similarity
    floor = similar.min_token
    out = list(pairs)
    changed = False
    for k in left_q:
        piece = q_raw[k]
        if not piece.isalpha():
            continue
        for i in (k - 1, k + 1):
            at = single.get(i, -1)
            if at < 0 or out[at] is not pairs[at]:
                continue
            p = pairs[at]
            j = p.listed[0]
            joined = q_raw[i] + piece if i < k else piece + q_raw[i]
            b = lst.raw[j]
            if joined[0] != b[0] or abs(len(joined) - len(b)) > 2:
                continue
            sim = token_similarity(joined, b, False, similar)
            if sim < floor:
                sim = _stacked_rejoin(joined, b, config)
            if sim > 0.0 and _closer(joined, q_raw[i], b):
                out[at] = Pair((min(i, k), max(i, k)), (j,), sim)
                matched_q[i] = matched_q[k] = matched_l[j] = sim
                changed = True
                break
    if fuzzy:
        l_raw, l_minor = lst.raw, lst.minor
        for i in fuzzy:
            at = single[i]
            p = out[at]
            if p is not pairs[at]:
                continue
            j = p.listed[0]
            a = q_raw[i]
            for m in (j - 1, j + 1):
                if m < 0 or m >= len(l_raw) or m in matched_l or l_minor[m] or not l_raw[m].isalpha():
                    continue
                joined = l_raw[j] + l_raw[m] if j < m else l_raw[m] + l_raw[j]
                if joined[0] != a[0] or abs(len(joined) - len(a)) > 2:
                    continue
                sim = token_similarity(a, joined, False, similar)
                if sim < floor:
                    sim = _stacked_rejoin(a, joined, config)
                if sim > 0.0 and sim > p.similarity and _closer(joined, l_raw[j], a):
                    out[at] = Pair((i,), (min(j, m), max(j, m)), sim)
                    matched_q[i] = matched_l[j] = matched_l[m] = sim
                    changed = True
                    break
    if changed:
        state.pairs = tuple(out)


def _stacked_rejoin(written: str, listed: str, config: MatchConfig) -> float:
    """Rejoined letters carrying two slips, or a slip and a key missed, besides the split or join (`Aca
    ejmy` / `Academy`: the `d` missed, `j` struck with its neighbour; `LEBN TECHNOLOGYCOMPANY`): priced as
    `stacked_slips` prices one word carrying them, where the token step's one edit below eight letters
    read the pieces as no word. 0.0 when `rejoined_stacked` is off."""
    if not config.scoring.rejoined_stacked:
        return 0.0
    return stacked_slips(written, listed, config.similarity)


def _closer(joined: str, piece: str, other: str) -> bool:
    """The piece's neighbour brings its letters closer to `other` (`compnay` is nearer `company` than `co`
    is): a piece of the same word, not a word of its own beside it."""
    return osa_distance(joined, other) < osa_distance(piece, other)
