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


def test_run_resumes_the_garbage_collector_paused_for_the_start(qapp, db_path):
    """The command line pauses collection for the start; the first turn of run's loop resumes it."""
    import gc

    qapp.setQuitOnLastWindowClosed(False)
    QTimer.singleShot(0, lambda: QTimer.singleShot(0, lambda: qapp.exit(0)))  # after run's first turn
    gc.disable()
    try:
        assert app_module.run(db=str(db_path)) == 0
        assert gc.isenabled()
    finally:
        gc.enable()
        qapp.setQuitOnLastWindowClosed(True)
        for window in QApplication.topLevelWidgets():
            window.close()


def test_a_broken_template_is_reported_once_the_window_is_up(qapp, db_path, tmp_path, monkeypatch):
    (tmp_path / "bad.toml").write_text("id = 3", encoding="utf-8")
    shown = []
    monkeypatch.setattr(Alerts, "present", lambda self, alert, parent=None, modal=False: shown.append(alert))
    qapp.setQuitOnLastWindowClosed(False)
    QTimer.singleShot(0, lambda: QTimer.singleShot(0, lambda: qapp.exit(0)))  # after run's first turn
    try:
        with Core.open(db_path, template_dirs=(tmp_path,)) as core:
            assert app_module.run(core=core) == 0
    finally:
        qapp.setQuitOnLastWindowClosed(True)
        for window in QApplication.topLevelWidgets():
            window.close()
    warnings = [a for a in shown if a.level == "warning"]
    assert len(warnings) == 1 and "bad.toml" in warnings[0].detail


def test_run_reports_a_database_that_cannot_be_opened(qapp, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(Alerts, "present", lambda self, alert, parent=None, modal=False: shown.append((alert, modal)))
    not_a_database = tmp_path / "notes.sqlite3"
    not_a_database.write_bytes(b"this is not SQLite" * 100)
    assert app_module.run(db=str(not_a_database)) == 1
    [(alert, modal)] = shown
    assert alert.level == "error" and modal


CHILD_START = r"""
import json, sys
import ui.app as app_module
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

original = app_module.reopen_last_note

def reopen_and_look(window):
    editor = original(window)
    def look():
        loaded = sorted({m.split(".")[0] for m in sys.modules if m.split(".")[0] in ("sqlalchemy", "alembic", "babel")}
                        | {m for m in sys.modules if m == "notetaker.storage.backups"})
        print(json.dumps({"note": editor.note_id if editor else None, "loaded": loaded}), flush=True)
        window.close()
        QApplication.instance().exit(0)
    QTimer.singleShot(0, look)
    return editor

app_module.reopen_last_note = reopen_and_look
from notetaker.cli import main
sys.exit(main(["--db", sys.argv[1]]))
"""


def test_the_window_opens_the_last_note_before_the_database_library_loads(db_path, tmp_path):
    """Reading needs no SQLAlchemy; the writer's store, which does, opens after the first turn of the loop.

    Nor Babel: the interface's dates are Qt's, and the roster's names in English and Spanish are stored.
    Nor the backups' machinery: the start's backup is made later.
    """
    import json
    import os
    import subprocess
    import sys

    from notetaker.demo import load_demo

    with Core.open(db_path) as core:
        note_id = load_demo(core).note_id
        core.state.set("last_note", note_id)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "QT_QPA_PLATFORM": "offscreen",
           "NOTETAKER_DATA_DIR": str(tmp_path / "data")}
    result = subprocess.run([sys.executable, "-c", CHILD_START, str(db_path)], capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    seen = json.loads([line for line in result.stdout.splitlines() if line.startswith("{")][-1])
    assert seen == {"note": note_id, "loaded": []}
    with Core.open(db_path) as core:  # the position restored at start reached the disk at quit
        assert core.state.get("last_position") is not None


def test_facts_saved_before_the_writer_starts_reach_the_disk(ctx, core):
    ctx.save_state("probe", {"n": 1})
    assert not ctx.writing  # waiting for the writer, which starts later
    ctx.save_state("probe", {"n": 2})  # the latest wins
    assert ctx.sync()
    assert ctx.writing and core.state.get("probe") == {"n": 2}
