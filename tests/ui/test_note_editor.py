"""The note editor: live word counts, attribution type-ahead, autosave, export."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from notetaker.domain import Event
from tests.ui.helpers import type_text
from ui.autosave import SAVE_DELAY_MS
from ui.main_window import MainWindow
from ui.note_editor import NoteEditor


@pytest.fixture
def note(ctx):
    event = ctx.run(ctx.core.events.create, Event(None, "Side event on the Global Compact", timezone="America/Guatemala"))
    return ctx.run(ctx.core.notes.create, event.id, "imrf-side-event", ["Silvia Urbina"])


@pytest.fixture
def editor(qtbot, ctx, note):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    editor = window.open_note(note.id)
    assert isinstance(editor, NoteEditor)
    return editor


def summary_heading(editor):
    [heading] = editor.headings
    assert heading.spec.key == "summary"
    return heading


def test_word_counter_follows_typing_live_and_flags_the_limit(qtbot, ctx, editor):
    heading = summary_heading(editor)
    assert heading.counter.text() == "0 / 500 words"
    intro = editor.section("introduction").editor
    type_text(intro, "Migración segura, ordenada y regular")
    # Counted at once from the screen, before any save happened.
    assert heading.counter.text() == "5 / 500 words"
    assert editor.pending

    # Another section of the summary adds to the same budget; headings do not count.
    panel = editor.section("panel_discussion").editor
    panel.insertPlainText("uno dos tres")
    assert heading.counter.text() == "8 / 500 words"
    assert not heading.over and heading.warning.isHidden()

    panel.insertPlainText(" palabra" * 495)
    assert heading.counter.text() == "503 / 500 words"
    assert heading.over
    assert heading.warning.isVisibleTo(editor)
    assert "3" in heading.warning.text()
    assert "c01c28" in heading.counter.styleSheet()

    # Back under the limit: the warning goes away.
    for _ in range(4):
        QTest.keyClick(panel, Qt.Key.Key_Backspace, Qt.KeyboardModifier.ControlModifier)
    assert not heading.over
    assert heading.warning.isHidden()


def test_interventions_count_their_speaker_and_list_items_count(qtbot, ctx, editor):
    heading = summary_heading(editor)
    floor = editor.section("floor_interventions")
    row = floor.add_row()
    assert row.item.spoken_at is not None and row.time.text()
    QTest.keyClicks(row.speaker, "el sal")
    assert row.speaker.accept_suggestion(0)
    assert row.speaker.text() == "El Salvador"
    type_text(row.body, "Destaca la importancia de las políticas")
    assert heading.counter.text() == "8 / 500 words"  # "El Salvador" + six words
    figures = editor.section("regional_context")
    figure = figures.add_row()
    figure.body.insertPlainText("In 2021, more than 130,000 migrants crossed")
    assert heading.counter.text() == "15 / 500 words"
    editor.flush()
    saved = ctx.core.notes.get(editor.note_id)
    [intervention] = saved.section_items("floor_interventions")
    assert intervention.delegations == ("SV",)
    assert intervention.body.to_plain() == "Destaca la importancia de las políticas"


def test_attribution_completer_assigns_delegations_that_are_saved(qtbot, ctx, editor):
    highlights = editor.section("highlights")
    row = highlights.add_row()
    field = row.attribution
    field.setFocus()
    QTest.keyClicks(field, "gua")
    popup = field.completer_popup
    qtbot.waitUntil(popup.isVisible, timeout=1000)
    assert popup.model().index(0, 0).data().startswith("Guatemala")
    QTest.keyClick(popup, Qt.Key.Key_Return)
    assert field.text() == "Guatemala"

    QTest.keyClicks(field, "; oim")  # the Spanish acronym of IOM
    qtbot.waitUntil(popup.isVisible, timeout=1000)
    QTest.keyClick(popup, Qt.Key.Key_Return)
    assert field.text().startswith("Guatemala; ")
    assert field.codes() == ("GT", "IOM")

    type_text(row.body, "Se anunció apoyo financiero")
    qtbot.waitUntil(lambda: not row.pending, timeout=1000)
    [item] = ctx.core.notes.get(editor.note_id).section_items("highlights")
    assert item.delegations == ("GT", "IOM")
    assert item.body.to_plain() == "Se anunció apoyo financiero"

    # Codes and accent-free names are understood as typed, too.
    field.clear()
    QTest.keyClicks(field, "MX; Mexico; unhcr")
    assert field.codes() == ("MX", "UNHCR")
    # An unknown name is flagged, and the last good attribution stays saved.
    QTest.keyClicks(field, "; Atlantis")
    assert field.codes() is None
    field.editingFinished.emit()
    assert "Atlantis" in field.toolTip()
    row.flush()
    [item] = ctx.core.notes.get(editor.note_id).section_items("highlights")
    assert item.delegations == ("GT", "IOM")


def test_autosave_waits_for_a_pause_and_focus_out_flushes(qtbot, ctx, editor):
    intro = editor.section("introduction")
    row = intro.rows[0]
    intro.editor.setFocus()
    type_text(intro.editor, "Texto")
    assert row.pending
    # Not yet written: the save waits for the pause after the last keystroke.
    assert ctx.core.notes.get(editor.note_id).section_items("introduction")[0].body.to_plain() == ""
    qtbot.wait(SAVE_DELAY_MS // 3)
    type_text(intro.editor, " más")
    assert row.pending
    qtbot.waitUntil(lambda: not row.pending, timeout=1000)
    assert ctx.core.notes.get(editor.note_id).section_items("introduction")[0].body.to_plain() == "Texto más"

    # Leaving the field writes at once.
    type_text(intro.editor, " aquí")
    assert row.pending
    intro.editor.focusLost.emit()
    assert not row.pending
    assert ctx.core.notes.get(editor.note_id).section_items("introduction")[0].body.to_plain() == "Texto más aquí"


def test_formatting_keys_and_new_entry_key(qtbot, ctx, editor):
    highlights = editor.section("highlights")
    row = highlights.add_row()
    body = row.body
    body.setFocus()
    QTest.keyClick(body, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(body, "RCM")
    QTest.keyClick(body, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(body, " supports")
    runs = body.rich().blocks[0].runs
    assert [(r.text, r.bold) for r in runs] == [("RCM", True), (" supports", False)]
    QTest.keyClick(body, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert body.rich().blocks[0].style.value == "bullet"
    QTest.keyClick(body, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert len(highlights.rows) == 2
    assert editor.window().focusWidget() is highlights.rows[1].body
    editor.flush()
    items = ctx.core.notes.get(editor.note_id).section_items("highlights")
    assert len(items) == 2
    assert items[0].body.blocks[0].runs[0].bold


def test_removing_an_entry_asks_when_it_has_text(qtbot, ctx, alerts, editor):
    items = editor.section("thematic_pillars")
    empty = items.add_row()
    full = items.add_row()
    full.body.insertPlainText("Thematic pillar 1 – Migrant protection")
    assert items.remove_row(empty)
    assert alerts.questions == []  # nothing to lose, nothing asked
    alerts.answer = False
    assert not items.remove_row(full)
    assert len(alerts.questions) == 1
    alerts.answer = True
    assert items.remove_row(full)
    assert items.rows == []
    assert ctx.core.notes.get(editor.note_id).section_items("thematic_pillars") == []


def test_export_calls_the_exporter_and_reports(qtbot, ctx, alerts, editor, tmp_path, monkeypatch):
    import notetaker.export as export

    calls = []

    def fake_export(core, note_id, path, fmt="docx", lang="en"):
        calls.append((note_id, path, fmt, lang))
        return ["A character Word cannot hold was replaced."]

    monkeypatch.setattr(export, "export_note", fake_export, raising=False)
    type_text(editor.section("introduction").editor, "Pendiente")
    target = tmp_path / "report.docx"
    assert editor.export_to(target)
    assert calls == [(editor.note_id, target, "docx", "en")]
    # Pending typing was written before exporting.
    assert not editor.pending
    assert alerts.last.level == "warning" and "report.docx" in alerts.last.message

    def failing_export(core, note_id, path, fmt="docx", lang="en"):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(export, "export_note", failing_export)
    assert not editor.export_to(tmp_path / "locked.docx")
    assert alerts.last.level == "error" and "Permission denied" in alerts.last.message


def test_export_shortcut_belongs_to_the_editor(editor):
    assert editor.export_action.shortcut().toString() == "Ctrl+E"
    assert editor.export_action in editor.actions()


def test_a_locked_note_opens_read_only_without_errors(qtbot, ctx, alerts, note):
    ctx.run(ctx.core.notes.update, note.id, locked=True)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    editor = window.open_note(note.id)
    assert alerts.records == []
    assert editor.read_only and editor.notetakers.isReadOnly()
    intro = editor.section("introduction").editor
    assert intro.isReadOnly()
    intro.toggle_bold()
    assert not editor.pending
    highlights = editor.section("highlights")
    assert highlights.add_row() is None and highlights.add_button.isHidden()
    assert "(locked)" in window.model.item(0, 0).child(0, 1).text()


def test_a_failed_save_is_reported_and_closing_asks_before_losing_it(qtbot, ctx, alerts, editor, monkeypatch):
    from notetaker.storage import StorageError

    def disk_full(*args, **kw):
        raise StorageError("The database file cannot be written: disk full.")

    monkeypatch.setattr(ctx.core.notes, "update_item", disk_full)
    intro = editor.section("introduction")
    type_text(intro.editor, "Texto importante")
    intro.flush()
    assert alerts.last.level == "error" and "disk full" in alerts.last.message
    assert editor.unsaved()

    window = editor.window()
    alerts.answer = False
    assert not window.close()
    assert window.isVisible() and "could not be saved" in alerts.questions[-1]

    monkeypatch.undo()
    type_text(intro.editor, ".")  # the next edit retries, and succeeds
    intro.flush()
    assert not editor.unsaved()
    assert window.close()
    assert ctx.core.notes.get(editor.note_id).section_items("introduction")[0].body.to_plain() == "Texto importante."


def test_export_with_the_real_exporter(qtbot, ctx, alerts, editor, tmp_path):
    type_text(editor.section("introduction").editor, "Introducción del evento")
    target = tmp_path / "nota.docx"
    assert editor.export_to(target)
    assert target.is_file() and target.stat().st_size > 0
    assert alerts.last.level in ("info", "warning")


def test_every_control_has_an_accessible_name(qtbot, ctx, editor):
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QLineEdit,
        QTabBar,
        QTextEdit,
        QToolBar,
        QWidget,
    )

    editor.section("highlights").add_row()
    editor.section("floor_interventions").add_row()
    window = editor.window()
    control_types = (QAbstractButton, QLineEdit, QTextEdit, QComboBox, QAbstractItemView, QAbstractSpinBox)

    def internal(w):  # parts Qt builds inside a composite control
        parent = w.parent()
        return isinstance(parent, QComboBox | QAbstractSpinBox | QTabBar) or (
            isinstance(parent, QToolBar) and w.objectName() == "qt_toolbar_ext_button"
        ) or type(w).__name__ == "QCompleterPopup" or w.objectName().startswith("qt_")

    unnamed = [
        (type(w).__name__, w.objectName())
        for w in window.findChildren(QWidget)
        if isinstance(w, control_types) and not internal(w) and not w.accessibleName() and w.isVisibleTo(window)
    ]
    assert unnamed == []
