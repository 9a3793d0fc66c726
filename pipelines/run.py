"""`make run`: materialise every asset once, recorded in the Dagster instance at $DAGSTER_HOME.

Runs the `refresh_all` job in this process (the same definitions the UI and the schedule use) and
prints what was published. Exits non-zero when the run fails.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dagster as dg

from conflict_events.report.summary import CONSOLE_INFO, run_summary
from pipelines.definitions import defs


def main() -> int:
    if "DAGSTER_HOME" in os.environ:
        os.makedirs(os.environ["DAGSTER_HOME"], exist_ok=True)
        instance = dg.DagsterInstance.get()
    else:
        instance = dg.DagsterInstance.ephemeral()
    pipeline = defs.resources["pipeline"]
    print(f"sources: {pipeline.sources_path}\nwarehouse: {pipeline.db_path}", flush=True)
    result = defs.resolve_job_def("refresh_all").execute_in_process(
        instance=instance, raise_on_error=False, run_config=CONSOLE_INFO
    )
    if not result.success:
        print("run failed: see the log above (and the run in the Dagster UI)", file=sys.stderr)
        return 1
    print(run_summary(Path(pipeline.db_path), Path(pipeline.sources_path)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
