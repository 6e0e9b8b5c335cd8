"""Alias and name repairs, one defect at a time (the adapters' tests show them on the real files)."""

from __future__ import annotations

import pytest

from matchers.lists.cleaning import CleanNames, Tally, clean_names, repair_text, split_address_tail


def clean(name: str, *aliases: str) -> tuple[CleanNames | None, Tally]:
    tally = Tally()
    return clean_names(name, list(aliases), tally), tally


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("Luhansk People?s Republic", "Luhansk People's Republic"),
        ("Xi?an Wolan Science and Technology Co., Ltd.", "Xi'an Wolan Science and Technology Co., Ltd."),
        ("Centre d?Etudes et de Recherches Scientifiques", "Centre d'Etudes et de Recherches Scientifiques"),
        ("OOO ?STG?EKO?", 'OOO "STG-EKO"'),
        ("Federal SUE Shipyard ?Morye?", 'Federal SUE Shipyard "Morye"'),
        ("  Kazakh   Institute \n", "Kazakh Institute"),
    ],
)
def test_lost_characters_and_whitespace(raw: str, fixed: str) -> None:
    tally = Tally()
    assert repair_text(raw, tally) == fixed
    assert sum(tally.cleaned.values()) >= 1


def test_joined_aliases_are_split_and_counted() -> None:
    names, tally = clean("Leon Technology Co., Ltd.", "IRGC Air Force; IRGCAF", "HPSTAR; and")
    assert names is not None and names.aliases == ["IRGC Air Force", "IRGCAF", "HPSTAR"]
    assert tally.cleaned["alias_split"] == 1 and tally.cleaned["trailing_conjunction_removed"] == 1


def test_leading_and_and_markers_are_removed() -> None:
    names, tally = clean(
        "Li Fangwei", "and Dalian Industry and Trade Company Ltd.", "also known as: Karl Lee"
    )
    assert names is not None and names.aliases == ["Dalian Industry and Trade Company Ltd.", "Karl Lee"]
    assert tally.cleaned["leading_and_removed"] == 1 and tally.cleaned["alias_marker_removed"] == 1


def test_comma_and_splits_only_after_a_legal_form() -> None:
    names, _ = clean(
        "Beijing Sensetime",
        "Beijing Shangtang Technology Development Co., Ltd., and Sense Time",
        "Changchun Institute of Optics, Fine Mechanics, and Physics",
    )
    assert names is not None and names.aliases == [
        "Beijing Shangtang Technology Development Co., Ltd.",
        "Sense Time",
        "Changchun Institute of Optics, Fine Mechanics, and Physics",  # one name with a serial comma
    ]


def test_alias_clauses_inside_names() -> None:
    names, tally = clean("Gaz-Oil, OOO (f.k.a., Zakrytoe Aktsionernoe Obshchestvo Gaz Oil)")
    assert names == CleanNames("Gaz-Oil, OOO", ["Zakrytoe Aktsionernoe Obshchestvo Gaz Oil"])
    assert tally.cleaned["alias_from_name"] == 1
    names, tally = clean("Sabanican Company (a.k.a.")  # the clause never got its alias
    assert names == CleanNames("Sabanican Company", [])
    assert tally.skipped["alias_empty"] == 1
    names, _ = clean(
        "Yichang Institute",
        "Yichang Testing Technology Research Institute a.k.a. Yichang Institute of Testing",
    )
    assert names is not None and names.aliases == [
        "Yichang Testing Technology Research Institute",
        "Yichang Institute of Testing",
    ]


@pytest.mark.parametrize(
    ("alias", "reason"),
    [
        ("", "alias_empty"),
        ("--", "alias_no_letters"),
        ("40", "alias_no_letters"),
        ("X", "alias_too_short"),
        ("National Institute of Lasers (NILOP), a.k.a., the following one alias:", None),
        ("(all of preceding located in or near Mianyang)", "alias_note"),
        ("Co., Ltd.", "alias_legal_form_only"),
        ("ACME TRADING", "alias_duplicate"),
    ],
)
def test_fragments_are_skipped_with_their_reason(alias: str, reason: str | None) -> None:
    names, tally = clean("Acme Trading", alias)
    assert names is not None
    if reason is None:  # the usable half is kept, the fragment half counted
        assert names.aliases == ["National Institute of Lasers (NILOP)"]
        assert tally.skipped == {"alias_fragment": 1}
    else:
        assert names.aliases == [] and tally.skipped == {reason: 1}


def test_acronyms_made_of_capitals_are_not_legal_forms() -> None:
    names, tally = clean("United Shipbuilding Corporation", "OSK OAO", "ASBL")
    assert names is not None and names.aliases == ["OSK OAO", "ASBL"] and not tally.skipped


def test_stray_word_from_a_broken_join_is_dropped() -> None:
    names, tally = clean("Leon Technology Co., Ltd.", "Xinjiang Leon Telecom; and Technology")
    assert names is not None and names.aliases == ["Xinjiang Leon Telecom"]
    assert tally.skipped["alias_fragment"] == 1


def test_address_glued_to_an_alias() -> None:
    glued = "Alexander Kuznetsov, Ordzhonikidze 10, Moscow, Russia 119071; and 10 Ordjonikidze Street, Moscow"
    assert split_address_tail(glued)[0] == "Alexander Kuznetsov"
    assert split_address_tail(
        "Huawei Software Technologies Co. Ltd. 300 South Oak Way, Green Park, Reading, "
        "RG2 6UF; and 6 Mitre Passage, SE 10 0ER, United Kingdom"
    )[0] == ("Huawei Software Technologies Co. Ltd")
    # A name that merely contains a number and a comma is left alone.
    name = "China Shipbuilding Industry Corporation, 12th Research Institute of the Academy"
    assert split_address_tail(name) == (name, None)
    names, tally = clean(
        "Magtech",
        "M.A.G. Tech, 5762 Royalmount Ave, Montreal, QC, H4P 1K5, Canada; "
        "and 5440 Queen Mart St, Office 103, Montreal, Canada",
    )
    assert names is not None and names.aliases == ["M.A.G. Tech"]
    assert names.addresses == [
        "5762 Royalmount Ave, Montreal, QC, H4P 1K5, Canada",
        "5440 Queen Mart St, Office 103, Montreal, Canada",
    ]
    assert tally.cleaned["alias_address_removed"] == 1


def test_duplicates_are_case_and_punctuation_insensitive() -> None:
    names, tally = clean("ABC Co., Ltd.", "abc co ltd", "ABC Group", "abc  GROUP")
    assert names is not None and names.aliases == ["ABC Group"]
    assert tally.skipped["alias_duplicate"] == 2


def test_unbalanced_brackets_are_repaired() -> None:
    names, tally = clean(
        "Huawei Technologies R&D UK", "Huawei Technologies Research & Development (UK))", "JSC AOMZ)"
    )
    assert names is not None and names.aliases == [
        "Huawei Technologies Research & Development (UK)",
        "JSC AOMZ",
    ]
    assert tally.cleaned["unbalanced_bracket_repaired"] == 2


def test_names_without_any_letter_or_digit_are_not_entries() -> None:
    names, tally = clean("--", "Something")
    assert names is None
    assert tally.skipped == {"row_no_usable_name": 1, "alias_of_skipped_row": 1}
