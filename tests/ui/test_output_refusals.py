"""Issue #15, 1, in the window: the exports it starts refuse the database and its files through
the same core functions as the command line, in one alert, and the note survives."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from notetaker.domain import Event
from tests.support.capture import make_note, open_window
from ui.export_runner import ExportRunner


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_a_report_over_the_database_is_refused_in_one_alert(ctx, alerts, parent, qtbot):
    event = ctx.core.events.create(Event(None, "An event")).value
    note = ctx.core.notes.create(event.id, "imrf-side-event", ["Ana"]).value
    database = ctx.core.db.path
    before = database.read_bytes()
    runner = ExportRunner(ctx, parent, [note.id], database, fmt="docx", force=True)
    with qtbot.waitSignal(runner.finished, timeout=30000) as blocker:
        runner.start()
    assert blocker.args == [False]
    assert alerts.last.level == "error"
    assert "it is the notes database" in alerts.last.message and str(database) in alerts.last.message
    assert "\n" not in alerts.last.message
    assert database.read_bytes() == before


def test_an_exchange_export_over_the_wal_is_refused_and_the_typing_survives(qtbot, ctx, alerts):
    note = make_note(ctx)
    window, _editor = open_window(qtbot, ctx, note.id)
    wal = Path(f"{ctx.core.db.path}-wal")
    assert wal.read_bytes()[:3] == b"\x37\x7f\x06"  # the window's write-ahead log
    assert window.exchange.export_note(wal) is None
    assert alerts.last.level == "error"
    assert "working file of the notes database" in alerts.last.message
    assert wal.read_bytes()[:3] == b"\x37\x7f\x06"  # still the log (the window may have written to it)
    assert not wal.read_bytes().lstrip().startswith(b"{")
    assert ctx.core.notes.get(note.id).notetakers == ("Marisol Aguilar", "Ericka Guevara")
