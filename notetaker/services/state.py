"""Small persistent facts about the user's session (last note open, and such)."""

from __future__ import annotations

from typing import Any

from ..storage import Database
from ..storage.models import AppStateRow, utcnow


class StateService:
    def __init__(self, db: Database):
        self._db = db

    def get(self, key: str, default: Any = None) -> Any:
        with self._db.session() as s:
            row = s.get(AppStateRow, key)
            return default if row is None else row.value

    def set(self, key: str, value: Any) -> None:
        with self._db.session() as s:
            row = s.get(AppStateRow, key)
            if row is None:
                s.add(AppStateRow(key=key, value=value, updated_at=utcnow()))
            else:
                row.value = value
                row.updated_at = utcnow()
