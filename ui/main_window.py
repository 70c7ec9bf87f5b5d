"""The main window: events and their notes on the left, open notes in tabs on the right."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMainWindow,
    QSplitter,
    QTabWidget,
    QTreeView,
    QWidget,
)

from notetaker.domain import EventWithNotes, Note
from notetaker.i18n import _

from .context import AppContext, OpChanges
from .editor.actions import CaptureActions
from .editor.autosave import QUIT_WAIT_S
from .editor.note_editor import NoteEditor
from .menus import MenuBar
from .merge.actions import ExchangeActions
from .models import EVENT, EVENT_ID_ROLE, NOTE, EventTreeModel
from .search.actions import SearchActions
from .widgets.actions import make_action
from .widgets.delegation_field import DelegationLookup

if TYPE_CHECKING:  # dialogs and exports are imported when first used, not at start
    from PySide6.QtWidgets import QDialog

    from notetaker.capture.writer import WriterStatus

    from .event_dialog import EventDialog
    from .export_runner import ExportRunner
    from .note_dialog import NewNoteDialog

LAST_NOTE_KEY = "last_note"
_UNKNOWN = object()
LAST_NOTETAKERS_KEY = "last_notetakers"


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.active_dialog: QDialog | None = None  # the dialog being shown, for tests and focus
        self._lookup: DelegationLookup | None = None
        self._listing: list[EventWithNotes] = []
        self._last_note_saved: object = _UNKNOWN  # the last-note state as saved, once read
        self.setWindowTitle(_("Side Event Notetaker"))
        self.setAccessibleName(_("Side Event Notetaker"))
        self.resize(1280, 820)

        self.model = EventTreeModel(ctx.core.templates, ctx.lang, self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setAccessibleName(_("Events and notes"))
        self.tree.header().setAccessibleName(_("Columns of the events list"))
        # Several notes or events can be selected, for a compendium.
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 150)
        self.tree.activated.connect(self._activate)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Open notes"))
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        self.tabs.setDocumentMode(True)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.empty_label = QLabel(
            _("Create an event (Ctrl+Shift+N), then a note for it (Ctrl+N), or open a note from the list.")
        )
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setAccessibleName(_("Getting started"))
        splitter = QSplitter()
        splitter.setAccessibleName(_("Main area"))
        splitter.addWidget(self.tree)
        splitter.addWidget(self.tabs)
        splitter.addWidget(self.empty_label)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 3)
        splitter.setSizes([380, 900, 900])
        self.setCentralWidget(splitter)
        self.saved_label = QLabel()
        self.saved_label.setAccessibleName(_("Save status"))
        self.statusBar().addPermanentWidget(self.saved_label)

        self._make_actions()
        self.tree.selectionModel().currentChanged.connect(self._update_actions)
        self.tabs.currentChanged.connect(self._update_actions)
        self.tree.selectionModel().selectionChanged.connect(lambda *_args: self._update_actions())
        ctx.changed.connect(self.on_changed)
        ctx.writerStatus.connect(self._writer_status)
        self.refresh()

    # -- actions -------------------------------------------------------------------------
    def _make_actions(self) -> None:
        in_list = Qt.ShortcutContext.WidgetShortcut  # (keys of the events list, where it has the focus)
        self.new_event_action = make_action(self, _("New &Event…"), self.new_event, "Ctrl+Shift+N")
        self.edit_event_action = make_action(self, _("&Edit Event…"), self.edit_event, "Ctrl+Shift+E")
        self.delete_event_action = make_action(
            self.tree, _("&Delete Event…"), self.delete_event, QKeySequence.StandardKey.Delete, context=in_list
        )
        self.new_note_action = make_action(self, _("&New Note…"), self.new_note, "Ctrl+N")
        self.open_note_action = make_action(
            self.tree, _("&Open Note"), self.open_selected, ("Return", "Enter"), context=in_list
        )
        self.export_action = make_action(self, _("E&xport to Word…"), self.export_current)
        self.export_compendium_action = make_action(self, _("Export Co&mpendium…"), self.export_compendium)
        self.close_note_action = make_action(self, _("&Close Note"), self.close_current, "Ctrl+W")
        self.quit_action = make_action(self, _("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        self.preferences_action = make_action(
            self, _("&Preferences…"), self.show_preferences, QKeySequence.StandardKey.Preferences,
            role=QAction.MenuRole.PreferencesRole,
        )

        self.menus = MenuBar(self)  # every menu, in order; each part puts its actions at named places
        self.menus.add("file.new", self.new_event_action, self.new_note_action)
        self.menus.add("file.preferences", self.preferences_action)
        self.menus.add("file.quit", self.quit_action)
        self.menus.add("event.events", self.new_event_action, self.edit_event_action, self.delete_event_action)
        self.menus.add("note.open", self.new_note_action, self.open_note_action)
        self.menus.add("note.export", self.export_action, self.export_compendium_action)
        self.menus.add("note.close", self.close_note_action)
        self.finder = SearchActions(self)  # search dock (Ctrl+F), File > Find and Restore from Backup...
        self.finder.install_menus(self.menus)
        self.capture = CaptureActions(self)  # live capture: the Edit, Capture and Help menus, F1
        self.capture.install_menus(self.menus)
        self._update_actions()
        self.exchange = ExchangeActions(self)  # the Merge menu: import, export, merge; drops (its event
        self.exchange.install_menus(self.menus)  # filter sees the window's events from here on, as before)

    def _update_actions(self) -> None:
        key = self.selected_key()
        writable = not self.ctx.read_only  # another window writes to this database
        self.new_event_action.setEnabled(writable)
        self.edit_event_action.setEnabled(key is not None and writable)
        self.delete_event_action.setEnabled(key is not None and key[0] == EVENT and writable)
        self.new_note_action.setEnabled(key is not None and writable)
        self.open_note_action.setEnabled(key is not None)
        has_editor = self.current_editor() is not None
        self.export_action.setEnabled(has_editor)
        self.export_compendium_action.setEnabled(len(self.selected_note_ids()) > 1)
        self.close_note_action.setEnabled(has_editor)
        self.tabs.setVisible(self.tabs.count() > 0)
        self.empty_label.setVisible(self.tabs.count() == 0)

    # -- the list ----------------------------------------------------------------------------
    def refresh(self) -> None:
        listing = self.ctx.run(self.ctx.core.events.list)
        if listing is None:
            return
        selected = self.selected_key()
        self._listing = listing
        self.model.load(listing)
        self.tree.expandAll()
        if selected is not None:
            self.select(selected)
        self._update_actions()

    def select(self, key: tuple[str, int]) -> bool:
        index = self.model.find(key)
        if index.isValid():
            self.tree.setCurrentIndex(index)
        return index.isValid()

    def selected_key(self) -> tuple[str, int] | None:
        return self.model.key(self.tree.currentIndex())

    def selected_event_id(self) -> int | None:
        index = self.tree.currentIndex()
        return int(index.data(EVENT_ID_ROLE)) if index.isValid() else None

    def series_choices(self) -> list[str]:
        return sorted({e.event.series for e in self._listing if e.event.series})

    def _writer_status(self, status: WriterStatus) -> None:
        """The save label follows the background writer alone."""
        if status.ok:
            self.saved_label.setText(
                _("All changes saved ({time})").format(time=datetime.now().strftime("%H:%M:%S"))
            )
        else:
            self.saved_label.setText(_("Saving is failing: see the banner"))

    def on_changed(self, op: OpChanges) -> None:
        changes = op.changes
        if changes.delegations:
            self._lookup = None
        if changes.content and not op.by_writer:  # (the writer's are the editors' own edits)
            for editor in self.editors():
                if editor.note_id in changes.content and op.initiator is not editor:
                    self._reload(editor)
        if not (changes.events or changes.notes):
            return  # (items only: the tree shows none)
        self.refresh()
        events = {e.event.id: e for e in self._listing}
        for editor in self.editors():
            entry = events.get(editor.note_event.id)
            if entry is None or editor.note_id not in {n.id for n in entry.notes}:
                editor.discard()  # its note is gone: nothing left to save
                self.tabs.removeTab(self.tabs.indexOf(editor))
                editor.deleteLater()
            elif entry.event != editor.note_event:
                editor.set_event(entry.event)
                self.tabs.setTabText(self.tabs.indexOf(editor), _tab_title(entry.event.title))
        self._update_actions()

    def _reload(self, editor: NoteEditor) -> None:
        """The note's items changed elsewhere (an import of a newer version...): the editor is
        made again from what is stored, in the same tab, once its own edits are on disk."""
        self.ctx.sync()
        note = self.ctx.run(self.ctx.core.notes.get, editor.note_id)
        if note is None:
            return
        index, current = self.tabs.indexOf(editor), self.tabs.currentWidget()
        self.tabs.removeTab(index)
        editor.deleteLater()
        fresh = self.open_note(note.id, note)
        if fresh is None:
            return
        self.tabs.tabBar().moveTab(self.tabs.indexOf(fresh), index)
        if current is not editor and current is not None:
            self.tabs.setCurrentWidget(current)

    def _activate(self, index: QModelIndex) -> None:
        key = self.model.key(index)
        if key is None:
            return
        if key[0] == NOTE:
            self.open_note(key[1])
        else:
            self.edit_event(key[1])

    def show_preferences(self) -> QDialog:
        from .preferences import PreferencesDialog

        return self._show_dialog(PreferencesDialog(self), self._preferences_saved)

    def _preferences_saved(self, dialog: Any) -> None:
        if dialog.restart_needed():
            self.ctx.alerts.info(
                _("The new interface language applies the next time the application starts."), parent=self
            )

    # -- events ----------------------------------------------------------------------------------
    def _show_dialog(self, dialog: Any, on_accept: Callable[[Any], object]) -> QDialog:
        """Show ``dialog`` window-modal without blocking; ``on_accept`` runs when it is accepted."""
        self.active_dialog = dialog
        dialog.accepted.connect(lambda: on_accept(dialog))
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()
        return dialog

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.active_dialog is dialog:
            self.active_dialog = None
        dialog.deleteLater()

    def new_event(self) -> QDialog:
        from .event_dialog import EventDialog

        dialog = EventDialog(None, self.series_choices(), self.ctx.lang, self)
        return self._show_dialog(dialog, self._create_event)

    def _create_event(self, dialog: EventDialog) -> None:
        if dialog.result_event is None:
            return
        created = self.ctx.run(self.ctx.core.events.create, dialog.result_event)
        if created is not None:
            self.select((EVENT, created.id))
            self.tree.setFocus()

    def edit_event(self, event_id: int | None = None) -> QDialog | None:
        event_id = event_id if event_id is not None else self.selected_event_id()
        if event_id is None:
            return None
        event = self.ctx.run(self.ctx.core.events.get, event_id)
        if event is None:
            return None
        from .event_dialog import EventDialog

        dialog = EventDialog(event, self.series_choices(), self.ctx.lang, self)
        return self._show_dialog(dialog, self._update_event)

    def _update_event(self, dialog: EventDialog) -> None:
        if dialog.result_event is not None:
            self.ctx.run(self.ctx.core.events.update, dialog.result_event)

    def delete_event(self) -> bool:
        key = self.selected_key()
        if key is None or key[0] != EVENT:
            return False
        entry = next((e for e in self._listing if e.event.id == key[1]), None)
        if entry is None:
            return False
        question = _("Delete the event “{title}” and its {count} note(s)? This cannot be undone.").format(
            title=entry.event.title, count=len(entry.notes)
        )
        if not self.ctx.alerts.confirm(question, self):
            return False
        ok, _value = self.ctx.attempt(self.ctx.core.events.delete, key[1])
        return ok

    # -- notes -------------------------------------------------------------------------------------
    def new_note(self, event_id: int | None = None) -> QDialog | None:
        event_id = event_id if event_id is not None else self.selected_event_id()
        entry = next((e for e in self._listing if e.event.id == event_id), None)
        if entry is None:
            self.ctx.alerts.info(_("Select an event first, or create one."), parent=self)
            return None
        from .note_dialog import NewNoteDialog

        dialog = NewNoteDialog(
            self.ctx.core.templates.all(),
            entry.event.title,
            self.ctx.lang,
            self.ctx.load_state(LAST_NOTETAKERS_KEY, ""),
            self,
        )
        return self._show_dialog(dialog, lambda d: self._create_note(event_id, d))

    def _create_note(self, event_id: int, dialog: NewNoteDialog) -> None:
        names = dialog.notetakers()
        note = self.ctx.run(self.ctx.core.notes.create, event_id, dialog.template_id(), names)
        if note is None:
            return
        self.ctx.run(self.ctx.core.state.set, LAST_NOTETAKERS_KEY, ", ".join(names))
        self.select((NOTE, note.id))
        self.open_note(note.id)

    def open_selected(self) -> None:
        self._activate(self.tree.currentIndex())

    def editors(self) -> list[NoteEditor]:
        found = (self.tabs.widget(i) for i in range(self.tabs.count()))
        return [w for w in found if isinstance(w, NoteEditor)]

    def current_editor(self) -> NoteEditor | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, NoteEditor) else None

    def _remember_last_note(self, note_id: int | None) -> None:
        """Save which note is open, unless that is already saved (reopening it at start writes nothing)."""
        if self._last_note_saved is _UNKNOWN:
            self._last_note_saved = self.ctx.load_state(LAST_NOTE_KEY)
        if self._last_note_saved != note_id:
            self.ctx.save_state(LAST_NOTE_KEY, note_id)
            self._last_note_saved = note_id

    def editor_for(self, note_id: int) -> NoteEditor | None:
        return next((e for e in self.editors() if e.note_id == note_id), None)

    def lookup(self) -> DelegationLookup:
        if self._lookup is None:
            self._lookup = DelegationLookup(self.ctx.run(self.ctx.core.delegations.all) or [], self.ctx.lang)
        return self._lookup

    def open_note(self, note_id: int, note: Note | None = None) -> NoteEditor | None:
        """Show the note in a tab (reusing its tab when already open).

        ``note``: the note, when the caller has just read it (it is not read again).
        """
        editor = self.editor_for(note_id)
        if editor is None:
            if note is None or note.id != note_id:
                note = self.ctx.run(self.ctx.core.notes.get, note_id)
            event = note and self.ctx.run(self.ctx.core.events.get, note.event_id)
            if note is None or event is None:
                return None
            try:
                template = self.ctx.core.templates.get(note.template_id)
            except KeyError as exc:
                self.ctx.alerts.error(
                    _("This note's template is not installed: {error}").format(error=exc.args[0]), parent=self
                )
                return None
            editor = NoteEditor(self.ctx, note, event, template, self.lookup())
            editor.readOnlyChanged.connect(self._read_only_changed)
            index = self.tabs.addTab(editor, _tab_title(event.title))
            self.tabs.setTabToolTip(index, f"{event.title}\n{template.title(self.ctx.lang)}")
        self.tabs.setCurrentWidget(editor)
        editor.builder.settle()  # (a new page: laid out before rows are built in it, at their width)
        self._remember_last_note(note_id)
        self._update_actions()
        return editor

    def _read_only_changed(self, _read_only: bool) -> None:
        self._update_actions()
        self.capture.update()

    def export_current(self) -> None:
        editor = self.current_editor()
        if editor is not None:
            editor.export_interactively()

    # -- compendium ----------------------------------------------------------------------------
    def selected_note_ids(self) -> list[int]:
        """The notes selected in the list; a selected event stands for its most advanced note."""
        rows = sorted(self.tree.selectionModel().selectedRows(), key=lambda i: (i.parent().row(), i.row()))
        keys = [key for key in (self.model.key(index) for index in rows) if key is not None]
        if not keys:
            return []
        from .export_runner import compendium_notes

        return compendium_notes(self._listing, keys)

    def export_compendium(self, path: Path | None = None) -> ExportRunner | None:
        """One report of the selected notes, a chapter per event in date order (Word, PDF or Markdown)."""
        from notetaker.export.formats import default_export_path

        from .export_runner import ask_export_path, export_with_progress

        ids = self.selected_note_ids()
        if len(ids) < 2:
            self.ctx.alerts.info(_("Select two or more notes or events for a compendium."), parent=self)
            return None
        if path is None:
            series = {e.event.series for e in self._listing if any(n.id in ids for n in e.notes)}
            name = next(iter(series)) if len(series) == 1 and next(iter(series)) else _("Compendium")
            path = ask_export_path(self, _("Export compendium"), default_export_path(name))
            if path is None:
                return None
        return export_with_progress(self.ctx, self, ids, path)

    def close_tab(self, index: int) -> bool:
        editor = self.tabs.widget(index)
        if isinstance(editor, NoteEditor):
            editor.collector.collect()
            if editor.unsaved() and not self.ctx.alerts.confirm(
                _("Some changes to this note could not be saved. Close it anyway and lose them?"), self
            ):
                return False
        self.tabs.removeTab(index)
        if editor is not None:
            editor.deleteLater()
        self._update_actions()
        return True

    def close_current(self) -> None:
        if self.tabs.count():
            self.close_tab(self.tabs.currentIndex())

    def closeEvent(self, event: QCloseEvent) -> None:
        current = self.current_editor()
        self._remember_last_note(current.note_id if current else None)
        if not self.ctx.sync(QUIT_WAIT_S):
            status = self.ctx.writer_status()
            where = str(status.recovery) if status is not None and status.recovery else ""
            question = (
                _("Saving is failing. The unsaved edits are in {path} and will be offered at the next start. Quit anyway?").format(path=where)
                if where
                else _("Saving is failing and the unsaved edits could not be copied anywhere: quitting now loses them. Quit anyway?")
            )
            if not self.ctx.alerts.confirm(question, self):
                event.ignore()
                return
        event.accept()


def _tab_title(title: str, limit: int = 32) -> str:
    return title if len(title) <= limit else title[: limit - 1] + "…"
