"""The worker warms the engine before its first fork, so screening processes inherit the first-use tables."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from matchers.compiled import ENV_CACHE_DIR

# Compiles the built-in list into the cache folder given as argument, as `holdline lists publish` does.
COMPILE = """
import sys
from pathlib import Path
from matchers import DEFAULT_THRESHOLD, compiled
from streams.settings import builtin_list_path
compiled.compile_paths([builtin_list_path()], DEFAULT_THRESHOLD, Path(sys.argv[1]))
"""

# A worker's view in a fresh interpreter: the snapshot unpickled from the cache (a build would have loaded
# the tables itself), then a pool's first batch.
CHILD = """
import asyncio, json
from concurrent.futures import ThreadPoolExecutor
from matchers import translit, weights
from streams.metrics import Metrics
from streams.processing import Inbound, Processor
from streams.samples import SampleGenerator, builtin_entries
from streams.screening_pool import ScreeningPool
from streams.settings import Settings, builtin_list_path
from streams.snapshot import SnapshotHolder

settings = Settings()
holder = SnapshotHolder(Metrics(), freeze_gc=False)
holder.load([builtin_list_path()], settings.threshold)
words_before = weights.english_frequencies_loaded()
before = translit.piece.cache_info().currsize > 0
pool = ScreeningPool(Processor(settings, holder, Metrics()), 1, ThreadPoolExecutor(1))
sample = next(s for s in SampleGenerator(builtin_entries(), seed=1).samples(50) if s.stream == "purchases")
msg = Inbound(settings.topic_purchases, 0, 0, sample.key, sample.value, 1.0)
outs = asyncio.run(pool.process([msg]))
after = translit.piece.cache_info().currsize > 0
pool.close()
print(json.dumps({"words_before": words_before, "before": before, "after": after, "outputs": len(outs),
                  "forks": pool.forks}))
"""


def test_first_fork_warms_the_engine_in_the_worker(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = {**os.environ, ENV_CACHE_DIR: str(cache)}
    subprocess.run([sys.executable, "-c", COMPILE, str(cache)], check=True, env=env, timeout=120)
    proc = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    # The word-frequency table came with the snapshot (decision 0518); ICU's transliterations are the
    # warm-up's (its names in other scripts), made before the fork.
    assert result == {"words_before": True, "before": False, "after": True, "outputs": 1, "forks": 1}
