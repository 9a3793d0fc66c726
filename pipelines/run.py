"""`make run`: materialise every asset once, recorded in the Dagster instance at $DAGSTER_HOME.

Runs the `refresh_all` job in this process (the same definitions the UI and the schedule use) and
prints what was published. Exits non-zero when the run fails; never after a run that published
(the summary comes from the run's own record, not from re-opening the file someone may hold).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import dagster as dg

from assets.resources import REFRESH_POOL
from conflict_events.report.summary import CONSOLE_INFO, run_summary
from pipelines.definitions import defs
from pipelines.recovery import (
    ensure_refresh_pool_limit,
    fail_runs_of_dead_processes,
    other_refreshes_in_progress,
    process_tags,
)

# How long `make run` waits for a refresh already running (launched from the UI or the schedule).
WAIT_FOR_OTHER_REFRESH_S = float(os.environ.get("CONFLICT_EVENTS_WAIT_FOR_OTHER_REFRESH_S", 6 * 3600))


def _instance() -> dg.DagsterInstance:
    if "DAGSTER_HOME" in os.environ:
        os.makedirs(os.environ["DAGSTER_HOME"], exist_ok=True)
        return dg.DagsterInstance.get()
    return dg.DagsterInstance.ephemeral()


def wait_for_other_refreshes(instance: dg.DagsterInstance, timeout_s: float = WAIT_FOR_OTHER_REFRESH_S) -> bool:
    """One refresh at a time, also for this in-process run the run queue does not see before it starts."""
    deadline = time.monotonic() + timeout_s
    announced = False
    while running := other_refreshes_in_progress(instance):
        if not announced:
            print(f"waiting for the refresh already running ({', '.join(running)}) to finish", flush=True)
            announced = True
        if time.monotonic() > deadline:
            return False
        time.sleep(2)
    return True


def published_summary(result: dg.ExecuteInProcessResult) -> list[str]:
    """Row counts of the published file, from the run's `warehouse` materialization."""
    lines = []
    for materialization in result.asset_materializations_for_node("warehouse"):
        counts = materialization.metadata.get("row_counts")
        for table, count in sorted((counts.value if counts is not None else {}).items()):
            lines.append(f"  {table:16s} {count:8d} rows")
    return lines


def main() -> int:
    instance = _instance()
    ensure_refresh_pool_limit(instance, REFRESH_POOL)
    for run_id in fail_runs_of_dead_processes(instance):
        print(f"run {run_id} was left STARTED by a process that is gone: marked failed", flush=True)
    if not wait_for_other_refreshes(instance):
        print("another refresh is still running; not starting a second one", file=sys.stderr)
        return 1
    pipeline = defs.resources["pipeline"]
    print(f"sources: {pipeline.sources_path}\nwarehouse: {pipeline.db_path}", flush=True)
    result = defs.resolve_job_def("refresh_all").execute_in_process(
        instance=instance, raise_on_error=False, run_config=CONSOLE_INFO, tags=process_tags()
    )
    if not result.success:
        print("run failed: see the log above (and the run in the Dagster UI)", file=sys.stderr)
        return 1
    try:
        print(run_summary(Path(pipeline.db_path), Path(pipeline.sources_path)))
    except Exception as exc:  # the data is published; a summary problem (say, someone holding the new
        # file read-write this very moment) must not fail the run: fall back on the run's own record
        print(f"published (the file could not be read back for the summary: {exc})", file=sys.stderr)
        print("\n".join(published_summary(result)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
