"""What a data engineer does: start `dagster dev` from workspace.yaml and launch the refresh from the UI's API."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import httpx
from dagster_graphql import DagsterGraphQLClient

from conflict_events.settings import OFFLINE_SOURCES_TEMPLATE, PROJECT_ROOT
from tests.support import free_port

SCHEDULE_STATE_QUERY = """
query { schedulesOrError(repositorySelector: {repositoryLocationName: "conflict_events",
                                              repositoryName: "__repository__"}) {
  ... on Schedules { results { name scheduleState { status } } } } }
"""


def test_dagster_dev_runs_the_refresh_job_and_the_schedule_is_on(tmp_path: Path) -> None:
    samples = tmp_path / "samples"
    shutil.copytree(OFFLINE_SOURCES_TEMPLATE.parent, samples)
    db = tmp_path / "warehouse.duckdb"
    ui_port = free_port()
    env = {
        **os.environ,
        "DAGSTER_HOME": str(tmp_path / "dagster_home"),
        "CONFLICT_EVENTS_SOURCES": str(samples / OFFLINE_SOURCES_TEMPLATE.name),
        "CONFLICT_EVENTS_DB": str(db),
        "CONFLICT_EVENTS_SAMPLES_PORT": str(free_port()),
    }
    (tmp_path / "dagster_home").mkdir()
    dagster = Path(sys.executable).parent / "dagster"
    server = subprocess.Popen(
        [str(dagster), "dev", "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(ui_port)],
        cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{ui_port}/server_info", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "dagster dev did not come up"
            assert server.poll() is None, "dagster dev exited"
            time.sleep(1)
        client = DagsterGraphQLClient("127.0.0.1", port_number=ui_port)
        states = httpx.post(f"http://127.0.0.1:{ui_port}/graphql", json={"query": SCHEDULE_STATE_QUERY},
                            timeout=30).json()
        schedules = {s["name"]: s["scheduleState"]["status"]
                     for s in states["data"]["schedulesOrError"]["results"]}
        assert schedules == {"nightly_refresh": "RUNNING"}

        run_id = client.submit_job_execution("refresh_all", repository_location_name="conflict_events")
        status = None
        while time.monotonic() < deadline + 180:
            status = client.get_run_status(run_id).value
            if status in ("SUCCESS", "FAILURE", "CANCELED"):
                break
            time.sleep(2)
        assert status == "SUCCESS"
        con = duckdb.connect(str(db), read_only=True)
        assert con.execute("select count(*) from documents").fetchone()[0] > 0
        assert con.execute("select count(*) from events").fetchone()[0] > 0
        con.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
