"""Views react to change-sets: an open editor learns of a lock made elsewhere, the events
list reloads only for event and note records, the save label follows the writer alone."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from notetaker.domain import Event
from tests.support.capture import focused, make_note, open_window, press
from tests.support.keyboard import type_text
from ui.context import WRITER, OpChanges
from ui.merge.rapporteur import RapporteurView


def test_an_open_editor_turns_read_only_when_a_merge_locks_its_note(qtbot, ctx, alerts):
    note = make_note(ctx)
    ctx.run(ctx.core.notes.create, note.event_id, "imrf-side-event", ["Sara Rivas"])
    window, editor = open_window(qtbot, ctx, note.id)
    editor.notetakers.setFocus()
    press("F2")
    body = focused()
    type_text(body, "Dicho antes del cierre")  # typed, not yet handed over, when the merge is saved
    view = RapporteurView(ctx, ctx.core.events.get(note.event_id), parent=window)
    qtbot.addWidget(view)
    saved = view.save()
    assert saved is not None
    # The merge took what was typed before it, the source is locked, and the editor shows it so.
    assert "Dicho antes del cierre" in [i.body.to_plain() for i in saved.items]
    assert ctx.core.notes.summary(note.id).locked
    assert editor.read_only and body.isReadOnly()
    assert editor.locked_label.isVisibleTo(editor) and "locked" in editor.locked_label.text()
    assert body.toPlainText() == "Dicho antes del cierre"  # kept and shown
    assert not editor.section("highlights").add_button.isVisibleTo(editor)
    assert not window.capture.actions["new_highlight"].isEnabled()
    # Typing now changes nothing, and nothing is refused: no "could not be saved".
    type_text(body, " y después")
    QTest.keyClick(body, Qt.Key.Key_Return)
    assert ctx.sync(5)
    assert body.toPlainText() == "Dicho antes del cierre"
    assert [i.body.to_plain() for i in ctx.core.notes.get(note.id).section_items("highlights")] == [
        "Dicho antes del cierre"
    ]
    assert not [a for a in alerts.shown if "could not be saved" in a.message]
    # Nor does undo or redo (it blanked the last entry on screen, found by a new user).
    assert not window.capture.actions["undo"].isEnabled()
    press("Ctrl+Z", body)
    press("Ctrl+Shift+Z", body)
    editor.commands.undo()
    assert body.toPlainText() == "Dicho antes del cierre"


def test_the_events_list_reloads_for_records_only(qtbot, ctx, monkeypatch):
    note = make_note(ctx)
    window, editor = open_window(qtbot, ctx, note.id)
    loads = []
    original = window.model.load
    monkeypatch.setattr(window.model, "load", lambda listing: (loads.append(1), original(listing)))
    editor.notetakers.setFocus()
    press("F2")
    type_text(focused(), "Solo un punto")
    assert ctx.sync(5)
    qtbot.wait(50)  # (the writer's news arrive through queued signals)
    assert loads == []  # items only: the tree shows none of them
    event = ctx.core.events.get(note.event_id)
    ctx.run(ctx.core.events.update, replace(event, title="Renamed"))
    assert loads == [1]
    assert window.tree.model().index(0, 0).data() == "Renamed"


def test_the_save_label_follows_the_writer_alone(qtbot, ctx):
    note = make_note(ctx)
    window, editor = open_window(qtbot, ctx, note.id)
    window.saved_label.setText("")
    ctx.run(ctx.core.events.create, Event(None, "Not an edit of a note"))
    assert window.saved_label.text() == ""  # a service call is no save of typing
    editor.notetakers.setFocus()
    press("F2")
    type_text(focused(), "Algo")
    assert ctx.sync(5)
    qtbot.waitUntil(lambda: "All changes saved" in window.saved_label.text(), timeout=5000)


def test_changes_carry_their_initiator(qtbot, ctx):
    note = make_note(ctx)
    _window, editor = open_window(qtbot, ctx, note.id)
    seen: list[OpChanges] = []
    ctx.changed.connect(seen.append)
    ctx.run(ctx.core.notes.update, note.id, notetakers=["Ana"], initiator=editor)
    assert seen[-1].initiator is editor and note.id in seen[-1].changes.notes
    editor.notetakers.setFocus()
    press("F2")
    type_text(focused(), "Del escritor")
    assert ctx.sync(5)
    qtbot.waitUntil(lambda: any(op.by_writer for op in seen), timeout=5000)
    op = next(op for op in seen if op.by_writer)
    assert op.initiator == WRITER and note.id in op.changes.content and note.id not in op.changes.notes


def test_an_open_editor_shows_items_changed_elsewhere(qtbot, ctx):
    from notetaker.richtext import RichText

    note = make_note(ctx)
    window, editor = open_window(qtbot, ctx, note.id)
    editor.notetakers.setFocus()
    press("F2")
    type_text(focused(), "Mío")
    # Another part of the application (an import of a newer version, say) adds an item.
    ctx.run(ctx.core.notes.add_item, note.id, "highlights", body=RichText.plain("Llegado de fuera"))
    fresh = window.editor_for(note.id)
    assert fresh is not None and fresh is not editor and window.editors() == [fresh]
    fresh.builder.settle()
    section = fresh.section("highlights")
    section.complete()
    shown = [row.body.toPlainText() for row in section.rows]
    stored = [i.body.to_plain() for i in ctx.core.notes.get(note.id).section_items("highlights")]
    assert shown == stored and sorted(stored) == ["Llegado de fuera", "Mío"]  # nothing typed lost


def test_a_merge_saved_after_more_typing_is_made_again_first(qtbot, ctx, alerts):
    note = make_note(ctx)
    ctx.run(ctx.core.notes.create, note.event_id, "imrf-side-event", ["Sara Rivas"])
    window, editor = open_window(qtbot, ctx, note.id)
    view = RapporteurView(ctx, ctx.core.events.get(note.event_id), parent=window)
    qtbot.addWidget(view)  # the merge is made now, from the notes as they are
    editor.notetakers.setFocus()
    press("F2")
    type_text(focused(), "Tecleado durante la fusión")  # the notetaker goes on typing
    assert view.save() is None  # not saved without what was typed meanwhile
    assert "changed while you were merging" in alerts.last.message
    assert not ctx.core.notes.summary(note.id).locked
    saved = view.save()
    assert saved is not None
    assert "Tecleado durante la fusión" in [i.body.to_plain() for i in saved.items]
    assert editor.read_only
