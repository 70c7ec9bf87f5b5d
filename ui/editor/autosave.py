"""Autosave, seen from Qt: the one background writer of the application, and each editor's edits.

Typing never waits on the disk. A keystroke only marks its row dirty in the
editor's :class:`EditCollector` (a set insertion). At most
:data:`COLLECT_MS` later, the collector takes a plain snapshot of each dirty
row (a domain :class:`~notetaker.domain.Item`, no widget, no ORM object) and
hands it to the application's :class:`Autosave`, whose
:class:`~notetaker.capture.writer.Writer` thread writes it in its own short
transaction. Every edit is so on disk well within a second of the keystroke.
Leaving a field, the window losing focus, closing a note and quitting hand
over at once (:meth:`EditCollector.collect`); what reads the database first waits for the
writer too (:meth:`ui.context.AppContext.sync`).

The writer reports from its thread; :class:`Autosave` turns that into queued
Qt signals (``statusChanged``, ``saved``, ``dropped``) handled on the interface thread.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from notetaker.capture.batch import Batch
from notetaker.capture.recovery import RecoveryFile
from notetaker.capture.writer import LazyStore, Writer, WriterStatus
from notetaker.core import Core
from notetaker.domain import Item

log = logging.getLogger("notetaker.ui")

#: Longest wait between a keystroke and the hand-over of its row to the writer.
COLLECT_MS = 150
#: How long quitting waits for the writer before relying on the recovery file.
QUIT_WAIT_S = 5.0
#: The longest the writer thread may hold Python's interpreter lock while the UI thread
#: waits for it (Python's default is 5 ms, and a keystroke may need the lock several times).
SWITCH_INTERVAL_S = 0.0005


class Autosave(QObject):
    """The application's background writer."""

    statusChanged = Signal(object)  # WriterStatus
    saved = Signal(object)  # ChangeSet of a batch written
    dropped = Signal(list)  # reasons of edits the database refused

    def __init__(self, core: Core, parent: QObject | None = None):
        super().__init__(parent)
        if sys.getswitchinterval() > SWITCH_INTERVAL_S:
            sys.setswitchinterval(SWITCH_INTERVAL_S)
        self.store = LazyStore(lambda: _capture_store(core))
        self.recovery = RecoveryFile(core.db.path)
        self.writer = Writer(
            self.store,
            self.recovery,
            on_status=self.statusChanged.emit,
            on_saved=self.saved.emit,
            on_dropped=self.dropped.emit,
        ).start()

    def warm_up(self) -> None:
        """Open the database store (importing SQLAlchemy) now, off the interface thread."""
        self.store.warm()

    # -- edits ---------------------------------------------------------------------------------
    def put_item(self, note_id: int, item: Item) -> None:
        self.writer.put_item(note_id, item)

    def remove_item(self, note_id: int, uid: str) -> None:
        self.writer.remove_item(note_id, uid)

    def put_order(self, note_id: int, section: str, uids: Sequence[str]) -> None:
        self.writer.put_order(note_id, section, uids)

    def put_note(self, note_id: int, **fields: Any) -> None:
        self.writer.put_note(note_id, **fields)

    def put_state(self, key: str, value: Any) -> None:
        self.writer.put_state(key, value)

    def put_batch(self, batch: Batch) -> None:
        self.writer.put_batch(batch)

    # -- state -----------------------------------------------------------------------------------
    @property
    def pending(self) -> bool:
        return self.writer.pending

    @property
    def failing(self) -> bool:
        return self.writer.failing

    def status(self) -> WriterStatus:
        return self.writer.status()

    def flush(self, timeout: float | None = None) -> bool:
        return self.writer.flush(timeout)

    def stop(self, timeout: float = QUIT_WAIT_S) -> bool:
        done = self.writer.stop(timeout)
        self.store.close()
        return done


def _capture_store(core: Core) -> Any:
    from notetaker.services.capture import CaptureStore  # SQLAlchemy: on the writer thread

    return CaptureStore.for_core(core)


class Snapshotting(Protocol):
    uid: str

    def snapshot(self) -> Item: ...


class EditCollector(QObject):
    """One note's dirty rows, handed to the writer at most :data:`COLLECT_MS` after an edit."""

    def __init__(
        self,
        autosave: Callable[[], Autosave | None],
        note_id: int,
        parent: QObject | None = None,
        delay_ms: int = COLLECT_MS,
    ):
        super().__init__(parent)
        self._autosave = autosave
        self.note_id = note_id
        self._rows: dict[str, Snapshotting] = {}
        self._note: dict[str, Any] = {}
        self._orders: dict[str, Callable[[], Sequence[str]]] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.collect)
        self.collect_seconds: list[float] = []  # how long each hand-over took (for the benchmark)

    # -- marking ---------------------------------------------------------------------------------
    def touch(self, row: Snapshotting) -> None:
        """A row changed: its snapshot goes to the writer soon (not restarted by further typing)."""
        self._rows[row.uid] = row
        if not self._timer.isActive():
            self._timer.start()

    def note(self, **fields: Any) -> None:
        self._note.update(fields)
        if not self._timer.isActive():
            self._timer.start()

    def order(self, section: str, uids: Callable[[], Sequence[str]]) -> None:
        """The order of a section changed (read when handed over)."""
        self._orders[section] = uids
        if not self._timer.isActive():
            self._timer.start()

    def forget(self, uid: str) -> None:
        self._rows.pop(uid, None)

    @property
    def dirty(self) -> bool:
        return bool(self._rows or self._note or self._orders)

    # -- handing over ------------------------------------------------------------------------------
    def collect(self) -> None:
        self._timer.stop()
        if not self.dirty:
            return
        started = time.perf_counter()
        self._hand_over()
        self.collect_seconds.append(time.perf_counter() - started)

    def _hand_over(self) -> None:
        autosave = self._autosave()
        if autosave is None:  # read-only: nothing is written
            self._rows.clear()
            self._note.clear()
            self._orders.clear()
            return
        rows, self._rows = self._rows, {}
        orders, self._orders = self._orders, {}
        for row in rows.values():
            autosave.put_item(self.note_id, row.snapshot())
        for section, uids in orders.items():
            autosave.put_order(self.note_id, section, tuple(uids()))
        if self._note:
            fields, self._note = self._note, {}
            autosave.put_note(self.note_id, **fields)

    def remove(self, uid: str, section: str, uids: Callable[[], Sequence[str]]) -> None:
        """An item was removed: tell the writer now (with its section's new order)."""
        self.forget(uid)
        autosave = self._autosave()
        if autosave is not None:
            autosave.remove_item(self.note_id, uid)
        self.order(section, uids)

    def discard(self) -> None:
        self._timer.stop()
        self._rows.clear()
        self._note.clear()
        self._orders.clear()
