"""Starting the GUI: one QApplication, one Core, one AppContext, one main window.

At start: the writer lock (one writing window per database; a second one is
told so and opens read-only), edits left in a recovery file by a previous run
whose saving failed (offered, then applied), and the note to show: the one
asked for (``notetaker open NOTE_ID``, keyboard in its first empty item) or
the last one open, back in the section and item where the user was.
"""

from __future__ import annotations

import logging
import signal
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from notetaker import gcpolicy, paths
from notetaker.capture.lock import WriterLock
from notetaker.capture.recovery import RecoveryFile
from notetaker.core import Core
from notetaker.i18n import _
from notetaker.services import ServiceError
from notetaker.storage import StorageError

from .alerts import Alerts, install_excepthook, setup_logging
from .context import AppContext
from .editor.note_editor import POSITION_KEY, NoteEditor
from .language import apply_language, choose_language
from .main_window import LAST_NOTE_KEY, MainWindow
from .recovery import open_or_recover, start_auto_backups

log = logging.getLogger("notetaker.ui")

#: When the background writer starts (unless an edit starts it sooner), after the window is up.
WRITER_START_MS = 500


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


def reopen_last_note(window: MainWindow) -> NoteEditor | None:
    """Show the note that was open when the app last closed (or crashed), where the user was."""
    core = window.ctx.core
    try:
        note_id = core.state.get(LAST_NOTE_KEY)
        if not isinstance(note_id, int):
            return None
        note = core.notes.get(note_id)  # quietly skip a note deleted since
        position = core.state.get(POSITION_KEY)
    except (ServiceError, StorageError):
        return None
    editor = window.open_note(note_id, note)
    if editor is not None and not editor.keyboard.restore_position(position):
        editor.commands.focus_first_empty()
    return editor


def open_for_typing(window: MainWindow, note_id: int) -> NoteEditor | None:
    """``notetaker open NOTE_ID``: the note's editor, keyboard in its first empty item."""
    editor = window.open_note(note_id)
    if editor is not None:
        editor.commands.focus_first_empty()
    return editor


def make_read_only(core: Core) -> None:
    """Every connection of ``core`` refuses writes from now on (``PRAGMA query_only``)."""
    core.db.set_read_only()


def take_writer_lock(ctx: AppContext) -> WriterLock:
    """The writer lock, or read-only mode (with the user told) when another window holds it."""
    path = ctx.core.db.path
    lock = WriterLock(path)
    if lock.acquire():
        return lock
    ctx.read_only = True
    make_read_only(ctx.core)
    holder = lock.holder().split()
    ctx.alerts.warning(
        _("Another Side Event Notetaker window is already writing to this database. "
          "This window opens it read-only: you can read and export notes, not change them."),
        _("Database: {path}\nWriting window: process {pid}").format(path=path, pid=holder[0] if holder else "?"),
    )
    return lock


def apply_recovered_edits(ctx: AppContext) -> bool:
    """Offer, then apply, edits a previous run could not save (its recovery file)."""
    path = ctx.core.db.path
    if ctx.read_only:
        return False
    recovery = RecoveryFile(path)
    batch, files = recovery.load()
    if not files:
        return False
    if not batch:
        recovery.remove()
        return False
    question = _("The last session could not save {count} edit(s) (the disk was full or read-only). "
                 "They were kept in {path}. Apply them to the notes now?").format(count=len(batch), path=files[-1])
    if not ctx.alerts.confirm(question):
        for file in files:
            kept = recovery.set_aside(file)
            ctx.alerts.info(_("The edits were not applied; they are kept in {path}.").format(path=kept or file))
        return False
    autosave = ctx.autosave
    assert autosave is not None
    autosave.put_batch(batch)
    if ctx.sync(10.0):
        recovery.remove()
        ctx.alerts.info(_("{count} edit(s) from the last session were applied.").format(count=len(batch)))
        return True
    ctx.alerts.warning(_("The recovered edits could not be saved yet; saving is retried by itself."))
    return False


def report_template_errors(core: Core, alerts: Alerts, parent: QWidget | None = None) -> None:
    """A warning for each report template file that cannot be used."""
    for error in core.templates.errors:
        alerts.warning(_("A report template could not be loaded."), str(error), parent=parent)


def run(
    db: str | None = None,
    argv: list[str] | None = None,
    note_id: int | None = None,
    core: Core | None = None,
    lang: str | None = None,
) -> int:
    """Open the database ``db`` (default location when None) and run the GUI; the exit code.

    ``note_id``: open that note for typing. ``core``: an already open core to use
    (the caller closes it). ``lang``: the interface language (``--lang``).
    """
    paused = gcpolicy.is_paused()  # (the command line pauses the collector while the GUI starts)
    gcpolicy.hold()  # what the imports made: the collections during the start need not walk it
    setup_logging()
    if hasattr(signal, "SIGXFSZ"):
        # A file-size limit makes writes fail (and the writer retry) instead of killing the app.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    app = make_application(argv, lang)
    alerts = Alerts()
    owned = core is None
    if core is None:
        try:
            core = open_or_recover(db, alerts)  # a damaged database: offer its latest good backup
        except StorageError as exc:
            alerts.error(_("The notes database cannot be opened."), str(exc), modal=True)
            gcpolicy.release()
            return 1
    previous_hook = install_excepthook(alerts)
    ctx = AppContext(core, alerts)
    lock = take_writer_lock(ctx)
    try:
        apply_recovered_edits(ctx)
        window = MainWindow(ctx)
        if ctx.read_only:
            window.setWindowTitle(_("{title} (read-only)").format(title=window.windowTitle()))
        window.show()
        start_auto_backups(ctx, window)  # at start, then every N minutes of editing
        if note_id is not None:
            open_for_typing(window, note_id)
        else:
            reopen_last_note(window)
        if paused:
            QTimer.singleShot(0, gcpolicy.resume)  # the first turn: the start is over
        # The writer and its database library start once the window is up, before the typing.
        QTimer.singleShot(WRITER_START_MS, ctx, ctx.start_writing)
        # Templates are read when needed (the note's own at once): the others once the window is up.
        QTimer.singleShot(0, window, lambda: report_template_errors(core, alerts, window))
        return app.exec()
    finally:
        if not ctx.shutdown():
            log.error("quit with edits not saved; they are in the recovery file")
        lock.release()
        sys.excepthook = previous_hook
        if owned:
            core.close()
        gcpolicy.release()
