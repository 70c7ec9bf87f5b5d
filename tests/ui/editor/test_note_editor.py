"""The note editor: live word counts, attribution type-ahead, autosave, export."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from notetaker.domain import Event
from tests.support.keyboard import type_text
from ui.editor.note_editor import NoteEditor
from ui.main_window import MainWindow


@pytest.fixture
def note(ctx):
    event = ctx.run(ctx.core.events.create, Event(None, "Side event on the Global Compact", timezone="America/Guatemala"))
    return ctx.run(ctx.core.notes.create, event.id, "imrf-side-event", ["Silvia Urbina"])


@pytest.fixture
def editor(qtbot, ctx, note):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
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
    intro = editor.section("introduction").editor_widget
    type_text(intro, "Migración segura, ordenada y regular")
    # Counted at once from the screen, before any save happened.
    assert heading.counter.text() == "5 / 500 words"
    assert editor.pending

    # Another section of the summary adds to the same budget; headings do not count.
    panel = editor.section("panel_discussion").editor_widget
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
    row = editor.commands.add_item("floor_interventions")
    assert row.item.spoken_at is not None and row.time_button.text()
    QTest.keyClicks(row.speaker, "el sal")
    assert row.speaker.accept_suggestion(0)
    assert row.speaker.text() == "El Salvador"
    type_text(row.body, "Destaca la importancia de las políticas")
    assert heading.counter.text() == "8 / 500 words"  # "El Salvador" + six words
    figure = editor.commands.add_item("regional_context")
    figure.body.insertPlainText("In 2021, more than 130,000 migrants crossed")
    assert heading.counter.text() == "15 / 500 words"
    assert editor.section("regional_context").heading.counter.text() == "7 words"
    assert editor.ctx.sync(5)
    saved = ctx.core.notes.get(editor.note_id)
    [intervention] = saved.section_items("floor_interventions")
    assert intervention.delegations == ("SV",)
    assert intervention.body.to_plain() == "Destaca la importancia de las políticas"


def test_attribution_completer_assigns_delegations_that_are_saved(qtbot, ctx, editor):
    row = editor.commands.add_item("highlights")
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
    qtbot.waitUntil(lambda: not editor.pending, timeout=1000)
    [item] = ctx.core.notes.get(editor.note_id).section_items("highlights")
    assert item.delegations == ("GT", "IOM")
    assert item.body.to_plain() == "Se anunció apoyo financiero"

    # Codes and accent-free names are understood as typed, too.
    field.clear()
    QTest.keyClicks(field, "MX; Mexico; unhcr")
    assert field.codes() == ("MX", "UNHCR")
    # An unknown name is flagged, and the last good attribution typed is what is saved.
    QTest.keyClicks(field, "; Atlantis")
    assert field.codes() is None
    field.editingFinished.emit()
    assert "Atlantis" in field.toolTip()
    assert editor.ctx.sync(5)
    [item] = ctx.core.notes.get(editor.note_id).section_items("highlights")
    assert item.delegations == ("MX", "UNHCR")


def saved_intro(ctx, editor):
    return ctx.core.notes.get(editor.note_id).section_items("introduction")[0].body.to_plain()


def test_autosave_writes_within_a_second_while_typing_goes_on(qtbot, ctx, editor):
    intro = editor.section("introduction")
    intro.editor_widget.setFocus()
    type_text(intro.editor_widget, "Texto")
    assert editor.pending
    # Typing never waits: the keystroke only marked the row; the writer thread writes it.
    qtbot.waitUntil(lambda: not editor.pending, timeout=1000)
    assert saved_intro(ctx, editor) == "Texto"
    # Continuous typing does not postpone saving (a throttle, not a debounce).
    for word in (" más", " y", " más"):
        type_text(intro.editor_widget, word)
        qtbot.wait(100)
    qtbot.waitUntil(lambda: saved_intro(ctx, editor) == "Texto más y más", timeout=1000)

    # Leaving the field hands the edit over at once.
    type_text(intro.editor_widget, " aquí")
    assert editor.collector.dirty
    editor.notetakers.setFocus()
    assert not editor.collector.dirty
    assert ctx.autosave.flush(5)
    assert saved_intro(ctx, editor) == "Texto más y más aquí"


def test_formatting_keys_and_new_entry_key(qtbot, ctx, editor):
    highlights = editor.section("highlights")
    row = editor.commands.add_item("highlights")
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
    assert editor.ctx.sync(5)
    items = ctx.core.notes.get(editor.note_id).section_items("highlights")
    assert len(items) == 2
    assert items[0].body.blocks[0].runs[0].bold


def test_removing_an_entry_asks_when_it_has_text(qtbot, ctx, alerts, editor):
    items = editor.section("thematic_pillars")
    empty = editor.commands.add_item("thematic_pillars")
    full = editor.commands.add_item("thematic_pillars")
    full.body.insertPlainText("Thematic pillar 1 – Migrant protection")
    assert editor.commands.remove_item(empty.uid)
    assert alerts.questions == []  # nothing to lose, nothing asked
    alerts.answer = False
    assert not editor.commands.remove_item(full.uid)
    assert len(alerts.questions) == 1
    alerts.answer = True
    assert editor.commands.remove_item(full.uid)
    assert items.rows == [] and items.entries == []
    assert editor.ctx.sync(5)
    assert ctx.core.notes.get(editor.note_id).section_items("thematic_pillars") == []


def test_export_writes_what_was_just_typed_and_reports(qtbot, ctx, alerts, editor, tmp_path):
    type_text(editor.section("introduction").editor_widget, "Pendiente")
    target = tmp_path / "report.md"
    runner = editor.export_in_background(target)  # at once: nothing has reached the writer yet
    with qtbot.waitSignal(runner.finished, timeout=30000) as blocker:
        pass
    assert blocker.args == [True]
    assert "Pendiente" in target.read_text(encoding="utf-8")
    assert not editor.pending
    assert alerts.last.level in ("info", "warning") and "report.md" in alerts.last.message

    runner = editor.export_in_background(tmp_path / "no such folder" / "r.md")
    with qtbot.waitSignal(runner.finished, timeout=30000) as blocker:
        pass
    assert blocker.args == [False]
    assert alerts.last.level == "error"


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
    intro = editor.section("introduction").editor_widget
    assert intro.isReadOnly()
    intro.toggle_bold()
    assert not editor.pending
    highlights = editor.section("highlights")
    assert editor.commands.add_item("highlights") is None and highlights.add_button.isHidden()
    assert editor.commands.new_highlight() is None and highlights.entries == []
    assert "(locked)" in window.model.item(0, 0).child(0, 1).text()


def test_a_failing_disk_shows_a_banner_typing_goes_on_and_saving_resumes(qtbot, ctx, alerts, editor, monkeypatch):
    import sqlite3

    from sqlalchemy.exc import OperationalError

    store = ctx.autosave.store
    real_apply = store.apply

    def disk_full(batch):
        raise OperationalError("UPDATE items", {}, sqlite3.OperationalError("database or disk is full"))

    monkeypatch.setattr(store, "apply", disk_full)
    intro = editor.section("introduction").editor_widget
    type_text(intro, "Texto importante")
    qtbot.waitUntil(lambda: editor.banner.isVisibleTo(editor), timeout=2000)
    assert "disk is full" in editor.banner.label.text()
    assert "keep typing" in editor.banner.label.text()
    type_text(intro, " y más")  # typing goes on, nothing is refused
    assert intro.toPlainText() == "Texto importante y más"

    window = editor.window()
    alerts.answer = False
    assert not window.close()  # quitting would risk the edits: asked first
    assert window.isVisible() and "Saving is failing" in alerts.questions[-1]

    monkeypatch.setattr(store, "apply", real_apply)  # space is back
    qtbot.waitUntil(lambda: not editor.banner.isVisibleTo(editor), timeout=5000)
    qtbot.waitUntil(lambda: not editor.pending, timeout=5000)
    assert saved_intro(ctx, editor) == "Texto importante y más"
    alerts.answer = True
    assert window.close()


def test_export_with_the_real_exporter(qtbot, ctx, alerts, editor, tmp_path):
    type_text(editor.section("introduction").editor_widget, "Introducción del evento")
    target = tmp_path / "nota.docx"
    runner = editor.export_in_background(target)
    with qtbot.waitSignal(runner.finished, timeout=30000) as blocker:
        pass
    assert blocker.args == [True]
    from docx import Document

    assert any("Introducción del evento" in p.text for p in Document(str(target)).paragraphs)
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

    editor.commands.add_item("highlights")
    editor.commands.add_item("floor_interventions")
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
