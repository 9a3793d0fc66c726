"""The merge kept between steps and refreshes: appended to at each step, compacted once per refresh.

Rewriting every stored frame after each merge step costs as much as all of history, so the merge of a
first run (or of a long backfill) would grow with the square of its documents. Instead each step
(state.update_merge) appends, in its folder:
- the rows it built, one file per part (candidates, blocks, events, actors, mentions), each row
  tagged with the step's number (`_step`);
- its tombstones: the clusters it replaced (by cluster id) and the documents whose blocking rows left
  (by document number), tagged likewise.
A stored row is live unless its cluster (or, for a blocking row, its document) was tombstoned by a
step later than the row's own; a step's own rows come after its tombstones, so they are live.
`compact`, once per refresh, rewrites only the files that hold dropped rows, and joins small files.
Step numbers only grow, so a row's `_step` stays comparable with every later tombstone.

`manifest.json`, replaced atomically after each step, names the files that make up the merge: a run
interrupted between two steps leaves the merge of the last step it finished, and the files it does
not name (an interrupted write's) are removed when the merge is next opened.
"""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path
from typing import Any

import polars as pl

from conflict_events.atomic import replace_atomically
from conflict_events.extract.merge.state import PARTS, MergeDelta, MergeState
from conflict_events.schema import Frame

STEP = "_step"
# Files of a part smaller than this (rows) are joined into one when the merge is compacted: few files
# to read, none large enough to hold much memory when it is rewritten.
COMPACT_ROWS = 200_000
MANIFEST = "manifest.json"
# Tombstone kinds: the column they name, and the parts they remove rows from.
TOMBSTONE_KEYS = {"clusters": "cluster", "documents": "doc"}
TOMBSTONED_BY = {"candidates": "clusters", "blocks": "documents", "events": "clusters", "actors": "clusters",
                 "mentions": "clusters"}


def _dropped_at(tombstones: pl.LazyFrame, key: str) -> pl.LazyFrame:
    """key, _dropped_at: the last step that tombstoned each key."""
    return tombstones.group_by(key).agg(pl.col(STEP).max().alias("_dropped_at"))


def _still_live(rows: Frame, dropped_at: Frame, key: str) -> Frame:
    """The rows no step after their own tombstoned (keeping their `_step`)."""
    return (
        rows.join(dropped_at, on=key, how="left")
        .filter(pl.col("_dropped_at").is_null() | (pl.col(STEP) >= pl.col("_dropped_at")))
        .drop("_dropped_at")
    )


def _part_schemas() -> dict[str, pl.Schema]:
    empty = MergeState.empty()
    return {name: empty.part(name).collect_schema() for name in PARTS}


class StoredMerge:
    """The merge's frames in `folder`, as named by its manifest."""

    def __init__(self, folder: Path, manifest: dict[str, Any]) -> None:
        self.folder = folder
        self.manifest = manifest
        self.schemas = _part_schemas()

    @classmethod
    def create(cls, folder: Path) -> StoredMerge:
        """An empty merge (whatever was in `folder` is removed)."""
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        merge = cls(folder, {"next_step": 1, "parts": {name: [] for name in PARTS},
                             "tombstones": {kind: [] for kind in TOMBSTONE_KEYS}})
        merge._write_manifest()
        return merge

    @classmethod
    def open(cls, folder: Path) -> StoredMerge | None:
        """The merge stored in `folder`, or None when there is none (or its manifest is unreadable)."""
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(manifest, dict) or set(manifest.get("parts", {})) != set(PARTS):
            return None
        merge = cls(folder, manifest)
        merge._remove_unlisted()
        return merge

    def _listed(self) -> set[str]:
        return {f for files in (*self.manifest["parts"].values(), *self.manifest["tombstones"].values()) for f in files}

    def _remove_unlisted(self) -> None:
        listed = self._listed()
        for path in self.folder.glob("*.parquet"):
            if path.name not in listed:
                path.unlink(missing_ok=True)

    def _write_manifest(self) -> None:
        text = json.dumps(self.manifest, indent=1)
        replace_atomically(self.folder / MANIFEST, lambda scratch: scratch.write_text(text, encoding="utf-8"))

    def _scan(self, files: list[str]) -> pl.LazyFrame:
        return pl.scan_parquet([self.folder / f for f in files])

    def _rows(self, name: str) -> pl.LazyFrame:
        files = self.manifest["parts"][name]
        if files:
            return self._scan(files)
        return pl.LazyFrame(schema={**self.schemas[name], STEP: pl.UInt32})

    def live(self, name: str) -> pl.LazyFrame:
        """The part's live rows (lazy: filters on them are applied while the files are read)."""
        kind = TOMBSTONED_BY[name]
        tombstones = self.manifest["tombstones"][kind]
        rows = self._rows(name)
        if not tombstones:
            return rows.drop(STEP)
        key = TOMBSTONE_KEYS[kind]
        return _still_live(rows, _dropped_at(self._scan(tombstones), key), key).drop(STEP)

    def state(self) -> MergeState:
        return MergeState(**{name: self.live(name) for name in PARTS})

    def _write(self, frame: pl.DataFrame, stem: str, step: int) -> str:
        return self._write_tagged(frame.with_columns(pl.lit(step, dtype=pl.UInt32).alias(STEP)), stem, step)

    def append(self, delta: MergeDelta) -> None:
        """Store one merge step: its rows and its tombstones, then the manifest naming them."""
        step = int(self.manifest["next_step"])
        for name in PARTS:
            rows = delta.part(name)
            if rows.height:
                conformed = rows.select([pl.col(c).cast(t) for c, t in self.schemas[name].items()])
                self.manifest["parts"][name].append(self._write(conformed, name, step))
        for kind, frame in (("clusters", delta.clusters_dropped), ("documents", delta.documents_dropped)):
            key = TOMBSTONE_KEYS[kind]
            if frame.height:
                gone = frame.select(pl.col(key).cast(pl.UInt64)).unique()
                self.manifest["tombstones"][kind].append(self._write(gone, f"dropped-{kind}", step))
        self.manifest["next_step"] = step + 1
        self._write_manifest()

    def compact(self) -> None:
        """Drop the rows tombstoned since they were written, then the tombstones; join small files.

        Work in bounded memory and in proportion to what changed: only a file that holds dropped rows
        is written again, one file at a time, and only files smaller than COMPACT_ROWS are joined."""
        tombstones = self.manifest["tombstones"]
        dropped_at = {
            kind: _dropped_at(self._scan(files), TOMBSTONE_KEYS[kind]).collect()
            for kind, files in tombstones.items() if files
        }
        for name in PARTS:
            kind = TOMBSTONED_BY[name]
            files = self.manifest["parts"][name]
            if kind in dropped_at:
                files = [kept for f in files if (kept := self._without_dropped(f, name, dropped_at[kind]))]
            self.manifest["parts"][name] = self._joined_small(files, name)
        self.manifest["tombstones"] = {kind: [] for kind in TOMBSTONE_KEYS}
        self._write_manifest()
        self._remove_unlisted()

    def _without_dropped(self, file: str, name: str, dropped_at: pl.DataFrame) -> str | None:
        """The file, or a new one without its rows dropped by a later step (None when none is left)."""
        key = TOMBSTONE_KEYS[TOMBSTONED_BY[name]]
        rows = pl.read_parquet(self.folder / file)
        live = _still_live(rows, dropped_at, key)
        if live.height == rows.height:
            return file
        if live.height == 0:
            return None
        return self._write_tagged(live, name, int(rows[STEP].max() or 0))

    def _joined_small(self, files: list[str], name: str) -> list[str]:
        """Consecutive files of fewer than COMPACT_ROWS rows in all, each group as one file."""
        sizes = [int(pl.scan_parquet(self.folder / f).select(pl.len()).collect().item()) for f in files]
        groups: list[list[str]] = []
        total = 0
        for file, size in zip(files, sizes, strict=True):
            if groups and total + size <= COMPACT_ROWS:
                groups[-1].append(file)
                total += size
            else:
                groups.append([file])
                total = size
        joined = []
        for group in groups:
            if len(group) == 1:
                joined.append(group[0])
                continue
            rows = pl.concat([pl.read_parquet(self.folder / f) for f in group])
            joined.append(self._write_tagged(rows, name, int(rows[STEP].max() or 0)))
        return joined

    def _write_tagged(self, rows: pl.DataFrame, stem: str, step: int) -> str:
        """Rows that keep their own `_step` (compaction), in a new file."""
        name = f"{stem}-{step:06d}-{uuid.uuid4().hex[:8]}.parquet"
        replace_atomically(self.folder / name, rows.write_parquet)
        return name
