"""The API under test (real app, real lists, real lifespan) and yente's own response models to hold it to.

yente 5.x pins rigour 2.1 and Holdline needs rigour >= 2.6, so yente cannot be installed beside it. Its
wheel is fetched from PyPI with pip (once, into the virtualenv's share folder) and its pure-Python models
imported from the wheel; what they import (followthemoney, nomenklatura, structlog...) is installed by the
dev extra. Nothing of yente is copied into the repository.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi.testclient import TestClient

from streams.api.app import create_app
from streams.api.settings import ApiSettings
from streams.api.tokens import create as create_token

YENTE_VERSION = "5.5.0"
ROOT = Path(__file__).resolve().parents[3]
SHARED = ROOT / ".." / "shared"
FTM = SHARED / "formats" / "opensanctions_ftm_2024-05"
LISTS = SHARED / "lists"


def yente_wheel() -> Path:
    folder = Path(sys.prefix) / "share" / "holdline-test-yente"
    found = sorted(folder.glob(f"yente-{YENTE_VERSION}-*.whl"))
    if not found:
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--quiet",
                "--dest",
                str(folder),
                f"yente=={YENTE_VERSION}",
            ],
            check=True,
            timeout=300,
        )
        found = sorted(folder.glob(f"yente-{YENTE_VERSION}-*.whl"))
    assert found, f"yente {YENTE_VERSION} wheel not found in {folder}"
    return found[0]


@pytest.fixture(scope="session")
def yente() -> SimpleNamespace:
    """yente's pydantic response models (`yente.data.common`), the contract every response must meet."""
    wheel = str(yente_wheel())
    if wheel not in sys.path:
        sys.path.append(wheel)
    common = importlib.import_module("yente.data.common")  # from the wheel, not an installed package

    return SimpleNamespace(
        EntityMatchResponse=common.EntityMatchResponse,
        AlgorithmResponse=common.AlgorithmResponse,
        DataCatalogModel=common.DataCatalogModel,
        EntityResponse=common.EntityResponse,
        EntityMatchQuery=common.EntityMatchQuery,
        ErrorResponse=common.ErrorResponse,
    )


def ftm_lists() -> list[str]:
    return [str(FTM / "t1" / "entities.ftm.json"), str(FTM / "zala" / "entities.ftm.json")]


@pytest.fixture(scope="session")
def token_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("tokens") / "tokens"
    return path, create_token("tests", path)


def make_client(lists: list[str] | None, token_file: tuple[Path, str] | None, **api: Any) -> TestClient:
    settings = ApiSettings(tokens_file=token_file[0] if token_file else None, **api)
    app = create_app(lists, api=settings, no_auth=token_file is None, follow=False)
    client = TestClient(app)
    if token_file is not None:
        client.headers["Authorization"] = f"Bearer {token_file[1]}"
    return client


@pytest.fixture(scope="session")
def client(token_file: tuple[Path, str]) -> Iterator[TestClient]:
    """Every shared list plus both FtM samples, authenticated."""
    with make_client([str(LISTS), *ftm_lists()], token_file) as running:
        yield running


@pytest.fixture(scope="session")
def ftm_client(token_file: tuple[Path, str]) -> Iterator[TestClient]:
    with make_client(ftm_lists(), token_file) as running:
        yield running
