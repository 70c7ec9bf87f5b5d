"""Typing helpers for the interface tests."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` key by key, accents included.

    ``QTest.keyClicks`` aborts the process on characters outside ASCII, so those
    are sent one by one as key events that carry the character.
    """
    for ch in text:
        if ch.isascii() and ch.isprintable():
            QTest.keyClick(widget, ch)
        else:
            QTest.sendKeyEvent(
                QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
            )
