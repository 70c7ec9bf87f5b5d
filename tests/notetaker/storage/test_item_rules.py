"""One write path for items: the writer's batches and NoteService follow the same rules.

Each rule is tried through both entries on a real database file: the background writer's
store (:class:`~notetaker.services.capture.CaptureStore`, the path of live capture, which
drops a refused edit and reports why) and :class:`~notetaker.services.notes.NoteService`
(the path of the demo loader, which raises the reason). Both must refuse with the same
sentence, written for the user, and leave the database as it was.
"""

from __future__ import annotations

import sqlite3
import uuid

import pytest

from notetaker.capture.batch import Batch
from notetaker.domain import Item
from notetaker.richtext import RichText
from notetaker.services import ValidationError


def new_item(section: str = "highlights", text: str = "punto", **kw) -> Item:
    return Item(None, section, RichText.plain(text), uid=str(uuid.uuid4()), **kw)


def saved(core) -> list[str]:
    """Everything the database holds, as SQL."""
    con = sqlite3.connect(core.db.path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def by_writer(core, store, batch: Batch) -> str:
    """The writer's reason for refusing ``batch``, which must leave the database unchanged."""
    before = saved(core)
    result = store.apply(batch)
    assert len(result.dropped) == 1, result.dropped
    assert saved(core) == before
    return result.dropped[0]


def by_service(core, call) -> str:
    """NoteService's reason for refusing ``call()``, which must leave the database unchanged."""
    before = saved(core)
    with pytest.raises(ValidationError) as refused:
        call()
    assert saved(core) == before
    return str(refused.value)


def one(note_id: int, item: Item) -> Batch:
    batch = Batch()
    batch.put_item(note_id, item)
    return batch


def test_a_locked_note_is_refused_with_one_sentence(core, note, store):
    kept = core.notes.add_item(note.id, "highlights", body=RichText.plain("antes")).value
    core.notes.update(note.id, locked=True)
    sentence = "This note is locked; unlock it to change it."
    assert by_writer(core, store, one(note.id, new_item())) == sentence
    removal = Batch()
    removal.remove_item(note.id, kept.uid)
    assert by_writer(core, store, removal) == sentence
    for call in (
        lambda: core.notes.add_item(note.id, "highlights"),
        lambda: core.notes.update_item(kept.id, body=RichText.plain("después")),
        lambda: core.notes.move_item(kept.id, 3),
        lambda: core.notes.remove_item(kept.id),
        lambda: core.notes.update(note.id, notetakers=["Luis"]),
    ):
        assert by_service(core, call) == sentence


@pytest.mark.parametrize("field", ["delegations", "on_behalf_of"])
def test_an_unknown_delegation_is_named_in_one_sentence(core, note, store, field):
    value = ("GT", "ZZ") if field == "delegations" else "ZZ"
    by_store = by_writer(core, store, one(note.id, new_item(**{field: value})))
    by_notes = by_service(core, lambda: core.notes.add_item(note.id, "highlights", **{field: value}))
    kept = core.notes.add_item(note.id, "highlights").value
    by_update = by_service(core, lambda: core.notes.update_item(kept.id, **{field: value}))
    assert by_store == by_notes == by_update
    assert "ZZ" in by_store and "GT" not in by_store
    assert "FOREIGN KEY" not in by_store and "constraint" not in by_store.casefold()


def test_two_unknown_codes_are_both_named(core, note, store):
    reason = by_writer(core, store, one(note.id, new_item(delegations=("ZZ", "GT", "QQ"))))
    assert reason == by_service(core, lambda: core.notes.add_item(note.id, "highlights", delegations=["ZZ", "GT", "QQ"]))
    assert "QQ, ZZ" in reason


def test_a_text_section_holds_a_single_body_on_both_paths(core, note, store):
    body = core.notes.text_body(note.id, "introduction")
    by_store = by_writer(core, store, one(note.id, new_item("introduction", "otro cuerpo")))
    by_notes = by_service(core, lambda: core.notes.add_item(note.id, "introduction"))
    assert by_store == by_notes == "A text section holds a single body; edit it instead."
    # A section that already holds its body takes edits of that body, from either path.
    edited = Item(None, "introduction", RichText.plain("editado"), uid=body.uid)
    assert store.apply(one(note.id, edited)).dropped == []
    assert core.notes.update_item(body.id, body=RichText.plain("otra vez")).value.body.to_plain() == "otra vez"
    assert [i.uid for i in core.notes.get(note.id).section_items("introduction")] == [body.uid]


def test_two_bodies_of_one_text_section_in_one_batch_are_refused(core, note, store):
    batch = Batch()
    batch.put_item(note.id, new_item("closing", "uno"))
    batch.put_item(note.id, new_item("closing", "dos"))
    result = store.apply(batch)
    assert result.dropped == ["A text section holds a single body; edit it instead."]
    assert [i.body.to_plain() for i in core.notes.get(note.id).section_items("closing")] == ["uno"]


@pytest.mark.parametrize(
    ("section", "sentence"),
    [
        ("no_such_section", "The template has no section 'no_such_section'."),
        ("summary", "'summary' is a group of sections and holds no items."),
    ],
)
def test_the_section_must_hold_items_in_the_note_s_template(core, note, store, section, sentence):
    assert by_writer(core, store, one(note.id, new_item(section))) == sentence
    assert by_service(core, lambda: core.notes.add_item(note.id, section)) == sentence


def test_an_item_of_another_note_is_not_taken_over(core, note, store):
    other = core.notes.create(note.event_id, "imrf-side-event").value
    theirs = core.notes.add_item(other.id, "highlights", body=RichText.plain("de la otra nota")).value
    core.notes.update(other.id, locked=True)
    sentence = f"The item {theirs.uid} belongs to another note; it cannot be written to this one."
    intruder = Item(None, "highlights", RichText.plain("sobrescrito"), uid=theirs.uid)
    assert by_writer(core, store, one(note.id, intruder)) == sentence
    assert by_service(core, lambda: core.notes.add_item(note.id, "highlights", uid=theirs.uid)) == sentence
    removal = Batch()  # removing it "from this note" removes nothing
    removal.remove_item(note.id, theirs.uid)
    assert store.apply(removal).dropped == []
    [kept] = core.notes.get(other.id).items
    assert kept.body.to_plain() == "de la otra nota"


def test_a_missing_note_is_refused_on_both_paths(core, note, store):
    sentence = f"The note {note.id + 99} no longer exists; its edits cannot be saved."
    assert by_writer(core, store, one(note.id + 99, new_item())) == sentence
    assert by_service(core, lambda: core.notes.add_item(note.id + 99, "highlights")) == sentence


def test_notetakers_names_are_cleaned_the_same_on_both_paths(core, note, store):
    names = [" Ana ", "", "  ", "Luis\t", "Sara Rivas"]
    batch = Batch()
    batch.put_note(note.id, notetakers=names)
    assert store.apply(batch).dropped == []
    by_store = core.notes.get(note.id).notetakers
    core.notes.update(note.id, notetakers=["x"])
    by_notes = core.notes.update(note.id, notetakers=names).value.notetakers
    created = core.notes.create(note.event_id, "imrf-side-event", names).value.notetakers
    assert by_store == by_notes == created == ("Ana", "Luis", "Sara Rivas")


def test_item_mutations_report_the_note_s_content_not_its_record(core, note, store):
    a = core.notes.add_item(note.id, "highlights", body=RichText.plain("a"))
    b = core.notes.add_item(note.id, "highlights", body=RichText.plain("b"), position=0)
    moved = core.notes.move_item(a.value.id, 0)
    edited = core.notes.update_item(b.value.id, body=RichText.plain("b2"))
    removed = core.notes.remove_item(a.value.id)
    for changed in (a, b, moved, edited, removed):
        assert changed.changes.content == {note.id} and not changed.changes.notes and not changed.changes.events
    assert a.value.id in a.changes.items and moved.value.id in moved.changes.items
    assert removed.changes.removed_items == {a.value.id}
    assert [(i.body.to_plain(), i.position) for i in core.notes.get(note.id).section_items("highlights")] == [("b2", 0)]
    batch = one(note.id, new_item())
    assert store.apply(batch).changes.content == {note.id}


# -- imports and saved merges write items through the same path ---------------------------------


def document_of(core, note_id, **note_fields):
    from dataclasses import replace

    from notetaker.exchange import document_for_note

    doc = document_for_note(core, note_id)
    return replace(doc, note=replace(doc.note, **note_fields), source="ana.sidenotes")


def test_an_import_cannot_give_a_text_section_a_second_body(core, note):
    from notetaker.services import ImportRefused

    body = core.notes.text_body(note.id, "introduction")
    core.notes.update_item(body.id, body=RichText.plain("el cuerpo que hay"))
    other = Item(None, "introduction", RichText.plain("otro cuerpo"), uid=str(uuid.uuid4()))
    doc = document_of(core, note.id, items=(other,))  # the file has a body of its own for the section
    before = saved(core)
    with pytest.raises(ImportRefused) as refused:
        core.exchange.import_documents([doc])
    assert str(refused.value) == "ana.sidenotes: A text section holds a single body; edit it instead."
    assert saved(core) == before


def test_an_import_cleans_the_notetakers_names(core, note, tmp_path):
    from notetaker.core import Core

    doc = document_of(core, note.id, notetakers=(" Ana ", "Luis\t", "  "))
    with Core.open(tmp_path / "other.sqlite3") as other:
        [plan] = other.exchange.import_documents([doc]).value
        assert other.notes.get(plan.note_id).notetakers == ("Ana", "Luis")
        newer = document_of(core, note.id, notetakers=(" Sara ",), items=(new_item(text="nuevo"),))
        other.exchange.import_documents([newer])
        assert other.notes.get(plan.note_id).notetakers == ("Ana", "Luis", "Sara")


def test_a_saved_merge_refuses_an_unknown_delegation_with_the_same_sentence(core, note, store):
    from dataclasses import replace

    merged = replace(
        core.notes.get(note.id), id=None, uid=str(uuid.uuid4()), merged_from=(note.uid,),
        items=(new_item(delegations=("GT", "ZZ")),),
    )
    sentence = by_writer(core, store, one(note.id, new_item(delegations=("GT", "ZZ"))))
    assert by_service(core, lambda: core.exchange.save_merged(note.event_id, merged)) == sentence
    assert not core.notes.get(note.id).locked
