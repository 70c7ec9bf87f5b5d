"""What issue 7 adds to the main window: the search dock (Ctrl+F) and "Restore from backup…".

``MainWindow`` builds one :class:`SearchActions`, whose two actions go in the
File menu; every other part stays in :mod:`ui.search.panel` and :mod:`ui.recovery`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget

from notetaker.i18n import _

from ..recovery import restore_from_backup
from ..widgets.actions import make_action

if TYPE_CHECKING:
    from ..context import OpChanges
    from ..menus import MenuBar
    from .panel import SearchPanel

WIDE_SCREEN = 1100  # logical pixels: below this the search dock starts hidden


class SearchActions(QObject):
    def __init__(self, window: Any):
        super().__init__(window)
        self.window = window
        self._panel: SearchPanel | None = None  # made when the dock first shows (see panel)
        self.dock = QDockWidget(_("Search"), window)
        self.dock.setObjectName("search_dock")
        self.dock.setAccessibleName(_("Search"))
        self.dock.visibilityChanged.connect(self._shown)
        self.dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable | QDockWidget.DockWidgetFeature.DockWidgetMovable
        )
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dock)
        # Shown from the start where there is room; on a narrow (or 200 %-scaled) screen, on Ctrl+F.
        screen = window.screen()
        wide = screen is None or screen.availableGeometry().width() >= WIDE_SCREEN
        if wide:
            self._shown(True)
        self.dock.setVisible(wide)

        self.find_action = make_action(window, _("&Find…"), self.find, QKeySequence.StandardKey.Find)
        self.restore_action = make_action(window, _("Restore from &Backup…"), lambda: restore_from_backup(window))

        window.ctx.changed.connect(self._changed)

    @property
    def panel(self) -> SearchPanel:
        """The search box, filters and results: made (and their module loaded) when the dock
        first shows, as it does at start only on a wide screen."""
        if self._panel is None:
            from .panel import SearchPanel

            self._panel = SearchPanel(self.window.ctx)
            self._panel.note_requested.connect(self.open_hit)
            self._panel.event_requested.connect(self.show_event)
            self.dock.setWidget(self._panel)
        return self._panel

    def _shown(self, visible: bool) -> None:
        if visible:
            self.panel  # noqa: B018 - made now, as the dock shows

    def install_menus(self, menus: MenuBar) -> None:
        """Find and Restore from Backup in the File menu (before Preferences and Quit)."""
        menus.add("file.find", self.find_action)
        menus.add("file.restore", self.restore_action)

    def find(self) -> None:
        self.dock.show()
        self.dock.raise_()
        self.panel.focus_search()

    def open_hit(self, note_id: int, item_id: int | None) -> None:
        from .panel import focus_item

        editor = self.window.open_note(note_id)
        if editor is not None:
            focus_item(editor, item_id)

    def show_event(self, event_id: int) -> None:
        from ..models import EVENT

        if self.window.select((EVENT, event_id)):
            self.window.tree.setFocus()

    def _changed(self, op: OpChanges) -> None:
        if self._panel is None:  # (made later, from the data as it is then)
            return
        changes = op.changes
        if changes.delegations or changes.events:
            self.panel.refresh_filters(only_if_loaded=True)
        if self.panel.results() is not None:
            self.panel.schedule()  # the results shown may be stale: search again shortly
