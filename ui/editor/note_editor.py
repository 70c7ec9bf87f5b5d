"""The note editor: a scrollable page laid out by the note's template.

Header (event, date and time, notetakers), the capture bar (session clock,
notetaker typing now), then one widget per entry of ``template.walk()``.
Nothing is ever "saved" by the user: rows hand plain snapshots to the
background writer (:mod:`ui.editor.autosave`) within :data:`~ui.editor.autosave.COLLECT_MS`
of an edit, and the UI thread never waits for the disk. Undo and redo span
every item (:mod:`ui.editor.undo`).

The editor keeps the note, its page (header, sections, word budgets) and its
items (documents, insertion and removal by uid); it owns two parts, each seeing it
as an :class:`~ui.editor.host.EditorHost`: ``commands``, the capture commands bound
to shortcuts, with the session clock and the notetaker typing now
(:mod:`ui.editor.commands`), and ``keyboard``, the focus, the current item and
section and the position remembered (:mod:`ui.editor.focus`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QTextDocument, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from notetaker import gcpolicy
from notetaker.domain import Event, Item, Note, clean_names, new_uid
from notetaker.i18n import _
from notetaker.richtext import RichText
from notetaker.templates import Template

from ..context import AppContext, OpChanges
from ..formatting import format_when
from ..widgets.actions import make_action
from ..widgets.delegation_field import DelegationLookup
from ..widgets.rich_edit import RichTextEdit
from ..widgets.richtext_bridge import fill_document
from ..widgets.wrapping_label import WrappingLabel
from .autosave import EditCollector
from .commands import CaptureCommands
from .focus import POSITION_KEY, EditorFocus
from .row_builder import RowBuilder
from .rows import ItemRow
from .sections import SectionHeading, SectionWidget, make_section
from .session_bar import SaveBanner, SessionBar
from .undo import TextEdit

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from ..export_runner import ExportRunner  # (imported when exporting: not at start)


def ask_export_path(parent: QWidget, title: str, default: Path) -> Path | None:
    """:func:`ui.export_runner.ask_export_path` (that module is imported when first used)."""
    from ..export_runner import ask_export_path as ask

    return ask(parent, title, default)


def split_names(text: str) -> list[str]:
    """The names typed in one field, separated by commas or semicolons, cleaned as notes keep them."""
    return clean_names(re.split(r"[,;]", text))


def _editor_destroyed() -> None:
    """What a destroyed editor froze is given back to the collector, and collected at the next
    turn (when the objects it leaves are unreachable); see notetaker/gcpolicy.py."""
    gcpolicy.release()
    if QCoreApplication.instance() is not None:
        QTimer.singleShot(0, gcpolicy.settle)


class NoteEditor(QWidget):
    #: The editor became read-only (its note was locked elsewhere) or writable again.
    readOnlyChanged = Signal(bool)

    def __init__(
        self,
        ctx: AppContext,
        note: Note,
        event: Event,
        template: Template,
        lookup: DelegationLookup | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        assert note.id is not None
        # Everything so far (the note just read included) stays: a full collection of the
        # garbage collector while this builds would go over it all (30-50 ms for 2,000 items).
        # Given back when the editor is destroyed (notetaker/gcpolicy.py).
        gcpolicy.hold()
        self.destroyed.connect(_editor_destroyed)
        self.ctx = ctx
        self.note = note
        self.note_id: int = note.id
        self.note_event = event
        self.template = template
        self.lang = ctx.lang
        self.lookup = lookup or DelegationLookup(ctx.run(ctx.core.delegations.all) or [], self.lang)
        self.read_only = note.locked or ctx.read_only
        self.applying_undo = False
        self.undo_stack = QUndoStack(self)
        self.collector = EditCollector(lambda: None if self.read_only else ctx.autosave, self.note_id, self)
        ctx.track(self.collector)  # (the sync step hands its edits over)
        self._docs: dict[str, QTextDocument] = {}
        self.active_dialog: QDialog | None = None  # a capture dialog being shown (tests, focus)
        self.participants: set[str] = self._load_participants(note)
        self.setAccessibleName(_("Note editor"))

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._make_toolbar())
        self.banner = SaveBanner()
        outer.addWidget(self.banner)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setAccessibleName(_("Note"))
        outer.addWidget(self.scroll)
        page = QWidget()
        self._page = self.page_layout = QVBoxLayout(page)
        self._page.setContentsMargins(16, 12, 16, 24)
        self.scroll.setWidget(page)
        self._make_header(note)
        self.set_event(event)
        self.keyboard = EditorFocus(self, self)  # (a QObject child: it listens to the application)
        self.commands = CaptureCommands(self)

        self.builder = RowBuilder(self)  # the rows: what the first paint shows, the rest in idle turns
        self.sections: list[SectionWidget] = []
        self.headings: list[SectionHeading] = []  # those with a word limit
        self._budgets: list[tuple[SectionHeading, list[SectionWidget]]] = []
        widgets: dict[str, SectionWidget | SectionHeading] = {}
        by_section: dict[str, list[Item]] = {}
        for item in sorted(note.items, key=lambda i: (i.position, i.id or 0)):
            by_section.setdefault(item.section, []).append(item)
        for spec, depth in template.walk():
            widget = make_section(self, spec, depth, by_section.get(spec.key, []))
            widgets[spec.key] = widget
            if isinstance(widget, SectionWidget):
                self.sections.append(widget)
                widget.wordsChanged.connect(lambda w=widget: self._words_changed(w))
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(18 * depth, 0, 0, 0)
            box_layout.addWidget(widget)
            self._page.addWidget(box)
        for spec, _depth in template.walk():
            if spec.word_limit:
                widget = widgets[spec.key]
                heading = widget.heading if isinstance(widget, SectionWidget) else widget
                under = [w for s, _d in spec.walk() if isinstance(w := widgets[s.key], SectionWidget)]
                self.headings.append(heading)
                self._budgets.append((heading, under))
        self._page.addStretch(1)
        self._by_key = {s.key: s for s in self.sections}
        self.builder.start()
        self.update_counts()
        self.keyboard.fix_tab_order()

        # A big note is many long-lived objects: keep them out of the garbage collector's
        # way, so that its full passes never pause typing (they took 30-100 ms with 10,000 items).
        # (Only the young generations are collected first: a full pass is as long.) The rows
        # built in idle turns are frozen in turn when the last one is built. (Also while the
        # application starts with the collector paused: a first start's migrations leave garbage.)
        gcpolicy.freeze_new()
        ctx.writerStatus.connect(self.banner.show_status)
        if ctx.writing or not self.read_only:
            status = ctx.autosave is not None and ctx.writer_status()
            if status:
                self.banner.show_status(status)
        ctx.changed.connect(self._changed)

    # -- building -------------------------------------------------------------------------
    def _make_toolbar(self) -> QToolBar:
        bar = QToolBar(_("Note"))
        bar.setAccessibleName(_("Note tools"))
        self.export_action = make_action(
            self, _("Export to Word…"), self.export_interactively, Qt.Modifier.CTRL | Qt.Key.Key_E,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
            tip=_("Export this note as a Word document (Ctrl+E)"),
        )
        bar.addAction(self.export_action)
        bar.addSeparator()
        for text, tip, method in (
            (_("Bold"), _("Bold (Ctrl+B)"), RichTextEdit.toggle_bold),
            (_("Italic"), _("Italic (Ctrl+I)"), RichTextEdit.toggle_italic),
            (_("Bullets"), _("Bulleted list (Ctrl+Shift+L)"), RichTextEdit.toggle_bullets),
        ):
            make_action(bar, text, lambda m=method: self._format_focused(m), tip=tip)
        for action in bar.actions():
            if action.isSeparator():  # (its widget is of a class private to Qt: PySide would
                continue  # load every type of QtWidgets to wrap it, 20 ms)
            button = bar.widgetForAction(action)
            if button is not None and action.text():
                button.setAccessibleName(action.text().rstrip("…"))
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keyboard: Ctrl+E, Ctrl+B...
        return bar

    def _make_header(self, note: Note) -> None:
        self.template_label = WrappingLabel(self.template.title(self.lang))
        self.template_label.setStyleSheet("color: palette(mid);")
        self.title_label = WrappingLabel()
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.5)
        self.title_label.setFont(font)
        self.title_label.setAccessibleName(_("Event title"))
        self.when_label = QLabel()
        self.when_label.setAccessibleName(_("Date and time"))
        self.notetakers = QLineEdit(", ".join(note.notetakers))
        self.notetakers.setAccessibleName(_("Notetakers"))
        self.notetakers.setPlaceholderText(_("Names, separated by commas"))
        self.notetakers.textEdited.connect(self._notetakers_edited)
        self.notetakers.editingFinished.connect(self.collector.collect)
        self.notetakers.setReadOnly(self.read_only)
        self._page.addWidget(self.template_label)
        self.locked_label = QLabel()
        self.locked_label.setWordWrap(True)
        self.locked_label.setStyleSheet("font-weight: bold; padding: 6px 16px;")
        self.locked_label.setAccessibleName(_("Note locked"))
        # Above the scrolled page, beside the save banner: seen wherever the page is scrolled to.
        self.layout().insertWidget(self.layout().indexOf(self.scroll), self.locked_label)
        self._show_lock(note.locked)
        self._page.addWidget(self.title_label)
        form = QFormLayout()
        form.addRow(_("Date and time:"), self.when_label)
        form.addRow(_("Notetakers:"), self.notetakers)
        self._page.addLayout(form)
        self.session_bar = SessionBar()  # (its clock and notetaker: self.commands)
        self.session_bar.clock_button.setEnabled(not self.read_only)
        self.session_bar.switch_button.setEnabled(not self.read_only)
        self._page.addWidget(self.session_bar)

    def _format_focused(self, method: object) -> None:
        widget = QApplication.focusWidget()
        if isinstance(widget, RichTextEdit) and self.isAncestorOf(widget) and callable(method):
            method(widget)

    def _load_participants(self, note: Note) -> set[str]:
        """The delegations already heard in this event: ranked first in the type-ahead."""
        codes = {c for item in note.items for c in item.delegations}
        codes.update(item.on_behalf_of for item in note.items if item.on_behalf_of)
        if self.note_event.id is not None:
            codes |= self.ctx.run(self.ctx.core.notes.delegations_used, self.note_event.id) or set()
        return codes

    # -- event header ------------------------------------------------------------------
    def set_event(self, event: Event) -> None:
        self.note_event = event
        self.title_label.setText(event.title)
        self.when_label.setText(format_when(event, self.lang) or _("not scheduled"))

    def notetaker_names(self) -> list[str]:
        return split_names(self.notetakers.text())

    def _notetakers_edited(self) -> None:
        self.collector.note(notetakers=self.notetaker_names())

    # -- items: documents, creation, insertion and removal --------------------------------------
    def document_for(self, uid: str, body: RichText | None = None) -> QTextDocument | None:
        """The text document of an item (kept for the editor's life: it holds the item's undo levels)."""
        doc = self._docs.get(uid)
        if doc is None and body is not None:
            doc = QTextDocument(self)
            fill_document(doc, body)
            doc.clearUndoRedoStacks()
            doc.setModified(False)
            doc.undoCommandAdded.connect(lambda uid=uid: self._text_changed_level(uid))
            self._docs[uid] = doc
        return doc

    def _text_changed_level(self, uid: str) -> None:
        if not self.applying_undo:
            self.undo_stack.push(TextEdit(self, uid))

    def new_item(self, section: str, timed: bool = True) -> Item:
        now = datetime.now(UTC).replace(microsecond=0)
        return Item(
            None, section, uid=new_uid(), spoken_at=now if timed else None,
            author=self.commands.author, created_at=now,
        )

    def section(self, key: str) -> SectionWidget:
        return self._by_key[key]

    def section_of(self, row: ItemRow) -> SectionWidget:
        return self._by_key[row.spec.key]

    def insert_item(self, key: str, index: int, item: Item, focus: str = "body") -> ItemRow:
        """Put ``item`` at ``index`` of a section and write it (no undo step: see ui.editor.undo)."""
        section = self.section(key)
        row = section.insert(index, item)
        self.collector.touch(row)
        self.collector.order(key, section.uids)
        if item.delegations:
            self.participants.update(item.delegations)
        self.keyboard.fix_tab_order()
        self.keyboard.focus_row(row, focus)
        return row

    def take_item(self, key: str, uid: str) -> tuple[int, Item] | None:
        """Remove an item from its section and from the disk (no undo step)."""
        section = self.section(key)
        taken = section.take(uid)
        if taken is not None:
            self.keyboard.forget(uid)
            self.collector.remove(uid, key, section.uids)
        return taken

    def find(self, uid: str) -> tuple[SectionWidget, int] | None:
        current = self.keyboard.current_row
        if current is not None and current.uid == uid:
            section = self.section_of(current)
            return section, section.index_of(uid)
        for section in self.sections:
            index = section.index_of(uid)
            if index >= 0:
                return section, index
        return None

    def reveal(self, uid: str) -> ItemRow | None:
        """The row of an item, built and scrolled to if needed."""
        found = self.find(uid)
        if found is None:
            return None
        row = found[0].row_at(found[1])
        if row is not None:
            self.builder.settle()  # a row just built has its place once laid out
            self.scroll.ensureWidgetVisible(row, 0, 40)
        return row

    def reveal_item(self, item_id: int) -> ItemRow | None:
        """The row of the item stored as ``item_id`` (a search hit), built and scrolled to if needed."""
        for section in self.sections:
            for entry in section.entries:
                if entry.item.id == item_id:
                    return self.reveal(entry.item.uid)
        return None

    def set_field_text(self, uid: str, field: str, text: str) -> None:
        row = self.reveal(uid)
        if row is None:
            return
        self.applying_undo = True
        try:
            row.set_field_text(field, text)
        finally:
            self.applying_undo = False
        widget = row.field(field)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_spoken_at(self, uid: str, when: datetime | None) -> None:
        row = self.reveal(uid)
        if row is None:
            return
        row.entry.item = replace(row.snapshot(), spoken_at=when)
        row.refresh_time()
        self.collector.touch(row)

    def speaker_label(self, item: Item) -> str:
        return self.lookup.label(item.speaker) if item.speaker else ""

    # -- word counts ------------------------------------------------------------------------
    def _words_changed(self, section: SectionWidget) -> None:
        section.refresh_count()
        for heading, under in self._budgets:
            if section in under:
                heading.set_count(sum(s.words for s in under))

    def summary_sections(self) -> list[SectionWidget]:
        """The sections under the first word budget (the summary), or one keyed "summary"."""
        for _heading, under in self._budgets:
            if under:
                return under
        return [s for s in self.sections if s.key == "summary"]

    def update_counts(self) -> None:
        """Refresh every word counter from the entries (kept live by the rows); a big section's
        counter (and its budget's) shows once the section is counted, in an idle turn."""
        for section in self.sections:
            section.refresh_count()
        for heading, under in self._budgets:
            if all(s.total is not None for s in under):
                heading.set_count(sum(s.words for s in under))

    # -- saving ------------------------------------------------------------------------------------
    @property
    def pending(self) -> bool:
        """Whether edits of this window are not on disk yet (typed, or in the writer's hands)."""
        if self.read_only:
            return False
        autosave = self.ctx.autosave if self.ctx.writing else None
        return self.collector.dirty or (autosave is not None and autosave.pending)

    def unsaved(self) -> bool:
        """Whether edits on screen have not been handed to the writer (it keeps them through failures)."""
        return self.collector.dirty

    def discard(self) -> None:
        """Drop pending edits (the note is gone)."""
        self.collector.discard()

    # -- changes made elsewhere --------------------------------------------------------------
    def _changed(self, op: OpChanges) -> None:
        """React to this note's record changed by others (a merge that locks it...); the writer's
        changes are this editor's own edits, so they cost no read (its items changed elsewhere:
        the main window makes the editor again)."""
        if op.initiator is self or op.by_writer or self.note_id not in op.changes.notes:
            return
        summary = self.ctx.run(self.ctx.core.notes.summary, self.note_id)
        if summary is not None and summary.locked and not self.note.locked:
            self.lock()

    def lock(self) -> None:
        """The note was locked elsewhere: what was typed is handed over and stays on screen,
        and from now on the editor only shows it (with the banner saying why)."""
        self.collector.collect()
        self.note = replace(self.note, locked=True)
        self._show_lock(True)
        self.set_read_only(True)

    def _show_lock(self, locked: bool) -> None:
        if locked:
            self.locked_label.setText(_("This note is locked: it can be read and exported, not changed."))
        elif self.read_only:
            self.locked_label.setText(_("Read-only: another window is writing to this database."))
        self.locked_label.setVisible(self.read_only or locked)

    def set_read_only(self, read_only: bool) -> None:
        """Show the note without letting it be changed (rows built later follow too)."""
        self.read_only = read_only
        if read_only:
            self.undo_stack.clear()  # (undoing would change on screen what can no longer be saved)
        self.notetakers.setReadOnly(read_only)
        self.session_bar.clock_button.setEnabled(not read_only)
        self.session_bar.switch_button.setEnabled(not read_only)
        for section in self.sections:
            section.set_read_only(read_only)
        self.keyboard.fix_tab_order()
        self.readOnlyChanged.emit(read_only)

    # -- dialogs ------------------------------------------------------------------------------------
    def open_dialog(self, dialog: QDialog) -> None:
        """Show a capture dialog over this editor: window-modal, deleted once closed (or with the
        editor, its parent), and :attr:`active_dialog` until another one opens."""
        dialog.setParent(self, dialog.windowFlags())  # (its flags kept: still a dialog window)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        self.active_dialog = dialog
        dialog.open()

    # -- export -----------------------------------------------------------------------------
    def default_export_path(self) -> Path:
        from notetaker.export.formats import default_export_path

        return default_export_path(self.note_event.title, fallback="note")

    def export_interactively(self) -> ExportRunner | None:
        """Ask where (Word, PDF or Markdown), then export with a progress dialog that can cancel."""
        path = ask_export_path(self, _("Export"), self.default_export_path())
        return self.export_in_background(path) if path is not None else None

    def export_in_background(self, path: Path) -> ExportRunner | None:
        """Export to ``path`` in a worker thread (after the sync step); the outcome is reported
        through the alerts."""
        from ..export_runner import export_with_progress

        return export_with_progress(self.ctx, self, [self.note_id], path)


__all__ = ["POSITION_KEY", "NoteEditor", "split_names"]
