"""Each contract check attached to the table it guards (blocking: a failure stops the publish).

The checks are the pure functions of conflict_events.warehouse.contract over a dict of tables; here
each runs on the table it guards plus the tables it reads (as extra inputs)."""


from pathlib import Path

import dagster as dg
import polars as pl

from assets.resources import PipelineConfig
from conflict_events.warehouse import contract, shrink

# (check name, guarded table, other tables it reads)
CONTRACT_CHECKS: list[tuple[str, str, tuple[str, ...]]] = [
    *[("ids_unique", table, ()) for table in ("documents", "events", "actors", "weapons", "places")],
    ("foreign_keys_resolve", "event_actors", ("events", "actors")),
    ("foreign_keys_resolve", "event_mentions", ("events", "documents")),
    ("foreign_keys_resolve", "events", ("weapons", "places")),
    ("foreign_keys_resolve", "actor_aliases", ("actors",)),
    ("foreign_keys_resolve", "weapon_aliases", ("weapons",)),
    ("mention_offsets_match_text", "event_mentions", ("documents",)),
    # Guarded on event_mentions, which reads events: a blocking check on events that read its own child
    # table would make the two tables wait for each other.
    ("every_event_has_a_mention", "event_mentions", ("events",)),
    ("no_comment_only_events", "event_mentions", ("documents",)),
    ("no_occurred_event_after_first_report", "events", ()),
]


def _problems_result(problems: list[str], **metadata: object) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        passed=not problems,
        metadata={"problems": dg.MetadataValue.md("\n".join(f"- {p}" for p in problems) or "none"), **metadata},
    )


def _contract_check(name: str, table: str, reads: tuple[str, ...]) -> dg.AssetChecksDefinition:
    check_fn = contract.CHECKS[name]

    def run_check(**tables: pl.LazyFrame) -> dg.AssetCheckResult:
        return _problems_result(check_fn(dict(tables)))

    # Dagster binds inputs by parameter name (the guarded table under its own name, then the tables it
    # reads), so the function gets exactly those parameters; annotated LazyFrame, each arrives as a scan
    # of its file, and the check reads only the columns it needs.
    params = ", ".join(f"{p}: pl.LazyFrame" for p in (table, *reads))
    namespace: dict[str, object] = {"run_check": run_check, "pl": pl}
    exec(f"def {table}__{name}({params}):\n    return run_check({', '.join(f'{p}={p}' for p in (table, *reads))})",
         namespace)
    _check = namespace[f"{table}__{name}"]
    return dg.asset_check(
        asset=dg.AssetKey(table),
        name=name,
        blocking=True,
        description=(check_fn.__doc__ or name).strip(),
        additional_ins={other: dg.AssetIn(dg.AssetKey(other)) for other in reads},
    )(_check)


@dg.asset_check(
    asset=dg.AssetKey("documents"),
    blocking=True,
    description=(
        "No source loses documents compared with the published file (beyond the configured tolerance), "
        "unless the operator set allow_shrink (CONFLICT_EVENTS_ALLOW_SHRINK=1) to confirm a removal."
    ),
)
def documents_do_not_shrink(pipeline: PipelineConfig, documents: pl.LazyFrame) -> dg.AssetCheckResult:
    before = shrink.published_documents_by_source(Path(pipeline.db_path))
    problems = shrink.shrinkage("documents", before, shrink.documents_by_source(documents), pipeline.shrink_tolerance)
    return _shrink_result(problems, pipeline)


@dg.asset_check(
    asset=dg.AssetKey("event_mentions"),
    blocking=True,
    description=(
        "No source loses events compared with the published file (counted as evidence sentences in documents "
        "whose text did not change), beyond the configured tolerance, unless the operator set allow_shrink."
    ),
    additional_ins={"documents": dg.AssetIn("documents")},
)
def events_do_not_shrink(
    pipeline: PipelineConfig, event_mentions: pl.LazyFrame, documents: pl.LazyFrame
) -> dg.AssetCheckResult:
    before, after = shrink.unedited_evidence(
        shrink.published_evidence(Path(pipeline.db_path)), shrink.evidence_by_source(event_mentions, documents)
    )
    return _shrink_result(shrink.shrinkage("event evidence", before, after, pipeline.shrink_tolerance), pipeline)


def _shrink_result(problems: list[str], pipeline: PipelineConfig) -> dg.AssetCheckResult:
    if problems and pipeline.allow_shrink:
        return dg.AssetCheckResult(
            passed=True,
            metadata={"confirmed_removal": dg.MetadataValue.md("\n".join(f"- {p}" for p in problems))},
        )
    return _problems_result(
        [*problems, "set allow_shrink (CONFLICT_EVENTS_ALLOW_SHRINK=1) if this removal is intended"]
        if problems else []
    )


contract_checks = [_contract_check(name, table, reads) for name, table, reads in CONTRACT_CHECKS]
shrink_checks = [documents_do_not_shrink, events_do_not_shrink]
