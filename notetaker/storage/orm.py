"""What the services' writes use of SQLAlchemy: the ORM models, and sessions' queries.

Services add, change and delete rows in a session; they build no queries (all SQL lives
in this package): what they need to find is a function here or in a module beside it.

Services import this module lazily (:func:`notetaker.storage.lazy_module`), so that
SQLAlchemy is loaded on the first write rather than at start; reads need none
of it (:mod:`.reads`).
"""

from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import (
    AppStateRow,
    DelegationRow,
    EventRow,
    ItemDelegationRow,
    ItemRow,
    NoteRow,
    utcnow,
)

Row = TypeVar("Row")


def all_rows(s: Session, model: type[Row]) -> list[Row]:
    """Every row of ``model``'s table."""
    return list(s.scalars(select(model)))


__all__ = [
    "AppStateRow",
    "DelegationRow",
    "EventRow",
    "ItemDelegationRow",
    "ItemRow",
    "NoteRow",
    "Session",
    "all_rows",
    "utcnow",
]
