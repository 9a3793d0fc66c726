"""One real `python -m pipelines.run` (what `make run` runs) over the bundled samples, shared by the export,
report and run-summary tests: a real Dagster instance, real HTTP on loopback, a real DuckDB file."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from conflict_events.settings import PROJECT_ROOT
from tests.support import free_port


@dataclass(frozen=True)
class PublishedRun:
    root: Path
    db: Path
    exports: Path
    report: Path
    dagster_home: Path
    stdout: str
    stderr: str


@cache
def published_run() -> PublishedRun:
    root = Path(tempfile.mkdtemp(prefix="conflict_events_run_"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    db = root / "data" / "warehouse.duckdb"
    # As `make setup` does: the instance configuration from config/dagster.yaml.
    (root / "dagster_home").mkdir()
    shutil.copy(PROJECT_ROOT / "config" / "dagster.yaml", root / "dagster_home" / "dagster.yaml")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONFLICT_EVENTS_")}
    env |= {
        "CONFLICT_EVENTS_DB": str(db),
        "CONFLICT_EVENTS_SAMPLES_PORT": str(free_port()),
        "DAGSTER_HOME": str(root / "dagster_home"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "pipelines.run"], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return PublishedRun(root=root, db=db, exports=db.parent / "exports", report=db.parent / "report",
                        dagster_home=root / "dagster_home", stdout=done.stdout, stderr=done.stderr)
