"""The capture bar of a note editor: session clock, active notetaker, and the saving banner.

Also the two small dialogs of live capture: choosing the notetaker who types
now (relay), and giving an item another time.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QWidget,
)

from notetaker.capture.clock import SessionClock, format_elapsed
from notetaker.capture.writer import WriterStatus
from notetaker.i18n import _


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
