"""The one path by which messages reach the user: logged, recorded, then shown.

Every error, warning or notice the interface gives goes through :class:`Alerts`.
Each alert is written to the log (and so to the rotating log file set up by
:func:`setup_logging`), appended to :attr:`Alerts.records`, and shown in a
message box by :meth:`Alerts.present`, the single method that builds boxes.
Tests replace :meth:`present` (or build ``Alerts(interactive=False)``) so that
no dialog ever waits for a click.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QWidget

from notetaker import paths
from notetaker.i18n import _

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

log = logging.getLogger("notetaker.ui")

LOG_FILE_NAME = "notetaker.log"


@dataclass(frozen=True, slots=True)
class Alert:
    level: str  # "error" | "warning" | "info"
    message: str
    detail: str = ""


_ICONS = {"error": "Critical", "warning": "Warning", "info": "Information"}  # QMessageBox.Icon
_LOG_LEVELS = {"error": logging.ERROR, "warning": logging.WARNING, "info": logging.INFO}


class Alerts:
    """Log, record and show messages for the user."""

    def __init__(self, interactive: bool = True, keep: int = 50):
        self.interactive = interactive
        self.records: list[Alert] = []
        self._keep = keep
        self._open_boxes: list[QMessageBox] = []

    # -- the public path ---------------------------------------------------
    def error(
        self, message: str, detail: str = "", parent: QWidget | None = None, modal: bool = False
    ) -> Alert:
        return self._alert("error", message, detail, parent, modal)

    def warning(
        self, message: str, detail: str = "", parent: QWidget | None = None, modal: bool = False
    ) -> Alert:
        return self._alert("warning", message, detail, parent, modal)

    def info(
        self, message: str, detail: str = "", parent: QWidget | None = None, modal: bool = False
    ) -> Alert:
        return self._alert("info", message, detail, parent, modal)

    @property
    def last(self) -> Alert | None:
        return self.records[-1] if self.records else None

    def confirm(self, question: str, parent: QWidget | None = None) -> bool:
        """Ask a yes/no question; the answer is logged. Tests replace :meth:`ask`."""
        answer = self.ask(question, parent)
        log.info("asked %r: %s", question, "yes" if answer else "no")
        return answer

    # -- the two methods that touch the screen -------------------------------
    def present(self, alert: Alert, parent: QWidget | None = None, modal: bool = False) -> None:
        """Show ``alert`` in a message box; the detail is behind "Show Details…"."""
        if not self.interactive or QApplication.instance() is None:
            return
        from PySide6.QtWidgets import QMessageBox  # (when first needed: not at start)

        parent = parent or QApplication.activeWindow()
        box = QMessageBox(parent)
        box.setIcon(getattr(QMessageBox.Icon, _ICONS[alert.level]))
        box.setWindowTitle(_titles()[alert.level])
        box.setText(alert.message)
        box.setAccessibleName(_titles()[alert.level])
        if alert.detail:
            box.setDetailedText(alert.detail)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        if modal:
            box.exec()
            box.deleteLater()
            return
        # Non-blocking: the caller (often a slot in the middle of typing) goes on.
        self._open_boxes.append(box)
        box.finished.connect(lambda _result, b=box: self._forget(b))
        box.open()

    def ask(self, question: str, parent: QWidget | None = None) -> bool:
        if not self.interactive or QApplication.instance() is None:
            return False
        from PySide6.QtWidgets import QMessageBox

        buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        answer = QMessageBox.question(
            parent or QApplication.activeWindow(),
            _("Please confirm"),
            question,
            buttons,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    # -- internals -----------------------------------------------------------
    def _alert(
        self, level: str, message: str, detail: str, parent: QWidget | None, modal: bool
    ) -> Alert:
        alert = Alert(level, message, detail)
        if detail:
            log.log(_LOG_LEVELS[level], "%s\n%s", message, detail)
        else:
            log.log(_LOG_LEVELS[level], "%s", message)
        self.records.append(alert)
        del self.records[: -self._keep]
        try:
            self.present(alert, parent, modal)
        except Exception:  # showing must never raise into the caller
            log.exception("could not show an alert")
        return alert

    def _forget(self, box: QMessageBox) -> None:
        if box in self._open_boxes:
            self._open_boxes.remove(box)
        box.deleteLater()


def _titles() -> dict[str, str]:
    return {"error": _("Error"), "warning": _("Warning"), "info": _("Information")}


# -- logging -------------------------------------------------------------------


class _LazyRotatingFileHandler(logging.Handler):
    """A rotating log file in :func:`notetaker.paths.log_dir`, opened at the first record.

    Start-up stays free of file-system work, and of importing :mod:`logging.handlers`,
    until something is worth logging.
    """

    def __init__(self, level: int = logging.INFO, max_bytes: int = 1_000_000, backups: int = 3):
        super().__init__(level)
        self._max_bytes = max_bytes
        self._backups = backups
        self._target: logging.Handler | None = None
        self._failed = False

    def emit(self, record: logging.LogRecord) -> None:
        if self._failed:
            return
        if self._target is None:
            import logging.handlers  # (sockets, pickle...: not imported while the application starts)

            try:
                target = logging.handlers.RotatingFileHandler(
                    paths.log_dir() / LOG_FILE_NAME,
                    maxBytes=self._max_bytes,
                    backupCount=self._backups,
                    encoding="utf-8",
                )
            except OSError:
                self._failed = True
                return
            target.setFormatter(self.formatter)
            self._target = target
        self._target.emit(record)

    def close(self) -> None:
        if self._target is not None:
            self._target.close()
        super().close()


def setup_logging(level: int = logging.INFO) -> logging.Handler:
    """Send the application's log to a rotating file in the log folder (once per process)."""
    root = logging.getLogger("notetaker")
    for existing in root.handlers:
        if isinstance(existing, _LazyRotatingFileHandler):
            return existing
    handler = _LazyRotatingFileHandler(level)
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    root.addHandler(handler)
    return handler


# -- the exception hook ----------------------------------------------------------

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def install_excepthook(alerts: Alerts) -> ExceptHook:
    """Route uncaught exceptions (also those raised in Qt slots) to ``alerts``.

    The traceback is logged and shown behind "Show Details…" of a short error
    dialog, instead of being lost on a console nobody reads. Returns the hook
    it replaced, so that a caller can put it back.
    """
    previous = sys.excepthook

    def hook(
        exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)
            return
        detail = "".join(traceback.format_exception(exc_type, exc, tb))
        summary = f"{exc_type.__name__}: {exc}" if str(exc) else exc_type.__name__
        alerts.error(
            _("Something went wrong. Your notes are saved; the details below help to fix it.")
            + "\n\n"
            + summary,
            detail,
        )

    sys.excepthook = hook
    return previous
