"""Starting the application."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from notetaker.core import Core
from notetaker.domain import Event
from ui import app as app_module
from ui.alerts import Alerts
from ui.main_window import MainWindow


def test_run_reopens_the_last_note_and_returns_the_exit_code(qapp, db_path, monkeypatch):
    with Core.open(db_path) as core:
        event = core.events.create(Event(None, "Webinar")).value
        note = core.notes.create(event.id, "imrf-side-event", ["Ana"]).value
        core.state.set("last_note", note.id)
    shown = []
    monkeypatch.setattr(Alerts, "present", lambda self, alert, parent=None, modal=False: shown.append(alert))
    seen = {}

    def look_and_quit():
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        window = windows[-1]
        editor = window.current_editor()
        seen["note"] = editor.note_id if editor else None
        window.close()
        # exit(), not quit(): quit() posts an event that would outlive this loop and
        # stop the event loops of the tests that follow.
        qapp.exit(0)

    qapp.setQuitOnLastWindowClosed(False)
    QTimer.singleShot(0, look_and_quit)
    try:
        assert app_module.run(db=str(db_path)) == 0
    finally:
        qapp.setQuitOnLastWindowClosed(True)
    assert seen["note"] == note.id
    with Core.open(db_path) as core:
        assert core.state.get("last_note") == note.id  # remembered again on close
    assert [a for a in shown if a.level == "error"] == []


def test_run_reports_a_database_that_cannot_be_opened(qapp, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(Alerts, "present", lambda self, alert, parent=None, modal=False: shown.append((alert, modal)))
    not_a_database = tmp_path / "notes.sqlite3"
    not_a_database.write_bytes(b"this is not SQLite" * 100)
    assert app_module.run(db=str(not_a_database)) == 1
    [(alert, modal)] = shown
    assert alert.level == "error" and modal
