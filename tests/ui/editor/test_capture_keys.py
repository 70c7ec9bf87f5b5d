"""Keyboard-first capture: every shortcut, pressed as a user presses it, in a real window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from tests.support.capture import focused, make_note, open_window, press, saved
from tests.support.keyboard import type_text
from ui.editor.actions import CheatSheet, commands
from ui.editor.dialogs import NotetakerDialog, RetimeDialog
from ui.editor.rows import HighlightRow, InterventionRow


@pytest.fixture
def note(ctx):
    return make_note(ctx)


@pytest.fixture
def opened(qtbot, ctx, note):
    return open_window(qtbot, ctx, note.id)


def test_every_command_is_in_a_menu_with_its_shortcut_and_in_the_cheat_sheet(qtbot, opened):
    window, _editor = opened
    menus = {a.text(): a.menu() for a in window.menuBar().actions() if a.menu()}
    capture, edit = menus["&Capture"], menus["&Edit"]
    in_menus = {a for menu in (capture, edit) for a in menu.actions()}
    for command in commands():
        action = window.capture.actions[command.name]
        assert action in in_menus, command.name
        assert action.shortcut().toString() == command.keys[0]  # shown next to the menu entry
        assert [s.toString() for s in action.shortcuts()] == list(command.keys)
    press("F1", window.tree)
    sheet = window.capture.sheet
    assert isinstance(sheet, CheatSheet) and sheet.isVisible()
    listed = dict(sheet.entries())
    for command in commands():
        assert any(command.keys[0] in keys for keys in listed), command.name
    assert "Enter" in listed and "Ctrl+Enter" in listed
    sheet.close()


def test_f2_new_highlight_and_enter_at_the_end_starts_the_next(qtbot, ctx, opened):
    _window, editor = opened
    editor.notetakers.setFocus()
    press("F2")
    highlights = editor.section("highlights")
    [first] = highlights.rows
    assert focused() is first.body
    type_text(first.body, "La migración es regional")
    QTest.keyClick(first.body, Qt.Key.Key_Return)  # at the end: the next highlight
    assert len(highlights.rows) == 2 and focused() is highlights.rows[1].body
    QTest.keyClick(focused(), Qt.Key.Key_Return)  # empty: Enter adds nothing
    assert len(highlights.rows) == 2
    type_text(focused(), "Segundo")
    QTest.keyClick(first.body, Qt.Key.Key_Home)
    first.body.setFocus()
    cursor = first.body.textCursor()
    cursor.setPosition(3)
    first.body.setTextCursor(cursor)
    QTest.keyClick(first.body, Qt.Key.Key_Return)  # in the middle: a new paragraph, as usual
    assert len(highlights.rows) == 2 and first.body.document().blockCount() == 2
    press("Ctrl+Shift+H")  # the other key, for F-keys behind Fn: after the current one
    assert len(highlights.rows) == 3 and focused() is highlights.rows[1].body
    texts = [i.body.to_plain() for i in saved(ctx, editor, "highlights")]
    assert texts == ["La \nmigración es regional", "", "Segundo"]


def test_f3_new_intervention_picks_the_speaker_by_typing_then_goes_to_the_text(qtbot, ctx, opened):
    _window, editor = opened
    editor.notetakers.setFocus()
    press("F3")
    [row] = editor.section("floor_interventions").rows
    assert isinstance(row, InterventionRow) and focused() is row.speaker
    QTest.keyClicks(row.speaker, "gua")
    popup = row.speaker.completer_popup
    qtbot.waitUntil(popup.isVisible, timeout=1000)
    QTest.keyClick(popup, Qt.Key.Key_Return)
    assert row.speaker.text() == "Guatemala"
    assert focused() is row.body  # straight on to what is said
    type_text(row.body, "Más allá de una evaluación cada 4 años")
    press("F3")  # the next intervention, after this one
    assert len(editor.section("floor_interventions").rows) == 2
    [first, _second] = saved(ctx, editor, "floor_interventions")
    assert first.delegations == ("GT",) and first.author == "Marisol Aguilar" and first.spoken_at is not None
    assert first.body.to_plain() == "Más allá de una evaluación cada 4 años"


def test_f4_attributes_the_current_highlight_and_enter_goes_back_to_its_text(qtbot, ctx, opened):
    _window, editor = opened
    row = editor.commands.new_highlight()
    type_text(row.body, "Apoyo financiero")
    press("F4")
    assert isinstance(row, HighlightRow) and focused() is row.attribution
    QTest.keyClicks(row.attribution, "oim")
    qtbot.waitUntil(row.attribution.completer_popup.isVisible, timeout=1000)
    QTest.keyClick(row.attribution.completer_popup, Qt.Key.Key_Return)
    assert row.attribution.codes() == ("IOM",)
    QTest.keyClick(row.attribution, Qt.Key.Key_Return)
    assert focused() is row.body
    press("Ctrl+Shift+D")
    assert focused() is row.attribution
    [item] = saved(ctx, editor, "highlights")
    assert item.delegations == ("IOM",)
    editor.keyboard.focus_section(editor.section("introduction"))
    assert editor.commands.attribute() is None  # not for a text section: a hint instead


def test_f6_next_and_previous_section_and_f7_jump_to_the_summary(qtbot, opened):
    _window, editor = opened
    keys = [s.key for s in editor.sections]
    editor.notetakers.setFocus()
    press("F6")
    assert editor.keyboard.current_section.key == keys[0]
    assert focused() is editor.section(keys[0]).add_button  # an empty list: its Add button
    press("F6")
    assert editor.keyboard.current_section.key == keys[1] == "introduction"
    assert focused() is editor.section("introduction").editor_widget
    press("Ctrl+PgDown")
    assert editor.keyboard.current_section.key == keys[2]
    press("Shift+F6")
    assert editor.keyboard.current_section.key == keys[1]
    press("Ctrl+PgUp")
    assert editor.keyboard.current_section.key == keys[0]
    press("F7")
    assert editor.keyboard.current_section.key == "introduction" and focused() is editor.section("introduction").editor_widget
    editor.commands.new_highlight()
    press("Ctrl+Shift+J")
    assert editor.keyboard.current_section.key == "introduction"


def test_f5_starts_and_pauses_the_session_clock_and_items_show_their_offset(qtbot, ctx, opened, note):
    _window, editor = opened
    row = editor.commands.new_highlight()
    assert ":" in row.time_button.text()  # no clock yet: the time of day
    press("F5")
    assert editor.commands.clock.running and editor.session_bar.clock_button.text() == "Pause clock"
    assert row.time_button.text() == "+00:00"
    assert "from the start" in row.time_button.toolTip()
    press("Ctrl+Shift+K")
    assert editor.commands.clock.started and not editor.commands.clock.running
    assert "paused" in editor.session_bar.clock_label.text()
    assert editor.ctx.sync(5)
    stored = ctx.core.notes.get(note.id)
    assert stored.clock_started_at == editor.commands.clock.started_at
    assert stored.clock_paused_at == editor.commands.clock.paused_at
    press("F5")  # resumed
    assert editor.commands.clock.running and len(editor.commands.clock.pauses) == 1


def test_f8_hands_over_to_the_next_notetaker_who_is_credited_and_remembered(qtbot, ctx, opened, note):
    window, editor = opened
    assert editor.commands.author == "Marisol Aguilar"
    first = editor.commands.new_highlight()
    press("F8")
    assert editor.commands.author == "Ericka Guevara"
    assert "Ericka Guevara" in editor.session_bar.author_label.text()
    second = editor.commands.new_highlight()
    type_text(first.body, "uno")
    type_text(second.body, "dos")
    assert [i.author for i in saved(ctx, editor, "highlights")] == ["Marisol Aguilar", "Ericka Guevara"]
    press("Ctrl+Shift+R")
    assert editor.commands.author == "Marisol Aguilar"
    press("Shift+F8")  # someone new joins
    dialog = editor.active_dialog
    assert isinstance(dialog, NotetakerDialog)
    dialog.combo.setEditText("Sara Rivas")
    dialog.accept()
    assert editor.commands.author == "Sara Rivas"
    assert editor.notetaker_names() == ["Marisol Aguilar", "Ericka Guevara", "Sara Rivas"]
    assert editor.ctx.sync(5)
    assert ctx.core.notes.get(note.id).notetakers == ("Marisol Aguilar", "Ericka Guevara", "Sara Rivas")
    window.close_current()
    again = window.open_note(note.id)
    assert again.commands.author == "Sara Rivas"  # the relay survives a restart (app state)


def test_f9_re_times_an_entry_and_shift_f9_sets_a_time_both_undoable(qtbot, ctx, opened):
    from datetime import UTC, datetime

    _window, editor = opened
    row = editor.commands.new_highlight()
    row.entry.item = row.entry.item.__class__(**{**_fields(row.item), "spoken_at": datetime(2022, 5, 19, 18, 30, tzinfo=UTC)})
    press("F9")
    assert row.item.spoken_at > datetime(2024, 1, 1, tzinfo=UTC)
    press("Ctrl+Z")
    assert row.item.spoken_at == datetime(2022, 5, 19, 18, 30, tzinfo=UTC)
    press("Shift+F9")
    dialog = editor.active_dialog
    assert isinstance(dialog, RetimeDialog)
    assert dialog.edit.dateTime().toString("HH:mm") == "12:30"  # shown in the event's zone (GMT-6)
    dialog.edit.setDateTime(dialog.edit.dateTime().addSecs(14 * 60))
    dialog.accept()
    assert row.item.spoken_at == datetime(2022, 5, 19, 18, 44, tzinfo=UTC)
    [item] = saved(ctx, editor, "highlights")
    assert item.spoken_at == datetime(2022, 5, 19, 18, 44, tzinfo=UTC)


def _fields(item):
    from dataclasses import fields

    return {f.name: getattr(item, f.name) for f in fields(item)}


def test_ctrl_shift_backspace_removes_the_current_entry_and_ctrl_z_brings_it_back(qtbot, ctx, alerts, opened):
    _window, editor = opened
    row = editor.commands.new_highlight()
    type_text(row.body, "Se queda")
    empty = editor.commands.new_highlight()
    press("Ctrl+Shift+Backspace", empty.body)
    assert len(editor.section("highlights").rows) == 1 and alerts.questions == []
    row = editor.section("highlights").rows[0]
    row.body.setFocus()
    press("Ctrl+Shift+Backspace")
    assert len(alerts.questions) == 1  # it has text: asked first
    assert editor.section("highlights").rows == []
    press("Ctrl+Z")
    [back] = editor.section("highlights").rows
    assert back.body.toPlainText() == "Se queda" and focused() is back.body
    assert [i.body.to_plain() for i in saved(ctx, editor, "highlights")] == ["Se queda"]


def test_up_and_down_move_between_entries(qtbot, opened):
    _window, editor = opened
    first = editor.commands.new_highlight()
    type_text(first.body, "uno")
    second = editor.commands.new_highlight()
    type_text(second.body, "dos")
    QTest.keyClick(second.body, Qt.Key.Key_Up)
    assert focused() is first.body
    QTest.keyClick(first.body, Qt.Key.Key_Down)
    assert focused() is second.body


@pytest.mark.parametrize(("name", "keys"), [(c.name, k) for c in commands() for k in c.keys])
def test_every_key_of_every_command_reaches_the_editor(qtbot, opened, monkeypatch, name, keys):
    """Each key sequence listed (the menu's and the alternates) runs its command of the editor's
    commands, typing in a field."""
    window, editor = opened
    row = editor.commands.new_highlight()
    type_text(row.body, "texto")
    calls = []
    monkeypatch.setattr(editor.commands, name, lambda *a, **k: calls.append(name))
    press(keys, row.body)
    assert calls == [name], f"{keys} did not run {name}"


def test_capture_dialogs_name_every_control(qtbot, opened):
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QLineEdit,
    )

    window, editor = opened
    editor.commands.new_highlight()
    dialogs = [window.capture.show_cheat_sheet(), editor.commands.choose_notetaker(), editor.commands.retime_dialog()]
    for dialog in dialogs:
        assert dialog.accessibleName()
        controls = [
            w for w in dialog.findChildren(QWidget)
            if isinstance(w, QAbstractButton | QLineEdit | QComboBox | QAbstractItemView | QAbstractSpinBox)
            and not isinstance(w.parent(), QComboBox | QAbstractSpinBox) and w.isVisibleTo(dialog)
            and not w.objectName().startswith("qt_")
        ]
        assert controls and all(w.accessibleName() for w in controls), [type(w).__name__ for w in controls if not w.accessibleName()]
        dialog.close()
