"""The note editor: a scrollable page laid out by the note's template.

Header (event, date and time, notetakers), then one widget per entry of
``template.walk()``. Nothing is ever "saved" by the user: each row writes its
own item ~300 ms after the last keystroke, and :meth:`NoteEditor.flush` writes
whatever is still pending (on focus-out, tab close and window close).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from notetaker.domain import Event, Item, Note
from notetaker.i18n import _
from notetaker.templates import Template
from notetaker.wordcount import section_words

from .autosave import Debouncer
from .context import AppContext
from .delegation_field import DelegationLookup
from .formatting import format_when
from .rich_edit import RichTextEdit
from .sections import SectionEnv, SectionHeading, SectionWidget, make_section

_EXPORT_FORMATS = {".docx": "docx", ".pdf": "pdf", ".md": "md"}


def split_names(text: str) -> list[str]:
    return [n.strip() for n in re.split(r"[,;]", text) if n.strip()]


class NoteEditor(QWidget):
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
        self.ctx = ctx
        self.note = note
        self.note_id: int = note.id
        self.note_event = event
        self.template = template
        lang = ctx.lang
        self.lookup = lookup or DelegationLookup(ctx.core.delegations.all(), lang)
        self.read_only = note.locked
        self.env = SectionEnv(ctx, self.note_id, self.lookup, event.timezone, self.read_only)
        self.setAccessibleName(_("Note editor"))

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._make_toolbar())
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setAccessibleName(_("Note"))
        outer.addWidget(self.scroll)
        page = QWidget()
        self._page = QVBoxLayout(page)
        self._page.setContentsMargins(16, 12, 16, 24)
        self.scroll.setWidget(page)

        # header
        self.template_label = QLabel(template.title(lang))
        self.template_label.setWordWrap(True)
        self.template_label.setStyleSheet("color: palette(mid);")
        self.title_label = QLabel()
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.5)
        self.title_label.setFont(font)
        self.title_label.setWordWrap(True)
        self.title_label.setAccessibleName(_("Event title"))
        self.when_label = QLabel()
        self.when_label.setAccessibleName(_("Date and time"))
        self.notetakers = QLineEdit(", ".join(note.notetakers))
        self.notetakers.setAccessibleName(_("Notetakers"))
        self.notetakers.setPlaceholderText(_("Names, separated by commas"))
        self._notetakers_saver = Debouncer(self._save_notetakers, parent=self)
        self.notetakers.textEdited.connect(self._notetakers_saver.schedule)
        self.notetakers.editingFinished.connect(self._notetakers_saver.flush)
        self.notetakers.setReadOnly(self.read_only)
        self._page.addWidget(self.template_label)
        if self.read_only:
            self.locked_label = QLabel(_("This note is locked: it can be read and exported, not changed."))
            self.locked_label.setStyleSheet("font-weight: bold;")
            self.locked_label.setAccessibleName(_("Note locked"))
            self._page.addWidget(self.locked_label)
        self._page.addWidget(self.title_label)
        form = QFormLayout()
        form.addRow(_("Date and time:"), self.when_label)
        form.addRow(_("Notetakers:"), self.notetakers)
        self._page.addLayout(form)
        self.set_event(event)

        # sections
        self.sections: list[SectionWidget] = []
        self.headings: list[SectionHeading] = []
        for spec, depth in template.walk():
            widget = make_section(self.env, spec, depth, note.section_items(spec.key))
            if isinstance(widget, SectionWidget):
                self.sections.append(widget)
                widget.contentChanged.connect(self.update_counts)
                heading = widget.heading
            else:
                heading = widget
            if spec.word_limit:
                self.headings.append(heading)
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(18 * depth, 0, 0, 0)
            box_layout.addWidget(widget)
            self._page.addWidget(box)
        self._page.addStretch(1)
        self.update_counts()

    # -- toolbar ---------------------------------------------------------------------
    def _make_toolbar(self) -> QToolBar:
        bar = QToolBar(_("Note"))
        bar.setAccessibleName(_("Note tools"))
        self.export_action = QAction(_("Export to Word…"), self)
        self.export_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_E))
        self.export_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.export_action.setToolTip(_("Export this note as a Word document (Ctrl+E)"))
        self.export_action.triggered.connect(self.export_interactively)
        self.addAction(self.export_action)
        bar.addAction(self.export_action)
        bar.addSeparator()
        for text, tip, method in (
            (_("Bold"), _("Bold (Ctrl+B)"), RichTextEdit.toggle_bold),
            (_("Italic"), _("Italic (Ctrl+I)"), RichTextEdit.toggle_italic),
            (_("Bullets"), _("Bulleted list (Ctrl+Shift+L)"), RichTextEdit.toggle_bullets),
        ):
            action = bar.addAction(text)
            action.setToolTip(tip)
            action.triggered.connect(lambda _checked=False, m=method: self._format_focused(m))
        for action in bar.actions():
            button = bar.widgetForAction(action)
            if button is not None and action.text():
                button.setAccessibleName(action.text().rstrip("…"))
        return bar

    def _format_focused(self, method: object) -> None:
        widget = QApplication.focusWidget()
        if isinstance(widget, RichTextEdit) and self.isAncestorOf(widget) and callable(method):
            method(widget)

    # -- event header ------------------------------------------------------------------
    def set_event(self, event: Event) -> None:
        self.note_event = event
        self.title_label.setText(event.title)
        self.when_label.setText(format_when(event, self.ctx.lang) or _("not scheduled"))

    def _save_notetakers(self) -> None:
        names = split_names(self.notetakers.text())
        if tuple(names) == self.note.notetakers:
            return
        summary = self.ctx.run(self.ctx.core.notes.update, self.note_id, notetakers=names)
        if summary is not None:
            self.note = replace(self.note, notetakers=summary.notetakers)

    # -- content -------------------------------------------------------------------------
    def section(self, key: str) -> SectionWidget:
        for widget in self.sections:
            if widget.spec.key == key:
                return widget
        raise KeyError(key)

    def current_items(self) -> list[Item]:
        return [item for widget in self.sections for item in widget.current_items()]

    def snapshot(self) -> Note:
        """The note as shown now, saved or not."""
        return replace(self.note, items=tuple(self.current_items()))

    def update_counts(self) -> None:
        """Refresh every word counter from the text on screen (not waiting for saves)."""
        if not self.headings:
            return
        note = self.snapshot()
        labels = {
            item.speaker: self.lookup.label(item.speaker) for item in note.items if item.speaker
        }
        for heading in self.headings:
            heading.set_count(section_words(note, heading.spec, labels))

    @property
    def pending(self) -> bool:
        return self._notetakers_saver.pending or any(
            row.pending for widget in self.sections for row in widget.rows
        )

    def unsaved(self) -> bool:
        """Whether something on screen differs from what was last written (a save failed)."""
        if tuple(split_names(self.notetakers.text())) != self.note.notetakers and not self.read_only:
            return True
        return any(row.unsaved_fields() for widget in self.sections for row in widget.rows)

    def flush(self) -> None:
        """Write every edit still waiting for its timer."""
        self._notetakers_saver.flush()
        for widget in self.sections:
            widget.flush()

    def discard(self) -> None:
        """Drop pending saves (the note is gone)."""
        self._notetakers_saver.cancel()
        for widget in self.sections:
            widget.discard()

    # -- export -----------------------------------------------------------------------------
    def default_export_path(self) -> Path:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        stem = re.sub(r"[^\w\- ]+", "", self.note_event.title).strip()[:80] or "note"
        return Path(folder or Path.home()) / f"{stem}.docx"

    def export_interactively(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Export to Word"),
            str(self.default_export_path()),
            _("Word documents (*.docx)"),
        )
        if path:
            if not Path(path).suffix:
                path += ".docx"
            self.export_to(path)

    def export_to(self, path: str | Path) -> bool:
        """Write the note to ``path`` (format from the suffix, .docx by default); report the outcome."""
        self.flush()
        path = Path(path)
        fmt = _EXPORT_FORMATS.get(path.suffix.lower(), "docx")
        try:
            from notetaker.export import export_note
        except ImportError:
            self.ctx.alerts.error(_("Export is not available in this installation."), parent=self)
            return False
        ok, warnings = self.ctx.attempt(
            export_note, self.ctx.core, self.note_id, path, fmt=fmt, lang=self.ctx.report_lang
        )
        if not ok:
            return False
        if warnings:
            self.ctx.alerts.warning(
                _("The note was exported to {path}, with remarks.").format(path=path),
                "\n".join(str(w) for w in warnings),
                parent=self,
            )
        else:
            self.ctx.alerts.info(_("The note was exported to {path}.").format(path=path), parent=self)
        return True
