"""The background writer: edits reach the disk on this thread, never on the interface's.

The interface calls :meth:`Writer.put_item` and friends with plain snapshots;
each call only records the snapshot under a lock (microseconds) and wakes the
thread. The thread takes everything pending as one :class:`Batch`, writes it
in one short transaction (SQLite in WAL mode with ``synchronous=FULL``: durable
when the commit returns), and reports back through callbacks, which run on the
writer thread (the interface turns them into queued Qt signals).

When writing fails for a reason that may pass (disk full, read-only file, I/O
error, locked database), the batch goes back under the newer edits, the
pending edits are spilled to the :class:`RecoveryFile`, and the writer tries
again with a growing delay (:data:`BACKOFF`, its last one repeated) until it works;
then the recovery file is removed and the status says so. Edits the database
refuses for good (the note was deleted or locked meanwhile) are dropped and
reported.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ..domain import ChangeSet, Item
from ..i18n import _
from .batch import Batch
from .recovery import RecoveryFile

log = logging.getLogger(__name__)

BACKOFF: tuple[float, ...] = (0.25, 0.5, 1.0, 2.0)


class Store(Protocol):
    def apply(self, batch: Batch) -> Any: ...  # an object with .changes and .dropped


class LazyStore:
    """The store ``factory`` makes, made on the writer thread when the first batch comes.

    The capture store imports SQLAlchemy: made there, that happens on the
    writer's thread once the window is up, not while the application starts.
    """

    def __init__(self, factory: Callable[[], Store]):
        self._factory = factory
        self._store: Store | None = None
        self._lock = threading.Lock()

    def apply(self, batch: Batch) -> Any:
        return self._get().apply(batch)

    def warm(self) -> None:
        """Make the store now, on a thread of its own, so that the first batch need not wait."""
        threading.Thread(target=self._warm, name="notetaker-store", daemon=True).start()

    def _warm(self) -> None:
        try:
            self._get()
        except Exception:  # the first batch tries again, and reports
            log.warning("the store could not be opened ahead of the first batch", exc_info=True)

    def _get(self) -> Store:
        with self._lock:
            if self._store is None:
                self._store = self._factory()
            return self._store

    def close(self) -> None:
        with self._lock:
            store, self._store = self._store, None
        close = getattr(store, "close", None)
        if close is not None:
            close()


@dataclass(frozen=True, slots=True)
class WriterStatus:
    ok: bool  # the last attempt succeeded
    error: str = ""  # why saving fails
    recovery: Path | None = None  # where the pending edits were spilled, if anywhere
    pending: int = 0  # edits waiting

    def message(self) -> str:
        if self.ok:
            return _("All changes saved.")
        where = (
            _("A copy of the unsaved edits is in {path}.").format(path=self.recovery)
            if self.recovery
            else _("They could not be copied to a recovery file either: do not quit.")
        )
        return " ".join(
            (
                _("Saving is failing: {error}.").format(error=self.error.rstrip(".")),
                _("You can keep typing: {count} edit(s) are kept in memory and saving resumes by itself.").format(
                    count=self.pending
                ),
                where,
            )
        )


class Writer:
    def __init__(
        self,
        store: Store,
        recovery: RecoveryFile | None = None,
        *,
        on_status: Callable[[WriterStatus], object] | None = None,
        on_saved: Callable[[ChangeSet], object] | None = None,
        on_dropped: Callable[[Sequence[str]], object] | None = None,
        backoff: Sequence[float] = BACKOFF,
        name: str = "notetaker-writer",
    ):
        self._store = store
        self._recovery = recovery
        self._on_status = on_status
        self._on_saved = on_saved
        self._on_dropped = on_dropped
        self._backoff = tuple(backoff) or BACKOFF
        self._cond = threading.Condition()
        self._pending = Batch()
        self._submitted = 0  # generation of the newest edit
        self._written = 0  # every edit up to this generation is on disk
        self._inflight = False
        self._failing = False
        self._attempts = 0
        self._retry_at = 0.0
        self._kick = False
        self._stopping = False
        self._error = ""
        self._spilled: Path | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    # -- life -------------------------------------------------------------------------------
    def start(self) -> Writer:
        self._thread.start()
        return self

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def stop(self, timeout: float = 10.0) -> bool:
        """Write what is pending (one last try when failing) and end the thread.

        ``True`` when everything reached the database; otherwise the pending
        edits are in the recovery file (if one could be written).
        """
        done = self.flush(timeout)
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._thread.is_alive():
            self._thread.join(timeout)
        if not done:
            self._spill()
        return done and not self.pending

    # -- edits (called from the interface thread: no I/O here) ---------------------------------
    def put_item(self, note_id: int, item: Item) -> None:
        self._put(lambda b: b.put_item(note_id, item))

    def remove_item(self, note_id: int, uid: str) -> None:
        self._put(lambda b: b.remove_item(note_id, uid))

    def put_order(self, note_id: int, section: str, uids: Sequence[str]) -> None:
        self._put(lambda b: b.put_order(note_id, section, tuple(uids)))

    def put_note(self, note_id: int, **fields: Any) -> None:
        self._put(lambda b: b.put_note(note_id, **fields))

    def put_state(self, key: str, value: Any) -> None:
        self._put(lambda b: b.put_state(key, value))

    def put_batch(self, batch: Batch) -> None:
        """Queue a whole batch (recovered edits) beneath anything newer."""
        self._put(lambda b: b.absorb_older(batch))

    def _put(self, change: Callable[[Batch], object]) -> None:
        with self._cond:
            change(self._pending)
            self._submitted += 1
            self._cond.notify_all()

    # -- state -------------------------------------------------------------------------------
    @property
    def pending(self) -> bool:
        with self._cond:
            return bool(self._pending) or self._inflight

    @property
    def failing(self) -> bool:
        return self._failing

    def status(self) -> WriterStatus:
        with self._cond:
            return WriterStatus(not self._failing, self._error, self._spilled, len(self._pending))

    def flush(self, timeout: float | None = None) -> bool:
        """Write now; with a ``timeout``, wait until it is written.

        Returns whether everything submitted so far is on disk (``False`` at
        once when saving is failing and the immediate retry failed too).
        """
        with self._cond:
            target = self._submitted
            if self._written >= target:
                return True
            self._kick = True
            self._cond.notify_all()
            if timeout is None:
                return False
            deadline = time.monotonic() + timeout
            attempts = self._attempts
            while self._written < target:
                if self._failing and self._attempts > attempts and not self._inflight:
                    return False  # the retry we asked for failed as well
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not self._thread.is_alive():
                    return False
                self._cond.wait(remaining)
            return True

    # -- the thread ---------------------------------------------------------------------------
    def _next_batch(self) -> tuple[Batch, int] | None:
        with self._cond:
            while True:
                now = time.monotonic()
                if self._pending and (not self._failing or self._kick or now >= self._retry_at):
                    break
                if self._stopping:
                    return None
                wait = max(0.0, self._retry_at - now) if self._failing and self._pending else None
                self._cond.wait(wait)
            self._kick = False
            self._inflight = True
            return self._pending.take(), self._submitted

    def _run(self) -> None:
        while True:
            taken = self._next_batch()
            if taken is None:
                return
            batch, generation = taken
            try:
                result = self._store.apply(batch)
            except Exception as exc:  # transient: the store raises only what may pass
                self._failed(batch, exc)
                continue
            self._succeeded(generation, result)

    def _failed(self, batch: Batch, exc: BaseException) -> None:
        reason = _reason(exc)
        with self._cond:
            self._pending.absorb_older(batch)
            first = not self._failing
            self._failing = True
            self._error = reason
            delay = self._backoff[min(self._attempts, len(self._backoff) - 1)]
            self._attempts += 1
            self._retry_at = time.monotonic() + delay
        if first:
            log.warning("saving failed, retrying: %s", reason)
        self._spill()
        self._report()
        with self._cond:  # only now: a waiting flush() sees the spill and the report done
            self._inflight = False
            self._cond.notify_all()

    def _succeeded(self, generation: int, result: Any) -> None:
        with self._cond:
            self._inflight = False
            recovered = self._failing
            self._failing = False
            self._attempts = 0
            self._error = ""
            # The batch held every edit up to its generation not written before.
            self._written = max(self._written, generation)
            self._cond.notify_all()
        if recovered:
            log.info("saving works again")
            if self._recovery is not None:
                self._recovery.remove()
                self._spilled = None
            self._report()
        changes = getattr(result, "changes", None)
        if changes and self._on_saved is not None:
            self._on_saved(changes)
        dropped = list(getattr(result, "dropped", ()) or ())
        if dropped and self._on_dropped is not None:
            self._on_dropped(dropped)

    def _spill(self) -> None:
        if self._recovery is None:
            return
        with self._cond:
            if not self._pending and not self._failing:
                return
            snapshot = self._pending.copy()
        if not snapshot:
            return
        self._spilled = self._recovery.write(snapshot)

    def _report(self) -> None:
        if self._on_status is not None:
            self._on_status(self.status())


def _reason(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc) or type(exc).__name__
    return text.splitlines()[0]
