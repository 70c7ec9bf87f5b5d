"""Small persistent facts about the user's session (last note open, and such)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..storage import Database, lazy_module, reads

if TYPE_CHECKING:
    from ..storage import orm
else:
    orm = lazy_module("orm")  # SQLAlchemy's ORM, for writes: loaded on the first one


class StateService:
    def __init__(self, db: Database):
        self._db = db

    def get(self, key: str, default: Any = None) -> Any:
        with self._db.reading() as con:
            return reads.state_value(con, key, default)

    def set(self, key: str, value: Any) -> None:
        with self._db.session() as s:
            row = s.get(orm.AppStateRow, key)
            if row is None:
                s.add(orm.AppStateRow(key=key, value=value, updated_at=orm.utcnow()))
            else:
                row.value = value
                row.updated_at = orm.utcnow()
