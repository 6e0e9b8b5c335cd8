"""The profile-guided build's training run (decision 0537) needs the lists and the negative names; without
them it screens nothing and says so, so a build that asks for it falls back instead of failing."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import pgo_train


def _lists(root: Path, *files: str) -> Path:
    lists = root / "lists"
    lists.mkdir()
    for name in files:
        (lists / name).write_text("x\n")
    return lists


def test_lists_and_negatives_present(tmp_path: Path) -> None:
    negatives = tmp_path / "companies_dev.csv"
    negatives.write_text("name\nAcme Widgets Ltd\n")
    assert pgo_train.lists_present(_lists(tmp_path, "README.md", "sdn.csv"), negatives)


@pytest.mark.parametrize(
    ("files", "with_negatives"),
    [((), True), (("README.md",), True), (("sdn.csv",), False)],
    ids=["empty folder", "only a README", "no negative names"],
)
def test_not_present(tmp_path: Path, files: tuple[str, ...], with_negatives: bool) -> None:
    negatives = tmp_path / "companies_dev.csv"
    if with_negatives:
        negatives.write_text("name\nAcme Widgets Ltd\n")
    assert not pgo_train.lists_present(_lists(tmp_path, *files), negatives)


def test_no_lists_no_training_and_no_failure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert pgo_train.train(100, tmp_path / "absent", tmp_path / "absent.csv") == 0
    assert "nothing to train on" in capsys.readouterr().err
