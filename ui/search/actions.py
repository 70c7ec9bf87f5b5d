"""What issue 7 adds to the main window: the search dock (Ctrl+F) and "Restore from backup…".

``MainWindow`` builds one :class:`SearchActions` after its own menus; every
other part stays in :mod:`ui.search.panel` and :mod:`ui.recovery`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu

from notetaker.i18n import _

from ..recovery import restore_from_backup
from ..widgets.actions import make_action

if TYPE_CHECKING:
    from ..context import OpChanges
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

    def install_menus(self) -> None:
        """Find in the Edit (else File) menu; Restore in the File menu, before Quit."""
        menus = [a.menu() for a in self.window.menuBar().actions() if isinstance(a.menu(), QMenu)]
        quit_action = getattr(self.window, "quit_action", None)
        file_menu = next((m for m in menus if quit_action in m.actions()), menus[0] if menus else None)
        if file_menu is None:
            return
        if quit_action is not None:
            file_menu.insertAction(quit_action, self.restore_action)
            file_menu.insertSeparator(quit_action)
        else:
            file_menu.addAction(self.restore_action)
        edit_menu = next((m for m in menus if m.title() == _("&Edit")), file_menu)
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)

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
