"""Clean recovery: leftovers of interrupted runs are cleaned at the next start, and a run that
published never exits with an error because of the summary."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import dagster as dg
import polars as pl

from conflict_events.settings import OFFLINE_SOURCES_TEMPLATE, PROJECT_ROOT, SQL_DIR
from conflict_events.warehouse.build import publish
from pipelines.recovery import HOST_TAG, PID_TAG, fail_runs_of_dead_processes
from tests.support import free_port


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_stale_building_files_are_removed_at_the_next_publish(tmp_path: Path) -> None:
    db = tmp_path / "warehouse.duckdb"
    crashed = tmp_path / f".warehouse.duckdb.{dead_pid()}-{uuid.uuid4().hex}.building"
    crashed_wal = crashed.with_name(crashed.name + ".wal")
    old_style = tmp_path / f".warehouse.duckdb.{uuid.uuid4().hex}.building"  # no pid: judged by age
    writer = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live = tmp_path / f".warehouse.duckdb.{writer.pid}-{uuid.uuid4().hex}.building"
        for path in (crashed, crashed_wal, old_style, live):
            path.write_bytes(b"half a database")
        two_hours_ago = time.time() - 7200
        os.utime(old_style, (two_hours_ago, two_hours_ago))
        other_file = tmp_path / f".other.duckdb.{dead_pid()}-{uuid.uuid4().hex}.building"
        other_file.write_bytes(b"another warehouse's build")

        publish({"documents": pl.DataFrame({"doc_id": ["d"], "source_id": ["s"], "source_kind": ["newsletter"],
                                            "url": ["https://example.org/d"]})}, db, SQL_DIR)
        assert not crashed.exists() and not crashed_wal.exists() and not old_style.exists()
        assert live.exists(), "a build of a live process is left alone"
        assert other_file.exists(), "only this warehouse's leftovers"
    finally:
        writer.kill()
        writer.wait()


def test_a_run_left_started_by_a_dead_process_is_marked_failed(tmp_path: Path) -> None:
    import socket

    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        with dg.instance_for_test() as instance:
            def started_run(pid: int) -> str:
                run = instance.add_run(dg.DagsterRun(
                    job_name="refresh_all", run_id=str(uuid.uuid4()), status=dg.DagsterRunStatus.STARTED,
                    tags={PID_TAG: str(pid), HOST_TAG: socket.gethostname()},
                ))
                return run.run_id

            orphan = started_run(dead_pid())
            running = started_run(sleeper.pid)
            assert fail_runs_of_dead_processes(instance) == [orphan]
            assert instance.get_run_by_id(orphan).status == dg.DagsterRunStatus.FAILURE
            assert instance.get_run_by_id(running).status == dg.DagsterRunStatus.STARTED
            assert fail_runs_of_dead_processes(instance) == []
    finally:
        sleeper.kill()
        sleeper.wait()


def test_make_run_succeeds_when_someone_opens_the_new_file_read_write_at_once(tmp_path: Path) -> None:
    samples = tmp_path / "samples"
    shutil.copytree(OFFLINE_SOURCES_TEMPLATE.parent, samples)
    db = tmp_path / "out" / "warehouse.duckdb"
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path / "home"), "CONFLICT_EVENTS_DB": str(db),
           "CONFLICT_EVENTS_SOURCES": str(samples / OFFLINE_SOURCES_TEMPLATE.name),
           "CONFLICT_EVENTS_SAMPLES_PORT": str(free_port())}
    # An analyst's tool that opens the warehouse read-write the moment the run is done with it (the last
    # asset wrote its report) and keeps it: the end-of-run summary cannot read it back.
    report = db.parent / "report" / "index.html"
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import os, sys, time, duckdb
        while not os.path.exists({str(report)!r}):
            time.sleep(0.01)
        for _ in range(500):
            try:
                con = duckdb.connect({str(db)!r})
                break
            except duckdb.Error:
                time.sleep(0.01)
        print("holding", flush=True)
        time.sleep(120)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        done = subprocess.run([sys.executable, "-m", "pipelines.run"], cwd=PROJECT_ROOT, env=env,
                              capture_output=True, text=True, timeout=600)
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        assert done.returncode == 0, done.stderr[-2000:]
        assert "documents" in done.stdout and "events" in done.stdout
    finally:
        holder.kill()
        holder.wait()
