"""`find_actors`: every way of finding an actor, run over whole frames and combined."""

from __future__ import annotations

import polars as pl

from conflict_events import schema
from conflict_events.normalise.actors.case_forms import with_case_forms
from conflict_events.normalise.actors.fuzzy import fuzzy_matches, name_candidates
from conflict_events.normalise.actors.model import ACTOR_MENTIONS, KEYS, MATCH_KINDS
from conflict_events.normalise.actors.publishers import publisher_countries, role_mentions
from conflict_events.normalise.actors.reference import ActorReference, actor_slug, load_actor_reference
from conflict_events.normalise.actors.surnames import drop_overlapping, resolve_surnames
from conflict_events.normalise.actors.titles import titled_names
from conflict_events.text.gazetteer import match_aliases


def _learned_actors(
    titled: pl.DataFrame, reference: ActorReference, known: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(new person actors, their spellings (actor_id, alias), fuzzy aliases for titled names of known people)."""
    known_lower = known.select(pl.col("alias").str.to_lowercase().alias("_lower"))
    unknown = titled.filter(~pl.col("name").str.to_lowercase().is_in(known_lower["_lower"].implode()))
    persons = known.join(reference.actors.filter(pl.col("actor_type") == "person").select("actor_id"), on="actor_id")
    close = fuzzy_matches(unknown["name"].to_list(), persons)
    new = unknown.join(close.rename({"alias": "name"}), on="name", how="anti")
    new = new.with_columns(
        pl.col("name")
        .map_elements(lambda n: actor_slug(n, reference.letters, reference.word_initial), return_dtype=pl.String)
        .alias("actor_id")
    ).filter(pl.col("actor_id").str.contains("-"))
    curated_ids = reference.actors["actor_id"].implode()
    # A slug that is already a curated id is that actor, spelt differently.
    same_id = new.filter(pl.col("actor_id").is_in(curated_ids)).select(
        pl.col("name").alias("alias"), pl.col("actor_id").alias("entity_id")
    )
    new = new.filter(~pl.col("actor_id").is_in(curated_ids))
    # Spellings of one person ("Sergei Ryabkov", "Sergey Ryabkov", "Сергей Рябков") share the first
    # initial and the surname of their slug; the alphabetically first spelling names the actor.
    slug_parts = pl.col("actor_id").str.split("-")
    new = new.with_columns(
        (slug_parts.list.first().str.slice(0, 1) + pl.lit("|") + slug_parts.list.last()).alias("_person")
    ).sort(["name", "actor_id"])
    canonical = new.unique("_person", keep="first", maintain_order=True)
    spellings = new.select("_person", pl.col("name").alias("alias")).join(
        canonical.select("_person", "actor_id"), on="_person"
    )
    actors = canonical.select(
        "actor_id",
        "name",
        pl.lit("person").alias("actor_type"),
        "country_code",
        "title",
        pl.lit(False).alias("surname_alone"),
    ).sort("actor_id")
    return (
        actors,
        spellings.select("actor_id", "alias").unique().sort(["actor_id", "alias"]),
        pl.concat([close, same_id]),
    )


def _match_kinds(sents: pl.DataFrame, alias_table: pl.DataFrame) -> pl.DataFrame:
    """All spellings in one Aho-Corasick pass (alias_table: alias, entity_id, kind, case_sensitive).

    The gazetteer lets the longest span win; on equal spans the kind earlier in MATCH_KINDS wins."""
    rank = {k: i for i, k in enumerate(MATCH_KINDS)}
    kinds = (
        alias_table.with_columns(
            pl.col("alias").str.to_lowercase().alias("_lower"),
            pl.col("kind").replace_strict(rank, return_dtype=pl.Int64).alias("_rank"),
        )
        .sort("_rank")
        .unique(["entity_id", "_lower"], keep="first", maintain_order=True)
        .select("entity_id", "_lower", "_rank")
    )
    spans = [*KEYS, "start", "end"]
    return (
        match_aliases(sents, alias_table.select("alias", "entity_id", "case_sensitive"))
        .with_columns(pl.col("surface").str.to_lowercase().alias("_lower"))
        .join(kinds, on=["entity_id", "_lower"], how="left")
        .with_columns(pl.col("_rank").fill_null(0))
        .filter(pl.col("_rank") == pl.col("_rank").min().over(spans))
        .with_columns(
            pl.col("_rank").replace_strict({i: k for k, i in rank.items()}, return_dtype=pl.String).alias("match_kind")
        )
        .drop("_lower", "_rank")
    )


def find_actors(
    sentences: pl.DataFrame,
    documents: pl.DataFrame | None = None,
    *,
    reference: ActorReference | None = None,
) -> pl.DataFrame:
    """Actor mentions in sentences (schema.SENTENCES): ACTOR_MENTIONS, entity_id = actor_id.

    `documents` (url, published_at) tells which texts come from an official publisher, whose bare roles
    ("The Prime Minister", "the enemy") name its office holders; without it, roles are not read."""
    schema.check(sentences, schema.SENTENCES, "find_actors", schema.SENTENCE_TEXT)
    if documents is not None:
        schema.check(documents, schema.DOCUMENTS, "find_actors (documents)", ["doc_id", "url"])
    ref = reference or load_actor_reference()
    if sentences.height == 0:
        return schema.empty(ACTOR_MENTIONS)
    sents = sentences.select(*KEYS, pl.col("sentence").fill_null(""))

    # Step 3 and 4 first: they decide which extra spellings the gazetteer must look for.
    titled = titled_names(sents, ref.grammar)
    learned, learned_spellings, titled_fuzzy = _learned_actors(titled, ref, ref.aliases)
    all_actors = pl.concat([ref.actors, learned])
    known = pl.concat([ref.aliases, learned_spellings])
    persons = known.join(all_actors.filter(pl.col("actor_type") == "person").select("actor_id"), on="actor_id")
    known_lower = known["alias"].str.to_lowercase().unique().implode()
    candidates = name_candidates(sents, ref.grammar.not_name_words)
    candidates_df = pl.DataFrame({"c": candidates}, schema={"c": pl.String}).filter(
        ~pl.col("c").str.to_lowercase().is_in(known_lower)
    )
    fuzzy = pl.concat([titled_fuzzy, fuzzy_matches(candidates_df["c"].to_list(), persons)]).unique()

    surnames = with_case_forms(
        pl.concat(
            [
                ref.surnames,
                learned_spellings.select("actor_id", pl.col("alias").str.split(" ").list.last().alias("surname")),
            ]
        ),
        "surname",
    )
    alias_table = pl.concat(
        [
            with_case_forms(ref.aliases, "alias").select(
                "alias", pl.col("actor_id").alias("entity_id"), kind=pl.lit("alias"), case_sensitive=pl.lit(None)
            ),
            learned_spellings.select(
                "alias",
                pl.col("actor_id").alias("entity_id"),
                kind=pl.lit("title_pattern"),
                case_sensitive=pl.lit(None),
            ),
            fuzzy.select("alias", "entity_id", kind=pl.lit("fuzzy"), case_sensitive=pl.lit(None)),
            ref.demonyms.select("alias", "entity_id", kind=pl.lit("demonym"), case_sensitive=pl.lit(None)),
            # Surnames match case-sensitively: they are capitalised, and "Trump" is not "trump".
            surnames.select(
                pl.col("surname").alias("alias"),
                pl.col("actor_id").alias("entity_id"),
                kind=pl.lit("surname"),
                case_sensitive=pl.lit(True),
            ),
        ],
        how="vertical_relaxed",
    ).with_columns(pl.col("case_sensitive").cast(pl.Boolean))
    matched = _match_kinds(sents, alias_table)
    named = matched.filter(pl.col("match_kind") != "surname")
    full = named.filter(pl.col("match_kind") != "demonym")
    publisher_docs = (
        publisher_countries(documents, ref.publishers)
        if documents is not None
        else pl.DataFrame(schema={"doc_id": pl.String, "country_code": pl.String, "published": pl.Date})
    )
    by_surname = resolve_surnames(
        matched.filter(pl.col("match_kind") == "surname"),
        full,
        surnames.select("actor_id", "surname"),
        all_actors,
        publisher_docs,
    )

    # Bare roles in official texts ("The Prime Minister" on gov.uk), where nothing else matched.
    published = pl.col("published_at").cast(pl.Date) if "published_at" in sentences.columns else pl.lit(None, pl.Date)
    all_docs = sentences.select("doc_id", published.alias("published")).unique("doc_id", keep="first")
    roles = role_mentions(sents, publisher_docs, all_docs, ref)
    # A longer role swallows what it contains ("the President of the United States" over "United States").
    roles = drop_overlapping(drop_overlapping(roles, named, unless_longer=True), by_surname, unless_longer=True)
    named = drop_overlapping(named, roles)
    by_surname = drop_overlapping(by_surname, roles)

    mentions = pl.concat(
        [schema.conform(frame, {**schema.MENTIONS, "match_kind": pl.String}) for frame in (named, by_surname, roles)]
    )
    attributes = all_actors.select(
        pl.col("actor_id").alias("entity_id"),
        pl.col("name").alias("actor_name"),
        "actor_type",
        pl.col("country_code").alias("actor_country_code"),
        pl.col("title").alias("actor_title"),
    ).unique("entity_id", keep="first")
    mentions = mentions.join(attributes, on="entity_id", how="left")
    return schema.conform(mentions, ACTOR_MENTIONS).sort([*KEYS, "start", "entity_id"])
