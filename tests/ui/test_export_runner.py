"""Exports from the interface: worker thread, progress dialog, cancel, word limit, alerts."""

from __future__ import annotations

import os
import threading
import zipfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton, QWidget

from notetaker.domain import Event, NoteStatus
from notetaker.richtext import RichText
from ui.export_runner import ExportRunner, compendium_notes, export_with_progress


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def _note(ctx, title: str, words: int = 3) -> int:
    event = ctx.core.events.create(Event(None, title, series="S")).value
    note = ctx.core.notes.create(event.id, "imrf-side-event", ["Ana"]).value
    ctx.core.notes.add_item(note.id, "introduction", body=RichText.plain("word " * words))
    return note.id


def test_export_runs_in_a_worker_and_reports(ctx, alerts, parent, qtbot, tmp_path: Path):
    note = _note(ctx, "An event")
    out = tmp_path / "r.docx"
    seen: list[tuple[int, int]] = []
    runner = ExportRunner(ctx, parent, [note], out)
    runner._progressed.connect(lambda d, t: seen.append((d, t)))
    with qtbot.waitSignal(runner.finished, timeout=30000) as blocker:
        runner.start()
        assert runner.thread is not None and runner.thread is not threading.current_thread()
    assert blocker.args == [True]
    assert zipfile.is_zipfile(out)
    assert seen[-1] == (4, 4)
    assert alerts.last.level == "info" and str(out) in alerts.last.message


@pytest.mark.skipif(os.name == "nt", reason="the fake soffice is a shell script")
def test_cancel_stops_a_pdf_export_and_keeps_the_old_file(ctx, alerts, parent, qtbot, tmp_path: Path, monkeypatch):
    soffice = tmp_path / "soffice"
    soffice.write_text("#!/bin/sh\nsleep 30\n", encoding="utf-8")
    soffice.chmod(0o755)
    monkeypatch.setenv("NOTETAKER_SOFFICE", str(soffice))
    note = _note(ctx, "An event")
    out = tmp_path / "r.pdf"
    out.write_bytes(b"old pdf")
    runner = ExportRunner(ctx, parent, [note], out)
    with qtbot.waitSignal(runner.finished, timeout=30000) as blocker:
        runner.start()
        qtbot.waitUntil(lambda: runner.dialog.maximum() == 4 and runner.dialog.value() >= 2, timeout=20000)
        qtbot.waitUntil(runner.dialog.isVisible, timeout=5000)  # a slow export shows its dialog
        runner.dialog.findChild(QPushButton).click()  # the Cancel button
    assert blocker.args == [False]
    assert runner.outcome == ("cancelled", None)
    assert out.read_bytes() == b"old pdf"
    assert alerts.last.level == "info" and "cancelled" in alerts.last.message


def test_over_the_word_limit_asks_and_exports_only_if_told(ctx, alerts, parent, qtbot, tmp_path: Path):
    note = _note(ctx, "Long event", words=520)
    out = tmp_path / "r.md"
    alerts.answer = False
    with qtbot.waitSignal(export_with_progress(ctx, parent, [note], out).finished, timeout=30000) as blocker:
        pass
    assert blocker.args == [False] and not out.exists()
    assert "has 520 words, over its limit of 500" in alerts.questions[-1]
    alerts.answer = True
    with qtbot.waitSignal(export_with_progress(ctx, parent, [note], out).finished, timeout=30000) as blocker:
        pass
    assert blocker.args == [True] and out.is_file()
    assert alerts.last.level == "warning" and "exported anyway" in alerts.last.detail


def test_errors_are_alerts(ctx, alerts, parent, qtbot, tmp_path: Path):
    note = _note(ctx, "E")
    target = tmp_path / "missing" / "r.docx"
    with qtbot.waitSignal(export_with_progress(ctx, parent, [note], target).finished, timeout=30000) as blocker:
        pass
    assert blocker.args == [False]
    assert alerts.last.level == "error" and "does not exist" in alerts.last.message

    def broken(*args, **kwargs):
        raise RuntimeError("renderer bug")

    with qtbot.waitSignal(export_with_progress(ctx, parent, [note], tmp_path / "x.docx", export=broken).finished, timeout=30000):
        pass
    assert alerts.last.level == "error" and "renderer bug" in alerts.last.message


def test_compendium_notes_of_a_selection(ctx):
    a = _note(ctx, "A")
    b_event = ctx.core.events.create(Event(None, "B")).value
    draft = ctx.core.notes.create(b_event.id, "imrf-side-event", []).value.id
    final = ctx.core.notes.create(b_event.id, "imrf-side-event", []).value.id
    ctx.core.notes.update(final, status=NoteStatus.FINAL)
    listing = ctx.core.events.list()
    assert compendium_notes(listing, [("note", a), ("event", b_event.id), ("note", a)]) == [a, final]
    assert draft not in compendium_notes(listing, [("event", b_event.id)])


def test_the_note_editor_exports_in_the_background(qtbot, ctx, alerts, tmp_path: Path, monkeypatch):
    import ui.editor.note_editor as note_editor
    from tests.support.capture import make_note, open_window

    note = make_note(ctx)
    _window, editor = open_window(qtbot, ctx, note.id)
    target = tmp_path / "from-editor.pdf"
    asked = []

    def fake_dialog(parent, title, default):
        asked.append(default.name)
        return None  # the user cancels the file dialog

    monkeypatch.setattr(note_editor, "ask_export_path", fake_dialog)
    assert editor.export_interactively() is None
    assert asked == ["Side event on the Global Compact.docx"]

    monkeypatch.setattr(note_editor, "ask_export_path", lambda parent, title, default: target.with_suffix(".md"))
    runner = editor.export_interactively()
    assert runner is not None
    with qtbot.waitSignal(runner.finished, timeout=30000) as blocker:
        pass
    assert blocker.args == [True]
    assert target.with_suffix(".md").read_text(encoding="utf-8").startswith("# Side event on the Global Compact")
