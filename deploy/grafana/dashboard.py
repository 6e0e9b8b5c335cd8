"""Generate the Holdline Grafana dashboard (deploy/grafana/dashboards/holdline.json) from code.

Built with Grafana's own maintained builder library (grafana-foundation-sdk) so panels are typed rather
than hand-edited JSON. The JSON is committed because Grafana provisioning (compose) and the Kubernetes
ConfigMap read a file; tests/deploy checks that it equals this generator's output and that every query
names only metrics the worker exports.

    .venv/bin/python deploy/grafana/dashboard.py          # rewrite the JSON
    .venv/bin/python deploy/grafana/dashboard.py --check  # exit 1 if the JSON is out of date
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from grafana_foundation_sdk.builders.common import VizLegendOptions
from grafana_foundation_sdk.builders.dashboard import Dashboard, DatasourceVariable, Row
from grafana_foundation_sdk.builders.prometheus import Dataquery as PromQuery
from grafana_foundation_sdk.builders.stat import Panel as Stat
from grafana_foundation_sdk.builders.timeseries import Panel as Timeseries
from grafana_foundation_sdk.cog.encoder import JSONEncoder
from grafana_foundation_sdk.models.common import LegendDisplayMode, LegendPlacement
from grafana_foundation_sdk.models.dashboard import DataSourceRef

OUTPUT = Path(__file__).resolve().parent / "dashboards" / "holdline.json"
UID = "holdline-overview"
JOB = 'job="holdline"'
API = 'job="holdline-api"'  # the HTTP screening service's scrape job
# Every query goes through the dashboard's data source variable, so the JSON works with any Prometheus
# (the compose stack provisions one; a cluster's Grafana picks its own).
DATASOURCE = DataSourceRef(type_val="prometheus", uid="${datasource}")


def query(expr: str, legend: str = "__auto", ref: str = "A") -> PromQuery:
    return PromQuery().expr(expr).legend_format(legend).ref_id(ref).datasource(DATASOURCE)


def timeseries(title: str, description: str, unit: str, *queries: PromQuery, width: int = 12) -> Timeseries:
    panel = (
        Timeseries()
        .title(title)
        .description(description)
        .unit(unit)
        .datasource(DATASOURCE)
        .span(width)
        .height(8)
        .legend(
            VizLegendOptions()
            .display_mode(LegendDisplayMode.LIST)
            .placement(LegendPlacement.BOTTOM)
            .show_legend(True)
        )
    )
    for q in queries:
        panel = panel.with_target(q)
    return panel


def stat(title: str, description: str, unit: str, q: PromQuery, width: int = 6) -> Stat:
    return (
        Stat()
        .title(title)
        .description(description)
        .unit(unit)
        .datasource(DATASOURCE)
        .span(width)
        .height(5)
        .with_target(q.instant())
    )


def rate(metric: str, by: str = "", matchers: str = "") -> str:
    selector = f"{metric}{{{JOB}{',' + matchers if matchers else ''}}}"
    grouping = f" by ({by})" if by else ""
    return f"sum{grouping} (rate({selector}[$__rate_interval]))"


def quantile(q: float, metric: str) -> str:
    return f"histogram_quantile({q}, sum by (le) (rate({metric}_bucket{{{JOB}}}[$__rate_interval])))"


def api_quantile(q: float) -> str:
    return (
        f"histogram_quantile({q}, sum by (route, le) "
        f"(rate(holdline_api_request_duration_seconds_bucket{{{API}}}[$__rate_interval])))"
    )


def build() -> Dashboard:
    events = "holdline_events_total"
    return (
        Dashboard("Holdline")
        .uid(UID)
        .description("Restricted-party screening: decisions, latency, lists, Kafka consumption")
        .tags(["holdline", "screening", "kafka"])
        .refresh("30s")
        .time("now-6h", "now")
        .timezone("browser")
        .with_variable(DatasourceVariable("datasource").label("Data source").type("prometheus"))
        .with_row(Row("Decisions"))
        .with_panel(
            timeseries(
                "Events by outcome",
                "Input events per second by decision: hold, cleared, deadletter.",
                "ops",
                query(rate(events, "outcome"), "{{outcome}}"),
            )
        )
        .with_panel(
            timeseries(
                "Hold rate",
                "Share of events held, against the 6-hour baseline the hold-rate alert uses.",
                "percentunit",
                query(rate(events, matchers='outcome="hold"') + " / " + rate(events), "hold rate"),
                query("holdline:hold_ratio:rate6h", "6h baseline", "B"),
            )
        )
        .with_panel(
            timeseries(
                "Holds by reason",
                "match: a party scored at or above the threshold; screening_unavailable: "
                "the worker failed closed.",
                "ops",
                query(rate("holdline_holds_total", "reason"), "{{reason}}"),
            )
        )
        .with_panel(
            timeseries(
                "Parties screened by role",
                "Parties per second, by their role in the event.",
                "ops",
                query(rate("holdline_parties_screened_total", "role"), "{{role}}"),
            )
        )
        .with_row(Row("Latency"))
        .with_panel(
            timeseries(
                "Event-to-decision latency",
                "From the input record's timestamp to the decision record being sent.",
                "s",
                query(quantile(0.5, "holdline_decision_latency_seconds"), "p50"),
                query(quantile(0.9, "holdline_decision_latency_seconds"), "p90", "B"),
                query(quantile(0.99, "holdline_decision_latency_seconds"), "p99", "C"),
            )
        )
        .with_panel(
            timeseries(
                "Screening duration",
                "CPU time to screen all parties of one event.",
                "s",
                query(quantile(0.5, "holdline_screening_duration_seconds"), "p50"),
                query(quantile(0.99, "holdline_screening_duration_seconds"), "p99", "B"),
            )
        )
        .with_panel(
            timeseries(
                "Event loop lag (p99)",
                "Stalls of the worker's event loop put heartbeats and commits at risk.",
                "s",
                query(
                    "histogram_quantile(0.99, sum by (instance, le) "
                    f"(rate(holdline_event_loop_lag_seconds_bucket{{{JOB}}}[$__rate_interval])))",
                    "{{instance}}",
                ),
                width=24,
            )
        )
        .with_row(Row("Lists"))
        .with_panel(
            timeseries(
                "Matches by list",
                "Matches at or above the threshold per second, by list.",
                "ops",
                query(rate("holdline_matches_total", "list"), "{{list}}"),
            )
        )
        .with_panel(
            timeseries(
                "List snapshot age",
                "Age of each worker's active snapshot since it was published (or fetched), "
                "and time since the worker loaded it. The stale alert fires past 36 hours.",
                "s",
                query(f"max by (instance) (holdline_list_snapshot_age_seconds{{{JOB}}})", "age {{instance}}"),
                query(
                    f"time() - max by (instance) (holdline_list_loaded_timestamp_seconds{{{JOB}}})",
                    "loaded {{instance}}",
                    "B",
                ),
            )
        )
        .with_panel(
            stat(
                "Lists loaded",
                "Workers with a list snapshot loaded / workers; below means failing closed.",
                "none",
                query(f"sum(holdline_lists_loaded{{{JOB}}})"),
            )
        )
        .with_panel(
            stat(
                "Entries by list",
                "Entries in the active snapshot.",
                "none",
                query(f"max by (list) (holdline_list_entries{{{JOB}}})", "{{list}}"),
                width=12,
            )
        )
        .with_panel(
            stat(
                "Snapshot versions",
                "Workers per active snapshot version (more than one during a rollout).",
                "none",
                query(f"count by (version) (holdline_list_snapshot_info{{{JOB}}})", "{{version}}"),
            )
        )
        .with_row(Row("Review"))
        .with_panel(
            timeseries(
                "Holds awaiting review",
                "Held events with no reviewer decision yet.",
                "short",
                query(f"max(holdline_holds_open{{{JOB}}})", "open holds"),
                width=8,
            )
        )
        .with_panel(
            timeseries(
                "Decisions by action",
                "Reviewers' decisions applied per interval: release or confirm.",
                "short",
                query(
                    f"sum by (action) (increase(holdline_decisions_total{{{JOB}}}[$__rate_interval]))",
                    "{{action}}",
                ),
                width=8,
            )
        )
        .with_panel(
            timeseries(
                "Allow-list suppressions",
                "Matches an allowance suppressed (each in the audit trail).",
                "short",
                query(
                    f"sum(increase(holdline_allowlist_suppressed_total{{{JOB}}}[$__rate_interval]))",
                    "suppressed",
                ),
                width=8,
            )
        )
        .with_row(Row("HTTP API"))
        .with_panel(
            timeseries(
                "API requests by route and status",
                "Requests per second to `holdline api serve`, by route "
                "template and HTTP status (401: no valid token; 429: rate limit; 503: cannot screen).",
                "ops",
                query(
                    f"sum by (route, status) (rate(holdline_api_requests_total{{{API}}}[$__rate_interval]))",
                    "{{route}} {{status}}",
                ),
            )
        )
        .with_panel(
            timeseries(
                "API 5xx ratio",
                "Share of API requests answered 5xx: callers got no screening answer. The API "
                "alert fires above 5% for 5 minutes.",
                "percentunit",
                query(
                    f'sum(rate(holdline_api_requests_total{{{API},status=~"5.."}}[$__rate_interval])) / '
                    f"sum(rate(holdline_api_requests_total{{{API}}}[$__rate_interval]))",
                    "5xx ratio",
                ),
            )
        )
        .with_panel(
            timeseries(
                "API latency by route",
                "Request latency (p50, p99) per route template.",
                "s",
                query(api_quantile(0.5), "p50 {{route}}"),
                query(api_quantile(0.99), "p99 {{route}}", "B"),
                width=18,
            )
        )
        .with_panel(
            stat(
                "API pods ready",
                "API processes that may screen (snapshot loaded, not held stale).",
                "none",
                query(f"sum(holdline_api_ready{{{API}}})"),
            )
        )
        .with_row(Row("Kafka and workers"))
        .with_panel(
            timeseries(
                "Consumer lag by topic",
                "Records not yet committed, summed over partitions.",
                "short",
                query(f"sum by (topic) (holdline_consumer_lag{{{JOB}}})", "{{topic}}"),
            )
        )
        .with_panel(
            timeseries(
                "Dead-letters by reason",
                "Input events dead-lettered per interval, by reason.",
                "short",
                query(
                    f"sum by (reason) (increase(holdline_deadletters_total{{{JOB}}}[$__rate_interval]))",
                    "{{reason}}",
                ),
            )
        )
        .with_panel(
            stat(
                "Workers up",
                "Workers Prometheus scrapes successfully.",
                "none",
                query(f"count(up{{{JOB}}} == 1)"),
            )
        )
        .with_panel(
            timeseries(
                "Assigned partitions",
                "Partitions each worker owns; workers beyond the partition count idle.",
                "short",
                query(f"holdline_assigned_partitions{{{JOB}}}", "{{instance}}"),
                width=18,
            )
        )
    )


def render() -> str:
    dashboard: Any = build().build()
    # Stable, unique panel ids (rows included): Grafana links and panel-scoped state key on them.
    for number, panel in enumerate(dashboard.panels, start=1):
        panel.id_val = number
    return JSONEncoder(sort_keys=True, indent=2).encode(dashboard) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the committed JSON is out of date")
    args = parser.parse_args(argv)
    text = render()
    json.loads(text)  # the encoder's output must be plain JSON
    if args.check:
        current = OUTPUT.read_text() if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT} is out of date: run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text)
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
