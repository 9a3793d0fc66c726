"""Intermediate frames as Parquet files (not pickles): one file per asset, readable by any tool."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

import dagster as dg
import polars as pl

from conflict_events.accumulated import SINK_ROW_GROUP, write_parquet_atomically
from conflict_events.atomic import link_or_copy, replace_atomically
from conflict_events.memory import release_freed_memory

# AssetIn metadata key: give this input as its file (a ParquetFile), for a consumer that reads it itself
# (for inputs of a `**tables` parameter, which carry no type annotation of their own).
FILE_INPUT = "conflict_events/file"


@dataclass(frozen=True)
class ParquetFile:
    """An output that is already a Parquet file (a table of the accumulated state): the IO manager links
    or copies the file instead of decoding and encoding its rows, which would cost memory and time in
    proportion to all of history."""

    path: Path


class PolarsParquetIOManager(dg.ConfigurableIOManager):
    """Stores a Polars frame output (or a ParquetFile) as `<base_dir>/<asset key>.parquet`; loads it back
    for inputs.

    `base_dir` defaults to the instance's storage folder ($DAGSTER_HOME/storage)."""

    base_dir: str = ""

    def _path(self, context: dg.OutputContext | dg.InputContext) -> Path:
        base = Path(self.base_dir) if self.base_dir else Path(context.step_context.instance.storage_directory())
        return base.joinpath(*context.asset_key.path).with_suffix(".parquet")

    def handle_output(
        self, context: dg.OutputContext, obj: pl.DataFrame | pl.LazyFrame | ParquetFile | None
    ) -> None:
        if obj is None:
            return
        if isinstance(obj, ParquetFile):
            path = link_or_copy(obj.path, self._path(context))
        elif isinstance(obj, pl.LazyFrame):
            # Streamed to the file: a lazy output (a scan of the accumulated state) is never all in memory.
            path = replace_atomically(self._path(context), partial(obj.sink_parquet, row_group_size=SINK_ROW_GROUP))
        elif isinstance(obj, pl.DataFrame):
            path = write_parquet_atomically(obj, self._path(context))
        else:
            raise TypeError(f"{context.asset_key.to_user_string()}: expected a Polars frame, got {type(obj)}")
        context.add_output_metadata({"parquet": dg.MetadataValue.path(str(path))})
        release_freed_memory()  # the step's frames are written: what it freed is not kept for later steps

    def load_input(self, context: dg.InputContext) -> pl.DataFrame | pl.LazyFrame | ParquetFile:
        """A DataFrame; a lazy scan when the input is annotated `pl.LazyFrame` (read only as far as the
        asset's queries need); the file itself when its AssetIn has metadata {FILE_INPUT: True}."""
        if (context.definition_metadata or {}).get(FILE_INPUT, False):
            return ParquetFile(self._path(context))
        if context.dagster_type.typing_type is pl.LazyFrame:
            return pl.scan_parquet(self._path(context))
        return pl.read_parquet(self._path(context))
