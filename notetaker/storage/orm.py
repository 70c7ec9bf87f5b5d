"""What the services' writes use of SQLAlchemy: the ORM models and query builders.

Services import this module lazily (:func:`notetaker.storage.lazy_module`), so that
SQLAlchemy is loaded on the first write rather than at start; reads need none
of it (:mod:`.reads`).
"""

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from .models import (
    AppStateRow,
    DelegationRow,
    EventRow,
    ItemDelegationRow,
    ItemRow,
    NoteRow,
    utcnow,
)

__all__ = [
    "AppStateRow",
    "DelegationRow",
    "EventRow",
    "ItemDelegationRow",
    "ItemRow",
    "NoteRow",
    "Session",
    "func",
    "select",
    "selectinload",
    "utcnow",
]
