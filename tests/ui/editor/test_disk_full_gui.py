"""Disk full in the real editor: RLIMIT_FSIZE in a subprocess, typing all along.

The window keeps taking keystrokes, a banner says saving fails and where the
edits are kept, the recovery file holds them, and when the limit is lifted the
banner goes away and everything typed is in the database.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from notetaker.core import Core

REPO = Path(__file__).resolve().parents[3]

CHILD = r"""
import json, os, resource, signal, sqlite3, sys, time
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from notetaker.capture.recovery import RecoveryFile
from notetaker.core import Core
from notetaker.domain import Event
from ui.alerts import Alerts
from ui.context import AppContext
from ui.main_window import MainWindow

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # as ui.app.run does
db = sys.argv[1]
app = QApplication(sys.argv[:1])
core = Core.open(db)
event = core.events.create(Event(None, "Evento")).value
note = core.notes.create(event.id, "imrf-side-event", ["Ana"]).value
ctx = AppContext(core, Alerts(interactive=False))
window = MainWindow(ctx)
window.show()
editor = window.open_note(note.id)
row = editor.commands.new_highlight()

def pump(seconds, until=lambda: False):
    end = time.monotonic() + seconds
    while time.monotonic() < end and not until():
        app.processEvents()
        time.sleep(0.01)

def type_words(text):
    for ch in text:
        QTest.keyClick(row.body, Qt.Key.Key_Space if ch == " " else ch)
        app.processEvents()

type_words("antes ")
assert ctx.autosave.flush(10)
con = sqlite3.connect(db); con.execute("PRAGMA wal_checkpoint(TRUNCATE)"); con.close()
soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
resource.setrlimit(resource.RLIMIT_FSIZE, (8192, hard))  # the disk is full
started = time.monotonic()
type_words("durante el disco lleno ")
pump(10, lambda: editor.banner.isVisible())
out = {"banner": editor.banner.isVisible(), "banner_text": editor.banner.label.text()}
type_words("y sigo escribiendo ")  # typing goes on
pump(3, lambda: bool(RecoveryFile(db).existing()) and "sigo" in RecoveryFile(db).existing()[0].read_text())
out["typed"] = row.body.toPlainText()
out["recovery"] = [str(p) for p in RecoveryFile(db).existing()]
out["spilled"] = any("sigo escribiendo" in p.read_text() for p in RecoveryFile(db).existing())
resource.setrlimit(resource.RLIMIT_FSIZE, (hard, hard))  # space returns
pump(15, lambda: not editor.banner.isVisible() and not editor.pending)
out["banner_after"] = editor.banner.isVisible()
out["pending_after"] = editor.pending
out["recovery_after"] = [str(p) for p in RecoveryFile(db).existing()]
out["stopped"] = ctx.shutdown()
out["note_id"] = note.id
window.close()
print(json.dumps(out), flush=True)
os._exit(0)
"""


def test_a_full_disk_in_the_editor_banner_spill_resume(tmp_path):
    db = tmp_path / "notes.sqlite3"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO),
           "NOTETAKER_DATA_DIR": str(tmp_path / "data"), "NOTETAKER_RECOVERY_DIR": str(tmp_path / "recovery")}
    proc = subprocess.run([sys.executable, "-c", CHILD, str(db)], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["banner"], out
    assert "Saving is failing" in out["banner_text"] and "keep typing" in out["banner_text"]
    assert out["typed"] == "antes durante el disco lleno y sigo escribiendo "
    assert out["spilled"] and all(str(tmp_path / "recovery") in p for p in out["recovery"])
    assert not out["banner_after"] and not out["pending_after"] and out["stopped"]
    assert out["recovery_after"] == []
    with Core.open(db) as core:
        [item] = core.notes.get(out["note_id"]).section_items("highlights")
    assert item.body.to_plain() == out["typed"]
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
