"""The small dialogs of live capture: who types now, an entry's time.

Loaded when one first opens, not with the editor: each Qt class makes its Python
enums when it loads (the combo box and date-time edit alone, some sixty).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from PySide6.QtCore import QDate, QDateTime, QTime, QTimeZone
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from notetaker.i18n import _
from notetaker.timezones import ZoneError, from_local, to_local


class NotetakerDialog(QDialog):
    """Who types now: one of the note's notetakers, or a new name (added to the note)."""

    def __init__(self, names: Sequence[str], current: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Notetaker typing now"))
        self.setAccessibleName(_("Notetaker typing now"))
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.addItems(list(names))
        self.combo.setAccessibleName(_("Notetaker"))
        self.combo.setCurrentText(current)
        self.combo.lineEdit().selectAll()
        from PySide6.QtWidgets import QDialogButtonBox  # (loaded with the dialog, not at start)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        for button in self.buttons.buttons():
            button.setAccessibleName(button.text().replace("&", ""))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(QLabel(_("Each new entry is credited to the notetaker typing now.")))
        form.addRow(_("Notetaker:"), self.combo)
        form.addRow(self.buttons)

    def name(self) -> str:
        return " ".join(self.combo.currentText().split())


class RetimeDialog(QDialog):
    """Give an entry another time (in the event's time zone)."""

    def __init__(self, when: datetime, zone: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.zone = zone
        self.setWindowTitle(_("Time of the entry"))
        self.setAccessibleName(_("Time of the entry"))
        self.edit = QDateTimeEdit()
        self.edit.setDisplayFormat("yyyy-MM-dd HH:mm:ss")
        self.edit.setAccessibleName(_("Time of the entry"))
        self.edit.setTimeZone(QTimeZone.utc())
        self.set_when(when)
        now = QPushButton(_("Now"))
        now.setAccessibleName(_("Set to now"))
        now.clicked.connect(lambda: self.set_when(datetime.now().astimezone()))
        from PySide6.QtWidgets import QDialogButtonBox  # (loaded with the dialog, not at start)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        for button in self.buttons.buttons():
            button.setAccessibleName(button.text().replace("&", ""))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.edit, 1)
        row.addWidget(now)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("When was this said? (time zone of the event: {zone})").format(zone=zone)))
        layout.addLayout(row)
        layout.addWidget(self.buttons)

    def set_when(self, when: datetime) -> None:
        """Show ``when`` as the wall-clock time of the event's zone (the edit itself is zone-less)."""
        try:
            local = to_local(when, self.zone)
        except ZoneError:
            local = when.astimezone(UTC)
        self.edit.setDateTime(
            QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute, local.second), QTimeZone.utc())
        )

    def when(self) -> datetime:
        shown = self.edit.dateTime()
        d, t = shown.date(), shown.time()
        naive = datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), t.second())
        try:
            return from_local(naive, self.zone).astimezone(UTC)
        except ZoneError:
            return naive.replace(tzinfo=UTC)

