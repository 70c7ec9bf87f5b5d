"""Starting for capture: `notetaker open NOTE_ID`, one writer per database, recovered edits, back where one was."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from notetaker.capture.batch import Batch
from notetaker.capture.recovery import RecoveryFile
from notetaker.core import Core
from notetaker.domain import Event, Item
from notetaker.richtext import RichText
from ui import app as app_module
from ui.alerts import Alerts
from ui.main_window import MainWindow

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def shown(monkeypatch):
    """Alerts shown during run(), with every question answered yes."""
    records = []
    monkeypatch.setattr(Alerts, "present", lambda self, alert, parent=None, modal=False: records.append(alert))
    monkeypatch.setattr(Alerts, "ask", lambda self, question, parent=None: records.append(question) or True)
    return records


@pytest.fixture
def note_id(db_path):
    with Core.open(db_path) as core:
        event = core.events.create(Event(None, "Webinar RCM")).value
        return core.notes.create(event.id, "imrf-side-event", ["Ana"]).value.id


def run_and_look(qapp, look, runner=None, **kw) -> tuple[int, dict]:
    """Run the application; ``look(window)`` fills a dict, then the app quits."""
    seen: dict = {}

    def step():
        try:
            windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
            look(windows[-1], seen)
            windows[-1].close()
        except BaseException as exc:  # never leave the event loop running
            seen["error"] = exc
        finally:
            qapp.exit(0)

    qapp.setQuitOnLastWindowClosed(False)
    QTimer.singleShot(0, step)
    try:
        code = (runner or app_module.run)(**kw)
    finally:
        qapp.setQuitOnLastWindowClosed(True)
    if "error" in seen:
        raise seen["error"]
    return code, seen


def test_notetaker_open_note_id_starts_in_its_first_empty_entry(qapp, db_path, note_id, shown):
    from notetaker.cli.app import main

    def look(window, seen):
        editor = window.current_editor()
        seen["note"] = editor.note_id
        seen["focus"] = QApplication.focusWidget() is editor.section("highlights").rows[0].body or (
            window.focusWidget() is editor.section("highlights").rows[0].body
        )

    def run(**kw):
        return main(["--db", str(db_path), "open", str(note_id)])

    code, seen = run_and_look(qapp, look, runner=run)
    assert code == 0
    assert seen == {"note": note_id, "focus": True}
    assert [a for a in shown if getattr(a, "level", "") == "error"] == []


def test_open_an_unknown_note_is_one_line_and_no_window(db_path, note_id, capsys):
    from notetaker.cli.app import main

    assert main(["--db", str(db_path), "open", str(note_id + 41)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("notetaker: ") and str(note_id + 41) in err and err.count("\n") == 1


def test_a_second_instance_is_told_and_opens_read_only(qapp, db_path, note_id, shown):
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys
            from notetaker.capture.lock import WriterLock
            assert WriterLock({str(db_path)!r}).acquire()
            print("held", flush=True)
            sys.stdin.readline()
        """)],
        cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        before = db_path.read_bytes()

        def look(window, seen):
            seen["title"] = window.windowTitle()
            seen["read_only"] = window.ctx.read_only
            seen["new_event"] = window.new_event_action.isEnabled()
            editor = window.open_note(note_id)
            seen["editor"] = editor.read_only and editor.commands.add_item("highlights") is None
            try:  # the database itself refuses: every connection of this window is query-only
                window.ctx.core.events.create(Event(None, "x"))
                seen["write"] = "written!"
            except Exception as exc:
                seen["write"] = "readonly" in str(exc)

        code, seen = run_and_look(qapp, look, db=str(db_path))
    finally:
        holder.stdin.close()
        holder.wait(10)
    assert code == 0
    assert seen == {"title": "Side Event Notetaker (read-only)", "read_only": True, "new_event": False,
                    "editor": True, "write": True}
    warnings = [a for a in shown if getattr(a, "level", "") == "warning"]
    assert warnings and "already writing to this database" in warnings[0].message
    with Core.open(db_path) as core:
        assert [e.event.title for e in core.events.list()] == ["Webinar RCM"]
    con = sqlite3.connect(db_path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    assert before  # (the file was there all along)


def test_edits_left_in_a_recovery_file_are_offered_and_applied_at_start(qapp, db_path, note_id, shown, tmp_path, monkeypatch):
    monkeypatch.setenv("NOTETAKER_RECOVERY_DIR", str(tmp_path / "recovery"))
    uid = str(uuid.uuid4())
    batch = Batch()
    batch.put_item(note_id, Item(None, "highlights", RichText.plain("Escrito con el disco lleno"), uid=uid))
    assert RecoveryFile(db_path).write(batch) is not None

    code, _seen = run_and_look(qapp, lambda window, seen: None, db=str(db_path))
    assert code == 0
    assert any("could not save 1 edit" in q for q in shown if isinstance(q, str))
    assert RecoveryFile(db_path).existing() == []
    with Core.open(db_path) as core:
        [item] = core.notes.get(note_id).section_items("highlights")
        assert item.uid == uid and item.body.to_plain() == "Escrito con el disco lleno"


def test_after_a_crash_the_same_note_section_and_entry_come_back(qapp, db_path, note_id, shown):
    with Core.open(db_path) as core:
        first = core.notes.add_item(note_id, "highlights", body=RichText.plain("uno")).value
        core.notes.add_item(note_id, "highlights", body=RichText.plain("dos"))
        core.state.set("last_note", note_id)
        core.state.set("last_position", {"note": note_id, "section": "highlights", "item": first.uid})

    def look(window, seen):
        editor = window.current_editor()
        seen["note"] = editor.note_id
        seen["section"] = editor.keyboard.current_section.key
        seen["item"] = editor.keyboard.current_row.uid

    code, seen = run_and_look(qapp, look, db=str(db_path))
    assert code == 0 and seen == {"note": note_id, "section": "highlights", "item": first.uid}


SCALED = r"""
import json, sys
from PySide6.QtWidgets import QApplication
from notetaker.core import Core
from notetaker.domain import Event
from ui.alerts import Alerts
from ui.context import AppContext
from ui.main_window import MainWindow

app = QApplication(sys.argv[:1])
core = Core.open(sys.argv[1])
event = core.events.create(Event(None, "Evento")).value
note = core.notes.create(event.id, "imrf-side-event", ["Ana", "Luis"]).value
ctx = AppContext(core, Alerts(interactive=False))
window = MainWindow(ctx)
window.resize(1280, 820)
window.show()
editor = window.open_note(note.id)
row = editor.commands.new_intervention()
app.processEvents()
screen = window.screen().availableGeometry()
checks = {}
checks["ratio"] = window.devicePixelRatioF()
checks["fits"] = window.minimumSizeHint().width() <= screen.width() and window.minimumSizeHint().height() <= screen.height()
clipped = []
for w in [editor.notetakers, row.speaker, row.person, row.body, editor.session_bar.clock_button,
          editor.session_bar.switch_button, editor.section("highlights").add_button]:
    if w.height() < w.fontMetrics().height() or w.width() < w.fontMetrics().horizontalAdvance("M") * 2:
        clipped.append(w.accessibleName())
checks["clipped"] = clipped
checks["font_px"] = row.body.fontMetrics().height()
editor.keyboard.focus_row(row, "body")
app.processEvents()
checks["focused_visible"] = not row.body.visibleRegion().isEmpty()
ctx.shutdown()
print(json.dumps(checks))
"""


@pytest.mark.parametrize("factor", ["1", "2"])
def test_usable_at_200_percent_scaling(tmp_path, factor):
    env = {**os.environ, "QT_SCALE_FACTOR": factor, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO),
           "NOTETAKER_DATA_DIR": str(tmp_path / "data"), "QT_QPA_OFFSCREEN_NO_GLX": "1"}
    proc = subprocess.run([sys.executable, "-c", SCALED, str(tmp_path / "notes.sqlite3")], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    checks = json.loads(proc.stdout.strip().splitlines()[-1])
    assert checks["ratio"] == float(factor)
    assert checks["clipped"] == [] and checks["fits"] and checks["focused_visible"]
