-- Analyst views over the contract tables. Every view column carries a comment (the codebook,
-- docs/CODEBOOK.md, is generated from them). Lists of ids sit beside the readable names, so a view
-- joins back to actors / places / weapons without splitting strings.

CREATE VIEW event_sources AS
SELECT m.event_id,
       arg_min(d.url, coalesce(d.published_at, d.fetched_at)) AS first_source_url,
       list(DISTINCT d.url ORDER BY d.url) AS source_urls,
       list(DISTINCT d.source_id ORDER BY d.source_id) AS source_ids
FROM event_mentions m
JOIN documents d USING (doc_id)
GROUP BY m.event_id;
COMMENT ON VIEW event_sources IS 'The documents that report each event: the first one published and all of them.';
COMMENT ON COLUMN event_sources.event_id IS 'The event (events.event_id).';
COMMENT ON COLUMN event_sources.first_source_url IS 'URL of the earliest published document that reports it.';
COMMENT ON COLUMN event_sources.source_urls IS 'URLs of every document that reports it, sorted.';
COMMENT ON COLUMN event_sources.source_ids IS 'The configured sources (documents.source_id) those documents came from.';

CREATE VIEW strikes AS
SELECT e.event_id, e.date_start, e.date_end, e.date_precision, e.status, e.sub_type,
       string_agg(DISTINCT a.name, ', ' ORDER BY a.name) FILTER (WHERE ea.role = 'initiator') AS attacker,
       list(DISTINCT ea.actor_id ORDER BY ea.actor_id) FILTER (WHERE ea.role = 'initiator') AS attacker_ids,
       string_agg(DISTINCT a.name, ', ' ORDER BY a.name) FILTER (WHERE ea.role = 'target') AS target_actor,
       list(DISTINCT ea.actor_id ORDER BY ea.actor_id) FILTER (WHERE ea.role = 'target') AS target_actor_ids,
       e.target_name, e.target_type, e.place_id, e.location_name, e.admin1, e.admin1_code, e.country_code,
       e.latitude, e.longitude, e.geo_precision, e.weapon_id, w.name AS weapon, w.category AS weapon_category,
       e.source_count, e.confidence, e.summary, s.first_source_url AS source_url
FROM events e
LEFT JOIN event_actors ea USING (event_id)
LEFT JOIN actors a USING (actor_id)
LEFT JOIN weapons w USING (weapon_id)
LEFT JOIN event_sources s USING (event_id)
WHERE e.event_type = 'strike'
GROUP BY ALL;
COMMENT ON VIEW strikes IS 'Strikes with attacker, target, place and weapon, one row per event.';
COMMENT ON COLUMN strikes.event_id IS 'The event (events.event_id).';
COMMENT ON COLUMN strikes.date_start IS 'The strike lies on or after this date.';
COMMENT ON COLUMN strikes.date_end IS 'The strike lies on or before this date.';
COMMENT ON COLUMN strikes.date_precision IS 'day, week, month or year.';
COMMENT ON COLUMN strikes.status IS 'occurred or planned.';
COMMENT ON COLUMN strikes.sub_type IS 'missile, drone, air, artillery or unspecified.';
COMMENT ON COLUMN strikes.attacker IS 'Names of the initiators, comma-separated, for reading; use attacker_ids to join.';
COMMENT ON COLUMN strikes.attacker_ids IS 'actor_id of every initiator (actors.actor_id), sorted; NULL when none is named.';
COMMENT ON COLUMN strikes.target_actor IS 'Names of the actors hit (role target), comma-separated.';
COMMENT ON COLUMN strikes.target_actor_ids IS 'actor_id of every actor hit (role target), sorted; NULL when none.';
COMMENT ON COLUMN strikes.target_name IS 'What was hit, as named (a facility, a city, a ship).';
COMMENT ON COLUMN strikes.target_type IS 'The kind of target (see events.target_type).';
COMMENT ON COLUMN strikes.place_id IS 'Where (places.place_id).';
COMMENT ON COLUMN strikes.location_name IS 'Most precise place named.';
COMMENT ON COLUMN strikes.admin1 IS 'Region name.';
COMMENT ON COLUMN strikes.admin1_code IS 'ISO 3166-2 code of the region.';
COMMENT ON COLUMN strikes.country_code IS 'ISO 3166-1 alpha-2 of where it happened.';
COMMENT ON COLUMN strikes.latitude IS 'WGS84 latitude at geo_precision.';
COMMENT ON COLUMN strikes.longitude IS 'WGS84 longitude at geo_precision.';
COMMENT ON COLUMN strikes.geo_precision IS 'point, city, admin1 (region centroid) or country (country centroid).';
COMMENT ON COLUMN strikes.weapon_id IS 'The weapon used (weapons.weapon_id).';
COMMENT ON COLUMN strikes.weapon IS 'Name of the weapon used.';
COMMENT ON COLUMN strikes.weapon_category IS 'Category of the weapon (see weapons.category).';
COMMENT ON COLUMN strikes.source_count IS 'Distinct documents that report it.';
COMMENT ON COLUMN strikes.confidence IS '0 to 1: how sure the extraction is.';
COMMENT ON COLUMN strikes.summary IS 'One plain sentence describing the strike.';
COMMENT ON COLUMN strikes.source_url IS 'URL of the earliest published document that reports it (event_sources has all).';

CREATE VIEW statements AS
SELECT e.event_id, e.date_start, e.date_end, e.sub_type,
       string_agg(DISTINCT a.name, ', ' ORDER BY a.name) FILTER (WHERE ea.role = 'speaker') AS speaker,
       min(ea.actor_id) FILTER (WHERE ea.role = 'speaker') AS speaker_id,
       list(DISTINCT ea.actor_id ORDER BY ea.actor_id) FILTER (WHERE ea.role = 'speaker') AS speaker_ids,
       e.quote, e.summary, e.source_count, e.first_reported_at, s.first_source_url AS source_url
FROM events e
LEFT JOIN event_actors ea USING (event_id)
LEFT JOIN actors a USING (actor_id)
LEFT JOIN event_sources s USING (event_id)
WHERE e.event_type = 'statement'
GROUP BY ALL;
COMMENT ON VIEW statements IS 'Public statements with their speaker and verbatim quote.';
COMMENT ON COLUMN statements.event_id IS 'The event (events.event_id).';
COMMENT ON COLUMN statements.date_start IS 'The statement was made on or after this date.';
COMMENT ON COLUMN statements.date_end IS 'The statement was made on or before this date.';
COMMENT ON COLUMN statements.sub_type IS 'quote (verbatim words) or reported (paraphrase).';
COMMENT ON COLUMN statements.speaker IS 'Name of the speaker (names, comma-separated, when several).';
COMMENT ON COLUMN statements.speaker_id IS 'actor_id of the speaker (actors.actor_id); the first in order when several.';
COMMENT ON COLUMN statements.speaker_ids IS 'actor_id of every speaker, sorted.';
COMMENT ON COLUMN statements.quote IS 'The quoted words, verbatim.';
COMMENT ON COLUMN statements.summary IS 'One plain sentence describing the statement.';
COMMENT ON COLUMN statements.source_count IS 'Distinct documents that report it.';
COMMENT ON COLUMN statements.first_reported_at IS 'Earliest published_at among its documents.';
COMMENT ON COLUMN statements.source_url IS 'URL of the earliest published document that reports it.';

CREATE VIEW meetings AS
SELECT e.event_id, e.date_start, e.date_end, e.status, e.sub_type,
       string_agg(DISTINCT a.name, ', ' ORDER BY a.name) AS participants,
       list(DISTINCT ea.actor_id ORDER BY ea.actor_id) FILTER (WHERE ea.actor_id IS NOT NULL) AS participant_ids,
       e.place_id, e.location_name, e.country_code, e.summary, e.source_count, s.first_source_url AS source_url
FROM events e
LEFT JOIN event_actors ea USING (event_id)
LEFT JOIN actors a USING (actor_id)
LEFT JOIN event_sources s USING (event_id)
WHERE e.event_type = 'meeting'
GROUP BY ALL;
COMMENT ON VIEW meetings IS 'Meetings, talks and calls with their participants.';
COMMENT ON COLUMN meetings.event_id IS 'The event (events.event_id).';
COMMENT ON COLUMN meetings.date_start IS 'The meeting lies on or after this date.';
COMMENT ON COLUMN meetings.date_end IS 'The meeting lies on or before this date.';
COMMENT ON COLUMN meetings.status IS 'occurred or planned.';
COMMENT ON COLUMN meetings.sub_type IS 'summit, talks or call.';
COMMENT ON COLUMN meetings.participants IS 'Names of everyone taking part, sorted, comma-separated.';
COMMENT ON COLUMN meetings.participant_ids IS 'actor_id of everyone taking part (actors.actor_id), sorted.';
COMMENT ON COLUMN meetings.place_id IS 'Where (places.place_id); NULL for calls and unnamed places.';
COMMENT ON COLUMN meetings.location_name IS 'Most precise place named.';
COMMENT ON COLUMN meetings.country_code IS 'ISO 3166-1 alpha-2 of where it took place.';
COMMENT ON COLUMN meetings.summary IS 'One plain sentence describing the meeting.';
COMMENT ON COLUMN meetings.source_count IS 'Distinct documents that report it.';
COMMENT ON COLUMN meetings.source_url IS 'URL of the earliest published document that reports it.';

CREATE VIEW event_evidence AS
SELECT m.event_id, e.event_type, e.summary, m.doc_id, d.source_id, d.url, d.title, d.published_at,
       m.sentence, m.char_start, m.char_end, m.extractor_version
FROM event_mentions m
JOIN events e USING (event_id)
JOIN documents d USING (doc_id);
COMMENT ON VIEW event_evidence IS 'Every event with the sentences and documents that report it.';
COMMENT ON COLUMN event_evidence.event_id IS 'The event (events.event_id).';
COMMENT ON COLUMN event_evidence.event_type IS 'strike, meeting, statement, proposal, sanction or aid.';
COMMENT ON COLUMN event_evidence.summary IS 'One plain sentence describing the event.';
COMMENT ON COLUMN event_evidence.doc_id IS 'The document (documents.doc_id).';
COMMENT ON COLUMN event_evidence.source_id IS 'The configured source the document came from.';
COMMENT ON COLUMN event_evidence.url IS 'Canonical URL of the document.';
COMMENT ON COLUMN event_evidence.title IS 'Title of the document; NULL for comments and channel posts.';
COMMENT ON COLUMN event_evidence.published_at IS 'When the document was published (UTC).';
COMMENT ON COLUMN event_evidence.sentence IS 'The evidence, verbatim from documents.text.';
COMMENT ON COLUMN event_evidence.char_start IS 'Start offset (0-based) of sentence in documents.text.';
COMMENT ON COLUMN event_evidence.char_end IS 'End offset (exclusive) of sentence in documents.text.';
COMMENT ON COLUMN event_evidence.extractor_version IS 'Version of the extractor that found it.';

CREATE VIEW actor_activity AS
SELECT a.actor_id, a.name, a.actor_type, ea.role, e.event_type, count(*) AS events,
       min(e.date_start) AS first_date, max(e.date_end) AS last_date
FROM event_actors ea
JOIN actors a USING (actor_id)
JOIN events e USING (event_id)
GROUP BY ALL;
COMMENT ON VIEW actor_activity IS 'How often each actor appears, by role and event type.';
COMMENT ON COLUMN actor_activity.actor_id IS 'The actor (actors.actor_id).';
COMMENT ON COLUMN actor_activity.name IS 'Canonical English name.';
COMMENT ON COLUMN actor_activity.actor_type IS 'person, state, government_body, armed_force or organisation.';
COMMENT ON COLUMN actor_activity.role IS 'initiator, target, participant, speaker or mediator.';
COMMENT ON COLUMN actor_activity.event_type IS 'strike, meeting, statement, proposal, sanction or aid.';
COMMENT ON COLUMN actor_activity.events IS 'Number of events of that type in which the actor has that role.';
COMMENT ON COLUMN actor_activity.first_date IS 'Earliest date_start among them.';
COMMENT ON COLUMN actor_activity.last_date IS 'Latest date_end among them.';
