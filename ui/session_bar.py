"""The capture bar of a note editor: session clock, active notetaker, and the saving banner.

Also the two small dialogs of live capture: choosing the notetaker who types
now (relay), and giving an item another time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimer, QTimeZone
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from notetaker.capture.clock import SessionClock, format_elapsed
from notetaker.capture.writer import WriterStatus
from notetaker.i18n import _
from notetaker.timezones import ZoneError, from_local, to_local


class SessionBar(QWidget):
    """The session clock (start/pause) and who is typing (relay)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.clock = SessionClock()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        self.clock_label = QLabel()
        self.clock_label.setAccessibleName(_("Session clock"))
        font = self.clock_label.font()
        font.setBold(True)
        font.setStyleHint(font.StyleHint.Monospace)
        self.clock_label.setFont(font)
        self.clock_button = QToolButton()
        self.clock_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.author_label = QLabel()
        self.author_label.setAccessibleName(_("Notetaker typing now"))
        self.switch_button = QToolButton()
        self.switch_button.setText(_("Switch notetaker"))
        self.switch_button.setToolTip(_("The next notetaker of this note takes over (F8)"))
        self.switch_button.setAccessibleName(_("Switch notetaker"))
        layout.addWidget(QLabel(_("Session clock:")))
        layout.addWidget(self.clock_label)
        layout.addWidget(self.clock_button)
        layout.addSpacing(24)
        layout.addWidget(self.author_label)
        layout.addWidget(self.switch_button)
        layout.addStretch(1)
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._tick)

    def set_clock(self, clock: SessionClock) -> None:
        self.clock = clock
        if not clock.started:
            text, tip = _("Start clock"), _("Start the session clock: items show their time from the start (F5)")
        elif clock.running:
            text, tip = _("Pause clock"), _("Pause the session clock (F5)")
        else:
            text, tip = _("Resume clock"), _("Resume the session clock (F5)")
        self.clock_button.setText(text)
        self.clock_button.setToolTip(tip)
        self.clock_button.setAccessibleName(text)
        if clock.running:
            self._ticker.start()
        else:
            self._ticker.stop()
        self._tick()

    def _tick(self) -> None:
        if not self.clock.started:
            self.clock_label.setText(_("not started"))
            return
        face = format_elapsed(self.clock.elapsed(datetime.now().astimezone()))
        self.clock_label.setText(face if self.clock.running else _("{time} (paused)").format(time=face))

    def set_author(self, name: str) -> None:
        self.author_label.setText(
            _("Typing: {name}").format(name=name) if name else _("Typing: (no notetaker named)")
        )


class SaveBanner(QFrame):
    """A clear, persistent banner while saving fails; hidden when it works."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("saveBanner")
        self.setStyleSheet(
            "#saveBanner { background: #fde8e8; border: 2px solid #c01c28; border-radius: 4px; }"
            " QLabel { color: #7a0b13; font-weight: bold; }"
        )
        layout = QHBoxLayout(self)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setAccessibleName(_("Saving status"))
        layout.addWidget(self.label, 1)
        self.setAccessibleName(_("Saving is failing"))
        self.hide()

    def show_status(self, status: WriterStatus) -> None:
        if status.ok:
            self.hide()
            return
        self.label.setText(status.message())
        self.show()


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
