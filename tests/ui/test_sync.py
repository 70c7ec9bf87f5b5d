"""The one sync step: whatever reads what the user typed sees it, even at once.

Each test types a highlight in a real window and acts straight away, before the
editor's collector would have handed the edit over by itself (within
``COLLECT_MS``), then reads what was produced: the file, the merge, the search
results, the backup. Before the sync step, each path flushed in its own way
(the exchange export without waiting, the merge not at all), and a point just
typed could be missing.
"""

from __future__ import annotations

import json
import sqlite3
import zipfile

import pytest
from PySide6.QtCore import QItemSelectionModel

from notetaker.domain import Event
from tests.support.capture import focused, make_note, open_window, press
from tests.support.keyboard import type_text
from ui.models import NOTE

POINT = "Sincronizado al instante"


def type_point(editor, text: str = POINT) -> None:
    editor.notetakers.setFocus()
    press("F2")  # a new highlight, the caret in it
    type_text(focused(), text)
    assert editor.collector.dirty  # nothing handed over yet: the test acts "at once"


def test_exchange_export_holds_what_was_just_typed(qtbot, ctx, tmp_path):
    note = make_note(ctx)
    window, editor = open_window(qtbot, ctx, note.id)
    type_point(editor)
    written = window.exchange.export_note(tmp_path / "out.sidenotes")
    data = json.loads(written.read_text(encoding="utf-8"))
    bodies = json.dumps(data["items"], ensure_ascii=False)
    assert POINT in bodies


@pytest.mark.parametrize("name", ["r.docx", "r.md"])
def test_word_and_markdown_exports_hold_what_was_just_typed(qtbot, ctx, tmp_path, name):
    note = make_note(ctx)
    _window, editor = open_window(qtbot, ctx, note.id)
    type_point(editor)
    runner = editor.export_in_background(tmp_path / name)
    with qtbot.waitSignal(runner.finished, timeout=60000) as blocker:
        pass
    assert blocker.args == [True]
    if name.endswith(".docx"):
        with zipfile.ZipFile(tmp_path / name) as docx:
            assert POINT in docx.read("word/document.xml").decode("utf-8")
    else:
        assert POINT in (tmp_path / name).read_text(encoding="utf-8")


def test_the_compendium_holds_what_was_just_typed(qtbot, ctx, tmp_path):
    first = make_note(ctx)
    other = ctx.run(ctx.core.events.create, Event(None, "Another event"))
    second = ctx.run(ctx.core.notes.create, other.id, "imrf-side-event", ["Ana"])
    window, editor = open_window(qtbot, ctx, first.id)
    type_point(editor)
    selection = window.tree.selectionModel()
    for note_id in (first.id, second.id):
        selection.select(
            window.model.find((NOTE, note_id)),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    assert editor.collector.dirty
    runner = window.export_compendium(tmp_path / "all.md")
    with qtbot.waitSignal(runner.finished, timeout=60000) as blocker:
        pass
    assert blocker.args == [True]
    assert POINT in (tmp_path / "all.md").read_text(encoding="utf-8")


def test_the_merge_holds_what_was_just_typed(qtbot, ctx):
    note = make_note(ctx)
    ctx.run(ctx.core.notes.create, note.event_id, "imrf-side-event", ["Sara Rivas"])
    window, editor = open_window(qtbot, ctx, note.id)
    type_point(editor)
    view = window.exchange.merge_event()
    qtbot.addWidget(view)
    assert view.merged is not None
    texts = [i.body.to_plain() for i in view.merged.note.items]
    assert POINT in texts


def test_a_search_finds_what_was_just_typed(qtbot, ctx):
    note = make_note(ctx)
    window, editor = open_window(qtbot, ctx, note.id)
    type_point(editor)
    panel = window.finder.panel
    panel.query.setText("sincronizado")
    panel.run_search()
    results = panel.results()
    assert results is not None and results.events, panel.status.text() if hasattr(panel, "status") else ""


def test_a_backup_holds_what_was_just_typed(qtbot, ctx):
    from ui.recovery import AutoBackup

    note = make_note(ctx)
    _window, editor = open_window(qtbot, ctx, note.id)
    type_point(editor)
    auto = AutoBackup(ctx, start_delay_ms=0)
    with qtbot.waitSignal(auto.made, timeout=30000) as blocker:
        auto.start()
    auto.stop()
    assert auto.wait()
    [made] = blocker.args
    con = sqlite3.connect(made.path)
    try:
        bodies = [row[0] for row in con.execute("SELECT body FROM items")]
    finally:
        con.close()
    assert any(POINT in body for body in bodies)
