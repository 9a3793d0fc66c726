"""Merge event candidates into real-world events, within and across documents.

`merge_events(candidates, documents, extractor_version) -> (events, event_actors, event_mentions)`

Which candidates are one event (pairs found with Polars joins, clusters by union-find):
- within a document (self-join on doc_id + event_type): dates overlap, or one of the two is
  dated only by the report window (a later mention of the same summit without its date);
  - strike: same place or same target, attackers not in conflict;
  - meeting: two shared participants, or the same place and one shared participant;
  - statement: same speaker, and evidence at most two sentences apart or the same quote;
  - proposal / sanction / aid: same sub_type and a shared initiator;
- across documents (join on blocking keys: place, target, participant pair, speaker + quote
  shingle, initiator, each with the ISO week of the middle of its date range): same rules, but
  the dates must overlap, and the two middles fall in one week (overlap alone would chain a
  year of weekly mentions into one event).

Event ids are stable: `evt_` + hash of the cluster's defining features - event type, date_start,
place_id, target name, sorted actor ids and (statements) the start of the quote. Document
offsets are not used, so the id does not depend on which source reported first; two runs over
the same input give the same ids. Clusters whose features coincide get a suffix in order of
their earliest evidence (doc_id, offset), also deterministic.
Candidates are numbered by a hash of (doc_id, cand_idx), the same in every refresh, so the merge is
kept between refreshes and brought up to date from the documents that changed (`state.update_merge`,
whose steps `stored.StoredMerge` appends to files); `merge_events` is that update from an empty state.
Modules: pairs (features, pairs, clusters) <- summaries <- build (events per cluster, ids) <- state
<- stored.
"""

from conflict_events.extract.merge.build import EVENT_ACTORS, EVENT_MENTIONS, EVENTS, merge_events

__all__ = ["EVENTS", "EVENT_ACTORS", "EVENT_MENTIONS", "merge_events"]
