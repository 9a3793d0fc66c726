from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import polars as pl
import pytest

from conflict_events.settings import SQL_DIR
from conflict_events.warehouse.build import publish
from tests.support import CONTRACT_TABLES


def documents(n: int) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "doc_id": [f"doc_{i}" for i in range(n)],
            "source_id": ["s"] * n,
            "source_kind": ["newsletter"] * n,
            "url": [f"https://example.org/p/{i}" for i in range(n)],
            "published_at": [dt.datetime(2025, 12, 28, 13, 4, 51, tzinfo=dt.UTC)] * n,
            "text": [f"text {i}" for i in range(n)],
            "is_truncated": [False] * n,
        }
    )


def test_publish_creates_every_contract_table_with_comments(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    report = publish({"documents": documents(3)}, db, SQL_DIR)
    assert report.row_counts["documents"] == 3 and report.row_counts["events"] == 0
    con = duckdb.connect(str(db), read_only=True)
    tables = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
    assert set(CONTRACT_TABLES) <= tables
    assert {"strikes", "statements", "meetings", "event_evidence"} <= tables
    (comment,) = con.execute(
        "select comment from duckdb_columns() where table_name = 'events' and column_name = 'date_precision'"
    ).fetchone()
    assert "day, week, month or year" in comment
    (ts_type,) = con.execute(
        "select data_type from information_schema.columns where table_name='documents' "
        "and column_name='published_at'"
    ).fetchone()
    assert ts_type == "TIMESTAMP WITH TIME ZONE"
    con.close()
    assert not list(tmp_path.glob(".*building*")), "scratch files must not be left behind"


def test_republishing_replaces_rather_than_appends(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    publish({"documents": documents(3)}, db, SQL_DIR)
    publish({"documents": documents(5)}, db, SQL_DIR)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("select count(*) from documents").fetchone() == (5,)
    con.close()


def test_a_reader_holding_the_file_neither_blocks_nor_sees_a_half_written_refresh(tmp_path: Path) -> None:
    """An analyst's read-only connection in another process stays open across a refresh."""
    db = tmp_path / "w.duckdb"
    publish({"documents": documents(2)}, db, SQL_DIR)
    reader = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, duckdb
            con = duckdb.connect({str(db)!r}, read_only=True)
            print(con.execute("select count(*) from documents").fetchone()[0], flush=True)
            sys.stdin.readline()   # hold the connection while the refresh runs
            print(con.execute("select count(*) from documents").fetchone()[0], flush=True)
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    assert reader.stdout is not None and reader.stdin is not None
    assert reader.stdout.readline().strip() == "2"
    publish({"documents": documents(7)}, db, SQL_DIR)  # would raise "Could not set lock" if writing in place
    reader.stdin.write("\n")
    reader.stdin.flush()
    assert reader.stdout.readline().strip() == "2", "the open reader keeps a consistent snapshot"
    reader.wait(timeout=30)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("select count(*) from documents").fetchone() == (7,), "new readers see the new file"
    con.close()


def test_a_stored_table_is_streamed_into_the_file_in_batches(tmp_path: Path) -> None:
    # A scan of a Parquet file larger than one batch loads every row, as the frame itself would.
    stored = tmp_path / "documents.parquet"
    documents(5000).write_parquet(stored, row_group_size=700)
    db = tmp_path / "w.duckdb"
    report = publish({"documents": pl.scan_parquet(stored)}, db, SQL_DIR)
    assert report.row_counts["documents"] == 5000
    con = duckdb.connect(str(db), read_only=True)
    loaded = con.sql("select doc_id, text from documents order by doc_id").pl()
    con.close()
    expected = documents(5000).select("doc_id", "text").sort("doc_id")
    assert loaded.equals(expected)


@pytest.mark.parametrize("given_as", ["scan", "file"])
def test_merged_tables_arrive_in_any_order_and_are_stored_in_row_order(tmp_path: Path, given_as: str) -> None:
    # The merge writes event mentions in the order it stores them; the published table is sorted, whether
    # the table is given as a scan (streamed through Arrow) or as its file (read by DuckDB itself).
    rng = list(range(3000))
    shuffled = [(i * 7919) % 3000 for i in rng]
    mentions = pl.DataFrame({
        "event_id": [f"evt_{i % 97:03d}" for i in shuffled], "doc_id": [f"doc_{i % 5}" for i in shuffled],
        "sentence": ["s"] * 3000, "char_start": shuffled, "char_end": [i + 1 for i in shuffled],
        "extractor_version": ["v"] * 3000,
    })
    stored = tmp_path / "event_mentions.parquet"
    mentions.write_parquet(stored, row_group_size=400)
    db = tmp_path / "w.duckdb"
    publish({"event_mentions": pl.scan_parquet(stored) if given_as == "scan" else stored}, db, SQL_DIR)
    con = duckdb.connect(str(db), read_only=True)
    loaded = con.sql("select event_id, doc_id, char_start, char_end from event_mentions").pl()  # no ORDER BY
    con.close()
    assert loaded.equals(loaded.sort("event_id", "doc_id", "char_start", "char_end"))
    assert not mentions.select(loaded.columns).equals(loaded)
