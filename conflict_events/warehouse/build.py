"""Build the analysts' DuckDB file in a scratch file, then publish it with an atomic rename.

DuckDB allows one writer or many readers per file. Building elsewhere and swapping means an analyst
holding a read-only connection never blocks the refresh (their open handle keeps the old file alive)
and never sees a half-written state: a new connection sees either the old file or the new one.
"""

from __future__ import annotations

import logging
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

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


def load_table(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> int:
    """Insert the frame's columns that the table has; the table's other columns stay NULL."""
    columns = [c for c in table_columns(con, table) if c in frame.columns]
    if not columns:
        raise ValueError(f"warehouse: table {table} shares no column with the frame given for it")
    if frame.height == 0:
        return 0
    con.register("incoming", frame.select(columns).to_arrow())
    try:
        quoted = ", ".join(f'"{c}"' for c in columns)
        con.execute(f'INSERT INTO "{table}" ({quoted}) SELECT {quoted} FROM incoming')
    finally:
        con.unregister("incoming")
    return frame.height


def publish(tables: dict[str, pl.DataFrame], db_path: Path, sql_dir: Path) -> PublishReport:
    """Create every table from ``sql_dir``, load ``tables`` into a new file and swap it into place."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    scratch = db_path.with_name(f".{db_path.name}.{uuid.uuid4().hex}.building")
    try:
        # Written in the v1.4.0 storage format, so DuckDB 1.4+ clients (CLI, DBeaver, R, Node) can open it.
        con = duckdb.connect(str(scratch), config={"storage_compatibility_version": STORAGE_VERSION})
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
