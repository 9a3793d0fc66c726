"""Intermediate frames as Parquet files (not pickles): one file per asset, readable by any tool."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import polars as pl

from conflict_events.accumulated import write_parquet_atomically


class PolarsParquetIOManager(dg.ConfigurableIOManager):
    """Stores a Polars frame output as `<base_dir>/<asset key>.parquet`; loads it back for inputs.

    `base_dir` defaults to the instance's storage folder ($DAGSTER_HOME/storage)."""

    base_dir: str = ""

    def _path(self, context: dg.OutputContext | dg.InputContext) -> Path:
        base = Path(self.base_dir) if self.base_dir else Path(context.step_context.instance.storage_directory())
        return base.joinpath(*context.asset_key.path).with_suffix(".parquet")

    def handle_output(self, context: dg.OutputContext, obj: pl.DataFrame | None) -> None:
        if obj is None:
            return
        if not isinstance(obj, pl.DataFrame):
            raise TypeError(f"{context.asset_key.to_user_string()}: expected a Polars DataFrame, got {type(obj)}")
        path = write_parquet_atomically(obj, self._path(context))
        context.add_output_metadata({"parquet": dg.MetadataValue.path(str(path))})

    def load_input(self, context: dg.InputContext) -> pl.DataFrame:
        return pl.read_parquet(self._path(context))
