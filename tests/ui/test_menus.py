"""The main window's menus: their order, each entry at its place, one shortcut per action.

Built for real in English and in Spanish: the menus must not depend on the
language their titles are written in.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from notetaker.i18n import _
from tests.support.capture import make_note, open_window
from ui.main_window import MainWindow


def _menus(window: MainWindow) -> list[QMenu]:
    return [a.menu() for a in window.menuBar().actions() if isinstance(a.menu(), QMenu)]


def _entries(menu: QMenu) -> list[QAction]:
    return [a for a in menu.actions() if not a.isSeparator()]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_menus_are_in_order_and_quit_ends_the_file_menu(qtbot, ctx, language, lang):
    language(lang)
    if lang == "es":
        assert _("&File") != "&File"  # (the catalog is in use: the titles are Spanish)
    window = MainWindow(ctx)
    qtbot.addWidget(window)

    file_menu = _menus(window)[0]
    assert file_menu.title() == _("&File")
    entries = _entries(file_menu)
    assert entries.index(window.finder.find_action) < entries.index(window.quit_action)
    assert file_menu.actions()[-1] is window.quit_action  # Quit last, after no separator either
    titles = [menu.title() for menu in _menus(window)]
    assert titles == [_("&File"), _("&Edit"), _("E&vent"), _("&Note"), _("&Capture"), _("&Merge"), _("&Help")]
    # Alt+letter opens one menu each: no two menus share their mnemonic (Edit and Event did).
    letters = [title[title.index("&") + 1].casefold() for title in titles]
    assert len(set(letters)) == len(letters), titles
    edit_menu = _menus(window)[1]
    assert entries.index(window.finder.restore_action) < entries.index(window.preferences_action)
    assert entries[:2] == [window.new_event_action, window.new_note_action]
    assert _entries(edit_menu) == [window.capture.actions["undo"], window.capture.actions["redo"]]
    assert _entries(_menus(window)[-1]) == [window.capture.help_action]
    for menu in _menus(window):
        assert menu.accessibleName() == menu.title().replace("&", "")
        separators = [a.isSeparator() for a in menu.actions()]
        assert not separators[0] and not separators[-1], menu.title()
        assert all(not (a and b) for a, b in zip(separators, separators[1:], strict=False)), menu.title()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_shortcut_of_the_window_belongs_to_one_action(qtbot, ctx, language, lang):
    language(lang)
    window, _editor = open_window(qtbot, ctx, make_note(ctx).id)  # (the editor's own actions too)
    owners: dict[str, list[str]] = {}
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            owners.setdefault(key.toString(QKeySequence.SequenceFormat.PortableText), []).append(action.text())
    assert "Ctrl+F" in owners and "F1" in owners and "Ctrl+E" in owners
    shared = {key: texts for key, texts in owners.items() if len(texts) > 1}
    assert not shared, shared
