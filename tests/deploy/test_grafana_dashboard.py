"""The Grafana dashboard: generated from code, every query parsed and checked against the worker's metrics.

A renamed metric in streams/metrics.py fails here, in the build, instead of leaving an empty panel.
"""

from __future__ import annotations

import importlib.util
from types import ModuleType
from typing import Any

import yaml
from deploylib import (
    COMPOSE_DIR,
    DASHBOARD_JSON,
    GRAFANA_DIR,
    dashboard,
    panel_queries,
    panels,
    recorded_names,
    selectors,
    unknown_series,
)


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("holdline_dashboard", GRAFANA_DIR / "dashboard.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_json_is_what_the_generator_builds() -> None:
    assert DASHBOARD_JSON.read_text() == _generator().render(), (
        "deploy/grafana/dashboards/holdline.json is out of date: run deploy/grafana/dashboard.py"
    )


def test_every_panel_query_names_only_metrics_the_worker_exports() -> None:
    queries = panel_queries()
    assert len(queries) >= 15
    recorded = recorded_names()
    problems = {f"{title}: {expr}": unknown_series(expr, recorded) for title, expr in queries}
    assert not {k: v for k, v in problems.items() if v}


def test_the_check_catches_a_renamed_metric() -> None:
    assert unknown_series('sum(rate(holdline_event_total{job="holdline"}[5m]))')
    # No such label:
    assert unknown_series('sum(rate(holdline_events_total{job="holdline",result="hold"}[5m]))')
    assert not unknown_series('sum(rate(holdline_events_total{job="holdline",outcome="hold"}[5m]))')


def test_dashboard_shows_what_operators_need() -> None:
    """The panels the deploy issue lists, each found by the metric its query reads."""
    used: dict[str, set[str]] = {}
    for title, expr in panel_queries():
        for name, _ in selectors(expr):
            used.setdefault(name, set()).add(title)
    needed = {
        "events by outcome": "holdline_events_total",
        "event-to-decision latency": "holdline_decision_latency_seconds_bucket",
        "matches by list": "holdline_matches_total",
        "list age": "holdline_list_loaded_timestamp_seconds",
        "consumer lag": "holdline_consumer_lag",
        "dead-letters": "holdline_deadletters_total",
        "worker count": "up",
    }
    assert {need: metric for need, metric in needed.items() if metric not in used} == {}
    hold_rate = [expr for title, expr in panel_queries() if title == "Hold rate"]
    assert any('outcome="hold"' in expr and "/" in expr for expr in hold_rate)
    latency = " ".join(expr for title, expr in panel_queries() if title == "Event-to-decision latency")
    assert all(f"histogram_quantile({q}," in latency for q in ("0.5", "0.9", "0.99"))


def test_panels_use_the_datasource_variable_and_have_unique_ids_and_sane_layout() -> None:
    dash = dashboard()
    assert dash["uid"] and dash["title"] == "Holdline"
    (variable,) = [v for v in dash["templating"]["list"] if v["type"] == "datasource"]
    assert variable["query"] == "prometheus"
    ref = f"${{{variable['name']}}}"
    for panel in panels(dash):
        if panel["type"] == "row":
            continue
        assert panel["datasource"] == {"type": "prometheus", "uid": ref}, panel["title"]
        assert all(t["datasource"]["uid"] == ref for t in panel["targets"]), panel["title"]
        refs = [t["refId"] for t in panel["targets"]]
        assert len(refs) == len(set(refs)), panel["title"]
        grid = panel["gridPos"]
        assert grid["x"] >= 0 and grid["x"] + grid["w"] <= 24, panel["title"]
    ids = [p["id"] for p in panels(dash) if "id" in p]
    assert len(ids) == len(set(ids))


def _compose() -> dict[str, Any]:
    return yaml.safe_load((COMPOSE_DIR / "compose.yaml").read_text())


def test_provisioning_points_at_the_compose_prometheus_and_dashboard_folder() -> None:
    compose = _compose()
    datasources = yaml.safe_load((GRAFANA_DIR / "provisioning/datasources/prometheus.yml").read_text())
    (source,) = datasources["datasources"]
    assert source["type"] == "prometheus"
    assert source["url"] == "http://prometheus:9090"
    assert "prometheus" in compose["services"]
    assert "--web.listen-address=:9090" in compose["services"]["prometheus"]["command"]

    providers = yaml.safe_load((GRAFANA_DIR / "provisioning/dashboards/holdline.yml").read_text())
    (provider,) = providers["providers"]
    mounts = {m.split(":")[1]: m.split(":")[0] for m in compose["services"]["grafana"]["volumes"]}
    assert provider["options"]["path"] in mounts
    host_dir = (COMPOSE_DIR / mounts[provider["options"]["path"]]).resolve()
    assert host_dir == DASHBOARD_JSON.parent
    assert (COMPOSE_DIR / mounts["/etc/grafana/provisioning"]).resolve() == GRAFANA_DIR / "provisioning"
