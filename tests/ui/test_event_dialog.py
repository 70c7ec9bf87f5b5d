"""The event dialog, and the event actions of the main window."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimeZone
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from notetaker.domain import Event, EventKind
from tests.support.keyboard import type_text
from ui.event_dialog import EventDialog, country_names
from ui.main_window import MainWindow


def ok_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_problems_are_shown_in_the_dialog_which_stays_open(qtbot, qapp):
    dialog = EventDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.error_label.isVisibleTo(dialog)
    assert "title" in dialog.error_label.text()

    type_text(dialog.title_edit, "Taller regional")
    dialog.zone_combo.setCurrentText("GMT-99")
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "GMT-99" in dialog.error_label.text()

    dialog.zone_combo.setCurrentText("America/Guatemala")
    utc = QTimeZone.utc()
    dialog.start_edit.setDateTime(QDateTime(QDate(2022, 5, 19), QTime(12, 30), utc))
    dialog.end_edit.setDateTime(QDateTime(QDate(2022, 5, 19), QTime(11, 0), utc))
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "end before" in dialog.error_label.text()

    dialog.end_edit.setDateTime(QDateTime(QDate(2022, 5, 19), QTime(14, 0), utc))
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    event = dialog.result_event
    assert event.timezone == "America/Guatemala"
    assert event.starts_at == datetime(2022, 5, 19, 18, 30, tzinfo=UTC)
    assert event.ends_at == datetime(2022, 5, 19, 20, 0, tzinfo=UTC)


def test_an_existing_event_loads_and_edits_in_its_own_zone(qtbot, qapp):
    original = Event(
        7,
        "Workshop on labour migration",
        kind=EventKind.WORKSHOP,
        series="RCM",
        starts_at=datetime(2022, 5, 19, 18, 30, tzinfo=UTC),
        ends_at=datetime(2022, 5, 19, 20, 0, tzinfo=UTC),
        timezone="UTC-06:00",
        venue_city="San Salvador",
        venue_country="SV",
        languages=("Spanish",),
        specific_objectives=("Share practices", "Agree next steps"),
        uid="abc",
    )
    dialog = EventDialog(original, ["RCM", "RCM-SACM"], "es")
    qtbot.addWidget(dialog)
    assert dialog.windowTitle()
    assert dialog.start_edit.time() == QTime(12, 30)
    assert dialog.zone_combo.currentText() == "UTC-06:00"
    assert dialog.country_combo.currentData() == "SV"
    assert dialog.country_combo.currentText() == "El Salvador (SV)"
    assert dialog.specific_edit.toPlainText() == "Share practices\nAgree next steps"
    assert dialog.build_event() == original  # unchanged fields give back the same event


def test_country_names_come_from_cldr_in_the_language(qapp):
    spanish = dict(country_names("es"))
    assert spanish["MX"] == "México"
    assert "EU" not in spanish and "001" not in spanish


def test_every_control_of_the_dialog_has_an_accessible_name(qtbot, qapp):
    dialog = EventDialog()
    qtbot.addWidget(dialog)
    from PySide6.QtWidgets import (
        QAbstractButton,
        QComboBox,
        QDateTimeEdit,
        QLineEdit,
        QPlainTextEdit,
    )

    controls = [
        w
        for w in dialog.findChildren(QWidget)
        if isinstance(w, QAbstractButton | QComboBox | QDateTimeEdit | QPlainTextEdit)
        or (isinstance(w, QLineEdit) and not isinstance(w.parent(), QComboBox | QDateTimeEdit))
    ]
    unnamed = [w for w in controls if not w.accessibleName() and w.isVisibleTo(dialog)]
    assert unnamed == []


def test_edit_and_delete_through_the_main_window(qtbot, ctx, alerts):
    event = ctx.run(ctx.core.events.create, Event(None, "Plenary", timezone="UTC"))
    note = ctx.run(ctx.core.notes.create, event.id, "imrf-side-event", [])
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    editor = window.open_note(note.id)
    assert window.select(("event", event.id))

    dialog = window.edit_event()
    assert isinstance(dialog, EventDialog) and window.active_dialog is dialog
    dialog.title_edit.clear()
    type_text(dialog.title_edit, "Plenaria de la CRM")
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert ctx.core.events.get(event.id).title == "Plenaria de la CRM"
    assert window.model.item(0, 0).text() == "Plenaria de la CRM"
    assert editor.title_label.text() == "Plenaria de la CRM"  # the open note follows

    assert window.select(("event", event.id))
    alerts.answer = False
    assert not window.delete_event()
    assert window.model.rowCount() == 1
    alerts.answer = True
    assert window.delete_event()
    assert "Plenaria de la CRM" in alerts.questions[-1]
    assert window.model.rowCount() == 0
    assert window.editors() == []  # the note went with its event
    assert ctx.core.events.list() == []
