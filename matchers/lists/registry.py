"""The agencies' official download locations: the one place they are written down.

Kept apart from downloading and storing so that reading the registry (for `holdline lists fetch --help`
or a mirror's layout) needs no network code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OfficialFile:
    url: str
    filename: str  # the name it is stored under; the loaders recognise formats by these names


@dataclass(frozen=True)
class OfficialSource:
    name: str
    title: str
    publisher: str
    documentation: str
    files: tuple[OfficialFile, ...]


# The agencies' documented download URLs: the one place they are written down (docs/compliance.md mirrors
# this table).
OFFICIAL_SOURCES: dict[str, OfficialSource] = {
    source.name: source
    for source in (
        OfficialSource(
            name="trade-csl",
            title="Consolidated Screening List (CSV)",
            publisher="U.S. Department of Commerce, International Trade Administration (trade.gov)",
            documentation="https://www.trade.gov/consolidated-screening-list",
            files=(
                OfficialFile(
                    "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv",
                    "consolidated.csv",
                ),
            ),
        ),
        OfficialSource(
            name="ofac-sdn",
            title="OFAC Specially Designated Nationals list (legacy CSV)",
            publisher="U.S. Department of the Treasury, OFAC",
            documentation="https://ofac.treasury.gov/specially-designated-nationals-list-data-formats-data-schemas",
            files=(
                OfficialFile(
                    "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.CSV",
                    "sdn.csv",
                ),
            ),
        ),
        OfficialSource(
            name="ofac-cons",
            title="OFAC Consolidated (non-SDN) Sanctions List (legacy CSV)",
            publisher="U.S. Department of the Treasury, OFAC",
            documentation="https://ofac.treasury.gov/consolidated-sanctions-list-non-sdn-lists",
            files=tuple(
                OfficialFile(
                    f"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/{name.upper()}",
                    name,
                )
                for name in ("cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv")
            ),
        ),
        OfficialSource(
            name="un-consolidated",
            title="UN Security Council Consolidated List (XML)",
            publisher="United Nations Security Council",
            documentation="https://main.un.org/securitycouncil/en/content/un-sc-consolidated-list",
            files=(
                OfficialFile(
                    "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
                    "UN_consolidated.xml",
                ),
            ),
        ),
    )
}


def official_url(source: OfficialSource, file: OfficialFile, base_url: str | None) -> str:
    """The agency's URL, or for tests and mirrors `<base_url>/<source>/<remote file name>`."""
    if not base_url:
        return file.url
    remote_name = file.url.rstrip("/").rsplit("/", 1)[-1]
    return f"{base_url.rstrip('/')}/{source.name}/{remote_name}"
