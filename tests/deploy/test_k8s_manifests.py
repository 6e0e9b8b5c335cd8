"""Kubernetes manifests: rendered like `kustomize build`, validated offline against the Kubernetes schemas
(kubernetes-validate, strict: unknown fields fail), the Prometheus Operator CRD schemas and minimal Strimzi
schemas, then checked for the wiring that schemas cannot see (selectors, ports, probes, settings, topics).
"""

from __future__ import annotations

import copy
import os
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
from deploylib import (
    K8S_DIR,
    STRIMZI_SCHEMAS,
    env_names,
    known_env_names,
    prometheus_operator_schema,
    render_kustomization,
)

KUBERNETES_VERSION = "1.31.0"
CORE_KINDS = {
    "ConfigMap",
    "Deployment",
    "Service",
    "PodDisruptionBudget",
    "PersistentVolumeClaim",
    "HorizontalPodAutoscaler",
}
OPERATOR_KINDS = {"ServiceMonitor", "PrometheusRule"}
OBJECTS = render_kustomization(K8S_DIR)


def _one(kind: str, name: str | None = None) -> dict[str, Any]:
    found = [o for o in OBJECTS if o["kind"] == kind and (name is None or o["metadata"]["name"] == name)]
    assert len(found) == 1, f"expected one {kind} {name or ''}, found {len(found)}"
    return found[0]


def _validate(obj: dict[str, Any]) -> list[str]:
    kind = obj["kind"]
    if kind in CORE_KINDS:
        try:
            kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as exc:
            return [str(exc).splitlines()[0]]
        return []
    schema = prometheus_operator_schema(kind) if kind in OPERATOR_KINDS else STRIMZI_SCHEMAS[kind]
    validator = jsonschema.Draft202012Validator(schema)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(obj)]


def test_kustomization_renders_every_kind_the_deployment_needs() -> None:
    kinds = {o["kind"] for o in OBJECTS}
    assert kinds == CORE_KINDS | OPERATOR_KINDS | {"KafkaTopic", "KafkaUser"}
    keys = [(o["kind"], o["metadata"]["name"]) for o in OBJECTS]
    assert len(keys) == len(set(keys)), "duplicate object"


@pytest.mark.parametrize("obj", OBJECTS, ids=lambda o: f"{o['kind']}/{o['metadata']['name']}")
def test_manifest_validates_against_its_schema(obj: dict[str, Any]) -> None:
    assert _validate(obj) == []


@pytest.mark.parametrize("kind", sorted(CORE_KINDS | OPERATOR_KINDS | {"KafkaTopic", "KafkaUser"}))
def test_validation_rejects_an_unknown_field(kind: str) -> None:
    """The schemas are strict: a misspelt field in any kind is an error, not silently dropped."""
    broken = copy.deepcopy(next(o for o in OBJECTS if o["kind"] == kind))
    broken.setdefault("spec", broken.get("data", {}))["replicaz"] = 2
    if kind == "ConfigMap":
        broken["datas"] = {}
    assert _validate(broken)


ROLES = ("screening", "compliance")
WORKERS = [f"holdline-{role}" for role in ROLES]


def _pod(name: str = "holdline-screening") -> dict[str, Any]:
    return _one("Deployment", name)["spec"]["template"]


def _container(name: str = "holdline-screening") -> dict[str, Any]:
    (container,) = _pod(name)["spec"]["containers"]
    return container


def _matches(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return all(labels.get(k) == v for k, v in selector.items())


@pytest.mark.parametrize("name", WORKERS)
def test_selectors_find_the_worker_pods(name: str) -> None:
    deployment = _one("Deployment", name)
    pod_labels = _pod(name)["metadata"]["labels"]
    assert _matches(deployment["spec"]["selector"]["matchLabels"], pod_labels)
    assert _matches(_one("PodDisruptionBudget", name)["spec"]["selector"]["matchLabels"], pod_labels)
    service = _one("Service", "holdline")
    assert _matches(service["spec"]["selector"], pod_labels)
    monitor = _one("ServiceMonitor", "holdline")
    assert _matches(monitor["spec"]["selector"]["matchLabels"], service["metadata"]["labels"])
    ports = {p["name"] for p in service["spec"]["ports"]}
    assert {e["port"] for e in monitor["spec"]["endpoints"]} <= ports
    assert all(e["path"] == "/metrics" for e in monitor["spec"]["endpoints"])


def test_scrape_job_is_named_as_the_alerts_expect() -> None:
    """The operator names the job after the Service unless jobLabel says otherwise; rules need "holdline"."""
    assert _one("Service", "holdline")["metadata"]["name"] == "holdline"
    assert "jobLabel" not in _one("ServiceMonitor", "holdline")["spec"]


@pytest.mark.parametrize("name", WORKERS)
def test_probes_resources_and_security_context(name: str) -> None:
    container = _container(name)
    port_names = {p["name"]: p["containerPort"] for p in container["ports"]}
    # Readiness without the group join (decision 0511); /healthz keeps "partitions assigned".
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] in {"/healthz", "/livez"}
    for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
        assert container[probe]["httpGet"]["port"] in port_names
    assert port_names["http-metrics"] == 6066
    for kind in ("requests", "limits"):
        assert {"cpu", "memory"} <= set(container["resources"][kind])
    pod_security = _pod(name)["spec"]["securityContext"]
    assert pod_security["runAsNonRoot"] is True and pod_security["runAsUser"] != 0
    security = container["securityContext"]
    assert security["allowPrivilegeEscalation"] is False
    assert security["readOnlyRootFilesystem"] is True
    assert security["capabilities"]["drop"] == ["ALL"]
    assert _pod(name)["spec"]["automountServiceAccountToken"] is False


def test_worker_web_endpoints_exist_in_the_app() -> None:
    """The probe paths are routes the worker really serves."""
    from streams import web

    source = (K8S_DIR.parents[1] / "streams" / "web.py").read_text()
    for path in {"/healthz", "/readyz", "/livez", "/metrics"}:
        assert f'"{path}"' in source, f"streams/web.py serves no {path}"
    assert hasattr(web, "register_views")


@pytest.mark.parametrize("name", WORKERS)
def test_writable_paths_are_volumes_since_the_root_filesystem_is_read_only(name: str) -> None:
    settings = _one("ConfigMap", "holdline-settings")["data"]
    mounts = {m["mountPath"]: m for m in _container(name)["volumeMounts"]}
    writable = [m for path, m in mounts.items() if not m.get("readOnly")]
    for setting in ("HOLDLINE_DATADIR", "HOLDLINE_LIST_STORE"):  # the worker writes there
        assert any(settings[setting].startswith(m["mountPath"]) for m in writable), setting
    assert "/tmp" in mounts
    assert mounts[settings["HOLDLINE_LISTS"]]["readOnly"] is True
    assert mounts[settings["HOLDLINE_SSL_CAFILE"].rsplit("/", 1)[0]]["readOnly"] is True
    volumes = {v["name"]: v for v in _pod(name)["spec"]["volumes"]}
    assert set(volumes) == {m["name"] for m in mounts.values()}
    claim = volumes[mounts[settings["HOLDLINE_LISTS"]]["name"]]["persistentVolumeClaim"]["claimName"]
    assert _one("PersistentVolumeClaim", claim)


@pytest.mark.parametrize("name", WORKERS)
def test_settings_are_real_settings_and_validate(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every HOLDLINE_* the manifests set is one the app reads, and the values parse."""
    from streams.settings import Settings

    known = known_env_names()
    config = _one("ConfigMap", "holdline-settings")["data"]
    from_secret = {e["name"] for e in _container(name).get("env", [])}
    used = set(config) | from_secret
    assert used - known == set(), "manifests set settings the app does not have"
    for variable in list(os.environ):
        if variable.startswith("HOLDLINE_"):
            monkeypatch.delenv(variable)
    for variable, value in config.items():
        monkeypatch.setenv(variable, value)
    monkeypatch.setenv("HOLDLINE_SASL_PASSWORD", "from-the-secret")
    settings = Settings()
    assert settings.security_protocol.value == "SASL_SSL"
    assert settings.sasl_password is not None
    assert settings.web_host == "0.0.0.0"


@pytest.mark.parametrize("name", WORKERS)
def test_kafka_credentials_come_from_secrets_not_the_configmap(name: str) -> None:
    config = _one("ConfigMap", "holdline-settings")["data"]
    assert "HOLDLINE_SASL_PASSWORD" not in config
    (password,) = [e for e in _container(name)["env"] if e["name"] == "HOLDLINE_SASL_PASSWORD"]
    ref = password["valueFrom"]["secretKeyRef"]
    user = _one("KafkaUser", "holdline")
    # Strimzi's User Operator writes the password to a Secret named after the KafkaUser, key "password".
    assert ref == {"name": user["metadata"]["name"], "key": "password"}
    assert config["HOLDLINE_SASL_USERNAME"] == user["metadata"]["name"]
    assert user["spec"]["authentication"]["type"] == config["HOLDLINE_SASL_MECHANISM"].lower()
    volumes = {v["name"]: v for v in _pod(name)["spec"]["volumes"]}
    assert "secret" in volumes["kafka-ca"]


def _topics() -> dict[str, dict[str, Any]]:
    return {
        o["spec"].get("topicName", o["metadata"]["name"]): o for o in OBJECTS if o["kind"] == "KafkaTopic"
    }


def test_every_product_topic_has_a_kafkatopic_with_its_partitions_and_cleanup_policy() -> None:
    """Against `holdline topics create`'s own list (inputs, outputs, compliance and state topics)."""
    from streams.settings import Settings
    from streams.topics import product_topics

    config = _one("ConfigMap", "holdline-settings")["data"]
    settings = Settings(partitions=int(config["HOLDLINE_PARTITIONS"]))
    topics = _topics()
    specs = product_topics(settings)
    assert len(specs) >= 11
    for spec in specs:
        assert spec.name in topics, f"no KafkaTopic for {spec.name} ({spec.purpose})"
        topic = topics[spec.name]["spec"]
        assert topic["partitions"] == spec.partitions, spec.name
        assert topic["replicas"] == int(config["HOLDLINE_REPLICATION_FACTOR"]), spec.name
        wanted = spec.config.get("cleanup.policy", "delete")
        assert topic.get("config", {}).get("cleanup.policy", "delete") == wanted, spec.name
        if wanted == "delete":
            assert topic["config"]["retention.ms"] > 0, f"{spec.name}: say how long it is kept"


def test_state_topics_are_compacted_and_the_control_topic_has_one_partition() -> None:
    from streams.settings import ComplianceSettings

    compliance = ComplianceSettings()
    topics = _topics()
    for name in (compliance.topic_holds_state, compliance.topic_allowlist, compliance.topic_open_events):
        assert topics[name]["spec"]["config"]["cleanup.policy"] == "compact", name
    assert topics[compliance.topic_control]["spec"]["partitions"] == 1
    assert all(o["metadata"]["labels"]["strimzi.io/cluster"] for o in topics.values())


def test_input_partitions_leave_no_default_replica_idle() -> None:
    replicas = _one("Deployment", "holdline-screening")["spec"]["replicas"]
    config = _one("ConfigMap", "holdline-settings")["data"]
    for name in ("procurement.purchases", "procurement.shipments"):
        partitions = _topics()[name]["spec"]["partitions"]
        assert partitions >= replicas
        assert partitions == int(config["HOLDLINE_PARTITIONS"])


def test_kafkauser_may_use_every_topic_and_the_group() -> None:
    acls = _one("KafkaUser", "holdline")["spec"]["authorization"]["acls"]

    def allowed(kind: str, name: str, operation: str) -> bool:
        for acl in acls:
            r = acl["resource"]
            hit = name.startswith(r["name"]) if r.get("patternType") == "prefix" else name == r["name"]
            if r["type"] == kind and hit and operation in acl["operations"]:
                return True
        return False

    for name in _topics():
        assert allowed("topic", name, "Read"), name
    for name in ("screening.hold", "screening.cleared", "screening.deadletter"):
        assert allowed("topic", name, "Write"), name
    group = _one("ConfigMap")["data"]["HOLDLINE_GROUP_ID"]
    assert allowed("group", group, "Read")
    from streams.compliance.topic_routing import compliance_group
    from streams.settings import Settings

    assert allowed("group", compliance_group(Settings(group_id=group)), "Read")  # the compliance role's
    assert not allowed("topic", "procurement.purchases", "Write"), "the worker never writes its inputs"


def test_env_names_in_manifest_comments_are_real_settings() -> None:
    known = known_env_names()
    text = "\n".join(p.read_text() for p in K8S_DIR.glob("*.yaml"))
    assert env_names(text) - known == set()


def test_workers_run_as_two_roles_with_the_real_cli() -> None:
    """One Deployment per `holdline worker --role`; their selectors never pick the other role's pods."""
    from streams.cli.main import build_parser

    parser = build_parser()
    for role, name in zip(ROLES, WORKERS, strict=True):
        args = parser.parse_args(_container(name)["args"])
        assert args.role == role, name
        labels = _pod(name)["metadata"]["labels"]
        assert labels["holdline/role"] == role
        other = _pod(next(n for n in WORKERS if n != name))["metadata"]["labels"]
        assert not _matches(_one("Deployment", name)["spec"]["selector"]["matchLabels"], other)
        assert not _matches(_one("PodDisruptionBudget", name)["spec"]["selector"]["matchLabels"], other)
    workers = {o["metadata"]["name"] for o in OBJECTS if o["kind"] == "Deployment"} - {"holdline-api"}
    assert workers == set(WORKERS), "every worker Deployment runs one role"
    config = _one("ConfigMap", "holdline-settings")["data"]
    assert config.get("HOLDLINE_COMPLIANCE_WORKFLOW", "true").lower() in {"true", "1"}, "compliance role"
    assert "holdline/role" in _one("ServiceMonitor", "holdline")["spec"]["podTargetLabels"]


def test_both_roles_differ_only_in_role_and_resources() -> None:
    """Same image, settings, secrets, volumes and probes: the roles must screen against the same lists."""

    def comparable(name: str) -> dict[str, Any]:
        pod = copy.deepcopy(_pod(name))
        pod["metadata"]["labels"].pop("holdline/role")
        for constraint in pod["spec"]["topologySpreadConstraints"]:
            constraint["labelSelector"]["matchLabels"].pop("holdline/role")
        (container,) = pod["spec"]["containers"]
        container.pop("args")
        container.pop("resources")
        container.pop("readinessProbe")  # the same probe; only its comment differs
        return pod

    assert comparable("holdline-screening") == comparable("holdline-compliance")
    screening, compliance = (_container(n)["resources"]["limits"]["cpu"] for n in WORKERS)
    assert float(compliance) <= float(screening), "the compliance role screens no input events"


@pytest.mark.parametrize("name", WORKERS)
def test_the_roles_share_one_compiled_snapshot_cache(name: str) -> None:
    """HOLDLINE_CACHE_DIR is a folder inside a writable volume of one ReadWriteMany claim, the same for both
    roles; Holdline creates that folder itself (mode 0700). No other workload mounts it: loading a cached
    snapshot unpickles it, so only the workers may write there."""
    from matchers.compiled import ENV_CACHE_DIR

    env = {e["name"]: e.get("value") for e in _container(name)["env"]}
    cache_dir = env[ENV_CACHE_DIR]
    mounts = [m for m in _container(name)["volumeMounts"] if cache_dir.startswith(m["mountPath"] + "/")]
    (mount,) = mounts
    assert not mount.get("readOnly") and cache_dir != mount["mountPath"]
    volumes = {v["name"]: v for v in _pod(name)["spec"]["volumes"]}
    claim_name = volumes[mount["name"]]["persistentVolumeClaim"]["claimName"]
    assert "readOnly" not in volumes[mount["name"]]["persistentVolumeClaim"]
    claim = _one("PersistentVolumeClaim", claim_name)
    assert claim["spec"]["accessModes"] == ["ReadWriteMany"]
    for other in (o for o in OBJECTS if o["kind"] == "Deployment"):
        claims = {
            v["persistentVolumeClaim"]["claimName"]
            for v in other["spec"]["template"]["spec"]["volumes"]
            if "persistentVolumeClaim" in v
        }
        if other["metadata"]["name"] not in WORKERS:
            assert claim_name not in claims, f"{other['metadata']['name']} must not write the workers' cache"
        else:
            assert claim_name in claims
