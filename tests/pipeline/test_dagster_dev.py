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


ASSET_KEYS_QUERY = "query { assetNodes { assetKey { path } } }"
MATERIALIZE_ALL = """
mutation($executionParams: ExecutionParams!) { launchPipelineExecution(executionParams: $executionParams) {
  ... on LaunchRunSuccess { run { runId } } ... on PythonError { message } } }
"""
RUN_TIMES = """
query($ids: [String!]) { runsOrError(filter: {runIds: $ids}) { ... on Runs { results { runId startTime endTime } } } }
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
    shutil.copy(PROJECT_ROOT / "config" / "dagster.yaml", tmp_path / "dagster_home" / "dagster.yaml")
    dagster = Path(sys.executable).parent / "dagster"
    # What `make dev` does before starting the UI.
    subprocess.run([str(dagster), "instance", "concurrency", "set", "conflict_events_refresh", "1"], env=env,
                   check=True, capture_output=True)
    server = subprocess.Popen(
        [str(dagster), "dev", "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(ui_port)],
        cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 300  # a loaded 2-core machine starts it slowly
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

        # The job and the UI's "Materialize all" launched at the same moment: they must not overlap.
        run_id = client.submit_job_execution("refresh_all", repository_location_name="conflict_events")
        keys = httpx.post(f"http://127.0.0.1:{ui_port}/graphql", json={"query": ASSET_KEYS_QUERY},
                          timeout=30).json()["data"]["assetNodes"]
        launched = httpx.post(f"http://127.0.0.1:{ui_port}/graphql", timeout=30, json={
            "query": MATERIALIZE_ALL, "variables": {"executionParams": {
                "mode": "default",
                "selector": {"repositoryLocationName": "conflict_events", "repositoryName": "__repository__",
                             "pipelineName": "__ASSET_JOB",
                             "assetSelection": [{"path": k["assetKey"]["path"]} for k in keys]},
            }}}).json()["data"]["launchPipelineExecution"]
        ui_run_id = launched["run"]["runId"]
        statuses: dict[str, str] = {}
        while time.monotonic() < deadline + 300:
            statuses = {r: client.get_run_status(r).value for r in (run_id, ui_run_id)}
            if all(s in ("SUCCESS", "FAILURE", "CANCELED") for s in statuses.values()):
                break
            time.sleep(2)
        assert statuses == {run_id: "SUCCESS", ui_run_id: "SUCCESS"}
        times = httpx.post(f"http://127.0.0.1:{ui_port}/graphql", timeout=30, json={
            "query": RUN_TIMES, "variables": {"ids": [run_id, ui_run_id]}}).json()["data"]["runsOrError"]["results"]
        (_a_start, a_end), (b_start, _b_end) = sorted((r["startTime"], r["endTime"]) for r in times)
        assert a_end <= b_start, f"the two refreshes overlapped: {times}"
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
