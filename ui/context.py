"""The application context handed to every window: the core, the alert path, change news.

There is no global: :func:`ui.app.run` builds one :class:`AppContext` and passes
it down. Widgets call services through :meth:`AppContext.run`, which turns the
errors meant for the user into alerts and broadcasts what changed. Live edits
go through :attr:`AppContext.autosave`, the background writer (started on first
use, never in a read-only window).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from notetaker.core import Core
from notetaker.domain import ChangeSet
from notetaker.i18n import _, current_language
from notetaker.services import Changed, ServiceError
from notetaker.storage import StorageError

from .alerts import Alerts

if TYPE_CHECKING:
    from .editor.autosave import Autosave

log = logging.getLogger("notetaker.ui")

#: The longest a fact of the session (last note, position) waits for the writer to start.
STATE_DELAY_MS = 1500


def _user_errors() -> tuple[type[BaseException], ...]:
    """The exceptions whose message is written for the user.

    The export package may not be there yet; its error joins when it is.
    """
    errors: tuple[type[BaseException], ...] = (ServiceError, StorageError, OSError)
    try:
        from notetaker.export import ExportError
    except ImportError:
        return errors
    return (*errors, ExportError)


class AppContext(QObject):
    """What the interface shares: the open :class:`Core`, the alerts, and change news."""

    #: Emitted with the :class:`ChangeSet` of every successful mutation made through :meth:`run`.
    changed = Signal(object)

    def __init__(self, core: Core, alerts: Alerts | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.core = core
        self.alerts = alerts if alerts is not None else Alerts()
        #: Another window writes to this database: show, never write (see :mod:`ui.app`).
        self.read_only = False
        self._autosave: Autosave | None = None
        self._pending_state: dict[str, Any] = {}  # facts saved before the writer started
        self._started = False  # whether start_writing() ran: facts then go straight to the writer

    @property
    def autosave(self) -> Autosave | None:
        """The background writer (``None`` in a read-only window)."""
        if self.read_only:
            return None
        if self._autosave is None:
            from .editor.autosave import Autosave

            self._autosave = Autosave(self.core, self)
            self._autosave.saved.connect(self.notify)
            self._autosave.dropped.connect(self._dropped)
        return self._autosave

    @property
    def writing(self) -> bool:
        """Whether the background writer has been started."""
        return self._autosave is not None

    def save_state(self, key: str, value: Any) -> None:
        """Remember a fact of the session (last note, position...) without waiting for the disk.

        Until :meth:`start_writing`, facts wait (at most :data:`STATE_DELAY_MS`): saving
        where the user is must not open the writer's database connection, and import its
        library, while the application starts. Edits of notes never wait.
        """
        if self.read_only:
            return
        if self._started and self._autosave is not None:
            self._autosave.put_state(key, value)
            return
        if not self._pending_state:
            QTimer.singleShot(STATE_DELAY_MS, self, self.start_writing)
        self._pending_state[key] = value

    def load_state(self, key: str, default: Any = None) -> Any:
        """A fact of the session: the one saved last, even if it has not reached the disk yet."""
        if key in self._pending_state:
            return self._pending_state[key]
        value = self.run(self.core.state.get, key, default)
        return default if value is None else value

    def start_writing(self) -> None:
        """Start the background writer, hand it the facts saved meanwhile, and open its store."""
        autosave = self.autosave
        if autosave is None:
            return
        self._started = True
        pending, self._pending_state = self._pending_state, {}
        for key, value in pending.items():
            autosave.put_state(key, value)
        autosave.warm_up()

    def finish_writing(self, timeout: float = 5.0) -> bool:
        """Wait until every edit handed over is on disk (quitting); ``False`` if saving fails."""
        if self._pending_state:
            self.start_writing()
        if self._autosave is None:
            return True
        return self._autosave.flush(timeout)

    def shutdown(self, timeout: float = 5.0) -> bool:
        """Stop the writer after it wrote everything; ``False`` if some edits could not be."""
        if self._pending_state:
            self.start_writing()
        if self._autosave is None:
            return True
        autosave, self._autosave = self._autosave, None
        self._started = False
        return autosave.stop(timeout)

    @property
    def lang(self) -> str:
        """The interface language (for names of delegations, dates...)."""
        return current_language()

    @property
    def report_lang(self) -> str:
        """The language of reports exported from the interface: the preference, else the interface's."""
        from notetaker.i18n import SUPPORTED_LANGUAGES
        from notetaker.preferences import load_preferences

        chosen = load_preferences().report_language
        return chosen if chosen in SUPPORTED_LANGUAGES else current_language()

    def run(self, fn: Callable[..., Any], *args: Any, **kw: Any) -> Any:
        """Call a service; alert and return ``None`` on a user-facing error.

        A :class:`Changed` result is unwrapped: its change-set is emitted on
        :attr:`changed` and its value returned. Other results are returned as they are.
        """
        return self.attempt(fn, *args, **kw)[1]

    def attempt(self, fn: Callable[..., Any], *args: Any, **kw: Any) -> tuple[bool, Any]:
        """Like :meth:`run`, but also says whether the call succeeded.

        For services whose value is ``None`` on success (deletions).
        """
        try:
            result = fn(*args, **kw)
        except _user_errors() as exc:
            self.alerts.error(_message_of(exc))
            return False, None
        if isinstance(result, Changed):
            if result.changes:
                self.changed.emit(result.changes)
            return True, result.value
        return True, result

    def _dropped(self, reasons: list[str]) -> None:
        self.alerts.warning(_("Some edits could not be saved."), "\n".join(dict.fromkeys(reasons)))

    def notify(self, changes: ChangeSet) -> None:
        """Broadcast a change made outside :meth:`run`."""
        if changes:
            self.changed.emit(changes)


def _message_of(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{exc.strerror}{where}"
    return str(exc) or type(exc).__name__
