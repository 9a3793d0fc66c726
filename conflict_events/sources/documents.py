"""Every configured source's stored captures become documents, added to the documents kept so far.

The dataset only grows: a document once published stays, whatever a feed window, `max_items` or a
paging limit let the latest crawl see. `accumulate_documents` folds a refresh's parse into the
documents published before:

- a new document is added; an edited one keeps its row (same doc_id) with the newest text;
- a full text is never replaced by a shorter preview of it (a paywall or a feed teaser);
- a document whose page now answers 404/410 stays, with `gone_at` set;
- a document belongs to the source that first published it: another source's capture claiming its
  canonical URL is refused with a warning, never merged into it;
- only a source removed from the configuration takes its documents with it (and the shrink guard
  before publishing asks the operator to confirm that removal).

A source whose current captures are exactly those its last parse read is not parsed again
(`parse_fingerprint`); its documents come from the accumulated state.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field

import polars as pl

from conflict_events.fetch.store import RawStore
from conflict_events.parse.language import with_detected_language
from conflict_events.schema import DOCUMENTS, conform, empty
from conflict_events.sources.registry import source_kind
from conflict_events.sources.source import SourceConfig

# Bump when a parser's output changes for the same captures, so every source is parsed again.
PARSER_VERSION = "parse-2026.12.01"

FINGERPRINTS = {"source_id": pl.String, "fingerprint": pl.String}

# Statuses that say a page was removed by its publisher (RFC 9110 15.5.5 and 15.5.11).
GONE_STATUSES = (404, 410)

# Captures that list items rather than carry one: their keys are page numbers, not item ids.
LISTING_ROLES = ("feed", "archive", "channel_page", "robots")

# Columns whose change makes a document "changed" (fetched_at alone does not).
_VERSION_COLUMNS = [c for c in DOCUMENTS if c not in ("fetched_at", "gone_at")]


@dataclass
class DocumentChanges:
    """What a refresh did to the documents (asset metadata and the run log)."""

    added: int = 0
    changed: int = 0
    unchanged: int = 0
    kept_unseen: int = 0  # published before, not in this refresh's parse, kept
    refused: list[str] = field(default_factory=list)  # "doc_id: source X claims source Y's document"
    removed_by_source: dict[str, int] = field(default_factory=dict)
    gone: int = 0
    parsed_sources: list[str] = field(default_factory=list)
    skipped_sources: list[str] = field(default_factory=list)  # captures unchanged since the last parse
    changed_doc_ids: list[str] = field(default_factory=list)


def parse_fingerprint(source: SourceConfig, store: RawStore) -> str:
    """What a parse of the source reads: its configuration and the bodies of its current captures."""
    current = store.current(source.id).select("url", "role", "key", "body_sha256").sort("url")
    digest = hashlib.sha256(f"{PARSER_VERSION}\x1f{source!r}".encode())
    for url, role, key, body in current.iter_rows():
        digest.update(f"\x1e{url}\x1f{role}\x1f{key}\x1f{body}".encode())
    return digest.hexdigest()


# What a source's last parse read, capture by capture (committed with the documents it gave).
PARSED_CAPTURES = {"source_id": pl.String, "config": pl.String, "url": pl.String, "key": pl.String,
                   "body_sha256": pl.String}
# Kinds whose items are parsed alone: every capture of one item (a Substack post's JSON, page and
# comments) shares its key, and no document is made of two items. Their sources parse only the items
# whose captures are new or changed; the other documents come from the accumulated state.
ITEM_PARSED_KINDS = ("substack",)


def _config_digest(source: SourceConfig) -> str:
    return hashlib.sha256(f"{PARSER_VERSION}\x1f{source!r}".encode()).hexdigest()


class _ChangedItems:
    """The store as a parser sees it, with only the current captures of the items that changed."""

    def __init__(self, store: RawStore, source_id: str, current: pl.DataFrame) -> None:
        self._store, self._source_id, self._current = store, source_id, current

    def current(self, source_id: str) -> pl.DataFrame:
        return self._current if source_id == self._source_id else self._store.current(source_id)

    def __getattr__(self, name: str) -> object:
        return getattr(self._store, name)


def _changed_items(current: pl.DataFrame, before: pl.DataFrame) -> pl.DataFrame:
    """The current captures of every item (key) with a capture not read by the last parse."""
    items = current.filter(~pl.col("role").is_in(LISTING_ROLES))
    changed = items.join(before, on=["url", "body_sha256"], how="anti")
    keyed = changed.drop_nulls("key").select("key").unique()
    return pl.concat([items.join(keyed, on="key", how="semi"), changed.filter(pl.col("key").is_null())]).unique(
        "capture_id", keep="first", maintain_order=True
    )


def parse_sources(
    sources: list[SourceConfig],
    store: RawStore,
    log: logging.Logger,
    previous_fingerprints: pl.DataFrame | None = None,
    previous_captures: pl.DataFrame | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame, list[str], pl.DataFrame]:
    """Parse the sources whose captures changed since their fingerprint (of ITEM_PARSED_KINDS, only
    the items that changed, when `previous_captures` says what the last parse read).

    Returns (documents parsed, new fingerprints of every source, ids of the sources skipped, the
    captures read: PARSED_CAPTURES of every source)."""
    known = dict(previous_fingerprints.iter_rows()) if previous_fingerprints is not None else {}
    before = previous_captures if previous_captures is not None else empty(PARSED_CAPTURES)
    frames, fingerprints, skipped, read = [], [], [], []
    for source in sources:
        fingerprint = parse_fingerprint(source, store)
        config = _config_digest(source)
        current = store.current(source.id)
        read.append(
            current.select(pl.lit(source.id).alias("source_id"), pl.lit(config).alias("config"), "url", "key",
                           "body_sha256")
        )
        if known.get(source.id) == fingerprint:
            skipped.append(source.id)
            fingerprints.append((source.id, fingerprint))
            continue
        seen = before.filter((pl.col("source_id") == source.id) & (pl.col("config") == config))
        view: RawStore | _ChangedItems = store
        if source.kind in ITEM_PARSED_KINDS and seen.height:
            changed = _changed_items(current, seen.select("url", "body_sha256"))
            log.info("source %s: %d of %d current captures belong to new or changed items", source.id,
                     changed.height, current.height)
            view = _ChangedItems(store, source.id, changed)
        try:
            frame = source_kind(source.kind).parse_source(source, view, log)  # type: ignore[arg-type]
        except Exception as exc:  # one unparseable source must not lose the others' documents
            log.error("source %s: parsing failed: %s: %s", source.id, type(exc).__name__, exc)
            read[-1] = read[-1].head(0)  # parsed again, whole, next time
            continue  # no fingerprint: parsed again next time
        log.info("source %s: %d documents parsed", source.id, frame.height)
        frames.append(conform(frame, DOCUMENTS))
        fingerprints.append((source.id, fingerprint))
    parsed = pl.concat(frames, how="vertical") if frames else empty(DOCUMENTS)
    captures = pl.concat([conform(r, PARSED_CAPTURES) for r in read]) if read else empty(PARSED_CAPTURES)
    return parsed, pl.DataFrame(fingerprints, schema=FINGERPRINTS, orient="row"), skipped, captures


def _refuse_foreign_claims(
    parsed: pl.DataFrame, owners: pl.DataFrame, source_order: dict[str, int], log: logging.Logger
) -> tuple[pl.DataFrame, list[str]]:
    """Each doc_id to one source: the one that published it before, else the first to fetch it."""
    ranked = (
        parsed.join(owners, on="doc_id", how="left")
        .with_columns(pl.col("source_id").replace_strict(source_order, default=len(source_order)).alias("_order"))
        .sort("fetched_at", "_order", nulls_last=True)
    )
    first_claim = ranked.unique("doc_id", keep="first", maintain_order=True).select(
        "doc_id", pl.coalesce("owner", "source_id").alias("_owner")
    )
    ranked = ranked.join(first_claim, on="doc_id", how="left")
    refused = ranked.filter(pl.col("source_id") != pl.col("_owner"))
    messages = [
        f"{doc_id}: source {source} claims {url}, which belongs to source {owner}; refused"
        for doc_id, source, url, owner in refused.select("doc_id", "source_id", "url", "_owner").iter_rows()
    ]
    for message in messages:
        log.warning("documents: %s", message)
    accepted = (
        ranked.filter(pl.col("source_id") == pl.col("_owner"))
        .unique("doc_id", keep="last", maintain_order=True)  # one source, two copies: the newest
        .select(list(DOCUMENTS))
    )
    return accepted, messages


def _version(frame: pl.DataFrame) -> pl.Expr:
    return pl.struct(_VERSION_COLUMNS).hash(seed=0)


def accumulate_documents(
    published: pl.DataFrame | None,
    parsed: pl.DataFrame,
    sources: list[SourceConfig],
    log: logging.Logger,
) -> tuple[pl.DataFrame, DocumentChanges]:
    """Fold a refresh's parsed documents into those published before (module docstring)."""
    configured = [s.id for s in sources]
    published = conform(published, DOCUMENTS) if published is not None else empty(DOCUMENTS)
    parsed = conform(parsed, DOCUMENTS)
    changes = DocumentChanges()
    dropped = published.filter(~pl.col("source_id").is_in(configured))
    if dropped.height:
        changes.removed_by_source = {s: int(n) for s, n in dropped.group_by("source_id").len().sort("source_id").rows()}
        for source, count in changes.removed_by_source.items():
            log.warning("documents: source %s is no longer configured: its %d documents are removed", source, count)
    kept = published.filter(pl.col("source_id").is_in(configured))
    owners = kept.select("doc_id", pl.col("source_id").alias("owner"))
    accepted, changes.refused = _refuse_foreign_claims(
        parsed.filter(pl.col("source_id").is_in(configured)), owners, {s: i for i, s in enumerate(configured)}, log
    )
    before = kept.select("doc_id", "text", "is_truncated", _version(kept).alias("_old"))
    compared = accepted.with_columns(_version(accepted).alias("_new")).join(before, on="doc_id", how="left",
                                                                             suffix="_old")
    # A preview of a text we hold in full (paywall, teaser) is not an edit of it.
    preview_of_full = (
        pl.col("is_truncated").fill_null(False)
        & ~pl.col("is_truncated_old").fill_null(True)
        & pl.col("text_old").is_not_null()
    )
    compared = compared.filter(~preview_of_full)
    is_new = pl.col("_old").is_null()
    is_changed = pl.col("_old").is_not_null() & (pl.col("_old") != pl.col("_new"))
    changes.added = int(compared.select(is_new.sum()).item())
    changes.changed = int(compared.select(is_changed.sum()).item())
    changes.unchanged = compared.height - changes.added - changes.changed
    incoming = compared.filter(is_new | is_changed).select(list(DOCUMENTS))
    changes.changed_doc_ids = incoming["doc_id"].to_list()
    if incoming.height:
        incoming = conform(with_detected_language(incoming), DOCUMENTS)
    documents = pl.concat([kept.join(incoming.select("doc_id"), on="doc_id", how="anti"), incoming], how="vertical")
    changes.kept_unseen = documents.join(accepted.select("doc_id"), on="doc_id", how="anti").height
    return documents.sort("source_id", "published_at", "doc_id", nulls_last=True), changes


def flag_gone(documents: pl.DataFrame, store: RawStore, sources: list[SourceConfig]) -> pl.DataFrame:
    """`gone_at`: when the newest exchange of the document's page answered 404/410 (else null).

    The page is the document's URL, or a capture whose key is the document's URL or its site id
    (a Substack post's JSON is keyed by the post id, an RSS article by its link or guid)."""
    frames = [store.last_exchanges(s.id) for s in sources]
    last = pl.concat(frames) if frames else empty({"source_id": pl.String})
    if last.height == 0:
        return documents.with_columns(pl.lit(None, dtype=DOCUMENTS["gone_at"]).alias("gone_at"))
    exchanges = last.select(
        "source_id", "url", "key", "role", "fetched_at", pl.col("status").is_in(GONE_STATUSES).alias("_gone")
    )
    by_url = exchanges.select("source_id", pl.col("url").alias("_ref"), "fetched_at", "_gone")
    by_key = (
        exchanges.filter(~pl.col("role").is_in(LISTING_ROLES))
        .drop_nulls("key")
        .select("source_id", pl.col("key").alias("_ref"), "fetched_at", "_gone")
    )
    references = pl.concat([by_url, by_key]).sort("fetched_at").unique(["source_id", "_ref"], keep="last")
    refs = documents.select(
        "doc_id", "source_id", pl.concat_list(pl.col("url"), pl.col("external_id")).alias("_ref")
    ).explode("_ref")
    newest = (
        refs.join(references, on=["source_id", "_ref"], how="inner")
        .sort("fetched_at")
        .unique("doc_id", keep="last")
        .select("doc_id", pl.when(pl.col("_gone")).then(pl.col("fetched_at")).alias("_gone_at"))
    )
    flagged = documents.join(newest, on="doc_id", how="left")
    return flagged.with_columns(
        pl.coalesce("_gone_at", pl.when(pl.col("doc_id").is_in(newest["doc_id"].implode()).not_()).then("gone_at"))
        .cast(DOCUMENTS["gone_at"])
        .alias("gone_at")
    ).drop("_gone_at")


def parse_documents(sources: list[SourceConfig], store: RawStore, log: logging.Logger) -> pl.DataFrame:
    """One refresh's documents from the store alone, with nothing accumulated before."""
    parsed, _, _, _ = parse_sources(sources, store, log)
    documents, _ = accumulate_documents(None, parsed, sources, log)
    return flag_gone(documents, store, sources)


def document_quotes(documents: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    """The blockquote ranges of each document as rows (the ``document_quotes`` table); of a scan, only
    the two columns are read."""
    return (
        documents.lazy().select("doc_id", "quote_spans")
        .explode("quote_spans")
        .drop_nulls("quote_spans")
        .select(
            "doc_id",
            pl.col("quote_spans").struct.field("start").alias("char_start"),
            pl.col("quote_spans").struct.field("end").alias("char_end"),
        )
        .collect()
    )
