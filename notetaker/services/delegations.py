"""The delegations roster: built-in entries kept in step with the shipped file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..domain import ChangeSet, Delegation, DelegationKind
from ..i18n import _
from ..roster import builtin_roster_digest, load_builtin_roster
from ..storage import Database, lazy_module, reads
from ..storage.convert import delegation_from_row
from .base import Changed, ValidationError

if TYPE_CHECKING:
    from ..storage import orm
else:
    orm = lazy_module("orm")  # SQLAlchemy's ORM, for writes: loaded on the first one


#: The session-state key of the digest of the roster last synced (see :meth:`DelegationService.sync_builtin`).
ROSTER_DIGEST_KEY = "builtin_roster_digest"


class DelegationService:
    def __init__(self, db: Database):
        self._db = db
        self._cache: list[Delegation] | None = None

    def sync_builtin(self) -> None:
        """Insert or refresh the shipped roster; user-added entries are left alone.

        Nothing is done when the roster is the one last synced (its digest is
        kept in the session state); the database is written (and the ORM
        imported) only when it differs from the roster.
        """
        digest = builtin_roster_digest()
        with self._db.reading() as con:
            if reads.state_value(con, ROSTER_DIGEST_KEY) == digest:
                return
            stored = {d.code: d for d in reads.delegations(con)}
        roster = load_builtin_roster()
        same = all(_same_entry(stored.get(d.code), d) for d in roster)
        with self._db.session() as s:
            state = s.get(orm.AppStateRow, ROSTER_DIGEST_KEY)
            if state is None:
                s.add(orm.AppStateRow(key=ROSTER_DIGEST_KEY, value=digest, updated_at=orm.utcnow()))
            else:
                state.value, state.updated_at = digest, orm.utcnow()
            if same:
                return
            existing = {r.code: r for r in orm.all_rows(s, orm.DelegationRow)}
            for d in roster:
                row = existing.get(d.code)
                if row is None:
                    row = orm.DelegationRow(code=d.code)
                    s.add(row)
                values = (d.kind.value, dict(d.names), dict(d.acronyms), list(d.members), True)
                if (row.kind, row.names, row.acronyms, row.members, row.builtin) != values:
                    row.kind, row.names, row.acronyms, row.members, row.builtin = values
        self._cache = None

    def invalidate(self) -> None:
        """Forget the cached roster (after delegations were added behind this service's back)."""
        self._cache = None

    def all(self) -> list[Delegation]:
        if self._cache is None:
            with self._db.reading() as con:
                self._cache = reads.delegations(con)
        return list(self._cache)

    def by_code(self) -> dict[str, Delegation]:
        return {d.code: d for d in self.all()}

    def add(self, code: str, kind: DelegationKind, name_en: str, name_es: str = "") -> Changed[Delegation]:
        """Add a stakeholder that the shipped roster does not know."""
        code = code.strip()
        if not code or len(code) > 32:
            raise ValidationError(_("A delegation code is 1 to 32 characters."))
        if not name_en.strip():
            raise ValidationError(_("A delegation needs a name."))
        with self._db.session() as s:
            if s.get(orm.DelegationRow, code) is not None:
                raise ValidationError(_("The code {code} is already in use.").format(code=code))
            names = {"en": name_en.strip()}
            if name_es.strip():
                names["es"] = name_es.strip()
            row = orm.DelegationRow(code=code, kind=kind.value, names=names, acronyms={}, members=[], builtin=False)
            s.add(row)
            s.flush()
            created = delegation_from_row(row)
        self._cache = None
        return Changed(created, ChangeSet(delegations=True))


def _same_entry(stored: Delegation | None, shipped: Delegation) -> bool:
    """Whether the database already holds the shipped entry as it is."""
    return stored is not None and stored.builtin and (
        stored.kind, stored.names, stored.acronyms, stored.members
    ) == (shipped.kind, dict(shipped.names), dict(shipped.acronyms), tuple(shipped.members))
