"""The exports `make run` writes beside the DB: Parquet with column comments, the ACLED-shaped CSV, the
GeoJSON of located events and the redistributable copy without document texts."""

from __future__ import annotations

import csv
import json

import duckdb
import polars as pl
import pyarrow.parquet as pq
import pytest

from tests.report.published import PublishedRun

ACLED_COLUMNS = [
    "event_id", "event_date", "date_start", "date_end", "date_precision", "event_type", "sub_event_type", "status",
    "actor1", "actor1_id", "actor1_role", "actor2", "actor2_id", "actor2_role", "location", "place_id", "admin1",
    "admin1_code", "country", "iso", "latitude", "longitude", "geo_precision", "target", "target_type", "weapon",
    "weapon_id", "source_count", "source_url", "notes", "confidence", "last_updated",
]


@pytest.fixture(scope="module")
def run(published: PublishedRun) -> PublishedRun:
    return published


@pytest.fixture(scope="module")
def con(run: PublishedRun) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(str(run.db), read_only=True)
    yield connection
    connection.close()


def test_parquet_per_table_carries_the_column_comments(run: PublishedRun, con: duckdb.DuckDBPyConnection) -> None:
    tables = [r[0] for r in con.execute("select table_name from duckdb_tables() where not internal").fetchall()]
    assert {"events", "documents", "places", "event_mentions", "source_runs"} <= set(tables)
    for table in tables:
        path = run.exports / "parquet" / f"{table}.parquet"
        schema = pq.read_schema(path)
        comments = dict(con.execute(
            "select column_name, comment from duckdb_columns() where table_name = ?", [table]
        ).fetchall())
        assert {f.name: f.metadata[b"comment"].decode() for f in schema} == comments
        assert json.loads(schema.metadata[b"column_comments"]) == comments
        assert pq.read_metadata(path).num_rows == con.execute(f'select count(*) from "{table}"').fetchall()[0][0]
    assert "place_id" in pq.read_schema(run.exports / "parquet" / "events.parquet").names


def test_acled_csv_has_one_row_per_event_with_a_bom(run: PublishedRun, con: duckdb.DuckDBPyConnection) -> None:
    raw = (run.exports / "events_acled.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert list(rows[0]) == ACLED_COLUMNS
    events = con.sql("select event_id, event_type, latitude, summary from events").pl()
    assert sorted(r["event_id"] for r in rows) == sorted(events["event_id"].to_list())
    by_id = {r["event_id"]: r for r in rows}
    for event in events.iter_rows(named=True):
        row = by_id[event["event_id"]]
        assert row["event_type"] == event["event_type"] and row["notes"] == (event["summary"] or "")
        assert (row["latitude"] == "") == (event["latitude"] is None)
        assert row["source_url"].startswith("http")
    strikes = [r for r in rows if r["event_type"] == "strike" and r["actor1"]]
    assert strikes and all(r["actor1_role"] == "initiator" for r in strikes)
    statements = [r for r in rows if r["event_type"] == "statement"]
    assert statements and all(r["actor1_role"] == "speaker" and r["actor1_id"] for r in statements)
    assert all(r["last_updated"] for r in rows)


def test_geojson_holds_every_located_event(run: PublishedRun, con: duckdb.DuckDBPyConnection) -> None:
    collection = json.loads((run.exports / "events.geojson").read_text(encoding="utf-8"))
    located = con.sql("select event_id, longitude, latitude from events where latitude is not null").pl()
    assert collection["type"] == "FeatureCollection" and located.height > 0
    features = {f["id"]: f for f in collection["features"]}
    assert set(features) == set(located["event_id"].to_list())
    for row in located.iter_rows(named=True):
        feature = features[row["event_id"]]
        assert feature["geometry"] == {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]}
        assert feature["properties"]["event_id"] == row["event_id"]


def test_redistributable_copy_has_no_document_texts(run: PublishedRun, con: duckdb.DuckDBPyConnection) -> None:
    folder = run.exports / "redistributable"
    documents = pl.read_parquet(folder / "documents.parquet")
    assert "text" not in documents.columns and {"doc_id", "url", "title", "content_sha256"} <= set(documents.columns)
    assert documents.height == con.execute("select count(*) from documents").fetchall()[0][0] > 0
    full = pl.read_parquet(run.exports / "parquet" / "event_mentions.parquet")
    assert pl.read_parquet(folder / "event_mentions.parquet").equals(full)


def test_exports_written_a_few_dates_at_a_time_equal_those_written_at_once(
    run: PublishedRun, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The ACLED and GeoJSON queries run over chunks of dates (memory bounded by a chunk, not by history):
    # one event per chunk gives the same files, rows and order, as one chunk for everything.
    import shutil

    from conflict_events.exports import files
    from conflict_events.warehouse.connection import connect

    db = tmp_path / "copy.duckdb"  # the module's read-only connection holds run.db with another configuration
    shutil.copyfile(run.db, db)
    monkeypatch.setattr(files, "CHUNK_EVENTS", 10**9)
    whole = files.write_exports(db, tmp_path / "whole")
    monkeypatch.setattr(files, "CHUNK_EVENTS", 1)
    con = connect(db, read_only=True)
    assert len(files.date_chunks(con)) > 3
    con.close()
    chunked = files.write_exports(db, tmp_path / "chunked")
    assert chunked.files == whole.files
    for name in (files.ACLED_CSV, files.GEOJSON):
        assert (tmp_path / "chunked" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes()
