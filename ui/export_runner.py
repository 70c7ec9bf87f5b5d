"""Exports from the interface: a worker thread, a progress dialog, a Cancel button.

:class:`ExportRunner` runs :func:`notetaker.export.export_notes` (the same
Qt-free function as the command line) in a worker thread, so that the window
stays responsive while LibreOffice makes a PDF or a long compendium is
written. Progress reaches a :class:`QProgressDialog` through a queued signal;
Cancel sets the export's ``threading.Event`` and the export stops without
writing anything. A note over its word limit is offered "Export anyway?".
The outcome is reported through the application's alerts.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from notetaker.domain import EventWithNotes
from notetaker.export.formats import (
    DEFAULT_FORMAT,
    EXPORT_FORMATS,
    format_for_path,
    format_of_suffix,
)
from notetaker.i18n import _

from .context import AppContext

log = logging.getLogger("notetaker.ui.export")


def ask_export_path(parent: QWidget, title: str, default: Path) -> Path | None:
    """A save dialog offering every export format; a name without a known suffix takes the chosen type's."""
    filters = [_(f.label) for f in EXPORT_FORMATS]
    from PySide6.QtWidgets import QFileDialog  # (the dialogs are loaded when first used)

    path, chosen = QFileDialog.getSaveFileName(parent, title, str(default), ";;".join(filters))
    if not path:
        return None
    result = Path(path)
    if format_of_suffix(result) is None:
        fmt = EXPORT_FORMATS[filters.index(chosen)] if chosen in filters else DEFAULT_FORMAT
        result = result.with_name(f"{result.name}{fmt.suffix}")
    return result


def compendium_notes(listing: Sequence[EventWithNotes], keys: Sequence[tuple[str, int]]) -> list[int]:
    """The notes of a selection in the events list: a selected note, or for a selected
    event its most advanced note; each once, in the order selected."""
    from notetaker.export.compendium import best_note

    events = {e.event.id: e for e in listing}
    ids: list[int] = []
    for kind, key in keys:
        if kind == "note":
            ids.append(key)
        elif kind == "event" and key in events:
            note = best_note(events[key].notes)
            if note is not None:
                ids.append(note.id)
    return list(dict.fromkeys(ids))


class ExportRunner(QObject):
    """One export in a worker thread with a cancellable progress dialog.

    Start it with :meth:`start`; :attr:`finished` carries whether a file was
    written. ``export`` defaults to :func:`notetaker.export.export_notes`.
    """

    finished = Signal(bool)
    _progressed = Signal(int, int)
    _ended = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget,
        note_ids: Sequence[int],
        path: Path,
        fmt: str | None = None,
        lang: str | None = None,
        title: str = "",
        force: bool = False,
        export: Callable[..., list[str]] | None = None,
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.parent_widget = parent
        self.note_ids = list(note_ids)
        self.path = Path(path)
        self.fmt = format_for_path(self.path, fmt)
        self.lang = lang or ctx.report_lang
        self.title = title
        self.force = force
        self._export = export
        self.cancel_event = threading.Event()
        self.thread: threading.Thread | None = None
        self.outcome: tuple[str, Any] | None = None
        from PySide6.QtWidgets import QProgressDialog

        self.dialog = QProgressDialog(
            _("Exporting {name}…").format(name=self.path.name), _("Cancel"), 0, 0, parent
        )
        self.dialog.setWindowTitle(_("Export"))
        self.dialog.setAccessibleName(_("Export progress"))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)  # quick exports never flash a dialog
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel)
        self._progressed.connect(self._show_progress, Qt.ConnectionType.QueuedConnection)
        self._ended.connect(self._done, Qt.ConnectionType.QueuedConnection)

    # -- running ------------------------------------------------------------------------------
    def start(self) -> ExportRunner:
        self.thread = threading.Thread(target=self._work, name="notetaker-export", daemon=True)
        self.thread.start()
        return self

    def cancel(self) -> None:
        """Ask the export to stop; it ends at its next step (or kills LibreOffice)."""
        if not self.cancel_event.is_set():
            self.cancel_event.set()
            self.dialog.setLabelText(_("Cancelling…"))

    @property
    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def _work(self) -> None:
        from notetaker.export import ExportCancelled, ExportError, WordLimitExceeded, export_notes

        export = self._export or export_notes
        try:
            warnings = export(
                self.ctx.core, self.note_ids, self.path, self.fmt, self.lang,
                title=self.title, force=self.force, progress=self._progressed.emit, cancel=self.cancel_event,
            )
            outcome: tuple[str, Any] = ("done", list(warnings))
        except ExportCancelled:
            outcome = ("cancelled", None)
        except WordLimitExceeded as exc:
            outcome = ("over", str(exc))
        except (ExportError, OSError) as exc:
            outcome = ("error", str(exc) or type(exc).__name__)
        except Exception as exc:  # a bug: logged with its traceback, reported in one line
            log.exception("export failed")
            outcome = ("error", _("The export failed unexpectedly ({kind}: {error}).").format(kind=type(exc).__name__, error=exc))
        self._ended.emit(outcome)

    # -- in the GUI thread ----------------------------------------------------------------------
    def _show_progress(self, done: int, total: int) -> None:
        if self.dialog.maximum() != total:
            self.dialog.setMaximum(total)
        self.dialog.setValue(min(done, total))

    def _done(self, outcome: tuple[str, Any]) -> None:
        self.outcome = outcome
        if self.thread is not None:
            self.thread.join(timeout=5)
        self.dialog.reset()
        self.dialog.hide()
        self.dialog.deleteLater()
        kind, value = outcome
        alerts, parent = self.ctx.alerts, self.parent_widget
        if kind == "over" and alerts.confirm(_("{problem}\n\nExport anyway?").format(problem=value), parent):
            again = ExportRunner(
                self.ctx, parent, self.note_ids, self.path, self.fmt, self.lang, self.title, True, self._export
            )
            again.finished.connect(self._relay)
            again.start()
            return
        if kind == "done" and value:
            alerts.warning(_("Exported to {path}, with remarks.").format(path=self.path), "\n".join(value), parent=parent)
        elif kind == "done":
            alerts.info(_("Exported to {path}.").format(path=self.path), parent=parent)
        elif kind == "cancelled":
            alerts.info(_("The export was cancelled; nothing was written."), parent=parent)
        elif kind == "error":
            alerts.error(value, parent=parent)
        self._relay(kind == "done")

    def _relay(self, written: bool) -> None:
        self.finished.emit(written)
        self.deleteLater()


def export_with_progress(
    ctx: AppContext,
    parent: QWidget,
    note_ids: Sequence[int],
    path: Path,
    title: str = "",
    export: Callable[..., list[str]] | None = None,
) -> ExportRunner | None:
    """Start exporting ``note_ids`` to ``path`` (format from its suffix) in the report language,
    after the sync step (the report reads what was typed up to now); ``None`` if the user
    chose not to go on while saving fails."""
    if not ctx.confirm_synced(_("the export"), parent):
        return None
    return ExportRunner(ctx, parent, note_ids, path, title=title, export=export).start()
