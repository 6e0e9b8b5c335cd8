"""`MatchConfig`: every tuning value of the engine in one frozen object, grouped by the step that uses it.

A value here is a judgement (how lenient a typo rule is, how much a country weighs), not a fact of the
data; gathering them lets two `Screener`s in one process differ (a stricter one for a second opinion, a
variant under test in a benchmark) and makes a compiled snapshot's cache key say which judgements it was
built with. Rules that are not tuning (spelling tables, legal-form vocabularies, bounds that protect the
process such as `normalise.MAX_NAME_WORDS`) stay beside the code they shape.

Each value keeps the one-line reason it was chosen; figures and history are in `docs/accuracy.md` and
`docs/decisions/`.

The module is compiled with the engine (`matchers/build_check.py`): the groups are then native classes,
whose values compiled code reads as fields of a struct instead of by attribute lookups through their
types (the engine reads some on every token and pair; decision 0185).
"""

from __future__ import annotations

import copyreg
import hashlib
import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any


def _rebuilt(config: Any) -> tuple[type, tuple[Any, ...]]:
    """How a configuration group is pickled: its class called with its values. (Compiled with mypyc, the
    classes are native: pickle's default reads an instance `__dict__` they lack, and a state set back
    field by field would meet the frozen dataclass's `__setattr__`. Registered for every group below.)"""
    return type(config), tuple(getattr(config, f.name) for f in fields(config))


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Where a score becomes a hit, a reported near miss, or a candidate worth scoring."""

    # A match at or above this score is a hit (held). Chosen on the development split (bench/accuracy.py).
    hit: float = 0.82
    # Matches down to this score are still reported, so a reviewer sees the near misses too.
    report_floor: float = 0.70
    # Candidates are sought down to this score whatever the reporting floor: the estimate that picks them
    # is calibrated on it (`RetrievalConfig.estimate_cutoff`).
    retrieval_floor: float = 0.65
    # `holdline compare` decides a pair on its own, without a list's frequencies and without a reviewer:
    # chosen on the labelled pair set (bench/pairs_f1.py), where F1 is flat from 0.58 to 0.65.
    compare: float = 0.62


@dataclass(frozen=True, slots=True)
class RetrievalConfig:
    """How the candidate index (`matchers/index.py`) trades recall for speed."""

    # Fraction of the query's weight a candidate can miss and still be worth scoring.
    missable_weight: float = 0.5
    # Names aligned in full per query: the estimate ranks the rest below every true match seen.
    max_candidates: int = 24
    # Query tokens whose vocabulary matches are remembered (parties repeat across events).
    vocab_cache_size: int = 200_000
    # Names found by the heaviest tokens past which lighter tokens stop bringing new ones (common given
    # names, generic words): a name sharing none of the heavier tokens is not the one sought.
    crowded: int = 300
    # The estimate (shared tokens only) undershoots what acronyms, joins and place discounts add; true
    # hits estimated below this fraction of the floor are a few in a thousand. Lowering it trades speed.
    estimate_cutoff: float = 0.8
    # Listed tokens this common are looked up exactly only (their misspellings add next to nothing).
    common_token_weight: float = 0.25
    # Tokens longer than this are looked up exactly only: no listed word is this long, and deletion keys
    # of a pasted blob would cost quadratic time and memory.
    max_edit_token_len: int = 40
    # Listed tokens sharing an abjad query token's consonants: at most this many (short keys are common).
    max_abjad_candidates: int = 50
    # Two abjad words written together are sought as one listed word from this many consonants on.
    min_abjad_join_key: int = 4
    # Listed short words rarer than this are still looked up by one edit (a typo can make another
    # listed word).
    short_lookup_weight: float = 0.6
    # A query word of 2-5 letters no list holds is also sought with its first letter mistyped (swapped with
    # the second, missed, struck for or beside its neighbour: `Enft` / `Neft`, `tate` / `State`), each such
    # listed word counting this similarity in the estimate only; the scorer judges the pair itself. 0 turns
    # the look-up off (decision 0219).
    first_letter_edit: float = 0.7
    # Two words written apart each at least this long are two words, not one word split.
    long_split_part: int = 7
    # Postings to read past which a query is scored over dense arrays (numpy) instead of dicts.
    dense_postings: int = 500
    # Whole-name keys (`matchers/fuzzy_keys.py`), for names too damaged for token postings.
    # Compact forms (core tokens run together) longer than this are neither indexed nor sought: a name
    # this long keeps intact words for the token postings, and per-character work stays bounded.
    max_compact_len: int = 80
    # Compact forms this short or shorter get one-edit deletion keys: too few 4-grams to count.
    max_short_compact: int = 10
    # Shorter compact forms are not sought at all (two letters name nothing).
    min_short_compact: int = 3
    # A 4-gram (or deletion key) more names share than this identifies none of them: not kept.
    max_gram_postings: int = 1000
    # Postings read per query, rarest 4-grams first: bounds the cost of any query.
    gram_postings_budget: int = 500
    # A name must hold at least this many of the query's 4-grams read to be verified.
    min_shared_grams: int = 2
    # ... and at least this share of the 4-grams read: a name with a few typos keeps most of its n-grams.
    min_gram_share: float = 0.25
    # Names verified per query (those holding the most of its rare 4-grams).
    max_gram_verify: int = 16
    # Edit similarity (Indel) of the two compact forms a whole-name candidate needs: most letters agree.
    min_compact_similarity: float = 0.8
    # Whole-name candidates by 4-grams added to the token path's per query.
    max_fuzzy_candidates: int = 8
    # ... and one edit from a short form: codes one edit apart are many (`EP-MHJ`, `EP-MHM`), all kept.
    max_short_candidates: int = 32
    # Piece keys (`matchers/fuzzy_keys.py`, decision 0256): a compact form cut into `piece_edits + 1` pieces,
    # each posted with the form's length and its place, so a form at most `piece_edits` edits from a listed
    # one shares at least one piece with it whatever the edits' spacing (a name with two or three typos one
    # every 3-5 letters keeps fewer than two 4-grams). Asked only when the 4-grams and the one-edit keys
    # verified nothing. 0 turns them off (off by default: what they cost, decisions 0256, 0262; two edits, the
    # core form and the gate below are the cheapest reading measured).
    piece_edits: int = 0
    # ... for compact forms of these lengths (shorter: a piece of two letters names hundreds of forms;
    # longer: the 4-grams keep enough of a longer form) ...
    min_piece_form: int = 8
    max_piece_form: int = 24
    # ... a name found kept when it is at most one edit (a swap of neighbours counting one) per this many of
    # the listed form's letters, and at most `piece_edits` ...
    piece_letters_per_edit: int = 4
    # ... a piece more forms share than this identifies none of them: not kept ...
    max_piece_postings: int = 200
    # ... postings read per query, rarest pieces first ...
    piece_postings_budget: int = 1000
    # ... and at most this many names added per query, closest first ...
    max_piece_candidates: int = 8
    # ... asked only for a query holding a word no listed word is near (True: a damaged word; an ordinary
    # name of listed words is not sought again), or whenever the rest verified nothing (False).
    piece_unread_only: bool = True
    # ... and only when the query also holds a word some listed word is near (True: a listed name with a
    # damaged word keeps others; a name none of whose words a list holds, most ordinary companies, is not
    # sought by pieces: decision 0263) ...
    piece_beside_known: bool = True
    # ... with the query's core form only (True), not also its words as written: an ordinary company's
    # written form adds its legal form, which doubles the keys read for a name the core form finds as well
    # (decision 0262) ...
    piece_core_only: bool = True
    # A second, looser 4-gram search asked only when the first and the one-edit keys verified nothing
    # (decision 0257): postings read (0 turns it off, the default), share of those read a name must hold,
    # names verified.
    loose_gram_budget: int = 0
    loose_gram_share: float = 0.1
    loose_gram_verify: int = 64
    # Whole-name keys are consulted unless the token path found a name estimated at least this.
    fuzzy_below: float = 0.9
    # ... and, after scoring, when no name the words found scored at the threshold: a name whose damaged words
    # still read as other listed words (`ASu port`, `GLO BAL UN UITY`, `Mni`) is estimated high on a neighbour
    # and missed; a second look costs only queries not yet a hit (decision 0237). False turns it off.
    second_look: bool = True
    # Letters a look-alike digit inside a word of letters may be, besides the one the normaliser reads
    # (`AY8AN` / `AYSAN`, `Avan9ard` / `Avangard`, `AR2IN` / `ARZIN`): a name not yet a hit is screened once
    # per reading and each entry keeps its best (`matchers/digit_readings.py`, decision 0245). Empty: off.
    digit_letters: str = "0od 1il 2z 5s 6gb 7t 8bs 9gq"
    # ... at most this many readings per name (two ambiguous digits).
    max_digit_readings: int = 4
    # ... and always for a registration alone (`EP-PUS`): its typo is often another listed code, so the
    # code found exactly says nothing of its listed neighbours (0132 holds them); False saves the look-up.
    registration_neighbours: bool = True
    # Runs of a listed name's initials (`matchers/acronyms.py`), consulted with the whole-name keys.
    # Shorter runs are not posted: two letters are the initials of half the lists.
    min_acronym_len: int = 3
    # Longer query words are words, not acronyms (`XPCC`, `IRGC`, `CNOOC` are at most five).
    max_acronym_len: int = 5
    # A run more names share than this identifies none of them (`sri`, `aaa`): not kept.
    max_acronym_postings: int = 300
    # Names added per query by their initials (each also holds another query word).
    max_acronym_candidates: int = 8
    # Two listed words run together with a typo (`matchers/joined_pairs.py`), consulted with the whole-name
    # keys: a query word no listed word is an edit from, this long at least (two words of four letters) ...
    joined_typo_word: int = 8
    # ... cut into pieces of this many letters at least, each an edit from a listed word (`CHIINA`; a piece of
    # three letters is an edit from dozens of listed words) ...
    joined_typo_piece: int = 4
    # ... the names holding the two words read from the rarer word's postings, when it has at most this many
    # (two common words side by side, `china national`, name no party of their own) ...
    joined_typo_reads: int = 2000
    # ... and at most this many names added per query.
    max_joined_candidates: int = 8


@dataclass(frozen=True, slots=True)
class SimilarityConfig:
    """How alike two single tokens are (`matchers/similarity.py`): strict on short tokens, where one edit
    makes another name, lenient on long ones, where a typo rarely does."""

    # Tokens shorter than this only match exactly, by respelling, by skeleton or by one short edit.
    min_edit_len: int = 6
    # Shortest tokens looked up by one edit (query side; listed tokens one letter longer).
    min_short_edit_len: int = 3
    # Same transliteration skeleton (`Dzhulio`/`Julio`): one name romanised two ways.
    skeleton: float = 0.9
    # Letters print and OCR confuse one for the other (`o`/`d`, `o`/`u`, `c`/`g`, `i`/`t`, `u`/`v`: `GAROENIA`
    # / `GARDENIA`, `JAMAIGA` / `JAMAICA`, `FDRTUNE` / `FORTUNE`), each pair written together: one such letter
    # put for the other costs a slip, not an edit, and a lone word carrying one is not discounted as another
    # name (decision 0246). Empty: off. (`c`/`e` is left out: `Eason` / `Cason` is two companies.)
    lookalike_letters: str = "od ou cg it uv"
    # ... in words of at least this many letters: in shorter ones a letter is a fifth of the word and the
    # next name over (`Peron` / `PERUN`).
    lookalike_min_len: int = 6
    # Same sound (metaphone) within two edits: likely, not certain.
    phonetic: float = 0.8
    # An initial for a given name (`J` / `John`): weak alone, enough beside a matching surname.
    initial: float = 0.7
    # Interchangeable spellings of a short word (`Aly`/`Ali`): less sure than on a long word.
    short_respell: float = 0.8
    # A nickname (`Bill`/`William`): the same given name.
    nickname: float = 0.85
    # Below this, two tokens are not aligned at all.
    min_token: float = 0.7
    # An edit costs more than its share of the letters: typos are likely, but so are near-miss names.
    edit_cost: float = 1.5
    # ...except a slip (two neighbouring letters swapped, a letter doubled or undoubled): common in typing,
    # rare between two different names.
    slip_cost: float = 1.0
    # One edit in a word of 3-4 letters (`Yomg`/`Yong`): weak evidence alone, enough beside matching words.
    short_edit: float = 0.7
    # Same consonants, one side from an abjad (`محمد` / `Mohamed`): its usual spelling, not a typo.
    abjad: float = 0.85
    # Consonant keys one edit apart (4 consonants or more): a typo of an abjad spelling.
    abjad_edit: float = 0.75
    # A word with digits (`Cheapshop4you`) may carry a typo in its letters from this many letters on.
    min_code_letters: int = 6
    # Two slips of typing or misreads of print in one word (`Rbaov` / `Bravo`, `Rnsnuel` / `Manuel`) cost
    # at most this much together, each priced at `slip_cost`, where the whole-name keys or the leftover
    # step align the word: 1 - cost / letters; 0 turns the rule off.
    stacked_slips: float = 2.0
    # ... in words of this many letters at least (two slips in three letters leave one letter standing).
    stacked_slip_min_len: int = 4
    # ... and a letter of the listed word missed beside one slip or misread (`Kubyas` / `Kubaysi`), priced
    # as a slip and another edit: the one edit of typing that is no slip (`slip_and_missed_key`).
    stacked_missed_key: bool = True
    # ... and a slip typed over the letters an earlier slip left (`Lfeo` / `Elfo`: a letter swapped past
    # two; `Rguin` / `Rubin`: two letters swapped, then one of them struck for its neighbour), priced as
    # the two slips: `slip_over_slip`; so is a key struck with its neighbour beside a misread of print
    # whichever side the misread is folded on (`Camnacla` / `Canada`).
    stacked_overlap: bool = True
    # A legal form is a closed vocabulary, not a name: a word ending or leading a name that holds a 3-4
    # letter form's letters with up to this many keys struck beside them (`LGRTD` / `LTD`, `OWAO` / `OAO`)
    # is that form; a name of its own is not made that way.
    legal_form_keys: int = 2
    # A legal form of several words (`limited liability company`) is repaired with one edit per this many
    # of its letters (`LITMD LIABILITY COMPANY`: three in 23); a closed vocabulary, read more leniently
    # than names (one edit per 8 letters before: stacked typos in one form were left as words).
    legal_phrase_letters: int = 7
    # ... or, typed word for word, one edit per word of at least this many letters, whichever allows more:
    # a short phrase of long words takes a typo in each (`IKS UOINT STOCK CMPAN`: three in 17 letters;
    # decision 0218). 0: off. The same length lets a phrase's second word typed onto the name's end take a
    # slip (`HELICOPTERSJOINT STOCOK`).
    legal_phrase_word_letters: int = 5
    # A word that is a legal form's own word of at least this many letters with one letter missed (`tock`
    # for `stock`, `ope` for `open`) is read as the form's, not as an English word standing in it: the
    # shorter words of a form (`of`, `co`) lose a letter into another word too easily (decisions 0216,
    # 0218).
    legal_letter_dropped_from: int = 4


@dataclass(frozen=True, slots=True)
class WeightsConfig:
    """How much identity a token carries (`matchers/weights.py`)."""

    # Legal forms and other minor tokens count for almost nothing.
    minor: float = 0.02
    # Matched identity (summed token weight, places aside) that lets a leading place be discounted.
    anchor: float = 0.4
    # ... carried by at least two tokens, or by one this rare.
    rare_token: float = 0.6
    # What is left of an unmatched place token's weight once an anchor matched.
    place_discount: float = 0.15
    # Words at or below this Zipf frequency (per billion words, log10) are rare in ordinary language.
    rare_zipf: float = 3.0
    # Weight lost per Zipf step above `rare_zipf`: `technology` (Zipf ~5) ends near 0.46.
    zipf_slope: float = 0.27
    # The lightest an ordinary word gets: even `the` in a name says something.
    common_word_floor: float = 0.2
    # A segment must name a place in this many listed parties' addresses to count as a place.
    min_place_entries: int = 2
    # Words this common in English (Zipf >= ~4.9: `hope`, `king`) are not taken for gazetteer places.
    everyday_word: float = 0.5
    # From addresses, not even words as common as Zipf ~4.5 (`global`, `republic`).
    address_word: float = 0.6
    # Without a list (`holdline compare`): a generic organisation word weighs this.
    generic_org_word: float = 0.2
    # Without a list: a number weighs this (a registration number is neither noise nor a name).
    number: float = 0.5
    # Words at most this rare in the lists' names (`technology` 0.10, `digital` 0.41, `holding` 0.37) are
    # descriptors many parties use; `hope` (0.71) or `origin` (1.0) say which party it is.
    descriptor_list_weight: float = 0.5


@dataclass(frozen=True, slots=True)
class ScoringConfig:
    """How aligned tokens become a name score (`matchers/scoring.py`)."""

    # Words written together or apart (`Sense Time`/`SenseTime`) align from this similarity on.
    join_similarity_floor: float = 0.85
    # An unmatched token counts at least this much, however common: a true variant rarely adds or loses a
    # real word (`Nova Ltd` is not `Nova Technologies Co., Ltd.`). Minor tokens and places are exempt.
    unmatched_floor: float = 0.5
    # A match resting on nothing but one approximate token (`Sysco`/`Sisco`) is kept below certainty.
    single_fuzzy_factor: float = 0.9
    # ...unless that token is long: a typo rarely turns one long word into another.
    single_fuzzy_min_len: int = 8
    # ... or a slip of typing or print (`Craas` / `Cras`), unless the query's word is one ordinary text writes
    # at least this often (Zipf; `castro` 3.7, `scott` 4.7): a surname written on purpose (`Castro` / the
    # vessel `CASTOR`), not a string a slip made. 0 exempts every slip (decision 0227).
    slip_written_zipf: float = 3.0
    # A coined word is unknown to ordinary English and rare in the lists: a brand listed by a handful of
    # entries (`Megvii` on five lists) still names one party.
    coined_list_weight: float = 0.65
    # A bare coined name one slip or misread letter from a listed one (`Megvi`, `Dahau`) names that brand:
    # the pair counts this much, and as the coined name itself.
    coined_slip: float = 0.9
    # ... from this similarity on (one edit in 5 letters or more) ...
    coined_slip_floor: float = 0.75
    # ... and this many letters: a slip of a 4-letter word makes another name too often.
    coined_slip_min_len: int = 5
    # Below this weight in ordinary English (Zipf >= ~4.5: `star`, `global`) a word is everyday language.
    generic_word_weight: float = 0.6
    # One everyday word is all two names share while either says more: probably two companies.
    generic_single_factor: float = 0.85
    # A person's name with a part unmatched on both sides (different given names) is another person.
    conflicting_name_factor: float = 0.85
    # Weight left to a person's name part missing on the other side (a middle name, a patronymic).
    missing_name_part: float = 0.5
    # Places the listed name is named after (`ZALA` Aero), matched exactly beside another word, anchor a
    # place the query adds in front (`Izhevsk`) as the name's other words do.
    named_places_anchor: bool = True
    # How many leading tokens may be a place name added or dropped (`Sheung Wan Superchip Limited`).
    leading_place_tokens: int = 2
    # An acronym for the words it spells (`PSB` / `Public Security Bureau`).
    acronym_similarity: float = 0.9
    # ... typed with two letters swapped (`PBS` for `PSB`): a slip, a little less sure.
    acronym_slip_similarity: float = 0.85
    # ... beside a word both names hold that weighs at least this (`Kumul`; not `Industries`, which leaves
    # `PPG` a slip of `Persian Gulf Petrochemical`).
    acronym_slip_support: float = 0.5
    # A typo left over on both sides (`Tld`/`Ltd`, `Bni`/`Bin`): one edit of a short word, weak alone.
    leftover_similarity: float = 0.7
    # One edit in a short word (3-5 letters) beside words both names share exactly counts this much ...
    short_supported: float = 0.85
    # ... when those words weigh at least this (rare enough to name the party without the short word) ...
    short_support: float = 0.5
    # ... or this, when the edit is a slip of typing (`IKM, Song`, `JIN TIA`) or the query's word is rare in
    # English (`Ghds Aviation Industries`): a lone given name or one descriptor is enough then, down to the
    # lightest that still names a trade or a family (`Gwz Oil` 0.29, `NSB Export Co.`, `JEHR BANK` 0.20,
    # `ARF, Abu` 0.15) and above `technology` (0.10), the word any company adds (decision 0214).
    short_slip_support: float = 0.12
    # ... or this, when the edit is a key missed (`TA Telecom Corporation` / `VTA ...`, `HA FU` / `HUA FU`,
    # `David ee`, `DP, S.C.`): the commonest typo, beside words that name a family, a place or a trade more
    # narrowly than a descriptor any company adds; not a word the query writes as initials (`S&P Global` /
    # `BSP GLOBAL`, `U.S. GOLD` / `USM GOLD`: abbreviations chosen, decision 0178's negatives). At or above
    # `short_support` the rule is off (decision 0239).
    short_missed_key_support: float = 0.25
    # ... or this, for an organisation whose query gives a country the listed entry has: the country is
    # the second piece of evidence the missing weight stands for (`PLEON TECHNOLOGY` / `LEON TECHNOLOGY`
    # in China, `OLAS TRADING S.A.` in Lebanon); one exact word of any weight beside it is then enough.
    # 1.0 (more than any support can reach below `short_slip_support`) turns the rule off.
    short_country_support: float = 0.05
    # A short word normalisation read as a legal form (`ONG` as the NGO form, `NA`), inside the name,
    # that is one typed edit from the one listed word left unaligned (`JI ONG 8` / `JI SONG 8`, `HONG ONG
    # ELECTRONICS` / `HONG KONG ELECTRONICS`) is offered to the short-word rule above as that word's typo;
    # it counts only if that rule takes it, and only inside the name (a form at its start or end is a form).
    # False turns it off (decision 0176).
    form_read_short: bool = True
    # A word no list and no English text holds, one typed edit from the listed word it is aligned with, every
    # other word of both names aligned: counts `odd_typo` when the query gives a country the listed entry
    # has, though more than one listed word is a slip from it (`SGIG` / `SBIG` in Iran, `IMEA` / `INEA` in
    # Venezuela): the country picks the neighbour the vocabulary cannot. False turns it off (decision 0177).
    country_picks_neighbour: bool = True
    # Every word of both names aligned, two or more of them distinctive: this share of the gap to a full
    # score is closed (independent typos in several words are data entry, not another party; one dev
    # negative in 1,944 is touched by the rule at all, already above the threshold; 0.35 gains two-error
    # names on seventeen dev draws that 0.25 left at 0.78-0.82, decision 0159).
    corroborated_share: float = 0.35
    # ... distinctive: a listed word at least this heavy (`army`, `hamza`; not `technology`, `group`) ...
    corroborating_weight: float = 0.3
    # ... aligned at least this well (one typo in a short word, two in a long one) ...
    corroborating_similarity: float = 0.5
    # ... and this long: codes of 2-3 letters (`HK`, `VFC`) collide across thousands of parties.
    corroborating_letters: int = 4
    # ... and this share instead when at least two of those distinctive words carry a typo each (`acifc
    # Networsk Corp.`, `Shahicl Hdmt Industrial Group`): two parties' names differ in one word and agree in
    # the rest (`Alan Khan` / `Aman Khan`); typos spread over several words, each still aligned with its
    # own listed word, are data entry; in Latin letters only. 0 (or at most the share above) leaves
    # `corroborated_share` (decision 0231).
    corroborated_spread_share: float = 0.65
    # One distinctive word and typos spread over two or more words of some weight, every word of both names
    # aligned, in Latin letters (`Islamicc State in Yemcn`, `BQNK OF JMO SCOW`, `NHOAMED LAHBOU`): this
    # share of the gap to a full score is closed (independent slips in several words, each word still
    # found, are data entry; two parties' names differ in one word). The words that make it spread weigh
    # at least `spread_typo_weight` (not `technology`, `company`: generic words written with another
    # ending are a style, not a slip) and hold four letters; 0 turns it off (decision 0247).
    spread_beside_one_share: float = 0.5
    spread_typo_weight: float = 0.15
    # ... each of those words aligned at least this well: two letters added to a short name (`Hasanah` /
    # `Hasan`, 0.57) is another form of the name, not a slip.
    spread_typo_similarity: float = 0.6
    # A short word's typo counts only when a distinctive word of the names aligned at least this well.
    leftover_agree: float = 0.9
    # Two registration-shaped codes (`EP-KHJ` / `EP-MHJ`), same prefix, one edit apart: a typo, or another
    # aircraft of the same operator's block; 0 turns the rule off.
    registration_typo: float = 0.85
    # A word one edit from a listed word and holding letters no listed or English word holds (`goklsan`:
    # `kls`), or a slip into a coined word (`CNOC` / `CNOOC`), is a typo of it, not another name: the
    # pair counts this much; 0 turns the rule off.
    odd_typo: float = 0.85
    # ... from this many letters on (three-letter codes are any letters: `CNX`, `DXP`).
    odd_typo_min_len: int = 4
    # ... and shorter words only against a listed acronym (one vowel at most): `GPGI` is not `GUGI`.
    odd_typo_word_len: int = 5
    # ... or a letter added beside a key it neighbours (`Sdedoy` / `Sedoy`, two keys struck at once) into a
    # coined word: the commonest insertion of typing; a letter added elsewhere is as often another spelling.
    fat_finger_typo: bool = True
    # ... into a listed acronym from this many letters on (`MTU` / `JMTU`; below `odd_typo_min_len`).
    fat_finger_min_len: int = 3
    # A short word no list and no English text holds, whose only listed neighbour one edit away is the
    # listed word, by a slip of typing (`DEDK` / `DEDO`): its typo (`odd_typo`), from this many letters ...
    lone_typo_min_len: int = 3
    # ... to this many (a bare coined word of 7-8 letters one edit from a listed one, `SUNDAL` / `SUNDIAL`,
    # is otherwise discounted as the names' one approximate word) ...
    lone_typo_max_len: int = 8
    # ... or, with no listed word a slip away, a word of this many letters with one dropped (`MBAD` /
    # `MBADA`: three letters are a letter from too many codes; 0 turns it off) ...
    lone_dropped_len: int = 4
    # ... up to this many (`NORNCO` / `NORINCO`, `Shenom` / `Shencom`: a letter dropped from a coined word
    # is the commonest typo of a long word, and the word it leaves is one nobody writes).
    lone_dropped_max_len: int = 8
    # A name's first word one slip of typing from `the` (`HTE ASIAN TIGERS`), when no listed name holds it,
    # is the article normalisation drops: a legal-form-like word, not a word of the name.
    mistyped_article: bool = True
    # A particle that ends a name of two words or more, nothing after it (`Simon Du`, `Minh Le`), is a name
    # word, weighed as one: particles stand before a surname, and `Du`, `Le`, `Da` are surnames themselves.
    # False leaves it minor, as before (decision 0264).
    particle_ends_name: bool = True
    # Runs of words whose letters agree with the spaces elsewhere (`Gulba khorBurkhanovna`): a space typed
    # early or late is data entry, as sure as a slip; 0 turns the rule off.
    moved_space: float = 0.95
    # ... where a word on each side is unaligned or aligned below this (the token steps could not read it) ...
    moved_space_broken: float = 0.7
    # ... runs of at most this many words on each side (a space moved twice in three words is rare) ...
    moved_space_words: int = 3
    # ... runs of this many words on both sides together at least (one against two: a split or a join) ...
    moved_space_min_words: int = 3
    # ... and one typo besides, or two from this many letters on (as `similarity.max_edits` allows).
    moved_space_two_edits: int = 12
    # A query's last words left unaligned, one edit from a short legal form (`TLD`, `Snd Bhd`, `11C`), are
    # that form mistyped when the listed name has a legal form: unless at least this common in English
    # (Zipf 3, `rare_zipf`: `pet`, `inn`, `lt` are words people write); 0 turns the rule off.
    mistyped_form_zipf: float = 3.0
    # A query word left over at the name's start (or end), one typed edit from any spelling of the legal
    # form the listed name has left over at its start (or end) (`PA TRANSNEFT` / `JSC TRANSNEFT`: `pao`; `OO
    # GUDZON` / `LLC GUDZON`: `ooo`), is that form mistyped, paired with it as `leftover_similarity` pairs
    # the form as written. False turns it off (decision 0179).
    form_class_typos: bool = True
    # The query's last word left over beside the listed name's last word, a short legal form, and that form
    # as written with two slips of typing or misreads of print, or one and a key missed (`Tl` / `Ltd`, `Kt`
    # / `Ltd`, `ZQP` / `ZAO`, `Lttcl` / `Ltd`), when the rest of the names agree: the form
    # (`damaged_forms.form_typed_twice`). The listed name's own form is the evidence 0159 lacked.
    form_typed_twice: bool = True
    # A query word left over beside a listed legal form of three letters or fewer (`mil` for `PMC`, `ZAO`,
    # `LLC`, `and`) is read as that form typed twice over only when its edits are counted as written (no
    # skeleton: `putz` / `pmc` read `puk` / `pmk`) and it stands where the form stands among the aligned
    # words (`Gazprom Telekom, POLO` / `..., OOO`); otherwise an ordinary word becomes the form and its
    # weight is erased (`Wagner-May` / `PMC Wagner` 0.992, `Putz Wagner GmbH` 0.980; decision 0225). A
    # name romanised from another script keeps the skeleton's reading (`القاعده في العراق`: `fi` for `in`).
    # False reads them as before.
    short_form_typo_as_written: bool = True
    # ... and with one edit too, a query word inside the query (not its first or last) is read as a listed
    # legal form of three letters or fewer only where the form stands among the aligned words (`Inmobiliaria
    # Pla S.L.N.E` / `PLM INMOBILIARIA C.A.`: `pla` after the agreeing word, the listed `PLM`, read `plc`,
    # before it). False reads one edit anywhere, as before (decision 0233).
    short_form_slip_in_place: bool = True
    # A query word of one letter (or a letter and a digit printed for one, `C0`) left over where the listed
    # name has a two-letter legal form or abbreviation left over (`C., Ltd.` / `Co., Ltd.`, `o., Ltd.`,
    # `A0 GNPP` / `AO GNPP`), holding its letters with one missed or misprinted and standing where it
    # stands among the aligned words, weighs what the form weighs: a letter of `Co` lost weighed like a
    # word the listed name lacks (0.76-0.80). False leaves it a word (decision 0244).
    form_letter_in_place: bool = True
    # A query word the lists hold, and no legal form, aligned by its letters (the whole-name path) with listed
    # legal forms only, below `similarity.min_token` (`construction` / `Corporation` 0.375), is left a word
    # of the query, not paired as the form mistyped: paired, it weighed what the form weighs (`Global
    # Construction Limited` / `Global Corporation Limited` 0.967). False pairs it as before (decision 0228).
    form_keeps_listed_words: bool = True
    # A word split or joined with two slips of typing besides, or a slip and a key missed (`Aca ejmy` /
    # `Academy`), rejoined at the price `similarity.stacked_slips` gives one word carrying them.
    rejoined_stacked: bool = True
    # A word split in two beside a typo, neither piece aligned (`ORGA NIIZATION`, `Ohldi ng`): the two
    # neighbouring query words left over, written together, read as the listed word left over
    # (`split_pieces.rejoined_leftovers`, decision 0210).
    split_pieces_rejoined: bool = True
    # Tokens this short are codes or acronyms (`SES`, `IAC`): thousands of parties share one.
    code_max_len: int = 3
    # All two names share is one code or one acronym, and either says more: probably two parties.
    code_single_factor: float = 0.8
    # ... but two different legal forms beside one shared word do not tell companies apart when every form
    # the query leaves over was read from a word one typo from a form, not written as one (`PNO Etalon` /
    # `NPO Etalon`: `pno` read `pao`; `OKO Sertal` / `Sertal LLC.`): which form was typed is a guess among
    # those one edit away. False applies the factor as before (decision 0267).
    typed_form_no_conflict: bool = True


@dataclass(frozen=True, slots=True)
class EvidenceConfig:
    """Country and kind as evidence (`matchers/evidence.py`)."""

    # A matching country raises confidence a little: many parties share a country.
    country_bonus: float = 0.03
    # A conflicting country lowers it more: but lists record one country while a party trades from many.
    country_penalty: float = 0.08
    # A matching kind (person / organisation) raises confidence a little.
    kind_bonus: float = 0.02
    # A conflicting kind lowers it: a person is rarely written as a company.
    kind_penalty: float = 0.10
    # Name scores at or above this are not lowered by conflicting evidence.
    strong_name: float = 0.97
    # Below this the penalty applies in full.
    weak_name: float = 0.80
    # A query of no stated kind written with a legal form is a company against a listed person (the
    # conflict only, never the bonus; decision 0223). A setting so benches can compare with and without.
    legal_form_kind: bool = True
    # The same against a listed vessel or aircraft, which no legal form names (decision 0224).
    legal_form_vessel: bool = True
    # The same against a listed name of no stated kind that reads as a person's (`Belov, Alexander`,
    # `Nikolai Bragin`: `person_shapes.PersonWords`, decision 0229): two to `person_shape_max_words` plain
    # words, no legal form, one of them a given name and none an organisation's word. A given name: a word
    # at least `person_word_entries` typed persons bear, `person_word_ratio` times as many as typed
    # organisations do; an organisation's word: one at least `organisation_word_entries` typed
    # organisations bear, more than half as many as typed persons. Learned from the lists' typed entries.
    legal_form_person_shape: bool = True
    person_shape_max_words: int = 4
    person_word_entries: int = 3
    person_word_ratio: float = 4.0
    organisation_word_entries: int = 2
    # A query written with a legal form against a listed person (stated, or read as one above) that is no
    # company named for the whole person meets this penalty in full, not faded by the name score: a word
    # of the person's name left unmatched (`Phillips LLC` / `RICHARD PHILLIPS`, decision 0251), or the
    # query written in Chinese characters, its trade name read by sound (`天益科技有限公司` / `Tian Yi`,
    # decision 0252).
    form_person_partial: bool = True
    # ... the first with at most this many words besides its forms: a company named for a surname (`Phillips
    # LLC`, `ЗАО «Белов»`); in a longer name a word read as a form is more often a slip in the person's own
    # name (`BENAVIDES RONDON, Williams Jse`: `Jse` read as `JSC`, `Jose` left).
    form_person_partial_words: int = 1
    form_person_han: bool = True
    # ... or the listed person's name is one word and a particle the query leaves (`Blanco S.A.` / `EL
    # BLANCO`): the particle is part of the person's name, and a company of that word alone is named for
    # part of it (decision 0265).
    form_person_particle: bool = True
    # A query written with a legal form and one word besides it against a listed vessel or aircraft whose
    # name is that one word (`Viana - EI` / `VIANA`) meets the same penalty in full: no craft is named with
    # a form, and a craft's one-word name is a common word companies are named with (decision 0266). The
    # listed name must be one token: a code (`YK-AKC`) or a name of two words mistyped makes a form of its
    # own (0224's guard).
    form_craft_one_word: bool = True
    form_person_partial_penalty: float = 0.20


@dataclass(frozen=True, slots=True)
class TranscriptionConfig:
    """A Latin name against a name written in another script (`matchers/transcription.py`): consonant
    skeletons by sound class, aligned by a weighted edit distance. Tuned on `bench/translit_dev.py`."""

    # A vowel left unmatched: transcriptions add vowels (Korean `-eu`, Japanese `-u`) and abjads drop them.
    vowel_cost: float = 0.15
    # `h`, `w`, `y`, an `r` after a vowel, `t` before `s`, `k` after `n`: heard or not, by script.
    weak_cost: float = 0.35
    # Two vowels of different quality (`a` / `i`): transcriptions keep vowel quality, loosely.
    vowel_mismatch: float = 0.3
    # Sounds of one place and another manner (`b`/`v`, `k`/`kh`, `s`/`sh`), or the nearest a script has
    # (`m`/`n`, `r`/`l`): transcriptions make these substitutions, but so do two different names.
    near_cost: float = 0.6
    # Sounds told apart by voice only (`b`/`p`, `d`/`t`, `g`/`k`): scripts mark voice unevenly.
    voice_cost: float = 0.4
    # Skeletons with fewer consonants (weak ones count half) are too short to tell names apart by sound.
    min_consonants: float = 2.0
    # Below this similarity (one minus cost per consonant) two tokens are not aligned at all.
    floor: float = 0.7
    # What a perfect transcription match counts: a sound-alike across scripts, never an exact spelling.
    top: float = 0.8
    # A word written in Hangul, kana or Chinese characters may stand for up to this many Latin tokens
    # (`김정은` for `Kim Jong Un`).
    max_latin_run: int = 3
    # Words already aligned this well by spelling, romanisation or consonants are not compared by sound:
    # a transcription would rarely do better, and each comparison is an alignment.
    aligned: float = 0.8


@dataclass(frozen=True, slots=True)
class MatchConfig:
    """The engine's tuning, frozen: pass one to `Screener(..., config=...)`; `MatchConfig()` is the default.

    Change a value with `dataclasses.replace`, for example
    `replace(cfg, scoring=replace(cfg.scoring, unmatched_floor=0.4))`.
    """

    thresholds: Thresholds = field(default_factory=Thresholds)
    retrieval: RetrievalConfig = field(default_factory=RetrievalConfig)
    similarity: SimilarityConfig = field(default_factory=SimilarityConfig)
    weights: WeightsConfig = field(default_factory=WeightsConfig)
    scoring: ScoringConfig = field(default_factory=ScoringConfig)
    evidence: EvidenceConfig = field(default_factory=EvidenceConfig)
    transcription: TranscriptionConfig = field(default_factory=TranscriptionConfig)

    def to_dict(self) -> dict[str, dict[str, float | int]]:
        return asdict(self)

    def digest(self) -> str:
        """A stable hash of every value: part of a compiled snapshot's cache key."""
        text = json.dumps(self.to_dict(), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


for _group in (
    Thresholds,
    RetrievalConfig,
    SimilarityConfig,
    WeightsConfig,
    ScoringConfig,
    EvidenceConfig,
    TranscriptionConfig,
    MatchConfig,
):
    copyreg.pickle(_group, _rebuilt)

DEFAULT_CONFIG = MatchConfig()
