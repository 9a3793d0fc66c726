"""The published file opens in a DuckDB 1.x client: DuckDB 1.4.5, pinned and installed by `make test-tools`
into .tools/duckdb-1.4.5 (a separate environment; nothing is fetched during the test), run in a subprocess.
The file is also checked to carry the v1.4.0 storage version tag."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import duckdb
import pytest

from conflict_events.settings import PROJECT_ROOT
from tests.report.published import PublishedRun
from tests.support import CONTRACT_TABLES

DUCKDB1 = PROJECT_ROOT / ".tools" / "duckdb-1.4.5"

READ_WITH_OLD_CLIENT = """
import json, sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
tables = json.loads(sys.argv[2])
counts = {t: con.execute(f'select count(*) from "{t}"').fetchall()[0][0] for t in tables}
strikes = con.execute("select count(*) from strikes").fetchall()[0][0]
print(json.dumps({"version": duckdb.__version__, "counts": counts, "strikes": strikes}))
"""


@pytest.fixture(scope="module")
def run(published: PublishedRun) -> PublishedRun:
    return published


def test_published_file_opens_in_a_duckdb_1_4_client(run: PublishedRun) -> None:
    assert (DUCKDB1 / "duckdb").is_dir(), f"{DUCKDB1} is missing: `make test-tools` installs the pinned client"
    env = {**os.environ, "PYTHONPATH": str(DUCKDB1), "PYTHONNOUSERSITE": "1"}
    done = subprocess.run(
        [sys.executable, "-S", "-c", READ_WITH_OLD_CLIENT, str(run.db), json.dumps(CONTRACT_TABLES)],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["version"].startswith("1.4.")
    con = duckdb.connect(str(run.db), read_only=True)
    try:
        expected = {t: con.execute(f'select count(*) from "{t}"').fetchall()[0][0] for t in CONTRACT_TABLES}
        strikes = con.execute("select count(*) from strikes").fetchall()[0][0]
        (tags,) = con.execute("select tags from duckdb_databases() where database_name = 'warehouse'").fetchall()[0]
    finally:
        con.close()
    assert seen["counts"] == expected and expected["events"] > 0
    assert seen["strikes"] == strikes > 0
    assert tags["storage_version"].startswith("v1.4.0")
