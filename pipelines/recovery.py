"""Clean recovery after an interrupted `make run`: runs left STARTED by a dead process are marked failed.

`make run` executes in its own process and tags its run with that process's pid and host. A run
found STARTING/STARTED/CANCELING at the next start whose process on this host is gone can never
finish: it is reported failed (with a message saying why), so the history shows the truth and the
run queue's one-refresh-at-a-time limit is not held forever. Runs launched by the daemon or the UI
are watched by Dagster's own run monitoring (config/dagster.yaml).
"""

from __future__ import annotations

import os
import socket

import dagster as dg

PID_TAG = "conflict_events/pid"
HOST_TAG = "conflict_events/host"
IN_PROGRESS = [dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.CANCELING]


def process_tags() -> dict[str, str]:
    """Tags that let a later start tell whether this run's process is still alive."""
    return {PID_TAG: str(os.getpid()), HOST_TAG: socket.gethostname()}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


def fail_runs_of_dead_processes(instance: dg.DagsterInstance) -> list[str]:
    """Mark failed every in-progress run whose `make run` process on this host has died; their ids."""
    host = socket.gethostname()
    failed = []
    for run in instance.get_runs(filters=dg.RunsFilter(statuses=IN_PROGRESS)):
        pid, run_host = run.tags.get(PID_TAG), run.tags.get(HOST_TAG)
        if pid is None or run_host != host or not pid.isdigit() or int(pid) == os.getpid():
            continue
        if _alive(int(pid)):
            continue
        instance.report_run_failed(
            run, message=f"marked failed at the next start: its process {pid} on {host} is gone (interrupted)"
        )
        failed.append(run.run_id)
    return failed


def ensure_refresh_pool_limit(instance: dg.DagsterInstance, pool: str) -> None:
    """Give the refresh pool its limit of 1 explicitly: a pool that only has the instance's default
    limit is set up lazily, and two runs submitted at the same moment could both pass before it is."""
    storage = instance.event_log_storage
    if storage.supports_global_concurrency_limits:
        storage.set_concurrency_slots(pool, 1)


def other_refreshes_in_progress(instance: dg.DagsterInstance) -> list[str]:
    """Ids of runs still in progress (after dead ones were failed): a new refresh waits for them."""
    return [r.run_id for r in instance.get_runs(filters=dg.RunsFilter(statuses=IN_PROGRESS))]
