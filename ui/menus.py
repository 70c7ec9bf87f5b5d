"""The main window's menu bar: every menu made once, in a fixed order, each with named places.

A part of the window puts its actions at a place — ``menus.add("file.find",
action)`` — and never looks a menu up by its title (a translated text, which
may not exist yet) or by what it already holds. Within a menu the places follow
one another in the order of :data:`PLACES`, a separator between two that hold
actions; within a place, the actions in the order they were added.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu

from notetaker.i18n import _

# Each menu and its places, in order. Quit ends the File menu.
PLACES: dict[str, tuple[str, ...]] = {
    "file": ("new", "find", "restore", "preferences", "quit"),
    "edit": ("undo",),
    "event": ("events",),
    "note": ("open", "export", "close"),
    "capture": ("entries", "session", "time", "remove"),
    "merge": ("exchange",),
    "help": ("keys",),
}


def _titles() -> dict[str, str]:
    """The menus' titles (translated now: the interface language is set before the window is built)."""
    return {
        "file": _("&File"),
        "edit": _("&Edit"),
        "event": _("E&vent"),  # (Alt+E opens Edit)
        "note": _("&Note"),
        "capture": _("&Capture"),
        "merge": _("&Merge"),
        "help": _("&Help"),
    }


class MenuBar:
    """The menus of ``window``'s menu bar, all made at once; actions are put at named places."""

    def __init__(self, window: QMainWindow):
        bar = window.menuBar()
        bar.setAccessibleName(_("Menu bar"))
        titles = _titles()
        self.menus: dict[str, QMenu] = {}
        for name in PLACES:
            menu = bar.addMenu(titles[name])
            menu.setAccessibleName(titles[name].replace("&", ""))
            self.menus[name] = menu
        self._held: dict[str, list[QAction]] = {
            f"{name}.{place}": [] for name, places in PLACES.items() for place in places
        }

    def add(self, place: str, *actions: QAction) -> None:
        """Put ``actions`` at the end of ``place`` ("menu.place", one of :data:`PLACES`)."""
        if place not in self._held:
            raise KeyError(f"no menu place {place!r}")
        self._held[place].extend(actions)
        self._lay_out(place.partition(".")[0])

    def _lay_out(self, name: str) -> None:
        menu = self.menus[name]
        menu.clear()  # (removes the actions; deletes only the separators, which the menu owns)
        groups = [self._held[f"{name}.{place}"] for place in PLACES[name]]
        for i, group in enumerate(g for g in groups if g):
            if i:
                menu.addSeparator()
            menu.addActions(group)
