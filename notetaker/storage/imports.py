"""What imports and saved merges need of the database besides items (which go through
:mod:`.items`): the decisions a merged note was imported with, the exchange file each
imported item came from, and finding the records a document names by uid.

The first functions are plain-SQL reads (see :mod:`.reads`); the others work in the ORM
session of the import or merge (``services/exchange.py``), in its transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain import OpenDecision
from .models import DelegationRow, EventRow, ItemSourceRow, NoteRow, OpenDecisionRow
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


# -- in the session of an import or a merge --------------------------------------------------


def event_row(s: Session, uid: str) -> EventRow | None:
    return s.scalar(select(EventRow).where(EventRow.uid == uid))


def note_row(s: Session, uid: str) -> NoteRow | None:
    return s.scalar(select(NoteRow).where(NoteRow.uid == uid))


def delegation_codes(s: Session) -> set[str]:
    """Every code of the roster."""
    return set(s.scalars(select(DelegationRow.code)))


def open_decision_ids(s: Session, note_id: int) -> set[str]:
    """The ids of the decisions note ``note_id`` keeps."""
    return set(s.scalars(select(OpenDecisionRow.decision_id).where(OpenDecisionRow.note_id == note_id)))


def keep_open_decisions(s: Session, note_id: int, decisions: Sequence[OpenDecision], now: datetime) -> None:
    """Keep ``decisions`` with note ``note_id``, after those it keeps already."""
    first = 1 + (s.scalar(select(func.max(OpenDecisionRow.position)).where(OpenDecisionRow.note_id == note_id)) or 0)
    s.add_all(
        OpenDecisionRow(note_id=note_id, decision_id=d.id, kind=d.kind, section=d.section, members=list(d.items),
                        reason=d.reason, position=first + k, created_at=now)
        for k, d in enumerate(decisions)
    )


def remember_file(s: Session, item_ids: Iterable[int], file: str, now: datetime) -> None:
    """Each of these items was last imported from the exchange file named ``file``."""
    for item_id in item_ids:
        source = s.get(ItemSourceRow, item_id)
        if source is None:
            s.add(ItemSourceRow(item_id=item_id, file=file, updated_at=now))
        else:
            source.file, source.updated_at = file, now


def lock_notes(s: Session, uids: Sequence[str]) -> list[int]:
    """Lock the notes with these uids (the sources of a merge); their ids."""
    locked = []
    for row in s.scalars(select(NoteRow).where(NoteRow.uid.in_(list(uids)))):
        row.locked = True
        locked.append(row.id)
    return locked
