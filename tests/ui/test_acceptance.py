"""Acceptance: an event and a note made through the GUI survive closing and reopening."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimeZone
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from notetaker.core import Core
from notetaker.domain import EventKind
from tests.support.keyboard import type_text
from ui.app import reopen_last_note
from ui.context import AppContext
from ui.event_dialog import EventDialog
from ui.main_window import MainWindow
from ui.note_dialog import NewNoteDialog

TITLE = "Implementación del Pacto Mundial: avances de la CRM"
HIGHLIGHT = "La migración debe abordarse como región, no de forma individual."
INTRO = "Introducción: el evento paralelo reunió a los países miembros de la CRM."


def click_ok(qtbot, buttons: QDialogButtonBox) -> None:
    qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def test_event_and_note_made_in_the_gui_are_there_after_reopening(qtbot, db_path, core, alerts):
    ctx = AppContext(core, alerts)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)

    # -- the event, through its dialog ---------------------------------------------------------
    window.new_event_action.trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, EventDialog)
    type_text(dialog.title_edit, TITLE)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(EventKind.SIDE_EVENT.value))
    dialog.series_combo.lineEdit().clear()
    type_text(dialog.series_combo.lineEdit(), "IMRF 2022 side events")
    utc = QTimeZone.utc()
    dialog.start_edit.setDateTime(QDateTime(QDate(2022, 5, 19), QTime(12, 30), utc))
    dialog.end_edit.setDateTime(QDateTime(QDate(2022, 5, 19), QTime(14, 0), utc))
    dialog.zone_combo.lineEdit().clear()
    type_text(dialog.zone_combo.lineEdit(), "GMT-6")
    dialog.virtual_check.setChecked(True)
    type_text(dialog.languages_edit, "Español, English")
    type_text(dialog.convener_edit, "Presidencia Pro Tempore")
    type_text(dialog.specific_edit, "Identificar avances")
    click_ok(qtbot, dialog.buttons)
    assert alerts.records == []
    [entry] = core.events.list()
    event = entry.event
    assert event.title == TITLE
    assert event.timezone == "UTC-06:00"
    assert event.starts_at == datetime(2022, 5, 19, 18, 30, tzinfo=UTC)
    assert event.languages == ("Español", "English")
    assert event.specific_objectives == ("Identificar avances",)
    assert window.selected_key() == ("event", event.id)

    # -- the note, through the new-note action --------------------------------------------------
    window.new_note_action.trigger()
    note_dialog = window.active_dialog
    assert isinstance(note_dialog, NewNoteDialog)
    assert note_dialog.template_id() == "imrf-side-event"
    type_text(note_dialog.notetakers_edit, "Marisol Aguilar, Ericka Guevara")
    click_ok(qtbot, note_dialog.buttons)
    editor = window.current_editor()
    assert editor is not None
    assert editor.notetakers.text() == "Marisol Aguilar, Ericka Guevara"
    note_id = editor.note_id

    # -- typing: a highlight with its attribution, and the summary's introduction ----------------
    highlights = editor.section("highlights")
    qtbot.mouseClick(highlights.add_button, Qt.MouseButton.LeftButton)
    [row] = highlights.rows
    type_text(row.body, HIGHLIGHT)
    QTest.keyClicks(row.attribution, "gua")
    assert row.attribution.accept_suggestion(0)
    assert row.attribution.text() == "Guatemala"
    intro = editor.section("introduction").editor_widget
    intro.setFocus()
    type_text(intro, INTRO)

    # Saved within a second of the last keystroke, with no action from the user.
    qtbot.waitUntil(lambda: not editor.pending, timeout=1000)
    saved = core.notes.get(note_id)
    assert saved.section_items("highlights")[0].body.to_plain() == HIGHLIGHT
    assert saved.section_items("introduction")[0].body.to_plain() == INTRO

    # -- close everything, then a new window on a new Core over the same file --------------------
    type_text(editor.notetakers, ", Sara Rivas")  # still pending when the window closes
    window.close()
    assert ctx.shutdown()
    core.close()

    core2 = Core.open(db_path)
    try:
        ctx2 = AppContext(core2, alerts)
        window2 = MainWindow(ctx2)
        qtbot.addWidget(window2)
        window2.show()
        assert window2.model.rowCount() == 1
        assert window2.model.item(0, 0).text() == TITLE
        reopen_last_note(window2)
        editor2 = window2.current_editor()
        assert editor2 is not None and editor2.note_id == note_id
        row2 = editor2.section("highlights").rows[0]
        assert row2.body.toPlainText() == HIGHLIGHT
        assert row2.attribution.text() == "Guatemala"
        assert editor2.section("introduction").editor_widget.toPlainText() == INTRO
        assert editor2.notetakers.text() == "Marisol Aguilar, Ericka Guevara, Sara Rivas"
        note = core2.notes.get(note_id)
        assert note.section_items("highlights")[0].body.to_plain() == HIGHLIGHT
        assert note.section_items("highlights")[0].delegations == ("GT",)
        assert note.section_items("introduction")[0].body.to_plain() == INTRO
        assert note.notetakers == ("Marisol Aguilar", "Ericka Guevara", "Sara Rivas")
        window2.close()
        assert ctx2.shutdown()
    finally:
        core2.close()
    assert [a for a in alerts.records if a.level == "error"] == []
