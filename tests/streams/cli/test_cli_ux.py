"""What a new user meets on the command line: versions, progress, fitted tables, one broker error."""

from __future__ import annotations

import io
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import pytest

from matchers.models import Match
from streams.cli.main import main
from streams.cli.progress import Progress
from streams.cli.screen_table import print_table
from streams.cli.tables import clip, gather, render
from streams.compliance.signing import Signer
from streams.evidence_text import evidence_line
from tests.support.broker import free_port
from tests.support.demo import NEXT_STEPS


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def holdline(
    *argv: str, env: dict[str, str] | None = None, timeout: float = 90
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "streams.cli.main", *argv],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        check=False,
    )


def test_version_names_package_engine_and_python(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    out = capsys.readouterr().out.strip()
    assert out.startswith("holdline 0.") and "engine " in out and platform.python_version() in out
    engine = out.split("engine ")[1].split(",")[0]
    assert len(engine) == 12 and int(engine, 16) >= 0


def test_progress_ticks_on_a_terminal_after_the_delay_and_says_how_long() -> None:
    stream = Terminal()
    with Progress("loading lists", stream=stream, delay=0.05, interval=0.02):
        time.sleep(0.3)
    text = stream.getvalue()
    assert "loading lists |" in text or "loading lists /" in text
    assert text.rstrip().endswith("s") and "loading lists: done in 0." in text


@pytest.mark.parametrize("quiet, stream", [(True, Terminal()), (False, io.StringIO())])
def test_progress_is_silent_when_quiet_or_not_a_terminal(quiet: bool, stream: io.StringIO) -> None:
    with Progress("loading lists", quiet=quiet, stream=stream, delay=0.0, interval=0.01):
        time.sleep(0.1)
    assert stream.getvalue() == ""


def test_a_quick_step_shows_no_progress() -> None:
    stream = Terminal()
    with Progress("loading lists", stream=stream, delay=1.0):
        pass
    assert stream.getvalue() == ""


@pytest.mark.parametrize(
    "text, width",
    [
        ("screening failed: the purchase order has no supplier name", 30),
        ("invalid JSON: Expecting property name enclosed in double quotes", 20),
        ("a", 5),
        ("short words then unbreakablewordthatislong", 30),
    ],
)
def test_clip_never_cuts_a_word(text: str, width: int) -> None:
    cut = clip(text, width)
    assert len(cut) <= width
    if cut != text:
        assert cut.endswith("…")
        words = {w.rstrip(",;:") for w in text.split()}
        assert all(w.rstrip(",;:") in words for w in cut[:-1].split())


def test_clip_cuts_a_single_word_longer_than_the_width_rather_than_show_nothing() -> None:
    assert clip("unbreakablewordthatislong", 10) == "unbreakab…"


def _match(list_: str, entry: str, name: str, score: float, citation: str | None) -> Match:
    explanation = {
        "aligned": [
            {"query": "huawei", "listed": "huawei", "similarity": 1.0, "weight": 1.0},
            {"query": "technologies", "listed": "technology", "similarity": 0.9, "weight": 0.3},
        ],
        "unmatched_query": [],
        "unmatched_listed": [],
        "country": {"query": "CN", "effect": "agree"},
    }
    return Match(
        list=list_,
        entry_id=entry,
        name=name,
        matched=name,
        score=score,
        explanation=explanation,
        citation=citation,
    )


MATCHES = [
    _match("bis-entity-list", "el:1", "Huawei Technologies Co., Ltd.", 1.0, "84 FR 22963"),
    _match("csl-entity-list", "csl:9", "HUAWEI TECHNOLOGIES CO., LTD.", 0.99, "84 FR 22961"),
    _match("ofac-non-sdn", "ns:3", "Huawei Technologies Co. Ltd", 0.98, None),
    _match("fcc-covered", "fcc:2", "Huawei Technologies Company", 0.97, None),
]


def test_one_row_per_listed_party_with_its_lists_gathered() -> None:
    rows = gather(MATCHES, evidence_line)
    assert [r.name for r in rows] == ["Huawei Technologies Co., Ltd.", "Huawei Technologies Company"]
    assert rows[0].lists == ["bis-entity-list", "csl-entity-list", "ofac-non-sdn"]
    assert rows[0].citations == ["84 FR 22963", "84 FR 22961"] and rows[0].score == 1.0
    assert rows[0].why == evidence_line(MATCHES[0].explanation)


@pytest.mark.parametrize("width", [60, 100, 250])
def test_the_table_fits_the_terminal_and_uses_a_wide_one(width: int) -> None:
    out = io.StringIO()
    print_table("Huawei Technologies", MATCHES, 0.82, out, width=width)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1 + 1 + 2  # verdict, header, one row per party
    assert all(len(line) <= width for line in lines[1:])
    if width == 250:  # nothing cut when there is room
        assert "bis-entity-list, csl-entity-list, ofac-non-sdn" in out.getvalue()
        assert "…" not in out.getvalue()


def test_render_keeps_each_column_at_least_its_minimum() -> None:
    lines = render(("a", "bbbbbb"), [("x" * 50, "y y y y y y y y y y")], 30, (10, 6))
    assert all(len(line) <= 30 for line in lines)


def on_a_terminal(*argv: str, columns: int) -> tuple[int, str, str]:
    """`holdline ARGV` with stdout and stderr on a pseudo-terminal of `columns` (as a user runs it)."""
    import pty

    out_master, out_slave = pty.openpty()
    err_master, err_slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streams.cli.main", *argv],
        stdout=out_slave,
        stderr=err_slave,
        env={**os.environ, "COLUMNS": str(columns)},
    )
    os.close(out_slave)
    os.close(err_slave)
    chunks: dict[int, bytes] = {out_master: b"", err_master: b""}
    for fd in chunks:
        while True:
            try:
                data = os.read(fd, 65536)
            except OSError:  # EIO: the child closed its end
                break
            if not data:
                break
            chunks[fd] += data
        os.close(fd)
    code = proc.wait(timeout=60)
    return code, chunks[out_master].decode().replace("\r\n", "\n"), chunks[err_master].decode()


def test_screen_fits_the_terminal_it_prints_to() -> None:
    name = "Hangzhou Hikvision Digital Technology"
    code_w, wide, _ = on_a_terminal("screen", name, columns=220)
    code_n, narrow, _ = on_a_terminal("screen", name, columns=80)
    assert code_w == code_n == 0
    assert max(map(len, narrow.splitlines())) <= 80 < max(map(len, wide.splitlines())) <= 220


def test_screen_into_a_pipe_keeps_whole_cells_and_prints_no_progress() -> None:
    proc = holdline("screen", "Kumul Municipality Public Security Bureau", env={"COLUMNS": "60"})
    assert proc.returncode == 0 and proc.stderr == ""
    assert "Hami Municipality Public Security Bureau" in proc.stdout and "…" not in proc.stdout


def test_screen_shows_progress_on_a_terminal_and_not_with_quiet() -> None:
    lists = str(Path(__file__).resolve().parents[3].parent / "shared" / "lists")
    _, _, err = on_a_terminal("screen", "Huawei Technologies", "--list", lists, columns=120)
    _, _, quiet = on_a_terminal("screen", "Huawei Technologies", "--list", lists, "--quiet", columns=120)
    assert f"loading lists from {lists}" in err and "done in" in err
    assert quiet == ""


UNREACHABLE_COMMANDS = [
    ("worker",),
    ("produce", "--sample", "3"),
    ("topics", "create"),
    ("holds", "tail"),
    ("holds", "decide", "--event-id", "e1", "--action", "release", "--reason", "a namesake"),
]


@pytest.mark.parametrize("command", UNREACHABLE_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_an_unreachable_broker_is_one_line_and_exit_2(command: tuple[str, ...]) -> None:
    address = f"kafka://127.0.0.1:{free_port()}"
    started = time.monotonic()
    key = Signer.generate("alice").private_text()  # `holds decide` signs before it connects
    proc = holdline(
        *command, "--broker", address, env={"HOLDLINE_OPERATOR": "alice", "HOLDLINE_SIGNING_KEY": key}
    )
    assert proc.returncode == 2, proc.stderr
    label = " ".join(w for w in command[:2] if not w.startswith("-"))
    assert proc.stderr.startswith(f"holdline {label}: cannot reach the Kafka broker at {address} ")
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert "HOLDLINE_BROKER" in proc.stderr
    assert time.monotonic() - started < 30


def test_debug_shows_the_traceback() -> None:
    proc = holdline("--debug", "produce", "--sample", "1", "--broker", f"kafka://127.0.0.1:{free_port()}")
    assert proc.returncode != 0 and "Traceback" in proc.stderr and "BrokerUnreachable" in proc.stderr


def test_the_demo_ends_pointing_to_the_console_and_holds_decide() -> None:
    text = "\n".join(NEXT_STEPS)
    assert "make console" in text and "holdline holds decide" in text and "http://127.0.0.1:6067/" in text
