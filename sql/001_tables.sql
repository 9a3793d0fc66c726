-- The dataset contract (DATASET.md): tables analysts query. Loaded in file-name order by the
-- warehouse builder into a fresh file, which is then published atomically.

CREATE TABLE documents (
    doc_id          VARCHAR PRIMARY KEY,
    source_id       VARCHAR NOT NULL,
    source_kind     VARCHAR NOT NULL CHECK (source_kind IN ('newsletter', 'official_statement', 'comment')),
    url             VARCHAR NOT NULL,
    title           VARCHAR,
    author          VARCHAR,
    published_at    TIMESTAMPTZ,
    fetched_at      TIMESTAMPTZ,
    language        VARCHAR CHECK (regexp_full_match(language, '[a-z]{2}')),
    text            VARCHAR,
    is_truncated    BOOLEAN,
    content_sha256  VARCHAR,
    subtitle        VARCHAR,
    parent_doc_id   VARCHAR CHECK (parent_doc_id IS NULL OR source_kind = 'comment'),
    external_id     VARCHAR,
    gone_at         TIMESTAMPTZ
);
COMMENT ON TABLE documents IS 'One row per source document: newsletter posts, official statements and reader comments.';
COMMENT ON COLUMN documents.doc_id IS 'Stable id derived from the canonical URL.';
COMMENT ON COLUMN documents.source_id IS 'The configured source it came from (sources YAML id).';
COMMENT ON COLUMN documents.source_kind IS 'newsletter, official_statement or comment.';
COMMENT ON COLUMN documents.url IS 'Canonical URL; a comment is the post URL plus #comment-<id>.';
COMMENT ON COLUMN documents.title IS 'Title; NULL for comments and channel posts.';
COMMENT ON COLUMN documents.author IS 'Person or body that published it.';
COMMENT ON COLUMN documents.published_at IS 'When the source says it was published (UTC).';
COMMENT ON COLUMN documents.fetched_at IS 'When this copy was fetched (UTC).';
COMMENT ON COLUMN documents.language IS 'ISO 639-1 language code (en, uk, ru).';
COMMENT ON COLUMN documents.text IS 'Clean body text without navigation, share buttons, subscribe boxes or footers; paragraphs separated by a blank line.';
COMMENT ON COLUMN documents.is_truncated IS 'True when the source only showed part of it (a paywall).';
COMMENT ON COLUMN documents.content_sha256 IS 'SHA-256 of text, to see edits between fetches.';
COMMENT ON COLUMN documents.subtitle IS 'Subtitle or standfirst, when the source gives one.';
COMMENT ON COLUMN documents.parent_doc_id IS 'For comments: the doc_id of the post they comment on.';
COMMENT ON COLUMN documents.external_id IS 'The site''s own id of the item (post id, comment id, message id).';
COMMENT ON COLUMN documents.gone_at IS 'When the document''s page last answered 404 or 410 (it stays in the dataset, flagged); NULL while it is online.';

CREATE TABLE document_quotes (
    doc_id      VARCHAR NOT NULL,
    char_start  INTEGER NOT NULL,
    char_end    INTEGER NOT NULL
);
COMMENT ON TABLE document_quotes IS 'Character ranges of documents.text that sit in blockquotes (where statements live).';
COMMENT ON COLUMN document_quotes.doc_id IS 'The document.';
COMMENT ON COLUMN document_quotes.char_start IS 'Start offset (0-based) of the quoted range in documents.text.';
COMMENT ON COLUMN document_quotes.char_end IS 'End offset (exclusive) of the quoted range in documents.text.';

CREATE TABLE actors (
    actor_id      VARCHAR PRIMARY KEY,
    name          VARCHAR NOT NULL,
    actor_type    VARCHAR CHECK (actor_type IN ('person', 'state', 'government_body', 'armed_force', 'organisation')),
    country_code  VARCHAR CHECK (regexp_full_match(country_code, '[A-Z]{2}')),
    title         VARCHAR
);
COMMENT ON TABLE actors IS 'Who acts, meets, speaks or is hit.';
COMMENT ON COLUMN actors.actor_id IS 'Slug of the canonical name, e.g. volodymyr-zelensky.';
COMMENT ON COLUMN actors.name IS 'Canonical English name.';
COMMENT ON COLUMN actors.actor_type IS 'person, state, government_body, armed_force or organisation.';
COMMENT ON COLUMN actors.country_code IS 'ISO 3166-1 alpha-2 of the state the actor belongs to or serves; NULL for international bodies.';
COMMENT ON COLUMN actors.title IS 'The role the sources give, e.g. President of Ukraine.';

CREATE TABLE actor_aliases (
    actor_id  VARCHAR NOT NULL,
    alias     VARCHAR NOT NULL
);
COMMENT ON TABLE actor_aliases IS 'Every spelling seen or known for an actor.';
COMMENT ON COLUMN actor_aliases.actor_id IS 'The actor (actors.actor_id).';
COMMENT ON COLUMN actor_aliases.alias IS 'A spelling, transliteration or title form, e.g. Zelenskyy or Зеленський.';

CREATE TABLE weapons (
    weapon_id            VARCHAR PRIMARY KEY,
    name                 VARCHAR NOT NULL,
    category             VARCHAR CHECK (category IN ('cruise_missile', 'ballistic_missile', 'drone', 'glide_bomb', 'artillery', 'air_defence', 'aircraft', 'other')),
    origin_country_code  VARCHAR CHECK (regexp_full_match(origin_country_code, '[A-Z]{2}'))
);
COMMENT ON TABLE weapons IS 'Weapon systems named in the sources.';
COMMENT ON COLUMN weapons.weapon_id IS 'Slug, e.g. storm-shadow.';
COMMENT ON COLUMN weapons.name IS 'Canonical name.';
COMMENT ON COLUMN weapons.category IS 'cruise_missile, ballistic_missile, drone, glide_bomb, artillery, air_defence, aircraft or other.';
COMMENT ON COLUMN weapons.origin_country_code IS 'ISO 3166-1 alpha-2 of the producing country.';

CREATE TABLE weapon_aliases (
    weapon_id  VARCHAR NOT NULL,
    alias      VARCHAR NOT NULL
);
COMMENT ON TABLE weapon_aliases IS 'Every name of a weapon: Storm Shadow and SCALP-EG are one weapon.';
COMMENT ON COLUMN weapon_aliases.weapon_id IS 'The weapon (weapons.weapon_id).';
COMMENT ON COLUMN weapon_aliases.alias IS 'A name or spelling of it.';

CREATE TABLE places (
    place_id      VARCHAR PRIMARY KEY,
    name          VARCHAR NOT NULL,
    place_type    VARCHAR CHECK (place_type IN ('city', 'admin1', 'country', 'facility')),
    admin1        VARCHAR,
    admin1_code   VARCHAR CHECK (regexp_full_match(admin1_code, '[A-Z]{2}-[A-Z0-9]{1,3}')),
    country_code  VARCHAR CHECK (regexp_full_match(country_code, '[A-Z]{2}')),
    latitude      DOUBLE CHECK (latitude BETWEEN -90 AND 90),
    longitude     DOUBLE CHECK (longitude BETWEEN -180 AND 180)
);
COMMENT ON TABLE places IS 'Gazetteer of places and facilities the events refer to.';
COMMENT ON COLUMN places.place_id IS 'Stable id of the place.';
COMMENT ON COLUMN places.name IS 'English name.';
COMMENT ON COLUMN places.place_type IS 'city, admin1, country or facility.';
COMMENT ON COLUMN places.admin1 IS 'First-level region name, e.g. Rostov Oblast.';
COMMENT ON COLUMN places.admin1_code IS 'ISO 3166-2 code of the region, e.g. RU-ROS.';
COMMENT ON COLUMN places.country_code IS 'ISO 3166-1 alpha-2; occupied Ukrainian territory carries UA.';
COMMENT ON COLUMN places.latitude IS 'WGS84 latitude.';
COMMENT ON COLUMN places.longitude IS 'WGS84 longitude.';

CREATE TABLE events (
    event_id           VARCHAR PRIMARY KEY,
    event_type         VARCHAR NOT NULL CHECK (event_type IN ('strike', 'meeting', 'statement', 'proposal', 'sanction', 'aid')),
    sub_type           VARCHAR,
    status             VARCHAR CHECK (status IN ('occurred', 'planned')),
    date_start         DATE,
    date_end           DATE,
    date_precision     VARCHAR CHECK (date_precision IN ('day', 'week', 'month', 'year')),
    summary            VARCHAR,
    location_name      VARCHAR,
    admin1             VARCHAR,
    admin1_code        VARCHAR CHECK (regexp_full_match(admin1_code, '[A-Z]{2}-[A-Z0-9]{1,3}')),
    country_code       VARCHAR CHECK (regexp_full_match(country_code, '[A-Z]{2}')),
    latitude           DOUBLE CHECK (latitude BETWEEN -90 AND 90),
    longitude          DOUBLE CHECK (longitude BETWEEN -180 AND 180),
    geo_precision      VARCHAR CHECK (geo_precision IN ('point', 'city', 'admin1', 'country')),
    target_name        VARCHAR,
    target_type        VARCHAR CHECK (target_type IN ('oil_refinery', 'oil_depot', 'power_plant', 'energy_grid', 'airfield', 'port', 'military_base', 'military_industry', 'city', 'residential', 'government', 'rail', 'bridge', 'ship', 'other')),
    weapon_id          VARCHAR,
    quote              VARCHAR,
    source_count       INTEGER CHECK (source_count >= 1),
    confidence         DOUBLE CHECK (confidence BETWEEN 0 AND 1),
    first_reported_at  TIMESTAMPTZ,
    place_id           VARCHAR,
    -- The taxonomy (sql/taxonomy.yaml): each event type has its own sub-types.
    CHECK (sub_type IS NULL
        OR (event_type = 'strike' AND sub_type IN ('missile', 'drone', 'air', 'artillery', 'unspecified'))
        OR (event_type = 'meeting' AND sub_type IN ('summit', 'talks', 'call'))
        OR (event_type = 'statement' AND sub_type IN ('quote', 'reported'))
        OR (event_type = 'proposal' AND sub_type IN ('peace_plan', 'ceasefire', 'agreement'))
        OR (event_type = 'sanction' AND sub_type IN ('imposed', 'threatened', 'lifted'))
        OR (event_type = 'aid' AND sub_type IN ('delivered', 'pledged', 'refused'))),
    CHECK (date_end IS NULL OR date_start IS NULL OR date_end >= date_start)
);
COMMENT ON TABLE events IS 'One row per real-world event, merged across documents.';
COMMENT ON COLUMN events.event_id IS 'Stable id: the same input gives the same id.';
COMMENT ON COLUMN events.event_type IS 'strike, meeting, statement, proposal, sanction or aid.';
COMMENT ON COLUMN events.sub_type IS 'strike: missile/drone/air/artillery/unspecified; meeting: summit/talks/call; statement: quote/reported; proposal: peace_plan/ceasefire/agreement; sanction: imposed/threatened/lifted; aid: delivered/pledged/refused.';
COMMENT ON COLUMN events.status IS 'occurred, or planned (announced for the future at the time of reporting).';
COMMENT ON COLUMN events.date_start IS 'The event lies on or after this date.';
COMMENT ON COLUMN events.date_end IS 'The event lies on or before this date; equal to date_start when known to the day.';
COMMENT ON COLUMN events.date_precision IS 'day, week, month or year.';
COMMENT ON COLUMN events.summary IS 'One plain sentence describing the event.';
COMMENT ON COLUMN events.location_name IS 'Most precise place named.';
COMMENT ON COLUMN events.admin1 IS 'Region name, e.g. Rostov Oblast.';
COMMENT ON COLUMN events.admin1_code IS 'ISO 3166-2 code of the region.';
COMMENT ON COLUMN events.country_code IS 'ISO 3166-1 alpha-2 of where it happened.';
COMMENT ON COLUMN events.latitude IS 'WGS84 latitude of location_name at geo_precision: the point, the city, the region''s centroid (admin1) or the country''s centroid (country); NULL when unlocated.';
COMMENT ON COLUMN events.longitude IS 'WGS84 longitude, as latitude.';
COMMENT ON COLUMN events.geo_precision IS 'point, city, admin1, country or NULL.';
COMMENT ON COLUMN events.target_name IS 'For strikes: what was hit.';
COMMENT ON COLUMN events.target_type IS 'For strikes: the kind of target.';
COMMENT ON COLUMN events.weapon_id IS 'The weapon used (weapons.weapon_id); NULL when none named.';
COMMENT ON COLUMN events.quote IS 'For statements: the quoted words, verbatim.';
COMMENT ON COLUMN events.source_count IS 'Distinct documents that report it.';
COMMENT ON COLUMN events.confidence IS '0 to 1: how sure the extraction is.';
COMMENT ON COLUMN events.first_reported_at IS 'Earliest published_at among its documents.';
COMMENT ON COLUMN events.place_id IS 'The place of location_name (places.place_id); NULL when unlocated.';

CREATE TABLE event_actors (
    event_id  VARCHAR NOT NULL,
    actor_id  VARCHAR NOT NULL,
    role      VARCHAR NOT NULL CHECK (role IN ('initiator', 'target', 'participant', 'speaker', 'mediator'))
);
COMMENT ON TABLE event_actors IS 'Who took part in an event, and how.';
COMMENT ON COLUMN event_actors.event_id IS 'The event (events.event_id).';
COMMENT ON COLUMN event_actors.actor_id IS 'The actor (actors.actor_id).';
COMMENT ON COLUMN event_actors.role IS 'initiator, target, participant, speaker or mediator.';

CREATE TABLE event_mentions (
    event_id           VARCHAR NOT NULL,
    doc_id             VARCHAR NOT NULL,
    sentence           VARCHAR NOT NULL,
    char_start         INTEGER NOT NULL,
    char_end           INTEGER NOT NULL,
    extractor_version  VARCHAR NOT NULL
);
COMMENT ON TABLE event_mentions IS 'Provenance: the sentences that report each event.';
COMMENT ON COLUMN event_mentions.event_id IS 'The event (events.event_id).';
COMMENT ON COLUMN event_mentions.doc_id IS 'The document (documents.doc_id).';
COMMENT ON COLUMN event_mentions.sentence IS 'The evidence, verbatim from documents.text.';
COMMENT ON COLUMN event_mentions.char_start IS 'Start offset (0-based) of sentence in documents.text.';
COMMENT ON COLUMN event_mentions.char_end IS 'End offset (exclusive) of sentence in documents.text.';
COMMENT ON COLUMN event_mentions.extractor_version IS 'Version of the extractor that found it.';

CREATE TABLE source_runs (
    run_started_at  TIMESTAMPTZ NOT NULL,
    source_id       VARCHAR NOT NULL,
    source_type     VARCHAR CHECK (source_type IN ('substack', 'rss', 'telegram')),
    status          VARCHAR CHECK (status IN ('ok', 'partial', 'blocked', 'failed')),
    requested       INTEGER,
    downloaded      INTEGER,
    not_modified    INTEGER,
    items           INTEGER,
    errors          VARCHAR
);
COMMENT ON TABLE source_runs IS 'How each source fared in the refresh that built this file.';
COMMENT ON COLUMN source_runs.run_started_at IS 'When the refresh started (UTC).';
COMMENT ON COLUMN source_runs.source_id IS 'The configured source.';
COMMENT ON COLUMN source_runs.source_type IS 'substack, rss or telegram.';
COMMENT ON COLUMN source_runs.status IS 'ok, partial, blocked or failed.';
COMMENT ON COLUMN source_runs.requested IS 'HTTP requests made.';
COMMENT ON COLUMN source_runs.downloaded IS 'Bodies downloaded (changed or new).';
COMMENT ON COLUMN source_runs.not_modified IS 'Requests answered 304 Not Modified.';
COMMENT ON COLUMN source_runs.items IS 'Items (posts, articles, messages) seen.';
COMMENT ON COLUMN source_runs.errors IS 'Problems met, one per line.';
