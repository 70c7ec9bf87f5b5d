"""Preferences: the interface language (next start) and the default language of reports."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from notetaker.i18n import current_language
from notetaker.preferences import Preferences, load_preferences, save_preferences
from ui.app import make_application
from ui.language import choose_language, loaded_qt_catalogs
from ui.main_window import MainWindow
from ui.preferences import PreferencesDialog


def test_choosing_spanish_is_saved_and_applies_at_the_next_start(qtbot, ctx, alerts, monkeypatch):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.preferences_action in window.menuBar().actions()[0].menu().actions()
    window.preferences_action.trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, PreferencesDialog)
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("es"))
    dialog.report_combo.setCurrentIndex(dialog.report_combo.findData("en"))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert load_preferences() == Preferences(language="es", report_language="en")
    assert alerts.records[-1].message.startswith("The new interface language applies")
    assert current_language() == "en"  # this session keeps its language
    assert ctx.report_lang == "en"

    monkeypatch.delenv("NOTETAKER_LANG")  # the test suite pins English; a user has no such pin
    assert choose_language() == "es"
    assert choose_language("en") == "en"  # --lang wins
    try:
        make_application()
        assert current_language() == "es"
        assert loaded_qt_catalogs() == ["qtbase_es"]
    finally:
        from ui.language import apply_language

        apply_language("en")


def test_report_language_follows_the_interface_unless_chosen(ctx):
    assert ctx.report_lang == "en"
    save_preferences(Preferences(report_language="es"))
    assert ctx.report_lang == "es"
    save_preferences(Preferences(report_language="xx"))
    assert ctx.report_lang == "en"


def test_cancel_changes_nothing(qtbot):
    save_preferences(Preferences(language="en"))
    dialog = PreferencesDialog()
    qtbot.addWidget(dialog)
    assert dialog.language_combo.currentData() == "en"
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("es"))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert load_preferences() == Preferences(language="en")
    assert not dialog.restart_needed()


def test_a_preference_that_cannot_be_saved_is_explained(qtbot, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    dialog = PreferencesDialog(path=blocker / "preferences.json")  # its folder is a file
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()
    assert dialog.isVisible()
    assert "cannot be saved" in dialog.error_label.text()
