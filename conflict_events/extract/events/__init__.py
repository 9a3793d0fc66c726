"""Event candidates from sentences: strikes, meetings, statements, proposals, sanctions, aid.

`extract_candidates(findings)` returns one row per event candidate (schema CANDIDATES), each
with its evidence sentences (`mentions`), roles, date, place, target, weapon and quote.
Merging candidates into real-world events is extract/merge.py's job.

How it works
1. Vectorised pre-filter (Polars, Aho-Corasick): each sentence of a non-comment document is
   tagged with the event types whose pre-filter words it holds (reference/event_triggers.yaml);
   English sentences may hold any type, Ukrainian and Russian ones strikes only, other
   languages none. Only tagged documents go further.
2. Vectorised dating: each sentence gets its own resolved date, else the nearest earlier dated
   sentence of its paragraph (or a day-precise lead sentence up to three sentences before)
   ("context"), else the report window: the week ending on the publication day ("window",
   week precision - never an invented day). Occurred events are clipped to the publication day.
3. Per document (Python, over tagged sentences only): trigger matches, hedge / negation /
   question / advice / forecast filters, roles from surface patterns (extract/roles.py), then
   document-level steps: a strike named again ("the attack was made with ...") gives its weapon
   to the strike before it; blockquotes and quoted paragraphs are attributed to the speaker of
   their lead-in; transcript labels ("Vladimir Putin: ...") give one statement per speaker;
   summits named only by their place get the leaders of the states named with them, or borrow
   the people named with the same place elsewhere in the document.
Precision first: a candidate needs the actors its type requires (two sides for a meeting, a
speaker that is not the author, an attacker or a named target for a strike).

Modules: model (objects, CANDIDATES schema) <- loading (frames -> sentences) <- checks <-
strikes, meetings, statements, simple (one sentence each) <- strike_passes, quoted (document
passes) <- rows <- document (the whole, `extract_candidates`).
"""

from conflict_events.extract.events.document import candidates_of_document, extract_candidates
from conflict_events.extract.events.model import CANDIDATES, Candidate, Findings, Sentence

__all__ = ["CANDIDATES", "Candidate", "Findings", "Sentence", "candidates_of_document", "extract_candidates"]
