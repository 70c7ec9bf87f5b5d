"""The keyboard of live capture: one action per command, in the menus, in the F1 cheat sheet.

Every command is a window action (so its shortcut shows in the menus) that
acts on the note editor of the current tab. The same table feeds the
"Capture" and "Edit" menus, and the cheat sheet shown by F1, so they can never
disagree. Function keys come first (no clash with typing); each command also
has a Ctrl+Shift+letter for keyboards where F-keys need Fn.

The table and the sheet that lists it live here together; the sheet's table
classes are loaded when it first opens (its dialog and label classes are loaded
at start anyway), the other capture dialogs are in :mod:`ui.editor.dialogs`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from notetaker.i18n import _

from ..widgets.actions import make_action

if TYPE_CHECKING:
    from ..main_window import MainWindow
    from ..menus import MenuBar
    from .note_editor import NoteEditor


@dataclass(frozen=True, slots=True)
class Command:
    name: str  # the method of the editor's commands (ui.editor.commands.CaptureCommands) called
    text: str  # menu text (translated)
    keys: tuple[str, ...]  # portable key sequences; the first shows in the menu
    place: str  # its place in the menus (ui.menus.PLACES)


def commands() -> list[Command]:
    """Every capture command, in menu order (texts translated now)."""
    return [
        Command("new_highlight", _("New &Highlight"), ("F2", "Ctrl+Shift+H"), "capture.entries"),
        Command("new_intervention", _("New &Intervention"), ("F3", "Ctrl+Shift+I"), "capture.entries"),
        Command("attribute", _("&Attribute to Delegation"), ("F4", "Ctrl+Shift+D"), "capture.entries"),
        Command("next_section", _("&Next Section"), ("F6", "Ctrl+PgDown"), "capture.entries"),
        Command("previous_section", _("&Previous Section"), ("Shift+F6", "Ctrl+PgUp"), "capture.entries"),
        Command("jump_to_summary", _("Jump to &Summary"), ("F7", "Ctrl+Shift+J"), "capture.entries"),
        Command("toggle_clock", _("Start or Pause the Session &Clock"), ("F5", "Ctrl+Shift+K"), "capture.session"),
        Command("switch_notetaker", _("S&witch Notetaker"), ("F8", "Ctrl+Shift+R"), "capture.session"),
        Command("choose_notetaker", _("Choose &Notetaker…"), ("Shift+F8",), "capture.session"),
        Command("retime_now", _("&Re-time Entry to Now"), ("F9", "Ctrl+Shift+T"), "capture.time"),
        Command("retime_dialog", _("Change the &Time of the Entry…"), ("Shift+F9",), "capture.time"),
        Command("remove_current", _("Re&move Entry"), ("Ctrl+Shift+Backspace",), "capture.remove"),
        Command("undo", _("&Undo"), ("Ctrl+Z",), "edit.undo"),
        Command("redo", _("&Redo"), ("Ctrl+Shift+Z", "Ctrl+Y"), "edit.undo"),
    ]


def typing_keys() -> list[tuple[str, str]]:
    """Keys that work inside the fields (shown in the cheat sheet)."""
    return [
        ("Enter", _("At the end of an entry: start the next one")),
        ("Ctrl+Enter", _("Start a new entry after this one, anywhere in it")),
        ("Shift+Enter", _("Line break inside an entry")),
        ("Tab / Shift+Tab", _("Next / previous field, in reading order")),
        ("Up / Down", _("From the first or last line: previous or next entry")),
        (_("Type in Speaker or Attribution"), _("Type-ahead: “gua” gives Guatemala, “oim” IOM; Enter takes it")),
        ("X; Y", _("Several delegations on one highlight")),
        (_("X on behalf of Y"), _("A delegation speaking for a group (also “X / Y”)")),
        ("Ctrl+B / Ctrl+I", _("Bold / italic")),
        ("Ctrl+Shift+L", _("Bulleted list")),
        ("Ctrl+E", _("Export the note to Word")),
        ("F1", _("This list of shortcuts")),
    ]


def native(keys: str) -> str:
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


class CheatSheet(QDialog):
    """F1: every shortcut of live capture, from the same table as the menus."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        from PySide6.QtWidgets import (  # (loaded with the sheet, not at start)
            QAbstractItemView,
            QDialogButtonBox,
            QHeaderView,
            QTableWidget,
            QTableWidgetItem,
        )

        self.setWindowTitle(_("Keyboard shortcuts"))
        self.setAccessibleName(_("Keyboard shortcuts"))
        rows: list[tuple[str, str]] = [
            (" / ".join(native(k) for k in c.keys), c.text.replace("&", "").rstrip("…")) for c in commands()
        ] + typing_keys()
        self.table = QTableWidget(len(rows), 2)
        self.table.setAccessibleName(_("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([_("Keys"), _("What they do")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for i, (keys, what) in enumerate(rows):
            self.table.setItem(i, 0, QTableWidgetItem(keys))
            self.table.setItem(i, 1, QTableWidgetItem(what))
        header = self.table.horizontalHeader()
        header.setAccessibleName(_("Columns of the shortcuts list"))
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        intro = QLabel(_("A whole session can be captured without the mouse. The same shortcuts are in the menus."))
        intro.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        for button in buttons.buttons():
            button.setAccessibleName(button.text().replace("&", ""))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(720, 620)

    def entries(self) -> list[tuple[str, str]]:
        return [
            (self.table.item(i, 0).text(), self.table.item(i, 1).text()) for i in range(self.table.rowCount())
        ]


class CaptureActions(QObject):
    """The capture commands of a main window, acting on its current note editor."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.actions: dict[str, QAction] = {}
        self.sheet: CheatSheet | None = None
        for command in commands():
            self.actions[command.name] = make_action(
                window, command.text, partial(self.run, command.name), command.keys,
                context=Qt.ShortcutContext.WindowShortcut,
                tip=f"{command.text.replace('&', '')} ({native(command.keys[0])})",
            )
        self.help_action = make_action(window, _("&Keyboard Shortcuts…"), self.show_cheat_sheet, "F1")
        window.tabs.currentChanged.connect(lambda _index: self.update())
        self.update()

    def install_menus(self, menus: MenuBar) -> None:
        """Each command at its place (the Capture and Edit menus), the cheat sheet in Help."""
        placed: dict[str, list[QAction]] = {}
        for command in commands():
            placed.setdefault(command.place, []).append(self.actions[command.name])
        for place, actions in placed.items():
            menus.add(place, *actions)
        menus.add("help.keys", self.help_action)

    def editor(self) -> NoteEditor | None:
        return self.window.current_editor()

    def run(self, name: str) -> object:
        editor = self.editor()
        if editor is None:
            self.window.statusBar().showMessage(_("Open a note first."), 4000)
            return None
        method: Callable[[], object] = getattr(editor.commands, name)
        return method()

    def update(self) -> None:
        editor = self.editor()
        for name, action in self.actions.items():
            action.setEnabled(editor is not None and (name in ("next_section", "previous_section", "jump_to_summary") or not editor.read_only))

    def show_cheat_sheet(self) -> CheatSheet:
        if self.sheet is None:
            self.sheet = CheatSheet(self.window)
        self.sheet.show()
        self.sheet.raise_()
        self.sheet.activateWindow()
        return self.sheet
