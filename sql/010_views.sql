-- Analyst views over the contract tables.

CREATE VIEW strikes AS
SELECT e.event_id, e.date_start, e.date_end, e.date_precision, e.status, e.sub_type,
       string_agg(DISTINCT a.name, ', ') FILTER (WHERE ea.role = 'initiator') AS attacker,
       e.target_name, e.target_type, e.location_name, e.admin1, e.admin1_code, e.country_code,
       e.latitude, e.longitude, w.name AS weapon, w.category AS weapon_category,
       e.source_count, e.confidence, e.summary
FROM events e
LEFT JOIN event_actors ea USING (event_id)
LEFT JOIN actors a USING (actor_id)
LEFT JOIN weapons w USING (weapon_id)
WHERE e.event_type = 'strike'
GROUP BY ALL;
COMMENT ON VIEW strikes IS 'Strikes with attacker, target, place and weapon, one row per event.';

CREATE VIEW statements AS
SELECT e.event_id, e.date_start, e.date_end, e.sub_type,
       string_agg(DISTINCT a.name, ', ') FILTER (WHERE ea.role = 'speaker') AS speaker,
       e.quote, e.summary, e.source_count, e.first_reported_at
FROM events e
LEFT JOIN event_actors ea USING (event_id)
LEFT JOIN actors a USING (actor_id)
WHERE e.event_type = 'statement'
GROUP BY ALL;
COMMENT ON VIEW statements IS 'Public statements with their speaker and verbatim quote.';

CREATE VIEW meetings AS
SELECT e.event_id, e.date_start, e.date_end, e.status, e.sub_type,
       string_agg(DISTINCT a.name, ', ' ORDER BY a.name) AS participants,
       e.location_name, e.country_code, e.summary, e.source_count
FROM events e
LEFT JOIN event_actors ea USING (event_id)
LEFT JOIN actors a USING (actor_id)
WHERE e.event_type = 'meeting'
GROUP BY ALL;
COMMENT ON VIEW meetings IS 'Meetings, talks and calls with their participants.';

CREATE VIEW event_evidence AS
SELECT m.event_id, e.event_type, e.summary, d.source_id, d.url, d.title, d.published_at,
       m.sentence, m.char_start, m.char_end, m.extractor_version
FROM event_mentions m
JOIN events e USING (event_id)
JOIN documents d USING (doc_id);
COMMENT ON VIEW event_evidence IS 'Every event with the sentences and documents that report it.';

CREATE VIEW actor_activity AS
SELECT a.actor_id, a.name, a.actor_type, ea.role, e.event_type, count(*) AS events,
       min(e.date_start) AS first_date, max(e.date_end) AS last_date
FROM event_actors ea
JOIN actors a USING (actor_id)
JOIN events e USING (event_id)
GROUP BY ALL;
COMMENT ON VIEW actor_activity IS 'How often each actor appears, by role and event type.';
