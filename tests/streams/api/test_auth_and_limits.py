"""Bearer tokens, the no-auth loopback rule, request size and rate limits, and the metrics' labels."""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from streams.api.tokens import TokenBook, TokenFileError, create, parse
from streams.cli.main import main
from tests.streams.api.conftest import make_client
from tests.support.harness import parse_metrics

BUILTIN_ONLY = None  # the built-in list: enough for what these tests check


def test_token_create_prints_once_and_stores_only_the_hash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "tokens"
    assert main(["api", "token", "create", "marble", "--file", str(path)]) == 0
    token = capsys.readouterr().out.strip()
    line = path.read_text().strip()
    assert line == f"marble:{hashlib.sha256(token.encode()).hexdigest()}" and token not in line
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert main(["api", "token", "create", "marble", "--file", str(path)]) == 2  # names are unique
    assert main(["api", "token", "create", "other", "--file", str(path)]) == 0
    assert sorted(parse(path.read_text()).values()) == ["marble", "other"]


def test_malformed_tokens_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "tokens"
    path.write_text("marble:not-a-hash\n")
    with pytest.raises(TokenFileError, match="line 1"):
        TokenBook(path)


def test_requests_need_a_valid_bearer_token(token_file: tuple[Path, str]) -> None:
    with make_client(BUILTIN_ONLY, token_file) as client:
        q = {"queries": {"q": {"schema": "Company", "properties": {"name": ["Huawei Technologies"]}}}}
        assert client.post("/match/default", json=q).status_code == 200
        anonymous = TestClient(client.app)
        for method, path in [
            ("post", "/match/default"),
            ("post", "/v1/screen"),
            ("get", "/catalog"),
            ("get", "/algorithms"),
            ("get", "/entities/x"),
            ("get", "/metrics"),
        ]:
            response = anonymous.request(method.upper(), path, json=q if method == "post" else None)
            assert response.status_code == 401, path
            assert response.headers["www-authenticate"].startswith("Bearer")
        wrong = anonymous.post("/match/default", json=q, headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        basic = anonymous.post("/match/default", json=q, headers={"Authorization": f"Basic {token_file[1]}"})
        assert basic.status_code == 401
        assert anonymous.get("/healthz").status_code == 200 and anonymous.get("/readyz").status_code == 200


def test_a_token_added_later_works_and_a_removed_one_stops(tmp_path: Path) -> None:
    path = tmp_path / "tokens"
    first = create("first", path)
    with make_client(BUILTIN_ONLY, (path, first)) as client:
        second = create("second", path)
        os.utime(path, (time.time() + 5, time.time() + 5))
        time.sleep(2.1)  # the file is re-checked every 2 s
        other = TestClient(client.app, headers={"Authorization": f"Bearer {second}"})
        assert other.get("/algorithms").status_code == 200
        path.write_text(path.read_text().splitlines()[1] + "\n")
        os.utime(path, (time.time() + 10, time.time() + 10))
        time.sleep(2.1)
        assert client.get("/algorithms").status_code == 401


def test_body_size_limit(token_file: tuple[Path, str]) -> None:
    with make_client(BUILTIN_ONLY, token_file, max_body_bytes=2000) as client:
        big = {"parties": [{"id": i, "name": f"Company number {i}"} for i in range(200)]}
        assert client.post("/v1/screen", json=big).status_code == 413
        assert client.post("/v1/screen", json={"parties": big["parties"][:5]}).status_code == 200


def test_rate_limit_per_token(token_file: tuple[Path, str]) -> None:
    with make_client(BUILTIN_ONLY, token_file, rate_per_second=1.0, rate_burst=3) as client:
        codes = [client.get("/algorithms").status_code for _ in range(5)]
        assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
        assert int(client.get("/algorithms").headers["retry-after"]) >= 1
        assert client.get("/healthz").status_code == 200  # probes are never limited


def test_metrics_count_routes_and_statuses_without_names(token_file: tuple[Path, str]) -> None:
    with make_client(BUILTIN_ONLY, token_file) as client:
        secret_name = "Zyxwvut Secret Party Name"
        client.post(
            "/match/default",
            json={"queries": {"q": {"schema": "Person", "properties": {"name": [secret_name]}}}},
        )
        client.post(
            "/match/nowhere",
            json={"queries": {"q": {"schema": "Person", "properties": {"name": [secret_name]}}}},
        )
        client.get(f"/entities/{secret_name}")
        TestClient(client.app).get("/catalog")
        text = client.get("/metrics").text
        assert secret_name not in text and "Zyxwvut" not in text
        metrics = parse_metrics(text)

        def count(route: str, status: str) -> float:
            return metrics.get(
                ("holdline_api_requests_total", frozenset({("route", route), ("status", status)})), 0.0
            )

        assert count("/match/{dataset}", "200") == 1 and count("/match/{dataset}", "404") == 1
        assert count("/entities/{id}", "404") == 1 and count("/catalog", "401") == 1
        assert (
            metrics[
                ("holdline_api_request_duration_seconds_count", frozenset({("route", "/match/{dataset}")}))
            ]
            == 2
        )
        assert metrics[("holdline_api_ready", frozenset())] == 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_refuses_to_start_without_tokens_unless_no_auth_on_loopback(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOLDLINE_")}
    run = [sys.executable, "-m", "streams.cli.main", "api", "serve", "--no-follow"]
    refused = subprocess.run(
        [*run, "--port", str(_free_port())], env=env, capture_output=True, text=True, timeout=60
    )
    assert refused.returncode == 2 and "HOLDLINE_API_TOKENS_FILE" in refused.stderr
    public = subprocess.run(
        [*run, "--no-auth", "--host", "0.0.0.0"], env=env, capture_output=True, text=True, timeout=60
    )
    assert public.returncode == 2 and "loopback" in public.stderr
    port = _free_port()
    server = subprocess.Popen(
        [*run, "--no-auth", "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2)
                if response.status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline and server.poll() is None, "api serve did not become ready"
            time.sleep(0.3)
        assert httpx.get(f"http://127.0.0.1:{port}/algorithms").status_code == 200  # no auth, loopback
    finally:
        server.terminate()
        server.wait(timeout=30)
