"""docs/CODEBOOK.md is generated from the DDL and the taxonomy and is up to date; the DDL's CHECK on
sub_type allows exactly the taxonomy; the code has a licence and the third-party texts a note."""

from __future__ import annotations

import duckdb
import pytest

from conflict_events.exports.codebook import CODEBOOK, describe_ddl, generate, load_taxonomy
from conflict_events.settings import PROJECT_ROOT, SQL_DIR
from conflict_events.warehouse.build import apply_ddl


def test_codebook_in_the_repo_is_what_the_generator_writes() -> None:
    assert CODEBOOK.read_text(encoding="utf-8") == generate(), (
        "docs/CODEBOOK.md is out of date: run .venv/bin/python -m conflict_events.exports.codebook"
    )


def test_codebook_lists_every_table_and_view_column_with_its_comment() -> None:
    text = CODEBOOK.read_text(encoding="utf-8")
    objects = describe_ddl()
    assert {o["name"] for o in objects} >= {"events", "places", "strikes", "statements", "meetings"}
    for obj in objects:
        assert f"### `{obj['name']}` ({obj['kind']})" in text
        for column in obj["columns"]:
            assert column["comment"], f"{obj['name']}.{column['name']} has no comment"
            assert f"| `{column['name']}` | {column['type']} | " in text
    for section in ("Date precision", "Geographic precision", "Actor roles", "Identifiers and their stability",
                    "Known limits", "Licences"):
        assert f"{section}" in text


def _insert_event(con: duckdb.DuckDBPyConnection, event_type: str, sub_type: str) -> None:
    con.execute("insert into events (event_id, event_type, sub_type) values (?, ?, ?)",
                [f"e-{event_type}-{sub_type}", event_type, sub_type])


def test_sub_type_check_allows_exactly_the_taxonomy() -> None:
    taxonomy = load_taxonomy()["event_types"]
    con = duckdb.connect()
    apply_ddl(con, SQL_DIR)
    for event_type, spec in taxonomy.items():
        for sub_type in spec["sub_types"]:
            _insert_event(con, event_type, sub_type)
        others = {s for t, o in taxonomy.items() if t != event_type for s in o["sub_types"]} - set(spec["sub_types"])
        for wrong in sorted(others)[:3]:
            with pytest.raises(duckdb.ConstraintException):
                _insert_event(con, event_type, wrong)


def test_licence_and_third_party_note() -> None:
    licence = (PROJECT_ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and "Permission is hereby granted" in licence
    note = (PROJECT_ROOT / "THIRD_PARTY.md").read_text(encoding="utf-8")
    assert "redistributable" in note and "documents.text" in note


def test_readme_first_screen_shows_the_exports_report_and_codebook() -> None:
    lines = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    commands = next(i for i, line in enumerate(lines) if line.startswith("make test"))
    first_screen = "\n".join(lines[commands : commands + 25])
    for shown in ("data/report/index.html", "data/exports/parquet/", "events_acled.csv", "events.geojson",
                  "redistributable", "docs/CODEBOOK.md", "walled_ministry", "make dev PORT="):
        assert shown in first_screen, shown
