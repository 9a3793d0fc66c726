"""Replace a file so that a reader sees the old file or the new one, never half of either."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path


def replace_atomically(path: Path, write: Callable[[Path], object]) -> Path:
    """Call `write` on a scratch name beside `path`, then rename it over `path` (same folder, so the rename
    is atomic); the scratch file never outlives a failed write."""
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        write(scratch)
        os.replace(scratch, path)
    finally:
        scratch.unlink(missing_ok=True)
    return path


def link_or_copy(source: Path, target: Path) -> Path:
    """`target` becomes a copy of the file `source` (a hard link when the filesystem allows: files here are
    replaced by rename, never written in place, so a link keeps the version it was made from)."""

    def write(scratch: Path) -> None:
        try:
            os.link(source, scratch)
        except OSError:
            shutil.copyfile(source, scratch)

    return replace_atomically(target, write)
