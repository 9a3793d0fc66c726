"""One real `python -m pipelines.run` (what `make run` runs) over the bundled samples, shared by the export,
report and run-summary tests: a real Dagster instance, real HTTP on loopback, a real DuckDB file.

It runs once per test session even when pytest-xdist spreads those tests over several workers: the
`published` fixture (tests/conftest.py) hands every worker the same folder, the first worker to take the
lock runs the pipeline and records how it went, and the others read that record."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
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


def published_run(root: Path) -> PublishedRun:
    root.mkdir(parents=True, exist_ok=True)
    db = root / "data" / "warehouse.duckdb"
    record = root / "run.json"
    with (root / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not record.exists():
            record.write_text(json.dumps(_run_pipeline(root, db)), encoding="utf-8")
    done = json.loads(record.read_text(encoding="utf-8"))
    assert done["returncode"] == 0, done["stdout"][-3000:] + done["stderr"][-3000:]
    return PublishedRun(root=root, db=db, exports=db.parent / "exports", report=db.parent / "report",
                        dagster_home=root / "dagster_home", stdout=done["stdout"], stderr=done["stderr"])


def _run_pipeline(root: Path, db: Path) -> dict[str, object]:
    # As `make setup` does: the instance configuration from config/dagster.yaml.
    (root / "dagster_home").mkdir(exist_ok=True)
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
    return {"returncode": done.returncode, "stdout": done.stdout, "stderr": done.stderr}
