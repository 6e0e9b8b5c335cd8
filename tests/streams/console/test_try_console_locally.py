"""`make console`: one command gives a newcomer a console with holds to review and an account to sign in."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request

from tests.support.broker import TansuBroker
from tests.support.harness import topic_defaults


def test_make_console_serves_holds_to_the_printed_throwaway_account(broker: TansuBroker, unique: str) -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.support.console_demo",
            "--broker",
            broker.url,
            "--prefix",
            unique,
            "--port",
            "0",
            "--events",
            "60",
            "--for",
            "300",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert proc.stdout is not None
        lines: list[str] = []
        for line in proc.stdout:
            lines.append(line)
            if "Ctrl-C stops" in line:
                break
        text = "".join(lines)
        url = re.search(r"review console: open (http://127\.0\.0\.1:\d+/)", text)
        account = re.search(r"sign in as '(\w+)' with secret '([^']+)'", text)
        assert url and account, text
        assert "holdline holds decide --event-id" in text
        assert text.count(account.group(2)) == 1  # the secret is printed once

        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        login = opener.open(url.group(1) + "login", timeout=10).read().decode()
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', login)
        assert csrf
        form = urllib.parse.urlencode(
            {"csrf_token": csrf.group(1), "name": account.group(1), "secret": account.group(2)}
        ).encode()
        page = opener.open(url.group(1) + "login", data=form, timeout=10).read().decode()
        deadline = time.monotonic() + 120
        while 'href="/holds/' not in page and time.monotonic() < deadline:
            time.sleep(1)
            page = opener.open(url.group(1), timeout=10).read().decode()
        assert 'href="/holds/' in page, "no hold reached the console"
        assert "Sign in" not in page

        # The printed terminal command decides a hold as printed (signed with the throw-away operator key).
        printed = re.search(r"from a terminal: (.*) holdline holds decide", text)
        assert printed, text
        env = dict(item.split("=", 1) for item in printed.group(1).split())
        # This test's topics carry its prefix (`make console` uses the product's own names).
        env.update(
            {f"HOLDLINE_{name.upper()}": f"{unique}.{default}" for name, default in topic_defaults().items()}
        )
        event_id = re.search(r'href="/holds/([^"?#]+)"', page).group(1)  # type: ignore[union-attr]
        decided = subprocess.run(
            [
                sys.executable,
                "-m",
                "streams.cli.main",
                "holds",
                "decide",
                "--event-id",
                event_id,
                "--action",
                "confirm",
                "--reason",
                "tried from the terminal",
                "--timeout",
                "60",
            ],
            capture_output=True,
            text=True,
            env={**os.environ, **env},
            timeout=120,
            check=False,
        )
        assert decided.returncode == 0, decided.stdout + decided.stderr
        assert f"confirm of {event_id} by operator applied" in decided.stdout
    finally:
        proc.send_signal(signal.SIGINT)
        # The demo stops the console and the worker with 15 s of grace each, then kills them (10 s): its
        # own budget is ~40 s. The rest of its output says where a slow stop stood.
        try:
            rest, _ = proc.communicate(timeout=STOP_WITHIN)
        except subprocess.TimeoutExpired:
            proc.kill()
            rest, _ = proc.communicate()
            raise AssertionError(f"the demo did not stop within {STOP_WITHIN} s of Ctrl-C:\n{rest}") from None
    assert proc.returncode == 0, rest


# Seconds from Ctrl-C to the demo's exit: its own ~40 s budget and room for a loaded machine.
STOP_WITHIN = 60
