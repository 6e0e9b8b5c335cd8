"""The compose stack and the image, checked without a Docker engine: the Compose Specification's JSON
Schema, then the wiring between services, mounted files, the Dockerfile and the app's settings.
"""

from __future__ import annotations

import copy
import os
import re
import shlex
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from deploylib import COMPOSE_DIR, DEPLOY, PROMETHEUS_DIR, REPO, compose_schema, env_names, known_env_names

COMPOSE_FILES = sorted(COMPOSE_DIR.glob("compose*.yaml"))
DOCKERFILE = DEPLOY / "Dockerfile"


def _load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text())


def _errors(doc: dict[str, Any]) -> list[str]:
    schema = compose_schema()
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(doc)]


def _compose() -> dict[str, Any]:
    return _load(COMPOSE_DIR / "compose.yaml")


@pytest.mark.parametrize("path", COMPOSE_FILES, ids=lambda p: p.name)
def test_compose_file_validates_against_the_compose_specification(path: Path) -> None:
    assert compose_schema()["title"] == "Compose Specification"
    assert _errors(_load(path)) == []


def test_schema_validation_rejects_a_broken_file() -> None:
    broken = copy.deepcopy(_compose())
    broken["services"]["worker"]["deploy"]["replicaz"] = 2
    broken["services"]["kafka"]["healthcheck"]["interval"] = ["10s"]
    assert len(_errors(broken)) >= 2


def test_stack_has_kafka_in_kraft_mode_topics_job_workers_prometheus_and_grafana() -> None:
    services = _compose()["services"]
    assert {"kafka", "topics", "worker", "compliance", "prometheus", "grafana"} <= set(services)
    kafka = services["kafka"]
    assert kafka["image"].startswith("apache/kafka:")
    assert "controller" in kafka["environment"]["KAFKA_PROCESS_ROLES"]
    assert "KAFKA_ZOOKEEPER_CONNECT" not in kafka["environment"]
    assert services["topics"]["command"][:2] == ["topics", "create"]
    assert services["topics"]["depends_on"]["kafka"]["condition"] == "service_healthy"
    for role in ("worker", "compliance"):
        assert services[role]["depends_on"]["topics"]["condition"] == "service_completed_successfully"
    assert services["worker"]["command"] == ["worker", "--role", "screening"]
    assert services["compliance"]["command"] == ["worker", "--role", "compliance"]


def test_workers_reach_kafka_on_its_internal_listener() -> None:
    services = _compose()["services"]
    broker = services["worker"]["environment"]["HOLDLINE_BROKER"]
    advertised = services["kafka"]["environment"]["KAFKA_ADVERTISED_LISTENERS"]
    host_port = broker.removeprefix("kafka://")
    assert f"PLAINTEXT://{host_port}" in advertised.split(",")
    assert f"kafka://{host_port}" in services["topics"]["command"]


def test_worker_settings_are_real_settings_and_validate(monkeypatch: pytest.MonkeyPatch) -> None:
    from streams.settings import Settings

    known = known_env_names()
    text = "\n".join(p.read_text() for p in [*COMPOSE_FILES, DOCKERFILE])
    assert env_names(text) - known == set()
    for name in list(os.environ):
        if name.startswith("HOLDLINE_"):
            monkeypatch.delenv(name)
    for name, value in _compose()["services"]["worker"]["environment"].items():
        value = re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", str(value))  # compose's ${VAR:-default}
        monkeypatch.setenv(name, value)
    settings = Settings()
    assert settings.web_host == "0.0.0.0" and settings.web_port == 6066


def test_prometheus_finds_every_worker_replica_and_loads_the_rules() -> None:
    services = _compose()["services"]
    prometheus = services["prometheus"]
    mounts = dict(v.split(":")[:2][::-1] for v in prometheus["volumes"])
    assert (COMPOSE_DIR / mounts["/etc/prometheus"]).resolve() == PROMETHEUS_DIR
    assert "--config.file=/etc/prometheus/prometheus.yml" in prometheus["command"]
    config = _load(PROMETHEUS_DIR / "prometheus.yml")
    (job,) = [j for j in config["scrape_configs"] if j["job_name"] == "holdline"]
    (dns,) = job["dns_sd_configs"]
    assert dns["names"] == ["worker", "compliance"] and dns["type"] == "A"  # both worker roles
    from streams.cli.main import build_parser

    roles = {
        r["regex"]: r["replacement"] for r in job["relabel_configs"] if r["target_label"] == "holdline_role"
    }
    for name in dns["names"]:  # the label says the role the service's command runs
        assert roles[name] == build_parser().parse_args(services[name]["command"]).role
    assert dns["port"] == int(services["worker"]["environment"]["HOLDLINE_WEB_PORT"])
    assert config["rule_files"] == ["alerts.yml"]


def test_mounted_host_paths_exist() -> None:
    for name, service in _compose()["services"].items():
        for volume in service.get("volumes", []):
            if isinstance(volume, str) and volume.startswith("."):
                source = (COMPOSE_DIR / volume.split(":")[0]).resolve()
                assert source.exists(), f"{name} mounts {source}, which does not exist"
    grafana = _compose()["services"]["grafana"]
    home = grafana["environment"]["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]
    mounts = dict(v.split(":")[:2][::-1] for v in grafana["volumes"])
    folder, file = home.rsplit("/", 1)
    assert (COMPOSE_DIR / mounts[folder] / file).is_file()


def test_ports_are_published_on_loopback_only() -> None:
    for name, service in _compose()["services"].items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), f"{name} publishes {port} on every interface"


def test_build_uses_the_repository_dockerfile() -> None:
    build = _compose()["x-holdline"]["build"]
    context = (COMPOSE_DIR / build["context"]).resolve()
    assert context == REPO
    assert (context / build["dockerfile"]).resolve() == DOCKERFILE


def _named_mounts(service: dict[str, Any]) -> dict[str, str]:
    """Named volumes (not host paths) of a service: mount path -> volume name."""
    out = {}
    for volume in service.get("volumes", []):
        if isinstance(volume, str) and not volume.startswith((".", "/", "$")):
            source, target = volume.split(":")[:2]
            out[target] = source
    return out


def test_worker_roles_share_one_compiled_snapshot_cache_volume() -> None:
    """Both roles read and write the compiled snapshots in one named volume (a subfolder of it, which
    Holdline creates 0700); no other service mounts it, since loading a snapshot unpickles it."""
    from matchers.compiled import ENV_CACHE_DIR
    from streams.cli.main import build_parser

    compose = _compose()
    services = compose["services"]
    caches = set()
    for name, role in (("worker", "screening"), ("compliance", "compliance")):
        service = services[name]
        assert build_parser().parse_args(service["command"]).role == role
        cache_dir = service["environment"][ENV_CACHE_DIR]
        ((mount, volume),) = [
            (m, v) for m, v in _named_mounts(service).items() if cache_dir.startswith(m + "/")
        ]
        assert volume in compose["volumes"]
        caches.add((cache_dir, mount, volume))
        assert service["environment"] == services["worker"]["environment"]
    ((_dir, mount, volume),) = caches  # the same folder of the same volume for both roles
    for name, service in services.items():
        if name not in ("worker", "compliance"):
            assert volume not in _named_mounts(service).values(), f"{name} must not write the workers' cache"
    # A new named volume takes the owner and mode of the image's mount point.
    runs = " ".join(rest for word, rest in _instructions() if word == "RUN")
    assert f"mkdir -p /srv/holdline/lists {mount}" in runs
    assert re.search(rf"chown holdline:holdline [^&]*{re.escape(mount)}", runs)
    assert f"chmod 0700 {mount}" in runs


def test_the_lists_overlay_gives_both_roles_the_same_lists() -> None:
    overlay = _load(COMPOSE_DIR / "compose.lists.yaml")["services"]
    assert overlay["worker"] == overlay["compliance"]
    assert overlay["worker"]["environment"]["HOLDLINE_LISTS"] == overlay["worker"]["volumes"][0]["target"]


# --- the Dockerfile ---


def _instructions() -> list[tuple[str, str]]:
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def test_dockerfile_builds_on_python_311_slim_with_icu_for_pyicu() -> None:
    steps = _instructions()
    bases = [rest.split()[0] for word, rest in steps if word == "FROM"]
    assert bases and all(base == "python:3.11-slim" for base in bases)
    runs = " ".join(rest for word, rest in steps if word == "RUN")
    assert "libicu-dev" in runs and "pkg-config" in runs
    assert "pip wheel" in runs or "pip install" in runs


def test_dockerfile_copies_only_files_that_exist_and_the_package_needs() -> None:
    copied = []
    for word, rest in _instructions():
        if word == "COPY" and "--from" not in rest:
            *sources, _ = shlex.split(rest)
            copied.extend(sources)
    for source in copied:
        assert (REPO / source).exists() or source == "README.md", f"COPY {source}: not in the repository"
    import tomllib

    packages = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]
    for pattern in packages["include"]:
        assert pattern.rstrip("*") in copied, f"package {pattern} is not copied into the image"
    ignore = (DEPLOY / "Dockerfile.dockerignore").read_text().split()
    for source in copied:
        assert f"!{source.rstrip('/')}/" in ignore or f"!{source}" in ignore, f"{source} is excluded"


def test_dockerfile_runs_unprivileged_with_a_healthcheck_on_healthz() -> None:
    steps = _instructions()
    users = [rest for word, rest in steps if word == "USER"]
    assert users and users[-1].split(":")[0] not in {"0", "root"}
    (health,) = [rest for word, rest in steps if word == "HEALTHCHECK"]
    assert "/healthz" in health
    entry = [rest for word, rest in steps if word == "ENTRYPOINT"][-1]
    import tomllib

    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    assert yaml.safe_load(entry)[0] in scripts
    env = " ".join(rest for word, rest in steps if word == "ENV")
    assert "HOLDLINE_WEB_HOST=0.0.0.0" in env


def test_service_commands_parse_with_the_real_cli() -> None:
    """Each service's `command` is a valid `holdline` invocation (the image's entrypoint)."""
    from streams.cli.main import build_parser

    parser = build_parser()
    for name, service in _compose()["services"].items():
        if service.get("image", "").startswith("holdline:"):
            args = parser.parse_args(service["command"])
            assert callable(args.handler), name
    from deploylib import K8S_DIR, render_kustomization

    deployments = [o for o in render_kustomization(K8S_DIR) if o["kind"] == "Deployment"]
    assert deployments
    for deployment in deployments:
        (container,) = deployment["spec"]["template"]["spec"]["containers"]
        assert callable(parser.parse_args(container["args"]).handler)
