"""Build the analysts' DuckDB file in a scratch file, then publish it with an atomic rename.

DuckDB allows one writer or many readers per file. Building elsewhere and swapping means an analyst
holding a read-only connection never blocks the refresh (their open handle keeps the old file alive)
and never sees a half-written state: a new connection sees either the old file or the new one.

A publish interrupted by a crash leaves its scratch file behind; the next publish removes the
scratch files of the same warehouse that no live process is still writing (`remove_stale_scratch`).
"""

from __future__ import annotations

import logging
import os
import re
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pyarrow as pa

from conflict_events.schema import ROW_ORDER
from conflict_events.warehouse.connection import connect

log = logging.getLogger(__name__)

STORAGE_VERSION = "v1.4.0"


@dataclass(frozen=True)
class PublishReport:
    path: Path
    row_counts: dict[str, int]
    bytes: int


def apply_ddl(con: duckdb.DuckDBPyConnection, sql_dir: Path) -> None:
    for script in sorted(sql_dir.glob("*.sql")):
        con.execute(script.read_text(encoding="utf-8"))


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute(
        "select column_name from information_schema.columns where table_name = ? order by ordinal_position",
        [table],
    ).fetchall()
    return [r[0] for r in rows]


def load_table(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame | pl.LazyFrame | Path) -> int:
    """Insert the frame's columns that the table has, in schema.ROW_ORDER; its other columns stay NULL.

    A Parquet file (a stored table) is read by DuckDB itself, streamed under its memory limit; a
    LazyFrame is streamed in batches as an Arrow stream. Either way a table larger than memory loads."""
    if isinstance(frame, Path):
        names = pl.read_parquet_schema(frame).keys()
    else:
        names = frame.collect_schema().names() if isinstance(frame, pl.LazyFrame) else frame.columns
    columns = [c for c in table_columns(con, table) if c in names]
    if not columns:
        raise ValueError(f"warehouse: table {table} shares no column with the frame given for it")
    quoted = ", ".join(f'"{c}"' for c in columns)
    order = ", ".join(f'"{c}"' for c in ROW_ORDER.get(table, ()))
    ordered = f" ORDER BY {order}" if order else ""
    if isinstance(frame, Path):
        con.execute(f'INSERT INTO "{table}" ({quoted}) SELECT {quoted} FROM read_parquet(?){ordered}', [str(frame)])
    else:
        selected = frame.select(columns)
        incoming = _arrow_stream(selected) if isinstance(selected, pl.LazyFrame) else selected.to_arrow()
        con.register("incoming", incoming)
        try:
            con.execute(f'INSERT INTO "{table}" ({quoted}) SELECT {quoted} FROM incoming{ordered}')
        finally:
            con.unregister("incoming")
    return int(con.execute(f'SELECT count(*) FROM "{table}"').fetchall()[0][0])


def _arrow_stream(frame: pl.LazyFrame) -> pa.RecordBatchReader:
    arrow_schema = frame.clear().collect().to_arrow().schema
    batches = (batch for part in frame.collect_batches() for batch in part.to_arrow().to_batches())
    return pa.RecordBatchReader.from_batches(arrow_schema, batches)


def _scratch_name(db_path: Path) -> Path:
    # The writer's pid is part of the name, so a later publish can tell a crashed build from a live one.
    return db_path.with_name(f".{db_path.name}.{os.getpid()}-{uuid.uuid4().hex}.building")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_scratch(db_path: Path, *, older_than_s: float = 3600.0) -> list[Path]:
    """Delete scratch files (and their WALs) of ``db_path`` left by interrupted publishes.

    A file is stale when the process named in it is gone, or (no pid in the name, or the pid is alive
    but reused) when it was not touched for ``older_than_s`` seconds."""
    removed = []
    now = time.time()
    for path in db_path.parent.glob(f".{db_path.name}.*.building*"):
        match = re.match(rf"^\.{re.escape(db_path.name)}\.(?:(\d+)-)?[0-9a-f]+\.building(\.wal)?$", path.name)
        if not match:
            continue
        pid = int(match.group(1)) if match.group(1) else None
        try:
            idle = now - path.stat().st_mtime
        except FileNotFoundError:
            continue
        if pid == os.getpid():
            continue  # this process's own build
        if (pid is not None and not _pid_alive(pid)) or idle > older_than_s:
            path.unlink(missing_ok=True)
            removed.append(path)
            log.warning("removed %s, left by an interrupted publish", path)
    return removed


def publish(tables: dict[str, pl.DataFrame | pl.LazyFrame | Path], db_path: Path, sql_dir: Path) -> PublishReport:
    """Create every table from ``sql_dir``, load ``tables`` into a new file and swap it into place."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_scratch(db_path)
    scratch = _scratch_name(db_path)
    try:
        # Written in the v1.4.0 storage format, so DuckDB 1.4+ clients (CLI, DBeaver, R, Node) can open it.
        con = connect(scratch, storage_compatibility_version=STORAGE_VERSION)
        try:
            con.execute("BEGIN")
            apply_ddl(con, sql_dir)
            counts = {name: load_table(con, name, frame) for name, frame in tables.items()}
            con.execute("COMMIT")
            for (name,) in con.execute(
                "select table_name from information_schema.tables where table_type = 'BASE TABLE'"
            ).fetchall():
                counts.setdefault(name, 0)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(scratch, db_path)
    finally:
        for leftover in (scratch, scratch.with_name(scratch.name + ".wal")):
            leftover.unlink(missing_ok=True)
    log.info("published %s (%s)", db_path, ", ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    return PublishReport(path=db_path, row_counts=counts, bytes=db_path.stat().st_size)


def _ddl_catalogue(sql_dir: Path, query: str) -> list[tuple[Any, ...]]:
    """Rows of a catalogue query over the DDL applied to an in-memory database."""
    con = connect()
    try:
        apply_ddl(con, sql_dir)
        return con.execute(query).fetchall()
    finally:
        con.close()


def column_descriptions(sql_dir: Path) -> dict[str, dict[str, str]]:
    """The DDL's COMMENT ON COLUMN texts: {table: {column: comment}}."""
    described: dict[str, dict[str, str]] = {}
    for table, column, comment in _ddl_catalogue(
        sql_dir, "select table_name, column_name, comment from duckdb_columns() where comment is not null"
    ):
        described.setdefault(table, {})[column] = comment
    return described


def column_types(sql_dir: Path) -> dict[str, list[tuple[str, str]]]:
    """The DDL's columns in declared order with their SQL types: {table: [(column, type), ...]}."""
    typed: dict[str, list[tuple[str, str]]] = {}
    for table, column, dtype in _ddl_catalogue(
        sql_dir,
        "select table_name, column_name, data_type from duckdb_columns() where not internal order by column_index",
    ):
        typed.setdefault(table, []).append((column, dtype))
    return typed


def table_descriptions(sql_dir: Path) -> dict[str, str]:
    """The DDL's COMMENT ON TABLE texts."""
    return dict(
        _ddl_catalogue(sql_dir, "select table_name, comment from duckdb_tables() where comment is not null")
    )


def read_published(db_path: Path, query: str) -> pl.DataFrame | None:
    """A read-only query on the published file, or None when nothing was published yet."""
    if not db_path.is_file():
        return None
    con = connect(db_path, read_only=True)
    try:
        return con.sql(query).pl()
    finally:
        con.close()
