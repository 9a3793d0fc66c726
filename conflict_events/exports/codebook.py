"""docs/CODEBOOK.md, generated from the DDL (tables, views, their comments and CHECK constraints in sql/)
and the taxonomy (sql/taxonomy.yaml), so the codebook cannot drift from the warehouse.

    .venv/bin/python -m conflict_events.exports.codebook          # rewrite docs/CODEBOOK.md
    .venv/bin/python -m conflict_events.exports.codebook --check  # exit 1 when it is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import duckdb
import yaml

from conflict_events.settings import PROJECT_ROOT, SQL_DIR
from conflict_events.warehouse.build import STORAGE_VERSION, apply_ddl
from conflict_events.warehouse.connection import connect

CODEBOOK = PROJECT_ROOT / "docs" / "CODEBOOK.md"
TAXONOMY = SQL_DIR / "taxonomy.yaml"

EXPORTS = [
    ("data/warehouse.duckdb", "the warehouse (`CONFLICT_EVENTS_DB`), DuckDB storage format "
     f"{STORAGE_VERSION}: DuckDB 1.4 and later open it"),
    ("data/exports/parquet/<table>.parquet", "every table; each column's comment is in its Arrow field metadata "
     "(`comment`) and all of them in the file metadata (`column_comments`, `table_comment`)"),
    ("data/exports/events_acled.csv", "one row per event in ACLED's shape (UTF-8 with BOM, so Excel shows "
     "Cyrillic): `event_id`, `event_date`, `date_start`, `date_end`, `date_precision`, `event_type`, "
     "`sub_event_type`, `status`, `actor1`, `actor1_id`, `actor1_role`, `actor2`, `actor2_id`, `actor2_role`, "
     "`location`, `place_id`, `admin1`, `admin1_code`, `country`, `iso`, `latitude`, `longitude`, "
     "`geo_precision`, `target`, `target_type`, `weapon`, `weapon_id`, `source_count`, `source_url` (the first "
     "source), `notes` (the summary), `confidence`, `last_updated` (start of the refresh that built it). "
     "Actor 1 holds the acting role (initiator or speaker; for meetings the first participant by name), actor 2 "
     "the next role (target, mediator or the other participants); several actors are joined with `; `"),
    ("data/exports/events.geojson", "located events (latitude and longitude known) as GeoJSON points, for QGIS "
     "and web maps"),
    ("data/exports/redistributable/<table>.parquet", "the same tables without `documents.text`: the full texts "
     "belong to their publishers; URLs, titles and evidence sentences stay"),
    ("data/report/index.html", "the picture of the refresh: timeline, map of strikes, sources health, latest "
     "events with their evidence; opens from disk, no network"),
]


def _describe(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Tables and views in DDL order, each with its comment and columns (name, type, comment, checks)."""
    checks: dict[tuple[str, str], list[str]] = {}
    for table, columns, expression in con.execute(
        "SELECT table_name, constraint_column_names, expression FROM duckdb_constraints() "
        "WHERE constraint_type = 'CHECK' ORDER BY table_name, constraint_index"
    ).fetchall():
        key = columns[0] if len(columns) == 1 else "(row)"
        checks.setdefault((table, key), []).append(expression)
    objects = con.execute(
        "SELECT table_name, 'table', comment, table_oid FROM duckdb_tables() WHERE NOT internal "
        "UNION ALL SELECT view_name, 'view', comment, view_oid FROM duckdb_views() WHERE NOT internal "
        "ORDER BY 4"
    ).fetchall()
    described = []
    for name, kind, comment, _ in objects:
        columns = con.execute(
            "SELECT column_name, data_type, comment FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index",
            [name],
        ).fetchall()
        described.append({
            "name": name, "kind": kind, "comment": comment or "",
            "columns": [{"name": c, "type": t, "comment": m or "", "checks": checks.get((name, c), [])}
                        for c, t, m in columns],
            "row_checks": checks.get((name, "(row)"), []),
        })
    return described


def describe_ddl(sql_dir: Path = SQL_DIR) -> list[dict[str, Any]]:
    con = connect()
    try:
        apply_ddl(con, sql_dir)
        return _describe(con)
    finally:
        con.close()


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _object_section(obj: dict[str, Any]) -> list[str]:
    lines = [f"### `{obj['name']}` ({obj['kind']})", "", obj["comment"], ""]
    lines += ["| column | type | meaning | constraint |", "|---|---|---|---|"]
    for col in obj["columns"]:
        constraint = "<br>".join(f"`{_cell(c)}`" for c in col["checks"])
        lines.append(f"| `{col['name']}` | {col['type']} | {_cell(col['comment'])} | {constraint} |")
    if obj["row_checks"]:
        lines += ["", "Row constraints:", ""] + [f"- `{_cell(c)}`" for c in obj["row_checks"]]
    return [*lines, ""]


def _scale(title: str, values: dict[str, str]) -> list[str]:
    return [f"### {title}", "", "| value | meaning |", "|---|---|",
            *[f"| `{k}` | {_cell(v)} |" for k, v in values.items()], ""]


def render(objects: list[dict[str, Any]], taxonomy: dict[str, Any]) -> str:
    lines = [
        "# Codebook: the conflict-events dataset",
        "",
        "<!-- Generated by `python -m conflict_events.exports.codebook` from sql/*.sql and sql/taxonomy.yaml;"
        " do not edit by hand (tests/warehouse/test_exports_codebook.py fails when it is out of date). -->",
        "",
        "One row per real-world event (strikes, meetings, statements, proposals, sanctions, aid) reported in "
        "Russia-Ukraine war newsletters and official statements, with its actors, date, place, target, weapon and "
        "the sentences it was read from.",
        "",
        "## Files",
        "",
        "| file | what it is |",
        "|---|---|",
        *[f"| `{path}` | {_cell(text)} |" for path, text in EXPORTS],
        "",
        "## Event taxonomy",
        "",
        "| event_type | sub_type | meaning |",
        "|---|---|---|",
    ]
    for event_type, spec in taxonomy["event_types"].items():
        lines.append(f"| `{event_type}` | | {_cell(spec['definition'])} |")
        lines += [f"| | `{sub}` | {_cell(text)} |" for sub, text in spec["sub_types"].items()]
    lines.append("")
    lines += _scale("Actor roles (`event_actors.role`)", taxonomy["roles"])
    lines += _scale("Date precision (`events.date_precision`)", taxonomy["date_precision"])
    lines += _scale("Geographic precision (`events.geo_precision`)", taxonomy["geo_precision"])
    lines += _scale("Status (`events.status`)", taxonomy["status"])
    lines += ["## Identifiers and their stability", "", *[f"- {rule}" for rule in taxonomy["identifiers"]], ""]
    lines += ["## Tables", ""]
    for obj in (o for o in objects if o["kind"] == "table"):
        lines += _object_section(obj)
    lines += ["## Views", ""]
    for obj in (o for o in objects if o["kind"] == "view"):
        lines += _object_section(obj)
    lines += ["## Known limits", "", *[f"- {limit}" for limit in taxonomy["known_limits"]], ""]
    lines += [
        "## Licences",
        "",
        "The code is under the MIT licence (LICENSE). The documents' texts belong to their publishers; see "
        "THIRD_PARTY.md for what is redistributed and under which terms, and conflict_events/geo/PROVENANCE.md "
        "for the geographic data (Natural Earth, public domain; GeoNames, CC BY 4.0).",
        "",
    ]
    return "\n".join(lines)


def load_taxonomy(path: Path = TAXONOMY) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def generate(sql_dir: Path = SQL_DIR) -> str:
    return render(describe_ddl(sql_dir), load_taxonomy(sql_dir / "taxonomy.yaml"))


def main(argv: list[str]) -> int:
    text = generate()
    if "--check" in argv:
        current = CODEBOOK.read_text(encoding="utf-8") if CODEBOOK.exists() else ""
        if current != text:
            print(f"{CODEBOOK} is out of date: run python -m conflict_events.exports.codebook", file=sys.stderr)
            return 1
        return 0
    CODEBOOK.write_text(text, encoding="utf-8")
    print(f"wrote {CODEBOOK}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
