"""The accumulated dataset between refreshes: named Polars frames kept as Parquet files.

The raw store keeps every exchange; this folder keeps what was made of them, so a refresh only
works on what is new or changed:

    documents.parquet          every document ever published (committed only after a publish)
    parse_fingerprints.parquet per source: what its parse last read (committed with documents)
    parsed_captures.parquet    per capture: what the last parse read (committed with documents)
    extracted/*.parquet        per-document extraction results, keyed by document version and
                               extractor version (a cache: written as soon as it is computed)
    merge/                     the merge's candidates, blocking rows and clusters (extract.merge.state),
                               brought up to date from the documents that changed: frames/ holds the
                               step files named by its manifest (extract.merge.stored)
    merged/*.parquet           the contract tables streamed from the merge (extract.incremental)

Each file is written to a temporary name and renamed, so a reader never sees half a file and an
interrupted run leaves the previous state in place.
"""

from __future__ import annotations

import shutil
from functools import partial
from pathlib import Path

import polars as pl

from conflict_events.atomic import link_or_copy, replace_atomically
from conflict_events.schema import conform

# Rows per row group of a streamed file: the writer holds one row group, so smaller groups hold less
# memory (and a filtered read can skip more); larger would compress slightly better.
SINK_ROW_GROUP = 50_000


class AccumulatedState:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, name: str) -> Path:
        return self.root / f"{name}.parquet"

    def exists(self, name: str) -> bool:
        return self.path(name).is_file()

    def read(self, name: str, schema: dict[str, pl.DataType] | None = None) -> pl.DataFrame | None:
        """The stored frame (conformed to `schema` when given), or None when it was never written."""
        path = self.path(name)
        if not path.is_file():
            return None
        frame = pl.read_parquet(path)
        return conform(frame, schema) if schema is not None else frame

    def write(self, name: str, frame: pl.DataFrame) -> Path:
        return write_parquet_atomically(frame, self.path(name))

    def scan(self, name: str) -> pl.LazyFrame | None:
        """The stored frame as a lazy scan (read only as far as a query needs), or None."""
        path = self.path(name)
        return pl.scan_parquet(path) if path.is_file() else None

    def remove_folder(self, name: str) -> None:
        """Delete a folder of scratch files (what an interrupted run may have left is removed too)."""
        shutil.rmtree(self.root / name, ignore_errors=True)

    def adopt(self, name: str, source: Path) -> Path:
        """Keep the Parquet file `source` as `name` (linked or copied: its rows are not read)."""
        return link_or_copy(source, self.path(name))

    def sink(self, name: str, frame: pl.LazyFrame) -> Path:
        """Write a lazy frame (streamed, so it is never all in memory), atomically. The frame may scan
        the file it replaces: the rename happens after the last row is read."""
        return replace_atomically(self.path(name), partial(frame.sink_parquet, row_group_size=SINK_ROW_GROUP))


def write_parquet_atomically(frame: pl.DataFrame, path: Path) -> Path:
    """Write to a temporary name beside `path`, then rename: a reader never sees half a file."""
    return replace_atomically(path, frame.write_parquet)

