"""One layout per source kind, and imports that only go downward (read from the source files)."""

from __future__ import annotations

import ast
from pathlib import Path

from conflict_events.sources.kind import SourceKind
from conflict_events.sources.registry import KINDS

PACKAGE = Path(__file__).resolve().parents[1] / "conflict_events"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_every_registered_kind_is_one_folder_with_settings_crawl_and_parse() -> None:
    for name, kind in KINDS.items():
        folder = PACKAGE / "sources" / name
        assert {"settings.py", "crawl.py", "parse.py", "__init__.py"} <= {p.name for p in folder.iterdir()}, name
        assert isinstance(kind, SourceKind)
        assert kind.crawl.__module__ == f"conflict_events.sources.{name}.crawl"
        assert kind.parse_source.__module__ == f"conflict_events.sources.{name}.parse"


def test_the_parsing_layer_never_imports_sources() -> None:
    for path in (PACKAGE / "parse").glob("*.py"):
        offending = {m for m in imported_modules(path) if m.startswith("conflict_events.sources")}
        assert not offending, f"{path.name} imports {offending}"


def test_fetch_layer_never_imports_sources_or_parsing() -> None:
    for path in (PACKAGE / "fetch").glob("*.py"):
        offending = {
            m for m in imported_modules(path) if m.startswith(("conflict_events.sources", "conflict_events.parse"))
        }
        assert not offending, f"{path.name} imports {offending}"


def test_a_kind_crawl_never_converts_bodies() -> None:
    """Discovery reads links, ids and counts; html → text belongs to the kind's parse only."""
    converters = {"conflict_events.parse.html_text", "conflict_events.parse.article"}
    for name in KINDS:
        crawl = PACKAGE / "sources" / name / "crawl.py"
        assert not imported_modules(crawl) & converters, name


def test_no_kind_imports_another_kind() -> None:
    for name in KINDS:
        for path in (PACKAGE / "sources" / name).glob("*.py"):
            others = {m for m in imported_modules(path) if any(
                m.startswith(f"conflict_events.sources.{other}") for other in KINDS if other != name)}
            assert not others, f"{name}/{path.name} imports {others}"
