"""What imports keep besides notes and items: the decisions a merged note was imported with,
and the exchange file each imported item came from. Plain-SQL reads (see :mod:`.reads`); the
import writes these rows with the rest, in its transaction (``services/exchange.py``)."""

from __future__ import annotations

import sqlite3

from ..domain import OpenDecision
from .reads import records


def open_decisions(con: sqlite3.Connection, note_id: int) -> tuple[OpenDecision, ...]:
    """The decisions left open in note ``note_id``, in the order of the file they came from."""
    return tuple(
        OpenDecision(r.decision_id, r.kind, r.section, tuple(r.members or ()), r.reason or "")
        for r in records(con, "SELECT decision_id, kind, section, members, reason FROM open_decisions "
                              "WHERE note_id = ? ORDER BY position, id", (note_id,))
    )


def item_files(con: sqlite3.Connection, note_id: int) -> dict[str, str]:
    """Item uid -> the name of the exchange file it was last imported from (imported items only)."""
    return {
        r.uid: r.file
        for r in records(con, "SELECT items.uid AS uid, item_sources.file AS file FROM item_sources "
                              "JOIN items ON items.id = item_sources.item_id WHERE items.note_id = ?", (note_id,))
    }
