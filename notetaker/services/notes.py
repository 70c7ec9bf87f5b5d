"""Notes and their items: the unit of live capture."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..domain import (
    ChangeSet,
    Item,
    Note,
    NoteStatus,
    NoteSummary,
    Provenance,
    SectionKind,
    new_uid,
)
from ..i18n import _
from ..richtext import RichText
from ..storage import Database, lazy_orm, reads
from ..storage.convert import item_from_row, note_summary_from_row, provenance_to_data
from ..templates import TemplateLibrary
from .base import Changed, NotFound, ValidationError

if TYPE_CHECKING:
    from ..storage import orm
    from ..storage.orm import ItemRow, NoteRow, Session
else:
    orm = lazy_orm()  # SQLAlchemy's ORM, for writes: loaded on the first one


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


class NoteService:
    def __init__(self, db: Database, templates: TemplateLibrary):
        self._db = db
        self._templates = templates

    # -- notes -------------------------------------------------------------
    def create(
        self, event_id: int, template_id: str, notetakers: Sequence[str] = (), uid: str = ""
    ) -> Changed[Note]:
        template = self._templates.get(template_id)
        with self._db.session() as s:
            if s.get(orm.EventRow, event_id) is None:
                raise NotFound(_("There is no event {id}.").format(id=event_id))
            row = orm.NoteRow(
                uid=uid or new_uid(),
                event_id=event_id,
                template_id=template.id,
                template_version=template.version,
                status=NoteStatus.CAPTURING.value,
                notetakers=_clean_names(notetakers),
            )
            s.add(row)
            s.flush()
            note_id = row.id
        return Changed(self.get(note_id), ChangeSet(events=frozenset({event_id}), notes=frozenset({note_id})))

    def get(self, note_id: int) -> Note:
        with self._db.reading() as con:
            note = reads.note(con, note_id)
        if note is None:
            raise NotFound(_("There is no note {id}.").format(id=note_id))
        return note

    def find_by_uid(self, uid: str) -> NoteSummary | None:
        with self._db.reading() as con:
            return reads.note_summary_by_uid(con, uid)

    def delegations_used(self, event_id: int) -> set[str]:
        """Every delegation credited, or spoken for, in the notes of an event."""
        with self._db.reading() as con:
            return reads.delegations_used(con, event_id)

    def update(
        self,
        note_id: int,
        *,
        notetakers: Sequence[str] = UNSET,
        status: NoteStatus = UNSET,
        locked: bool = UNSET,
        clock_started_at: datetime | None = UNSET,
        clock_paused_at: datetime | None = UNSET,
    ) -> Changed[NoteSummary]:
        """Change a note's facts; a locked note only accepts being unlocked."""
        with self._db.session() as s:
            row = self._note_row(s, note_id)
            if locked is not UNSET:
                row.locked = bool(locked)
            elif row.locked:
                raise ValidationError(_("This note is locked; unlock it to change it."))
            if notetakers is not UNSET:
                row.notetakers = _clean_names(notetakers)
            if status is not UNSET:
                row.status = NoteStatus(status).value
            if clock_started_at is not UNSET:
                row.clock_started_at = clock_started_at
            if clock_paused_at is not UNSET:
                row.clock_paused_at = clock_paused_at
            row.updated_at = orm.utcnow()
            s.flush()
            summary = note_summary_from_row(row)
        return Changed(summary, ChangeSet(events=frozenset({summary.event_id}), notes=frozenset({note_id})))

    def delete(self, note_id: int) -> Changed[None]:
        with self._db.session() as s:
            row = self._note_row(s, note_id)
            event_id = row.event_id
            s.delete(row)
        return Changed(None, ChangeSet(events=frozenset({event_id}), notes=frozenset({note_id})))

    # -- items -------------------------------------------------------------
    def add_item(
        self,
        note_id: int,
        section: str,
        *,
        body: RichText | None = None,
        delegations: Sequence[str] = (),
        person: str = "",
        spoken_at: datetime | None = None,
        author: str = "",
        on_behalf_of: str | None = None,
        provenance: Sequence[Provenance] = (),
        position: int | None = None,
        uid: str = "",
    ) -> Changed[Item]:
        """Insert an item at ``position`` (appended when ``None``) of a section."""
        with self._db.session() as s:
            note = self._note_row(s, note_id, for_writing=True)
            spec = self._section_spec(note, section)
            if spec.kind is SectionKind.TEXT and s.scalar(
                orm.select(orm.func.count()).select_from(orm.ItemRow).where(orm.ItemRow.note_id == note_id, orm.ItemRow.section == section)
            ):
                raise ValidationError(_("A text section holds a single body; edit it instead."))
            siblings = self._section_rows(s, note_id, section)
            index = len(siblings) if position is None else max(0, min(position, len(siblings)))
            now = orm.utcnow()
            row = orm.ItemRow(
                uid=uid or new_uid(),
                note_id=note_id,
                section=section,
                body=(body or RichText()).to_json(),
                person=person,
                spoken_at=spoken_at,
                author=author,
                on_behalf_of=self._known_code(s, on_behalf_of),
                provenance=provenance_to_data(tuple(provenance)),
                created_at=now,
                modified_at=now,
            )
            siblings.insert(index, row)
            s.add(row)
            self._renumber(siblings)
            s.flush()
            self._set_delegations(s, row, delegations)
            note.updated_at = now
            s.flush()
            item = item_from_row(row)
        return Changed(item, ChangeSet(content=frozenset({note_id}), items=frozenset({item.id})))

    def text_body(self, note_id: int, section: str) -> Item:
        """The single item holding a text section's body, created empty on first use."""
        with self._db.session() as s:
            row = s.scalar(
                orm.select(orm.ItemRow)
                .where(orm.ItemRow.note_id == note_id, orm.ItemRow.section == section)
                .options(orm.selectinload(orm.ItemRow.attributions))
            )
            if row is not None:
                return item_from_row(row)
        return self.add_item(note_id, section).value

    def update_item(
        self,
        item_id: int,
        *,
        body: RichText = UNSET,
        delegations: Sequence[str] = UNSET,
        person: str = UNSET,
        spoken_at: datetime | None = UNSET,
        author: str = UNSET,
        on_behalf_of: str | None = UNSET,
    ) -> Changed[Item]:
        with self._db.session() as s:
            row = self._item_row(s, item_id, for_writing=True)
            if body is not UNSET:
                row.body = body.to_json()
            if person is not UNSET:
                row.person = person
            if spoken_at is not UNSET:
                row.spoken_at = spoken_at
            if author is not UNSET:
                row.author = author
            if on_behalf_of is not UNSET:
                row.on_behalf_of = self._known_code(s, on_behalf_of)
            if delegations is not UNSET:
                self._set_delegations(s, row, delegations)
            now = orm.utcnow()
            row.modified_at = now
            row.note.updated_at = now
            s.flush()
            s.refresh(row, ["attributions"])
            item = item_from_row(row)
            note_id = row.note_id
        return Changed(item, ChangeSet(content=frozenset({note_id}), items=frozenset({item_id})))

    def move_item(self, item_id: int, position: int) -> Changed[Item]:
        with self._db.session() as s:
            row = self._item_row(s, item_id, for_writing=True)
            siblings = [r for r in self._section_rows(s, row.note_id, row.section) if r.id != item_id]
            siblings.insert(max(0, min(position, len(siblings))), row)
            self._renumber(siblings)
            s.flush()
            item = item_from_row(row)
            note_id = row.note_id
        return Changed(item, ChangeSet(content=frozenset({note_id}), items=frozenset(r.id for r in siblings)))

    def remove_item(self, item_id: int) -> Changed[None]:
        with self._db.session() as s:
            row = self._item_row(s, item_id, for_writing=True)
            note_id, section = row.note_id, row.section
            s.delete(row)
            s.flush()
            self._renumber(self._section_rows(s, note_id, section))
        return Changed(None, ChangeSet(content=frozenset({note_id}), removed_items=frozenset({item_id})))

    # -- helpers -----------------------------------------------------------
    def _note_row(self, s: Session, note_id: int, for_writing: bool = False) -> NoteRow:
        row = s.get(orm.NoteRow, note_id)
        if row is None:
            raise NotFound(_("There is no note {id}.").format(id=note_id))
        if for_writing and row.locked:
            raise ValidationError(_("This note is locked; unlock it to change it."))
        return row

    def _item_row(self, s: Session, item_id: int, for_writing: bool = False) -> ItemRow:
        row = s.get(orm.ItemRow, item_id)
        if row is None:
            raise NotFound(_("There is no item {id}.").format(id=item_id))
        if for_writing and row.note.locked:
            raise ValidationError(_("This note is locked; unlock it to change it."))
        return row

    @staticmethod
    def _known_code(s: Session, code: str | None) -> str | None:
        if code and s.get(orm.DelegationRow, code) is None:
            raise ValidationError(_("Unknown delegation: {codes}").format(codes=code))
        return code or None

    def _section_spec(self, note: NoteRow, section: str) -> Any:
        template = self._templates.get(note.template_id)
        try:
            spec = template.section(section)
        except KeyError:
            raise ValidationError(_("The template has no section '{key}'.").format(key=section)) from None
        if spec.kind is SectionKind.GROUP:
            raise ValidationError(_("'{key}' is a group of sections and holds no items.").format(key=section))
        return spec

    @staticmethod
    def _section_rows(s: Session, note_id: int, section: str) -> list[ItemRow]:
        return list(
            s.scalars(
                orm.select(orm.ItemRow)
                .where(orm.ItemRow.note_id == note_id, orm.ItemRow.section == section)
                .order_by(orm.ItemRow.position, orm.ItemRow.id)
            ).all()
        )

    @staticmethod
    def _renumber(rows: list[ItemRow]) -> None:
        for index, r in enumerate(rows):
            if r.position != index:
                r.position = index

    @staticmethod
    def _set_delegations(s: Session, row: ItemRow, codes: Sequence[str]) -> None:
        unique = list(dict.fromkeys(codes))
        if unique:
            known = set(s.scalars(orm.select(orm.DelegationRow.code).where(orm.DelegationRow.code.in_(unique))))
            missing = [c for c in unique if c not in known]
            if missing:
                raise ValidationError(_("Unknown delegation: {codes}").format(codes=", ".join(missing)))
        row.attributions.clear()
        s.flush()
        row.attributions.extend(
            orm.ItemDelegationRow(delegation_code=code, position=i) for i, code in enumerate(unique)
        )


def _clean_names(names: Sequence[str]) -> list[str]:
    return [n.strip() for n in names if n and n.strip()]
