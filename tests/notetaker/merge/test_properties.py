"""The merge engine's properties, checked with hypothesis on generated notes."""

from __future__ import annotations

import random
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notetaker.domain import Note
from notetaker.merge import DecisionKind, Resolution, Source, merge, resolve

from .strategies import KINDS, note_content, sources

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(sources(min_notes=2), st.randoms(use_true_random=False))
def test_order_independent_and_deterministic(inputs, rnd: random.Random):
    first = merge(inputs, KINDS)
    shuffled = list(inputs)
    rnd.shuffle(shuffled)
    assert merge(shuffled, KINDS) == first
    assert merge(list(reversed(inputs)), KINDS) == first
    assert merge(inputs, KINDS) == first  # and the same again: no hidden state


@SETTINGS
@given(sources(min_notes=1, max_notes=1))
def test_idempotent_on_one_note(inputs):
    a = inputs[0]
    result = merge([a, a], KINDS)
    assert note_content(result.note) == note_content(a.note)
    assert result.note.uid == a.note.uid
    assert not result.open_decisions
    assert merge([a], KINDS).note == result.note


@SETTINGS
@given(sources(min_notes=2))
def test_idempotent_on_a_merged_note(inputs):
    merged = merge(inputs, KINDS).note
    source = Source(merged, "merged.sidenotes", "event")
    again = merge([source, source], KINDS)
    assert again.note == merged
    assert not again.open_decisions


def _accounted(result) -> set[tuple[str, str]]:
    """(note uid, item uid) pairs the merged note holds, as items or in their provenance."""
    out = set()
    for item in result.note.items:
        for p in item.provenance:
            out.add((p.note_uid, p.item_uid))
    return out


@SETTINGS
@given(sources(min_notes=2))
def test_nothing_is_dropped_silently(inputs):
    result = merge(inputs, KINDS)
    in_result = _accounted(result)
    result_uids = {i.uid for i in result.note.items}
    in_decisions = {c.item.uid for d in result.open_decisions for c in d.candidates}
    for source in inputs:
        for item in source.note.items:
            key = (source.note.uid, item.uid)
            assert key in in_result or item.uid in result_uids or item.uid in in_decisions, key
    # and with every open decision kept whole, every input item is in the note itself
    kept = resolve(result, {}, open_default=Resolution.KEEP_ALL)
    held = {(p.note_uid, p.item_uid) for i in kept.items for p in i.provenance}
    for source in inputs:
        for item in source.note.items:
            assert (source.note.uid, item.uid) in held


@SETTINGS
@given(sources(min_notes=2))
def test_provenance_names_notetaker_and_file(inputs):
    result = merge(inputs, KINDS)
    known = {(s.note.uid, i.uid, i.author, s.file) for s in inputs for i in s.note.items}
    for item in result.note.items:
        assert item.provenance, item
        for p in item.provenance:
            assert (p.note_uid, p.item_uid, p.author, p.file) in known
    for source in inputs:
        for i in source.note.items:
            # each input item's own record survives in the proposal or in an open decision
            recorded = any((p.note_uid, p.item_uid, p.author, p.file) == (source.note.uid, i.uid, i.author, source.file)
                           for item in result.note.items for p in item.provenance)
            pending = any(c.item.uid == i.uid for d in result.open_decisions for c in d.candidates)
            assert recorded or pending


@SETTINGS
@given(sources(min_notes=2))
def test_same_uid_reconciles_by_modification_time(inputs):
    result = merge(inputs, KINDS)
    versions: dict[str, dict] = {}
    for s in inputs:
        for i in s.note.items:
            content = (i.body, i.section, i.delegations, i.spoken_at)
            latest = versions.setdefault(i.uid, {})
            latest[content] = max(latest.get(content, i.modified_at), i.modified_at)
    by_uid = {d.candidates[0].item.uid: d for d in result.decisions
              if d.kind in (DecisionKind.CONFLICT, DecisionKind.UPDATE)}
    result_items = {i.uid: i for i in result.slots}  # each entry before duplicate decisions
    for uid, contents in versions.items():
        if len(contents) == 1:
            assert uid not in by_uid
            continue
        newest = max(contents.values())
        tied = [c for c, t in contents.items() if t == newest]
        d = by_uid[uid]
        if len(tied) > 1:
            assert d.kind is DecisionKind.CONFLICT and d.open
        else:
            assert d.kind is DecisionKind.UPDATE and d.auto
            if uid in result_items:
                winner = result_items[uid]
                assert (winner.body, winner.section, winner.delegations, winner.spoken_at) == tied[0]


@SETTINGS
@given(sources(min_notes=2))
def test_every_result_has_one_body_per_text_section(inputs):
    result = merge(inputs, KINDS)
    for choice in (None, Resolution.KEEP_ALL, Resolution.DROP):
        note = resolve(result, {}, open_default=choice)
        assert sum(1 for i in note.items if i.section == "closing") <= 1


@SETTINGS
@given(sources(min_notes=2))
def test_merged_note_names_its_sources(inputs):
    result = merge(inputs, KINDS)
    uids = sorted({s.note.uid for s in inputs})
    if len(uids) > 1:
        assert result.note.merged_from == tuple(uids)
        assert result.note.status.value == "merged"
        assert result.note.uid not in uids
    assert isinstance(result.note, Note)


def test_a_note_merged_with_an_edited_copy_takes_the_newer_version():
    from datetime import timedelta

    from notetaker.richtext import RichText

    from .strategies import T0, Item

    old = Item(None, "highlights", RichText.plain("first words"), uid="00000000-0000-4000-8000-000000000001",
               created_at=T0, modified_at=T0, author="Ana")
    new = replace(old, body=RichText.plain("better words"), modified_at=T0 + timedelta(minutes=1))
    a = Source(Note(None, 1, "t", items=(old,), uid="00000000-0000-4000-8000-0000000000aa"), "a", "e")
    b = Source(Note(None, 1, "t", items=(new,), uid="00000000-0000-4000-8000-0000000000bb"), "b", "e")
    result = merge([a, b], KINDS)
    assert [i.body for i in result.note.items] == [new.body]
    assert [d.kind for d in result.decisions] == [DecisionKind.UPDATE]
    tie = Source(Note(None, 1, "t", items=(replace(new, modified_at=T0),), uid="00000000-0000-4000-8000-0000000000cc"), "c", "e")
    result = merge([a, tie], KINDS)
    assert [d.kind for d in result.open_decisions] == [DecisionKind.CONFLICT]
