"""Write the exports of a published warehouse file into a folder (see write_exports)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TypeVar

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from conflict_events.atomic import replace_atomically
from conflict_events.warehouse.connection import connect

_T = TypeVar("_T")

# Columns withheld from the redistribution copy: the full texts belong to their publishers.
WITHHELD_COLUMNS = {"documents": ["text"]}
ACLED_CSV = "events_acled.csv"
GEOJSON = "events.geojson"
REDISTRIBUTABLE = "redistributable"
# Order of roles when choosing ACLED's actor 1 (who acts) and actor 2 (who is acted on or met).
_ROLE_ORDER = "CASE role WHEN 'initiator' THEN 0 WHEN 'speaker' THEN 0 WHEN 'participant' THEN 1 " \
              "WHEN 'mediator' THEN 2 ELSE 3 END"

# {chunk}: a condition on the events (alias e) of one chunk. first_sources: FIRST_SOURCES, made once per
# connection (the event_sources view aggregates every mention: once, not once per chunk).
ACLED_QUERY = f"""
WITH roles AS (
    SELECT ea.event_id, ea.role, {_ROLE_ORDER} AS role_rank,
           string_agg(a.name, '; ' ORDER BY a.name) AS names,
           string_agg(a.actor_id, '; ' ORDER BY a.name) AS ids,
           count(*) AS n
    FROM event_actors ea JOIN actors a USING (actor_id)
    WHERE ea.event_id IN (SELECT e.event_id FROM events e WHERE {{chunk}})
    GROUP BY ALL
), ranked AS (
    SELECT *, row_number() OVER (PARTITION BY event_id ORDER BY role_rank, role) AS side FROM roles
), participants AS (
    SELECT ea.event_id, a.name, a.actor_id, row_number() OVER (PARTITION BY ea.event_id ORDER BY a.name) AS rn
    FROM event_actors ea JOIN actors a USING (actor_id)
    WHERE ea.role = 'participant' AND ea.event_id IN (SELECT e.event_id FROM events e WHERE {{chunk}})
), first_participant AS (
    -- A meeting has one role: its first participant (by name) is actor 1, the others actor 2.
    SELECT event_id, max(name) FILTER (WHERE rn = 1) AS name1, max(actor_id) FILTER (WHERE rn = 1) AS id1,
           string_agg(name, '; ' ORDER BY name) FILTER (WHERE rn > 1) AS names2,
           string_agg(actor_id, '; ' ORDER BY name) FILTER (WHERE rn > 1) AS ids2
    FROM participants
    GROUP BY event_id
)
SELECT e.event_id,
       e.date_start AS event_date, e.date_start, e.date_end, e.date_precision,
       e.event_type, e.sub_type AS sub_event_type, e.status,
       CASE WHEN r1.role = 'participant' AND r2.event_id IS NULL THEN fp.name1 ELSE r1.names END AS actor1,
       CASE WHEN r1.role = 'participant' AND r2.event_id IS NULL THEN fp.id1 ELSE r1.ids END AS actor1_id,
       r1.role AS actor1_role,
       CASE WHEN r1.role = 'participant' AND r2.event_id IS NULL THEN fp.names2 ELSE r2.names END AS actor2,
       CASE WHEN r1.role = 'participant' AND r2.event_id IS NULL THEN fp.ids2 ELSE r2.ids END AS actor2_id,
       CASE WHEN r1.role = 'participant' AND r2.event_id IS NULL AND fp.names2 IS NOT NULL THEN 'participant'
            ELSE r2.role END AS actor2_role,
       e.location_name AS location, e.place_id, e.admin1, e.admin1_code,
       c.name AS country, e.country_code AS iso,
       e.latitude, e.longitude, e.geo_precision,
       e.target_name AS target, e.target_type, w.name AS weapon, e.weapon_id,
       e.source_count, s.first_source_url AS source_url,
       e.summary AS notes, e.confidence,
       (SELECT max(run_started_at) FROM source_runs) AS last_updated
FROM events e
LEFT JOIN ranked r1 ON r1.event_id = e.event_id AND r1.side = 1
LEFT JOIN ranked r2 ON r2.event_id = e.event_id AND r2.side = 2
LEFT JOIN first_participant fp ON fp.event_id = e.event_id
LEFT JOIN places c ON c.place_id = 'country-' || lower(e.country_code)
LEFT JOIN weapons w ON w.weapon_id = e.weapon_id
LEFT JOIN first_sources s ON s.event_id = e.event_id
WHERE {{chunk}}
ORDER BY e.date_start NULLS LAST, e.event_id
"""
# The ACLED query's joins and aggregates cannot spill to disk, so it (and the GeoJSON query) runs over
# chunks of consecutive dates of about this many events: memory is bounded by the chunk, not by all
# of history, and the chunks in date order keep the files' order.
CHUNK_EVENTS = 20_000
FIRST_SOURCES = "CREATE OR REPLACE TEMP TABLE first_sources AS SELECT event_id, first_source_url FROM event_sources"

GEOJSON_QUERY = """
SELECT e.event_id, e.event_type, e.sub_type, e.status, e.date_start::VARCHAR AS date_start,
       e.date_end::VARCHAR AS date_end, e.date_precision, e.location_name, e.place_id, e.admin1, e.admin1_code,
       e.country_code, e.geo_precision, e.target_name, e.target_type, e.weapon_id, e.summary, e.source_count,
       e.confidence, s.first_source_url AS source_url, e.latitude, e.longitude
FROM events e LEFT JOIN first_sources s USING (event_id)
WHERE e.latitude IS NOT NULL AND e.longitude IS NOT NULL AND {chunk}
ORDER BY e.date_start NULLS LAST, e.event_id
"""


@dataclass(frozen=True)
class ExportReport:
    folder: Path
    files: dict[str, int] = field(default_factory=dict)  # relative path -> rows written


def base_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE NOT internal AND schema_name = 'main' ORDER BY 1"
    ).fetchall()
    return [r[0] for r in rows]


def column_comments(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    rows = con.execute(
        "SELECT column_name, comment FROM duckdb_columns() WHERE table_name = ? AND schema_name = 'main' "
        "ORDER BY column_index",
        [table],
    ).fetchall()
    return {name: comment or "" for name, comment in rows}


def table_comment(con: duckdb.DuckDBPyConnection, table: str) -> str:
    row = con.execute(
        "SELECT comment FROM duckdb_tables() WHERE table_name = ? UNION ALL "
        "SELECT comment FROM duckdb_views() WHERE view_name = ?",
        [table, table],
    ).fetchall()
    return (row[0][0] if row else None) or ""


def _commented_schema(schema: pa.Schema, comments: dict[str, str], description: str) -> pa.Schema:
    """The schema with each field's comment in its Arrow field metadata (key `comment`) and all of them,
    with the table's description, in the file's key-value metadata (`column_comments`, `table_comment`)."""
    fields = [f.with_metadata({"comment": comments.get(f.name, "")}) for f in schema]
    metadata = {"table_comment": description, "column_comments": json.dumps(comments, ensure_ascii=False)}
    return pa.schema(fields, metadata=metadata)


# Rows per batch streamed from DuckDB to a Parquet file: a table is never all in memory.
_EXPORT_BATCH_ROWS = 50_000


def _write_commented(reader: pa.RecordBatchReader, schema: pa.Schema, path: Path) -> None:
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for batch in reader:
            writer.write_table(pa.Table.from_batches([batch]).cast(schema))


def write_parquet_tables(
    con: duckdb.DuckDBPyConnection, folder: Path, withheld: dict[str, list[str]] | None = None
) -> dict[str, int]:
    written = {}
    for table in base_tables(con):
        drop = set((withheld or {}).get(table, []))
        comments = {k: v for k, v in column_comments(con, table).items() if k not in drop}
        columns = ", ".join(f'"{c}"' for c in comments)
        description = table_comment(con, table)  # before the stream: it holds the connection until drained
        reader = con.sql(f'SELECT {columns} FROM "{table}"').to_arrow_reader(_EXPORT_BATCH_ROWS)
        schema = _commented_schema(reader.schema, comments, description)
        target = folder / f"{table}.parquet"
        replace_atomically(target, partial(_write_commented, reader, schema))
        written[target.name] = pq.ParquetFile(target).metadata.num_rows
    return written


def date_chunks(con: duckdb.DuckDBPyConnection, size: int | None = None) -> list[tuple[str, list[object]]]:
    """(condition on e, parameters) per chunk: runs of consecutive dates of about `size` (default
    CHUNK_EVENTS) events (a date with more events is a chunk of its own), in date order, then the
    undated events."""
    size = size or CHUNK_EVENTS
    counts = con.execute(
        "SELECT date_start, count(*) FROM events WHERE date_start IS NOT NULL GROUP BY 1 ORDER BY 1"
    ).fetchall()
    chunks: list[tuple[str, list[object]]] = []
    first, last, n = None, None, 0
    for day, count in counts:
        if first is not None and n + count > size:
            chunks.append(("e.date_start BETWEEN ? AND ?", [first, last]))
            first, n = None, 0
        first = day if first is None else first
        last, n = day, n + count
    if first is not None:
        chunks.append(("e.date_start BETWEEN ? AND ?", [first, last]))
    chunks.append(("e.date_start IS NULL", []))
    return chunks


def _write_acled_csv(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """One row per event in ACLED's shape (see the codebook, 'Exports'), as CSV with a BOM (Excel reads
    it as UTF-8), written a chunk of dates and a batch at a time."""
    con.execute(FIRST_SOURCES)
    rows, first = 0, True
    with path.open("wb") as out:
        for condition, parameters in date_chunks(con):
            reader = con.sql(ACLED_QUERY.format(chunk=condition), params=parameters * 3).to_arrow_reader(
                _EXPORT_BATCH_ROWS
            )
            for batch in reader:
                pl.from_arrow(batch).write_csv(out, include_header=first, include_bom=first)
                rows, first = rows + batch.num_rows, False
        if first:  # no event: the header alone
            empty = con.sql(ACLED_QUERY.format(chunk="false")).to_arrow_reader(1)
            pl.from_arrow(empty.schema.empty_table()).write_csv(out, include_bom=True)
    return rows


def located_event_features(batch: pa.RecordBatch) -> pl.Series:
    """One GeoJSON Feature (JSON text) per located event of the batch, encoded by Polars (no Python
    object per event)."""
    frame = pl.from_arrow(batch)
    assert isinstance(frame, pl.DataFrame)
    properties = [c for c in frame.columns if c not in ("longitude", "latitude")]
    feature = pl.struct(
        pl.lit("Feature").alias("type"),
        pl.col("event_id").alias("id"),
        pl.struct(
            pl.lit("Point").alias("type"), pl.concat_list("longitude", "latitude").alias("coordinates")
        ).alias("geometry"),
        pl.struct(properties).alias("properties"),
    )
    return frame.select(feature.struct.json_encode().alias("feature"))["feature"]


def _write_feature_collection(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """The located events as a GeoJSON FeatureCollection, streamed a batch at a time; returns their count."""
    con.execute(FIRST_SOURCES)
    features = 0
    with path.open("w", encoding="utf-8") as out:
        out.write('{"type": "FeatureCollection", "features": [\n')
        for condition, parameters in date_chunks(con):
            query = con.sql(GEOJSON_QUERY.format(chunk=condition), params=parameters)
            for batch in query.to_arrow_reader(_EXPORT_BATCH_ROWS):
                if batch.num_rows == 0:
                    continue
                if features:
                    out.write(",\n")
                out.write(",\n".join(located_event_features(batch).to_list()))
                features += batch.num_rows
        out.write("\n]}\n")
    return features


def write_exports(db_path: Path, folder: Path) -> ExportReport:
    """Every export of the DuckDB file at `db_path` into `folder` (each file replaced atomically). Each
    kind of file is written over its own connection: DuckDB keeps what it read until it is closed."""

    def over_connection(write: Callable[[duckdb.DuckDBPyConnection], _T]) -> _T:
        con = connect(db_path, read_only=True)
        try:
            return write(con)
        finally:
            con.close()

    def counted(name: str, write: Callable[[duckdb.DuckDBPyConnection, Path], int]) -> dict[str, int]:
        """The file `name`, written by `write` over its own connection: {name: rows written}."""
        rows: list[int] = []
        over_connection(lambda con: replace_atomically(folder / name, lambda p: rows.append(write(con, p))))
        return {name: rows[0]}

    files = over_connection(
        lambda con: {f"parquet/{k}": v for k, v in write_parquet_tables(con, folder / "parquet").items()}
    )
    files |= over_connection(lambda con: {
        f"{REDISTRIBUTABLE}/{k}": v
        for k, v in write_parquet_tables(con, folder / REDISTRIBUTABLE, WITHHELD_COLUMNS).items()
    })
    files |= counted(ACLED_CSV, _write_acled_csv)
    files |= counted(GEOJSON, _write_feature_collection)
    return ExportReport(folder=folder, files=files)
