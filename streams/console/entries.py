"""The listed entry beside a hold: what a reviewer compares with the counterparty to tell a namesake.

Hold records carry only the matched name, list, entry id and citation; aliases, addresses, countries,
programs and the listing date live in the list files. The console loads the same lists the workers
screen against (`HOLDLINE_LISTS`, or the built-in list) once, in a background thread so the first page
is not kept waiting, and looks entries up by id. The panel names the list publication (its snapshot
date and content hash) the facts come from and the list version the hold was screened against.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from matchers.models import Entry, LoadedList, SourceInfo
from streams.console.evidence_html import esc

log = logging.getLogger(__name__)

# `84 FR 54002`: volume, the Federal Register, page. FederalRegister.gov resolves a citation to its
# document at /citation/VOLUME-FR-PAGE (documents from 1994 on; older ones answer with a search page).
FR_CITATION = re.compile(r"\b(\d{1,3})\s+FR\s+(\d{1,6})\b")
FR_URL = "https://www.federalregister.gov/citation/{volume}-FR-{page}"


def federal_register_links(citation: str | None) -> list[tuple[str, str]]:
    """(text, url) for every `NN FR NNNNN` the citation gives, in order, each once."""
    seen: dict[str, str] = {}
    for m in FR_CITATION.finditer(citation or ""):
        text = f"{m.group(1)} FR {m.group(2)}"
        seen.setdefault(text, FR_URL.format(volume=quote(m.group(1)), page=quote(m.group(2))))
    return list(seen.items())


class EntryDirectory:
    """Entries by id from the configured lists, loaded once in the background."""

    def __init__(
        self,
        paths: Sequence[str | Path],
        loader: Callable[[list[str | Path]], list[LoadedList]] | None = None,
    ) -> None:
        self.paths = list(paths)
        self._loader = loader
        self._entries: dict[str, tuple[Entry, SourceInfo]] = {}
        self._ready = threading.Event()
        self._error: str | None = None
        self._started = False
        self._lock = threading.Lock()

    def start(self) -> EntryDirectory:
        with self._lock:
            if not self._started:
                self._started = True
                threading.Thread(target=self._load, name="holdline-entries", daemon=True).start()
        return self

    def _load(self) -> None:
        try:
            if self._loader is None:
                from matchers.lists import load_paths

                lists = load_paths(self.paths)
            else:
                lists = self._loader(self.paths)
            self._entries = {e.id: (e, lst.source) for lst in lists for e in lst.entries}
        # List-load boundary: the panel says why; the console keeps serving decisions.
        except Exception as exc:
            log.warning("cannot load list entries for the entry panel: %s", exc)
            self._error = f"{type(exc).__name__}: {exc}"
        finally:
            self._ready.set()

    def wait(self, timeout: float | None = None) -> bool:
        self.start()
        return self._ready.wait(timeout)

    def status(self) -> str | None:
        """None when ready; else what the panel says instead of the entry."""
        self.start()
        if not self._ready.is_set():
            return "the list entries are still loading; reload in a few seconds"
        return f"the list entries could not be loaded ({self._error})" if self._error else None

    def get(self, entry_id: str) -> tuple[Entry, SourceInfo] | None:
        self.start()
        return self._entries.get(entry_id) if self._ready.is_set() else None


def _items(values: Sequence[str], empty: str = "none listed") -> str:
    if not values:
        return f"<span class=muted>{esc(empty)}</span>"
    return "<ul>" + "".join(f"<li>{esc(v)}</li>" for v in values) + "</ul>"


def citation_html(citation: str | None) -> str:
    if not citation:
        return "<span class=muted>none given</span>"
    links = federal_register_links(citation)
    out = esc(citation)
    if links:
        out += " · " + ", ".join(
            f'<a href="{esc(url)}" rel="noreferrer noopener" target="_blank">{esc(text)} on '
            "FederalRegister.gov</a>"
            for text, url in links
        )
    return out


def entry_panel(
    match: dict[str, Any], directory: EntryDirectory | None, hold_list_version: str | None
) -> str:
    """The listed entry's facts, with where they come from."""
    entry_id = str(match.get("entry_id") or "")
    found = directory.get(entry_id) if directory is not None else None
    rows: list[tuple[str, str]] = [("Entry", f"{esc(match.get('list'))} <code>{esc(entry_id)}</code>")]
    if found is None:
        status = directory.status() if directory is not None else "no list entries are loaded"
        why = status or "this entry is not in the loaded lists"
        rows += [
            ("Name", esc(match.get("name"))),
            ("Countries", esc(", ".join(match.get("countries") or ())) or "<span class=muted>-</span>"),
            ("Citation", citation_html(match.get("citation"))),
            ("More", f"<span class=muted>{esc(why)}</span>"),
        ]
    else:
        entry, source = found
        rows += [
            ("Name", esc(entry.name)),
            ("Aliases", _items(entry.aliases)),
            ("Addresses", _items(entry.addresses)),
            ("Countries", esc(", ".join(entry.countries)) or "<span class=muted>none listed</span>"),
            ("Programs", esc(", ".join(entry.programs)) or "<span class=muted>none listed</span>"),
            (
                "Listed on",
                esc(entry.listed_on.isoformat()) if entry.listed_on else "<span class=muted>not given</span>",
            ),
            ("Citation", citation_html(entry.citation or match.get("citation"))),
            (
                "From",
                f"{esc(source.list)} publication of {esc(source.snapshot or 'unknown date')} "
                f"(content {esc(source.content_hash)}, {esc(Path(source.path).name)})",
            ),
        ]
    rows.append(("Screened against", f"list version {esc(hold_list_version or 'unknown')}"))
    body = "".join(f'<tr><th scope="row">{label}</th><td>{value}</td></tr>' for label, value in rows)
    return (
        f'<section class="entry" aria-label="Listed entry {esc(entry_id)}"><h4>Listed entry</h4>'
        f"<table><tbody>{body}</tbody></table></section>"
    )
