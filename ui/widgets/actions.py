"""Making menu and keyboard actions: :func:`make_action`, the one way the interface makes one.

``QAction(text, parent)`` makes PySide resolve QAction's constructor overloads,
among them the one taking a QIcon, which builds QIcon's Python enums (its
``ThemeIcon`` alone has 151 members) at the application's start, for an
interface that shows no icons. :func:`make_action` makes the same action
without that lookup.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QKeyCombination, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

Keys = str | QKeySequence | QKeySequence.StandardKey | QKeyCombination


def make_action(
    parent: QWidget,
    text: str,
    slot: Callable[[], object],
    shortcut: Keys | tuple[Keys, ...] | None = None,
    *,
    context: Qt.ShortcutContext | None = None,
    tip: str | None = None,
    role: QAction.MenuRole | None = None,
) -> QAction:
    """An action labelled ``text`` (``&`` marks its mnemonic) that calls ``slot``.

    It is owned by ``parent`` and added to it, so that its shortcut works there:
    ``shortcut`` is one key sequence or several (the first shows in the menus),
    ``context`` where it works (by default, anywhere in ``parent``'s window);
    ``tip`` is its tool tip, ``role`` its place in macOS's application menu.
    """
    action = QAction(parent)
    action.setText(text)
    if shortcut is not None:
        keys = [QKeySequence(k) for k in (shortcut if isinstance(shortcut, tuple) else (shortcut,))]
        action.setShortcuts([k for k in keys if not k.isEmpty()])  # (a standard key the platform lacks)
    if context is not None:
        action.setShortcutContext(context)
    if tip is not None:
        action.setToolTip(tip)
    if role is not None:
        action.setMenuRole(role)
    action.triggered.connect(lambda _checked=False: slot())
    parent.addAction(action)
    return action
