"""Starting the GUI: one QApplication, one Core, one AppContext, one main window."""

from __future__ import annotations

import logging
import sys

from PySide6.QtWidgets import QApplication

from notetaker import paths
from notetaker.i18n import _
from notetaker.services import ServiceError
from notetaker.storage import StorageError

from .alerts import Alerts, install_excepthook, setup_logging
from .context import AppContext
from .language import apply_language, choose_language
from .main_window import LAST_NOTE_KEY, MainWindow
from .recovery import open_or_recover, start_auto_backups

log = logging.getLogger("notetaker.ui")


def make_application(argv: list[str] | None = None, lang: str | None = None) -> QApplication:
    """The QApplication, speaking ``lang`` (``--lang``; None: env, preference, system)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    apply_language(choose_language(lang), app)
    app.setApplicationName(paths.APP_NAME)
    app.setApplicationDisplayName(_("Side Event Notetaker"))
    app.setOrganizationName(paths.APP_AUTHOR)
    return app


def reopen_last_note(window: MainWindow) -> None:
    """Show the note that was open when the app last closed (or crashed), if it still exists."""
    core = window.ctx.core
    try:
        note_id = core.state.get(LAST_NOTE_KEY)
        if not isinstance(note_id, int):
            return
        core.notes.get(note_id)  # quietly skip a note deleted since
    except (ServiceError, StorageError):
        return
    window.open_note(note_id)


def run(db: str | None = None, argv: list[str] | None = None, lang: str | None = None) -> int:
    """Open the database ``db`` (default location when None) and run the GUI in ``lang``; the exit code."""
    setup_logging()
    app = make_application(argv, lang)
    alerts = Alerts()
    try:
        core = open_or_recover(db, alerts)  # a damaged database: offer its latest good backup
    except StorageError as exc:
        alerts.error(_("The notes database cannot be opened."), str(exc), modal=True)
        return 1
    previous_hook = install_excepthook(alerts)
    ctx = AppContext(core, alerts)
    try:
        window = MainWindow(ctx)
        window.show()
        start_auto_backups(ctx, window)  # at start, then every N minutes of editing
        reopen_last_note(window)
        for error in core.templates.errors:
            alerts.warning(_("A report template could not be loaded."), str(error), parent=window)
        return app.exec()
    finally:
        sys.excepthook = previous_hook
        core.close()
