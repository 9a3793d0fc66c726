"""The whole pipeline through a real Dagster instance, real HTTP on loopback and a real DuckDB file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from assets.io import PolarsParquetIOManager
from assets.resources import PipelineConfig
from conflict_events.settings import OFFLINE_SOURCES_TEMPLATE
from pipelines.definitions import ALL_ASSETS, ALL_CHECKS
from tests.support import CONTRACT_TABLES, free_port


@pytest.fixture
def samples(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the bundled samples served on a free port, so tests never clash with `make run`."""
    monkeypatch.setenv("CONFLICT_EVENTS_SAMPLES_PORT", str(free_port()))
    root = tmp_path / "samples"
    shutil.copytree(OFFLINE_SOURCES_TEMPLATE.parent, root)
    return root / OFFLINE_SOURCES_TEMPLATE.name


def run(pipeline: PipelineConfig, instance: dg.DagsterInstance) -> dg.ExecuteInProcessResult:
    result = dg.materialize([*ALL_ASSETS, *ALL_CHECKS], instance=instance,
                            resources={"pipeline": pipeline, "io_manager": PolarsParquetIOManager()})
    assert result.success
    return result


def table_counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in CONTRACT_TABLES}
    finally:
        con.close()


def test_offline_samples_end_to_end_and_idempotent_rerun(samples: Path, tmp_path: Path) -> None:
    db = tmp_path / "out" / "warehouse.duckdb"
    pipeline = PipelineConfig(sources_path=str(samples), db_path=str(db), raw_dir=str(tmp_path / "raw"))
    with dg.instance_for_test() as instance:
        first = run(pipeline, instance)
        checks = first.get_asset_check_evaluations()
        assert checks and all(c.passed for c in checks if c.blocking)
        # The samples include a ministry behind a bot wall: a WARN on source_runs, not a silent green run.
        (fetched,) = [c for c in checks if c.check_name == "every_source_fetched"]
        assert not fetched.passed and fetched.severity == dg.AssetCheckSeverity.WARN
        assert fetched.metadata["status/walled_ministry"].value == "blocked"
        counts = table_counts(db)
        con = duckdb.connect(str(db), read_only=True)
        kinds = dict(con.execute("select source_kind, count(*) from documents group by 1").fetchall())
        docs_before = con.sql("select doc_id, url, content_sha256, fetched_at from documents order by 1").pl()
        event_ids_before = con.sql("select event_id from events order by 1").pl()
        con.close()
        assert kinds.get("newsletter", 0) >= 4 and kinds.get("comment", 0) >= 2
        assert kinds.get("official_statement", 0) >= 1
        assert counts["events"] > 0 and counts["event_mentions"] >= counts["events"]

        second = run(pipeline, instance)
        runs = second.output_for_node("raw_captures")
        assert int(runs["downloaded"].sum()) == 0, "an unchanged site costs no body on the second run"
        assert int(runs["not_modified"].sum()) > 0
        assert table_counts(db) == counts
        con = duckdb.connect(str(db), read_only=True)
        assert con.sql("select doc_id, url, content_sha256, fetched_at from documents order by 1").pl().equals(
            docs_before)
        assert con.sql("select event_id from events order by 1").pl().equals(event_ids_before)
        con.close()

    statuses = [json.loads(line)["status"] for line in (tmp_path / "raw" / "captures.jsonl").read_text().splitlines()]
    assert 304 in statuses


def test_a_failing_source_is_reported_and_the_others_go_on(samples: Path, tmp_path: Path) -> None:
    broken = samples.parent / "with_broken.yaml"
    broken.write_text(
        samples.read_text()
        + "  - id: gone\n    kind: substack\n    url: '{{BASE}}/no-such-publication'\n    source_kind: newsletter\n"
    )
    db = tmp_path / "warehouse.duckdb"
    pipeline = PipelineConfig(sources_path=str(broken), db_path=str(db), raw_dir=str(tmp_path / "raw"))
    with dg.instance_for_test() as instance:
        result = run(pipeline, instance)
    runs: pl.DataFrame = result.output_for_node("raw_captures")
    status = dict(zip(runs["source_id"], runs["status"], strict=True))
    assert status["gone"] == "failed"
    assert sum(1 for s in status.values() if s == "ok") >= 1
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("select count(*) from documents").fetchone()[0] > 0
    assert con.execute("select status from source_runs where source_id = 'gone'").fetchone() == ("failed",)
    con.close()
