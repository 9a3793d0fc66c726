"""The stored merge is appended to, step by step, and compacted without changing what it holds.

Real extraction of short reports (tests/extract/merge/test_merge_incremental.TEXTS), merged one
document per step through state.update_merge into a StoredMerge; compared at each step with the same
steps applied in memory (state.apply), which rewrites the frames as the merge did before."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from polars.testing import assert_frame_equal

from conflict_events.extract.merge.state import PARTS, MergeState, apply, update_merge
from conflict_events.extract.merge.stored import MANIFEST, StoredMerge
from conflict_events.extract.pipeline import extract_documents
from tests.extract.merge.test_merge_incremental import EDITED_C, TEXTS, documents

KEYS = {"candidates": ["cid"], "blocks": ["cid", "block"], "events": ["cluster"],
        "actors": ["cluster", "actor_id", "role"], "mentions": ["cluster", "doc_id", "char_start", "char_end"]}


def same_merge(stored: MergeState, memory: MergeState) -> None:
    for name in PARTS:
        left = stored.part(name).collect()
        right = memory.part(name).collect().select(left.columns)
        assert_frame_equal(left.sort(KEYS[name]), right.sort(KEYS[name]), check_dtypes=False)


def test_appended_steps_hold_what_rewriting_held_and_compaction_changes_nothing(tmp_path: Path) -> None:
    texts = {k: TEXTS[k] for k in "abcdefg"}
    docs = documents(texts)
    found = extract_documents(docs)
    stored = StoredMerge.create(tmp_path / "merge")
    memory = MergeState.empty()
    steps = [([], [f"doc_{k}"]) for k in "abcdefg"]
    # Then c is edited (its meeting moves to London) and b leaves: rows of earlier steps are dropped.
    edited = documents({**texts, "c": EDITED_C})
    steps += [(["doc_b"], ["doc_c"])]
    for number, (gone, doc_ids) in enumerate(steps):
        docs_now = edited if number == len(steps) - 1 else docs
        candidates = (extract_documents(edited).candidates if number == len(steps) - 1 else found.candidates).filter(
            pl.col("doc_id").is_in(doc_ids)
        )
        delta, _ = update_merge(stored.state(), candidates, gone, docs_now, "v1")
        stored.append(delta)
        memory_delta, _ = update_merge(memory, candidates, gone, docs_now, "v1")
        memory = apply(memory, memory_delta)
        memory = MergeState(**{name: memory.part(name).collect().lazy() for name in PARTS})
        same_merge(stored.state(), memory)

    # Reopened from its manifest, the merge is the same; a file no step finished is removed.
    (tmp_path / "merge" / "events-999999-deadbeef.parquet").write_bytes(b"half a file")
    reopened = StoredMerge.open(tmp_path / "merge")
    assert reopened is not None
    assert not (tmp_path / "merge" / "events-999999-deadbeef.parquet").exists()
    same_merge(reopened.state(), memory)

    before = {name: list(files) for name, files in reopened.manifest["parts"].items()}
    reopened.compact()
    same_merge(reopened.state(), memory)
    assert not any(reopened.manifest["tombstones"].values())
    # Small files are joined: one file per part here, and nothing unlisted is left behind.
    assert all(len(files) <= 1 for files in reopened.manifest["parts"].values())
    listed = {f for files in reopened.manifest["parts"].values() for f in files} | {MANIFEST}
    assert {p.name for p in (tmp_path / "merge").iterdir()} == listed
    assert before != reopened.manifest["parts"]


def test_compaction_rewrites_only_the_files_that_hold_dropped_rows(tmp_path: Path, monkeypatch) -> None:
    import conflict_events.extract.merge.stored as stored_module

    monkeypatch.setattr(stored_module, "COMPACT_ROWS", 0)  # no joining of small files: each file stands alone
    docs = documents({k: TEXTS[k] for k in "acef"})
    found = extract_documents(docs)
    stored = StoredMerge.create(tmp_path / "merge")
    for doc_id in ("doc_a", "doc_c", "doc_e"):
        delta, _ = update_merge(stored.state(), found.candidates.filter(pl.col("doc_id") == doc_id), [], docs, "v1")
        stored.append(delta)
    untouched = list(stored.manifest["parts"]["candidates"])
    # c leaves: only the file of c's step holds dropped rows.
    delta, _ = update_merge(stored.state(), found.candidates.filter(pl.col("doc_id") == "doc_f"), ["doc_c"], docs, "v1")
    stored.append(delta)
    stored.compact()
    after = stored.manifest["parts"]["candidates"]
    assert untouched[0] in after and untouched[2] in after, "files without dropped rows are not written again"
    assert untouched[1] not in after
    live = stored.state().candidates.collect()
    assert "doc_c" not in live["doc_id"].to_list() and "doc_f" in live["doc_id"].to_list()
