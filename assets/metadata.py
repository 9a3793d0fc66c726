"""Metadata the Dagster UI shows for a frame: row count, a schema and a short preview."""

from __future__ import annotations

from typing import Any

import dagster as dg
import polars as pl


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


def frame_metadata(frame: pl.DataFrame, preview_columns: list[str]) -> dict[str, Any]:
    return {
        "dagster/row_count": frame.height,
        "dagster/column_schema": dg.TableSchema(
            columns=[dg.TableColumn(name, str(dtype)) for name, dtype in frame.schema.items()]
        ),
        "preview": dg.MetadataValue.md(preview_markdown(frame, preview_columns)),
    }
