"""The allocator setting the Makefile exports is the one the code documents (settings.ALLOCATOR_CONF)."""

from __future__ import annotations

import re

from conflict_events.settings import ALLOCATOR_CONF, ALLOCATOR_ENV, PROJECT_ROOT


def test_makefile_exports_the_documented_allocator_setting() -> None:
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    exported = re.search(rf"^export {re.escape(ALLOCATOR_ENV)} \?= (\S+)$", makefile, re.MULTILINE)
    assert exported is not None and exported.group(1) == ALLOCATOR_CONF
