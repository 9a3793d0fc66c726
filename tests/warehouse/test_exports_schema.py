"""Analyst schema fixes on the published samples: events.place_id joins places (one place per id, regions
and cities told apart), region- and country-located events have coordinates, views carry source URL and
actor ids, every view column has a comment, enumerated and coded columns are CHECKed."""

from __future__ import annotations

import duckdb
import pytest

from conflict_events.settings import SQL_DIR
from conflict_events.sources.registry import KINDS
from conflict_events.warehouse.build import apply_ddl
from tests.report.published import PublishedRun


@pytest.fixture(scope="module")
def con(published: PublishedRun) -> duckdb.DuckDBPyConnection:
    run = published
    connection = duckdb.connect(str(run.db), read_only=True)
    yield connection
    connection.close()


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def test_every_located_event_joins_exactly_one_place(con: duckdb.DuckDBPyConnection) -> None:
    located, joined = rows(con, """
        select count(*) filter (where e.location_name is not null),
               count(*) filter (where e.location_name is not null and p.n = 1)
        from events e left join (select place_id, count(*) n from places group by 1) p using (place_id)""")[0]
    assert located > 0 and joined == located
    assert rows(con, "select count(*) - count(distinct place_id) from places") == [(0,)]


def test_regions_and_cities_are_distinct_places(con: duckdb.DuckDBPyConnection) -> None:
    kyiv = dict(rows(con, "select place_id, name from places where place_id in ('city-ua-kyiv', 'admin1-ua-30')"))
    assert kyiv == {"city-ua-kyiv": "Kyiv", "admin1-ua-30": "Kyiv (region)"}
    assert rows(con, """select count(*) from places r join places o on r.name = o.name
                        where r.place_type = 'admin1' and o.place_type <> 'admin1'""") == [(0,)]


def test_region_and_country_events_have_centroids(con: duckdb.DuckDBPyConnection) -> None:
    area = rows(con, """select e.place_id, e.latitude, e.longitude, p.latitude, p.longitude from events e
                        join places p using (place_id) where e.geo_precision in ('admin1', 'country')""")
    assert area, "the samples locate some events only to a region"
    assert all(lat is not None and (lat, lon) == (plat, plon) for _, lat, lon, plat, plon in area)
    florida = [r for r in area if r[0] == "admin1-us-fl"]
    assert florida and 24 < florida[0][1] < 31 and -88 < florida[0][2] < -80
    assert rows(con, "select count(*) from places where place_type in ('admin1', 'country') and latitude is null "
                     "and place_id in ('admin1-ua-32', 'admin1-ru-ros', 'country-ua', 'country-ru')") == [(0,)]
    assert rows(con, "select count(*) from events where location_name is not null and latitude is null") == [(0,)]


def test_views_carry_source_url_and_actor_ids(con: duckdb.DuckDBPyConnection) -> None:
    assert rows(con, "select count(*), count(source_url) from strikes")[0][0] == \
        rows(con, "select count(*), count(source_url) from strikes")[0][1] > 0
    unresolved = rows(con, """select count(*) from (select unnest(attacker_ids) a from strikes) s
                              anti join actors on actors.actor_id = s.a""")
    assert unresolved == [(0,)]
    assert rows(con, "select count(*) from strikes where attacker is not null and attacker_ids is null") == [(0,)]
    speakers = rows(con, "select count(*), count(speaker_id) from statements where speaker is not null")[0]
    assert speakers[0] == speakers[1] > 0
    assert rows(con, "select count(*) from statements s anti join actors a on a.actor_id = s.speaker_id "
                     "where s.speaker_id is not null") == [(0,)]
    assert rows(con, "select count(*) from meetings where participants is not null and participant_ids is null") \
        == [(0,)]


def test_every_view_column_has_a_comment(con: duckdb.DuckDBPyConnection) -> None:
    missing = rows(con, """select c.table_name || '.' || c.column_name from duckdb_columns() c
                           join duckdb_views() v on v.view_name = c.table_name
                           where not v.internal and (c.comment is null or c.comment = '')""")
    total = rows(con, """select count(*) from duckdb_columns() c join duckdb_views() v on v.view_name = c.table_name
                         where not v.internal""")[0][0]
    assert total > 58 and missing == []


BAD_VALUES = [
    ("events", "event_type", "battle"), ("events", "sub_type", "nuclear"), ("events", "status", "rumoured"),
    ("events", "date_precision", "decade"), ("events", "geo_precision", "street"),
    ("events", "target_type", "moon"), ("events", "country_code", "ukr"), ("events", "admin1_code", "Kyiv"),
    ("events", "latitude", 123.0), ("event_actors", "role", "victim"), ("actors", "actor_type", "robot"),
    ("actors", "country_code", "USA"), ("places", "place_type", "street"), ("places", "country_code", "u"),
    ("documents", "source_kind", "tweet"), ("documents", "language", "english"),
    ("weapons", "category", "laser"), ("weapons", "origin_country_code", "false"),
    ("source_runs", "status", "fine"), ("source_runs", "source_type", "email"),
]
REQUIRED = {
    "events": {"event_id": "e1", "event_type": "strike"}, "event_actors": {"event_id": "e", "actor_id": "a",
                                                                           "role": "target"},
    "actors": {"actor_id": "a", "name": "A"}, "places": {"place_id": "p", "name": "P"},
    "documents": {"doc_id": "d", "source_id": "s", "source_kind": "newsletter", "url": "u"},
    "weapons": {"weapon_id": "w", "name": "W"},
    "source_runs": {"run_started_at": "2025-01-01 00:00:00+00", "source_id": "s"},
}


@pytest.mark.parametrize(("table", "column", "bad"), BAD_VALUES, ids=[f"{t}.{c}" for t, c, _ in BAD_VALUES])
def test_enumerated_and_coded_columns_are_checked(table: str, column: str, bad: object) -> None:
    con = duckdb.connect()
    apply_ddl(con, SQL_DIR)
    values = {**REQUIRED[table], column: bad}
    placeholders = ", ".join("?" for _ in values)
    with pytest.raises(duckdb.ConstraintException):
        con.execute(f"insert into {table} ({', '.join(values)}) values ({placeholders})", list(values.values()))
    good = dict(REQUIRED[table])
    con.execute(f"insert into {table} ({', '.join(good)}) values ({', '.join('?' for _ in good)})",
                list(good.values()))


def test_source_type_check_allows_every_registered_source_kind() -> None:
    con = duckdb.connect()
    apply_ddl(con, SQL_DIR)
    for kind in KINDS:
        con.execute("insert into source_runs (run_started_at, source_id, source_type) values (now(), 's', ?)", [kind])
