"""Surviving in the interface: automatic backups, restoring one, and a damaged database.

- :func:`open_or_recover` opens the database; if it is damaged it offers the
  latest good backup (the damaged file is renamed aside, never deleted).
- :class:`AutoBackup` makes the backup at start and one every N minutes of
  editing, on a worker thread, so typing never waits for it.
- :func:`restore_from_backup` is "File ▸ Restore from backup…": choose a
  backup, confirm, and the window reopens on the restored notes.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from notetaker.core import Core
from notetaker.i18n import _
from notetaker.services import ServiceError
from notetaker.storage import StorageError
from notetaker.storage.db import CorruptDatabaseError

from .alerts import Alerts
from .context import AppContext

if TYPE_CHECKING:
    from notetaker.storage.backups import BackupInfo

log = logging.getLogger("notetaker.ui")

CHECK_EVERY_MS = 30_000  # how often the periodic backup looks whether one is due
START_DELAY_MS = 5_000  # the start backup waits until the window is up and the note open

Chooser = Callable[[AppContext, list["BackupInfo"], QWidget | None], "BackupInfo | None"]


def when(backup: BackupInfo) -> str:
    return backup.created_at.astimezone().strftime("%Y-%m-%d %H:%M")


def _reason_text(backup: BackupInfo) -> str:
    if backup.migration_target is not None:
        return _("before migration to schema {schema}").format(schema=backup.migration_target)
    return {
        "start": _("at start"),
        "auto": _("while editing"),
        "manual": _("made by hand"),
        "before-restore": _("before a restore"),
    }.get(backup.reason, backup.reason)


# -- a damaged database at start -------------------------------------------------------
def open_or_recover(db: str | None, alerts: Alerts) -> Core:
    """``Core.open(db)``; a damaged database is offered its latest good backup.

    Raises :class:`StorageError` when the database cannot be opened and the
    user declines (or there is no backup): the caller says so and stops.
    """
    try:
        return Core.open(db)
    except CorruptDatabaseError as exc:
        if exc.backup is None:
            raise
        question = _(
            "The notes database {path} is damaged ({problem}). Nothing was written to it.\n\n"
            "Restore the latest good backup, made {when}? The damaged file is kept aside, not deleted."
        ).format(path=exc.path, problem=exc.problem, when=when(exc.backup))
        if not alerts.confirm(question):
            raise
        try:
            from notetaker.services.backups import restore_backup

            result = restore_backup(exc.path, str(exc.backup.path))
        except ServiceError as failure:
            raise StorageError(str(failure)) from failure
        core = Core.open(exc.path)
        alerts.info(
            _("The backup made {when} was restored.").format(when=when(result.restored)),
            _("The damaged database is kept as {path}.").format(path=result.set_aside)
            if result.set_aside else "",
        )
        return core


# -- automatic backups ---------------------------------------------------------------------
class AutoBackup(QObject):
    """The backup at start and the periodic one, each on a worker thread."""

    #: A backup was made (its :class:`BackupInfo`).
    made = Signal(object)
    #: A backup failed (the message).
    failed = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        parent: QObject | None = None,
        check_every_ms: int = CHECK_EVERY_MS,
        start_delay_ms: int = START_DELAY_MS,
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.start_delay_ms = start_delay_ms
        self._thread: threading.Thread | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(check_every_ms)
        self._timer.timeout.connect(self.tick)
        ctx.changed.connect(self._edited)
        self.failed.connect(self._report)

    def start(self) -> None:
        """The start-of-session backup (when the notes changed since the last one), then the timer."""
        if getattr(self.ctx, "read_only", False):
            return
        QTimer.singleShot(self.start_delay_ms, self, lambda: self._run(self.ctx.core.backups.at_start))
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def tick(self) -> None:
        backups = self.ctx.core.backups
        if self.busy() or not backups.due():
            return
        self._run(backups.backup_if_due)

    def busy(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def wait(self, timeout: float = 30.0) -> bool:
        """Wait for a running backup to finish (tests, quitting); whether it did."""
        if self._thread is not None:
            self._thread.join(timeout)
        return not self.busy()

    def _edited(self, _changes: object) -> None:
        self.ctx.core.backups.record_edit()

    def _run(self, job: Callable[[], BackupInfo | None]) -> None:
        self.ctx.sync()  # what was typed is in the backup (if saving fails, what is on disk)

        def work() -> None:
            try:
                made = job()
            except ServiceError as exc:
                self.failed.emit(str(exc))
            except Exception as exc:  # a backup must never take the application down
                log.exception("backup failed")
                self.failed.emit(str(exc))
            else:
                if made is not None:
                    self.made.emit(made)

        self._thread = threading.Thread(target=work, name="notetaker-backup", daemon=True)
        self._thread.start()

    def _report(self, message: str) -> None:
        self.ctx.alerts.warning(_("The automatic backup failed."), message)


def start_auto_backups(ctx: AppContext, parent: QObject | None = None) -> AutoBackup:
    """Make the start backup and schedule the periodic ones (nothing in a read-only window)."""
    auto = AutoBackup(ctx, parent)
    auto.start()
    return auto


# -- restoring -------------------------------------------------------------------------------
class BackupChooser(QDialog):
    """The backups, newest first; the chosen one is restored."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, backups: list[BackupInfo] | None = None):
        super().__init__(parent)
        from PySide6.QtWidgets import QDialogButtonBox, QListView  # (loaded with the dialog)

        if backups is None:
            backups = ctx.core.backups.list()
        self.setWindowTitle(_("Restore from backup"))
        self.setAccessibleName(_("Restore from backup"))
        intro = QLabel(_("Choose the backup to bring back. The notes as they are now are backed up first."))
        intro.setWordWrap(True)
        self.model = QStandardItemModel(self)
        for backup in backups:
            row = QStandardItem(
                _("{when} — {reason} ({size} kB)").format(
                    when=when(backup), reason=_reason_text(backup), size=max(1, backup.size // 1000)
                )
            )
            row.setEditable(False)
            row.setData(backup, Qt.ItemDataRole.UserRole)
            row.setToolTip(str(backup.path))
            self.model.appendRow(row)
        self.list = QListView()
        self.list.setAccessibleName(_("Backups"))
        self.list.setModel(self.model)
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        if self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(0, 0))
        self.list.activated.connect(lambda _index: self.accept())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Restore"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(520, 360)

    def selected(self) -> BackupInfo | None:
        index = self.list.currentIndex()
        return index.data(Qt.ItemDataRole.UserRole) if index.isValid() else None


def choose_with_dialog(ctx: AppContext, backups: list[BackupInfo], parent: QWidget | None) -> BackupInfo | None:
    dialog = BackupChooser(ctx, parent, backups)
    try:
        return dialog.selected() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def restore_from_backup(window: QWidget, choose: Chooser = choose_with_dialog) -> bool:
    """Replace the open notes database with a backup the user chooses; whether it was restored.

    ``window`` is the main window: its editors are flushed and closed, the core
    is closed, the file replaced and a new core opened, then the window refreshed.
    """
    ctx: AppContext = window.ctx  # type: ignore[attr-defined]
    if getattr(ctx, "read_only", False):
        ctx.alerts.warning(_("This window is read-only; restore from the window that writes to the database."), parent=window)
        return False
    path = ctx.core.db.path
    backups = ctx.core.backups.list()
    if not backups:
        ctx.alerts.info(_("There is no backup to restore yet."), parent=window)
        return False
    backup = choose(ctx, backups, window)
    if backup is None:
        return False
    if not ctx.alerts.confirm(
        _("Replace all notes with the backup made {when}? The notes as they are now are backed up first.").format(
            when=when(backup)
        ),
        window,
    ):
        return False
    _release_database(window, ctx)
    try:
        from notetaker.services.backups import restore_backup

        result = restore_backup(path, str(backup.path))
    except ServiceError as exc:
        ctx.alerts.error(_("The backup could not be restored."), str(exc), parent=window)
        result = None
    _reopen(window, ctx, path)
    if result is not None:
        ctx.alerts.info(
            _("The backup made {when} was restored.").format(when=when(result.restored)),
            _("The notes as they were are kept in {path}.").format(path=result.safety_backup.path)
            if result.safety_backup else "",
            parent=window,
        )
    return result is not None


def _release_database(window: QWidget, ctx: AppContext) -> None:
    """Save and close every open note, stop the writer and close the core."""
    ctx.sync()  # (the safety copy made before restoring holds what was just typed)
    tabs = getattr(window, "tabs", None)
    close_tab = getattr(window, "close_tab", None)
    if tabs is not None and callable(close_tab):
        for index in reversed(range(tabs.count())):
            close_tab(index)
    shutdown = getattr(ctx, "shutdown", None)
    if callable(shutdown):
        shutdown()
    ctx.core.close()


def _reopen(window: QWidget, ctx: AppContext, path: Path) -> None:
    try:
        ctx.core = Core.open(path)
    except StorageError as exc:
        ctx.alerts.error(_("The notes database cannot be opened."), str(exc), parent=window, modal=True)
        window.close()
        return
    refresh = getattr(window, "refresh", None)
    if callable(refresh):
        refresh()
