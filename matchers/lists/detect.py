"""Recognising a list file's format from its content (names lie: `consolidated.csv.gz`, `data.bin`...).

Every file is read once here; the adapters get the bytes (and the parsed JSON) the sniffer already has.
Anything that is not recognisably one of the supported formats is a `ListLoadError`, never a guess.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
import zlib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from matchers.lists import csl_csv, ftm_json, ofac_csv, un_xml
from matchers.lists.complete import gunzip_capped
from matchers.lists.errors import ListLoadError

GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"
OFAC_XML_ROOTS = (b"sanctionsData", b"sdnList")  # OFAC's enhanced and classic XML
_XML_ROOT = re.compile(rb"<([A-Za-z_][\w.:-]*)[\s/>]")


class Kind(StrEnum):
    BIS_JSON = "bis-json"
    CSL_CSV = "csl-csv"
    OFAC_PRIMARY = "ofac-legacy-csv"
    OFAC_COMPANION = "ofac-companion"
    UN_XML = "un-xml"
    FTM_JSON = "ftm-json"
    FTM_DELTA = "ftm-delta"
    METADATA = "metadata"
    OFAC_ENHANCED_ZIP = "ofac-enhanced-xml-zip"


@dataclass(frozen=True)
class Sniffed:
    path: Path
    kind: Kind
    raw: bytes  # the file as stored: what the content hash covers
    data: bytes  # decompressed content
    compressed: bool = False
    document: Any = None  # parsed JSON for JSON formats
    detail: str = ""


def read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ListLoadError(path, f"cannot read file: {exc.strerror or exc}") from exc


def sniff(path: Path) -> Sniffed:
    raw = read(path)
    if not raw.strip():
        raise ListLoadError(path, "file is empty")
    data, compressed = raw, False
    if raw.startswith(GZIP_MAGIC):
        data = gunzip_capped(path, raw)
        compressed = True
        if not data.strip():
            raise ListLoadError(path, "gzip file holds no data")
    if data.startswith(ZIP_MAGIC):
        return _sniff_zip(path, raw)
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"{", b"[")):
        return _sniff_json(path, raw, data, compressed)
    if head.startswith(b"<"):
        root = _xml_root(head)
        if root == un_xml.ROOT_TAG.encode():
            return Sniffed(path, Kind.UN_XML, raw, data, compressed)
        raise ListLoadError(path, f"unsupported XML list (root <{(root or b'?').decode(errors='replace')}>)")
    return _sniff_csv(path, raw, data, compressed)


def _xml_root(head: bytes) -> bytes | None:
    for m in _XML_ROOT.finditer(head):
        before = head[: m.start() + 2]
        if before.endswith((b"<?", b"<!")):
            continue
        return m.group(1)
    return None


def _sniff_zip(path: Path, raw: bytes) -> Sniffed:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = [i for i in archive.infolist() if not i.is_dir()]
            xml = [i for i in members if i.filename.lower().endswith(".xml")]
            head = archive.open(xml[0]).read(4096) if len(members) == 1 and xml else b""
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise ListLoadError(path, f"corrupt zip archive: {exc}") from exc
    if _xml_root(head.lstrip(b"\xef\xbb\xbf \t\r\n")) in OFAC_XML_ROOTS:
        return Sniffed(path, Kind.OFAC_ENHANCED_ZIP, raw, raw, detail=xml[0].filename)
    names = ", ".join(i.filename for i in members[:5]) or "nothing"
    raise ListLoadError(path, f"unsupported zip archive (holds {names})")


def _sniff_json(path: Path, raw: bytes, data: bytes, compressed: bool) -> Sniffed:
    line = ftm_json.first_line(data)
    if ftm_json.is_entity(line):
        return Sniffed(path, Kind.FTM_JSON, raw, data, compressed)
    if ftm_json.is_delta(line):
        return Sniffed(path, Kind.FTM_DELTA, raw, data, compressed)
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ListLoadError(path, f"invalid JSON (truncated or corrupt?): {exc}") from exc
    if isinstance(document, dict) and isinstance(document.get("entities"), list):
        return Sniffed(path, Kind.BIS_JSON, raw, data, compressed, document)
    if isinstance(document, dict) and ("lists" in document or _opensanctions_index(document)):
        return Sniffed(path, Kind.METADATA, raw, data, compressed, document)
    raise ListLoadError(path, "JSON without an 'entities' list: not a supported list")


def _opensanctions_index(document: dict[str, Any]) -> bool:
    """A dataset catalog (`index.json`: datasets) or a delta index (`delta.json`: versions -> URLs)."""
    return isinstance(document.get("datasets"), list) or isinstance(document.get("versions"), dict)


def _first_row(data: bytes) -> list[str]:
    sample = data[:65536].removeprefix(b"\xef\xbb\xbf").decode("cp1252", errors="replace")
    line = sample.splitlines()[0] if sample.splitlines() else ""
    try:
        return next(csv.reader([line]), [])
    except csv.Error:
        return []


def _sniff_csv(path: Path, raw: bytes, data: bytes, compressed: bool) -> Sniffed:
    row = _first_row(data)
    cells = [c.strip() for c in row]
    if set(cells) >= csl_csv.REQUIRED_COLUMNS:
        return Sniffed(path, Kind.CSL_CSV, raw, data, compressed)
    if cells and cells[0].isdigit():
        kind_cell = cells[2].lower() if len(cells) > 2 else ""
        if len(cells) == 12 and kind_cell in ofac_csv.PRIMARY_TYPES:
            return Sniffed(path, Kind.OFAC_PRIMARY, raw, data, compressed)
        if len(cells) == 5 and cells[1].isdigit() and kind_cell in ofac_csv.ALIAS_TYPES:
            return Sniffed(path, Kind.OFAC_COMPANION, raw, data, compressed, detail="aliases")
        if len(cells) == 6 and cells[1].isdigit():
            return Sniffed(path, Kind.OFAC_COMPANION, raw, data, compressed, detail="addresses")
        if len(cells) == 2:
            return Sniffed(path, Kind.OFAC_COMPANION, raw, data, compressed, detail="remarks continuation")
    raise ListLoadError(
        path, "unknown format: not a BIS/State JSON, CSL CSV, OFAC legacy CSV or UN consolidated XML list"
    )
