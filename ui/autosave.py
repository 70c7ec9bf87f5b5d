"""Debounced saving: write shortly after the last keystroke, and at once when asked.

Each edited thing (an item row, the notetakers field) owns one :class:`Debouncer`.
Every edit calls :meth:`Debouncer.schedule`, which (re)starts a single-shot
timer; when typing pauses for :data:`SAVE_DELAY_MS` the save runs. Focus-out,
closing an editor and closing the window call :meth:`Debouncer.flush`, which
runs a pending save immediately, so nothing typed waits for a timer that will
never fire.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

#: Pause after the last keystroke before an edit is written (well under the one-second promise).
SAVE_DELAY_MS = 300


class Debouncer(QObject):
    def __init__(
        self, callback: Callable[[], object], delay_ms: int = SAVE_DELAY_MS, parent: QObject | None = None
    ):
        super().__init__(parent)
        self._callback = callback
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._fire)
        self._pending = False

    @property
    def pending(self) -> bool:
        return self._pending

    def schedule(self) -> None:
        """Note an edit: the save runs once edits pause for the delay."""
        self._pending = True
        self._timer.start()

    def flush(self) -> None:
        """Run a pending save now."""
        if self._pending:
            self._timer.stop()
            self._fire()

    def cancel(self) -> None:
        """Forget a pending save (its target is gone)."""
        self._pending = False
        self._timer.stop()

    def _fire(self) -> None:
        self._pending = False
        self._callback()
