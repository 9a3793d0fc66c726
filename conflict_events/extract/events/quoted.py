"""Document-level statement passes: blockquotes and quoted paragraphs go to the speaker of their
lead-in; transcript labels ("Vladimir Putin: ...") give one statement per speaker."""

from __future__ import annotations

import re

from conflict_events.extract import roles as R
from conflict_events.extract.events.model import MAX_QUOTE_CHARS, SPEAKING, Candidate, Sentence
from conflict_events.text.quotes import is_quoted_paragraph, quotations, strip_outer_quotes
from conflict_events.text.rules import Rules


def _quoted_paragraphs(doc: list[Sentence]) -> list[list[Sentence]]:
    """Runs of sentences forming one blockquote or quoted paragraph (consecutive paragraphs join)."""
    by_para: dict[int, list[Sentence]] = {}
    for sent in doc:
        by_para.setdefault(sent.para, []).append(sent)
    runs: list[list[Sentence]] = []
    last_para = None
    for para in sorted(by_para):
        sents = by_para[para]
        quoted = all(s.in_blockquote for s in sents) or is_quoted_paragraph(" ".join(s.text for s in sents))
        if not quoted:
            continue
        if runs and last_para is not None and para == last_para + 1:
            runs[-1].extend(sents)
        else:
            runs.append(list(sents))
        last_para = para
    return runs


_SPEAKER_LABEL = re.compile(r"^(?P<label>[^:\n“”\"]{3,90}?):\s+(?=\S)")


def transcript_statements(doc: list[Sentence], rules: Rules) -> list[Candidate]:
    """Transcripts ("Vladimir Putin: Good afternoon ..."): one statement per speaker and document,
    quoting the paragraphs the speaker's label opens."""
    firsts: dict[int, Sentence] = {}
    for sent in doc:
        firsts.setdefault(sent.para, sent)
    by_speaker: dict[str, Candidate] = {}
    quotes: dict[str, list[str]] = {}
    current: str | None = None  # the speaker whose turn is running (paragraphs without a label)
    for para, first in sorted(firsts.items()):
        label = _SPEAKER_LABEL.match(first.text)
        if not label or rules.pattern("first_person").search(label.group("label")):
            if current is not None and not first.in_blockquote:
                quotes[current].append(" ".join(s.text for s in doc if s.para == para))
            continue
        current = None
        people = [
            m
            for m in first.actors
            if m.actor_type == "person" and m.end <= label.end("label") and m.match_kind != "demonym"
        ]
        # The label is a name with its title, nothing else ("President of Russia Vladimir Putin").
        if not people or re.search(r"\b(?:said|says|told|wrote|asked)\b", label.group("label"), re.IGNORECASE):
            continue
        speaker = people[-1]
        words = " ".join(s.text for s in doc if s.para == para)[label.end() :]
        cand = by_speaker.get(speaker.actor_id)
        if cand is None:
            cand = Candidate("statement", "quote", first, 0.7)
            cand.actors = [(speaker, "speaker")]
            by_speaker[speaker.actor_id] = cand
            quotes[speaker.actor_id] = []
        cand.evidence.append(first)
        quotes[speaker.actor_id].append(words.strip())
        current = speaker.actor_id
    for actor_id, cand in by_speaker.items():
        text = " … ".join(quotes[actor_id])
        if len(text) > MAX_QUOTE_CHARS:
            text = text[:MAX_QUOTE_CHARS].rsplit(" ", 1)[0]
        cand.quote = text
    return list(by_speaker.values())


def attribute_blockquotes(doc: list[Sentence], cands: list[Candidate], rules: Rules) -> list[Candidate]:
    """A quoted paragraph belongs to the speaker of its lead-in: the statement in the paragraph
    before it, else the subject of a lead-in sentence with an attribution cue ("X said:")."""
    new: list[Candidate] = []
    for run in _quoted_paragraphs(doc):
        first = run[0]
        run_idx = {s.idx for s in run}
        if any(c.event_type == "statement" and c.anchor.idx in run_idx for c in cands):
            continue  # the quoted paragraph names its own speaker ("“...,” Zelensky said")
        lead_para = [s for s in doc if s.para == first.para - 1 and not s.in_blockquote]
        if not lead_para:
            continue
        lead = lead_para[-1]
        if rules.pattern("first_person").search(lead.text):
            continue
        inner = [q.text for s in run for q in quotations(s.text, rules.value("statement.min_quote_words"))]
        quote_text = " … ".join(inner) if inner else " ".join(s.text for s in run)
        if len(quote_text) > MAX_QUOTE_CHARS:
            quote_text = quote_text[:MAX_QUOTE_CHARS].rsplit(" ", 1)[0]
        quote_text = strip_outer_quotes(quote_text)
        lead_idx = {s.idx for s in lead_para}
        statements = [c for c in cands + new if c.event_type == "statement" and c.anchor.idx in lead_idx]
        if statements:
            cand = max(statements, key=lambda c: c.anchor.idx)
            cand.quote = quote_text
            cand.sub_type = "quote"
            cand.strength = max(cand.strength, 0.75)
            cand.evidence.extend(s for s in run if s not in cand.evidence)
            continue
        if not rules.pattern("statement.lead_in_cues").search(lead.text):
            continue
        pool = [m for m in R.role_capable(lead.text, lead.actors, SPEAKING) if m.match_kind != "demonym"]
        people = [m for m in pool if m.actor_type == "person"]
        speaker = (people or pool or [None])[0]
        if speaker is None:
            continue
        cand = Candidate("statement", "quote", lead, 0.7)
        cand.actors = [(speaker, "speaker")]
        cand.quote = quote_text
        cand.evidence = [lead, *run]
        new.append(cand)
    return cands + new
