"""Exchange files and the rapporteur's merge in the main window: a menu and drag and drop.

:class:`ExchangeActions` is the main window's only hook: its actions go in the
"Merge" menu (import notes, export a note for exchange, merge the notes of an
event) and it accepts ``.sidenotes`` files dropped anywhere on the window, each
import going through its preview.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QDialog, QMainWindow

from notetaker.i18n import _

from ..widgets.actions import make_action

if TYPE_CHECKING:
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    from ..menus import MenuBar

# The exchange format, the import preview and the merge view are imported when first used:
# the window starts without them.

NOTE = "note"  # the main window's tree keys are ("event", id) or ("note", id)


class ExchangeActions(QObject):
    """The actions and the drop target; lives as long as its window."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window
        self.ctx = window.ctx  # type: ignore[attr-defined]
        self.dialog: QDialog | None = None  # the import preview or merge view being shown
        self.import_action = make_action(window, _("&Import Notes…"), self.choose_files, "Ctrl+Shift+O")
        self.export_action = make_action(window, _("&Export Note for Exchange…"), self.export_note, "Ctrl+Shift+X")
        self.merge_action = make_action(window, _("&Merge Notes of the Event…"), self.merge_event, "Ctrl+Shift+M")
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def install_menus(self, menus: MenuBar) -> None:
        menus.add("merge.exchange", self.import_action, self.export_action, self.merge_action)

    # -- what is selected -------------------------------------------------------------------------
    def _note_id(self) -> int | None:
        """The note selected in the list when the list has the focus, else the open note."""
        window: Any = self.window
        key = window.selected_key() if hasattr(window, "selected_key") else None
        tree = getattr(window, "tree", None)
        if tree is not None and tree.hasFocus() and key is not None and key[0] == NOTE:
            return int(key[1])
        editor = window.current_editor() if hasattr(window, "current_editor") else None
        if editor is not None:
            return int(editor.note_id)
        return int(key[1]) if key is not None and key[0] == NOTE else None

    def _event_id(self) -> int | None:
        event_id = getattr(self.window, "selected_event_id", lambda: None)()
        if event_id is None:
            note_id = self._note_id()
            if note_id is not None:
                summary = self.ctx.run(self.ctx.core.notes.summary, note_id)
                return summary.event_id if summary is not None else None
        return event_id

    # -- import ------------------------------------------------------------------------------------
    def choose_files(self) -> QDialog | None:
        from PySide6.QtWidgets import QFileDialog

        from .import_dialog import file_filter

        paths, _selected = QFileDialog.getOpenFileNames(self.window, _("Import notes"), "", file_filter())
        return self.import_files(paths) if paths else None

    def import_files(self, paths: list[str] | list[Path]) -> QDialog | None:
        """Preview ``paths`` and import them when the preview is accepted."""
        from notetaker.exchange import EXTENSION

        from .import_dialog import ImportDialog, exchange_paths

        files = exchange_paths(paths)
        if not files:
            self.ctx.alerts.info(_("Only Side Event notes files ({ext}) can be imported.").format(ext=EXTENSION),
                                 parent=self.window)
            return None
        dialog = ImportDialog(self.ctx, files, self.window)
        self._show(dialog)
        return dialog

    # -- export ------------------------------------------------------------------------------------
    def export_note(self, path: str | Path | None = None) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        from notetaker.exchange import EXTENSION, write_note_file

        from .import_dialog import file_filter

        note_id = self._note_id()
        if note_id is None:
            self.ctx.alerts.info(_("Select a note first."), parent=self.window)
            return None
        if path is None:
            chosen, _selected = QFileDialog.getSaveFileName(
                self.window, _("Export note for exchange"), f"note-{note_id}{EXTENSION}", file_filter())
            if not chosen:
                return None
            path = chosen if chosen.lower().endswith(EXTENSION) else chosen + EXTENSION
        written = self.ctx.run_synced(  # (what was just typed goes out too)
            _("the exchange file"), write_note_file, self.ctx.core, note_id, Path(path), parent=self.window
        )
        if written is not None:
            self.ctx.alerts.info(_("Exported the note to {path}.").format(path=written), parent=self.window)
        return written

    # -- merge -------------------------------------------------------------------------------------
    def merge_event(self) -> QDialog | None:
        event_id = self._event_id()
        if event_id is None:
            self.ctx.alerts.info(_("Select an event (or one of its notes) first."), parent=self.window)
            return None
        from .rapporteur import RapporteurView

        meeting = self.ctx.run(self.ctx.core.events.get, event_id)
        if meeting is None:
            return None
        view = RapporteurView(self.ctx, meeting, parent=self.window)
        self._show(view)
        return view

    def _show(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _r, d=dialog: self._closed(d))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    # -- drag and drop -----------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            drag: QDragEnterEvent = event  # type: ignore[assignment]
            if self._dropped_paths(drag):
                drag.acceptProposedAction()
                return True
        elif watched is self.window and event.type() is QEvent.Type.Drop:
            drop: QDropEvent = event  # type: ignore[assignment]
            paths = self._dropped_paths(drop)
            if paths:
                drop.acceptProposedAction()
                self.import_files(paths)
                return True
        return super().eventFilter(watched, event)

    @staticmethod
    def _dropped_paths(event: QDropEvent) -> list[Path]:
        data = event.mimeData()
        if data is None or not data.hasUrls():
            return []
        from .import_dialog import exchange_paths

        return exchange_paths([u.toLocalFile() for u in data.urls() if u.isLocalFile()])
