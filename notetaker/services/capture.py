"""Writing what live capture produced: coalesced snapshots, applied in one short transaction.

:class:`CaptureStore` is used by the background writer
(:mod:`notetaker.capture.writer`) on its own thread, through a connection of its
own (:class:`~notetaker.storage.items.ItemStore`); it never hands out ORM objects
and never receives any. Items are addressed by their ``uid``, which the interface
gives a new item before it exists on disk, so that creating an item never waits
for the database. The rules an edit must follow are the storage's
(:mod:`notetaker.storage.items`), the same for every way items are written.

Errors are sorted in two kinds: *refusals* (the note is gone or locked, a
delegation unknown...), after which the edit is dropped and reported, and every
other failure (disk full, read-only file, I/O error, database locked), which is
*transient*: the batch is kept and tried again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..capture.batch import Batch
from ..domain import ChangeSet
from ..storage.items import ItemStore, Refused

if TYPE_CHECKING:
    from ..core import Core

log = logging.getLogger(__name__)


@dataclass
class ApplyResult:
    changes: ChangeSet = field(default_factory=ChangeSet)
    dropped: list[str] = field(default_factory=list)  # why edits were refused, for the user


def is_transient(exc: BaseException) -> bool:
    """Whether trying again later may succeed (everything but a refusal)."""
    return not isinstance(exc, Refused)


class CaptureStore:
    def __init__(self, store: ItemStore):
        self._store = store

    @classmethod
    def for_core(cls, core: Core) -> CaptureStore:
        """The store of the background writer of ``core``'s database (a connection of its own)."""
        return cls(ItemStore(core.db.url, core.templates))

    def close(self) -> None:
        self._store.close()

    def apply(self, batch: Batch) -> ApplyResult:
        """Write ``batch`` in one transaction.

        Raises on a transient failure (nothing of the batch is written). When part
        of the batch is refused, every edit is tried on its own and the refused
        ones are dropped (their reasons in :attr:`ApplyResult.dropped`).
        """
        try:
            return ApplyResult(self._store.write(batch))
        except Refused:
            pass
        result = ApplyResult()
        merged: list[ChangeSet] = []
        for single in split(batch):
            try:
                merged.append(self._store.write(single))
            except Refused as exc:
                log.warning("edit dropped: %s", exc)
                result.dropped.append(str(exc))
        result.changes = union(merged)
        return result


def split(batch: Batch) -> Iterable[Batch]:
    """One batch per edit (an item with its section's order, a removal, a note, a state key)."""
    for note_id, item in batch.items.values():
        single = Batch()
        single.put_item(note_id, item)
        order = batch.orders.get((note_id, item.section))
        if order is not None:
            single.put_order(note_id, item.section, order)
        yield single
    for uid, note_id in batch.removed.items():
        single = Batch()
        single.remove_item(note_id, uid)
        yield single
    for (note_id, section), uids in batch.orders.items():
        single = Batch()
        single.put_order(note_id, section, uids)
        yield single
    for note_id, fields in batch.notes.items():
        single = Batch()
        single.put_note(note_id, **fields)
        yield single
    for key, value in batch.state.items():
        single = Batch()
        single.put_state(key, value)
        yield single


def union(changes: Iterable[ChangeSet]) -> ChangeSet:
    total = ChangeSet()
    for c in changes:
        total |= c
    return total


__all__ = ["ApplyResult", "CaptureStore", "Refused", "is_transient"]
