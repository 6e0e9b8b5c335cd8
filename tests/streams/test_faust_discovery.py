"""A Holdline app records nothing for Faust's autodiscovery scan and still has every agent it registers
(decision 0530); with autodiscover on, Faust records as before."""

from __future__ import annotations

from tests.support.python_probe import run_probe

# `venusian.ATTACH_ATTR`: where venusian keeps what it recorded on a decorated object.
RECORDED = "__venusian_callbacks__"

HOLDLINE_APP = f"""
import json
from streams.app import create_app
from streams.cli.worker import worker_plugins
from streams.settings import Settings
settings = Settings().with_overrides(broker="kafka://127.0.0.1:9")
holdline = create_app(settings, plugins=worker_plugins(settings))
agents = list(holdline.app.agents.values())
print(json.dumps({{"agents": len(agents), "recorded": sum(hasattr(a, "{RECORDED}") for a in agents)}}))
holdline.close()
"""

SCANNING_APP = f"""
import json
import faust
from streams.faust_discovery import skip_discovery_records
skipped = skip_discovery_records(True)
app = faust.App("holdline-test-scanning", autodiscover=True)
@app.agent()
async def agent(stream):
    async for _ in stream:
        pass
print(json.dumps({{"skipped": skipped, "recorded": hasattr(agent, "{RECORDED}")}}))
"""


def test_a_holdline_app_registers_its_agents_without_recording_them_for_a_scan() -> None:
    found, _ = run_probe(HOLDLINE_APP)
    assert found["agents"] >= 1
    assert found["recorded"] == 0


def test_an_app_that_scans_still_records_its_agents() -> None:
    found, _ = run_probe(SCANNING_APP)
    assert found == {"skipped": False, "recorded": True}
