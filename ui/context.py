"""The application context handed to every window: the core, the alert path, change news.

There is no global: :func:`ui.app.run` builds one :class:`AppContext` and passes
it down. Three rules hold for every widget (docs/architecture.md):

- **One alert path.** Widgets call services through :meth:`AppContext.run` (or
  :meth:`~AppContext.attempt`), which turns the errors meant for the user into
  alerts (logged too) and broadcasts what changed.
- **One sync step.** Whatever reads what the user typed from the database (an
  export, the exchange file, a merge, a search, a backup) first calls
  :meth:`AppContext.sync`, or runs through :meth:`AppContext.run_synced`: every
  open editor hands its edits over and the background writer puts them on disk.
- **Views react to change-sets.** :attr:`AppContext.changed` carries an
  :class:`OpChanges`: the :class:`~notetaker.domain.ChangeSet` and who made it (the
  view that called :meth:`run`, or the background writer). Each view looks at the
  parts that concern it and ignores its own changes.

Live edits go through :attr:`AppContext.autosave`, the background writer (started
on first use, never in a read-only window).
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from shiboken6 import isValid

from notetaker.core import Core
from notetaker.domain import ChangeSet
from notetaker.i18n import _, current_language
from notetaker.services import Changed, ServiceError
from notetaker.storage import StorageError

from .alerts import Alerts

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from notetaker.capture.writer import WriterStatus

    from .editor.autosave import Autosave, EditCollector

log = logging.getLogger("notetaker.ui")

#: The longest a fact of the session (last note, position) waits for the writer to start.
STATE_DELAY_MS = 1500
#: The longest the sync step waits for the writer to put the edits on disk.
SYNC_WAIT_S = 10.0

#: The initiator of the changes the background writer made (the editors' live edits).
WRITER = "writer"


@dataclass(frozen=True, slots=True)
class OpChanges:
    """What :attr:`AppContext.changed` carries: the change-set and who made it.

    ``initiator`` is the object given to :meth:`AppContext.run` (usually the view that
    asked), :data:`WRITER` for the background writer's batches of live edits, or
    ``None``. A view ignores the changes it initiated itself: it shows them already.
    """

    changes: ChangeSet
    initiator: object = None

    @property
    def by_writer(self) -> bool:
        return self.initiator == WRITER


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

    #: Emitted with the :class:`OpChanges` of every successful mutation (through :meth:`run`,
    #: or written by the background writer).
    changed = Signal(object)
    #: Emitted with the writer's :class:`~notetaker.capture.writer.WriterStatus` when it changes
    #: (the "All changes saved" label and the editors' banners follow the writer alone).
    writerStatus = Signal(object)

    def __init__(self, core: Core, alerts: Alerts | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.core = core
        self.alerts = alerts if alerts is not None else Alerts()
        #: Another window writes to this database: show, never write (see :mod:`ui.app`).
        self.read_only = False
        self._autosave: Autosave | None = None
        self._pending_state: dict[str, Any] = {}  # facts saved before the writer started
        self._started = False  # whether start_writing() ran: facts then go straight to the writer
        self._collectors: weakref.WeakSet[EditCollector] = weakref.WeakSet()  # open editors' edits

    @property
    def autosave(self) -> Autosave | None:
        """The background writer (``None`` in a read-only window)."""
        if self.read_only:
            return None
        if self._autosave is None:
            from .editor.autosave import Autosave

            self._autosave = Autosave(self.core, self)
            self._autosave.saved.connect(self._written)
            self._autosave.dropped.connect(self._dropped)
            self._autosave.statusChanged.connect(self.writerStatus.emit)
        return self._autosave

    def _written(self, changes: ChangeSet) -> None:
        """The writer wrote a batch: its changes are news, and so is its status (saved now)."""
        self.notify(changes, WRITER)
        if self._autosave is not None:
            self.writerStatus.emit(self._autosave.status())

    def writer_status(self) -> WriterStatus | None:
        """The background writer's status (``None`` while it has not started)."""
        return self._autosave.status() if self._autosave is not None else None

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

    # -- the sync step --------------------------------------------------------------------------
    def track(self, collector: EditCollector) -> None:
        """An open editor's edits, handed over by :meth:`sync` as long as the editor lives."""
        self._collectors.add(collector)
        collector.destroyed.connect(lambda *_args: self._collectors.discard(collector))

    def sync(self, timeout: float = SYNC_WAIT_S) -> bool:
        """Put everything typed so far on disk: every open editor hands its edits over and
        the writer writes them. ``False`` if saving is failing (then at once: the edits stay
        in memory and in the recovery file, and saving resumes by itself)."""
        for collector in list(self._collectors):
            if isValid(collector):  # (a closed editor's, deleted but not yet told)
                collector.collect()
        if self._pending_state:
            self.start_writing()
        if self._autosave is None:
            return True
        return self._autosave.flush(timeout)

    def run_synced(
        self, what: str, fn: Callable[..., Any], *args: Any, parent: QWidget | None = None, **kw: Any
    ) -> Any:
        """:meth:`sync`, then :meth:`run`: for every operation that reads what the user typed.

        When saving is failing, the user is asked whether ``what`` (e.g. "the export")
        should go on without the edits not yet saved; ``None`` if not.
        """
        if not self.confirm_synced(what, parent):
            return None
        return self.run(fn, *args, **kw)

    def confirm_synced(self, what: str, parent: QWidget | None = None) -> bool:
        """:meth:`sync`; when saving is failing, whether the user wants ``what`` all the same."""
        if self.sync():
            return True
        return self.alerts.confirm(
            _("Saving is failing: the last edits are not in the database yet, and {what} would "
              "leave them out. Go on anyway?").format(what=what),
            parent,
        )

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

    def run(self, fn: Callable[..., Any], *args: Any, initiator: object = None, **kw: Any) -> Any:
        """Call a service; alert and return ``None`` on a user-facing error.

        A :class:`Changed` result is unwrapped: its change-set is emitted on
        :attr:`changed` (as made by ``initiator``) and its value returned. Other results
        are returned as they are.
        """
        return self.attempt(fn, *args, initiator=initiator, **kw)[1]

    def attempt(self, fn: Callable[..., Any], *args: Any, initiator: object = None, **kw: Any) -> tuple[bool, Any]:
        """Like :meth:`run`, but also says whether the call succeeded.

        For services whose value is ``None`` on success (deletions).
        """
        try:
            result = fn(*args, **kw)
        except _user_errors() as exc:
            self.alerts.error(_message_of(exc))
            return False, None
        if isinstance(result, Changed):
            self.notify(result.changes, initiator)
            return True, result.value
        return True, result

    def _dropped(self, reasons: list[str]) -> None:
        self.alerts.warning(_("Some edits could not be saved."), "\n".join(dict.fromkeys(reasons)))

    def notify(self, changes: ChangeSet, initiator: object = None) -> None:
        """Broadcast a change made outside :meth:`run` (the writer's, a worker's)."""
        if changes:
            self.changed.emit(OpChanges(changes, initiator))


def _message_of(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{exc.strerror}{where}"
    return str(exc) or type(exc).__name__
