"""Making menu and keyboard actions.

``QAction(text, parent)`` makes PySide resolve QAction's constructor overloads,
among them the one taking a QIcon, which builds QIcon's Python enums (its
``ThemeIcon`` alone has 151 members) at the application's start, for an
interface that shows no icons. :func:`new_action` makes the same action
without that lookup; every action of the interface is made by it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction


def new_action(text: str, parent: QObject) -> QAction:
    """An action labelled ``text`` (``&`` marks its mnemonic), owned by ``parent``."""
    action = QAction(parent)
    action.setText(text)
    return action
