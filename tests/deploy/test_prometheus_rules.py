"""Prometheus config and alert rules, checked by Prometheus' own `promtool` (Debian's prometheus package).

Beyond `promtool test rules` passing, two mutations prove the rule tests have teeth: with an alert's
expression made never-true the tests must fail (each alert has a firing case), and with it made always-true
they must fail too (each alert has a quiet case on a healthy series after its `for` period).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from deploylib import (
    K8S_DIR,
    PROMETHEUS_DIR,
    alerts,
    load_rules,
    recorded_names,
    render_kustomization,
    run_promtool,
    unknown_series,
)

ALERTS = PROMETHEUS_DIR / "alerts.yml"
ALERTS_TEST = PROMETHEUS_DIR / "alerts_test.yml"
ALERT_NAMES = [rule["alert"] for rule in alerts()]

# What the deploy issue asks the alerts to cover, and the alert that covers it.
REQUIRED = {
    "worker down": "HoldlineWorkerDown",
    "consumer lag growing": "HoldlineConsumerLagGrowing",
    "hold rate far above its recent baseline": "HoldlineHoldRateAboveBaseline",
    "dead-letters appearing": "HoldlineDeadLettersAppearing",
    "list snapshot stale": "HoldlineListSnapshotStale",
    "screening latency p99 over its objective": "HoldlineScreeningLatencyHigh",
}


def _ok(result: Any) -> None:
    assert result.returncode == 0, f"promtool failed:\n{result.stdout}\n{result.stderr}"


def test_config_passes_promtool_check_config() -> None:
    result = run_promtool("check", "config", "prometheus.yml", cwd=PROMETHEUS_DIR)
    _ok(result)
    assert "1 rule files found" in result.stdout + result.stderr  # alerts.yml is loaded, not forgotten


def test_rules_pass_promtool_check_rules() -> None:
    _ok(run_promtool("check", "rules", "alerts.yml", cwd=PROMETHEUS_DIR))


def test_rule_unit_tests_pass() -> None:
    result = run_promtool("test", "rules", "alerts_test.yml", cwd=PROMETHEUS_DIR)
    _ok(result)
    assert "SUCCESS" in result.stdout


def test_every_required_alert_exists() -> None:
    missing = {need: name for need, name in REQUIRED.items() if name not in ALERT_NAMES}
    assert not missing


def test_every_alert_has_severity_summary_and_description() -> None:
    for rule in alerts():
        assert rule["labels"]["severity"] in {"critical", "warning"}, rule["alert"]
        assert rule["annotations"].get("summary") and rule["annotations"].get("description"), rule["alert"]


def test_rules_name_only_metrics_the_worker_exports() -> None:
    recorded = recorded_names()
    problems = {
        rule.get("alert") or rule.get("record"): unknown_series(rule["expr"], recorded)
        for rule in load_rules()
    }
    assert not {k: v for k, v in problems.items() if v}


def _duration_seconds(text: str | None) -> float:
    if not text:
        return 0.0
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    return float(text[:-1]) * units[text[-1]]


def test_each_alert_has_a_firing_case_and_a_quiet_case_after_its_for_period() -> None:
    spec = yaml.safe_load(ALERTS_TEST.read_text())
    fires: set[str] = set()
    quiet: set[str] = set()
    waits = {rule["alert"]: _duration_seconds(rule.get("for")) for rule in alerts()}
    for group in spec["tests"]:
        for case in group.get("alert_rule_test", []):
            name = case["alertname"]
            if case.get("exp_alerts"):
                fires.add(name)
            elif _duration_seconds(case["eval_time"]) > waits[name]:
                quiet.add(name)
    assert set(ALERT_NAMES) - fires == set()
    assert set(ALERT_NAMES) - quiet == set()


def _mutated_rule_test(tmp_path: Path, alert: str, mutate: str) -> Any:
    """Run only `alert`'s unit tests against a copy of alerts.yml whose expression for it is changed."""
    rules = yaml.safe_load(ALERTS.read_text())
    for group in rules["groups"]:
        for rule in group["rules"]:
            if rule.get("alert") == alert:
                rule["expr"] = mutate.format(expr=rule["expr"].strip())
    (tmp_path / "alerts.yml").write_text(yaml.safe_dump(rules, sort_keys=False))
    tests = yaml.safe_load(ALERTS_TEST.read_text())
    groups = []
    for group in tests["tests"]:
        cases = [c for c in group.get("alert_rule_test", []) if c["alertname"] == alert]
        if cases:
            groups.append({**group, "alert_rule_test": cases})
    tests["tests"] = groups
    (tmp_path / "alerts_test.yml").write_text(yaml.safe_dump(tests, sort_keys=False))
    return run_promtool("test", "rules", "alerts_test.yml", cwd=tmp_path)


@pytest.mark.parametrize("alert", ALERT_NAMES)
def test_rule_tests_catch_an_alert_that_never_fires(alert: str, tmp_path: Path) -> None:
    result = _mutated_rule_test(tmp_path, alert, "vector(1) < 0")
    assert result.returncode != 0, f"{alert}: its tests still pass when it can never fire"


@pytest.mark.parametrize("alert", ALERT_NAMES)
def test_rule_tests_catch_an_alert_that_always_fires(alert: str, tmp_path: Path) -> None:
    result = _mutated_rule_test(tmp_path, alert, "({expr}) or on() vector(1)")
    assert result.returncode != 0, f"{alert}: its tests still pass when it fires on healthy series too"


def test_kubernetes_prometheusrule_holds_the_same_rules_and_passes_promtool(tmp_path: Path) -> None:
    (rule,) = [o for o in render_kustomization(K8S_DIR) if o["kind"] == "PrometheusRule"]
    assert rule["spec"]["groups"] == yaml.safe_load(ALERTS.read_text())["groups"], (
        "deploy/k8s/prometheusrule.yaml differs from deploy/prometheus/alerts.yml: "
        "run .venv/bin/python deploy/k8s/sync_rules.py"
    )
    extracted = tmp_path / "prometheusrule-groups.yml"
    extracted.write_text(yaml.safe_dump({"groups": rule["spec"]["groups"]}))
    _ok(run_promtool("check", "rules", str(extracted)))
