"""`make run`: materialise every asset once, recorded in the Dagster instance at $DAGSTER_HOME.

Runs the `refresh_all` job in this process (the same definitions the UI and the schedule use) and
prints what was published. Exits non-zero when the run fails.
"""

from __future__ import annotations

import os
import sys

import dagster as dg
import duckdb

from pipelines.definitions import defs


def main() -> int:
    if "DAGSTER_HOME" in os.environ:
        os.makedirs(os.environ["DAGSTER_HOME"], exist_ok=True)
        instance = dg.DagsterInstance.get()
    else:
        instance = dg.DagsterInstance.ephemeral()
    pipeline = defs.resources["pipeline"]
    print(f"sources: {pipeline.sources_path}\nwarehouse: {pipeline.db_path}", flush=True)
    result = defs.resolve_job_def("refresh_all").execute_in_process(instance=instance, raise_on_error=False)
    if not result.success:
        print("run failed: see the log above (and the run in the Dagster UI)", file=sys.stderr)
        return 1
    con = duckdb.connect(pipeline.db_path, read_only=True)
    try:
        tables = [r[0] for r in con.execute(
            "select table_name from information_schema.tables where table_type = 'BASE TABLE' order by 1"
        ).fetchall()]
        for table in tables:
            (count,) = con.execute(f'select count(*) from "{table}"').fetchone() or (0,)
            print(f"  {table:16s} {count:8d} rows")
    finally:
        con.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
