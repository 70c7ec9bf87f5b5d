"""Helpers of the live-capture tests: an active window on a note, keys sent as a user would."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from notetaker.domain import Event
from ui.editor.note_editor import NoteEditor
from ui.main_window import MainWindow


def make_note(ctx, notetakers=("Marisol Aguilar", "Ericka Guevara"), zone="America/Guatemala"):
    event = ctx.run(ctx.core.events.create, Event(None, "Side event on the Global Compact", timezone=zone))
    return ctx.run(ctx.core.notes.create, event.id, "imrf-side-event", list(notetakers))


def open_window(qtbot, ctx, note_id: int) -> tuple[MainWindow, NoteEditor]:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    editor = window.open_note(note_id)
    assert isinstance(editor, NoteEditor)
    return window, editor


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def press(keys: str, widget: QWidget | None = None) -> None:
    """Press a key sequence ("F2", "Ctrl+Shift+H") where the keyboard focus is, as a user does."""
    target = widget or focused()
    assert target is not None, "no widget has the keyboard focus"
    QTest.keySequence(target, QKeySequence(keys))


def saved(ctx, editor, section: str):
    assert editor.ctx.sync(5)
    return ctx.core.notes.get(editor.note_id).section_items(section)
