"""Time zones as people type them, in the event dialog: "GMT-6", "GTM-6", "UTC-06:00", zone names."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimeZone
from PySide6.QtWidgets import QDialogButtonBox

from notetaker.i18n import set_language
from tests.support.keyboard import type_text
from ui.event_dialog import EventDialog


def _fill(qtbot, dialog: EventDialog, zone: str) -> None:
    type_text(dialog.title_edit, "Implementación del Pacto Mundial")
    dialog.schedule_box.setChecked(True)
    utc = QTimeZone.utc()
    dialog.start_edit.setDateTime(QDateTime(QDate(2022, 5, 19), QTime(12, 30), utc))
    dialog.end_edit.setDateTime(QDateTime(QDate(2022, 5, 19), QTime(14, 0), utc))
    dialog.zone_combo.lineEdit().clear()
    type_text(dialog.zone_combo.lineEdit(), zone)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize(
    ("typed", "stored", "utc_start"),
    [
        ("GMT-6", "UTC-06:00", datetime(2022, 5, 19, 18, 30, tzinfo=UTC)),
        ("GTM-6", "UTC-06:00", datetime(2022, 5, 19, 18, 30, tzinfo=UTC)),  # seed 003's own typo
        ("UTC-06:00", "UTC-06:00", datetime(2022, 5, 19, 18, 30, tzinfo=UTC)),
        ("utc -6", "UTC-06:00", datetime(2022, 5, 19, 18, 30, tzinfo=UTC)),
        ("GMT+5:30", "UTC+05:30", datetime(2022, 5, 19, 7, 0, tzinfo=UTC)),
        ("America/Guatemala", "America/Guatemala", datetime(2022, 5, 19, 18, 30, tzinfo=UTC)),
        ("Europe/Madrid", "Europe/Madrid", datetime(2022, 5, 19, 10, 30, tzinfo=UTC)),  # summer time
    ],
)
def test_zones_as_typed(qtbot, qapp, typed, stored, utc_start):
    dialog = EventDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    _fill(qtbot, dialog, typed)
    assert not dialog.isVisible(), dialog.error_label.text()
    event = dialog.result_event
    assert event.timezone == stored
    assert event.starts_at == utc_start


def test_an_unknown_zone_is_explained_in_the_interface_language(qtbot, qapp):
    set_language("es")
    dialog = EventDialog(lang="es")
    qtbot.addWidget(dialog)
    dialog.show()
    _fill(qtbot, dialog, "Marte/Olimpo")
    assert dialog.isVisible()
    assert "Zona horaria desconocida: Marte/Olimpo" in dialog.error_label.text()
