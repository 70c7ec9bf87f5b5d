"""The small dialog that starts a note: which template, who takes the notes."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from notetaker.i18n import _
from notetaker.templates import DEFAULT_TEMPLATE_ID, Template

from .editor.note_editor import split_names


class NewNoteDialog(QDialog):
    def __init__(
        self,
        templates: list[Template],
        event_title: str,
        lang: str = "en",
        notetakers: str = "",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(_("New note"))
        self.setAccessibleName(_("New note"))
        intro = QLabel(_("A new note for: {event}").format(event=event_title))
        intro.setWordWrap(True)
        intro.setAccessibleName(_("Event of the new note"))
        self.template_combo = QComboBox()
        self.template_combo.setAccessibleName(_("Template"))
        for template in templates:
            self.template_combo.addItem(template.title(lang), template.id)
        self.template_combo.setCurrentIndex(max(0, self.template_combo.findData(DEFAULT_TEMPLATE_ID)))
        self.notetakers_edit = QLineEdit(notetakers)
        self.notetakers_edit.setAccessibleName(_("Notetakers"))
        self.notetakers_edit.setPlaceholderText(_("Names, separated by commas"))
        from PySide6.QtWidgets import QDialogButtonBox  # (loaded with the dialog, not at start)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.setAccessibleName(_("Dialog buttons"))
        for button in self.buttons.buttons():
            button.setAccessibleName(button.text().replace("&", ""))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(templates))
        form = QFormLayout()
        form.addRow(_("Template:"), self.template_combo)
        form.addRow(_("Notetakers:"), self.notetakers_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.notetakers_edit.setFocus()

    def template_id(self) -> str:
        return str(self.template_combo.currentData() or "")

    def notetakers(self) -> list[str]:
        return split_names(self.notetakers_edit.text())
