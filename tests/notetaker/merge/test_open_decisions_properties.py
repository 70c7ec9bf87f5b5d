"""The merge's properties hold for merged notes that carry decisions left open (a merged file's)."""

from __future__ import annotations

import random
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notetaker.domain import OpenDecision
from notetaker.merge import Resolution, Source, finalize, merge, resolve, resolve_detailed

from .strategies import KINDS, sources

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _merged_with_decisions(inputs: list[Source]) -> Source:
    """What ``notetaker merge`` writes: every candidate of an open decision kept, the decisions listed."""
    result = merge(inputs, KINDS)
    resolved = resolve_detailed(result, {}, open_default=Resolution.KEEP_ALL)
    note, renamed = finalize(resolved.note)
    decisions = tuple(
        OpenDecision(d.id, d.kind.value, d.section, tuple(renamed.get(u, u) for u in resolved.produced.get(d.id, ())),
                     d.reason)
        for d in result.open_decisions
    )
    return Source(note, "merged.sidenotes", "event", decisions)


@SETTINGS
@given(sources(min_notes=2), sources(min_notes=1, max_notes=2), st.randoms(use_true_random=False))
def test_open_decisions_are_taken_up_in_any_order_and_nothing_is_dropped(first, more, rnd: random.Random):
    merged = _merged_with_decisions(first)
    others = [replace(s, file=f"more{k}.sidenotes") for k, s in enumerate(more)]
    inputs = [merged, *others]
    result = merge(inputs, KINDS)
    shuffled = list(inputs)
    rnd.shuffle(shuffled)
    assert merge(shuffled, KINDS) == result
    # every item of the merged note is in the result, in an item's provenance (as itself or as
    # what it was merged from), or in an open decision
    held = {(p.note_uid, p.item_uid) for i in result.note.items for p in i.provenance}
    uids = {i.uid for i in result.note.items}
    open_items = {c.item.uid for d in result.open_decisions for c in d.candidates}
    for item in merged.note.items:
        assert ((merged.note.uid, item.uid) in held or item.uid in uids or item.uid in open_items
                or any((p.note_uid, p.item_uid) in held for p in item.provenance))
    kept = resolve(result, {}, open_default=Resolution.KEEP_ALL)
    kept_from = {(p.note_uid, p.item_uid) for i in kept.items for p in i.provenance}
    for source in inputs:
        for item in source.note.items:
            assert (source.note.uid, item.uid) in kept_from or any(
                (p.note_uid, p.item_uid) in kept_from for p in item.provenance)


@SETTINGS
@given(sources(min_notes=2))
def test_a_decision_left_open_is_open_again(inputs):
    merged = _merged_with_decisions(inputs)
    again = merge([merged], KINDS)
    reopened = {frozenset(c.item.uid for c in d.candidates) for d in again.decisions}
    for d in merged.decisions:
        if d.kind != "text" and len(set(d.items)) > 1:
            assert any(set(d.items) <= group for group in reopened)
    if not any(d.kind != "text" and len(set(d.items)) > 1 for d in merged.decisions):
        assert again.note == merge([replace(merged, decisions=())], KINDS).note


@SETTINGS
@given(sources(min_notes=2), st.sampled_from([None, Resolution.KEEP_ALL]))
def test_what_a_decision_leaves_is_in_the_note(inputs, open_default):
    """A merged file lists, for each open decision, items it holds (else it could not be imported)."""
    result = merge(inputs, KINDS)
    resolved = resolve_detailed(result, {}, open_default=open_default)
    uids = {i.uid for i in resolved.note.items}
    for d in result.decisions:
        assert set(resolved.produced.get(d.id, ())) <= uids
