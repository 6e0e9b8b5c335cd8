"""`holdline console keygen`, and the commands that must refuse to act without a signing key."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from streams.cli.main import main
from streams.compliance.signing import Keyring, Role, Signer


def test_keygen_prints_a_private_key_for_its_holder_and_a_public_line_for_verifiers(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["console", "keygen", "--key-id", "olga", "--role", "reviewer", "--role", "publisher"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if not line.startswith("#")]
    private, public = lines
    signer = Signer.parse(private)
    keyring = Keyring.parse(public)
    assert keyring.keys["olga"].roles == {Role.REVIEWER, Role.PUBLISHER}
    record = signer.sign({"kind": "decision", "reviewer": "olga", "event_id": "e"})
    assert keyring.verify_actor(record, "olga").key_id == "olga"

    out = tmp_path / "console.key"
    assert (
        main(["console", "keygen", "--key-id", "console", "--role", "console", "--private-out", str(out)])
        == 0
    )
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert Signer.parse(out.read_text()).key_id == "console"
    assert main(["console", "keygen", "--key-id", "a:b", "--role", "console"]) == 2


def test_deciding_publishing_and_serving_need_a_signing_key(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("HOLDLINE_SIGNING_KEY", raising=False)
    monkeypatch.delenv("HOLDLINE_SIGNING_KEY_FILE", raising=False)
    lists = tmp_path / "l.json"
    lists.write_text("{}")
    broker = "kafka://127.0.0.1:1"  # never reached: refused before connecting
    decide = [
        "holds",
        "decide",
        "--broker",
        broker,
        "--event-id",
        "e",
        "--action",
        "release",
        "--reason",
        "fine",
    ]
    assert main(decide) == 2
    assert "no signing key" in capsys.readouterr().err
    assert main(["lists", "publish", "--broker", broker, "--list", str(lists)]) == 2
    assert "no signing key" in capsys.readouterr().err
    monkeypatch.setenv("HOLDLINE_REVIEWERS", "")
    assert main(["console", "serve", "--broker", broker]) == 2
    assert "no signing key" in capsys.readouterr().err
    # HOLDLINE_OPERATOR no longer names the reviewer: it must agree with the key's owner.
    monkeypatch.setenv("HOLDLINE_SIGNING_KEY", Signer.generate("olga").private_text())
    monkeypatch.delenv("HOLDLINE_TRUSTED_KEYS", raising=False)
    assert main(["console", "serve", "--broker", broker]) == 2  # a key, but nothing to verify others with
    assert "no trusted keys" in capsys.readouterr().err
    monkeypatch.setenv("HOLDLINE_OPERATOR", "chief.compliance.officer")
    assert main(decide) == 2
    assert "is not the owner of the signing key" in capsys.readouterr().err
