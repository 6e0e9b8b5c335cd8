"""Helpers for the deploy checks: the real tools (promtool), the worker's metric registry, PromQL parsing,
a kustomize renderer and the schemas the manifests are validated against.

The checks must fail, never skip, when a tool is missing: a deploy artefact nobody validated is exactly
what these tests exist to prevent.
"""

from __future__ import annotations

import copy
import importlib.metadata
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
PROMETHEUS_DIR = DEPLOY / "prometheus"
GRAFANA_DIR = DEPLOY / "grafana"
K8S_DIR = DEPLOY / "k8s"
COMPOSE_DIR = DEPLOY / "compose"
DASHBOARD_JSON = GRAFANA_DIR / "dashboards" / "holdline.json"

# Series Prometheus itself attaches to every scrape target (not exported by the worker).
SCRAPE_SERIES = frozenset(
    {
        "up",
        "scrape_duration_seconds",
        "scrape_samples_scraped",
        "scrape_samples_post_metric_relabeling",
        "scrape_series_added",
    }
)
# Labels Prometheus adds at scrape time, or that belong to a histogram's buckets.
TARGET_LABELS = frozenset({"job", "instance", "le", "__name__"})
# Grafana's macros, replaced by a duration before a query is parsed.
GRAFANA_MACROS = {"$__rate_interval": "5m", "$__interval": "1m", "$__range": "1h"}


def promtool() -> str:
    path = shutil.which("promtool")
    if path is None:
        raise AssertionError("promtool not found: install Debian's `prometheus` package (`make setup` does)")
    return path


def prometheus_binary() -> str:
    path = shutil.which("prometheus")
    if path is None:
        raise AssertionError("prometheus not found: install Debian's `prometheus` package (`make setup`)")
    return path


def run_promtool(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [promtool(), *args], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


# --- the worker's metric registry -------------------------------------------------------------------

_SUFFIXES = {
    "counter": ("_total",),
    "gauge": ("",),
    "histogram": ("_bucket", "_sum", "_count"),
    "summary": ("", "_sum", "_count"),
    "info": ("_info",),
    "stateset": ("",),
    "gaugehistogram": ("_bucket", "_gsum", "_gcount"),
}


@cache
def exported_series() -> dict[str, frozenset[str]]:
    """Every series name the worker's registry exposes -> the label names it can carry.

    Read from `streams.metrics.Metrics` and `streams.compliance.metrics.ComplianceMetrics` themselves
    (not from a copy of the names), so renaming a metric there breaks the dashboard and alert checks.
    Counters gain `_total`, histograms `_bucket/_sum/_count`.
    """
    from prometheus_client import CollectorRegistry

    from streams.api.guards import ApiMetrics
    from streams.compliance.metrics import ComplianceMetrics
    from streams.metrics import Metrics

    metrics = Metrics()
    compliance = ComplianceMetrics(metrics.registry)  # the worker registers both on one registry
    api = ApiMetrics(CollectorRegistry())  # the HTTP service's own registry (job holdline-api)
    out: dict[str, frozenset[str]] = {}
    for collector in [*_collectors(metrics), *_collectors(compliance), *_collectors(api)]:
        kind = collector._type
        labels = frozenset(collector._labelnames)
        for suffix in _SUFFIXES[kind]:
            name = collector._name + suffix
            out[name] = labels | ({"le"} if suffix == "_bucket" else set())
    # Cross-check with what the registry really renders for families that have samples already.
    rendered = {
        line.split("{")[0].split(" ")[0]
        for line in metrics.render().decode().splitlines()
        if line and not line.startswith("#")
    }
    missing = rendered - set(out)
    assert not missing, f"registry renders series this helper does not know: {sorted(missing)}"
    return out


def _collectors(metrics: Any) -> Iterator[Any]:
    from prometheus_client.metrics import MetricWrapperBase

    for value in vars(metrics).values():
        if isinstance(value, MetricWrapperBase):
            yield value


# --- PromQL ---------------------------------------------------------------------------------------


def selectors(expr: str) -> list[tuple[str, dict[str, str]]]:
    """(metric name, {label: value}) for every series selector in a PromQL expression (real parser)."""
    import promql_parser

    for macro, value in GRAFANA_MACROS.items():
        expr = expr.replace(macro, value)
    found: list[tuple[str, dict[str, str]]] = []

    def visit(node: Any) -> None:
        if isinstance(node, promql_parser.VectorSelector):
            matchers = {m.name: m.value for m in node.matchers.matchers}
            name = node.name or matchers.get("__name__")
            if not name:
                raise AssertionError(f"selector without a metric name in {expr!r}")
            found.append((name, matchers))

    promql_parser.walk(promql_parser.parse(expr), visit)
    if not found:
        raise AssertionError(f"no metric selector in {expr!r}")
    return found


def load_rules(path: Path = PROMETHEUS_DIR / "alerts.yml") -> list[dict[str, Any]]:
    return [rule for group in yaml.safe_load(path.read_text())["groups"] for rule in group["rules"]]


def recorded_names() -> set[str]:
    return {rule["record"] for rule in load_rules() if "record" in rule}


def alerts() -> list[dict[str, Any]]:
    return [rule for rule in load_rules() if "alert" in rule]


def dashboard() -> dict[str, Any]:
    return json.loads(DASHBOARD_JSON.read_text())


def panels(dash: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    out = []
    for panel in (dash or dashboard())["panels"]:
        out.append(panel)
        out.extend(panel.get("panels", []))  # collapsed rows nest theirs
    return out


def panel_queries(dash: dict[str, Any] | None = None) -> list[tuple[str, str]]:
    return [
        (panel["title"], target["expr"])
        for panel in panels(dash)
        if panel.get("type") != "row"
        for target in panel.get("targets", [])
    ]


def unknown_series(expr: str, extra: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Problems with an expression's selectors: metrics the worker does not export, or labels it lacks."""
    exported = exported_series()
    problems = []
    for name, matchers in selectors(expr):
        if name in SCRAPE_SERIES or name in extra:
            continue
        if name not in exported:
            problems.append(f"{name}: not exported by streams.metrics.Metrics")
            continue
        for label in set(matchers) - TARGET_LABELS - exported[name]:
            problems.append(f"{name}{{{label}=...}}: the metric has no label {label!r}")
    return problems


# --- Kubernetes -----------------------------------------------------------------------------------

KUSTOMIZE_KEYS = frozenset({"apiVersion", "kind", "resources"})


def render_kustomization(directory: Path = K8S_DIR) -> list[dict[str, Any]]:
    """What `kustomize build` gives for a kustomization that only lists `resources` (files or folders).

    Each call gets its own copy (tests may change what they get); the files are parsed once per session
    with libyaml's parser, the same YAML as `yaml.safe_load` reads."""
    return copy.deepcopy(_render_kustomization(directory))


@cache
def _render_kustomization(directory: Path) -> list[dict[str, Any]]:
    spec = yaml.safe_load((directory / "kustomization.yaml").read_text())
    unsupported = set(spec) - KUSTOMIZE_KEYS
    assert not unsupported, f"kustomization uses {sorted(unsupported)}: teach render_kustomization first"
    objects: list[dict[str, Any]] = []
    for entry in spec["resources"]:
        path = (directory / entry).resolve()
        assert path.is_relative_to(directory.resolve()), f"{entry} is outside {directory} (kustomize refuses)"
        if path.is_dir():
            objects.extend(_render_kustomization(path))
            continue
        assert path.is_file(), f"kustomization lists {entry}, which does not exist"
        docs = yaml.load_all(path.read_text(), Loader=yaml.CSafeLoader)
        objects.extend(doc for doc in docs if doc is not None)
    return objects


def strict(schema: Any) -> Any:
    """Reject unknown fields (like `kubectl apply --validate=strict`) in a schema generated from a CRD."""
    if isinstance(schema, dict):
        if "properties" in schema and "additionalProperties" not in schema:
            schema["additionalProperties"] = False
        for value in schema.values():
            strict(value)
    elif isinstance(schema, list):
        for value in schema:
            strict(value)
    return schema


SCHEMAS = Path(__file__).resolve().parent / "schemas"


@cache
def prometheus_operator_schema(kind: str) -> dict[str, Any]:
    """JSON Schema of a Prometheus Operator CRD (see the file's `$comment` for where it comes from)."""
    path = SCHEMAS / f"{kind.lower()}-monitoring.coreos.com-v1.json"
    return strict(json.loads(path.read_text()))


# Strimzi publishes its CRDs only with its releases (no PyPI/npm package ships them), so these are
# minimal structural schemas WRITTEN HERE from Strimzi's v1beta2 API reference, covering the fields the
# manifests use; unknown fields are rejected, so a typo cannot pass.
_KAFKA_TOPIC_CONFIGS = [
    "cleanup.policy",
    "compression.type",
    "delete.retention.ms",
    "file.delete.delay.ms",
    "flush.messages",
    "flush.ms",
    "index.interval.bytes",
    "max.compaction.lag.ms",
    "max.message.bytes",
    "message.timestamp.type",
    "min.cleanable.dirty.ratio",
    "min.compaction.lag.ms",
    "min.insync.replicas",
    "preallocate",
    "retention.bytes",
    "retention.ms",
    "segment.bytes",
    "segment.ms",
    "unclean.leader.election.enable",
]
_METADATA = {
    "type": "object",
    "required": ["name", "labels"],
    "properties": {
        "name": {"type": "string", "pattern": r"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$", "maxLength": 253},
        "namespace": {"type": "string"},
        "labels": {
            "type": "object",
            "required": ["strimzi.io/cluster"],
            "additionalProperties": {"type": "string"},
        },
        "annotations": {"type": "object", "additionalProperties": {"type": "string"}},
    },
    "additionalProperties": False,
}
STRIMZI_SCHEMAS: dict[str, dict[str, Any]] = {
    "KafkaTopic": {
        "type": "object",
        "required": ["apiVersion", "kind", "metadata", "spec"],
        "properties": {
            "apiVersion": {"const": "kafka.strimzi.io/v1beta2"},
            "kind": {"const": "KafkaTopic"},
            "metadata": _METADATA,
            "spec": {
                "type": "object",
                "required": ["partitions", "replicas"],
                "properties": {
                    "topicName": {"type": "string", "pattern": r"^[a-zA-Z0-9._-]{1,249}$"},
                    "partitions": {"type": "integer", "minimum": 1},
                    "replicas": {"type": "integer", "minimum": 1, "maximum": 32767},
                    "config": {
                        "type": "object",
                        "propertyNames": {"enum": _KAFKA_TOPIC_CONFIGS},
                        "properties": {
                            "cleanup.policy": {
                                "enum": ["delete", "compact", "compact,delete", "delete,compact"]
                            },
                            "retention.ms": {"type": "integer", "minimum": -1},
                            "min.compaction.lag.ms": {"type": "integer", "minimum": 0},
                            "min.insync.replicas": {"type": "integer", "minimum": 1},
                        },
                    },
                },
                "additionalProperties": False,
            },
        },
        "additionalProperties": False,
    },
    "KafkaUser": {
        "type": "object",
        "required": ["apiVersion", "kind", "metadata", "spec"],
        "properties": {
            "apiVersion": {"const": "kafka.strimzi.io/v1beta2"},
            "kind": {"const": "KafkaUser"},
            "metadata": _METADATA,
            "spec": {
                "type": "object",
                "properties": {
                    "authentication": {
                        "type": "object",
                        "required": ["type"],
                        "properties": {"type": {"enum": ["tls", "tls-external", "scram-sha-512"]}},
                        "additionalProperties": False,
                    },
                    "authorization": {
                        "type": "object",
                        "required": ["type", "acls"],
                        "properties": {
                            "type": {"enum": ["simple"]},
                            "acls": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "required": ["resource", "operations"],
                                    "properties": {
                                        "type": {"enum": ["allow", "deny"]},
                                        "host": {"type": "string"},
                                        "resource": {
                                            "type": "object",
                                            "required": ["type"],
                                            "properties": {
                                                "type": {
                                                    "enum": ["topic", "group", "cluster", "transactionalId"]
                                                },
                                                "name": {"type": "string"},
                                                "patternType": {"enum": ["literal", "prefix"]},
                                            },
                                            "additionalProperties": False,
                                        },
                                        "operations": {
                                            "type": "array",
                                            "minItems": 1,
                                            "items": {
                                                "enum": [
                                                    "Read",
                                                    "Write",
                                                    "Create",
                                                    "Delete",
                                                    "Alter",
                                                    "Describe",
                                                    "ClusterAction",
                                                    "AlterConfigs",
                                                    "DescribeConfigs",
                                                    "IdempotentWrite",
                                                    "All",
                                                ]
                                            },
                                        },
                                    },
                                    "additionalProperties": False,
                                },
                            },
                        },
                        "additionalProperties": False,
                    },
                },
                "additionalProperties": False,
            },
        },
        "additionalProperties": False,
    },
}


# --- Compose --------------------------------------------------------------------------------------


@cache
def compose_schema() -> dict[str, Any]:
    """The Compose Specification's JSON Schema, as vendored by the check-jsonschema package.

    Located through the distribution's file list rather than imported: check-jsonschema's own CLI is not
    needed (and its click requirement conflicts with faust's), only the schema file it ships.
    """
    dist = importlib.metadata.distribution("check-jsonschema")
    path = Path(str(dist.locate_file("check_jsonschema/builtin_schemas/vendor/compose-spec.json")))
    assert path.is_file(), f"compose-spec.json not found in check-jsonschema at {path}"
    return json.loads(path.read_text())


def known_env_names() -> set[str]:
    """Every `HOLDLINE_*` variable the app reads: its settings models' fields, the compiled-snapshot
    cache folder, which the engine reads itself (matchers never import the settings), and the engine's
    build switches (`HOLDLINE_MYPYC` read by `setup.py`, `HOLDLINE_PURE` at import)."""
    from matchers.build_check import ENV_BUILD, ENV_PURE
    from matchers.compiled import ENV_CACHE_DIR
    from streams.api.settings import ApiSettings
    from streams.settings import ComplianceSettings, Settings

    return (
        {
            f"HOLDLINE_{name.upper()}"
            for model in (Settings, ComplianceSettings)
            for name in model.model_fields
        }
        | {f"{ApiSettings.model_config['env_prefix']}{name.upper()}" for name in ApiSettings.model_fields}
        | {ENV_CACHE_DIR, ENV_BUILD, ENV_PURE}
    )


def env_names(text: str) -> set[str]:
    return set(re.findall(r"\bHOLDLINE_[A-Z0-9_]+\b", text))
