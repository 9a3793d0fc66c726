"""A candidate as a CANDIDATES row: its final date (status, same-day cues, clipped to the
publication day) and its columns."""

from __future__ import annotations

import datetime as dt
from typing import Any

from conflict_events.extract.events.loading import clause_date
from conflict_events.extract.events.model import Candidate
from conflict_events.text.rules import Rules


def _date_of(cand: Candidate, rules: Rules) -> tuple[dt.date, dt.date, str, str]:
    sent = cand.anchor
    start, end, precision, source = clause_date(cand, rules)
    published = sent.published.date() if sent.published else None
    if cand.event_type == "statement" and precision in ("month", "year") and published is not None:
        # "in its summary of 2025 it stated ...": the month or year is what was talked about;
        # the statement itself is dated by the report.
        start, end, precision, source = published - dt.timedelta(days=6), published, "week", "window"
    if published is not None and any(rules.pattern("same_day_cues").search(s.text) for s in cand.evidence[:1]):
        start, end, precision, source = published, published, "day", "sentence"
    elif published is not None and cand.status == "planned" and source == "window":
        start, end = published, published + dt.timedelta(days=6)
    if published is not None and cand.status == "occurred" and end is not None and end > published:
        end = published
        start = min(start, end) if start is not None else end
    return start, end, precision, source


def _dataset_sub_type(cand: Candidate, rules: Rules) -> str:
    """The sub_type in DATASET.md's vocabulary (finer rule names map onto it: offered talks are a
    peace plan, a suggested trade an agreement)."""
    path = f"{cand.event_type}.dataset_sub_type"
    return rules.value(path).get(cand.sub_type, cand.sub_type) if rules.has(path) else cand.sub_type


def candidate_row(doc_id: str, cand_idx: int, cand: Candidate, rules: Rules) -> dict[str, Any]:
    start, end, precision, source = _date_of(cand, rules)
    place = cand.place
    seen: set[tuple[str, str]] = set()
    actor_rows = []
    for m, role in cand.actors:
        if (m.actor_id, role) not in seen:
            seen.add((m.actor_id, role))
            actor_rows.append({"actor_id": m.actor_id, "role": role, "name": m.name})
    evidence = sorted({s.idx: s for s in cand.evidence}.values(), key=lambda s: s.idx)
    return {
        "doc_id": doc_id,
        "cand_idx": cand_idx,
        "anchor_sent": cand.anchor.idx,
        "event_type": cand.event_type,
        "sub_type": _dataset_sub_type(cand, rules),
        "status": cand.status,
        "date_start": start,
        "date_end": end,
        "date_precision": precision,
        "date_source": source,
        "place_id": place.place_id if place else None,
        "location_name": place.name if place else None,
        "place_type": place.place_type if place else None,
        "admin1": place.admin1 if place else None,
        "admin1_code": place.admin1_code if place else None,
        "country_code": place.country_code if place else None,
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "geo_precision": place.geo_precision if place else None,
        "target_name": cand.target.target_name if cand.target else None,
        "target_type": cand.target.target_type if cand.target else None,
        "weapon_id": cand.weapon.weapon_id if cand.weapon else None,
        "weapon_name": cand.weapon.name if cand.weapon else None,
        "quote": cand.quote,
        "actors": actor_rows,
        "strength": cand.strength,
        "place_named": cand.place_named,
        "mentions": [{"sent_idx": s.idx, "char_start": s.start, "char_end": s.end} for s in evidence],
        "published_at": cand.anchor.published,
    }


# A strike that ended this many days before the report is background the report recalls, not news.
BACKGROUND_DAYS = 31


def too_vague(row: dict[str, Any]) -> bool:
    """An event dated only to a year ("the bridge attack in 2022") is background, not news; so is a
    strike dated to a month long before the report ("since the invasion in February 2022")."""
    if row["date_precision"] == "year" and row["event_type"] != "statement":
        return True
    published = row["published_at"]
    return (
        row["event_type"] == "strike"
        and published is not None
        and row["date_end"] is not None
        and row["date_end"] < published.date() - dt.timedelta(days=BACKGROUND_DAYS)
    )
