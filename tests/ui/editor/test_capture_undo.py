"""Undo and redo across items: one history for the whole note, item-level steps."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.support.capture import focused, make_note, open_window, press, saved
from tests.support.keyboard import type_text


@pytest.fixture
def opened(qtbot, ctx):
    note = make_note(ctx)
    return open_window(qtbot, ctx, note.id)


def test_ctrl_z_undoes_across_items_in_the_order_of_the_edits_and_redo_replays(qtbot, ctx, opened):
    _window, editor = opened
    first = editor.commands.new_highlight()
    type_text(first.body, "primero")
    intro = editor.section("introduction").editor_widget
    intro.setFocus()
    type_text(intro, "Introducción")
    second = editor.commands.new_highlight()  # after the first
    type_text(second.body, "segundo")
    press("Ctrl+Z")  # the typing of the second highlight
    assert second.body.toPlainText() == ""
    press("Ctrl+Z")  # the second highlight itself
    assert len(editor.section("highlights").rows) == 1
    press("Ctrl+Z")  # the introduction's typing, in another section
    assert intro.toPlainText() == "" and focused() is intro
    press("Ctrl+Z")
    assert first.body.toPlainText() == ""
    press("Ctrl+Shift+Z")
    assert first.body.toPlainText() == "primero"
    press("Ctrl+Y")
    assert intro.toPlainText() == "Introducción"
    press("Ctrl+Shift+Z")
    rows = editor.section("highlights").rows
    assert len(rows) == 2 and rows[1].uid == second.uid
    press("Ctrl+Shift+Z")
    assert rows[1].body.toPlainText() == "segundo"
    assert [i.body.to_plain() for i in saved(ctx, editor, "highlights")] == ["primero", "segundo"]
    assert saved(ctx, editor, "introduction")[0].body.to_plain() == "Introducción"


def test_field_edits_are_undone_as_one_step_per_field(qtbot, ctx, opened):
    _window, editor = opened
    row = editor.commands.new_intervention()
    QTest.keyClicks(row.speaker, "MX")
    QTest.keyClicks(row.person, "Ana")
    row.body.setFocus()
    type_text(row.body, "Texto")
    press("Ctrl+Z")
    assert row.body.toPlainText() == ""
    press("Ctrl+Z")
    assert row.person.text() == "" and focused() is row.person
    press("Ctrl+Z")
    assert row.speaker.text() == ""
    press("Ctrl+Shift+Z")
    assert row.speaker.text() == "MX"
    [item] = saved(ctx, editor, "floor_interventions")
    assert item.delegations == ("MX",) and item.person == ""


def test_the_undo_keys_of_a_field_act_on_the_note(qtbot, opened):
    _window, editor = opened
    first = editor.commands.new_highlight()
    type_text(first.body, "uno")
    second = editor.commands.new_highlight()
    QTest.keyClicks(second.attribution, "GT")
    second.body.setFocus()
    type_text(second.body, "dos")
    QTest.keyClick(second.body, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(focused(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert second.attribution.text() == ""
    assert editor.undo_stack.canRedo()
