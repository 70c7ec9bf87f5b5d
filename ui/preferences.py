"""The Preferences dialog: the interface language and the default language of reports.

Saved in the user's ``preferences.json`` (:mod:`notetaker.preferences`), shared
with the command line. The interface language applies at the next start:
every window is built in one language.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from notetaker.i18n import LANGUAGE_NAMES, SUPPORTED_LANGUAGES, _, current_language
from notetaker.preferences import Preferences, load_preferences, save_preferences

from .language import system_ui_languages


def _system_language() -> str:
    from notetaker.i18n import resolve_language

    return resolve_language(system_ui_languages())


class PreferencesDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, path: Path | None = None):
        super().__init__(parent)
        self.path = path
        self.initial = load_preferences(path)
        self.saved: Preferences | None = None
        self.setWindowTitle(_("Preferences"))
        self.setAccessibleName(_("Preferences"))

        system = _system_language()
        self.language_combo = QComboBox()
        self.language_combo.setAccessibleName(_("Interface language"))
        self.language_combo.addItem(
            _("System default ({language})").format(language=LANGUAGE_NAMES.get(system, system)), ""
        )
        self.report_combo = QComboBox()
        self.report_combo.setAccessibleName(_("Language of reports"))
        self.report_combo.setToolTip(_("The language of exported reports; each export can still choose."))
        self.report_combo.addItem(_("Same as the interface"), "")
        for code in SUPPORTED_LANGUAGES:
            self.language_combo.addItem(LANGUAGE_NAMES.get(code, code), code)
            self.report_combo.addItem(LANGUAGE_NAMES.get(code, code), code)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(self.initial.language)))
        self.report_combo.setCurrentIndex(max(0, self.report_combo.findData(self.initial.report_language)))

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c01c28; font-weight: bold;")
        self.error_label.setAccessibleName(_("Problem saving the preferences"))
        self.error_label.hide()
        note = QLabel(_("A new interface language applies the next time the application starts."))
        note.setWordWrap(True)
        note.setAccessibleName(_("About the interface language"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.setAccessibleName(_("Dialog buttons"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(_("Interface language:"), self.language_combo)
        form.addRow(_("Language of reports:"), self.report_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def chosen(self) -> Preferences:
        return Preferences(
            language=str(self.language_combo.currentData() or ""),
            report_language=str(self.report_combo.currentData() or ""),
        )

    def restart_needed(self) -> bool:
        """Whether the saved choice means another interface language than the one showing."""
        if self.saved is None:
            return False
        wanted = self.saved.language or _system_language()
        return wanted != current_language()

    def accept(self) -> None:
        prefs = self.chosen()
        try:
            save_preferences(prefs, self.path)
        except OSError as exc:
            self.error_label.setText(
                _("The preferences cannot be saved: {error}").format(error=exc.strerror or exc)
            )
            self.error_label.show()
            return
        self.saved = prefs
        super().accept()
