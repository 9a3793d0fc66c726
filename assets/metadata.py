"""Metadata the Dagster UI shows for a frame: row count, a schema described by the DDL, a preview."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import dagster as dg
import polars as pl

from conflict_events.settings import SQL_DIR
from conflict_events.warehouse.build import column_descriptions, column_types, table_descriptions


@cache
def ddl_columns(sql_dir: Path = SQL_DIR) -> dict[str, dict[str, str]]:
    return column_descriptions(sql_dir)


@cache
def ddl_tables(sql_dir: Path = SQL_DIR) -> dict[str, str]:
    return table_descriptions(sql_dir)


@cache
def _ddl_types(sql_dir: Path = SQL_DIR) -> dict[str, list[tuple[str, str]]]:
    return column_types(sql_dir)


def ddl_schema(table: str) -> dict[str, Any]:
    """Definition metadata: the table's columns as the DDL declares and describes them (shown before any run)."""
    described = ddl_columns().get(table, {})
    return {
        "dagster/column_schema": dg.TableSchema(
            columns=[dg.TableColumn(c, t, description=described.get(c)) for c, t in _ddl_types().get(table, [])]
        ),
        "dagster/table_name": table,
    }


def preview_markdown(frame: pl.DataFrame, columns: list[str], rows: int = 5, width: int = 80) -> str:
    shown = [c for c in columns if c in frame.columns]
    if frame.height == 0 or not shown:
        return "_(empty)_"
    head = frame.head(rows).select(
        [pl.col(c).cast(pl.String).str.replace_all(r"[\n|]", " ").str.slice(0, width).alias(c) for c in shown]
    )
    lines = ["| " + " | ".join(shown) + " |", "|" + "---|" * len(shown)]
    lines += ["| " + " | ".join(str(v) if v is not None else "" for v in row) + " |" for row in head.rows()]
    return "\n".join(lines)


def column_schema(table: str | None, frame: pl.DataFrame) -> dg.TableSchema:
    """The frame's columns, each described by its COMMENT in sql/ when the table has one."""
    described = ddl_columns().get(table or "", {})
    return dg.TableSchema(
        columns=[
            dg.TableColumn(name, str(dtype), description=described.get(name)) for name, dtype in frame.schema.items()
        ]
    )


def frame_metadata(
    frame: pl.DataFrame | pl.LazyFrame, preview_columns: list[str], table: str | None = None
) -> dict[str, Any]:
    """Row count, column schema and a preview; of a lazy frame, only its count and first rows are read."""
    if isinstance(frame, pl.LazyFrame):
        rows = int(frame.select(pl.len()).collect().item())
        head = frame.head(5).collect()
    else:
        rows, head = frame.height, frame.head(5)
    return {
        "dagster/row_count": rows,
        "dagster/column_schema": column_schema(table, head),
        "preview": dg.MetadataValue.md(preview_markdown(head, preview_columns)),
    }


def table_description(table: str, fallback: str = "") -> str:
    return ddl_tables().get(table) or fallback
