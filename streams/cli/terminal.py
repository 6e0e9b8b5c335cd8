"""Terminal-safe text: event data printed by the CLI must never drive the operator's terminal.

A PO number or party name containing ESC sequences (colours, cursor moves, OSC 8 links, window-title
writes) or other control characters would otherwise reach the terminal as commands. Every CLI print of
event data goes through `safe`, which shows control characters as visible escapes instead.
"""

from __future__ import annotations

import re
from typing import Any

# C0 controls except newline, DEL, C1 controls, and the Unicode bidirectional overrides/isolates
# (they reorder what the operator reads: "Trojan Source").
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe(value: Any, keep_newlines: bool = True) -> str:
    """`value` as text with control characters shown as `\\xNN` / `\\uNNNN` escapes."""
    text = "" if value is None else str(value)
    text = _CONTROL.sub(_escape, text)
    return text if keep_newlines else text.replace("\n", "\\n")


def out(value: Any) -> None:
    """Print a line of (possibly multi-line) text made safe; flushed, since operators follow it live."""
    print(safe(value), flush=True)
